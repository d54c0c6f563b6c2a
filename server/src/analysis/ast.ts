import { ts } from "./ts";
import type { SourceLocation } from "./model";

/** Strips wrappers that do not change which value an expression denotes. */
export function unwrap(expr: ts.Expression): ts.Expression {
  let e = expr;
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) ||
        ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e) || ts.isAwaitExpression(e)) {
      e = e.expression;
    } else {
      return e;
    }
  }
}

/** Strips what only changes an expression's type (parens, `as`, `!`, `satisfies`, `<T>x`), keeping `await`. */
export function skipTypeWrappers(expr: ts.Expression): ts.Expression {
  let e = expr;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)) {
    e = e.expression;
  }
  return e;
}

/** The nearest ancestor that is not a transparent wrapper (parens, `as`, `!`, `await`...). */
export function semanticParent(node: ts.Node): { parent: ts.Node; child: ts.Node } {
  let child = node;
  let parent = node.parent;
  while (parent && (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) ||
      ts.isNonNullExpression(parent) || ts.isSatisfiesExpression(parent) ||
      ts.isTypeAssertionExpression(parent) || ts.isAwaitExpression(parent))) {
    child = parent;
    parent = parent.parent;
  }
  return { parent, child };
}

export function propertyNameText(name: ts.PropertyName | ts.BindingName | ts.MemberName): string | undefined {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) {
    return name.text;
  }
  if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) return name.expression.text;
  return undefined;
}

export function isFunctionLike(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node) || ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node);
}

export function enclosingFunction(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  for (let n = node.parent; n; n = n.parent) if (isFunctionLike(n)) return n;
  return undefined;
}

/** The class whose instance `this` denotes at `node` (arrow functions inherit `this`). */
export function enclosingClassOfThis(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (ts.isClassLike(n)) return n;
    if (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n)) return undefined;
  }
  return undefined;
}

export function locationOf(node: ts.Node): SourceLocation {
  const sourceFile = node.getSourceFile();
  const start = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
  const end = sourceFile.getLineAndCharacterOfPosition(node.getEnd());
  return { file: sourceFile.fileName, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}




/** Nesting walked by recursion; deeper subtrees (generated code nests thousands of levels) use a stack. */
const MAX_RECURSION = 400;

/**
 * Visits `root`'s descendants in source order. `visit` returns false to skip a node's children.
 * Recursion is the fast path (no arrays per node); past MAX_RECURSION levels the walk goes on with an
 * explicit stack, so no depth exhausts the call stack.
 */
export function forEachDescendant(root: ts.Node, visit: (node: ts.Node) => boolean | void): void {
  const walk = (node: ts.Node, depth: number): void => {
    node.forEachChild((child) => {
      if (visit(child) === false) return;
      if (depth < MAX_RECURSION) walk(child, depth + 1);
      else forEachDescendantWithStack(child, visit);
    });
  };
  walk(root, 0);
}

function forEachDescendantWithStack(root: ts.Node, visit: (node: ts.Node) => boolean | void): void {
  const stack: ts.Node[] = [];
  const pushChildren = (node: ts.Node): void => {
    const children: ts.Node[] = [];
    node.forEachChild((child) => void children.push(child));
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  };
  pushChildren(root);
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (visit(node) !== false) pushChildren(node);
  }
}

/** `x = ...`, `x += ...`, `x ??= ...`, `x++`, `--x`. */
export function isWriteTarget(ref: ts.Expression): boolean {
  const { parent, child } = semanticParent(ref);
  if (ts.isBinaryExpression(parent) && parent.left === child) {
    const op = parent.operatorToken.kind;
    return op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment;
  }
  if (ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) {
    return parent.operator === ts.SyntaxKind.PlusPlusToken || parent.operator === ts.SyntaxKind.MinusMinusToken;
  }
  return false;
}

/** The expression after `extends` in a class declaration, if any. */
export function extendsExpression(cls: ts.ClassLikeDeclaration): ts.Expression | undefined {
  return cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
}

/** How far up a class hierarchy the analysis looks. */
export const MAX_CLASS_DEPTH = 5;
