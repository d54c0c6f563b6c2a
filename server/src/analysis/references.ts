import { ts } from "./ts";
import { enclosingClassOfThis, forEachDescendant, propertyNameText, semanticParent, unwrap } from "./ast";
import { commonJsNamedExport } from "./exportTable";
import { findDeclaration, referencesTo, scopeOfDeclaration, type Declaration } from "./scope";
import type { Workspace } from "./workspace";

/** Who imports a file: supplied by the graph, which keeps the reverse import edges. */
export interface ImporterIndex {
  importersOf(file: string): readonly string[];
}

/** The name a module-level declaration is exported under (ESM `export`, `export { x }`, CommonJS `exports.x = x`), if any. */
export function exportedNameOf(decl: ts.Node): string | undefined {
  let statement: ts.Node = decl;
  if (ts.isVariableDeclaration(decl)) statement = decl.parent.parent;
  if (!ts.isSourceFile(statement.parent)) return undefined;
  const name = (decl as { name?: ts.Node }).name;
  const localName = name && ts.isIdentifier(name) ? name.text : undefined;
  if (!localName) return undefined;
  const modifiers = ts.canHaveModifiers(statement) ? ts.getModifiers(statement) ?? [] : [];
  if (modifiers.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
    return modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) ? "default" : localName;
  }
  for (const st of statement.parent.statements) {
    if (ts.isExportDeclaration(st) && !st.moduleSpecifier && st.exportClause && ts.isNamedExports(st.exportClause)) {
      for (const el of st.exportClause.elements) if ((el.propertyName ?? el.name).text === localName) return el.name.text;
    }
    if (ts.isExportAssignment(st) && ts.isIdentifier(st.expression) && st.expression.text === localName) return "default";
    if (ts.isExpressionStatement(st) && ts.isBinaryExpression(st.expression)) {
      // module.exports = makeSocket: the module is the function, like a default export.
      if (st.expression.left.getText() === "module.exports" && ts.isIdentifier(st.expression.right) && st.expression.right.text === localName) return "default";
      const named = commonJsNamedExport(st.expression.left.getText());
      if (named && ts.isIdentifier(st.expression.right) && st.expression.right.text === localName) return named;
      if (st.expression.left.getText() === "module.exports" && ts.isObjectLiteralExpression(unwrap(st.expression.right))) {
        for (const p of (unwrap(st.expression.right) as ts.ObjectLiteralExpression).properties) {
          if (ts.isShorthandPropertyAssignment(p) && p.name.text === localName) return localName;
          if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.initializer) && p.initializer.text === localName) return propertyNameText(p.name);
        }
      }
    }
  }
  return undefined;
}

/**
 * Every expression, in the declaring file and in the files importing it, that denotes `decl`:
 * identifiers bound to it, `ns.name` through namespace imports and `require()` results.
 */
export function expressionsDenoting(decl: Declaration, ws: Workspace, index: ImporterIndex): ts.Expression[] {
  const nameNode = (decl as { name?: ts.Node }).name;
  if (!nameNode || !ts.isIdentifier(nameNode)) return [];
  const found: ts.Expression[] = referencesTo(decl, nameNode.text, scopeOfDeclaration(decl));
  const exported = exportedNameOf(decl);
  if (exported) found.push(...exportedReferences(decl.getSourceFile().fileName, exported, ws, index));
  return found;
}

/** Expressions in other files that denote export `name` of `file`, through barrels that re-export it too. */
export function exportedReferences(file: string, name: string, ws: Workspace, index: ImporterIndex): ts.Expression[] {
  const found: ts.Expression[] = [];
  const queue: [string, string][] = [[file, name]];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const [target, exported] = queue.shift()!;
    const key = `${target}#${exported}`;
    if (seen.has(key)) continue;
    seen.add(key);
    for (const importer of index.importersOf(target)) {
      const sf = ws.sourceFile(importer);
      if (!sf) continue;
      found.push(...importedReferences(sf, target, exported, ws));
      for (const alias of reexportedAs(sf, target, exported, ws)) queue.push([importer, alias]);
    }
  }
  return found;
}

/**
 * Names under which `sf` re-exports export `name` of `target`: `export *`, `export { name as alias }`,
 * and the CommonJS forms `exports.x = require(t)`, `module.exports = { x: require(t) }`,
 * `module.exports = { ...require(t) }`, `module.exports = require(t)` and `{ x }` of a required local.
 */
