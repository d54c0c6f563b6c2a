import type { KnownSocketType, SocketType } from "./socketTypes";

/**
 * Pairs libzmq's ZMTP handshake accepts: libzmq src/mechanism.cpp check_socket_type() (v4.3.5).
 * The relation is symmetric. STREAM does no ZMTP handshake: only raw peers (another STREAM) work.
 */
const ACCEPTED: Readonly<Record<KnownSocketType, readonly KnownSocketType[]>> = {
  PAIR: ["PAIR"],
  PUB: ["SUB", "XSUB"],
  SUB: ["PUB", "XPUB"],
  REQ: ["REP", "ROUTER"],
  REP: ["REQ", "DEALER"],
  DEALER: ["REP", "DEALER", "ROUTER"],
  ROUTER: ["REQ", "DEALER", "ROUTER"],
  PULL: ["PUSH"],
  PUSH: ["PULL"],
  XPUB: ["SUB", "XSUB"],
  XSUB: ["PUB", "XPUB"],
  // STREAM speaks raw TCP: it pairs with raw peers, including another STREAM (libzmq tests/test_stream.cpp).
  STREAM: ["STREAM"],
  SERVER: ["CLIENT"],
  CLIENT: ["SERVER"],
  RADIO: ["DISH"],
  DISH: ["RADIO"],
  GATHER: ["SCATTER"],
  SCATTER: ["GATHER"],
  DGRAM: ["DGRAM"],
  PEER: ["PEER"],
  CHANNEL: ["CHANNEL"],
};

/** Socket types libzmq accepts as the peer of `type`. */
export function validPeerTypes(type: SocketType): readonly KnownSocketType[] {
  return type === "UNKNOWN" ? [] : ACCEPTED[type];
}

/**
 * Whether libzmq's handshake accepts the pair. Unknown types are given the benefit of the doubt:
 * only a pair known to be rejected is reported.
 */
export function isCompatiblePair(a: SocketType, b: SocketType): boolean {
  if (a === "UNKNOWN" || b === "UNKNOWN") return true;
  return ACCEPTED[a].includes(b);
}
