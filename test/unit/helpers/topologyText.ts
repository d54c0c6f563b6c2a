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

/** The corpus' seeded generator (mulberry32), so a failing fuzz case can be replayed. */
export { mulberry32 as seededRandom } from "../../helpers/corpus";

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
