/** In-memory workspaces for SocketGraph tests. */
import { SocketGraph, type GraphSnapshot } from "../../../server/src/analysis/graph";
import type { ZmqSocket } from "../../../server/src/analysis/model";

export interface Project {
  /** Absolute path -> source text. */
  files: Record<string, string>;
  /** Folder -> package.json text (or object, serialized). */
  packages?: Record<string, string | object>;
}

export function analyze(project: Project): { graph: SocketGraph; snapshot: GraphSnapshot } {
  const graph = new SocketGraph();
  for (const [dir, pkg] of Object.entries(project.packages ?? {})) {
    graph.loadPackageJson(dir, typeof pkg === "string" ? pkg : JSON.stringify(pkg));
  }
  for (const [file, text] of Object.entries(project.files)) graph.loadFile(file, text);
  return { graph, snapshot: graph.analyzeAll() };
}

/** A compact view of a socket for assertions. */
export interface SocketView {
  type: string;
  holder: string;
  binds: string[];
  connects: string[];
  options: Record<string, unknown>;
  subscriptions: (string | null)[];
  context: string;
  at: string;
}

export function view(s: ZmqSocket): SocketView {
  const options: Record<string, unknown> = {};
  for (const o of s.options) options[o.name] = o.value;
  return {
    type: s.type,
    holder: s.holder,
    binds: s.binds.map((b) => b.text),
    connects: s.connects.map((c) => c.text),
    options,
    subscriptions: s.subscriptions.map((x) => x.value),
    context: s.context,
    at: `${s.location.file}:${s.location.line}:${s.location.column}`,
  };
}

/** Line:column (1-based) of the first occurrence of `needle` in `text` (the `occurrence`-th when given). */
export function positionOf(text: string, needle: string, occurrence = 1): { line: number; column: number } {
  let index = -1;
  for (let i = 0; i < occurrence; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`${JSON.stringify(needle)} (#${occurrence}) not found`);
  }
  const before = text.slice(0, index).split("\n");
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

export function at(file: string, text: string, needle: string, occurrence = 1): string {
  const p = positionOf(text, needle, occurrence);
  return `${file}:${p.line}:${p.column}`;
}

/** The single socket whose holder is `holder`; fails listing what was found otherwise. */
export function byHolder(snapshot: GraphSnapshot, holder: string): ZmqSocket {
  const found = snapshot.sockets.filter((s) => s.holder === holder);
  if (found.length !== 1) {
    throw new Error(`expected one socket held by ${holder}, found ${found.length}: ${JSON.stringify(snapshot.sockets.map(view), null, 1)}`);
  }
  return found[0]!;
}
