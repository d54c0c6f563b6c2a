import { ts } from "./ts";
import { enclosingFunction, isFunctionLike, semanticParent } from "./ast";
import { callSitesOf, type CallSite } from "./callSites";
import type { Evaluator } from "./evaluate";
import { commonJsNamedExport } from "./exportTable";
import { exportedNameOf, type ImporterIndex } from "./references";
import { referencesTo, scopeOfDeclaration, type Declaration } from "./scope";
import type { Workspace } from "./workspace";

/** How far up the callers the walk goes, and how many functions it looks at: past that, "no". */
const MAX_DEPTH = 5;
const MAX_FUNCTIONS = 16;

/** A callback given to these runs for every tick, event, connection or element. */
const REPEATING_CALLEES = new Set(["setInterval", "on", "addListener", "prependListener", "createServer",
  "forEach", "map", "flatMap", "filter", "some", "every", "find", "reduce"]);
/** Web framework routes (`app.get("/path", handler)`): the handler runs per request. */
const ROUTE_METHODS = new Set(["get", "post", "put", "patch", "delete", "all", "head", "options"]);
/** A callback given to these runs once each time the code handing it over runs. */
const ONCE_CALLEES = new Set(["setTimeout", "setImmediate", "nextTick", "queueMicrotask", "then", "catch", "finally", "once"]);

/**
 * Whether the code that creates a socket can run an unbounded number of times in one program run: in a
 * loop, in a handler, in a function exported (or a method of an exported class) whose callers are not
 * in the workspace, or called from any of those. `frames` are the call sites the extraction followed
 * from the creation outwards. A function called only from module top level (`main()`) runs once.
 * Undecided (too deep, an unknown caller) is false.
 */
export function runsPerCall(creation: ts.Node, frames: readonly CallSite[], ev: Evaluator, ws: Workspace, index: ImporterIndex): boolean {
  const walk = new RepetitionWalk(ev, ws, index);
  let node = creation;
  for (const frame of frames) {
    if (walk.loopAround(node)) return true;
    // A `for...of` frame is one socket per element of a known array: that loop is bounded.
    node = frame.loop ? frame.outer.parent : frame.outer;
  }
  return walk.nodeRepeats(node, 0);
}

class RepetitionWalk {
  private readonly seen = new Set<ts.Node>();

  constructor(private readonly ev: Evaluator, private readonly ws: Workspace, private readonly index: ImporterIndex) {}

  /** Code at `node` runs repeatedly: a loop around it in its function, or its function does. */
  nodeRepeats(node: ts.Node, depth: number): boolean {
    if (this.loopAround(node)) return true;
    const fn = enclosingFunction(node);
    return fn !== undefined && this.functionRepeats(fn, depth);
  }

  /** A loop between `node` and its function (or file) that runs it more than a known number of times. */
  loopAround(node: ts.Node): boolean {
    for (let child = node, n = node.parent; n && !isFunctionLike(n) && !ts.isSourceFile(n); child = n, n = n.parent) {
      if (ts.isForStatement(n) && child !== n.initializer) return true;
      if ((ts.isWhileStatement(n) || ts.isDoStatement(n)) && child === n.statement) return true;
      if (ts.isForInStatement(n) && child === n.statement) return true;
      if (ts.isForOfStatement(n) && child === n.statement) {
        // `for (const x of ["a", "b"])`: a socket per known element, not per call.
        if (n.awaitModifier || this.ev.evaluate(n.expression).kind !== "array") return true;
      }
    }
    return false;
  }

