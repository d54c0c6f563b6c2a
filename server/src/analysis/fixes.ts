import { forEachDescendant } from "./ast";
import type { Finding, Fix, TextEdit } from "./diagnostics";
import type { SourceLocation, ZmqSocket } from "./model";
import type { SourceAccess } from "./rules/rule";
import { V6_CLASS_TYPES } from "./socketTypes";
import { ts } from "./ts";

export type OptionLiteral = number | boolean;

export function offsetOf(sf: ts.SourceFile, loc: { line: number; column: number }): number {
  return sf.getPositionOfLineAndCharacter(loc.line - 1, loc.column - 1);
}

/** The outermost call or `new` expression starting exactly at `loc`. */
export function expressionAt(sf: ts.SourceFile, loc: SourceLocation): ts.CallExpression | ts.NewExpression | undefined {
  const offset = offsetOf(sf, loc);
  let found: ts.CallExpression | ts.NewExpression | undefined;
  // Not plain recursion: generated or chained code can nest deeper than the call stack allows.
  forEachDescendant(sf, (node) => {
    if (found || node.pos > offset || node.end <= offset) return false;
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.getStart(sf) === offset) found = node;
    return true;
  });
  return found;
}

/** The statement that holds `expr` as `const h = expr;` or `h = expr;` / `this.h = expr;`, with the holder's text. */
export function holdingStatement(expr: ts.Expression): { statement: ts.Statement; holder: string } | undefined {
  let node: ts.Node = expr;
  while (ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isAwaitExpression(node.parent) || ts.isNonNullExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name) &&
      ts.isVariableDeclarationList(parent.parent) && parent.parent.declarations.length === 1 && ts.isVariableStatement(parent.parent.parent)) {
    return { statement: parent.parent.parent, holder: parent.name.text };
  }
  if (ts.isBinaryExpression(parent) && parent.right === node && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isExpressionStatement(parent.parent)) {
    const left = parent.left;
    if (ts.isIdentifier(left) || (ts.isPropertyAccessExpression(left) && (ts.isIdentifier(left.expression) || left.expression.kind === ts.SyntaxKind.ThisKeyword))) {
      return { statement: parent.parent, holder: left.getText() };
    }
  }
  return undefined;
}

function indentationAt(sf: ts.SourceFile, offset: number): string {
  const lineStart = sf.getPositionOfLineAndCharacter(sf.getLineAndCharacterOfPosition(offset).line, 0);
  return /^[ \t]*/.exec(sf.text.slice(lineStart, offset))![0];
}

function usesSemicolons(statement: ts.Statement): boolean {
  return statement.getText().trimEnd().endsWith(";");
}

function newline(sf: ts.SourceFile): string {
  return sf.text.includes("\r\n") ? "\r\n" : "\n";
}

/** How the file writes code, so inserted code looks like the code around it. */
export interface CodeStyle {
  quote: "'" | '"';
  semicolons: boolean;
  /** `var` in files that never use `const`/`let` (ES5-era v5 code). */
  declare: "const" | "var";
}

