/**
 * Helpers shared by the rules that reason about the order of a socket's uses (unhandled-error,
 * concurrent-operation, req-rep-lockstep, unsupported-operation): the syntax node of a use, walks over
 * `previous`, and the few syntactic facts the order alone does not give (an `await` in between, the
 * socket handed to other code or re-assigned).
 */
import { enclosingFunction, forEachDescendant, isFunctionLike, isWriteTarget, skipTypeWrappers } from "../ast";
import type { Fix } from "../diagnostics";
import type { SocketUse, SourceLocation, ZmqSocket } from "../model";
import { ts } from "../ts";
import type { SourceAccess } from "./rule";
import { ENTRY } from "../flow";
import { expressionAt } from "../fixes";
import { startsBefore } from "./socketText";
import { nodeAt } from "./sourceNodes";
import { scopeId } from "../useDetails";

export { ENTRY };

/** A use's syntax: the call (or the `for await` expression) and the function body it runs in. */
export interface UseSite {
  sf: ts.SourceFile;
  node: ts.Node;
  /** The function whose body holds the use, or the source file for top-level code. */
  scope: ts.Node;
}



export function useSite(use: SocketUse, sources: SourceAccess): UseSite | undefined {
  const sf = sources.sourceFile(use.location.file);
  const node = sf && nodeAt(sources, use.location);
  if (!sf || !node) return undefined;
  return { sf, node, scope: enclosingFunction(node) ?? sf };
}

/** The id `assignOrder` gives the function (or file) body holding `node`. */
function scopeIdOf(node: ts.Node): string {
  const fn = enclosingFunction(node);
  return scopeId(fn ?? node.getSourceFile());
}

/**
 * The scope the socket comes into being in (where `new`, `zmq.socket()` or the outermost factory call
 * sits): before that point no use of it can have run. Undefined for a class field initializer (its uses
 * sit in methods called in any order) or when the source is not at hand.
 */
export function creationScopeId(socket: ZmqSocket, sources: SourceAccess): string | undefined {
  const sf = sources.sourceFile(socket.location.file);
  const node = sf && nodeAt(sources, socket.location);
  if (!node) return undefined;
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (isFunctionLike(n)) break;
    if (ts.isPropertyDeclaration(n) || ts.isClassStaticBlockDeclaration(n)) return undefined;
  }
  return scopeIdOf(node);
}

/** The expression the use calls a method on (`this.sock` in `this.sock.send(x)`), or iterates. */
export function receiverOf(site: UseSite): ts.Expression | undefined {
  const node = site.node;
  if (ts.isCallExpression(node)) {
    const callee = skipTypeWrappers(node.expression);
    if (ts.isPropertyAccessExpression(callee)) return skipTypeWrappers(callee.expression);
    if (ts.isElementAccessExpression(callee)) return skipTypeWrappers(callee.expression);
    return undefined;
  }
  return ts.isExpression(node) ? skipTypeWrappers(node) : undefined;
}


/**
 * Whether the socket, as the use names it, is handed to other code (an argument, an array or object
 * element, a returned or stored value) or assigned a new socket anywhere in `scope`, nested callbacks
 * included: uses the analysis does not see, or another socket, could then run in between.
 */
export function handedOffOrReassigned(scope: ts.Node, receiver: ts.Expression): boolean {
  const text = receiver.getText();
  let known = handOffAnswers.get(scope);
  if (!known) handOffAnswers.set(scope, (known = new Map()));
  let answer = known.get(text);
  if (answer === undefined) known.set(text, (answer = findHandOffOrReassignment(scope, text)));
  return answer;
}

/** Answers per scope node and receiver text: several rules ask about each socket, and syntax trees never change. */
const handOffAnswers = new WeakMap<ts.Node, Map<string, boolean>>();

function findHandOffOrReassignment(scope: ts.Node, text: string): boolean {
  // The last name of the receiver text (`jobs` of `this.jobs`): a cheap test before comparing whole texts.
  const lastName = text.slice(text.lastIndexOf(".") + 1);
  let found = false;
  forEachDescendant(scope, (node) => {
    if (found) return false;
    if (ts.isIdentifier(node)) {
      if (node.text !== lastName) return;
    } else if (ts.isPropertyAccessExpression(node)) {
      if (node.name.text !== lastName) return;
    } else if (node.kind !== ts.SyntaxKind.ThisKeyword || text !== "this") {
      return;
    }
    if (node.getText() !== text) return;
    const expr = node as ts.Expression;
    let child: ts.Node = expr;
    let parent = expr.parent;
    while (parent && (ts.isParenthesizedExpression(parent) || ts.isNonNullExpression(parent) || ts.isAsExpression(parent) || ts.isAwaitExpression(parent))) {
      child = parent;
      parent = parent.parent;
    }
    if (!parent) return false;
    if (isWriteTarget(expr)) found = true;
    else if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === child) return false;
    else if (ts.isForOfStatement(parent) && parent.expression === child) return false;
    else if (ts.isCallExpression(parent) || ts.isNewExpression(parent) || ts.isArrayLiteralExpression(parent) || ts.isSpreadElement(parent) ||
        (ts.isPropertyAssignment(parent) && parent.initializer === child) || ts.isShorthandPropertyAssignment(parent) || ts.isReturnStatement(parent) ||
        (ts.isVariableDeclaration(parent) && parent.initializer === child) || (ts.isArrowFunction(parent) && parent.body === child) ||
        (ts.isBinaryExpression(parent) && parent.right === child && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken)) {
      found = true;
    }
    return false;
  });
  return found;
}

