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
  /** The folder whose code the file describes (see `compareTopology`); undefined: all the code analyzed. */
  root?: string;
  location(span: Span): SourceLocation;
  /** UTF-16 offset of a 1-based line and column (for edits computed from locations). */
  offsetOf(line: number, column: number): number;
}

export function declaredTopology(file: string, text: string, root?: string): DeclaredTopology {
  const lines = new LineMap(text);
  return {
    file,
    text,
    tree: readTopology(text),
    ...(root !== undefined ? { root } : {}),
    location: (span) => spanToLocation(file, lines, span),
    offsetOf: (line, column) => lines.offset(line - 1, column - 1),
  };
}

/** The same parsed file, describing the code under `root`. */
export function describingFolder(topology: DeclaredTopology, root: string): DeclaredTopology {
  return { ...topology, root };
}
