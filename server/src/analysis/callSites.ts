import { ts } from "./ts";
import { enclosingClassOfThis, enclosingFunction, forEachDescendant, isFunctionLike, propertyNameText, semanticParent } from "./ast";
import type { Evaluator } from "./evaluate";
import { num, type Env, type Value } from "./values";
import { commonJsNamedExport } from "./exportTable";
import { exportedReferences, expressionsDenoting, thisMemberReferences, type ImporterIndex } from "./references";
import { referencesTo } from "./scope";
import type { Workspace } from "./workspace";

/** One way a function gets called: where its result lands and how its parameters are bound. */
export interface CallSite {
  /** The expression that evaluates to the function's result (the call, or `new C()` for constructors). */
  result: ts.Expression;
  /** Parameter (or loop variable) → its argument, for the called function and any helper it was passed to. */
  bindings: Map<ts.Node, BoundArgument>;
  /** Node whose enclosing function is the next caller to follow. */
  outer: ts.Node;
  /** Where a socket made through this call is reported: the call in user code; undefined keeps the inner position. */
  position?: ts.Node;
  /** A helper the lambda was passed to, whose return value reaches `helperResult`. */
  helper?: { fn: ts.FunctionLikeDeclaration; result: ts.Expression };
  /** A loop iteration (`for...of`, `forEach`, `map`): no call, so nothing returns through it. */
  loop?: boolean;
  /** For a lambda picked from a lookup table: the key expression and the property the lambda sits under. */
  guard?: { key: ts.Expression; expected: string };
}

const MAX_SITES = 64;
const MAX_HIERARCHY = 4;

/** An argument expression, or a value the analysis supplies itself (an array callback's index). */
export type BoundArgument = ts.Expression | { value: Value };

export function isSuppliedValue(arg: BoundArgument): arg is { value: Value } {
  return !("kind" in arg);
}

function bind(fn: ts.SignatureDeclarationBase, args: readonly ts.Expression[], into = new Map<ts.Node, BoundArgument>()) {
  fn.parameters.forEach((p, i) => {
    const arg = args[i];
    if (arg && !p.dotDotDotToken) into.set(p, arg);
  });
  return into;
}

