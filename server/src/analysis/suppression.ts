/**
 * Suppression comments:
 *   // zmq-topology-disable-next-line rule-a, rule-b     (no rule ids: every rule; the block form works too)
 *   /* zmq-topology-disable rule-a *\/ ... /* zmq-topology-enable *\/
 */
export interface Suppressions {
  isSuppressed(rule: string, line: number): boolean;
}

const COMMENT = /\/\/[ \t]*zmq-topology-disable-next-line(?![\w-])([^\r\n]*)|\/\*[ \t]*zmq-topology-disable-next-line(?![\w-])([\s\S]*?)\*\/|\/\*[ \t]*zmq-topology-(disable|enable)(?![\w-])([\s\S]*?)\*\//g;

interface Range {
  rules: Set<string> | "all";
  from: number;
  to: number;
}

export function parseSuppressions(text: string): Suppressions {
  if (!text.includes("zmq-topology-")) return { isSuppressed: () => false };
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const ranges: Range[] = [];
  const open = new Map<string, number>();
  let openAll: number | undefined;
  for (const m of text.matchAll(COMMENT)) {
    const line = lineOf(m.index);
    const nextLine = m[1] ?? m[2];
    if (nextLine !== undefined) {
      // The line after the comment's last line (a block comment may span several).
      ranges.push({ rules: ruleList(nextLine), from: lineOf(m.index + m[0].length) + 1, to: lineOf(m.index + m[0].length) + 1 });
      continue;
    }
    const rules = ruleList(m[4] ?? "");
    if (m[3] === "disable") {
      if (rules === "all") openAll ??= line;
      else for (const r of rules) if (!open.has(r)) open.set(r, line);
    } else {
      const closing = rules === "all" ? [...open.keys()] : [...rules];
      for (const r of closing) {
        const from = open.get(r);
        if (from !== undefined) ranges.push({ rules: new Set([r]), from, to: line });
        open.delete(r);
      }
      if (rules === "all" && openAll !== undefined) {
        ranges.push({ rules: "all", from: openAll, to: line });
        openAll = undefined;
      }
    }
  }
  for (const [r, from] of open) ranges.push({ rules: new Set([r]), from, to: Infinity });
  if (openAll !== undefined) ranges.push({ rules: "all", from: openAll, to: Infinity });
  return {
    isSuppressed: (rule, line) => ranges.some((r) => line >= r.from && line <= r.to && (r.rules === "all" || r.rules.has(rule))),
  };
}

/** `rule-a, rule-b -- why` → the ids; nothing before an optional `--` reason means every rule. */
function ruleList(text: string): Set<string> | "all" {
  const ids = text.split("--")[0]!.split(/[\s,]+/).filter((s) => s.length > 0);
  return ids.length === 0 ? "all" : new Set(ids);
}
