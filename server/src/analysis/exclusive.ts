import { ts } from "./ts";
import { enclosingFunction, skipTypeWrappers } from "./ast";
import { exclusiveBy } from "./branches";
import { executionPaths, isSuppliedValue, type PathStep } from "./callSites";
import type { Evaluator } from "./evaluate";
import type { ImporterIndex } from "./references";
import { findDeclaration } from "./scope";
import type { Workspace } from "./workspace";

/**
 * Whether the code at `a` and the code at `b` never both run in one process: on every pair of ways they
 * come to run (executionPaths), some step of one and some step of the other sit on two sides of one
 * `if`/`?:`/`switch` (branches.ts exclusiveBy) whose condition has the same value all through a process.
 * That is the shape of a program that plays one role per process: `if (process.argv[2] === "server")
 * runServer(); else runClient();`, `switch (process.env.ROLE)`, `if (cluster.isPrimary) ... else ...`.
 *
 * Fixed values: literals, `process.argv`/`env`/`execArgv`/`platform`/`pid`/`send`, `require.main`,
 * `module`, `import.meta`, `cluster.isPrimary`/`isMaster`/`isWorker`/`worker`, what `const`s are
 * initialized with, and a parameter whose argument is fixed when both paths come through the same call.
 * With `strict` false (for rules that go silent on a yes), any module-level constant, import or
 * module-level function (called with fixed arguments) counts as fixed too.
 */
export function neverInOneProcess(a: ts.Node, b: ts.Node, strict: boolean, ev: Evaluator, ws: Workspace, index: ImporterIndex): boolean {
  const pa = executionPaths(a, ev, ws, index);
  if (!pa) return false;
  const pb = executionPaths(b, ev, ws, index);
  if (!pb) return false;
  return pa.every((p) => pb.every((q) => pathsExclusive(p, q, strict)));
}

function pathsExclusive(p: PathStep[], q: PathStep[], strict: boolean): boolean {
  for (let i = 0; i < p.length; i++) {
    for (let j = 0; j < q.length; j++) {
      const x = p[i]!.node;
      const y = q[j]!.node;
      if (x.getSourceFile() !== y.getSourceFile()) continue;
      const deciding = exclusiveBy(x, y);
      if (deciding && deciding.every((e) => fixed(e, { p, i, q, j }, strict, 0))) return true;
    }
  }
  return false;
}

/** Where an expression is evaluated: the path steps (one per side) whose node sits in the expression's function. */
interface Frame {
  p: PathStep[];
  i: number;
  q: PathStep[];
  j: number;
}

const MAX_DEPTH = 8;

/** `process.X` that stays the same for the life of a process. */
const PROCESS_FIXED = new Set(["argv", "argv0", "env", "execArgv", "execPath", "platform", "arch", "pid", "ppid", "send", "versions", "version"]);
/** `cluster.X` that tells a process's role. */
const CLUSTER_FIXED = new Set(["isPrimary", "isMaster", "isWorker", "worker"]);
/** Methods that compute from their receiver and arguments alone. */
const PURE_METHODS = new Set([
  "includes", "indexOf", "lastIndexOf", "startsWith", "endsWith", "slice", "substring", "at", "toLowerCase", "toUpperCase",
  "trim", "trimStart", "trimEnd", "split", "concat", "join", "toString", "localeCompare", "padStart", "padEnd", "replace",
]);
const NODE_GLOBALS = new Set(["__filename", "__dirname", "module", "undefined"]);

function fixed(expr: ts.Expression, frame: Frame | undefined, strict: boolean, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  const e = skipTypeWrappers(expr);
  const next = (x: ts.Expression, f: Frame | undefined = frame): boolean => fixed(x, f, strict, depth + 1);
  switch (e.kind) {
    case ts.SyntaxKind.StringLiteral: case ts.SyntaxKind.NumericLiteral: case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
    case ts.SyntaxKind.TrueKeyword: case ts.SyntaxKind.FalseKeyword: case ts.SyntaxKind.NullKeyword:
    case ts.SyntaxKind.RegularExpressionLiteral: case ts.SyntaxKind.BigIntLiteral:
      return true;
  }
  if (ts.isTemplateExpression(e)) return e.templateSpans.every((s) => next(s.expression));
  if (ts.isPrefixUnaryExpression(e)) {
    return e.operator !== ts.SyntaxKind.PlusPlusToken && e.operator !== ts.SyntaxKind.MinusMinusToken && next(e.operand);
  }
  if (ts.isTypeOfExpression(e)) return next(e.expression);
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    if (op === ts.SyntaxKind.CommaToken || (op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment)) return false;
    return next(e.left) && next(e.right);
  }
  if (ts.isConditionalExpression(e)) return next(e.condition) && next(e.whenTrue) && next(e.whenFalse);
  if (ts.isMetaProperty(e)) return true; // import.meta
  if (ts.isPropertyAccessExpression(e)) {
    const base = skipTypeWrappers(e.expression);
    const name = e.name.text;
    if (ts.isIdentifier(base)) {
      if (base.text === "process" && !findDeclaration(base)) return PROCESS_FIXED.has(name);
      if (base.text === "require" && !findDeclaration(base)) return name === "main";
      if (isClusterModule(base)) return CLUSTER_FIXED.has(name);
    }
    return next(e.expression);
  }
  if (ts.isElementAccessExpression(e)) return next(e.expression) && next(e.argumentExpression);
  if (ts.isCallExpression(e)) {
    if (!e.arguments.every((a) => next(a))) return false;
    const callee = skipTypeWrappers(e.expression);
    if (ts.isPropertyAccessExpression(callee) && PURE_METHODS.has(callee.name.text)) return next(callee.expression);
    return !strict && next(callee);
  }
  if (ts.isIdentifier(e)) return fixedName(e, frame, strict, depth);
  return false;
}

