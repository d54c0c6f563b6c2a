import { duplicateBind } from "./duplicateBind";
import { exposedWithoutSecurity } from "./exposedWithoutSecurity";
import { incompatibleSocketTypes } from "./incompatibleSocketTypes";
import { inprocAcrossProcesses } from "./inprocAcrossProcesses";
import type { Rule } from "./rule";
import { tcpWithinProcess } from "./tcpWithinProcess";
import { unmatchedEndpoint } from "./unmatchedEndpoint";

/** Every rule, in documentation order. */
export const RULES: readonly Rule[] = [
  incompatibleSocketTypes,
  tcpWithinProcess,
  inprocAcrossProcesses,
  exposedWithoutSecurity,
  unmatchedEndpoint,
  duplicateBind,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