/** Calls of `fn` anywhere in the workspace that the analysis can see without types. */
export function callSitesOf(fn: ts.FunctionLikeDeclaration, ev: Evaluator, ws: Workspace, index: ImporterIndex): CallSite[] {
  const sites: CallSite[] = [];
  const add = (site: CallSite): void => {
    if (sites.length < MAX_SITES) sites.push(site);
  };
  const direct = (ref: ts.Expression): void => {
    const { parent, child } = semanticParent(ref);
    if (ts.isCallExpression(parent) && parent.expression === child) {
      add({ result: parent, bindings: bind(fn, parent.arguments), outer: parent, position: parent });
    }
  };

  if (ts.isConstructorDeclaration(fn)) {
    // Instantiating a class binds its constructor's parameters; the socket stays where the class creates it.
    // Subclasses reach it through `super(...)`, or through `new Sub(...)` when they declare no constructor.
    const visit = (cls: ts.ClassLikeDeclaration, depth: number): void => {
      for (const site of instantiationsOf(cls, ws, index)) add({ result: site, bindings: bind(fn, site.arguments ?? []), outer: site });
      if (depth >= MAX_HIERARCHY) return;
      for (const sub of subclassesOf(cls, ws, index)) {
        const ctor = sub.members.find(ts.isConstructorDeclaration);
        if (!ctor) {
          visit(sub, depth + 1);
          continue;
        }
        for (const call of superCalls(ctor)) add({ result: call, bindings: bind(fn, call.arguments), outer: call });
      }
    };
    if (ts.isClassLike(fn.parent)) visit(fn.parent, 0);
    return sites;
  }
  if (ts.isFunctionDeclaration(fn) && fn.name) {
    for (const ref of expressionsDenoting(fn, ws, index)) direct(ref);
    return sites;
  }
  if (ts.isMethodDeclaration(fn) && ts.isClassLike(fn.parent)) {
    const name = propertyNameText(fn.name);
    if (!name) return sites;
    const member = (ref: ts.Expression): void => {
      const { parent: access, child: c } = semanticParent(ref);
      if (ts.isPropertyAccessExpression(access) && access.expression === c && access.name.text === name) direct(access);
    };
    // static make(...) called as Factory.make(...)
    if ((ts.getModifiers(fn) ?? []).some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) {
      for (const ref of classReferences(fn.parent, ws, index)) member(ref);
      return sites;
    }
    for (const ref of thisMemberReferencesInHierarchy(fn.parent, name, ws, index)) direct(ref);
    // broker.start(5555) where broker holds a `new Broker()`
    for (const ref of instanceReferences(fn.parent, ws, index)) member(ref);
    return sites;
  }
  // const factory = { router(port) {...} }
  if (ts.isMethodDeclaration(fn) && ts.isObjectLiteralExpression(fn.parent)) {
    const key = propertyNameText(fn.name);
    if (key !== undefined) tableSites(fn, key, fn.parent, ws, index, add);
    return sites;
  }
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return sites;

  const { parent, child } = semanticParent(fn);
  // exports.make = function (...) {...}  /  module.exports.make = (...) => ...
  if (ts.isBinaryExpression(parent) && parent.right === child && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const name = commonJsExportName(parent.left);
    if (name) for (const ref of exportedReferences(fn.getSourceFile().fileName, name, ws, index)) direct(ref);
    return sites;
  }
  // const make = (...) => ...
  if (ts.isVariableDeclaration(parent) && parent.initializer === child && ts.isIdentifier(parent.name)) {
    for (const ref of expressionsDenoting(parent, ws, index)) direct(ref);
    return sites;
  }
  // endpoints.map((ep) => ...): called once per element of a known array.
  if (ts.isCallExpression(parent) && parent.arguments[0] === child) {
    const items = arrayCallbackItems(parent, ev);
    if (items) {
      const [param, indexParam] = fn.parameters;
      items.forEach((item, i) => {
        const bindings = new Map<ts.Node, BoundArgument>();
        if (param) bindings.set(param, item);
        if (indexParam) bindings.set(indexParam, { value: num(i) });
        add({ result: parent, bindings, outer: parent });
      });
      return sites;
    }
  }
  // generateChannel(conn, "shell", () => new zmq.Dealer()): invoked through the helper's parameter.
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(child as ts.Expression)) {
    const helper = ev.evaluate(parent.expression);
    if (helper.kind !== "function") return sites;
    ev.structure(helper.node);
    const argIndex = parent.arguments.indexOf(child as ts.Expression);
    const param = helper.node.parameters[argIndex];
    if (!param || !ts.isIdentifier(param.name)) return sites;
    const outerBindings = bind(helper.node, parent.arguments);
    for (const ref of referencesTo(param, param.name.text, helper.node)) {
      const { parent: p, child: c } = semanticParent(ref);
      if (ts.isCallExpression(p) && p.expression === c) {
        add({ result: p, bindings: bind(fn, p.arguments, new Map(outerBindings)), outer: parent, helper: { fn: helper.node, result: parent } });
      }
    }
    return sites;
  }
  // const kinds = { req: () => new zmq.Request() }; ... kinds[kind]()
  if (ts.isPropertyAssignment(parent) && ts.isObjectLiteralExpression(parent.parent)) {
    const key = propertyNameText(parent.name);
    if (key !== undefined) tableSites(fn, key, parent.parent, ws, index, add);
    return sites;
  }
  // this.make = () => ...; class fields holding arrow functions
  if (ts.isPropertyDeclaration(parent) && ts.isClassLike(parent.parent)) {
    const name = propertyNameText(parent.name);
    if (name) for (const ref of thisMemberReferences(parent.parent, name)) direct(ref);
  }
  return sites;
}

/** `exports.x` / `module.exports.x` → "x"; `module.exports` itself → "default". */
function commonJsExportName(target: ts.Expression): string | undefined {
  const text = target.getText();
  return text === "module.exports" ? "default" : commonJsNamedExport(text);
}

/** `new C(...)` expressions for a named class, in its file and in the files importing it. */
function instantiationsOf(cls: ts.ClassLikeDeclaration, ws: Workspace, index: ImporterIndex): ts.NewExpression[] {
  if (!ts.isClassDeclaration(cls) || !cls.name) return [];
  const found: ts.NewExpression[] = [];
  for (const ref of expressionsDenoting(cls, ws, index)) {
    const { parent, child } = semanticParent(ref);
    if (ts.isNewExpression(parent) && parent.expression === child) found.push(parent);
  }
  return found;
}

