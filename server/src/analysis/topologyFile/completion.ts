/**
 * Context-aware completion in a topology file. The context comes from the lexer: the blocks open at
 * the start of the cursor's line (from the braces before it, recovering like the parser does) and the
 * tokens of the line before the cursor. The tree gives the enclosing declarations and declared names.
 */
import type { ZmqSocket } from "../model";
import { v6OptionNames } from "../options";
import { SOCKET_TYPES } from "../socketTypes";
import { matchOf, programOfComponent } from "./codeFacts";
import {
  COMPARISON_MEANINGS, KEYWORD_DOCS, isBooleanOption, keywordMarkdown, optionMarkdown, optionMeaning, peersText,
  SECURITY_MEANINGS, SOCKET_TYPE_MEANINGS,
} from "./descriptions";
import type { CodeFacts, CompletionData } from "./languageService";
import { tokenize, type Keyword, type LexToken } from "./lexer";
import { instancesOf } from "./drift";
import { declaredEndpointText, roleFor, socketDeclarationText } from "./init";
import { findComponent, lineBounds } from "./locate";
import { COMPARISONS, SECURITY_MECHANISMS, type ComponentDecl, type SocketDecl, type Span, type TopologyFile } from "./syntax";

type Block = "component" | "socket";

interface Context {
  text: string;
  tree: TopologyFile;
  offset: number;
  facts: CodeFacts | undefined;
  line: Span;
  /** Innermost block last. */
  blocks: Block[];
  component?: ComponentDecl;
  socket?: SocketDecl;
  /** Tokens of the line before the word being typed. */
  prior: LexToken[];
  /** The half-typed word under the cursor, when there is one. */
  partial?: LexToken;
}

const WORD_KINDS = new Set(["identifier", "keyword"]);
/** Punctuation ends what is before it: after `.`, `:` or `->` nothing is half-typed yet. */
const PUNCTUATION = new Set(["dot", "colon", "arrow", "lbrace", "rbrace"]);

export function completionsAt(text: string, tree: TopologyFile, offset: number, facts: CodeFacts | undefined): CompletionData[] {
  offset = Math.max(0, Math.min(offset, text.length));
  const line = lineBounds(text, offset);
  const blocks = openBlocks(text.slice(0, line.start));
  const lineTokens = tokenize(text.slice(line.start, line.end)).map((t) => ({ ...t, span: { start: t.span.start + line.start, end: t.span.end + line.start } }))
    .filter((t) => t.kind !== "newline" && t.kind !== "eof");
  // In a comment: nothing.
  if (lineTokens.some((t) => t.kind === "comment" && t.span.start < offset)) return [];
  const tokens = lineTokens.filter((t) => t.span.start < offset);
  // Nothing may follow a `}` on its line.
  if (tokens[0]?.kind === "rbrace") return [];
  const last = tokens[tokens.length - 1];
  const partial = last && last.span.end >= offset && !PUNCTUATION.has(last.kind) ? last : undefined;
  const prior = partial ? tokens.slice(0, -1) : tokens;
  const context: Context = { text, tree, offset, facts, line, blocks, prior, ...(partial ? { partial } : {}) };
  if (blocks.length > 0) {
    const component = [...tree.components].reverse().find((c) => c.span.start < line.start);
    if (component) {
      context.component = component;
      if (blocks[blocks.length - 1] === "socket") {
        const socket = [...component.sockets].reverse().find((s) => s.span.start < line.start);
        if (socket) context.socket = socket;
      }
    }
  }
  return complete(context);
}

