/**
 * Recursive-descent parser for `.zmqtopo` files. Statements are line-oriented: an error skips the rest
 * of its line (or up to the `}` closing the current block), so one error never hides the next.
 * Never throws; half-typed input gives partial nodes with empty tokens where something is missing.
 */
import { hasTransport } from "./endpointPattern";
import { isKeyword, tokenize, type Keyword, type LexToken } from "./lexer";
import {
  COMPARISONS, SECURITY_MECHANISMS,
  type Comparison, type ComponentDecl, type EndpointDecl, type LinkDecl, type OptionRequirement, type Reference,
  type RequiredValue, type SecurityMechanism, type SocketDecl, type Span, type Token, type TopologyError,
  type TopologyErrorKind, type TopologyFile,
} from "./syntax";

/** Describes a token for "found ..." in messages. */
export function describeToken(token: LexToken): string {
  if (token.kind === "eof") return "end of file";
  if (token.kind === "newline") return "end of line";
  const text = token.text.length > 30 ? `${token.text.slice(0, 30)}...` : token.text;
  return `'${text}'`;
}

/** Thrown inside a statement to abandon it; caught by the statement loop, never escapes. */
class StatementError extends Error {}

export function parseTopology(text: string): TopologyFile {
  return new Parser(text).parseFile();
}

class Parser {
  private readonly tokens: LexToken[];
  private index = 0;
  private readonly errors: TopologyError[] = [];
  private readonly comments: Span[] = [];

  constructor(text: string) {
    const all = tokenize(text);
    this.tokens = [];
    for (const token of all) {
      if (token.kind === "comment") this.comments.push(token.span);
      else this.tokens.push(token);
      // Lexical problems are reported once, here; the parser skips error tokens silently.
      for (const problem of token.problems ?? []) this.error("syntax", problem.message, problem.span);
    }
  }

  parseFile(): TopologyFile {
    const file: TopologyFile = { components: [], links: [], comments: this.comments, errors: this.errors };
    for (;;) {
      this.skipNewlines();
      const token = this.peek();
      if (token.kind === "eof") break;
      this.statement(false, () => {
        if (this.isKeyword(token, "topology")) this.parseTitle(file);
        else if (this.isKeyword(token, "component")) file.components.push(this.parseComponent());
        else if (this.isKeyword(token, "link")) file.links.push(this.parseLink());
        else if (token.kind === "rbrace") {
          this.next();
          this.error("syntax", "unexpected '}': no block is open here", token.span);
        } else if (this.isKeyword(token, "program", "socket", "bind", "connect", "security", "option")) {
          this.fail(`'${token.text}' belongs inside a ${token.text === "program" || token.text === "socket" ? "component" : "socket"} block`, token);
        } else this.fail(`expected 'topology', 'component' or 'link', found ${describeToken(token)}`, token);
      });
    }
    this.errors.sort((a, b) => a.span.start - b.span.start);
    return file;
  }

  // ---- statements ----

  private parseTitle(file: TopologyFile): void {
    const keyword = this.next();
    const title = this.expectString(keyword, "a title string");
    const statementSpan = { start: keyword.span.start, end: title.span.end };
    if (file.title) this.error("duplicate", "the topology title is already given above; a file has one 'topology' line", statementSpan);
    else file.title = title;
    this.endStatement(false);
  }

  private parseComponent(): ComponentDecl {
    const keyword = this.next();
    const component: ComponentDecl = { name: this.missingToken(keyword), sockets: [], span: { ...keyword.span } };
    this.recoverInHeader(() => {
      component.name = this.expectName(keyword, "a component name");
      component.span.end = component.name.span.end;
      const brace = this.peek();
      if (brace.kind !== "lbrace") this.fail(`expected '{' after component name, found ${describeToken(brace)}`, brace, this.previous());
    });
    const open = this.peek();
    if (open.kind === "lbrace") this.next();
    // Without its '{' (already reported), a component followed by its own statements still reads them,
    // rather than reporting each one as out of place.
    else if (!this.nextLineStartsWith("program", "socket")) return component;
    this.parseBlock(false, open.kind === "lbrace" ? open : undefined, `component '${component.name.value}'`, component.span, (token) => {
      if (this.isKeyword(token, "program")) this.parseProgram(component);
      else if (this.isKeyword(token, "socket")) component.sockets.push(this.parseSocket());
      else if (this.isKeyword(token, "bind", "connect", "security", "option")) this.fail(`'${token.text}' belongs inside a socket block`, token);
      else this.fail(`expected 'program' or 'socket', found ${describeToken(token)}`, token);
    });
    return component;
  }