function fixedName(id: ts.Identifier, frame: Frame | undefined, strict: boolean, depth: number): boolean {
  const decl = findDeclaration(id);
  if (!decl) return NODE_GLOBALS.has(id.text);
  if (ts.isImportSpecifier(decl)) {
    const from = moduleOf(decl);
    if (from === "cluster") return CLUSTER_FIXED.has((decl.propertyName ?? decl.name).text);
    if (from === "process") return PROCESS_FIXED.has((decl.propertyName ?? decl.name).text);
    return !strict;
  }
  if (ts.isImportClause(decl) || ts.isNamespaceImport(decl) || ts.isImportEqualsDeclaration(decl)) return !strict;
  if (ts.isFunctionDeclaration(decl)) return !strict && ts.isSourceFile(decl.parent);
  if (ts.isParameter(decl)) return fixedParameter(decl, frame, strict, depth);
  let d: ts.Node = decl;
  while (ts.isBindingElement(d)) d = d.parent.parent; // `const { ROLE } = process.env`, `const [, , role] = process.argv`
  if (ts.isBindingElement(decl) && ts.isVariableDeclaration(d) && d.initializer && requiredModule(d.initializer) === "cluster") {
    // `const { isPrimary } = require("cluster")`
    const key = decl.propertyName ?? decl.name;
    return ts.isIdentifier(key) && CLUSTER_FIXED.has(key.text);
  }
  if (ts.isParameter(d)) return fixedParameter(d, frame, strict, depth);
  if (!ts.isVariableDeclaration(d) || !ts.isVariableDeclarationList(d.parent)) return false;
  const isConst = (d.parent.flags & ts.NodeFlags.Const) !== 0;
  const moduleLevel = ts.isVariableStatement(d.parent.parent) && ts.isSourceFile(d.parent.parent.parent);
  if (!isConst) return false;
  // A module-level constant is evaluated once per process, whatever its initializer.
  if (!strict && moduleLevel) return true;
  return d.initializer !== undefined && fixed(d.initializer, frame, strict, depth + 1);
}

/**
 * A parameter is fixed when both sides enter its function through the same call and that call's
 * argument (or the parameter's default) is fixed where the call is.
 */
function fixedParameter(param: ts.ParameterDeclaration, frame: Frame | undefined, strict: boolean, depth: number): boolean {
  if (!frame || param.dotDotDotToken) return false;
  const fn = param.parent;
  const stepP = frame.p[frame.i];
  const stepQ = frame.q[frame.j];
  if (!stepP || !stepQ || enclosingFunction(stepP.node) !== fn || enclosingFunction(stepQ.node) !== fn) return false;
  const site = stepP.site;
  if (!site || !stepQ.site || site.result !== stepQ.site.result) return false;
  const arg = site.bindings.get(param);
  if (arg === undefined) return param.initializer !== undefined && fixed(param.initializer, frame, strict, depth + 1);
  if (isSuppliedValue(arg)) return false;
  return fixed(arg, { p: frame.p, i: frame.i + 1, q: frame.q, j: frame.j + 1 }, strict, depth + 1);
}

/** `cluster` bound by `import cluster from "cluster"`, `import * as cluster from "node:cluster"` or `require("cluster")`. */
function isClusterModule(id: ts.Identifier): boolean {
  const decl = findDeclaration(id);
  if (!decl) return false;
  if (ts.isImportClause(decl) || ts.isNamespaceImport(decl) || ts.isImportEqualsDeclaration(decl)) return moduleOf(decl) === "cluster";
  return ts.isVariableDeclaration(decl) && decl.initializer !== undefined && requiredModule(decl.initializer) === "cluster";
}

/** `require("node:cluster")` → `"cluster"`. */
function requiredModule(expr: ts.Expression): string | undefined {
  const e = skipTypeWrappers(expr);
  if (!ts.isCallExpression(e) || !ts.isIdentifier(e.expression) || e.expression.text !== "require" || e.arguments.length !== 1) return undefined;
  const arg = e.arguments[0]!;
  return ts.isStringLiteral(arg) ? bareModule(arg.text) : undefined;
}

/** The Node built-in an import declaration names (`"node:cluster"` → `"cluster"`), or its specifier. */
function moduleOf(decl: ts.ImportSpecifier | ts.ImportClause | ts.NamespaceImport | ts.ImportEqualsDeclaration): string | undefined {
  if (ts.isImportEqualsDeclaration(decl)) {
    const ref = decl.moduleReference;
    return ts.isExternalModuleReference(ref) && ts.isStringLiteral(ref.expression) ? bareModule(ref.expression.text) : undefined;
  }
  let n: ts.Node = decl;
  while (!ts.isImportDeclaration(n)) n = n.parent;
  return ts.isStringLiteral(n.moduleSpecifier) ? bareModule(n.moduleSpecifier.text) : undefined;
}

function bareModule(specifier: string): string {
  return specifier.startsWith("node:") ? specifier.slice(5) : specifier;
}

