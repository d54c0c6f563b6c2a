import { ts } from "./ts";
import { unwrap } from "./ast";

/** What a module exports, read from its syntax: ESM exports, `export =`, and CommonJS assignments. */
export type ExportEntry =
  | { kind: "local"; node: ts.Node }
  | { kind: "reexport"; specifier: string; name: string }
  | { kind: "namespace"; specifier: string };

export interface ExportTable {
  named: Map<string, ExportEntry>;
  stars: string[];
  /** `module.exports = expr` / `export = expr`. */
  whole?: ts.Expression;
}

const exportTables = new WeakMap<ts.SourceFile, ExportTable>();

export function exportTableOf(sf: ts.SourceFile): ExportTable {
  let table = exportTables.get(sf);
  if (table) return table;
  table = { named: new Map(), stars: [] };
  const isExported = (node: ts.Node): boolean =>
    ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const isDefault = (node: ts.Node): boolean =>
    ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
  for (const st of sf.statements) {
    if (ts.isVariableStatement(st) && isExported(st)) {
      for (const d of st.declarationList.declarations) {
        if (ts.isIdentifier(d.name)) table.named.set(d.name.text, { kind: "local", node: d });
      }
    } else if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isEnumDeclaration(st)) && isExported(st)) {
      if (isDefault(st)) table.named.set("default", { kind: "local", node: st });
      else if (st.name) table.named.set(st.name.text, { kind: "local", node: st });
    } else if (ts.isExportAssignment(st)) {
      if (st.isExportEquals) table.whole = st.expression;
      else table.named.set("default", { kind: "local", node: st.expression });
    } else if (ts.isExportDeclaration(st)) {
      const spec = st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) ? st.moduleSpecifier.text : undefined;
      if (!st.exportClause) {
        if (spec) table.stars.push(spec);
      } else if (ts.isNamespaceExport(st.exportClause)) {
        if (spec) table.named.set(st.exportClause.name.text, { kind: "namespace", specifier: spec });
      } else {
        for (const el of st.exportClause.elements) {
          const local = (el.propertyName ?? el.name).text;
          table.named.set(el.name.text, spec ? { kind: "reexport", specifier: spec, name: local } : { kind: "local", node: el.propertyName ?? el.name });
        }
      }
    } else if (ts.isExpressionStatement(st) && isAssignment(st.expression)) {
      // `exports = module.exports = {...}` assigns one value to several targets.
      const targets: string[] = [];
      let value: ts.Expression = st.expression;
      while (isAssignment(value)) {
        targets.push(value.left.getText(sf));
        value = unwrap(value.right);
      }
      for (const text of targets) {
        if (text === "module.exports") table.whole = value;
        const named = commonJsNamedExport(text);
        if (named) table.named.set(named, { kind: "local", node: value });
      }
    }
  }
  exportTables.set(sf, table);
  return table;
}

function isAssignment(e: ts.Expression): e is ts.BinaryExpression {
  return ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken;
}

/** `exports.x` / `module.exports.x` (as source text) → "x". */
export function commonJsNamedExport(targetText: string): string | undefined {
  return /^(?:module\.)?exports\.([A-Za-z_$][\w$]*)$/.exec(targetText)?.[1];
}
