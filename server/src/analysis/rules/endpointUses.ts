/**
 * Helpers shared by the endpoint rules (tcp-within-process, inproc-across-processes, exposed-without-security,
 * unmatched-endpoint, duplicate-bind): every bind and connect with its parsed endpoint, and how to name things.
 */
import { SEVERITY_ORDER, type Severity } from "../diagnostics";
import { parseEndpoint, type ParsedEndpoint } from "../endpoints";
import { endpointKey, TCP_LIKE } from "../links";
import type { EndpointUse, GraphSnapshot, SocketUse, SourceLocation, ZmqSocket } from "../model";
import type { SourceAccess } from "./rule";

export interface EndpointRef {
  socket: ZmqSocket;
  use: EndpointUse;
  /** Undefined when the text is not `transport://address` (an unresolved whole endpoint). */
  ep: ParsedEndpoint | undefined;
  /** `endpointKey` of the parsed endpoint; "" when it does not parse. */
  key: string;
}


/** Every bind and connect of the workspace, parsed, with the key links match them by. */
export function endpointRefs(snapshot: GraphSnapshot, sources: SourceAccess): { binds: EndpointRef[]; connects: EndpointRef[] } {
  const binds: EndpointRef[] = [];
  const connects: EndpointRef[] = [];
  for (const socket of snapshot.sockets) {
    for (const [uses, into] of [[socket.binds, binds], [socket.connects, connects]] as const) {
      for (const use of uses) {
        const ep = parseEndpoint(use.text);
        into.push({ socket, use, ep, key: ep ? endpointKey(ep, use.location.file, (f) => sources.packageRootOf(f)) : "" });
      }
    }
  }
  return { binds, connects };
}

export function locationKey(loc: { file: string; line: number; column: number }): string {
  return `${loc.file}:${loc.line}:${loc.column}`;
}

export function sameLocation(a: SourceLocation, b: SourceLocation): boolean {
  return a.file === b.file && a.line === b.line && a.column === b.column;
}

/**
 * Sockets that are one holder's successive sockets (`this.sock = new Reply()` in the constructor and again
 * in `restart()`): the same holder with the same uses, binds and connects. Each maps to the first of them;
 * rules look at that one only, so a re-created socket is neither reported twice nor a duplicate of itself.
 */
function canonicalSockets(snapshot: GraphSnapshot): Map<ZmqSocket, ZmqSocket> {
  const cached = canonicalCache.get(snapshot);
  if (cached) return cached;
  const byShape = new Map<string, ZmqSocket>();
  const result = new Map<ZmqSocket, ZmqSocket>();
  for (const s of snapshot.sockets) {
    if (!s.holder) {
      result.set(s, s);
      continue;
    }
    const shape = JSON.stringify([s.holder, s.type,
      s.uses.map((u) => [u.kind, locationKey(u.location)]),
      [...s.binds, ...s.connects].map((u) => [u.kind, u.text, locationKey(u.location)])]);
    const first = byShape.get(shape);
    if (first) result.set(s, first);
    else {
      byShape.set(shape, s);
      result.set(s, s);
    }
  }
  canonicalCache.set(snapshot, result);
  return result;
}

const canonicalCache = new WeakMap<GraphSnapshot, Map<ZmqSocket, ZmqSocket>>();

/** Whether the socket is the one rules report for its holder (see `canonicalSockets`). */
export function isCanonical(socket: ZmqSocket, snapshot: GraphSnapshot): boolean {
  return canonicalSockets(snapshot).get(socket) === socket;
}

export function sameSocket(a: ZmqSocket, b: ZmqSocket, snapshot: GraphSnapshot): boolean {
  const canonical = canonicalSockets(snapshot);
  return (canonical.get(a) ?? a) === (canonical.get(b) ?? b);
}

/** Whether some other socket binds or connects at exactly this place (the use sits in a shared helper). */
function isSharedUse(socket: ZmqSocket, use: EndpointUse, snapshot: GraphSnapshot): boolean {
  return snapshot.sockets.some((s) => !sameSocket(s, socket, snapshot) && [...s.binds, ...s.connects].some((u) => sameLocation(u.location, use.location)));
}


