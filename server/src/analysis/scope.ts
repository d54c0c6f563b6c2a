import { ts } from "./ts";
import { forEachDescendant, isFunctionLike } from "./ast";

/**
 * A small binder: finds the declaration an identifier refers to by walking enclosing scopes.
 * It stands in for the type checker, which we never build.
 */
export type Declaration =
  | ts.VariableDeclaration | ts.ParameterDeclaration | ts.BindingElement | ts.FunctionDeclaration
  | ts.ClassDeclaration | ts.EnumDeclaration | ts.ImportClause | ts.ImportSpecifier | ts.NamespaceImport
  | ts.ImportEqualsDeclaration | ts.FunctionExpression | ts.ClassExpression;

const scopeCache = new WeakMap<ts.Node, Map<string, Declaration>>();

function isScope(node: ts.Node): boolean {
  return ts.isSourceFile(node) || ts.isBlock(node) || isFunctionLike(node) || ts.isForStatement(node) ||
    ts.isForOfStatement(node) || ts.isForInStatement(node) || ts.isCatchClause(node) || ts.isCaseBlock(node) ||
    ts.isModuleBlock(node) || ts.isClassExpression(node) || ts.isFunctionExpression(node);
}

function addBindingNames(name: ts.BindingName, decl: Declaration, into: Map<string, Declaration>): void {
  if (ts.isIdentifier(name)) {
    if (!into.has(name.text)) into.set(name.text, decl);
    return;
  }
  for (const element of name.elements) {
    if (ts.isBindingElement(element)) addBindingNames(element.name, ts.isIdentifier(element.name) ? element : decl, into);
  }
}

function addStatementDeclarations(statement: ts.Node, into: Map<string, Declaration>, includeLexical: boolean): void {
  if (ts.isVariableStatement(statement)) {
    const lexical = (statement.declarationList.flags & ts.NodeFlags.BlockScoped) !== 0;
    if (lexical && !includeLexical) return;
    for (const d of statement.declarationList.declarations) addBindingNames(d.name, d, into);
  } else if (includeLexical && (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) ||
      ts.isEnumDeclaration(statement)) && statement.name) {
    into.set(statement.name.text, statement);
  } else if (includeLexical && ts.isImportDeclaration(statement) && statement.importClause) {
    const clause = statement.importClause;
    if (clause.name) into.set(clause.name.text, clause);
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) into.set(bindings.name.text, bindings);
    if (bindings && ts.isNamedImports(bindings)) for (const s of bindings.elements) into.set(s.name.text, s);
  } else if (includeLexical && ts.isImportEqualsDeclaration(statement)) {
    into.set(statement.name.text, statement);
  }
}

/** `var` declarations hoist to the function or file: collect them from nested blocks too. */
function collectVars(node: ts.Node, into: Map<string, Declaration>): void {
  forEachDescendant(node, (child) => {
    if (isFunctionLike(child) || ts.isClassLike(child)) return false;
    if (ts.isVariableStatement(child)) addStatementDeclarations(child, into, false);
    return true;
  });
}

function declarationsOf(scope: ts.Node): Map<string, Declaration> {
  let map = scopeCache.get(scope);
  if (map) return map;
  map = new Map();
  if (ts.isSourceFile(scope) || ts.isBlock(scope) || ts.isModuleBlock(scope)) {
    for (const s of scope.statements) addStatementDeclarations(s, map, true);
  } else if (ts.isCaseBlock(scope)) {
    for (const clause of scope.clauses) for (const s of clause.statements) addStatementDeclarations(s, map, true);
  } else if (isFunctionLike(scope)) {
    for (const p of scope.parameters) addBindingNames(p.name, p, map);
    if ((ts.isFunctionExpression(scope)) && scope.name) map.set(scope.name.text, scope);
    if (scope.body && ts.isBlock(scope.body)) {
      for (const s of scope.body.statements) addStatementDeclarations(s, map, true);
    }
  } else if (ts.isClassExpression(scope) && scope.name) {
    map.set(scope.name.text, scope);
  } else if ((ts.isForStatement(scope) || ts.isForOfStatement(scope) || ts.isForInStatement(scope)) &&
      scope.initializer && ts.isVariableDeclarationList(scope.initializer)) {
    for (const d of scope.initializer.declarations) addBindingNames(d.name, d, map);
  } else if (ts.isCatchClause(scope) && scope.variableDeclaration) {
    addBindingNames(scope.variableDeclaration.name, scope.variableDeclaration, map);
  }
  if (ts.isSourceFile(scope) || isFunctionLike(scope)) {
    const vars = new Map<string, Declaration>();
    collectVars(ts.isSourceFile(scope) ? scope : (scope.body ?? scope), vars);
    for (const [k, v] of vars) if (!map.has(k)) map.set(k, v);
  }
  scopeCache.set(scope, map);
  return map;
}

