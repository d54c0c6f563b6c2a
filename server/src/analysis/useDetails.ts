import { enclosingFunction, isFunctionLike, semanticParent, skipTypeWrappers } from "./ast";
import { orderUses } from "./flow";
import type { FrameShape, PromiseOutcome, SocketUse } from "./model";
import { referencesTo } from "./scope";
import { ts } from "./ts";
import type { Value } from "./values";

/** What becomes of the value of `call` (a promise in zeromq.js v6). */
export function promiseOutcome(call: ts.Expression): PromiseOutcome {
  let node: ts.Node = call;
  // `.catch(...)` handles a rejection; what becomes of the chain still decides whether the code waits for it.
  let caught = false;
  const settled = (outcome: PromiseOutcome): PromiseOutcome =>
    caught && outcome !== "awaited" && outcome !== "returned" ? "caught" : outcome;
  for (;;) {
    const parent = node.parent;
    if (!parent) return settled("ignored");
    if (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent) || ts.isSatisfiesExpression(parent)) {
      node = parent;
      continue;
    }
    if (ts.isAwaitExpression(parent)) return "awaited";
    if (ts.isVoidExpression(parent)) return settled("voided");
    if (ts.isReturnStatement(parent) || (ts.isArrowFunction(parent) && parent.body === node)) return "returned";
    if (ts.isExpressionStatement(parent)) return settled("ignored");
    // `p.catch(...)`, `p.then(ok, fail)`; `p.then(ok)` and `p.finally(...)` pass a rejection on to their own result.
    if (ts.isPropertyAccessExpression(parent) && parent.expression === node && ts.isCallExpression(parent.parent) && parent.parent.expression === parent) {
      const method = parent.name.text;
      const args = parent.parent.arguments;
      if (method === "catch" || method === "then" || method === "finally") {
        if (method === "catch" || (method === "then" && args.length >= 2)) caught = true;
        node = parent.parent;
        continue;
      }
      return settled("stored");
    }
    if (ts.isArrayLiteralExpression(parent) && isAwaitedGathering(parent)) return settled("gathered");
    if (ts.isCallExpression(parent) || ts.isNewExpression(parent) || ts.isArrayLiteralExpression(parent) || ts.isSpreadElement(parent)) return settled("passed");
    if (ts.isConditionalExpression(parent) && parent.condition !== node) {
      node = parent;
      continue;
    }
    return settled("stored");
  }
}

/** `await Promise.all([...])` / `allSettled`: every element has settled when the statement goes on. */
function isAwaitedGathering(array: ts.ArrayLiteralExpression): boolean {
  const call = array.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== array || !ts.isPropertyAccessExpression(call.expression)) return false;
  const { expression: target, name } = call.expression;
  return ts.isIdentifier(target) && target.text === "Promise" && (name.text === "all" || name.text === "allSettled") && promiseOutcome(call) === "awaited";
}

/** The `Promise.all(...)` call a gathered use's promise is an element of. */
export function gatheringOf(node: ts.Node): ts.CallExpression | undefined {
  for (let n: ts.Node | undefined = node.parent; n && !isFunctionLike(n); n = n.parent) {
    if (ts.isArrayLiteralExpression(n) && ts.isCallExpression(n.parent) && isAwaitedGathering(n)) return n.parent;
  }
  return undefined;
}

/**
 * The frames a `send` argument shows: an array literal frame by frame, any other value as one frame,
 * undefined when the argument may be an array the code builds elsewhere.
 */
export function sentFrames(arg: ts.Expression, evaluate: (e: ts.Expression) => Value): FrameShape[] | undefined {
  const e = skipTypeWrappers(arg);
  if (ts.isArrayLiteralExpression(e)) {
    if (e.elements.some(ts.isSpreadElement)) return undefined;
    return e.elements.map((el) => frameShape(el, evaluate));
  }
  const value = evaluate(e);
  if (value.kind === "string" || value.kind === "number" || value.kind === "boolean") return [frameShape(e, evaluate)];
  if (ts.isStringLiteralLike(e) || ts.isTemplateExpression(e) || ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) return ["value"];
  if (isBufferFactory(e)) return [isEmptyBuffer(e) ? "empty" : "value"];
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === "stringify") return ["value"];
  return undefined;
}

