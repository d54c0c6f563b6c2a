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

function isLoopbackHost(host: string): boolean {
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

type HostKind = "any" | "any4" | "any6" | "loopback4" | "loopback6" | "ip4" | "ip6" | "name" | "unknown";

function hostKind(host: string): HostKind {
  if (PLACEHOLDER.test(host)) return "unknown";
  if (host === "*" || host === "") return "any";
  if (host === "::" || host === "0:0:0:0:0:0:0:0") return "any6";
  if (host === "0.0.0.0") return "any4";
  if (/^127\.\d+\.\d+\.\d+$/.test(host)) return "loopback4";
  if (host === "::1") return "loopback6";
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return "ip4";
  if (host.includes(":")) return "ip6";
  return "name";
}

const isLiteral = (k: HostKind): boolean => k === "ip4" || k === "ip6" || k === "loopback4" || k === "loopback6";

/**
 * Whether a connect to `connect` reaches a bind on `bind` (tcp, ws, udp). libzmq binds `0.0.0.0` and
 * `127.0.0.1` on IPv4 only, `*` on IPv4 (or both with ZMQ_IPV6), and an address or interface only there.
 */
export function matchHostPort(connect: ParsedEndpoint, bind: ParsedEndpoint): MatchResult {
  if (isEphemeral(bind)) return NO_MATCH;
  const portsKnown = !PLACEHOLDER.test(connect.port) && !PLACEHOLDER.test(bind.port);
  if (portsKnown ? connect.port === "" || Number(connect.port) !== Number(bind.port) : connect.port !== bind.port) return NO_MATCH;
  // Two unresolved ports match only when they name the same thing (`${config.ports.feed}`), not a bare
  // local name that two unrelated functions may both call `port`.
  if (!portsKnown && /^\$\{[A-Za-z_$][\w$]*\}$/.test(bind.port)) return NO_MATCH;
  if ((connect.transport === "ws" || connect.transport === "wss") && wsPath(connect) !== wsPath(bind)) return NO_MATCH;
  const c = connect.host === "localhost" ? "loopback4" : hostKind(connect.host);
  const b = bind.host === "localhost" || bind.host === "lo" ? "loopback4" : hostKind(bind.host);
  const match = (certain: boolean): MatchResult => ({ matches: true, certain: certain && portsKnown });
  if (c === "unknown" || b === "unknown") return match(false);
  const connectAddress = connect.host === "localhost" ? "127.0.0.1" : connect.host;
  const bindAddress = bind.host === "localhost" || bind.host === "lo" ? "127.0.0.1" : bind.host;
  switch (b) {
    case "any":
      // `*` listens on IPv6 too only with the ipv6 option, which the match does not see.
      return match(isLiteral(c) && c !== "ip6" && c !== "loopback6");
    case "any4":
      return c === "ip6" || c === "loopback6" ? NO_MATCH : match(isLiteral(c));
    case "any6":
      // Binding `::` needs the ipv6 option, which also maps IPv4 onto it (libzmq src/tcp.cpp enable_ipv4_mapping).
      return match(isLiteral(c));
    case "loopback4":
      // 127.0.0.2 is a different address from 127.0.0.1; `lo` binds 127.0.0.1.
      return c === "loopback4" && connectAddress === bindAddress ? match(true) : NO_MATCH;
    case "loopback6":
      return c === b ? match(true) : NO_MATCH;
    case "ip4":
    case "ip6":
      if (c === "name") return match(false);
      return connect.host === bind.host ? match(true) : NO_MATCH;
    default:
      // An interface (eth0) or a host name: reachable under that name, maybe under others, never via loopback.
      if (connect.host === bind.host) return match(true);
      return c === "loopback4" || c === "loopback6" ? NO_MATCH : match(false);
  }
}

/** libzmq ws_address: an address without a path has the path "/". */
function wsPath(ep: ParsedEndpoint): string {
  const slash = ep.address.indexOf("/");
  return slash >= 0 ? ep.address.slice(slash) : "/";
}
