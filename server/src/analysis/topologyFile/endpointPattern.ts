/**
 * Endpoints as patterns: a declared endpoint's `{placeholder}` parts and a code endpoint's unresolved
 * `${expr}` parts each stand for any text, so two endpoints match when some address fits both.
 */

type Part = { literal: string } | { wildcard: string };

const TRANSPORT_PREFIX = /^[A-Za-z][A-Za-z0-9-]*:\/\//;

/** Whether an endpoint starts with its transport (`tcp://`, `inproc://`, ...): otherwise nothing in it can be compared. */
export function hasTransport(text: string): boolean {
  return TRANSPORT_PREFIX.test(text.trim());
}

const DECLARED_PLACEHOLDER = /\{([^{}]*)\}/g;
const CODE_PLACEHOLDER = /\$\{([^{}]*)\}/g;

export function declaredParts(text: string): Part[] {
  return partsOf(text, DECLARED_PLACEHOLDER);
}

export function codeParts(text: string): Part[] {
  return partsOf(text, CODE_PLACEHOLDER);
}

function partsOf(text: string, placeholder: RegExp): Part[] {
  const parts: Part[] = [];
  let last = 0;
  for (const m of text.matchAll(placeholder)) {
    if (m.index > last) parts.push({ literal: normalize(text.slice(last, m.index), last === 0) });
    parts.push({ wildcard: m[1]! });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ literal: normalize(text.slice(last), last === 0) });
  return parts;
}

/** The transport is case-insensitive in libzmq (`TCP://` works); the rest is compared as written. */
function normalize(literal: string, atStart: boolean): string {
  if (!atStart) return literal;
  const scheme = literal.indexOf("://");
  return scheme < 0 ? literal : literal.slice(0, scheme).toLowerCase() + literal.slice(scheme);
}

/** Whether some text fits both patterns. */
export function endpointsMatch(declared: string, code: string): boolean {
  return intersects(expand(declaredParts(declared)), expand(codeParts(code.trim())));
}

type Symbol = string | typeof ANY;
const ANY = Symbol("any");

function expand(parts: Part[]): Symbol[] {
  const out: Symbol[] = [];
  for (const p of parts) {
    if ("wildcard" in p) {
      if (out[out.length - 1] !== ANY) out.push(ANY);
    } else out.push(...p.literal);
  }
  return out;
}

/** Two star patterns share a word: dynamic programming over both positions (endpoints are short). */
function intersects(a: Symbol[], b: Symbol[]): boolean {
  const memo = new Map<number, boolean>();
  const width = b.length + 1;
  const go = (i: number, j: number): boolean => {
    const key = i * width + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === a.length && j === b.length) result = true;
    else if (i < a.length && a[i] === ANY) result = go(i + 1, j) || (j < b.length && go(i, j + 1));
    else if (j < b.length && b[j] === ANY) result = go(i, j + 1) || (i < a.length && go(i + 1, j));
    else result = i < a.length && j < b.length && a[i] === b[j] && go(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

/**
 * The value each placeholder of `declared` takes in a code endpoint, or undefined when the code endpoint
 * does not fit. A placeholder whose text overlaps an unresolved `${expr}` part of the code takes no known
 * value and is left out: `tcp://${process.env.HOST}:5556` still gives `{port}` 5556 in `tcp://{host}:{port}`.
 */
export function placeholderValues(declared: string, code: string): Map<string, string> | undefined {
  const names: string[] = [];
  const source = declaredParts(declared).map((p) => {
    if ("literal" in p) return escapeRegExp(p.literal);
    names.push(p.wildcard);
    // One part of the address: a bracketed IPv6 host, or text without `:` and `/` (unresolved parts may hold them).
    return "(\\[[^\\]]*\\]|(?:\\$\\{[^{}]*\\}|[^/:])+?)";
  }).join("");
  const text = normalizeWhole(code.trim());
  const m = new RegExp(`^${source}$`, "sd").exec(text);
  if (!m) return undefined;
  const unresolved = [...text.matchAll(CODE_PLACEHOLDER)].map((u) => [u.index, u.index + u[0].length] as const);
  const values = new Map<string, string>();
  for (let k = 0; k < names.length; k++) {
    const [start, end] = m.indices![k + 1]!;
    if (unresolved.some(([a, b]) => start < b && a < end)) continue;
    const previous = values.get(names[k]!);
    if (previous !== undefined && previous !== m[k + 1]) return undefined;
    values.set(names[k]!, m[k + 1]!);
  }
  return values;
}

function normalizeWhole(text: string): string {
  return normalize(text, true);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