function frameShape(el: ts.Expression, evaluate: (e: ts.Expression) => Value): FrameShape {
  const e = skipTypeWrappers(el);
  if (isBufferFactory(e)) return isEmptyBuffer(e) ? "empty" : "value";
  const v = evaluate(e);
  if (v.kind === "string") return v.exact ? (v.text === "" ? "empty" : "value") : v.text.replace(/\$\{[^}]*\}/g, "") !== "" ? "value" : "unknown";
  if (v.kind === "number" || v.kind === "boolean") return "value";
  return "unknown";
}


/** `Buffer.alloc(n)`, `Buffer.from(x)`, `new Uint8Array(n)`. */
function isBufferFactory(e: ts.Expression): e is ts.CallExpression | ts.NewExpression {
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && ts.isIdentifier(e.expression.expression)) {
    return e.expression.expression.text === "Buffer" && ["alloc", "from", "allocUnsafe"].includes(e.expression.name.text);
  }
  return ts.isNewExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === "Uint8Array";
}

function isEmptyBuffer(e: ts.CallExpression | ts.NewExpression): boolean {
  const arg = e.arguments?.[0];
  if (!arg) return ts.isNewExpression(e);
  return (ts.isNumericLiteral(arg) && arg.text === "0") || (ts.isStringLiteralLike(arg) && arg.text === "") ||
    (ts.isArrayLiteralExpression(arg) && arg.elements.length === 0);
}

/** Whether a callback reads its first parameter (the error of v5 `bind(ep, (err) => ...)`). */
export function callbackReadsError(callback: ts.Expression): boolean | undefined {
  const fn = skipTypeWrappers(callback);
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
  const first = fn.parameters[0];
  if (!first) return false;
  if (!ts.isIdentifier(first.name)) return true;
  return referencesTo(first, first.name.text, fn.body).length > 0;
}

const TIMERS = new Set(["setTimeout", "setInterval", "setImmediate"]);
const ARRAY_ITERATION = new Set(["forEach", "map", "flatMap", "filter", "some", "every"]);

/** Where the function around a use is handed: a timer, or an array method that runs it for every element. */
export function callbackContext(node: ts.Node): { inTimer: boolean; concurrentRepeat: boolean } {
  const fn = enclosingFunction(node);
  if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return { inTimer: false, concurrentRepeat: false };
  const { parent } = semanticParent(fn);
  if (!ts.isCallExpression(parent) || !parent.arguments.includes(fn)) return { inTimer: false, concurrentRepeat: false };
  const callee = parent.expression;
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : "";
  return { inTimer: TIMERS.has(name), concurrentRepeat: ARRAY_ITERATION.has(name) && ts.isPropertyAccessExpression(callee) };
}

/** The id of a function body (or a file's top level) that `SocketUse.scope` holds. */
export function scopeId(scope: ts.Node): string {
  return `${scope.getSourceFile().fileName}:${isFunctionLike(scope) ? scope.getStart() : 0}`;
}

/** Fills `previous` and `scope` of each use: the order of a socket's uses inside each function body. */
export function assignOrder(uses: SocketUse[], nodes: ts.Node[]): void {
  const byScope = new Map<ts.Node, Map<ts.Node, number>>();
  nodes.forEach((node, i) => {
    const scope = enclosingFunction(node) ?? node.getSourceFile();
    let group = byScope.get(scope);
    if (!group) byScope.set(scope, (group = new Map()));
    if (!group.has(node)) group.set(node, i);
  });
  for (const [scope, group] of byScope) {
    const id = scopeId(scope);
    const order = orderUses(scope, group);
    for (const index of group.values()) {
      const use = uses[index]!;
      use.scope = id;
      const prev = order?.get(index);
      // A use the walk never reached (unreachable code) has no known predecessor.
      if (order) use.previous = prev ? [...prev].sort((a, b) => a - b) : [];
    }
  }
}

