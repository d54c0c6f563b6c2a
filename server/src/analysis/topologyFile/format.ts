/**
 * Canonical layout of a `.zmqtopo` file: 2-space indentation by block depth, one statement per line,
 * single spaces between tokens, comments kept (a trailing comment after one space), runs of blank lines
 * collapsed to one, none just inside braces, one around each top-level component. Works on tokens, so
 * every comment and token text (strings, numbers, endpoints) is kept exactly as written.
 */
import { tokenize, type LexToken } from "./lexer";
import { parseTopology } from "./parser";

interface OutputLine {
  kind: "code" | "comment" | "blank";
  depth: number;
  text: string;
  /** Ends with `{` (before any trailing comment). */
  opensBlock?: boolean;
}

const INDENT = "  ";

/** The formatted text, or undefined when the file has syntax errors (formatting could change meaning). */
export function formatTopology(text: string): string | undefined {
  if (parseTopology(text).errors.some((e) => e.kind === "syntax")) return undefined;
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const lines = placeBlankLines(splitIntoLines(tokenize(text)));
  if (lines.length === 0) return "";
  return lines.map((line) => (line.kind === "blank" ? "" : INDENT.repeat(line.depth) + line.text)).join(eol) + eol;
}

/** One output line per statement, brace and own-line comment; a blank entry for each blank source line. */
function splitIntoLines(tokens: readonly LexToken[]): OutputLine[] {
  const lines: OutputLine[] = [];
  let current: LexToken[] = [];
  let currentDepth = 0;
  let depth = 0;
  /** After `{` or `}`, only a trailing comment may join the line. */
  let closed = false;
  let newlinesInARow = 1;

  const flush = (): void => {
    if (current.length > 0) lines.push(codeLine(current, currentDepth, ""));
    current = [];
    closed = false;
  };

  for (const token of tokens) {
    if (token.kind === "eof") break;
    if (token.kind === "newline") {
      flush();
      newlinesInARow++;
      if (newlinesInARow === 2) lines.push({ kind: "blank", depth: 0, text: "" });
      continue;
    }
    newlinesInARow = 0;
    if (token.kind === "comment") {
      const comment = token.text.trimEnd();
      if (current.length > 0) {
        lines.push(codeLine(current, currentDepth, ` ${comment}`));
        current = [];
        closed = false;
      } else {
        lines.push({ kind: "comment", depth, text: comment });
      }
      continue;
    }
    if (closed || token.kind === "rbrace") flush();
    if (token.kind === "rbrace") depth = Math.max(0, depth - 1);
    if (current.length === 0) currentDepth = depth;
    current.push(token);
    if (token.kind === "lbrace") depth++;
    if (token.kind === "lbrace" || token.kind === "rbrace") closed = true;
  }
  flush();
  return lines;
}

function codeLine(tokens: readonly LexToken[], depth: number, trailingComment: string): OutputLine {
  return { kind: "code", depth, text: joinTokens(tokens) + trailingComment, opensBlock: tokens[tokens.length - 1]?.kind === "lbrace" };
}

function joinTokens(tokens: readonly LexToken[]): string {
  let text = "";
  tokens.forEach((token, i) => {
    const previous = tokens[i - 1];
    const tight = previous === undefined || token.kind === "colon" || token.kind === "dot" || previous.kind === "dot";
    text += (tight ? "" : " ") + token.text;
  });
  return text;
}

/** Collapses and trims blank lines, then puts one around each top-level component (and its leading comments). */
function placeBlankLines(lines: readonly OutputLine[]): OutputLine[] {
  const wantsBlankBefore = new Set<number>();
  lines.forEach((line, i) => {
    if (line.kind !== "code" || line.depth !== 0) return;
    if (/^component\b/.test(line.text)) {
      let first = i;
      while (first > 0 && lines[first - 1]!.kind === "comment" && lines[first - 1]!.depth === 0) first--;
      wantsBlankBefore.add(first);
    }
    if (line.text.startsWith("}")) {
      let next = i + 1;
      while (next < lines.length && lines[next]!.kind === "blank") next++;
      wantsBlankBefore.add(next);
    }
  });

  const out: OutputLine[] = [];
  let pendingBlank = false;
  lines.forEach((line, i) => {
    if (line.kind === "blank") {
      pendingBlank = true;
      return;
    }
    const previous = out[out.length - 1];
    const blank = (pendingBlank || wantsBlankBefore.has(i)) && previous !== undefined
      && !previous.opensBlock && !(line.kind === "code" && line.text.startsWith("}"));
    if (blank) out.push({ kind: "blank", depth: 0, text: "" });
    out.push(line);
    pendingBlank = false;
  });
  return out;
}
