import { duplicateBind } from "./duplicateBind";
import { exposedWithoutSecurity } from "./exposedWithoutSecurity";
import { incompatibleSocketTypes } from "./incompatibleSocketTypes";
import { missingEnvelopeDelimiter } from "./missingEnvelopeDelimiter";
import { routerUnroutable } from "./routerUnroutable";
import { subWithoutSubscribe } from "./subWithoutSubscribe";
import { unclosedSocket } from "./unclosedSocket";
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
  unclosedSocket,
  routerUnroutable,
  subWithoutSubscribe,
  missingEnvelopeDelimiter,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
