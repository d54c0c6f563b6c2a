import { incompatibleSocketTypes } from "./incompatibleSocketTypes";
import { missingEnvelopeDelimiter } from "./missingEnvelopeDelimiter";
import { routerUnroutable } from "./routerUnroutable";
import { subWithoutSubscribe } from "./subWithoutSubscribe";
import { unclosedSocket } from "./unclosedSocket";
import type { Rule } from "./rule";

/** Every rule, in documentation order. */
export const RULES: readonly Rule[] = [incompatibleSocketTypes, unclosedSocket, routerUnroutable, subWithoutSubscribe, missingEnvelopeDelimiter];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
