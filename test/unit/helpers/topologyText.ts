import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Span } from "../../../server/src/analysis/topologyFile/syntax";

/** The full example of docs/topology-file.md, which must stay valid. */
export function docsExample(): string {
  const doc = readFileSync(join(__dirname, "..", "..", "..", "docs", "topology-file.md"), "utf8");
  const example = doc.split("```zmqtopo\n")[1]?.split("```")[0];
  if (example === undefined) throw new Error("docs/topology-file.md has no zmqtopo example");
  return example;
}

/** The span of the `occurrence`-th (0-based) `needle` in `text`. */
export function spanOf(text: string, needle: string, occurrence = 0): Span {
  let start = -1;
  for (let i = 0; i <= occurrence; i++) {
    start = text.indexOf(needle, start + 1);
    if (start < 0) throw new Error(`'${needle}' #${occurrence} not in text`);
  }
  return { start, end: start + needle.length };
}

/** A deterministic pseudo-random generator (mulberry32), so a failing fuzz case can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Removes spans (and so positions) from a parsed tree, to compare meaning. */
export function withoutSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSpans);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (key === "span" || key === "statementSpan") continue;
      out[key] = withoutSpans(inner);
    }
    return out;
  }
  return value;
}