function complete(c: Context): CompletionData[] {
  const top = c.blocks[c.blocks.length - 1];
  if (c.prior.length === 0) return c.partial && !WORD_KINDS.has(c.partial.kind) ? [] : statementKeywords(c, top);
  const first = c.prior[0]!;
  if (first.kind !== "keyword") return [];
  const keyword = first.text as Keyword;
  const rest = c.prior.slice(1);
  const kinds = rest.map((t) => t.kind).join(" ");
  const wordPartial = !c.partial || WORD_KINDS.has(c.partial.kind);
  switch (keyword) {
    case "socket":
      if (top === "component" && rest.length === 0 && wordPartial) return undeclaredSockets(c);
      if (top === undefined || kinds !== "identifier colon" && kinds !== "keyword colon" || !wordPartial) return [];
      return socketTypes(c);
    case "security":
      return top === "socket" && rest.length === 0 && wordPartial ? securityItems(c) : [];
    case "option":
      if (top !== "socket") return [];
      if (rest.length === 0) return wordPartial ? optionNames(c) : [];
      if (kinds === "identifier" || kinds === "keyword") {
        return !c.partial || c.partial.kind === "comparison" ? comparisonItems(c) : [];
      }
      if (kinds === "identifier comparison" || kinds === "keyword comparison") return wordPartial ? optionValues(c, rest[0]!.text) : [];
      return [];
    case "bind":
    case "connect":
      return top === "socket" ? endpointItems(c, keyword, first) : [];
    case "program":
      return top === "component" ? programItems(c, first) : [];
    case "link":
      return wordPartial ? linkItems(c, rest) : [];
    default:
      return [];
  }
}

/** The blocks open after `before`: `{` opens the block of its line's statement, `}` closes one; like the parser, `component`/`link`/`topology` at a statement's start end every block and `socket` ends a socket block. */
function openBlocks(before: string): Block[] {
  const blocks: Block[] = [];
  let atStart = true;
  let statement: string | undefined;
  for (const token of tokenize(before)) {
    if (token.kind === "comment" || token.kind === "eof") continue;
    if (token.kind === "newline") {
      atStart = true;
      statement = undefined;
      continue;
    }
    if (token.kind === "rbrace") {
      blocks.pop();
      continue;
    }
    if (atStart) {
      atStart = false;
      statement = token.kind === "keyword" ? token.text : undefined;
      if (statement === "component" || statement === "link" || statement === "topology") blocks.length = 0;
      else if (statement === "socket" && blocks[blocks.length - 1] === "socket") blocks.pop();
    }
    if (token.kind === "lbrace" && (statement === "component" || statement === "socket")) blocks.push(statement);
  }
  return blocks;
}

// ---- items ----

function replaceOf(c: Context): { replace: Span } | Record<string, never> {
  return c.partial ? { replace: c.partial.span } : {};
}

const SOCKET_SNIPPET_TYPES = SOCKET_TYPES.join(",");

const KEYWORD_SNIPPETS: Readonly<Record<Keyword, string>> = {
  topology: 'topology "${1:Title}"',
  component: 'component ${1:name} {\n\tprogram "${2}"\n\t$0\n}',
  link: "link ${1:from} -> ${2:to}",
  program: 'program "${1}"',
  socket: `socket \${1:role}: \${2|${SOCKET_SNIPPET_TYPES}|} {\n\t$0\n}`,
  bind: "bind ${1:tcp://*:port}",
  connect: "connect ${1:tcp://host:port}",
  security: "security ${1|curve,plain,none|}",
  option: "option ${1:name} ${2|=,!=,<,<=,>,>=|} ${3:value}",
};

function statementKeywords(c: Context, top: Block | undefined): CompletionData[] {
  const onThisLine = (span: Span | undefined): boolean => span !== undefined && span.start >= c.line.start && span.start <= c.line.end;
  let words: Keyword[];
  if (top === undefined) {
    words = ["component", "link"];
    if (!c.tree.title || onThisLine(c.tree.title.span)) words.unshift("topology");
  } else if (top === "component") {
    words = ["socket"];
    if (!c.component?.program || onThisLine(c.component.program.span)) words.unshift("program");
  } else {
    words = ["bind", "connect"];
    if (!c.socket?.security || onThisLine(c.socket.security.span)) words.push("security");
    words.push("option");
  }
  return words.map((word, index) => ({
    label: word, kind: "keyword", detail: KEYWORD_DOCS[word].syntax, documentation: keywordMarkdown(word),
    insertText: KEYWORD_SNIPPETS[word], snippet: true, sortText: String(index).padStart(2, "0"), ...replaceOf(c),
  }));
}

