/**
 * Short texts about the topology language and libzmq names, for completion details and hovers
 * (keywords from docs/topology-file.md; socket types from the libzmq zmq_socket(3) manual).
 */
import { validPeerTypes } from "../compatibility";
import { optionDefault } from "../optionDefaults";
import { isKnownSocketType, type KnownSocketType } from "../socketTypes";
import type { Keyword } from "./lexer";
import type { SecurityMechanism } from "./syntax";

export const KEYWORD_DOCS: Readonly<Record<Keyword, { syntax: string; meaning: string }>> = {
  topology: { syntax: 'topology "Title"', meaning: "A name for the system, shown in the outline. Top level, once, optional." },
  component: { syntax: "component NAME { ... }", meaning: "One program of the system, with the sockets it owns." },
  program: { syntax: 'program "PATH"', meaning: "The component's entry file, relative to its `package.json` folder, with or without extension. Without it, the component name is the program name (or the one folder of its path it equals)." },
  socket: { syntax: "socket ROLE: TYPE { ... }", meaning: "A socket the program owns. `ROLE` matches the variable or field holding the socket in code; `TYPE` is a libzmq socket type." },
  bind: { syntax: "bind ENDPOINT", meaning: "An endpoint the socket binds. `{name}` parts are placeholders that match any text. A socket with no `bind`/`connect` line leaves its endpoints unchecked." },
  connect: { syntax: "connect ENDPOINT", meaning: "An endpoint the socket connects to. `{name}` parts are placeholders that match any text. A socket with no `bind`/`connect` line leaves its endpoints unchecked." },
  security: { syntax: "security curve | plain | none", meaning: "The mechanism the socket must use. Without it, security is not checked." },
  option: { syntax: "option NAME OP VALUE", meaning: "A socket option the code must set, by its zeromq.js v6 name. `OP` is `=`, `!=`, `<`, `<=`, `>` or `>=`; an option the code leaves unset is judged by libzmq's default." },
  link: { syntax: "link FROM -> TO", meaning: "A connection the design allows: `FROM` connects to `TO`, which binds. Each side is `component` or `component.role`. Once the file has a link, every connection between declared components must match one." },
};

export const SOCKET_TYPE_MEANINGS: Readonly<Record<KnownSocketType, string>> = {
  PAIR: "Exclusive pair: one peer, both directions.",
  PUB: "Publisher: sends every message to all matching subscribers.",
  SUB: "Subscriber: receives the messages of the topics it subscribes to.",
  REQ: "Request: sends a request, then waits for its reply (strict send/receive lockstep).",
  REP: "Reply: receives a request, then sends its reply.",
  DEALER: "Asynchronous request: sends round-robin and receives fair-queued, no lockstep.",
  ROUTER: "Asynchronous reply: addresses each peer by its routing id.",
  PULL: "Pipeline sink: receives fair-queued from pushers.",
  PUSH: "Pipeline source: sends round-robin to pullers.",
  XPUB: "Extended publisher: like PUB, and receives subscription messages.",
  XSUB: "Extended subscriber: like SUB, subscribing by sending subscription messages.",
  STREAM: "Raw TCP peer (no ZMTP): talks to non-ZeroMQ sockets.",
  SERVER: "Draft: thread-safe server, replies by routing id to CLIENT peers.",
  CLIENT: "Draft: thread-safe client of a SERVER.",
  RADIO: "Draft: thread-safe publisher to groups of DISH sockets.",
  DISH: "Draft: thread-safe subscriber that joins RADIO groups.",
  GATHER: "Draft: thread-safe PULL-like sink of SCATTER peers.",
  SCATTER: "Draft: thread-safe PUSH-like source to GATHER peers.",
  DGRAM: "Draft: UDP datagrams.",
  PEER: "Draft: thread-safe peer-to-peer socket.",
  CHANNEL: "Draft: thread-safe PAIR.",
};

export const SECURITY_MEANINGS: Readonly<Record<SecurityMechanism, string>> = {
  curve: "CURVE: encryption and authentication (`curveServer` on the binding side, `curveServerKey` on the connecting side).",
  plain: "PLAIN: clear-text user name and password (`plainServer` / `plainUsername`).",
  none: "NULL: no security mechanism.",
};

export const COMPARISON_MEANINGS: Readonly<Record<string, string>> = {
  "=": "equal to", "!=": "different from", "<": "less than", "<=": "at most", ">": "more than", ">=": "at least",
};

