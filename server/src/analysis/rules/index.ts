import { incompatibleSocketTypes } from "./incompatibleSocketTypes";
import { missingLinger } from "./missingLinger";
import { missingTimeout } from "./missingTimeout";
import { optionAfterConnect } from "./optionAfterConnect";
import type { Rule } from "./rule";

/** Every rule, in documentation order. */
export const RULES: readonly Rule[] = [incompatibleSocketTypes, missingTimeout, missingLinger, optionAfterConnect];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
