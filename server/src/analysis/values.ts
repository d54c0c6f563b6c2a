import type { ts } from "./ts";

/** What the evaluator knows about an expression's value. */
export type Value =
  | { kind: "string"; text: string; exact: boolean; env: string[] }
  /** `env`: environment variables that can override the number (`Number(process.env.PORT ?? "5555")`). */
  | { kind: "number"; value: number; env?: string[] }
  | { kind: "boolean"; value: boolean }
  | { kind: "null" }
  /** `complete`: every property is known (no unknown spreads or computed keys), so a missing one is undefined. */
  | { kind: "object"; props: Map<string, Thunk>; complete?: boolean }
  | { kind: "array"; items: Thunk[] }
  | { kind: "function"; node: ts.FunctionLikeDeclaration }
  | { kind: "class"; node: ts.ClassLikeDeclaration }
  | { kind: "module"; file: string }
  | { kind: "builtin"; name: "path" | "process.env" }
  /** A `new zmq.Context()`; `id` is its creation key. */
  | { kind: "context"; id: string }
  /** The zeromq module (`path` empty) or a member of it: a class, `socket`, `context`, a `ZMQ_*` constant. */
  | { kind: "zmq"; pkg: string; path: string[] }
  /** Not known statically; `text` is the source text kept as a `${...}` placeholder. */
  | { kind: "unknown"; text: string; env: string[] };

/** A value evaluated on demand: an expression in the environment where it appeared. */
export type Thunk = { expr: ts.Expression; env: Env } | { value: Value };

/**
 * Bindings made by the call sites and loops the analysis follows: parameters, and `for (const x of ...)`
 * variables, each to the argument or element it takes.
 */
export type Env = ReadonlyMap<ts.Node, Thunk>;

export const EMPTY_ENV: Env = new Map();

export function unknown(text: string, env: string[] = []): Value {
  return { kind: "unknown", text, env };
}

export function str(text: string, exact = true, env: string[] = []): Value {
  return { kind: "string", text, exact, env };
}

/** The value as text, with what is unknown kept as `${...}`. */
export function toText(value: Value): { text: string; exact: boolean; env: string[] } {
  switch (value.kind) {
    case "string": return { text: value.text, exact: value.exact, env: value.env };
    case "number": return { text: String(value.value), exact: true, env: value.env ?? [] };
    case "boolean": return { text: String(value.value), exact: true, env: [] };
    case "unknown": return { text: `\${${value.text}}`, exact: false, env: value.env };
    case "null": return { text: "${undefined}", exact: false, env: [] };
    default: return { text: "${?}", exact: false, env: [] };
  }
}

export function sameValue(a: Value, b: Value): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === "string" && b.kind === "string") return a.text === b.text && a.exact === b.exact;
  if (a.kind === "number" && b.kind === "number") return a.value === b.value;
  if (a.kind === "boolean" && b.kind === "boolean") return a.value === b.value;
  if (a.kind === "null") return true;
  return false;
}

/** An option's value as reported: a literal, or null when it cannot be known statically. */
export function optionValue(v: Value): string | number | boolean | null {
  if (v.kind === "number" || v.kind === "boolean") return v.value;
  if (v.kind === "string" && v.exact) return v.text;
  return null;
}

export function num(value: number, env: string[] = []): Value {
  return env.length ? { kind: "number", value, env } : { kind: "number", value };
}

/** Whether the value is truthy, when that is known statically. */
export function truthiness(v: Value): boolean | undefined {
  switch (v.kind) {
    case "string": return v.exact ? v.text !== "" : undefined;
    case "number": return v.value !== 0 && !Number.isNaN(v.value);
    case "boolean": return v.value;
    case "null": return false;
    case "unknown": return undefined;
    default: return true;
  }
}

/** `a === b` for known primitives; undefined when either side is not known. */
export function strictEquals(a: Value, b: Value): boolean | undefined {
  if (a.kind === "unknown" || b.kind === "unknown") return undefined;
  if (a.kind === "string" && b.kind === "string") return a.exact && b.exact ? a.text === b.text : undefined;
  if (a.kind === "number" && b.kind === "number") return a.value === b.value;
  if (a.kind === "boolean" && b.kind === "boolean") return a.value === b.value;
  if (a.kind === "null" && b.kind === "null") return true;
  const primitive = (k: Value["kind"]) => k === "string" || k === "number" || k === "boolean" || k === "null";
  if (primitive(a.kind) && primitive(b.kind)) return false;
  return undefined;
}

/** `env` plus `fn`'s parameters bound to the arguments of one call (evaluated where the call is). */
export function withArguments(fn: ts.SignatureDeclarationBase, args: readonly ts.Expression[] | undefined, env: Env): Map<ts.Node, Thunk> {
  const inner = new Map<ts.Node, Thunk>(env);
  fn.parameters.forEach((p, i) => {
    const arg = args?.[i];
    if (arg && !p.dotDotDotToken) inner.set(p, { expr: arg, env });
    // A call that leaves out an argument gets the default: nothing to look for at other call sites.
    else if (!arg && p.initializer) inner.set(p, { expr: p.initializer, env: inner });
  });
  return inner;
}