/**
 * Whether an `await` (or `yield`, or a `for await` loop) sits in `root`, nested functions aside, entirely
 * within `[from, to)` when given: `await sock.send(x)` at `to` does not count, its call runs first.
 */
export function hasAwait(root: ts.Node, from = -Infinity, to = Infinity): boolean {
  let found = false;
  forEachDescendant(root, (node) => {
    if (found || isFunctionLike(node) || ts.isClassLike(node)) return false;
    const start = node.getStart();
    if (node.end <= from || start >= to) return false;
    if ((ts.isAwaitExpression(node) || ts.isYieldExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier)) && start >= from && node.end <= to) found = true;
    return !found;
  });
  return found;
}

/** The innermost loop around `node` inside `scope`. */
export function innermostLoop(node: ts.Node, scope: ts.Node): ts.IterationStatement | undefined {
  for (let n = node.parent; n && n !== scope; n = n.parent) {
    if (isFunctionLike(n)) return undefined;
    if (ts.isIterationStatement(n, false)) return n;
  }
  return undefined;
}

/**
 * The use comes around again in a loop (only uses the classifier lets "through" in between) with
 * nothing awaited in the loop: the next iteration's call runs while this one is still pending.
 */
export function repeatsWithoutAwait(uses: readonly SocketUse[], index: number, site: UseSite, through: (use: SocketUse) => boolean): boolean {
  const reached = walkBack(uses, index, (u, i) => (i === index ? "found" : through(u) ? "through" : "stop"));
  if (!reached?.has(index)) return false;
  const loop = innermostLoop(site.node, site.scope);
  return loop !== undefined && !(ts.isForOfStatement(loop) && loop.awaitModifier) && !hasAwait(loop);
}

/** What a walk back over `previous` does at one use. */
type Step = "found" | "stop" | "through";

/**
 * Walks back from `uses[start]` over `previous`, passing "through" uses, and collects the uses the
 * classifier finds (and ENTRY when the start of the scope is reached that way). Undefined when some
 * order on the way is unknown.
 */
export function walkBack(uses: readonly SocketUse[], start: number, classify: (use: SocketUse, index: number) => Step): Set<number> | undefined {
  const first = uses[start]?.previous;
  if (!first) return undefined;
  const found = new Set<number>();
  const seen = new Set<number>();
  const stack = [...first];
  while (stack.length > 0) {
    const i = stack.pop()!;
    if (seen.has(i)) continue;
    seen.add(i);
    if (i === ENTRY) {
      found.add(ENTRY);
      continue;
    }
    const use = uses[i];
    if (!use) continue;
    const step = classify(use, i);
    if (step === "found") found.add(i);
    else if (step === "through") {
      if (!use.previous) return undefined;
      stack.push(...use.previous);
    }
  }
  return found;
}

/** How soon a send on this socket can fail to complete at once (zeromq.js then keeps it pending). */
export type SendBlocking =
  /** PUB, ROUTER, ...: always writable (they drop); only zeromq.js' limit of 512 immediate operations in a row defers one. */
  | "never"
  /** Connected only: pipes exist at once, so a send waits only at the high-water mark. */
  | "at-hwm"
  /** Bound, or no connect seen: a send waits until a peer connects. */
  | "no-peer"
  /** REQ: not writable again until the reply arrives; REP: until the next request. */
  | "lockstep";

export function sendBlocking(socket: ZmqSocket): SendBlocking {
  switch (socket.type) {
    case "PUB":
    case "XPUB":
      // noDrop makes a PUB wait at the high-water mark instead of dropping.
      return optionValue(socket, "noDrop") === true ? "at-hwm" : "never";
    case "ROUTER": {
      const mandatory = optionValue(socket, "mandatory");
      if (mandatory === undefined || mandatory === false || mandatory === 0) return "never";
      return "no-peer";
    }
    case "XSUB":
    case "STREAM":
    case "SERVER":
    case "RADIO":
    case "DISH":
      return "never";
    case "REQ": {
      const relaxed = optionValue(socket, "relaxed");
      if (relaxed === undefined || relaxed === false || relaxed === 0) return "lockstep";
      break;
    }
    case "REP":
      return "lockstep";
  }
  const immediate = optionValue(socket, "immediate");
  if (socket.connects.length > 0 && socket.binds.length === 0 && immediate !== true && immediate !== 1) return "at-hwm";
  return "no-peer";
}


