import type { SourceLocation } from "../model";
import { LineMap, spanToLocation } from "./lineMap";
import { readTopology } from "./validate";
import type { Span, TopologyFile } from "./syntax";

/** A topology file as the analysis uses it: where it is, its tree, and its spans as source locations. */
export interface DeclaredTopology {
  /** Absolute path with forward slashes, like every analysis location. */
  file: string;
  text: string;
  tree: TopologyFile;
  location(span: Span): SourceLocation;
  /** UTF-16 offset of a 1-based line and column (for edits computed from locations). */
  offsetOf(line: number, column: number): number;
}

export function declaredTopology(file: string, text: string): DeclaredTopology {
  const lines = new LineMap(text);
  return {
    file,
    text,
    tree: readTopology(text),
    location: (span) => spanToLocation(file, lines, span),
    offsetOf: (line, column) => lines.offset(line - 1, column - 1),
  };
}
