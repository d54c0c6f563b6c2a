import * as zmq from "zeromq";

export interface RequestClientOptions {
  /** Milliseconds to wait for a reply. Unset means libzmq's default: forever. */
  receiveTimeout?: number;
  sendTimeout?: number;
  /** Milliseconds to keep unsent messages after close(). Unset means forever. */
  linger?: number;
  routingId?: string;
}

/** Creates a REQ socket with `options` and connects it to `endpoint`. */
export function createRequestClient(endpoint: string, options: RequestClientOptions = {}): zmq.Request {
  const socket = new zmq.Request(options);
  socket.connect(endpoint);
  return socket;
}

const DEFAULT_TIMEOUT_MS = 3000;

/** Presets for sockets that only ever dial out. */
const socketKinds = {
  dealer: () => new zmq.Dealer({ linger: 0 }),
  // relaxed + correlate let a REQ send again after a lost reply instead of
  // being stuck waiting for it.
  req: () => new zmq.Request({ receiveTimeout: DEFAULT_TIMEOUT_MS, linger: 0, relaxed: true, correlate: true }),
};

export type SocketKind = keyof typeof socketKinds;

export function makeSocket(kind: "dealer", endpoint: string): zmq.Dealer;
export function makeSocket(kind: "req", endpoint: string): zmq.Request;
export function makeSocket(kind: SocketKind, endpoint: string): zmq.Dealer | zmq.Request {
  const socket = socketKinds[kind]();
  socket.connect(endpoint);
  return socket;
}

/** receive()/send() reject with EAGAIN when their timeout expires or the socket is closed. */
export function isTimeout(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "EAGAIN";
}
