/**
 * Seeded mutators of real ZeroMQ sources, for the robustness fuzz test. Each mutator is a pure function
 * `(text, rng) => text`: the same text and the same random sequence always give the same result, so a
 * failure reproduces from its seed alone.
 */
import { mulberry32, loadCorpus, type Rng } from "../helpers/corpus";

export { loadCorpus, mulberry32, type Rng };
export type Mutator = (text: string, rng: Rng) => string;

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

/** An integer in [min, max]. */
export function between(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

/** Identifiers, numbers, string literals and punctuation of a text: material for insertions. */
const TOKEN = /[A-Za-z_$][\w$]*|\d+(?:\.\d+)?|"[^"\n]*"|'[^'\n]*'|`[^`]*`|=>|\.\.\.|[^\s\w]/g;

export function tokensOf(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** Bits of JS/TS syntax, most of them dangerous out of place. */
export const SYNTAX_FRAGMENTS: readonly string[] = [
  "(", ")", "{", "}", "[", "]", ";", ",", ".", "?.", "??", "=>", "...", "`", "${", "'", "\"", "/*", "*/", "//", "/", "\\",
  "async ", "await ", "yield ", "function ", "class ", "extends ", "new ", "return ", "import ", "export ", "from ",
  "default ", "const ", "let ", "var ", "enum ", "interface ", "type ", "as ", "satisfies ", "declare ", "namespace ",
  "if (", "else ", "for (", "while (", "switch (", "case ", "try {", "catch (e) {", "finally {", "throw ",
  "<T>", "<T extends object>(", ": any", ": string", "!", "@decorator ", "#private", "static {", "get ", "set ",
  "import(\"zeromq\")", "require(\"zeromq\")", "require(\"./", "new zmq.", "zmq.socket(\"", ".bind(", ".connect(",
  "process.env.", "`tcp://${", "tcp://", "ipc://", "inproc://", "\"tcp://*:", "export * from \"", "export { default } from \"./",
  "new Worker(", "new URL(\"./", "import.meta.url", "module.exports = ", "exports.", "__proto__", "constructor",
  "</div>", "<>", "#!/usr/bin/env node\n", "\u2028", "\u2029", "\ufeff",
];

function insertAt(text: string, at: number, insert: string): string {
  return text.slice(0, at) + insert + text.slice(at);
}

const position = (text: string, rng: Rng): number => Math.floor(rng() * (text.length + 1));

/** Offsets just after a newline (or 0): where a statement can start. */
function lineStart(text: string, rng: Rng): number {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return pick(rng, starts);
}

export const deleteRange: Mutator = (text, rng) => {
  const at = position(text, rng);
  return text.slice(0, at) + text.slice(at + between(rng, 1, 200));
};

export const insertFileToken: Mutator = (text, rng) => {
  const tokens = tokensOf(text);
  if (tokens.length === 0) return text;
  return insertAt(text, position(text, rng), pick(rng, tokens) + (rng() < 0.5 ? " " : ""));
};

export const insertSyntaxFragment: Mutator = (text, rng) => insertAt(text, position(text, rng), pick(rng, SYNTAX_FRAGMENTS));

export const duplicateRange: Mutator = (text, rng) => {
  const at = position(text, rng);
  const range = text.slice(at, at + between(rng, 1, 400));
  return insertAt(text, rng() < 0.5 ? at : position(text, rng), range);
};

/** Cuts the file inside a token (an identifier, a string, a number), not between two. */
export const truncateMidToken: Mutator = (text, rng) => {
  const matches = [...text.matchAll(TOKEN)].filter((m) => m[0].length > 1);
  if (matches.length === 0) return text.slice(0, position(text, rng));
  const m = pick(rng, matches);
  return text.slice(0, m.index + between(rng, 1, m[0].length - 1));
};

export const unbalanceBrackets: Mutator = (text, rng) => {
  let out = text;
  for (let n = between(rng, 1, 8); n > 0; n--) out = insertAt(out, position(out, rng), pick(rng, ["(", ")", "{", "}", "[", "]", "<", ">"]));
  return out;
};

/** Removes some closing brackets (the usual editing accident), not just adds stray ones. */
export const dropClosers: Mutator = (text, rng) => {
  const closers = [...text.matchAll(/[)}\]]/g)];
  if (closers.length === 0) return text;
  const drop = new Set<number>();
  for (let n = between(rng, 1, 5); n > 0; n--) drop.add(pick(rng, closers).index);
  return text.split("").map((c, i) => (drop.has(i) ? "" : c)).join("");
};

export const unterminatedTemplate: Mutator = (text, rng) =>
  insertAt(text, position(text, rng), pick(rng, ["`", "`tcp://${host", "`${", "`${`${", "`ipc:///tmp/${name}/"]));

export const unterminatedString: Mutator = (text, rng) =>
  insertAt(text, position(text, rng), pick(rng, ["\"", "'", "\"tcp://localhost:", "'inproc://", "\"\\", "/* never closed", "/[unterminated regex"]));

/** Random code units: control characters, NUL, lone surrogates, C1 and private-use characters. */
export const binaryGarbage: Mutator = (text, rng) => {
  let garbage = "";
  for (let n = between(rng, 1, 64); n > 0; n--) {
    garbage += String.fromCharCode(pick(rng, [between(rng, 0, 31), between(rng, 0x80, 0xff), between(rng, 0xd800, 0xdfff), between(rng, 0xe000, 0xf8ff), between(rng, 0, 0xffff)]));
  }
  return insertAt(text, position(text, rng), garbage);
};

export const nulBytes: Mutator = (text, rng) => insertAt(text, position(text, rng), "\u0000".repeat(between(rng, 1, 4)));

