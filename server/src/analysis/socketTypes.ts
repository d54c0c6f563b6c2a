/** Socket types as libzmq names them, plus UNKNOWN when the analysis cannot tell. */
export const SOCKET_TYPES = [
  "PAIR", "PUB", "SUB", "REQ", "REP", "DEALER", "ROUTER", "PULL", "PUSH", "XPUB", "XSUB", "STREAM",
  "SERVER", "CLIENT", "RADIO", "DISH", "GATHER", "SCATTER", "DGRAM", "PEER", "CHANNEL",
] as const;

export type KnownSocketType = (typeof SOCKET_TYPES)[number];
export type SocketType = KnownSocketType | "UNKNOWN";

/** zeromq.js v6 class names (index.ts and draft.ts). */
export const V6_CLASS_TYPES: Readonly<Record<string, KnownSocketType>> = {
  Pair: "PAIR", Publisher: "PUB", Subscriber: "SUB", Request: "REQ", Reply: "REP",
  Dealer: "DEALER", Router: "ROUTER", Pull: "PULL", Push: "PUSH", XPublisher: "XPUB",
  XSubscriber: "XSUB", Stream: "STREAM",
  Server: "SERVER", Client: "CLIENT", Radio: "RADIO", Dish: "DISH", Gather: "GATHER",
  Scatter: "SCATTER", Datagram: "DGRAM",
};

/** Classes that exist only in `zeromq/draft`; `zeromq` itself does not export them. */
export const DRAFT_CLASSES = new Set(["Server", "Client", "Radio", "Dish", "Gather", "Scatter", "Datagram"]);

/** v5 / v5-compat type strings, including the xreq/xrep aliases (zeromq.js compat.ts:73-89). */
const V5_TYPE_NAMES: Readonly<Record<string, KnownSocketType>> = {
  pair: "PAIR", pub: "PUB", sub: "SUB", req: "REQ", rep: "REP", dealer: "DEALER", xreq: "DEALER",
  router: "ROUTER", xrep: "ROUTER", pull: "PULL", push: "PUSH", xpub: "XPUB", xsub: "XSUB", stream: "STREAM",
};

/** libzmq numeric socket type ids (zmq.h), as used by `zmq.ZMQ_REQ` constants. */
const NUMERIC_TYPES: readonly KnownSocketType[] = [
  "PAIR", "PUB", "SUB", "REQ", "REP", "DEALER", "ROUTER", "PULL", "PUSH", "XPUB", "XSUB", "STREAM",
  "SERVER", "CLIENT", "RADIO", "DISH", "GATHER", "SCATTER", "DGRAM", "PEER", "CHANNEL",
];

/** Reads a v5-style type given as a string ("req", "ZMQ_REQ") or a libzmq number (3). */
export function socketTypeFromValue(value: string | number): SocketType {
  if (typeof value === "number") return Number.isInteger(value) ? NUMERIC_TYPES[value] ?? "UNKNOWN" : "UNKNOWN";
  const name = value.trim().toLowerCase().replace(/^zmq_/, "");
  const upper = name.toUpperCase();
  if (Object.hasOwn(V5_TYPE_NAMES, name)) return V5_TYPE_NAMES[name]!;
  return isKnownSocketType(upper) ? upper : "UNKNOWN";
}

export function isKnownSocketType(name: string): name is KnownSocketType {
  return (SOCKET_TYPES as readonly string[]).includes(name);
}

/** `zmq.ZMQ_REQ`-style constant name → type. */
export function socketTypeFromConstant(name: string): SocketType | undefined {
  if (!name.startsWith("ZMQ_")) return undefined;
  const type = name.slice(4);
  return isKnownSocketType(type) ? type : undefined;
}

/** The socket type of a zeromq.js v6 class name (own keys only: `constructor` is not a class). */
export function v6ClassSocketType(name: string): KnownSocketType | undefined {
  return Object.hasOwn(V6_CLASS_TYPES, name) ? V6_CLASS_TYPES[name] : undefined;
}
