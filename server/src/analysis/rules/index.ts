import { concurrentOperation } from "./concurrentOperation";
import { incompatibleSocketTypes } from "./incompatibleSocketTypes";
import { reqRepLockstep } from "./reqRepLockstep";
import type { Rule } from "./rule";
import { unhandledError } from "./unhandledError";
import { unsupportedOperation } from "./unsupportedOperation";

/** Every rule, in documentation order. */
export const RULES: readonly Rule[] = [incompatibleSocketTypes, unhandledError, concurrentOperation, reqRepLockstep, unsupportedOperation];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
