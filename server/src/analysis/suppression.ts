/**
 * Suppression comments:
 *   // zmq-topology-disable-next-line rule-a, rule-b     (no rule ids: every rule; the block form works too)
 *   /* zmq-topology-disable rule-a *\/ ... /* zmq-topology-enable *\/
 */
import { forEachDescendant } from "./ast";
import { ts } from "./ts";

export interface Suppressions {
  isSuppressed(rule: string, line: number): boolean;
}

/** One comment's directive, matched against the comment's whole text. */
const COMMENT = /^\/\/[ \t]*zmq-topology-disable-next-line(?![\w-])([^\r\n]*)$|^\/\*[ \t]*zmq-topology-disable-next-line(?![\w-])([\s\S]*?)\*\/$|^\/\*[ \t]*zmq-topology-(disable|enable)(?![\w-])([\s\S]*?)\*\/$/;

interface Range {
  rules: Set<string> | "all";
  from: number;
  to: number;
}

export function parseSuppressions(sf: ts.SourceFile): Suppressions {
  if (!sf.text.includes("zmq-topology-")) return { isSuppressed: () => false };
  const lineOf = (offset: number): number => sf.getLineAndCharacterOfPosition(offset).line + 1;
  const ranges: Range[] = [];
  const open = new Map<string, number>();
  let openAll: number | undefined;
  for (const comment of comments(sf)) {
    const m = COMMENT.exec(sf.text.slice(comment.pos, comment.end));
    if (!m) continue;
    m.index += comment.pos;
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

/** Every comment of the file (not text that only looks like one inside a string or template). */
function comments(sf: ts.SourceFile): ts.CommentRange[] {
  const found = new Map<number, ts.CommentRange>();
  const add = (ranges: ts.CommentRange[] | undefined): void => {
    for (const r of ranges ?? []) found.set(r.pos, r);
  };
  const around = (node: ts.Node): void => {
    add(ts.getLeadingCommentRanges(sf.text, node.pos));
    add(ts.getTrailingCommentRanges(sf.text, node.end));
    add(ts.getLeadingCommentRanges(sf.text, node.end));
  };
  around(sf);
  forEachDescendant(sf, (node) => void around(node));
  return [...found.values()].sort((a, b) => a.pos - b.pos);
}

