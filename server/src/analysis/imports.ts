/**
 * Import edges from a cheap text scan, without parsing. Every file gets this; only files that matter are parsed.
 * Over-approximation is harmless (an edge in a comment costs a lookup), so no parser is needed.
 */
const SPECIFIER_PATTERN =
  /\b(?:import|export)\s[^'"`;]*?\bfrom\s*(['"])([^'"\n]+)\1|\bimport\s*\(\s*(['"])([^'"\n]+)\3\s*\)|\brequire\s*\(\s*(['"])([^'"\n]+)\5\s*\)|\bimport\s*(['"])([^'"\n]+)\7/g;

const WORKER_PATTERN = /\bnew\s+Worker\s*\(\s*(?:new\s+URL\s*\(\s*)?(['"`])([^'"`\n]+)\1/g;

const ZMQ_MENTION = /zeromq|\bzmq\b/;

export interface TextScan {
  specifiers: string[];
  workerTargets: string[];
  mentionsZmq: boolean;
}

export function scanText(text: string): TextScan {
  const specifiers = new Set<string>();
  for (const m of text.matchAll(SPECIFIER_PATTERN)) {
    const spec = m[2] ?? m[4] ?? m[6] ?? m[8];
    if (spec) specifiers.add(spec);
  }
  const workerTargets = new Set<string>();
  if (text.includes("Worker")) for (const m of text.matchAll(WORKER_PATTERN)) workerTargets.add(m[2]!);
  return { specifiers: [...specifiers], workerTargets: [...workerTargets], mentionsZmq: ZMQ_MENTION.test(text) };
}

/** Packages whose sockets the analysis understands. */
export const ZMQ_PACKAGES = new Set(["zeromq", "zeromq/draft", "zeromq/v5-compat", "zmq", "zeromq-ng"]);