function socketTypes(c: Context): CompletionData[] {
  const codeType = c.socket && matchOf(c.facts, c.socket, c.component)?.sockets[0]?.type;
  return SOCKET_TYPES.map((type, index) => ({
    label: type, kind: "socketType", detail: SOCKET_TYPE_MEANINGS[type], documentation: peersText(type),
    sortText: `${type === codeType ? "0" : "1"}${String(index).padStart(2, "0")}`, ...replaceOf(c),
  }));
}

function securityItems(c: Context): CompletionData[] {
  return SECURITY_MECHANISMS.map((m) => ({ label: m, kind: "security", detail: SECURITY_MEANINGS[m], ...replaceOf(c) }));
}

function optionNames(c: Context): CompletionData[] {
  return [...v6OptionNames()].sort().map((name) => {
    const meaning = optionMeaning(name);
    return { label: name, kind: "option", ...(meaning ? { detail: meaning } : {}), documentation: optionMarkdown(name), ...replaceOf(c) };
  });
}

function comparisonItems(c: Context): CompletionData[] {
  return COMPARISONS.map((op, index) => ({ label: op, kind: "value", detail: COMPARISON_MEANINGS[op], sortText: String(index), ...replaceOf(c) }));
}

function optionValues(c: Context, option: string): CompletionData[] {
  if (!isBooleanOption(option)) return [];
  return ["true", "false"].map((v) => ({ label: v, kind: "value", ...replaceOf(c) }));
}

