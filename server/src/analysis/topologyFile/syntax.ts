/**
 * The syntax tree of a `.zmqtopo` file (docs/topology-file.md). Positions are UTF-16 offsets into the
 * file's text; `lineMap.ts` turns them into lines and columns.
 */

export interface Span {
  start: number;
  end: number;
}

/** A name, keyword argument or literal as written, with where it was written. */
export interface Token<T = string> {
  value: T;
  span: Span;
}

export type SecurityMechanism = "curve" | "plain" | "none";
export const SECURITY_MECHANISMS: readonly SecurityMechanism[] = ["curve", "plain", "none"];

export type Comparison = "=" | "!=" | "<" | "<=" | ">" | ">=";
export const COMPARISONS: readonly Comparison[] = ["=", "!=", "<", "<=", ">", ">="];

export type RequiredValue = number | boolean | string;

export interface Placeholder {
  /** The name between the braces: `port` in `tcp://*:{port}`. */
  name: string;
  span: Span;
}

export interface EndpointDecl {
  kind: "bind" | "connect";
  /** The endpoint as written, placeholders included (`tcp://{host}:{port}`). */
  text: string;
  span: Span;
  /** The whole statement, keyword included. */
  statementSpan: Span;
  placeholders: Placeholder[];
}

export interface OptionRequirement {
  /** zeromq.js v6 option name (`receiveTimeout`, `linger`). */
  name: Token;
  comparison: Token<Comparison>;
  value: Token<RequiredValue>;
  statementSpan: Span;
}

export interface SocketDecl {
  role: Token;
  /** As written; `isKnownSocketType` tells whether it is one. Empty when missing. */
  type: Token;
  endpoints: EndpointDecl[];
  security?: Token<SecurityMechanism> & { statementSpan: Span };
  options: OptionRequirement[];
  /** From `socket` to the closing brace (or the type when there is no block). */
  span: Span;
}

export interface ComponentDecl {
  name: Token;
  /** The program (entry file, relative to the package root, extension optional) the component is. */
  program?: Token & { statementSpan: Span };
  sockets: SocketDecl[];
  /** From `component` to the closing brace. */
  span: Span;
}

/** `client` or `client.requests`. */
export interface Reference {
  component: Token;
  socket?: Token;
  span: Span;
}

export interface LinkDecl {
  /** The connecting side. */
  from: Reference;
  /** The binding side. */
  to: Reference;
  span: Span;
}

export type TopologyErrorKind =
  /** The text does not follow the grammar. */
  | "syntax"
  /** A second component, socket or `program`/`security` line with the same name or role. */
  | "duplicate"
  /** A link names a component or socket the file does not declare. */
  | "unknown-reference"
  /** A socket type or option libzmq does not have, or a value of the wrong kind. */
  | "unknown-name";

export interface TopologyError {
  kind: TopologyErrorKind;
  message: string;
  span: Span;
  severity: "error" | "warning";
}

export interface TopologyFile {
  /** The `topology "..."` title, when given. */
  title?: Token;
  components: ComponentDecl[];
  links: LinkDecl[];
  /** `#` comments, in order. */
  comments: Span[];
  errors: TopologyError[];
}
