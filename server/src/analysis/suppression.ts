/**
 * Suppression comments:
 *   // zmq-topology-disable-next-line rule-a, rule-b     (no rule ids: every rule)
 *   /* zmq-topology-disable rule-a *\/ ... /* zmq-topology-enable *\/
 */
export interface Suppressions {
  isSuppressed(rule: string, line: number): boolean;
}

const COMMENT = /\/\/[ \t]*zmq-topology-disable-next-line\b([^\r\n]*)|\/\*[ \t]*zmq-topology-(disable|enable)\b([\s\S]*?)\*\//g;

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
    if (m[1] !== undefined) {
      ranges.push({ rules: ruleList(m[1]), from: line + 1, to: line + 1 });
      continue;
    }
    const rules = ruleList(m[3] ?? "");
    if (m[2] === "disable") {
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