  private functionRepeats(fn: ts.FunctionLikeDeclaration, depth: number): boolean {
    if (depth > MAX_DEPTH || this.seen.has(fn) || this.seen.size >= MAX_FUNCTIONS) return false;
    this.seen.add(fn);
    const { parent, child } = semanticParent(fn);
    // (async () => { ... })(): runs where it is written.
    if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isCallExpression(parent) && parent.expression === child) {
      return this.nodeRepeats(parent, depth + 1);
    }
    const sites = callSitesOf(fn, this.ev, this.ws, this.index);
    if (sites.length > 0) return sites.some((s: CallSite) => this.nodeRepeats(s.loop ? s.outer.parent : s.outer, depth + 1));
    if (isExported(fn)) return true;
    if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && (ts.isCallExpression(parent) || ts.isNewExpression(parent)) &&
        parent.arguments?.includes(child as ts.Expression)) {
      return this.callbackRepeats(parent, depth);
    }
    // Handed over by name: `setInterval(poll, 1000)`, `process.on("SIGHUP", reload)`.
    return this.namedCallbackUses(fn).some((call) => this.callbackRepeats(call, depth));
  }

  /** Calls that receive the function by its name as an argument, in the file that declares it. */
  private namedCallbackUses(fn: ts.FunctionLikeDeclaration): (ts.CallExpression | ts.NewExpression)[] {
    const decl: Declaration | undefined = ts.isFunctionDeclaration(fn) ? fn
      : ts.isVariableDeclaration(fn.parent) && fn.parent.initializer === fn ? fn.parent : undefined;
    if (!decl || !decl.name || !ts.isIdentifier(decl.name)) return [];
    const calls: (ts.CallExpression | ts.NewExpression)[] = [];
    for (const ref of referencesTo(decl, decl.name.text, scopeOfDeclaration(decl))) {
      const { parent, child } = semanticParent(ref);
      if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(child as ts.Expression)) calls.push(parent);
    }
    return calls;
  }

  /** A callback handed to a function the analysis does not follow: known repeating or run-once receivers only. */
  private callbackRepeats(call: ts.CallExpression | ts.NewExpression, depth: number): boolean {
    const callee = call.expression;
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : "";
    if (ts.isNewExpression(call)) return name === "Promise" && this.nodeRepeats(call, depth + 1);
    if (REPEATING_CALLEES.has(name)) return true;
    const first = call.arguments[0];
    if (ROUTE_METHODS.has(name) && ts.isPropertyAccessExpression(callee) && first && ts.isStringLiteralLike(first) && first.text.startsWith("/")) return true;
    if (ONCE_CALLEES.has(name)) return this.nodeRepeats(call, depth + 1);
    return false;
  }
}

/** Callable from outside the workspace: exported, directly or as a method of an exported class. */
function isExported(fn: ts.FunctionLikeDeclaration): boolean {
  if (ts.isFunctionDeclaration(fn)) return exportedNameOf(fn) !== undefined;
  if (ts.isMethodDeclaration(fn) || ts.isGetAccessorDeclaration(fn) || ts.isSetAccessorDeclaration(fn)) {
    const owner = fn.parent;
    if (ts.isObjectLiteralExpression(owner)) return isExportedExpression(owner);
    return ts.isClassLike(owner) && (ts.isClassExpression(owner) ? isExportedExpression(owner) : exportedNameOf(owner) !== undefined || isDefaultExportClass(owner));
  }
  return !ts.isConstructorDeclaration(fn) && isExportedExpression(fn);
}

/** `export const f = () => ...`, `exports.f = function () {...}`, `module.exports = { f: () => ... }`. */
function isExportedExpression(node: ts.Expression): boolean {
  const { parent, child } = semanticParent(node);
  if (ts.isVariableDeclaration(parent) && parent.initializer === child) return exportedNameOf(parent) !== undefined;
  if (ts.isExportAssignment(parent)) return true;
  if (ts.isBinaryExpression(parent) && parent.right === child && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const target = parent.left.getText();
    return target === "module.exports" || commonJsNamedExport(target) !== undefined;
  }
  if (ts.isPropertyAssignment(parent) && ts.isObjectLiteralExpression(parent.parent)) return isExportedExpression(parent.parent);
  return false;
}

function isDefaultExportClass(cls: ts.ClassLikeDeclaration): boolean {
  const modifiers = ts.canHaveModifiers(cls) ? ts.getModifiers(cls) ?? [] : [];
  return modifiers.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}