export function lineOf(loc: SourceLocation): string {
  return `line ${loc.line}`;
}

/** An option's value as set in code: undefined when never set, null when set to something the analysis cannot read. */
export function optionValue(socket: ZmqSocket, name: string): string | number | boolean | null | undefined {
  const set = socket.options.filter((o) => o.name === name);
  if (set.length === 0) return undefined;
  const values = new Set(set.map((o) => o.value));
  return values.size === 1 ? set[0]!.value : null;
}

/** The statement the call is the whole expression of (`sock.send(x);`, `sock.send(x).then(f);`). */
function expressionStatementOf(call: ts.Node): ts.ExpressionStatement | undefined {
  let node: ts.Node = call;
  for (;;) {
    const parent = node.parent;
    if (!parent) return undefined;
    if (ts.isExpressionStatement(parent)) return parent;
    if (ts.isParenthesizedExpression(parent)) {
      node = parent;
      continue;
    }
    // `sock.send(x).then(f)`: the chain's outer call.
    if (ts.isPropertyAccessExpression(parent) && parent.expression === node && ts.isCallExpression(parent.parent) && parent.parent.expression === parent &&
        (parent.name.text === "then" || parent.name.text === "finally")) {
      node = parent.parent;
      continue;
    }
    return undefined;
  }
}

/**
 * "Await the call": `await ` inserted before the statement's expression, when the call is a whole
 * expression statement directly inside an `async` function (not top-level code, where `await` depends on
 * the module format).
 */
export function awaitFix(site: UseSite, title: string): Fix | undefined {
  const statement = expressionStatementOf(site.node);
  const fn = enclosingFunction(site.node);
  if (!statement || !fn || !ts.getModifiers(fn)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) return undefined;
  const start = statement.expression.getStart(site.sf);
  return { title, kind: "quickfix", edits: [{ file: site.sf.fileName, start, end: start, newText: "await " }] };
}

/**
 * Whether every setting of `option` comes after `call` (a bind or connect) has taken effect: that bind
 * or connection runs without it. Constructor options always come first.
 */
export function setOnlyAfter(s: ZmqSocket, option: string, call: SocketUse, sources: SourceAccess): boolean {
  if (s.options.some((o) => o.name === option && o.via === "constructor")) return false;
  const settings = s.uses.flatMap((u, i) => (u.kind === "option" && u.option === option ? [i] : []));
  return settings.length > 0 && settings.every((i) => establishedBefore(s, i, sources).includes(call));
}

/**
 * The binds and connects that certainly ran before option use `i` on some path through its function,
 * with no disconnect, unbind or close in between. Only those written before the option count: one reached
 * over a loop's back edge belongs to an earlier iteration, where setting the option per connection is the point.
 */
export function establishedBefore(s: ZmqSocket, i: number, sources: SourceAccess): SocketUse[] {
  const target = s.uses[i]!;
  const found: SocketUse[] = [];
  const seen = new Set<number>();
  const stack = [...(target.previous ?? [])];
  while (stack.length > 0) {
    const p = stack.pop()!;
    if (p < 0 || seen.has(p)) continue;
    seen.add(p);
    const u = s.uses[p]!;
    if (u.kind === "disconnect" || u.kind === "unbind" || u.kind === "close") continue;
    if ((u.kind === "connect" || u.kind === "bind") && startsBefore(u.location, target.location) && completedBefore(s, u, sources)) found.push(u);
    stack.push(...(u.previous ?? []));
  }
  return found.sort((a, b) => (startsBefore(a.location, b.location) ? -1 : 1));
}

/**
 * Whether the bind or connect has taken effect by the next statement: connect always does; a v6 bind when
 * awaited or `bindSync`; a v5 / v5-compat bind only as `bindSync` (`bind` runs in the background: whether
 * an option set meanwhile reaches the listener is a race).
 */
function completedBefore(s: ZmqSocket, u: SocketUse, sources: SourceAccess): boolean {
  if (u.kind === "connect") return true;
  if (s.api === "v6") return u.outcome === undefined || u.outcome === "awaited" || u.outcome === "gathered";
  const sf = sources.sourceFile(u.location.file);
  const call = sf && expressionAt(sf, u.location);
  return !!call && ts.isCallExpression(call) && ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === "bindSync";
}