const OPTION_MEANINGS: Readonly<Record<string, string>> = {
  linger: "How long (ms) pending messages are kept after close; -1 waits forever.",
  receiveTimeout: "How long (ms) a receive waits before failing; -1 waits forever.",
  sendTimeout: "How long (ms) a send waits before failing; -1 waits forever.",
  sendHighWaterMark: "Most outgoing messages queued per peer.",
  receiveHighWaterMark: "Most incoming messages queued per peer.",
  connectTimeout: "How long (ms) a TCP connect may take; 0 uses the OS default.",
  handshakeInterval: "Most time (ms) the ZMTP handshake may take.",
  heartbeatInterval: "Interval (ms) between ZMTP heartbeats; 0 disables them.",
  heartbeatTimeout: "How long (ms) to wait for a heartbeat reply before closing the connection.",
  heartbeatTimeToLive: "Time to live (ms) the peer is told to use for heartbeats.",
  reconnectInterval: "Initial wait (ms) before reconnecting.",
  reconnectMaxInterval: "Longest wait (ms) between reconnects; 0 keeps the initial interval.",
  backlog: "Length of the queue of pending connections.",
  maxMessageSize: "Largest inbound message (bytes); -1 has no limit.",
  immediate: "Queue messages only to completed connections.",
  mandatory: "ROUTER: fail sending to an unknown routing id instead of dropping.",
  conflate: "Keep only the last message.",
  ipv6: "Enable IPv6 on the socket.",
  ipv4Only: "Use IPv4 only.",
  curveServer: "Act as the CURVE server.",
  curveServerKey: "The CURVE server's public key (client side).",
  curvePublicKey: "The socket's CURVE public key.",
  curveSecretKey: "The socket's CURVE secret key.",
  plainServer: "Act as the PLAIN server.",
  plainUsername: "PLAIN user name (client side).",
  plainPassword: "PLAIN password (client side).",
  zapDomain: "ZAP authentication domain.",
  zapEnforceDomain: "Require a ZAP domain for the NULL mechanism.",
  probeRouter: "Send an empty message to a ROUTER peer on connect.",
  relaxed: "REQ: allow a new request before the reply.",
  correlate: "REQ: match replies to requests.",
  handover: "ROUTER: a new peer with a taken routing id takes it over.",
  noDrop: "XPUB: fail instead of dropping at the high water mark.",
  tcpKeepalive: "TCP keepalive: -1 OS default, 0 off, 1 on.",
  tcpKeepaliveCount: "TCP keepalive probes before dropping.",
  tcpKeepaliveIdle: "TCP keepalive idle time (s).",
  tcpKeepaliveInterval: "TCP keepalive probe interval (s).",
  routingId: "The socket's identity as ROUTER peers see it.",
  rate: "Multicast data rate (kbit/s).",
  recoveryInterval: "Multicast recovery interval (ms).",
  multicastHops: "Multicast time to live.",
  affinity: "I/O thread affinity.",
  sendBufferSize: "Kernel send buffer size (bytes).",
  receiveBufferSize: "Kernel receive buffer size (bytes).",
  verbosity: "XPUB: pass on every subscription message.",
};

/** Options whose value is true or false (libzmq int flags zeromq.js exposes as booleans). */
const BOOLEAN_OPTIONS = new Set(["ipv4Only", "zapEnforceDomain", "loopbackFastPath"]);

export function isBooleanOption(name: string): boolean {
  return BOOLEAN_OPTIONS.has(name) || typeof optionDefault(name) === "boolean";
}

export function optionMeaning(name: string): string | undefined {
  return Object.hasOwn(OPTION_MEANINGS, name) ? OPTION_MEANINGS[name] : undefined;
}

/** Markdown: the option's meaning and libzmq default. */
export function optionMarkdown(name: string): string {
  const lines = [`**option** \`${name}\``];
  const meaning = optionMeaning(name);
  if (meaning) lines.push(meaning);
  const def = optionDefault(name);
  lines.push(def === undefined ? "No libzmq default to compare against." : `libzmq default: \`${String(def)}\``);
  return lines.join("\n\n");
}

export function peersText(type: string): string {
  if (!isKnownSocketType(type)) return "";
  return `Valid peers: ${validPeerTypes(type).join(", ")}`;
}

export function socketTypeMarkdown(type: string): string | undefined {
  if (!isKnownSocketType(type)) return undefined;
  return `**${type}**: ${SOCKET_TYPE_MEANINGS[type]}\n\n${peersText(type)}`;
}

export function keywordMarkdown(word: Keyword): string {
  const doc = KEYWORD_DOCS[word];
  return `\`${doc.syntax}\`\n\n${doc.meaning}`;
}