  private parseProgram(component: ComponentDecl): void {
    const keyword = this.next();
    const path = this.expectString(keyword, "the program's path as a string");
    const statementSpan = { start: keyword.span.start, end: path.span.end };
    if (component.program) this.error("duplicate", `component '${component.name.value}' already has a 'program' line`, statementSpan);
    else component.program = { ...path, statementSpan };
    this.endStatement(true);
  }

  private parseSocket(): SocketDecl {
    const keyword = this.next();
    const socket: SocketDecl = { role: this.missingToken(keyword), type: this.missingToken(keyword), endpoints: [], options: [], span: { ...keyword.span } };
    this.recoverInHeader(() => {
      socket.role = this.expectName(keyword, "a socket role");
      socket.span.end = socket.role.span.end;
      socket.type = this.missingToken(this.previous());
      const colon = this.peek();
      if (colon.kind === "colon") {
        this.next();
        socket.type = this.missingToken(colon);
      }
      else if (colon.kind === "identifier") this.error("syntax", `expected ':' after socket role, found ${describeToken(colon)}`, this.missingSpan());
      else this.fail(`expected ':' after socket role, found ${describeToken(colon)}`, colon, this.previous());
      const type = this.peek();
      if (type.kind !== "identifier") this.fail(`expected a socket type after ':', found ${describeToken(type)}`, type, this.previous());
      this.next();
      socket.type = { value: type.text, span: type.span };
      socket.span.end = type.span.end;
    });
    const open = this.peek();
    if (open.kind === "lbrace") {
      this.next();
      const label = `socket '${socket.role.value}'`;
      this.parseBlock(true, open, label, socket.span, (token) => {
        if (this.isKeyword(token, "bind", "connect")) socket.endpoints.push(this.parseEndpoint());
        else if (this.isKeyword(token, "security")) this.parseSecurity(socket);
        else if (this.isKeyword(token, "option")) {
          const option = this.parseOption();
          if (option) socket.options.push(option);
        } else if (this.isKeyword(token, "program")) this.fail("'program' belongs in the component, not in a socket block", token);
        else this.fail(`expected 'bind', 'connect', 'security' or 'option', found ${describeToken(token)}`, token);
      });
    } else {
      this.endStatement(true);
    }
    return socket;
  }

  private parseEndpoint(): EndpointDecl {
    const keyword = this.next();
    const kind = keyword.text as "bind" | "connect";
    const token = this.peek();
    if (token.kind !== "endpoint") {
      const hint = token.kind === "string" ? " (endpoints are written without quotes)" : "";
      this.fail(`expected an endpoint like tcp://host:port after '${kind}', found ${describeToken(token)}${hint}`, token, keyword);
    }
    if (!hasTransport(token.text)) {
      this.fail(`endpoint '${token.text}' has no transport: write tcp://, ipc:// or inproc:// before it (a part that varies is a {placeholder} inside)`, token, keyword);
    }
    this.next();
    const endpoint: EndpointDecl = {
      kind, text: token.text, span: token.span, statementSpan: { start: keyword.span.start, end: token.span.end },
      placeholders: token.placeholders ?? [],
    };
    this.endStatement(true);
    return endpoint;
  }

  private parseSecurity(socket: SocketDecl): void {
    const keyword = this.next();
    const token = this.peek();
    if (token.kind !== "identifier") this.fail(`expected 'curve', 'plain' or 'none' after 'security', found ${describeToken(token)}`, token, keyword);
    this.next();
    const statementSpan = { start: keyword.span.start, end: token.span.end };
    if (!(SECURITY_MECHANISMS as readonly string[]).includes(token.text)) {
      this.error("unknown-name", `unknown security mechanism '${token.text}': expected 'curve', 'plain' or 'none'`, token.span);
    } else if (socket.security) {
      this.error("duplicate", `socket '${socket.role.value}' already has a 'security' line`, statementSpan);
    } else {
      socket.security = { value: token.text as SecurityMechanism, span: token.span, statementSpan };
    }
    this.endStatement(true);
  }

