/**
 * Socket option names. The graph always uses zeromq.js v6 property names, whatever API the code used
 * (zeromq.js src/index.ts defineOpt; v5 lib/index.js opts/longOptions; compat.ts).
 */
const BY_LIBZMQ_ID: Readonly<Record<number, string>> = {
  4: "affinity", 5: "routingId", 6: "subscribe", 7: "unsubscribe", 8: "rate", 9: "recoveryInterval",
  11: "sendBufferSize", 12: "receiveBufferSize", 17: "linger", 18: "reconnectInterval", 19: "backlog",
  21: "reconnectMaxInterval", 22: "maxMessageSize", 23: "sendHighWaterMark", 24: "receiveHighWaterMark",
  25: "multicastHops", 27: "receiveTimeout", 28: "sendTimeout", 31: "ipv4Only", 33: "mandatory", 34: "tcpKeepalive",
  35: "tcpKeepaliveCount", 36: "tcpKeepaliveIdle", 37: "tcpKeepaliveInterval", 39: "immediate",
  40: "verbosity", 42: "ipv6", 44: "plainServer", 45: "plainUsername", 46: "plainPassword", 47: "curveServer",
  48: "curvePublicKey", 49: "curveSecretKey", 50: "curveServerKey", 51: "probeRouter", 52: "correlate",
  53: "relaxed", 54: "conflate", 55: "zapDomain", 56: "handover", 66: "handshakeInterval",
  69: "noDrop", 75: "heartbeatInterval", 76: "heartbeatTimeToLive", 77: "heartbeatTimeout",
  79: "connectTimeout", 93: "zapEnforceDomain",
};

/** `ZMQ_*` constant names (v5 `zmq.ZMQ_LINGER`, compat) → libzmq id. */
const LIBZMQ_IDS: Readonly<Record<string, number>> = {
  ZMQ_AFFINITY: 4, ZMQ_IDENTITY: 5, ZMQ_ROUTING_ID: 5, ZMQ_SUBSCRIBE: 6, ZMQ_UNSUBSCRIBE: 7, ZMQ_RATE: 8,
  ZMQ_RECOVERY_IVL: 9, ZMQ_SNDBUF: 11, ZMQ_RCVBUF: 12, ZMQ_LINGER: 17, ZMQ_RECONNECT_IVL: 18,
  ZMQ_BACKLOG: 19, ZMQ_RECONNECT_IVL_MAX: 21, ZMQ_MAXMSGSIZE: 22, ZMQ_SNDHWM: 23, ZMQ_RCVHWM: 24,
  ZMQ_MULTICAST_HOPS: 25, ZMQ_RCVTIMEO: 27, ZMQ_SNDTIMEO: 28, ZMQ_IPV4ONLY: 31, ZMQ_ROUTER_MANDATORY: 33,
  ZMQ_TCP_KEEPALIVE: 34, ZMQ_TCP_KEEPALIVE_CNT: 35, ZMQ_TCP_KEEPALIVE_IDLE: 36, ZMQ_TCP_KEEPALIVE_INTVL: 37,
  ZMQ_IMMEDIATE: 39, ZMQ_DELAY_ATTACH_ON_CONNECT: 39, ZMQ_XPUB_VERBOSE: 40, ZMQ_IPV6: 42,
  ZMQ_PLAIN_SERVER: 44, ZMQ_PLAIN_USERNAME: 45, ZMQ_PLAIN_PASSWORD: 46, ZMQ_CURVE_SERVER: 47,
  ZMQ_CURVE_PUBLICKEY: 48, ZMQ_CURVE_SECRETKEY: 49, ZMQ_CURVE_SERVERKEY: 50, ZMQ_PROBE_ROUTER: 51,
  ZMQ_REQ_CORRELATE: 52, ZMQ_REQ_RELAXED: 53, ZMQ_CONFLATE: 54, ZMQ_ZAP_DOMAIN: 55,
  ZMQ_ROUTER_HANDOVER: 56, ZMQ_HANDSHAKE_IVL: 66, ZMQ_XPUB_NODROP: 69, ZMQ_HEARTBEAT_IVL: 75,
  ZMQ_HEARTBEAT_TTL: 76, ZMQ_HEARTBEAT_TIMEOUT: 77, ZMQ_CONNECT_TIMEOUT: 79, ZMQ_ZAP_ENFORCE_DOMAIN: 93,
};

/** v5 short names (`sock.setsockopt("linger", 0)`, `sock.identity = "a"`): lib/index.js opts, compat.ts:29-58. */
const V5_SHORT_NAMES: Readonly<Record<string, string>> = {
  affinity: "affinity", backlog: "backlog", identity: "routingId", linger: "linger", rate: "rate",
  rcvbuf: "receiveBufferSize", sndbuf: "sendBufferSize", reconnect_ivl: "reconnectInterval",
  recovery_ivl: "recoveryInterval", plain_server: "plainServer", plain_username: "plainUsername",
  plain_password: "plainPassword", curve_server: "curveServer", curve_publickey: "curvePublicKey",
  curve_secretkey: "curveSecretKey", curve_serverkey: "curveServerKey", zap_domain: "zapDomain",
  heartbeat_ivl: "heartbeatInterval", heartbeat_ttl: "heartbeatTimeToLive",
  heartbeat_timeout: "heartbeatTimeout", connect_timeout: "connectTimeout",
};

/** zeromq.js v6 socket option property names (not methods, not read-only values). */
const V6_OPTION_NAMES = new Set<string>([
  ...Object.values(BY_LIBZMQ_ID).filter((n) => n !== "subscribe" && n !== "unsubscribe"),
  "socksProxy", "tcpAcceptFilter", "typeOfService", "interface", "multicastMaxTransportDataUnitSize",
  "vmciBufferSize", "loopbackFastPath", "threadSafe",
]);

function own<T>(table: Readonly<Record<string | number, T>>, key: string | number): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

export function optionFromLibzmqId(id: number): string | undefined {
  return own(BY_LIBZMQ_ID, id);
}

export function optionFromConstant(name: string): string | undefined {
  const id = own(LIBZMQ_IDS, name);
  return id === undefined ? undefined : own(BY_LIBZMQ_ID, id);
}

/** Option given to v5 `setsockopt` as a string: a short name or a `ZMQ_*` name. */
export function optionFromV5Name(name: string): string | undefined {
  return own(V5_SHORT_NAMES, name) ?? optionFromConstant(name) ?? (name ? optionFromConstant(`ZMQ_${name.toUpperCase()}`) : undefined);
}

/** Property assignment on a v5 socket (`sock.linger = 0`) uses the short names. */
export function optionFromV5Property(name: string): string | undefined {
  return own(V5_SHORT_NAMES, name);
}

export function isV6OptionName(name: string): boolean {
  return V6_OPTION_NAMES.has(name);
}

/** All zeromq.js v6 option names, for suggestions and completion. */
export function v6OptionNames(): readonly string[] {
  return [...V6_OPTION_NAMES];
}

/** The v6 option a constructor key or property assignment sets, for the API the socket was made with. */
export function optionForProperty(api: "v6" | "v5" | "v5-compat", name: string): string | undefined {
  return api === "v6" ? (isV6OptionName(name) ? name : undefined) : optionFromV5Property(name);
}
