/** Editor features of topology files: the language service's answers as LSP types. */
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  SymbolKind,
  type CompletionItem,
  type DocumentSymbol,
  type Hover,
  type Location,
  type Position,
  type Range,
  type TextEdit,
} from "vscode-languageserver";
import type { ZmqSocket } from "../analysis/model";
import type { DeclaredTopology } from "../analysis/topologyFile/declared";
import type { DriftReport } from "../analysis/topologyFile/drift";
import { formatTopology } from "../analysis/topologyFile/format";
import {
  completionsAt,
  declarationOf,
  definitionAt,
  documentSymbols,
  hoverAt,
  type CodeFacts,
  type CompletionData,
  type SymbolData,
} from "../analysis/topologyFile/languageService";
import type { Span } from "../analysis/topologyFile/syntax";
import { toRange } from "./diagnostics";
import { fileToUri } from "./uris";

function offsetOf(topology: DeclaredTopology, position: Position): number {
  return topology.offsetOf(position.line + 1, position.character + 1);
}

function rangeOf(topology: DeclaredTopology, span: Span): Range {
  return toRange(topology.location(span));
}

export function topologyHover(topology: DeclaredTopology, position: Position, facts: CodeFacts): Hover | null {
  const hover = hoverAt(topology.text, topology.tree, offsetOf(topology, position), facts);
  return hover ? { contents: { kind: MarkupKind.Markdown, value: hover.markdown }, range: rangeOf(topology, hover.span) } : null;
}

const COMPLETION_KINDS: Readonly<Record<CompletionData["kind"], CompletionItemKind>> = {
  keyword: CompletionItemKind.Keyword,
  socketType: CompletionItemKind.Class,
  component: CompletionItemKind.Module,
  socket: CompletionItemKind.Field,
  endpoint: CompletionItemKind.Value,
  option: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  program: CompletionItemKind.File,
  security: CompletionItemKind.EnumMember,
};

export function topologyCompletions(topology: DeclaredTopology, position: Position, facts: CodeFacts): CompletionItem[] {
  return completionsAt(topology.text, topology.tree, offsetOf(topology, position), facts).map((c) => {
    const item: CompletionItem = { label: c.label, kind: COMPLETION_KINDS[c.kind] };
    if (c.detail) item.detail = c.detail;
    if (c.documentation) item.documentation = { kind: MarkupKind.Markdown, value: c.documentation };
    if (c.sortText) item.sortText = c.sortText;
    const text = c.insertText ?? c.label;
    if (c.snippet) item.insertTextFormat = InsertTextFormat.Snippet;
    if (c.replace) item.textEdit = { range: rangeOf(topology, c.replace), newText: text };
    else if (c.insertText) item.insertText = text;
    return item;
  });
}

export function topologyDefinition(topology: DeclaredTopology, position: Position, facts: CodeFacts, uri: string): Location[] {
  return definitionAt(topology.tree, offsetOf(topology, position), facts).map((target) =>
    "span" in target ? { uri, range: rangeOf(topology, target.span) } : { uri: fileToUri(target.file), range: toRange(target) });
}

/** From a socket in code to its declaration in the topology file (`openUri`: the URI it is open under). */
export function codeToDeclaration(topology: DeclaredTopology, report: DriftReport, socket: ZmqSocket, openUri: string | undefined): Location | null {
  const declared = declarationOf(report, socket);
  return declared ? { uri: openUri ?? fileToUri(topology.file), range: rangeOf(topology, declared.socket.role.span) } : null;
}

const SYMBOL_KINDS: Readonly<Record<SymbolData["kind"], SymbolKind>> = {
  topology: SymbolKind.File,
  component: SymbolKind.Module,
  socket: SymbolKind.Field,
  endpoint: SymbolKind.String,
  link: SymbolKind.Event,
  option: SymbolKind.Property,
};

export function topologySymbols(topology: DeclaredTopology): DocumentSymbol[] {
  const convert = (s: SymbolData): DocumentSymbol => ({
    name: s.name || " ",
    ...(s.detail ? { detail: s.detail } : {}),
    kind: SYMBOL_KINDS[s.kind],
    range: rangeOf(topology, s.span),
    selectionRange: rangeOf(topology, s.selection),
    children: s.children.map(convert),
  });
  return documentSymbols(topology.tree).map(convert);
}

/** One edit replacing the whole text, or none when the file has syntax errors (nothing to format safely). */
export function topologyFormatting(topology: DeclaredTopology): TextEdit[] {
  const formatted = formatTopology(topology.text);
  if (formatted === undefined || formatted === topology.text) return [];
  return [{ range: rangeOf(topology, { start: 0, end: topology.text.length }), newText: formatted }];
}