  private parseOption(): OptionRequirement | undefined {
    const keyword = this.next();
    const name = this.expectName(keyword, "an option name");
    const op = this.peek();
    if (op.kind !== "comparison" || !(COMPARISONS as readonly string[]).includes(op.text)) {
      this.fail(`expected a comparison (=, !=, <, <=, >, >=) after the option name, found ${describeToken(op)}`, op, this.previous());
    }
    this.next();
    const comparison: Token<Comparison> = { value: op.text as Comparison, span: op.span };
    const valueToken = this.peek();
    let value: RequiredValue;
    if (valueToken.kind === "number" && typeof valueToken.value === "number") value = valueToken.value;
    else if (valueToken.kind === "string" && typeof valueToken.value === "string") value = valueToken.value;
    else if (valueToken.kind === "identifier" && (valueToken.text === "true" || valueToken.text === "false")) value = valueToken.text === "true";
    else return this.fail(`expected a value (a number, true, false or a "string") after '${op.text}', found ${describeToken(valueToken)}`, valueToken, op);
    this.next();
    const option: OptionRequirement = {
      name, comparison, value: { value, span: valueToken.span },
      statementSpan: { start: keyword.span.start, end: valueToken.span.end },
    };
    this.endStatement(true);
    return option;
  }

  /** Half-typed links (`link a ->`) are kept, with an empty `to` component, for completion and outline. */
  private parseLink(): LinkDecl {
    const keyword = this.next();
    const link: LinkDecl = { from: this.missingReference(keyword), to: this.missingReference(keyword), span: { ...keyword.span } };
    try {
      link.from = this.parseReference(keyword, "the connecting side (component or component.socket) after 'link'");
      link.span.end = link.from.span.end;
      link.to = this.missingReference(this.previous());
      const arrow = this.peek();
      if (arrow.kind !== "arrow") this.fail(`expected '->' after ${referenceText(link.from)}, found ${describeToken(arrow)}`, arrow, this.previous());
      this.next();
      link.span.end = arrow.span.end;
      link.to = this.missingReference(arrow);
      link.to = this.parseReference(arrow, "the binding side (component or component.socket) after '->'");
      link.span.end = link.to.span.end;
    } catch (error) {
      if (!(error instanceof StatementError)) throw error;
      this.skipStatement(false);
      return link;
    }
    this.endStatement(false);
    return link;
  }

  private parseReference(after: LexToken, what: string): Reference {
    const component = this.expectName(after, what);
    const reference: Reference = { component, span: { ...component.span } };
    if (this.peek().kind === "dot") {
      const dot = this.next();
      reference.span.end = dot.span.end;
      reference.socket = this.missingToken(dot);
      reference.socket = this.expectName(dot, "a socket role after '.'");
      reference.span.end = reference.socket.span.end;
    }
    return reference;
  }

  // ---- blocks and recovery ----

  /**
   * Statements up to the closing `}`. A keyword that cannot be in this block (`component` in a component,
   * `socket` in a socket) or the end of the file means the `}` is missing: reported at the opening brace.
   */
  private parseBlock(inSocket: boolean, open: LexToken | undefined, label: string, span: Span, statement: (token: LexToken) => void): void {
    if (open) span.end = open.span.end;
    for (;;) {
      this.skipNewlines();
      const token = this.peek();
      if (token.kind === "rbrace") {
        this.next();
        span.end = token.span.end;
        this.endStatement(inSocket);
        return;
      }
      const closesBlock = token.kind === "eof" || this.isKeyword(token, "component", "link", "topology") || (inSocket && this.isKeyword(token, "socket"));
      if (closesBlock) {
        if (open) this.error("syntax", `'{' of ${label} is never closed: expected '}' before ${describeToken(token)}`, open.span);
        return;
      }
      this.statement(true, () => statement(token));
      span.end = Math.max(span.end, this.previous().span.end);
    }
  }