export function codeStyleOf(sf: ts.SourceFile): CodeStyle {
  const text = sf.text;
  const single = (text.match(/(^|[(,=:\s])'[^'\n]*'/g) ?? []).length;
  const double = (text.match(/(^|[(,=:\s])"[^"\n]*"/g) ?? []).length;
  const lines = text.split("\n").map((l) => l.trimEnd()).filter((l) => /[\w)\]'"`]$/.test(l) || l.endsWith(";"));
  const withSemicolon = lines.filter((l) => l.endsWith(";")).length;
  return {
    quote: single > double ? "'" : '"',
    semicolons: withSemicolon * 2 >= lines.length,
    declare: /\b(const|let)\s/.test(text) || !/\bvar\s/.test(text) ? "const" : "var",
  };
}

/** Inserts `lines` (statements without their `;`) after `statement`, in its indentation and semicolon style. */
export function insertAfterStatement(sf: ts.SourceFile, statement: ts.Statement, lines: string[]): TextEdit {
  const indent = indentationAt(sf, statement.getStart(sf));
  const semi = usesSemicolons(statement) ? ";" : "";
  const nl = newline(sf);
  return { file: sf.fileName, start: statement.end, end: statement.end, newText: lines.map((l) => `${nl}${indent}${l}${semi}`).join("") };
}

/** The namespace the file imports zeromq as (`zmq` in `import * as zmq from "zeromq"` / `const zmq = require("zeromq")`). */
function zeromqNamespace(sf: ts.SourceFile): string | undefined {
  const m = /import\s+\*\s+as\s+([\w$]+)\s+from\s+["'](?:zeromq|zmq)(?:\/v5-compat)?["']|(?:const|let|var)\s+([\w$]+)\s*=\s*require\(\s*["'](?:zeromq|zmq)(?:\/v5-compat)?["']\s*\)/.exec(sf.text);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** Adds `name: value` entries to an object literal, keeping its one-line or multi-line layout. */
function addToObjectLiteral(sf: ts.SourceFile, obj: ts.ObjectLiteralExpression, entries: [string, OptionLiteral][]): TextEdit {
  const text = entries.map(([k, v]) => `${k}: ${String(v)}`);
  const last = obj.properties[obj.properties.length - 1];
  if (!last) return { file: sf.fileName, start: obj.getStart(sf), end: obj.end, newText: `{ ${text.join(", ")} }` };
  const multiline = sf.getLineAndCharacterOfPosition(obj.getStart(sf)).line !== sf.getLineAndCharacterOfPosition(last.getStart(sf)).line;
  const trailingComma = obj.properties.hasTrailingComma;
  const at = trailingComma ? sf.text.indexOf(",", last.end) + 1 : last.end;
  if (multiline) {
    const indent = indentationAt(sf, last.getStart(sf));
    const nl = newline(sf);
    const body = text.map((t) => `${nl}${indent}${t}`).join(",");
    return { file: sf.fileName, start: at, end: at, newText: trailingComma ? `${body},` : `,${body}` };
  }
  return { file: sf.fileName, start: at, end: at, newText: trailingComma ? ` ${text.join(", ")},` : `, ${text.join(", ")}` };
}

/** `new zmq.Request(...)`, `new Request(...)`: a zeromq.js v6 class itself, not a wrapper. */
function isV6ClassConstruction(node: ts.Node): node is ts.NewExpression {
  if (!ts.isNewExpression(node)) return false;
  const callee = node.expression;
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : "";
  return Object.hasOwn(V6_CLASS_TYPES, name);
}

/** libzmq constant names of the options fixes set. */
const CONSTANTS: Readonly<Record<string, { name: string; id: number }>> = {
  linger: { name: "ZMQ_LINGER", id: 17 },
  receiveTimeout: { name: "ZMQ_RCVTIMEO", id: 27 },
  sendTimeout: { name: "ZMQ_SNDTIMEO", id: 28 },
  mandatory: { name: "ZMQ_ROUTER_MANDATORY", id: 33 },
};

/**
 * Edits that set socket options where the socket is made: in the v6 constructor's options object (or a
 * new one), else as statements after the one that stores the socket (`sock.linger = 0`, or v5
 * `sock.setsockopt(zmq.ZMQ_LINGER, 0)`). Undefined when there is no safe place.
 */
export function socketOptionEdits(socket: ZmqSocket, options: Record<string, OptionLiteral>, sources: SourceAccess): TextEdit[] | undefined {
  const entries = Object.entries(options);
  const created = socket.createdAt ?? socket.location;
  const createdSf = sources.sourceFile(created.file);
  const creation = createdSf && expressionAt(createdSf, created);
  // Only a socket made right here gets the options in its constructor: a shared factory makes other sockets too.
  if (createdSf && creation && !socket.createdAt && socket.api === "v6" && isV6ClassConstruction(creation)) {
    const arg = creation.arguments?.[0];
    if (!arg) {
      const close = creation.arguments ? creation.end - 1 : creation.end;
      const inner = `{ ${entries.map(([k, v]) => `${k}: ${String(v)}`).join(", ")} }`;
      return [{ file: createdSf.fileName, start: close, end: close, newText: creation.arguments ? inner : `(${inner})` }];
    }
    if (ts.isObjectLiteralExpression(arg)) return [addToObjectLiteral(createdSf, arg, entries)];
  }
  const sf = sources.sourceFile(socket.location.file);
  const at = sf && expressionAt(sf, socket.location);
  const held = at && holdingStatement(at);
  if (!sf || !held) return undefined;
  const lines = entries.map(([k, v]) => {
    if (socket.api === "v6") return `${held.holder}.${k} = ${String(v)}`;
    const c = CONSTANTS[k];
    if (!c) return `${held.holder}.${k} = ${String(v)}`;
    const ns = zeromqNamespace(sf);
    const value = typeof v === "boolean" ? (v ? 1 : 0) : v;
    return `${held.holder}.setsockopt(${ns ? `${ns}.${c.name}` : `${c.id} /* ${c.name} */`}, ${value})`;
  });
  return [insertAfterStatement(sf, held.statement, lines)];
}

/** A `// zmq-topology-disable-next-line <rule>` comment above the finding, or the rule added to one already there. */
export function suppressionFix(finding: Finding, sources: SourceAccess): Fix | undefined {
  const sf = sources.sourceFile(finding.location.file);
  if (!sf) return undefined;
  const lineIndex = finding.location.line - 1;
  const lineStart = sf.getPositionOfLineAndCharacter(lineIndex, 0);
  const title = `Suppress ${finding.rule} on this line`;
  if (lineIndex > 0) {
    const prevStart = sf.getPositionOfLineAndCharacter(lineIndex - 1, 0);
    const prev = sf.text.slice(prevStart, lineStart).replace(/\r?\n$/, "");
    const m = /\/\/[ \t]*zmq-topology-disable-next-line(?![\w-])[ \t]*([^\r\n]*?)[ \t]*$/.exec(prev);
    if (m && m[1]) {
      // Rule ids come before an optional ` -- reason`: the new id joins them there.
      const reason = m[1].indexOf("--");
      const ids = (reason >= 0 ? m[1].slice(0, reason) : m[1]).trimEnd();
      if (ids) {
        const at = prevStart + m.index + m[0].length - m[1].length + ids.length;
        return { title, kind: "suppress", edits: [{ file: sf.fileName, start: at, end: at, newText: `, ${finding.rule}` }] };
      }
    }
  }
  const indent = /^[ \t]*/.exec(sf.text.slice(lineStart))![0];
  return { title, kind: "suppress", edits: [{ file: sf.fileName, start: lineStart, end: lineStart, newText: `${indent}// zmq-topology-disable-next-line ${finding.rule}${newline(sf)}` }] };
}

/** Applies edits to one text, last first; an edit overlapping one already applied is dropped. */
export function applyEdits(text: string, edits: readonly TextEdit[]): { text: string; applied: TextEdit[]; dropped: TextEdit[] } {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  const applied: TextEdit[] = [];
  const dropped: TextEdit[] = [];
  let out = text;
  let floor = Infinity;
  for (const e of sorted) {
    // Two inserts at one point both apply; anything else that overlaps a later edit is dropped.
    if (e.end > floor || (e.end === floor && e.start !== e.end && applied.some((a) => a.start === floor && a.end > floor))) {
      dropped.push(e);
      continue;
    }
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    applied.push(e);
    floor = e.start;
  }
  return { text: out, applied, dropped };
}

/** The finding has a fix of its own that `--fix` may apply (not a suppression, not one left to the user). */
export function isFixable(f: Finding): boolean {
  return f.fixes?.some(isAutomatic) ?? false;
}

function isAutomatic(fix: Fix): boolean {
  return fix.kind === "quickfix" && !fix.manual;
}

/**
 * Each finding's own fix (not the suppression), grouped by file, whole fixes only: a fix whose edits
 * clash with one already taken waits for the next round. `count` is how many findings' fixes were taken.
 */
export function fixesToApply(findings: readonly Finding[]): { byFile: Map<string, TextEdit[]>; count: number } {
  const byFile = new Map<string, TextEdit[]>();
  let count = 0;
  const taken: TextEdit[] = [];
  // Two different insertions at one point clash too: two fixes that each create an options object for
  // `new zmq.Request()` would otherwise produce `({ linger: 0 }{ receiveTimeout: 5000 })`. The later
  // fix applies in the next round, on the re-analyzed text.
  const clashes = (e: TextEdit): boolean => taken.some((t) => t.file === e.file &&
    ((e.start < t.end && t.start < e.end) || (e.start === e.end && t.start === t.end && e.start === t.start && e.newText !== t.newText)));
  for (const f of findings) {
    const fix = f.fixes?.find(isAutomatic);
    if (!fix || fix.edits.some(clashes)) continue;
    count++;
    for (const e of fix.edits) {
      // The same edit offered by two findings (both ends of one link) applies once.
      if (taken.some((t) => t.file === e.file && t.start === e.start && t.end === e.end && t.newText === e.newText)) continue;
      taken.push(e);
      let list = byFile.get(e.file);
      if (!list) byFile.set(e.file, (list = []));
      list.push(e);
    }
  }
  return { byFile, count };
}