function reexportedAs(sf: ts.SourceFile, target: string, name: string, ws: Workspace): string[] {
  const aliases: string[] = [];
  // What a require() expression of `target` yields, seen as export `name`: the whole module or one member.
  const requiredAs = (expr: ts.Expression): "whole" | "member" | undefined => {
    let e = unwrap(expr);
    let member: string | undefined;
    if (ts.isPropertyAccessExpression(e)) {
      member = e.name.text;
      e = unwrap(e.expression);
    }
    if (!ts.isCallExpression(e) || !ts.isIdentifier(e.expression) || e.expression.text !== "require") return undefined;
    const spec = e.arguments[0];
    if (!spec || !ts.isStringLiteralLike(spec) || ws.resolveImport(sf.fileName, spec.text) !== target) return undefined;
    if (member === undefined) return "whole";
    return member === name ? "member" : undefined;
  };
  const localRequire = (id: ts.Identifier): "whole" | "member" | undefined => {
    const decl = findDeclaration(id);
    return decl && ts.isVariableDeclaration(decl) && decl.initializer ? requiredAs(decl.initializer) : undefined;
  };
  const fromValue = (alias: string, value: ts.Expression): void => {
    const v = unwrap(value);
    const how = ts.isIdentifier(v) ? localRequire(v) : requiredAs(v);
    if ((how === "whole" && name === "default") || how === "member") aliases.push(alias);
  };
  for (const st of sf.statements) {
    if (ts.isExpressionStatement(st) && ts.isBinaryExpression(st.expression) && st.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = st.expression.left.getText();
      const right = unwrap(st.expression.right);
      const named = commonJsNamedExport(left);
      if (named) fromValue(named, right);
      else if (left === "module.exports") {
        if (requiredAs(right) === "whole") aliases.push(name);
        if (ts.isObjectLiteralExpression(right)) {
          for (const p of right.properties) {
            if (ts.isPropertyAssignment(p)) {
              const key = propertyNameText(p.name);
              if (key !== undefined) fromValue(key, p.initializer);
            } else if (ts.isShorthandPropertyAssignment(p)) {
              fromValue(p.name.text, p.name);
            } else if (ts.isSpreadAssignment(p) && requiredAs(p.expression) === "whole") {
              aliases.push(name);
            }
          }
        }
      }
      continue;
    }
    if (!ts.isExportDeclaration(st) || !st.moduleSpecifier || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    if (ws.resolveImport(sf.fileName, st.moduleSpecifier.text) !== target) continue;
    if (!st.exportClause) {
      if (name !== "default") aliases.push(name);
    } else if (ts.isNamedExports(st.exportClause)) {
      for (const el of st.exportClause.elements) if ((el.propertyName ?? el.name).text === name) aliases.push(el.name.text);
    }
  }
  return aliases;
}

function importedReferences(sf: ts.SourceFile, target: string, exported: string, ws: Workspace): ts.Expression[] {
  const found: ts.Expression[] = [];
  const resolvesToTarget = (spec: ts.Expression): boolean =>
    ts.isStringLiteralLike(spec) && ws.resolveImport(sf.fileName, spec.text) === target;
  const namespaceMembers = (decl: Declaration, name: string): void => {
    for (const ref of referencesTo(decl, name, sf)) {
      const { parent } = semanticParent(ref);
      if (ts.isPropertyAccessExpression(parent) && parent.name.text === exported) found.push(parent);
    }
  };
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && st.importClause && resolvesToTarget(st.moduleSpecifier)) {
      const clause = st.importClause;
      if (clause.name && exported === "default") found.push(...referencesTo(clause, clause.name.text, sf));
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) namespaceMembers(bindings, bindings.name.text);
      if (bindings && ts.isNamedImports(bindings)) {
        for (const el of bindings.elements) {
          if ((el.propertyName ?? el.name).text === exported) found.push(...referencesTo(el, el.name.text, sf));
        }
      }
    }
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        let init = d.initializer && unwrap(d.initializer);
        // const make = require("./m").make
        let member: string | undefined;
        if (init && ts.isPropertyAccessExpression(init)) {
          member = init.name.text;
          init = unwrap(init.expression);
        }
        if (!init || !ts.isCallExpression(init) || !ts.isIdentifier(init.expression) || init.expression.text !== "require") continue;
        if (!init.arguments[0] || !resolvesToTarget(init.arguments[0])) continue;
        if (member !== undefined) {
          if (member === exported && ts.isIdentifier(d.name)) found.push(...referencesTo(d, d.name.text, sf));
        } else if (ts.isIdentifier(d.name)) {
          namespaceMembers(d, d.name.text);
          // `module.exports = fn` makes the required value itself the export.
          if (exported === "default") found.push(...referencesTo(d, d.name.text, sf));
        }
        else if (ts.isObjectBindingPattern(d.name)) {
          for (const el of d.name.elements) {
            const key = el.propertyName ? propertyNameText(el.propertyName) : ts.isIdentifier(el.name) ? el.name.text : undefined;
            if (key === exported && ts.isIdentifier(el.name)) found.push(...referencesTo(el, el.name.text, sf));
          }
        }
      }
    }
  }
  return found;
}

/** `this.name` expressions inside the class (including arrow functions, which share `this`). */
export function thisMemberReferences(cls: ts.ClassLikeDeclaration, name: string): ts.PropertyAccessExpression[] {
  const found: ts.PropertyAccessExpression[] = [];
  forEachDescendant(cls, (n) => {
    if (ts.isPropertyAccessExpression(n) && n.expression.kind === ts.SyntaxKind.ThisKeyword && n.name.text === name &&
        enclosingClassOfThis(n) === cls) {
      found.push(n);
    }
  });
  return found;
}

