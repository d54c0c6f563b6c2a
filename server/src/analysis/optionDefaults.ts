import type { OptionValue } from "./model";

/**
 * libzmq 4.3.5 defaults of the socket options a design is likely to require (libzmq src/options.cpp
 * `options_t::options_t`, doc/zmq_setsockopt.txt). zeromq.js v5 and v6 override none of them (v6
 * src/socket.cc only applies the options the code passes). Options not listed have no default worth
 * comparing against (keys, names, addresses).
 */
const DEFAULTS: Readonly<Record<string, OptionValue>> = {
  linger: -1,
  receiveTimeout: -1,
  sendTimeout: -1,
  sendHighWaterMark: 1000,
  receiveHighWaterMark: 1000,
  connectTimeout: 0,
  handshakeInterval: 30000,
  heartbeatInterval: 0,
  reconnectInterval: 100,
  reconnectMaxInterval: 0,
  backlog: 100,
  maxMessageSize: -1,
  immediate: false,
  mandatory: false,
  conflate: false,
  ipv6: false,
  curveServer: false,
  plainServer: false,
  probeRouter: false,
  relaxed: false,
  correlate: false,
  handover: false,
  noDrop: false,
  tcpKeepalive: -1,
  multicastHops: 1,
  rate: 100,
  recoveryInterval: 10000,
};

/** The value libzmq uses when the code never sets `name`, when known. */
export function optionDefault(name: string): OptionValue | undefined {
  return Object.hasOwn(DEFAULTS, name) ? DEFAULTS[name] : undefined;
}