/** Classes declared `extends cls` anywhere the class is visible. */
export function subclassesOf(cls: ts.ClassLikeDeclaration, ws: Workspace, index: ImporterIndex): ts.ClassLikeDeclaration[] {
  if (!ts.isClassDeclaration(cls) || !cls.name) return [];
  const found: ts.ClassLikeDeclaration[] = [];
  for (const ref of expressionsDenoting(cls, ws, index)) {
    const { parent, child } = semanticParent(ref);
    if (ts.isExpressionWithTypeArguments(parent) && parent.expression === child && ts.isHeritageClause(parent.parent) &&
        parent.parent.token === ts.SyntaxKind.ExtendsKeyword && ts.isClassLike(parent.parent.parent)) {
      found.push(parent.parent.parent);
    }
  }
  return found;
}

/** The class and its subclasses, breadth first, down to MAX_HIERARCHY levels (each class once). */
export function classWithSubclasses(cls: ts.ClassLikeDeclaration, ws: Workspace, index: ImporterIndex): ts.ClassLikeDeclaration[] {
  const classes = [cls];
  const depth = new Map([[cls, 0]]);
  for (let i = 0; i < classes.length; i++) {
    const c = classes[i]!;
    if (depth.get(c)! >= MAX_HIERARCHY) continue;
    for (const sub of subclassesOf(c, ws, index)) {
      if (depth.has(sub)) continue;
      depth.set(sub, depth.get(c)! + 1);
      classes.push(sub);
    }
  }
  return classes;
}

function superCalls(ctor: ts.ConstructorDeclaration): ts.CallExpression[] {
  const found: ts.CallExpression[] = [];
  forEachDescendant(ctor, (n) => {
    if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.SuperKeyword) found.push(n);
    return !isFunctionLike(n);
  });
  return found;
}

/** `this.name` in the class and in every subclass (a base-class field used by subclass methods). */
export function thisMemberReferencesInHierarchy(cls: ts.ClassLikeDeclaration, name: string, ws: Workspace, index: ImporterIndex): ts.PropertyAccessExpression[] {
  return classWithSubclasses(cls, ws, index).flatMap((c) => thisMemberReferences(c, name));
}

const MAX_EXECUTION_DEPTH = 6;

/**
 * Files whose top-level code leads to `node` running: follow the enclosing function to its call sites,
 * a class's code to where the class (or a subclass) is instantiated, up to code that runs on load.
 * Where nothing calls the code, the file itself stands in. Programs are the programs of these files.
 */
export function executingFiles(node: ts.Node, ev: Evaluator, ws: Workspace, index: ImporterIndex, depth = 0, seen = new Set<ts.Node>()): Set<string> {
  const own = new Set([node.getSourceFile().fileName]);
  if (depth > MAX_EXECUTION_DEPTH) return own;
  const cls = enclosingClassOfThis(node);
  const fn = enclosingFunction(node);
  // Code inside a class (fields, constructor, methods) runs where the class is instantiated.
  if (cls && (!fn || isMemberOf(fn, cls))) {
    if (seen.has(cls)) return own;
    seen.add(cls);
    const sites = classWithSubclasses(cls, ws, index).flatMap((c) => instantiationsOf(c, ws, index));
    return unionOver(sites, own, (site) => executingFiles(site, ev, ws, index, depth + 1, seen));
  }
  if (!fn) return own;
  if (seen.has(fn)) return own;
  seen.add(fn);
  const sites = callSitesOf(fn, ev, ws, index);
  if (sites.length === 0) {
    // A callback handed to code we cannot see (setInterval, an event emitter) runs where it is created.
    return ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) ? executingFiles(fn, ev, ws, index, depth + 1, seen) : own;
  }
  return unionOver(sites.map((s) => s.outer), own, (site) => executingFiles(site, ev, ws, index, depth + 1, seen));
}

/** One step of an execution path: code that runs, and the call (or `new`) that ran the function holding it. */
export interface PathStep {
  node: ts.Node;
  /** How the function (or class code) around `node` was entered; absent at the top and for callbacks. */
  site?: CallSite;
}

const MAX_PATHS = 32;

