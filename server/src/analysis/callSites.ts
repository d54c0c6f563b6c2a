import { ts } from "./ts";
import { propertyNameText, semanticParent } from "./ast";
import type { Evaluator } from "./evaluate";
import { exportedReferences, expressionsDenoting, thisMemberReferences, type ImporterIndex } from "./references";
import { referencesTo } from "./scope";
import type { Workspace } from "./workspace";

/** One way a function gets called: where its result lands and how its parameters are bound. */
export interface CallSite {
  /** The expression that evaluates to the function's result (the call, or `new C()` for constructors). */
  result: ts.Expression;
  /** Parameter → argument expression, for the called function and any helper it was passed to. */
  bindings: Map<ts.ParameterDeclaration, ts.Expression>;
  /** Node whose enclosing function is the next caller to follow. */
  outer: ts.Node;
  /** Where a socket made through this call is reported: the call in user code; undefined keeps the inner position. */
  position?: ts.Node;
  /** A helper the lambda was passed to, whose return value reaches `helperResult`. */
  helper?: { fn: ts.FunctionLikeDeclaration; result: ts.Expression };
  /** For a lambda picked from a lookup table: the key expression and the property the lambda sits under. */
  guard?: { key: ts.Expression; expected: string };
}

const MAX_SITES = 64;

function bind(fn: ts.SignatureDeclarationBase, args: readonly ts.Expression[], into = new Map<ts.ParameterDeclaration, ts.Expression>()) {
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
    const cls = fn.parent;
    if (ts.isClassDeclaration(cls) && cls.name) {
      for (const ref of expressionsDenoting(cls, ws, index)) {
        const { parent, child } = semanticParent(ref);
        if (ts.isNewExpression(parent) && parent.expression === child) {
          // Instantiating a class binds its constructor's parameters; the socket stays where the class creates it.
          add({ result: parent, bindings: bind(fn, parent.arguments ?? []), outer: parent });
        }
      }
    }
    return sites;
  }
  if (ts.isFunctionDeclaration(fn) && fn.name) {
    for (const ref of expressionsDenoting(fn, ws, index)) direct(ref);
    return sites;
  }
  if (ts.isMethodDeclaration(fn) && ts.isClassLike(fn.parent)) {
    const name = propertyNameText(fn.name);
    if (name) for (const ref of thisMemberReferences(fn.parent, name)) direct(ref);
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
  // generateChannel(conn, "shell", () => new zmq.Dealer()): invoked through the helper's parameter.
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(child as ts.Expression)) {
    const helper = ev.evaluate(parent.expression);
    if (helper.kind !== "function") return sites;
    const index_ = parent.arguments.indexOf(child as ts.Expression);
    const param = helper.node.parameters[index_];
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
    const holder = semanticParent(parent.parent).parent;
    // module.exports = { make: (...) => ... }
    if (key !== undefined && ts.isBinaryExpression(holder) && holder.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        holder.left.getText() === "module.exports") {
      for (const ref of exportedReferences(fn.getSourceFile().fileName, key, ws, index)) direct(ref);
      return sites;
    }
    if (key === undefined || !ts.isVariableDeclaration(holder) || !ts.isIdentifier(holder.name)) return sites;
    for (const ref of expressionsDenoting(holder, ws, index)) {
      const { parent: access, child: c } = semanticParent(ref);
      if (!(ts.isElementAccessExpression(access) || ts.isPropertyAccessExpression(access)) || access.expression !== c) continue;
      const call = semanticParent(access);
      if (!ts.isCallExpression(call.parent) || call.parent.expression !== call.child) continue;
      const keyExpr = ts.isElementAccessExpression(access) ? access.argumentExpression : undefined;
      if (!keyExpr && ts.isPropertyAccessExpression(access) && access.name.text !== key) continue;
      const site: CallSite = { result: call.parent, bindings: bind(fn, call.parent.arguments), outer: call.parent };
      if (keyExpr) site.guard = { key: keyExpr, expected: key };
      add(site);
    }
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
  if (text === "module.exports") return "default";
  return /^(?:module\.)?exports\.([A-Za-z_$][\w$]*)$/.exec(text)?.[1];
}
