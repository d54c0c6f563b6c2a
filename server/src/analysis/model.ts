import type { SocketType } from "./socketTypes";

/** 1-based line and column; `file` is an absolute path with forward slashes. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Which zeromq.js API created the socket. */
export type ZmqApi = "v6" | "v5" | "v5-compat";

export type OptionValue = string | number | boolean | null;

/** A value the analysis resolved from code, with what it could not resolve kept as `${expr}`. */
export interface ResolvedText {
  text: string;
  /** False when the text holds `${...}` placeholders. */
  exact: boolean;
  /** Environment variables that can override this value at run time. */
  overridableBy: string[];
}

export interface EndpointUse extends ResolvedText {
  kind: "bind" | "connect";
  location: SourceLocation;
}

export interface OptionSetting {
  name: string;
  value: OptionValue;
  location: SourceLocation;
  via: "constructor" | "property" | "setsockopt";
}

/** What becomes of the promise a zeromq.js v6 call returns. */
export type PromiseOutcome =
  | "awaited" | "returned" | "caught"
  /** `void sock.send(x)`: deliberately not awaited. */
  | "voided"
  /** Passed to a call or put in an array (`Promise.all([...])`): still pending after the statement. */
  | "passed"
  /** An element of `await Promise.all([...])` (or `allSettled`): pending beside the other elements, settled after. */
  | "gathered"
  /** Kept in a variable or property: what happens later is not followed. */
  | "stored"
  /** An expression statement: nothing ever looks at it. */
  | "ignored";

/** One frame of a sent message: an empty delimiter, some other value, or unknown. */
export type FrameShape = "empty" | "value" | "unknown";

export interface SocketUse {
  /** `events`: an event listener (v5 `on("connect", ...)`, the v6 `sock.events` observer). */
  kind: "bind" | "unbind" | "connect" | "disconnect" | "option" | "send" | "receive" | "close" | "subscribe" | "unsubscribe" | "monitor" | "events";
  location: SourceLocation;
  /** For `option` uses: the option's v6 name. */
  option?: string;
  /** v6 promise-returning calls (bind, unbind, send, receive, close of a v6 Proxy). */
  outcome?: PromiseOutcome;
  /** v5 `bind(endpoint, callback)`: whether the callback reads its error argument. */
  callbackReadsError?: boolean;
  /** `send`: the message's frames when the code shows them (a single value or an array literal). */
  frames?: FrameShape[];
  /** v5 `send(part, zmq.ZMQ_SNDMORE)` and other flags: one part of a message built across calls. */
  flags?: boolean;
  /**
   * Order among this socket's uses inside one function: the uses that can run just before this one
   * (index into `uses`; -1 = the function's entry). Absent when the order is unknown.
   */
  previous?: number[];
  /** Id of the function (or file) body the use sits in; uses order only within the same scope. */
  scope?: string;
  /** The use sits in a callback that runs several times at once (`items.forEach(async (m) => ...)`). */
  concurrentRepeat?: boolean;
  /** The use sits in a `setTimeout`/`setInterval` callback. */
  inTimer?: boolean;
}

/** Where the socket goes beyond the function that creates it. */
export interface SocketLifetime {
  /** Created in a function body (not module top level, a constructor or a field initializer). */
  inFunction: boolean;
  /** Stored, returned, captured or handed to code the analysis does not follow. */
  escapes: boolean;
  /**
   * Returned or passed to code the analysis does not follow (an unknown function, a caller it did not
   * trace): that code may subscribe, close or use it. Stored in a field, a module variable or captured
   * by a closure is `escapes` only: those uses are followed. Absent means false.
   */
  handedOff?: boolean;
  /**
   * Only for a socket made in a function, not escaping and with no `close` or `events` use: whether the
   * code making it runs an unbounded number of times (its function is exported or a method with callers
   * the analysis does not see, an event, timer or route handler, or it sits in a loop, directly or
   * through its callers) rather than a fixed number of times per program run (`main()` called at top level).
   */
  perCall?: boolean;
}

/** What the code does with a socket, however it was found. */
export interface SocketFacts {
  type: SocketType;
  api: ZmqApi;
  /** Variable, `this.field` or `object.property` path holding the socket; "" when none. */
  holder: string;
  binds: EndpointUse[];
  connects: EndpointUse[];
  options: OptionSetting[];
  /**
   * Options may be set where the analysis cannot read them: a constructor options argument that is not a
   * fully known object (`new Router(loadOpts())`, `{...unknown}`, a subclass whose `super(...)` call is not
   * followed), a `setsockopt` of an unknown option, or
   * code the analysis does not follow that the socket is handed to (`Object.assign(sock, opts)`).
   */
  optionsIncomplete?: boolean;
  subscriptions: { value: string | null; location: SourceLocation }[];
  uses: SocketUse[];
  /** Context the socket lives in: "global" (zeromq.js' shared context) or the context's creation location. */
  context: string;
  lifetime: SocketLifetime;
}

export interface ZmqSocket extends SocketFacts {
  /** `file:line:column` of `location`; `#n` added when one expression yields several sockets. */
  id: string;
  /** Start of the expression that creates the socket (the outermost helper call for factory-made sockets). */
  location: SourceLocation;
  /** The `new zmq.X()` / `zmq.socket()` expression itself, when it differs from `location`. */
  createdAt?: SourceLocation;
  /** Programs (by display name) whose code creates this socket. */
  components: string[];
  /** The processes it runs in: `components`, with worker threads replaced by the programs that start them. */
  processes: string[];
  /**
   * Those of `processes` whose program may run as several OS processes: a file running in it uses
   * `cluster`, or starts Node through `child_process` (`fork`, a `spawn` of `process.execPath`). Two
   * sockets of such a program need not share a process. Absent when none.
   */
  multiProcess?: string[];
}

export interface ZmqContext {
  id: string;
  location: SourceLocation;
  options: OptionSetting[];
}

/** `new zmq.Proxy(front, back)` or v5 `zmq.proxy(front, back, capture)`, with the ids of its sockets. */
export interface ZmqProxy {
  location: SourceLocation;
  api: ZmqApi;
  frontend?: string;
  backend?: string;
  capture?: string;
}

export interface Link {
  /** The connecting socket's id. */
  from: string;
  /** The binding socket's id. */
  to: string;
  endpoint: string;
  bindEndpoint: string;
  compatible: boolean;
  /** False when the match relies on a host name, an interface or unresolved parts. */
  certain: boolean;
  connectLocation: SourceLocation;
  bindLocation: SourceLocation;
}

export interface Component {
  /** Entry file (absolute). */
  entry: string;
  /** Display name: the entry path relative to its package root, without extension. */
  name: string;
  reason: "package.json main" | "package.json bin" | "package.json script" | "worker thread" | "not imported";
}

/** A file that could not be analyzed (fully or at all), with the reason in one line. */
export interface FileProblem {
  file: string;
  message: string;
  /** True when the file was skipped; false when it was analyzed with recovery. */
  skipped: boolean;
}

/** Everything the analysis found in the workspace at one moment. */
export interface GraphSnapshot {
  sockets: ZmqSocket[];
  links: Link[];
  contexts: ZmqContext[];
  proxies: ZmqProxy[];
  /** Options set on zeromq.js' global context (`zmq.context.blocky = false`), with the programs whose process runs the setting. */
  globalContextOptions: (OptionSetting & { processes: string[] })[];
  problems: FileProblem[];
}