/**
 * The ways `node` comes to run, each a path from `node` up through the calls that reach it (as
 * `executingFiles` follows them: call sites, class instantiations, callbacks where they are created), to
 * code that runs on load or code nothing in the workspace calls. Bounded by MAX_EXECUTION_DEPTH levels
 * (a longer path stops there); undefined when there are more than MAX_PATHS paths.
 */
export function executionPaths(node: ts.Node, ev: Evaluator, ws: Workspace, index: ImporterIndex): PathStep[][] | undefined {
  let budget = MAX_PATHS;
  const walk = (at: ts.Node, depth: number, onPath: ReadonlySet<ts.Node>): PathStep[][] | undefined => {
    const top = (): PathStep[][] | undefined => (budget-- > 0 ? [[{ node: at }]] : undefined);
    if (depth > MAX_EXECUTION_DEPTH) return top();
    const cls = enclosingClassOfThis(at);
    const fn = enclosingFunction(at);
    let sites: CallSite[];
    let key: ts.Node;
    if (cls && (!fn || isMemberOf(fn, cls)) && !(fn && isStatic(fn))) {
      // Instance code runs once the class is instantiated; constructor parameters are bound there.
      key = cls;
      const ctor = fn && ts.isConstructorDeclaration(fn) ? fn : undefined;
      sites = classWithSubclasses(cls, ws, index).flatMap((c) => instantiationsOf(c, ws, index))
        .map((site) => ({ result: site, bindings: ctor ? bind(ctor, site.arguments ?? []) : new Map(), outer: site }));
    } else if (fn) {
      key = fn;
      sites = callSitesOf(fn, ev, ws, index);
      if (sites.length === 0 && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && !onPath.has(fn)) {
        // A callback handed to code we cannot see runs where it is created.
        const above = walk(fn, depth + 1, new Set([...onPath, fn]));
        return above?.map((path) => [{ node: at }, ...path]);
      }
    } else {
      return top();
    }
    if (sites.length === 0 || onPath.has(key)) return top();
    const paths: PathStep[][] = [];
    const next = new Set([...onPath, key]);
    for (const site of sites) {
      const above = walk(site.outer, depth + 1, next);
      if (!above) return undefined;
      for (const path of above) paths.push([{ node: at, site }, ...path]);
    }
    return paths;
  };
  return walk(node, 0, new Set());
}

function isStatic(fn: ts.FunctionLikeDeclaration): boolean {
  return ts.canHaveModifiers(fn) && (ts.getModifiers(fn) ?? []).some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
}

function unionOver(nodes: ts.Node[], fallback: Set<string>, files: (n: ts.Node) => Set<string>): Set<string> {
  if (nodes.length === 0) return fallback;
  const all = new Set<string>();
  for (const n of nodes) for (const f of files(n)) all.add(f);
  return all;
}

/** Whether `fn` is the class's own code rather than a function nested in it that something else calls. */
function isMemberOf(fn: ts.FunctionLikeDeclaration, cls: ts.ClassLikeDeclaration): boolean {
  for (let n: ts.Node | undefined = fn; n && n !== cls; n = n.parent) {
    if (n.parent === cls) return true;
    if ((ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n)) && n !== fn) return false;
  }
  return false;
}

/**
 * Calls of a function stored under `key` in an object literal: `kinds.req()`, `kinds[kind]()` (guarded:
 * only when `kind` turns out to be "req"), or through `module.exports = { req }`.
 */
function tableSites(fn: ts.FunctionLikeDeclaration, key: string, table: ts.ObjectLiteralExpression, ws: Workspace,
    index: ImporterIndex, add: (site: CallSite) => void): void {
  const holder = semanticParent(table).parent;
  if (ts.isBinaryExpression(holder) && holder.operatorToken.kind === ts.SyntaxKind.EqualsToken && holder.left.getText() === "module.exports") {
    for (const ref of exportedReferences(fn.getSourceFile().fileName, key, ws, index)) {
      const { parent, child } = semanticParent(ref);
      if (ts.isCallExpression(parent) && parent.expression === child) add({ result: parent, bindings: bind(fn, parent.arguments), outer: parent, position: parent });
    }
    return;
  }
  if (!ts.isVariableDeclaration(holder) || !ts.isIdentifier(holder.name)) return;
  for (const ref of expressionsDenoting(holder, ws, index)) {
    const { parent: access, child: c } = semanticParent(ref);
    if (!(ts.isElementAccessExpression(access) || ts.isPropertyAccessExpression(access)) || access.expression !== c) continue;
    const call = semanticParent(access);
    if (!ts.isCallExpression(call.parent) || call.parent.expression !== call.child) continue;
    if (ts.isPropertyAccessExpression(access)) {
      // A named member call is a factory call like any other.
      if (access.name.text === key) add({ result: call.parent, bindings: bind(fn, call.parent.arguments), outer: call.parent, position: call.parent });
      continue;
    }
    add({ result: call.parent, bindings: bind(fn, call.parent.arguments), outer: call.parent, guard: { key: access.argumentExpression, expected: key } });
  }
}

