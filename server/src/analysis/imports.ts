/**
 * Import edges from a cheap text scan, without parsing. Every file gets this; only files that matter are parsed.
 * An edge found in a comment costs a lookup and can widen a program; type-only imports are left out.
 */
const SPECIFIER_PATTERN =
  /\b(import|export)\s+(type\s+)?[^'"`;]*?\bfrom\s*(['"])([^'"\n]+)\3|\bimport\s*\(\s*(['"])([^'"\n]+)\5\s*\)|\brequire\s*\(\s*(['"])([^'"\n]+)\7\s*\)|\bimport\s*(['"])([^'"\n]+)\9/g;

const WORKER_PATTERN = /\bnew\s+Worker\s*\(\s*(?:new\s+URL\s*\(\s*)?(['"`])([^'"`\n]+)\1/g;

const ZMQ_MENTION = /zeromq|\bzmq\b/;

/** `child_process` calls that start a process: `fork` always runs Node, the others only when a Node marker appears. */
const FORK_CALL = /\bfork\s*\(/;
const SPAWN_CALL = /\b(?:spawn|exec|execFile)(?:Sync)?\s*\(/;
/** What a command line that runs Node (this program again, most often) mentions. */
const NODE_MARKER = /\bprocess\s*\.\s*(?:execPath|argv)\b|\b__filename\b|\bimport\.meta\.(?:url|filename)\b|(['"`])(?:node|ts-node|tsx)(?=['"`\s])/;

export interface TextScan {
  specifiers: string[];
  /** Specifiers of `export ... from` statements: what this file passes on from other modules. */
  reexports: string[];
  workerTargets: string[];
  mentionsZmq: boolean;
  /**
   * The file may start more Node processes running the program's code: it imports `cluster`, or imports
   * `child_process` and calls `fork`, or `spawn`/`exec`/`execFile` with a Node marker in the file
   * (`process.execPath`, `process.argv`, `__filename`, `import.meta.url`, a `"node ..."` command).
   */
  startsProcesses: boolean;
}

export function scanText(text: string): TextScan {
  const specifiers = new Set<string>();
  const reexports = new Set<string>();
  for (const m of text.matchAll(SPECIFIER_PATTERN)) {
    if (m[4] !== undefined) {
      if (m[2]) continue; // import type / export type: erased at run time
      const spec = detached(m[4]);
      specifiers.add(spec);
      if (m[1] === "export") reexports.add(spec);
      continue;
    }
    const spec = m[6] ?? m[8] ?? m[10];
    if (spec) specifiers.add(detached(spec));
  }
  const workerTargets = new Set<string>();
  if (text.includes("Worker")) for (const m of text.matchAll(WORKER_PATTERN)) workerTargets.add(detached(m[2]!));
  return {
    specifiers: [...specifiers], reexports: [...reexports], workerTargets: [...workerTargets], mentionsZmq: ZMQ_MENTION.test(text),
    startsProcesses: startsProcesses(specifiers, text),
  };
}

/**
 * A copy of a match that does not keep the whole file text alive: V8 represents a longer substring as a
 * slice of its parent string, and the scans of every file in the workspace outlive their texts.
 */
function detached(match: string): string {
  return Buffer.from(match, "utf8").toString("utf8");
}

function startsProcesses(specifiers: ReadonlySet<string>, text: string): boolean {
  if (specifiers.has("cluster") || specifiers.has("node:cluster")) return true;
  if (!specifiers.has("child_process") && !specifiers.has("node:child_process")) return false;
  return FORK_CALL.test(text) || (SPAWN_CALL.test(text) && NODE_MARKER.test(text));
}

/** Packages whose sockets the analysis understands. */
export const ZMQ_PACKAGES = new Set(["zeromq", "zeromq/draft", "zeromq/v5-compat", "zmq", "zeromq-ng"]);
