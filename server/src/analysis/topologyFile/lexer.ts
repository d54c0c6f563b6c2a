/**
 * Tokens of a `.zmqtopo` file (docs/topology-file.md). Never throws: what it cannot read becomes an
 * `error` token or a problem on the token, and the parser reports it. Spans are UTF-16 offsets.
 */
import type { Placeholder, Span } from "./syntax";

export const KEYWORDS = ["topology", "component", "program", "socket", "bind", "connect", "security", "option", "link"] as const;
export type Keyword = (typeof KEYWORDS)[number];

export type TokenKind =
  | "keyword" | "identifier" | "string" | "number" | "endpoint"
  | "comparison" | "arrow" | "colon" | "dot" | "lbrace" | "rbrace"
  | "comment" | "newline" | "error" | "eof";

export interface LexProblem {
  message: string;
  span: Span;
}

export interface LexToken {
  kind: TokenKind;
  /** The source text of the token. */
  text: string;
  span: Span;
  /** Strings: the unescaped contents. Numbers: the numeric value. */
  value?: string | number;
  /** Endpoints: the `{name}` parts. */
  placeholders?: Placeholder[];
  /** What is wrong with an otherwise readable token (unterminated string, empty placeholder). */
  problems?: LexProblem[];
}

const KEYWORD_SET: ReadonlySet<string> = new Set(KEYWORDS);

export function isKeyword(word: string): word is Keyword {
  return KEYWORD_SET.has(word);
}

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_-]/;
const DIGIT = /[0-9]/;
/**
 * `tcp://`, `ipc://`, `inproc://`... The scheme uses only name characters, so a failed match is followed
 * by reading the same characters as a name: lexing stays linear on long inputs.
 */
const ENDPOINT_START = /[A-Za-z][A-Za-z0-9-]*:\/\//y;
/** `{name}` right after `{`: a placeholder, never a block (a block's `{` ends its line or is followed by a space). */
const PLACEHOLDER_START = /\{[A-Za-z_][\w-]*\}/y;

function isSpace(ch: string): boolean {
  return ch === " " || ch === "\t" || ch === "\f" || ch === "\v" || ch === "\uFEFF";
}

function isLineBreak(ch: string | undefined): boolean {
  return ch === "\n" || ch === "\r";
}

/** Every token of the text, comments and newlines included, ending with one `eof` token. */
export function tokenize(text: string): LexToken[] {
  const tokens: LexToken[] = [];
  let pos = 0;
  const push = (kind: TokenKind, start: number, extra: Partial<LexToken> = {}): void => {
    tokens.push({ kind, text: text.slice(start, pos), span: { start, end: pos }, ...extra });
  };

  while (pos < text.length) {
    const start = pos;
    const ch = text[pos]!;
    const next = text[pos + 1];
    if (isSpace(ch)) {
      pos++;
    } else if (ch === "\r" || ch === "\n") {
      pos += ch === "\r" && next === "\n" ? 2 : 1;
      push("newline", start);
    } else if (ch === "#") {
      while (pos < text.length && !isLineBreak(text[pos])) pos++;
      push("comment", start);
    } else if (ch === '"') {
      readString();
    } else if (IDENT_START.test(ch)) {
      ENDPOINT_START.lastIndex = pos;
      if (ENDPOINT_START.test(text)) readEndpoint();
      else {
        // `a->b` is a link: a `-` followed by `>` starts the arrow, not part of the name.
        while (pos < text.length && IDENT_PART.test(text[pos]!) && !(text[pos] === "-" && text[pos + 1] === ">")) pos++;
        push(isKeyword(text.slice(start, pos)) ? "keyword" : "identifier", start);
      }
    } else if (DIGIT.test(ch) || (ch === "-" && next !== undefined && DIGIT.test(next))) {
      pos++;
      while (pos < text.length && DIGIT.test(text[pos]!)) pos++;
      if (text[pos] === "." && DIGIT.test(text[pos + 1] ?? "")) {
        pos++;
        while (pos < text.length && DIGIT.test(text[pos]!)) pos++;
      }
      push("number", start, { value: Number(text.slice(start, pos)) });
    } else if (ch === "-" && next === ">") {
      pos += 2;
      push("arrow", start);
    } else if (ch === "<" || ch === ">" || ch === "=" || (ch === "!" && next === "=")) {
      pos += (ch !== "=" && next === "=") ? 2 : 1;
      push("comparison", start);
    } else if (ch === ":") {
      pos++;
      push("colon", start);
    } else if (ch === ".") {
      pos++;
      push("dot", start);
    } else if (ch === "{") {
      PLACEHOLDER_START.lastIndex = pos;
      if (PLACEHOLDER_START.test(text)) readEndpoint();
      else {
        pos++;
        push("lbrace", start);
      }
    } else if (ch === "}") {
      pos++;
      push("rbrace", start);
    } else {
      // One whole code point, so a surrogate pair is never split.
      pos += (text.codePointAt(pos) ?? 0) > 0xffff ? 2 : 1;
      push("error", start, { problems: [{ message: `unexpected character '${text.slice(start, pos)}'`, span: { start, end: pos } }] });
    }
  }
  tokens.push({ kind: "eof", text: "", span: { start: pos, end: pos } });
  return tokens;

  function readString(): void {
    const start = pos;
    pos++;
    let value = "";
    while (pos < text.length && !isLineBreak(text[pos])) {
      const c = text[pos]!;
      if (c === '"') {
        pos++;
        push("string", start, { value });
        return;
      }
      if (c === "\\" && (text[pos + 1] === '"' || text[pos + 1] === "\\")) {
        value += text[pos + 1];
        pos += 2;
      } else {
        value += c;
        pos++;
      }
    }
    push("string", start, { value, problems: [{ message: "unterminated string: expected '\"' before the end of the line", span: { start, end: pos } }] });
  }

  /**
   * `scheme://...` up to whitespace (a `#` inside is the endpoint's: `inproc://#1` is a libzmq name); `{name}`
   * parts are placeholders. Also a word that starts with a placeholder (`{host}:5555`): the parser reports
   * its missing transport, and the placeholder's `}` does not close a block.
   */
  function readEndpoint(): void {
    const start = pos;
    const placeholders: Placeholder[] = [];
    const problems: LexProblem[] = [];
    const ends = (c: string | undefined): boolean => c === undefined || isSpace(c) || isLineBreak(c);
    while (!ends(text[pos])) {
      if (text[pos] === "{") {
        const open = pos;
        pos++;
        while (!ends(text[pos]) && text[pos] !== "}" && text[pos] !== "{") pos++;
        if (text[pos] === "}") {
          pos++;
          const name = text.slice(open + 1, pos - 1);
          if (name === "") problems.push({ message: "empty placeholder: expected a name between '{' and '}'", span: { start: open, end: pos } });
          else placeholders.push({ name, span: { start: open, end: pos } });
        } else {
          problems.push({ message: "unclosed placeholder: expected '}'", span: { start: open, end: pos } });
        }
      } else {
        pos++;
      }
    }
    push("endpoint", start, problems.length > 0 ? { placeholders, problems } : { placeholders });
  }
}