/** The BOM as a character: `readSourceText` drops it on disk, an editor's buffer may keep it. */
export const utf8Bom: Mutator = (text) => `\ufeff${text}`;

export const crlfLineEndings: Mutator = (text) => text.replace(/\r?\n/g, "\r\n");

export const loneCrLineEndings: Mutator = (text) => text.replace(/\r?\n/g, "\r");

/** Some lines end in CRLF, some in CR, some in LF, some in the Unicode line and paragraph separators. */
export const mixedLineEndings: Mutator = (text, rng) => text.replace(/\r?\n/g, () => pick(rng, ["\n", "\r\n", "\r", "\u2028", "\u2029"]));

const UNICODE_NAMES = ["sóckét", "ソケット", "套接字", "ℌandler", "ǅealer", "\u0645\u0642\u0628\u0633", "zmq\u200d", "x\u0301", "𝒮ock", "ⅷ"];

/** Renames one identifier everywhere to a Unicode one (some legal, some not). */
export const unicodeIdentifiers: Mutator = (text, rng) => {
  const names = [...new Set(text.match(/\b[a-z][A-Za-z]{2,}\b/g) ?? [])];
  if (names.length === 0) return text;
  const name = pick(rng, names);
  return text.replace(new RegExp(`\\b${name}\\b`, "g"), pick(rng, UNICODE_NAMES));
};

const UNICODE_HOSTS = ["ホスト.例", "münchen.de", "xn--mnchen-3ya.de", "😀", "\u202eevil\u202c", "локалхост", "[::1]", "host\u0000name", "a\u0301"];

/** Unicode in endpoint strings: hosts, paths and ports that no tcp stack would take. */
export const unicodeEndpoints: Mutator = (text, rng) =>
  text.replace(/(tcp|ipc|inproc):\/\/[^"'`\s]*/g, (m, scheme: string) =>
    rng() < 0.5 ? m : `${scheme}://${pick(rng, UNICODE_HOSTS)}:${pick(rng, ["5555", "٥٥٥٥", "5５55", "*", ""])}`);

/** One deeply nested statement, `depth` levels, in one of several shapes. */
export function nested(shape: number, depth: number): string {
  switch (shape % 9) {
    case 0: return `const deep = ${"(".repeat(depth)}"tcp://localhost:5555"${")".repeat(depth)};\n`;
    case 1: return `const deep = ${"(".repeat(depth)}1;\n`; // never closed
    case 2: return `const deep = ${"[".repeat(depth)}"tcp://localhost:5555"${"]".repeat(depth)};\n`;
    case 3: return `const deep = ${"() => ".repeat(depth)}new zmq.Dealer();\n`;
    case 4: return `${"if (ready) {\n".repeat(depth)}sock.connect("tcp://localhost:5555");\n${"}\n".repeat(depth)}`;
    case 5: return `const deep = ${"{ next: ".repeat(depth)}"tcp://localhost:5555"${" }".repeat(depth)};\n`;
    case 6: return `const deep = ${"endpoint(".repeat(depth)}"tcp://localhost:5555"${")".repeat(depth)};\n`;
    case 7: return `const deep = "tcp://" ${"+ host ".repeat(depth)}+ ":5555";\n`; // left-deep, flat to the parser
    default: return `const deep = ${"ready ? \"tcp://a:1\" : ".repeat(depth)}"tcp://b:2";\n`;
  }
}

/** 10,000 levels most of the time; sometimes a depth the parser accepts but a recursive walk may not. */
export const deepNesting: Mutator = (text, rng) =>
  insertAt(text, lineStart(text, rng), nested(between(rng, 0, 8), rng() < 0.6 ? 10_000 : between(rng, 100, 3000)));

/** One very long line: a string, a comment, an array, a concatenation or a chain of calls. */
export const veryLongLine: Mutator = (text, rng) => {
  const n = between(rng, 2_000, 40_000);
  const line = pick(rng, [
    () => `const blob = "${"x".repeat(n * 8)}";`,
    () => `// ${"lorem ipsum ".repeat(n)}`,
    () => `const table = [${Array.from({ length: n }, (_, i) => i).join(",")}];`,
    () => `const endpoint = "tcp://" ${"+ \"a\" ".repeat(n)}+ ":5555";`,
    () => `sock${".on(\"message\", noop)".repeat(Math.floor(n / 4))};`,
    () => `const ids = {${Array.from({ length: n }, (_, i) => `k${i}: "tcp://h${i}:${5000 + (i % 1000)}"`).join(", ")}};`,
  ])();
  return insertAt(text, lineStart(text, rng), `${line}\n`);
};

export const MUTATORS: Readonly<Record<string, Mutator>> = {
  deleteRange, insertFileToken, insertSyntaxFragment, duplicateRange, truncateMidToken, unbalanceBrackets, dropClosers,
  unterminatedTemplate, unterminatedString, binaryGarbage, nulBytes, utf8Bom, crlfLineEndings, loneCrLineEndings,
  mixedLineEndings, unicodeIdentifiers, unicodeEndpoints, deepNesting, veryLongLine,
};

/** The cheap mutators are picked more often than the ones that make big texts. */
const WEIGHTED_NAMES: readonly string[] = Object.keys(MUTATORS).flatMap((name) => (name === "deepNesting" || name === "veryLongLine" ? [name] : [name, name, name]));

/** Applies `count` random mutators in turn; returns the text and the names applied, for failure messages. */
export function mutate(text: string, rng: Rng, count: number): { text: string; applied: string[] } {
  const applied: string[] = [];
  let out = text;
  for (let i = 0; i < count; i++) {
    const name = pick(rng, WEIGHTED_NAMES);
    out = MUTATORS[name]!(out, rng);
    applied.push(name);
  }
  return { text: out, applied };
}