/**
 * Where a finding about one socket's bind or connect goes: on the endpoint argument, or, when that
 * argument sits in a helper other sockets go through too, where this socket is made (the helper's call),
 * with the argument as related information.
 */
export function placeOf(socket: ZmqSocket, use: EndpointUse, snapshot: GraphSnapshot): { location: SourceLocation; related: { location: SourceLocation; message: string }[] } {
  if (!isSharedUse(socket, use, snapshot) || sameLocation(socket.location, use.location)) return { location: use.location, related: [] };
  return { location: socket.location, related: [{ location: use.location, message: `${use.kind === "bind" ? "binds" : "connects to"} ${use.text} here` }] };
}


/** `program src/broker` / `programs a, b`. */
export function programsText(names: readonly string[]): string {
  return names.length === 1 ? `program ${names[0]}` : `programs ${names.join(", ")}`;
}

/** A context id as a reader knows it. */
export function contextText(context: string): string {
  if (context === "global") return "zeromq.js' global context";
  if (context.startsWith("unknown:")) return `the context \`${context.slice("unknown:".length)}\``;
  const m = /([^/]+):(\d+):\d+$/.exec(context);
  return m ? `the context created at ${m[1]}:${m[2]}` : `context ${context}`;
}

export function isKnownContext(context: string): boolean {
  return !context.startsWith("unknown:");
}

/** ` (PORT can change it)` when environment variables can override the endpoint. */
export function overrideNote(use: EndpointUse): string {
  const vars = use.overridableBy;
  if (vars.length === 0) return "";
  return ` (${vars.join(" or ")} can change it at run time)`;
}

/** The socket use (bind/connect call) whose call holds the endpoint argument at `use.location`. */
export function callOf(socket: ZmqSocket, use: EndpointUse): SocketUse | undefined {
  const inside = (outer: SourceLocation, inner: SourceLocation): boolean =>
    outer.file === inner.file &&
    (outer.line < inner.line || (outer.line === inner.line && outer.column <= inner.column)) &&
    (outer.endLine > inner.endLine || (outer.endLine === inner.endLine && outer.endColumn >= inner.endColumn));
  return socket.uses.find((u) => u.kind === use.kind && inside(u.location, use.location));
}


/** Loopback hosts (a connect there stays on this machine). */
export function isLocalHost(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "0.0.0.0" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Whether the part of `ep` that links compare (port, path, name) is unresolved: it may be anything. */
/** Whether the part of `ep` that links compare (port, path, name), or its transport, is unresolved. */
export function matchPartUnknown(ep: ParsedEndpoint): boolean {
  if (ep.transport.includes("${")) return true;
  if (TCP_LIKE.has(ep.transport)) return ep.port.includes("${");
  return ep.address.includes("${");
}

/** Transports whose bind and connect form an address a peer's bind or connect must meet. */
export function isLinkable(ep: ParsedEndpoint): boolean {
  return TCP_LIKE.has(ep.transport) || ep.transport === "ipc" || ep.transport === "inproc";
}

/**
 * The severity of a rule's secondary case: the configured severity, but never more severe than `cap`
 * (configuration can lower it with the rest of the rule, not raise it).
 */
export function capSeverity(configured: Severity, cap: Severity): Severity {
  return SEVERITY_ORDER[configured] > SEVERITY_ORDER[cap] ? configured : cap;
}

/** Transport families whose binds and connects can meet (ws and wss alike). */
export function family(ep: ParsedEndpoint): string {
  return ep.transport === "wss" ? "ws" : ep.transport;
}

/**
 * Whether `other` (a bind or a connect) might meet `ep` although no link says so: its transport, or the
 * part links compare (port, path, name), is unresolved.
 */
export function mightMeet(ep: ParsedEndpoint, other: ParsedEndpoint | undefined): boolean {
  if (!other || other.transport.includes("${")) return true;
  if (family(other) !== family(ep)) return false;
  return matchPartUnknown(other);
}

/** The endpoint libzmq's ZAP client connects to (RFC 27; libzmq src/session_base.cpp zap_connect). */
export const ZAP_ENDPOINT = "inproc://zeromq.zap.01";

/** A ZAP handler answers libzmq itself, not an application peer. */
export function isZapHandler(socket: ZmqSocket): boolean {
  return socket.binds.some((b) => b.text === ZAP_ENDPOINT);
}
