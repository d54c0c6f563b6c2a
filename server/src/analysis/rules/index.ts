import { concurrentOperation } from "./concurrentOperation";
import { duplicateBind } from "./duplicateBind";
import { exposedWithoutSecurity } from "./exposedWithoutSecurity";
import { incompatibleSocketTypes } from "./incompatibleSocketTypes";
import { inprocAcrossProcesses } from "./inprocAcrossProcesses";
import { missingEnvelopeDelimiter } from "./missingEnvelopeDelimiter";
import { missingLinger } from "./missingLinger";
import { missingTimeout } from "./missingTimeout";
import { optionAfterConnect } from "./optionAfterConnect";
import { reqRepLockstep } from "./reqRepLockstep";
import { routerUnroutable } from "./routerUnroutable";
import type { Rule } from "./rule";
import { subWithoutSubscribe } from "./subWithoutSubscribe";
import { tcpWithinProcess } from "./tcpWithinProcess";
import { topologyDrift } from "./topologyDrift";
import { unclosedSocket } from "./unclosedSocket";
import { unhandledError } from "./unhandledError";
import { unmatchedEndpoint } from "./unmatchedEndpoint";
import { unsupportedOperation } from "./unsupportedOperation";

/** Every rule, in documentation order (the numbering). */
export const RULES: readonly Rule[] = [
  incompatibleSocketTypes,
  missingTimeout,
  missingLinger,
  tcpWithinProcess,
  inprocAcrossProcesses,
  exposedWithoutSecurity,
  unmatchedEndpoint,
  duplicateBind,
  unclosedSocket,
  unhandledError,
  concurrentOperation,
  reqRepLockstep,
  routerUnroutable,
  subWithoutSubscribe,
  unsupportedOperation,
  optionAfterConnect,
  missingEnvelopeDelimiter,
  topologyDrift,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
