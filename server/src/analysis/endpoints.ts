/**
 * Endpoint parsing and matching (libzmq doc/zmq_tcp.txt, zmq_ipc.txt, zmq_inproc.txt; semantics reference §4).
 */
export interface ParsedEndpoint {
  transport: string;
  /** tcp/ws/udp host or interface, without brackets; "" when absent. */
  host: string;
  /** Port text: a number, "*", "0", "!" or a placeholder. */
  port: string;
  /** ipc path, inproc name, or the whole address for other transports. */
  address: string;
  hasPlaceholder: boolean;
}

const PLACEHOLDER = /\$\{[^}]*\}/;

export function parseEndpoint(text: string): ParsedEndpoint | undefined {
  const m = /^([a-z][a-z0-9+.-]*|\$\{[^}]*\}):\/\/(.*)$/i.exec(text.trim());
  if (!m) return undefined;
  const transport = m[1]!.toLowerCase();
  let rest = m[2]!;
  const hasPlaceholder = PLACEHOLDER.test(text);
  if (transport === "tcp" || transport === "ws" || transport === "wss" || transport === "udp") {
    const semicolon = rest.lastIndexOf(";");
    if (semicolon >= 0 && !rest.slice(semicolon).includes("}")) rest = rest.slice(semicolon + 1);
    let hostPort = rest;
    if (transport === "ws" || transport === "wss") hostPort = rest.split("/")[0] ?? rest;
    const hp = splitHostPort(hostPort);
    return { transport, host: hp.host, port: hp.port, address: rest, hasPlaceholder };
  }
  return { transport, host: "", port: "", address: rest, hasPlaceholder };
}

function splitHostPort(text: string): { host: string; port: string } {
  if (text.startsWith("[")) {
    const close = text.indexOf("]");
    if (close > 0) return { host: text.slice(1, close), port: text.slice(close + 2) };
  }
  // A placeholder may hold colons: split at the last colon outside `${...}`.
  let depth = 0;
  let split = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "{" && text[i - 1] === "$") depth++;
    else if (c === "}" && depth > 0) depth--;
    else if (c === ":" && depth === 0) split = i;
  }
  if (split < 0) return { host: text, port: "" };
  const host = text.slice(0, split);
  const port = text.slice(split + 1);
  // "tcp://::5555"-style: the host is "::" or an unbracketed IPv6 address.
  return { host: host === ":" ? "::" : host, port };
}

const WILDCARD_HOSTS = new Set(["*", "", "0.0.0.0", "::", "0:0:0:0:0:0:0:0"]);

export function isWildcardHost(host: string): boolean {
  return WILDCARD_HOSTS.has(host);
}

export function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "lo" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Ephemeral binds (`tcp://*:*`, port 0, `!`, `ipc://*`) get their address at run time: nothing can match them statically. */
export function isEphemeral(ep: ParsedEndpoint): boolean {
  if (ep.transport === "ipc") return ep.address === "*";
  return ep.port === "*" || ep.port === "0" || ep.port === "!" || ep.port.startsWith("*[") || ep.port.startsWith("!");
}

/** Whether a tcp-style bind on `bind` is exposed beyond this machine. */
export function isExposedBind(ep: ParsedEndpoint): boolean {
  if (!["tcp", "ws", "wss", "udp"].includes(ep.transport)) return false;
  return !isLoopbackHost(ep.host);
}

export type MatchResult = { matches: false } | { matches: true; certain: boolean };

const NO_MATCH: MatchResult = { matches: false };

/** Whether a connect to `connect` reaches a bind on `bind` (tcp-like transports). */
export function matchHostPort(connect: ParsedEndpoint, bind: ParsedEndpoint): MatchResult {
  if (isEphemeral(bind)) return NO_MATCH;
  const portsKnown = !PLACEHOLDER.test(connect.port) && !PLACEHOLDER.test(bind.port);
  if (portsKnown ? Number(connect.port) !== Number(bind.port) || connect.port === "" : connect.port !== bind.port) return NO_MATCH;
  let certain = portsKnown;
  const ch = connect.host;
  const bh = bind.host;
  const connectUnknown = PLACEHOLDER.test(ch);
  const bindUnknown = PLACEHOLDER.test(bh);
  if (isWildcardHost(bh)) {
    certain &&= !connectUnknown && (isLoopbackHost(ch) || /^[\d.]+$/.test(ch) || ch.includes(":"));
  } else if (isLoopbackHost(bh)) {
    if (!connectUnknown && !isLoopbackHost(ch)) return NO_MATCH;
    certain &&= !connectUnknown;
  } else if (bindUnknown || connectUnknown) {
    certain = false;
  } else if (bh === ch) {
    // Same host or address on both sides.
  } else if (isLoopbackHost(ch)) {
    // A bind on a specific interface or address is not reachable through loopback.
    return NO_MATCH;
  } else {
    certain = false;
  }
  if (connect.transport === "ws" || connect.transport === "wss") {
    const path = (ep: ParsedEndpoint) => ep.address.slice(ep.address.indexOf("/") >= 0 ? ep.address.indexOf("/") : ep.address.length);
    if (path(connect) !== path(bind)) return NO_MATCH;
  }
  return { matches: true, certain };
}
