/**
 * Proves the socket-type table in compatibility.ts against the real libzmq shipped in the `zeromq`
 * package, for all 144 ordered (binder, connecter) pairs of the 12 standard socket types.
 *
 * Criterion: each pair is bound on loopback and connected, and both sockets' monitor events decide.
 * An end is "established" when
 *  - a ZMTP socket reports `handshake` (ZMQ_EVENT_HANDSHAKE_SUCCEEDED). libzmq emits it only after the
 *    READY exchange, i.e. after mechanism.cpp check_socket_type() accepted the peer's Socket-Type;
 *  - a STREAM socket reports `accept`/`connect`: it speaks raw TCP and has no handshake to succeed.
 * The pair is accepted once both ends are established, rejected as soon as either end reports
 * `disconnect` or `handshake:error:*` first. A rejection is always an event, never a guess from
 * silence: a Socket-Type mismatch drops the connection within milliseconds (libzmq 4.3.5 reports a
 * bare `disconnect`), and every socket gets a short handshakeInterval so a ZMTP end facing a STREAM,
 * which never sends a greeting, gives up with `handshake:error:other` + `disconnect` instead of
 * waiting the 30 s default. A pair with no verdict by the safety deadline fails the test.
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as zmq from "zeromq";
import type { KnownSocketType } from "../../server/src/analysis/socketTypes";
import { isCompatiblePair, validPeerTypes } from "../../server/src/analysis/compatibility";

const STANDARD_TYPES = [
  "PAIR", "PUB", "SUB", "REQ", "REP", "DEALER", "ROUTER", "PULL", "PUSH", "XPUB", "XSUB", "STREAM",
] as const satisfies readonly KnownSocketType[];
type StandardType = (typeof STANDARD_TYPES)[number];

/**
 * Bounds how long a ZMTP end waits for a STREAM peer's greeting, so it sets the test's run time. Accepted
 * pairs handshake in a few ms on loopback (under 0.4 s with four runs sharing one core), so the margin is wide.
 */
const HANDSHAKE_MS = 1500;
/** Every pair settles by event well before this; it only keeps a broken run from hanging. */
const SAFETY_MS = 15_000;

// linger 0: close() must not keep the process alive flushing messages to dropped peers.
const OPTIONS = { linger: 0, handshakeInterval: HANDSHAKE_MS };
const CREATE: Readonly<Record<StandardType, () => zmq.Socket>> = {
  PAIR: () => new zmq.Pair(OPTIONS),
  PUB: () => new zmq.Publisher(OPTIONS),
  SUB: () => new zmq.Subscriber(OPTIONS),
  REQ: () => new zmq.Request(OPTIONS),
  REP: () => new zmq.Reply(OPTIONS),
  DEALER: () => new zmq.Dealer(OPTIONS),
  ROUTER: () => new zmq.Router(OPTIONS),
  PULL: () => new zmq.Pull(OPTIONS),
  PUSH: () => new zmq.Push(OPTIONS),
  XPUB: () => new zmq.XPublisher(OPTIONS),
  XSUB: () => new zmq.XSubscriber(OPTIONS),
  STREAM: () => new zmq.Stream(OPTIONS),
};

const FAILURE_EVENTS = ["disconnect", "handshake:error:protocol", "handshake:error:auth", "handshake:error:other"] as const;

type Verdict = "accepted" | "rejected";
type Matrix = Record<StandardType, Record<StandardType, Verdict>>;