/** Answers of `findDeclaration`, per identifier node (`null`: a global or unknown name). */
const declarationCache = new WeakMap<ts.Identifier, Declaration | null>();

/** The declaration `identifier` refers to, or undefined for globals and unknown names. */
export function findDeclaration(identifier: ts.Identifier): Declaration | undefined {
  const cached = declarationCache.get(identifier);
  if (cached !== undefined) return cached ?? undefined;
  const name = identifier.text;
  let found: Declaration | undefined;
  for (let n: ts.Node | undefined = identifier.parent; n && !found; n = n.parent) {
    if (!isScope(n)) continue;
    // A function body block is covered by the function scope itself.
    if (ts.isBlock(n) && n.parent && isFunctionLike(n.parent)) continue;
    found = declarationsOf(n).get(name);
  }
  declarationCache.set(identifier, found ?? null);
  return found;
}

/** The scope node whose subtree can refer to `decl` by name. */
export function scopeOfDeclaration(decl: Declaration): ts.Node {
  for (let n: ts.Node | undefined = decl.parent; n; n = n.parent) {
    if (!isScope(n) || (ts.isBlock(n) && n.parent && isFunctionLike(n.parent))) continue;
    for (const d of declarationsOf(n).values()) if (d === decl) return n;
  }
  return decl.getSourceFile();
}

/** Every identifier under `root` named like `decl` and bound to it. */
export function referencesTo(decl: Declaration, name: string, root: ts.Node): ts.Identifier[] {
  const found: ts.Identifier[] = [];
  for (const id of identifiersNamed(root.getSourceFile(), name)) {
    if (id.pos >= root.pos && id.end <= root.end && !isDeclarationName(id) && findDeclaration(id) === decl) found.push(id);
  }
  return found;
}

/** Each parsed file's identifiers by name, in source order: one walk per file serves every reference search. */
const identifierIndex = new WeakMap<ts.SourceFile, Map<string, ts.Identifier[]>>();

function identifiersNamed(sf: ts.SourceFile, name: string): readonly ts.Identifier[] {
  let index = identifierIndex.get(sf);
  if (!index) {
    const built = new Map<string, ts.Identifier[]>();
    forEachDescendant(sf, (node) => {
      if (!ts.isIdentifier(node)) return true;
      const list = built.get(node.text);
      if (list) list.push(node);
      else built.set(node.text, [node]);
      return false;
    });
    identifierIndex.set(sf, (index = built));
  }
  return index.get(name) ?? [];
}

function isDeclarationName(id: ts.Identifier): boolean {
  const p = id.parent;
  if ((ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isFunctionDeclaration(p) || ts.isClassDeclaration(p) ||
      ts.isBindingElement(p) || ts.isImportSpecifier(p) || ts.isImportClause(p) || ts.isNamespaceImport(p) ||
      ts.isEnumDeclaration(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p) ||
      ts.isPropertyAssignment(p) || ts.isPropertySignature(p)) && (p as { name?: ts.Node }).name === id) {
    return true;
  }
  if (ts.isPropertyAccessExpression(p) && p.name === id) return true;
  if (ts.isBindingElement(p) && p.propertyName === id) return true;
  return ts.isImportSpecifier(p) && p.propertyName === id;
}