/** The statement's argument as typed so far (`program "src/b`, `bind tcp://12`): the span it takes, or undefined when the line has more than one. */
function argumentSpan(c: Context, keyword: LexToken): Span | undefined {
  const args = [...c.prior.slice(1), ...(c.partial ? [c.partial] : [])];
  if (args.length === 0) {
    let end = c.offset;
    while (end < c.line.end && !/[\s#]/.test(c.text[end]!)) end++;
    return { start: Math.max(c.offset, keyword.span.end), end };
  }
  for (let k = 1; k < args.length; k++) if (args[k]!.span.start !== args[k - 1]!.span.end) return undefined;
  let end = Math.max(c.offset, args[args.length - 1]!.span.end);
  while (end < c.line.end && !/[\s#]/.test(c.text[end]!)) end++;
  return { start: args[0]!.span.start, end };
}

/** Endpoints the code binds or connects, as a declaration writes them (`${expr}` → `{name}`). */
function endpointItems(c: Context, kind: "bind" | "connect", keyword: LexToken): CompletionData[] {
  const replace = argumentSpan(c, keyword);
  if (!replace || !c.facts) return [];
  const own = new Set((c.socket && matchOf(c.facts, c.socket, c.component)?.sockets.map((s) => s.id)) ?? []);
  const declared = new Set(c.socket?.endpoints.filter((e) => e.kind === kind && !(e.span.start >= c.line.start && e.span.start <= c.line.end)).map((e) => e.text));
  const best = new Map<string, { rank: number; item: CompletionData }>();
  for (const s of c.facts.snapshot.sockets) {
    for (const use of [...s.binds, ...s.connects]) {
      const label = declaredEndpointText(use.text);
      if (declared.has(label)) continue;
      const rank = (own.has(s.id) ? 0 : 2) + (use.kind === kind ? 0 : 1);
      const known = best.get(label);
      if (known && known.rank <= rank) continue;
      best.set(label, {
        rank,
        item: {
          label, kind: "endpoint", detail: `${use.kind} by ${holderOf(s)} in ${s.components.join(", ") || "(no program)"}`,
          ...(use.text !== label ? { documentation: `In code: \`${use.text}\`` } : {}),
          insertText: label, replace, sortText: `${rank}${label}`,
        },
      });
    }
  }
  return [...best.values()].sort((a, b) => a.rank - b.rank || a.item.label.localeCompare(b.item.label)).map((b) => b.item);
}

function holderOf(s: ZmqSocket): string {
  return s.holder === "" ? `a ${s.type} socket` : `\`${s.holder}\` (${s.type})`;
}

function programItems(c: Context, keyword: LexToken): CompletionData[] {
  const replace = argumentSpan(c, keyword);
  if (!replace || !c.facts) return [];
  const taken = new Set<string>();
  for (const [component, program] of c.facts.report.programs) {
    if (component !== c.component && component.name.value !== c.component?.name.value) taken.add(program);
  }
  const counts = new Map<string, number>();
  for (const s of c.facts.snapshot.sockets) for (const p of s.components) counts.set(p, (counts.get(p) ?? 0) + 1);
  const name = c.component?.name.value ?? "";
  return [...counts.keys()].filter((p) => !taken.has(p)).sort().map((p) => {
    const likely = name !== "" && p.split("/").includes(name);
    return { label: JSON.stringify(p), kind: "program", detail: `program with ${counts.get(p)} socket${counts.get(p) === 1 ? "" : "s"}`, insertText: JSON.stringify(p), replace, sortText: `${likely ? 0 : 1}${p}` };
  });
}

/** `link FROM -> TO`: components and `component.role` references, or the roles after `component.`. */
function linkItems(c: Context, rest: LexToken[]): CompletionData[] {
  const arrow = rest.findIndex((t) => t.kind === "arrow");
  const side = arrow < 0 ? rest : rest.slice(arrow + 1);
  if (arrow >= 0 && rest.slice(0, arrow).some((t) => t.kind === "arrow")) return [];
  const binding = arrow >= 0;
  const names = side.map((t) => t.kind).join(" ");
  if (side.length === 0) return references(c, binding);
  // After the connecting side, typed in full: the arrow.
  if (!binding && !c.partial && REFERENCE_SHAPES.has(names)) {
    return [{ label: "->", kind: "keyword", detail: "connects to", documentation: "The side before `->` connects; the side after it binds.", insertText: "-> " }];
  }
  if (names === "identifier dot" || names === "keyword dot") return roles(c, findComponent(c.tree, side[0]!.text), binding);
  return [];
}

const REFERENCE_SHAPES = new Set(["identifier", "keyword", "identifier dot identifier", "identifier dot keyword", "keyword dot identifier", "keyword dot keyword"]);

/**
 * After `socket` in a component: the code sockets of its program that it does not declare yet, each
 * inserting its whole declaration as the code has it (type, endpoints, security, options).
 */
function undeclaredSockets(c: Context): CompletionData[] {
  if (!c.facts || !c.component) return [];
  const name = c.component.name.value;
  const taken = new Set(c.component.sockets.map((s) => s.role.value));
  const items: CompletionData[] = [];
  for (const drift of c.facts.report.drifts) {
    // A socket whose type the analysis could not tell has no declaration to offer.
    if (drift.kind !== "undeclared-socket" || drift.component?.name.value !== name || drift.socket.type === "UNKNOWN") continue;
    const s = drift.socket;
    let role = roleFor(s);
    for (let n = 2; taken.has(role); n++) role = `${roleFor(s)}-${n}`;
    taken.add(role);
    const declaration = socketDeclarationText(role, s, instancesOf(s, c.facts.snapshot), "");
    items.push({
      label: role, kind: "socket", detail: `${s.type} in code, not declared yet`,
      documentation: `\`\`\`zmqtopo\n${declaration}\n\`\`\``,
      insertText: declaration.replace(/^socket /, ""), sortText: `0${role}`, ...replaceOf(c),
    });
  }
  return items;
}

function references(c: Context, binding: boolean): CompletionData[] {
  const items: CompletionData[] = [];
  for (const component of c.tree.components) {
    const name = component.name.value;
    if (name === "") continue;
    const program = component.program?.value ?? programOfComponent(c.facts, component);
    items.push({ label: name, kind: "component", ...(program ? { detail: `program ${program}` } : {}), sortText: `1${name}`, ...replaceOf(c) });
    for (const item of roles(c, component, binding)) items.push({ ...item, label: `${name}.${item.label}`, sortText: `${item.sortText}${name}` });
  }
  return items;
}

/** Sockets that bind sort first on the binding side (after `->`), those that connect on the other. */
function roles(c: Context, component: ComponentDecl | undefined, binding: boolean): CompletionData[] {
  if (!component) return [];
  return component.sockets.filter((s) => s.role.value !== "").map((s) => {
    const fits = s.endpoints.some((e) => e.kind === (binding ? "bind" : "connect"));
    return { label: s.role.value, kind: "socket", detail: s.type.value, sortText: `${fits ? 0 : 2}${s.role.value}`, ...replaceOf(c) };
  });
}