/** References to a named class (for static members). */
function classReferences(cls: ts.ClassLikeDeclaration, ws: Workspace, index: ImporterIndex): ts.Expression[] {
  return ts.isClassDeclaration(cls) && cls.name ? expressionsDenoting(cls, ws, index) : [];
}

const ARRAY_CALLBACK_METHODS = new Set(["forEach", "map", "flatMap", "filter", "some", "every", "find"]);
const MAX_ITEMS = 32;

/** The elements `array.forEach(cb)` / `array.map(cb)` calls `cb` with, when the array is known. */
export function arrayCallbackItems(call: ts.CallExpression, ev: Evaluator, env?: Env): ts.Expression[] | undefined {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || !ARRAY_CALLBACK_METHODS.has(callee.name.text)) return undefined;
  return arrayItems(ev.evaluate(callee.expression, env));
}

/** The elements a `for (const x of iterable)` loop binds `x` to, when the iterable is a known array. */
export function loopItems(decl: ts.VariableDeclaration, ev: Evaluator, env?: Env): ts.Expression[] | undefined {
  const loop = decl.parent.parent;
  if (!ts.isForOfStatement(loop)) return undefined;
  return arrayItems(ev.evaluate(loop.expression, env));
}

function arrayItems(value: Value): ts.Expression[] | undefined {
  if (value.kind !== "array" || value.items.length > MAX_ITEMS) return undefined;
  const items: ts.Expression[] = [];
  for (const item of value.items) {
    if (!("expr" in item) || ts.isSpreadElement(item.expr) || ts.isOmittedExpression(item.expr)) return undefined;
    items.push(item.expr);
  }
  return items;
}

/** `new K(...)` for the class and each subclass: one instance per site (the class declares no constructor). */
export function hierarchyInstantiations(cls: ts.ClassLikeDeclaration, ws: Workspace, index: ImporterIndex): CallSite[] {
  return classWithSubclasses(cls, ws, index)
    .flatMap((c) => instantiationsOf(c, ws, index))
    .slice(0, MAX_SITES)
    .map((site) => ({ result: site, bindings: new Map(), outer: site }));
}

/**
 * Expressions that hold an instance of the class (or a subclass): `new C()` itself, and the variables
 * and `this` fields it is stored in. Their `.method(...)` calls are the method's call sites.
 */
function instanceReferences(cls: ts.ClassLikeDeclaration, ws: Workspace, index: ImporterIndex): ts.Expression[] {
  const found: ts.Expression[] = [];
  for (const c of classWithSubclasses(cls, ws, index)) {
    for (const site of instantiationsOf(c, ws, index)) {
      found.push(site);
      const { parent, child } = semanticParent(site);
      if (ts.isVariableDeclaration(parent) && parent.initializer === child && ts.isIdentifier(parent.name)) {
        found.push(...expressionsDenoting(parent, ws, index));
      } else if (ts.isBinaryExpression(parent) && parent.right === child && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
          ts.isPropertyAccessExpression(parent.left) && parent.left.expression.kind === ts.SyntaxKind.ThisKeyword) {
        const owner = enclosingClassOfThis(parent.left);
        if (owner) found.push(...thisMemberReferencesInHierarchy(owner, parent.left.name.text, ws, index));
      } else if (ts.isPropertyDeclaration(parent) && parent.initializer === child && ts.isClassLike(parent.parent)) {
        const fieldName = propertyNameText(parent.name);
        if (fieldName) found.push(...thisMemberReferencesInHierarchy(parent.parent, fieldName, ws, index));
      }
    }
  }
  return found;
}
