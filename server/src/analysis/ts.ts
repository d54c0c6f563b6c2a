/**
 * The TypeScript compiler as shipped inside ts-morph. We parse with `ts.createSourceFile` only:
 * no Program and no type checker, so a scan costs about what reading and parsing the relevant files costs.
 */
import { ts } from "ts-morph";
export { ts };