/** Binds `binderType`, connects `connecterType`, and reports what libzmq made of the pair. */
async function probe(binderType: StandardType, connecterType: StandardType): Promise<Verdict> {
  const binder = CREATE[binderType]();
  const connecter = CREATE[connecterType]();
  try {
    return await new Promise<Verdict>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${binderType} bound, ${connecterType} connecting: no verdict within ${SAFETY_MS} ms`)),
        SAFETY_MS,
      );
      // The first verdict wins: a later event (e.g. a reconnect attempt) cannot overturn it.
      const settle = (verdict: Verdict): void => {
        clearTimeout(timer);
        resolve(verdict);
      };
      const established = new Set<zmq.Socket>();
      const ends: [zmq.Socket, StandardType, "accept" | "connect"][] = [
        [binder, binderType, "accept"],
        [connecter, connecterType, "connect"],
      ];
      // Listeners go on before bind/connect so the monitor sees the whole connection.
      for (const [socket, type, rawUp] of ends) {
        socket.events.on(type === "STREAM" ? rawUp : "handshake", () => {
          established.add(socket);
          if (established.size === 2) settle("accepted");
        });
        for (const failure of FAILURE_EVENTS) socket.events.on(failure, () => settle("rejected"));
      }
      binder
        .bind("tcp://127.0.0.1:*")
        .then(() => {
          if (binder.lastEndpoint === null) throw new Error("bound socket has no lastEndpoint");
          connecter.connect(binder.lastEndpoint);
        })
        .catch((error: unknown) => {
          clearTimeout(timer);
          reject(error);
        });
    });
  } finally {
    binder.close();
    connecter.close();
  }
}

/** All 144 pairs at once: each socket does one handshake and nothing else, so the run takes about HANDSHAKE_MS. */
async function observeMatrix(): Promise<Matrix> {
  const pairs = STANDARD_TYPES.flatMap((binder) => STANDARD_TYPES.map((connecter) => [binder, connecter] as const));
  const verdicts = await Promise.all(pairs.map(([binder, connecter]) => probe(binder, connecter)));
  const matrix = Object.fromEntries(STANDARD_TYPES.map((t) => [t, {}])) as Matrix;
  pairs.forEach(([binder, connecter], i) => {
    matrix[binder][connecter] = verdicts[i]!;
  });
  return matrix;
}

describe(`socket-type compatibility against libzmq ${zmq.version}`, () => {
  let observed: Matrix;
  before(async () => {
    observed = await observeMatrix();
  });

  test("isCompatiblePair agrees with libzmq on every ordered pair", () => {
    const mismatches: string[] = [];
    for (const binder of STANDARD_TYPES) {
      for (const connecter of STANDARD_TYPES) {
        const table: Verdict = isCompatiblePair(binder, connecter) ? "accepted" : "rejected";
        const real = observed[binder][connecter];
        if (real !== table) mismatches.push(`${binder} bound, ${connecter} connecting: libzmq ${real}, table says ${table}`);
      }
    }
    assert.equal(mismatches.length, 0, `${mismatches.length} mismatching pair(s):\n${mismatches.join("\n")}`);
  });

  test("libzmq's relation is symmetric (who binds does not matter)", () => {
    const asymmetric: string[] = [];
    for (const [i, a] of STANDARD_TYPES.entries()) {
      for (const b of STANDARD_TYPES.slice(i + 1)) {
        if (observed[a][b] !== observed[b][a]) {
          asymmetric.push(`${a} bound, ${b} connecting: ${observed[a][b]}; ${b} bound, ${a} connecting: ${observed[b][a]}`);
        }
      }
    }
    assert.equal(asymmetric.length, 0, `asymmetric pair(s):\n${asymmetric.join("\n")}`);
  });

  for (const type of STANDARD_TYPES) {
    test(`validPeerTypes(${type}) lists exactly the standard types libzmq accepts`, () => {
      const standard: readonly KnownSocketType[] = STANDARD_TYPES;
      const listed = validPeerTypes(type).filter((t) => standard.includes(t));
      const accepted = STANDARD_TYPES.filter((peer) => observed[type][peer] === "accepted");
      assert.deepEqual([...listed].sort(), [...accepted].sort());
    });
  }
});

// The matrix counts STREAM↔STREAM as accepted from connection events alone; show raw bytes really flow.
test("STREAM↔STREAM exchanges raw bytes", async () => {
  const options = { linger: 0, receiveTimeout: SAFETY_MS };
  const server = new zmq.Stream(options);
  const client = new zmq.Stream(options);
  try {
    await server.bind("tcp://127.0.0.1:*");
    assert.ok(server.lastEndpoint);
    client.connect(server.lastEndpoint);
    // With ZMQ_STREAM_NOTIFY (the default) each side first receives [routing id, empty frame].
    const [clientSideId, clientNotice] = await client.receive();
    assert.equal(clientNotice.length, 0);
    await client.send([clientSideId, "ping"]);
    const [serverSideId, serverNotice] = await server.receive();
    assert.equal(serverNotice.length, 0);
    const [sameId, ping] = await server.receive();
    assert.deepEqual(sameId, serverSideId);
    assert.equal(ping.toString(), "ping");
    await server.send([serverSideId, "pong"]);
    const [, pong] = await client.receive();
    assert.equal(pong.toString(), "pong");
  } finally {
    server.close();
    client.close();
  }
});