  /** Runs one statement; an error in it skips to the end of its line. */
  private statement(inBlock: boolean, body: () => void): void {
    try {
      body();
    } catch (error) {
      if (!(error instanceof StatementError)) throw error;
      this.skipStatement(inBlock);
    }
  }

  /** A header error (`socket a: {`) still lets the block after it be read, when the line has one. */
  private recoverInHeader(body: () => void): void {
    try {
      body();
    } catch (error) {
      if (!(error instanceof StatementError)) throw error;
      while (!this.atStatementEnd(false) && this.peek().kind !== "lbrace") this.next();
    }
  }

  /** Reports and skips anything after a complete statement; never abandons the node already built. */
  private endStatement(inBlock: boolean): void {
    const token = this.peek();
    if (this.atStatementEnd(inBlock)) return;
    if (token.kind !== "error") this.error("syntax", `expected end of line, found ${describeToken(token)}`, token.span);
    this.skipStatement(inBlock);
  }

  private atStatementEnd(inBlock: boolean): boolean {
    const kind = this.peek().kind;
    return kind === "newline" || kind === "eof" || (inBlock && kind === "rbrace");
  }

  private skipStatement(inBlock: boolean): void {
    while (!this.atStatementEnd(inBlock)) this.next();
  }

  private nextLineStartsWith(...words: Keyword[]): boolean {
    let index = this.index;
    while (this.tokens[index]?.kind === "newline") index++;
    const token = this.tokens[index];
    return index > this.index && token !== undefined && this.isKeyword(token, ...words);
  }

  private skipNewlines(): void {
    while (this.peek().kind === "newline") this.next();
  }

  // ---- expectations ----

  private expectName(after: LexToken, what: string): Token {
    const token = this.peek();
    // Keywords only lead statements: where a name is expected, `socket socket: REQ` (a field named `socket`) is a name.
    if (token.kind !== "identifier" && token.kind !== "keyword") this.fail(`expected ${what}, found ${describeToken(token)}`, token, after);
    this.next();
    return { value: token.text, span: token.span };
  }

  private expectString(after: LexToken, what: string): Token {
    const token = this.peek();
    if (token.kind !== "string" || typeof token.value !== "string") this.fail(`expected ${what} after '${after.text}', found ${describeToken(token)}`, token, after);
    this.next();
    return { value: token.value as string, span: token.span };
  }

  /**
   * Abandons the statement. The span is the offending token, or zero-width after `after` when the
   * offender is the end of the line (something is missing). Error tokens were reported by the lexer.
   */
  private fail(message: string, found: LexToken, after?: LexToken): never {
    if (found.kind !== "error") {
      const missing = found.kind === "newline" || found.kind === "eof";
      this.error("syntax", message, missing ? this.missingSpan(after) : found.span);
    }
    throw new StatementError(message);
  }

  private error(kind: TopologyErrorKind, message: string, span: Span, severity: "error" | "warning" = "error"): void {
    this.errors.push({ kind, message, span: { start: span.start, end: span.end }, severity });
  }

  private missingSpan(after: LexToken = this.previous()): Span {
    return { start: after.span.end, end: after.span.end };
  }

  private missingToken(after: LexToken): Token {
    return { value: "", span: this.missingSpan(after) };
  }

  private missingReference(after: LexToken): Reference {
    const component = this.missingToken(after);
    return { component, span: { ...component.span } };
  }

  // ---- token access ----

  private peek(): LexToken {
    return this.tokens[this.index] ?? this.tokens[this.tokens.length - 1]!;
  }

  private previous(): LexToken {
    return this.tokens[this.index - 1] ?? this.tokens[0]!;
  }

  private next(): LexToken {
    const token = this.peek();
    if (token.kind !== "eof") this.index++;
    return token;
  }

  private isKeyword(token: LexToken, ...words: Keyword[]): boolean {
    return token.kind === "keyword" && isKeyword(token.text) && words.includes(token.text);
  }
}

function referenceText(reference: Reference): string {
  return `'${reference.component.value}${reference.socket ? `.${reference.socket.value}` : ""}'`;
}
