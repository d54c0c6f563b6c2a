/**
 * What an editor of a topology file gets: completion, hovers, go to definition and the outline. Pure
 * data with spans (UTF-16 offsets into the topology file) or code SourceLocations; the LSP glue turns
 * them into protocol types. One module per feature: completion.ts, hover.ts, navigation.ts, symbols.ts.
 */
import type { GraphSnapshot } from "../model";
import type { DriftReport } from "./drift";
import type { Span } from "./syntax";

/** What the code offers to the editor of a topology file. */
export interface CodeFacts {
  snapshot: GraphSnapshot;
  /** compareTopology(tree, snapshot) */
  report: DriftReport;
  /** The topology file's folder: code locations are shown relative to it. */
  base: string;
}

export interface CompletionData {
  label: string;
  kind: "keyword" | "socketType" | "component" | "socket" | "endpoint" | "option" | "value" | "program" | "security";
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** Plain text, or a snippet when `snippet` is true. */
  insertText?: string;
  snippet?: boolean;
  /** The half-typed word the item replaces. */
  replace?: Span;
  sortText?: string;
}

export interface SymbolData {
  name: string;
  detail?: string;
  kind: "topology" | "component" | "socket" | "endpoint" | "link" | "option";
  /** The whole declaration. */
  span: Span;
  /** The name. */
  selection: Span;
  children: SymbolData[];
}

export { completionsAt } from "./completion";
export { hoverAt } from "./hover";
export { declarationOf, definitionAt } from "./navigation";
export { documentSymbols } from "./symbols";
