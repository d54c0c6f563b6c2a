import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  DRAFT_CLASSES, SOCKET_TYPES, V6_CLASS_TYPES, isKnownSocketType, socketTypeFromConstant, socketTypeFromValue,
  type SocketType,
} from "../../server/src/analysis/socketTypes";
import { isCompatiblePair, validPeerTypes } from "../../server/src/analysis/compatibility";
import {
  isV6OptionName, optionFromConstant, optionFromLibzmqId, optionFromV5Name, optionFromV5Property,
} from "../../server/src/analysis/options";

/** libzmq zmq.h socket type ids, written out here independently of the implementation. */
const ZMQ_H_TYPES: Record<number, string> = {
  0: "PAIR", 1: "PUB", 2: "SUB", 3: "REQ", 4: "REP", 5: "DEALER", 6: "ROUTER", 7: "PULL", 8: "PUSH",
  9: "XPUB", 10: "XSUB", 11: "STREAM", 12: "SERVER", 13: "CLIENT", 14: "RADIO", 15: "DISH",
  16: "GATHER", 17: "SCATTER", 18: "DGRAM", 19: "PEER", 20: "CHANNEL",
};
const ALL_TYPES = Object.values(ZMQ_H_TYPES);

describe("socketTypeFromValue", () => {
  const strings: [string, SocketType][] = [
    ["pair", "PAIR"], ["pub", "PUB"], ["sub", "SUB"], ["req", "REQ"], ["rep", "REP"], ["dealer", "DEALER"],
    ["router", "ROUTER"], ["pull", "PULL"], ["push", "PUSH"], ["xpub", "XPUB"], ["xsub", "XSUB"], ["stream", "STREAM"],
    // zeromq.js v5 aliases from the ZeroMQ 2.x era.
    ["xreq", "DEALER"], ["xrep", "ROUTER"],
    ["ZMQ_REQ", "REQ"], ["ZMQ_XREP", "ROUTER"], ["zmq_dealer", "DEALER"], ["ZMQ_PUSH", "PUSH"],
    ["REQ", "REQ"], ["Router", "ROUTER"], [" sub ", "SUB"],
  ];
  for (const [value, expected] of strings) {
    test(`${JSON.stringify(value)} -> ${expected}`, () => assert.equal(socketTypeFromValue(value), expected));
  }

  for (let n = 0; n <= 20; n++) {
    test(`${n} -> ${ZMQ_H_TYPES[n]}`, () => assert.equal(socketTypeFromValue(n), ZMQ_H_TYPES[n]));
  }

  for (const n of [21, 42, -1, 3.5, Number.NaN]) {
    test(`number ${n} -> UNKNOWN`, () => assert.equal(socketTypeFromValue(n), "UNKNOWN"));
  }

  // Includes names that exist on every JS object: a lookup table must not answer for them.
  for (const value of ["", "request", "reply", "publisher", "ZMQ_", "zmq_foo", "UNKNOWN", "toString", "constructor", "__proto__", "hasOwnProperty"]) {
    test(`unknown string ${JSON.stringify(value)} -> UNKNOWN`, () => assert.equal(socketTypeFromValue(value), "UNKNOWN"));
  }
});

describe("socketTypeFromConstant", () => {
  test("ZMQ_* type constants", () => {
    for (const t of ALL_TYPES) assert.equal(socketTypeFromConstant(`ZMQ_${t}`), t);
  });
  test("non-type constants and other names", () => {
    assert.equal(socketTypeFromConstant("ZMQ_LINGER"), undefined);
    assert.equal(socketTypeFromConstant("REQ"), undefined);
    assert.equal(socketTypeFromConstant("ZMQ_"), undefined);
  });
});

describe("SOCKET_TYPES / isKnownSocketType", () => {
  test("exactly the 21 libzmq socket types", () => {
    assert.deepEqual([...SOCKET_TYPES].sort(), [...ALL_TYPES].sort());
    for (const t of ALL_TYPES) assert.equal(isKnownSocketType(t), true);
    for (const t of ["UNKNOWN", "req", "XREQ", "", "toString"]) assert.equal(isKnownSocketType(t), false, t);
  });
});

describe("V6_CLASS_TYPES", () => {
  // zeromq.js v6: src/index.ts and src/draft.ts class names.
  const expected: Record<string, string> = {
    Pair: "PAIR", Publisher: "PUB", Subscriber: "SUB", Request: "REQ", Reply: "REP", Dealer: "DEALER",
    Router: "ROUTER", Pull: "PULL", Push: "PUSH", XPublisher: "XPUB", XSubscriber: "XSUB", Stream: "STREAM",
    Server: "SERVER", Client: "CLIENT", Radio: "RADIO", Dish: "DISH", Gather: "GATHER", Scatter: "SCATTER",
    Datagram: "DGRAM",
  };
  test("maps every v6 class and nothing else", () => {
    assert.deepEqual({ ...V6_CLASS_TYPES }, expected);
  });
  test("non-socket exports are not socket classes", () => {
    for (const name of ["Context", "Proxy", "Socket", "Observer", "context", "toString", "constructor"]) {
      assert.equal(Object.prototype.hasOwnProperty.call(V6_CLASS_TYPES, name), false, name);
    }
  });
  test("draft classes are the draft-only ones", () => {
    assert.deepEqual([...DRAFT_CLASSES].sort(), ["Client", "Datagram", "Dish", "Gather", "Radio", "Scatter", "Server"]);
  });
});

describe("isCompatiblePair (libzmq mechanism.cpp check_socket_type)", () => {
  // Written out from the libzmq matrix, one direction only; the relation must come out symmetric.
  const ACCEPTS: [string, string[]][] = [
    ["PAIR", ["PAIR"]],
    ["PUB", ["SUB", "XSUB"]],
    ["XPUB", ["SUB", "XSUB"]],
    ["REQ", ["REP", "ROUTER"]],
    ["REP", ["REQ", "DEALER"]],
    ["DEALER", ["REP", "DEALER", "ROUTER"]],
    ["ROUTER", ["REQ", "DEALER", "ROUTER"]],
    ["PUSH", ["PULL"]],
    ["SERVER", ["CLIENT"]],
    ["RADIO", ["DISH"]],
    ["SCATTER", ["GATHER"]],
    ["DGRAM", ["DGRAM"]],
    ["PEER", ["PEER"]],
    ["CHANNEL", ["CHANNEL"]],
    // No ZMTP handshake: a STREAM talks raw TCP, so only another STREAM (libzmq tests/test_stream.cpp
    // test_stream_to_stream; checked with the zeromq package) is a working peer.
    ["STREAM", ["STREAM"]],
  ];
  const allowed = new Set<string>();
  for (const [a, peers] of ACCEPTS) {
    for (const b of peers) {
      allowed.add(`${a}|${b}`);
      allowed.add(`${b}|${a}`);
    }
  }

  test("all 21x21 pairs equal the libzmq matrix", () => {
    const wrong: string[] = [];
    for (const a of ALL_TYPES) {
      for (const b of ALL_TYPES) {
        const expected = allowed.has(`${a}|${b}`);
        if (isCompatiblePair(a as SocketType, b as SocketType) !== expected) wrong.push(`${a}-${b}: expected ${expected}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  test("symmetric for all 21x21 pairs", () => {
    for (const a of ALL_TYPES) {
      for (const b of ALL_TYPES) {
        assert.equal(isCompatiblePair(a as SocketType, b as SocketType), isCompatiblePair(b as SocketType, a as SocketType), `${a}/${b}`);
      }
    }
  });

  test("STREAM talks to no ZMTP socket, only to another STREAM", () => {
    for (const t of ALL_TYPES) assert.equal(isCompatiblePair("STREAM", t as SocketType), t === "STREAM", t);
    assert.deepEqual([...validPeerTypes("STREAM")], ["STREAM"]);
  });

  test("UNKNOWN gets the benefit of the doubt", () => {
    for (const t of [...ALL_TYPES, "UNKNOWN"]) {
      assert.equal(isCompatiblePair("UNKNOWN", t as SocketType), true, t);
      assert.equal(isCompatiblePair(t as SocketType, "UNKNOWN"), true, t);
    }
    assert.deepEqual([...validPeerTypes("UNKNOWN")], []);
  });

  test("validPeerTypes lists exactly the accepted peers", () => {
    for (const a of ALL_TYPES) {
      const expected = ALL_TYPES.filter((b) => allowed.has(`${a}|${b}`)).sort();
      assert.deepEqual([...validPeerTypes(a as SocketType)].sort(), expected, a);
    }
  });
});

describe("options: libzmq ids, ZMQ_* constants and v5 names -> zeromq.js v6 names", () => {
  // zmq.h option ids and zeromq.js v6 property names, written out independently.
  const BY_ID: [number, string, string][] = [
    [4, "ZMQ_AFFINITY", "affinity"],
    [5, "ZMQ_ROUTING_ID", "routingId"],
    [8, "ZMQ_RATE", "rate"],
    [9, "ZMQ_RECOVERY_IVL", "recoveryInterval"],
    [11, "ZMQ_SNDBUF", "sendBufferSize"],
    [12, "ZMQ_RCVBUF", "receiveBufferSize"],
    [17, "ZMQ_LINGER", "linger"],
    [18, "ZMQ_RECONNECT_IVL", "reconnectInterval"],
    [19, "ZMQ_BACKLOG", "backlog"],
    [21, "ZMQ_RECONNECT_IVL_MAX", "reconnectMaxInterval"],
    [22, "ZMQ_MAXMSGSIZE", "maxMessageSize"],
    [23, "ZMQ_SNDHWM", "sendHighWaterMark"],
    [24, "ZMQ_RCVHWM", "receiveHighWaterMark"],
    [25, "ZMQ_MULTICAST_HOPS", "multicastHops"],
    [27, "ZMQ_RCVTIMEO", "receiveTimeout"],
    [28, "ZMQ_SNDTIMEO", "sendTimeout"],
    [33, "ZMQ_ROUTER_MANDATORY", "mandatory"],
    [34, "ZMQ_TCP_KEEPALIVE", "tcpKeepalive"],
    [35, "ZMQ_TCP_KEEPALIVE_CNT", "tcpKeepaliveCount"],
    [36, "ZMQ_TCP_KEEPALIVE_IDLE", "tcpKeepaliveIdle"],
    [37, "ZMQ_TCP_KEEPALIVE_INTVL", "tcpKeepaliveInterval"],
    [39, "ZMQ_IMMEDIATE", "immediate"],
    [42, "ZMQ_IPV6", "ipv6"],
    [44, "ZMQ_PLAIN_SERVER", "plainServer"],
    [45, "ZMQ_PLAIN_USERNAME", "plainUsername"],
    [46, "ZMQ_PLAIN_PASSWORD", "plainPassword"],
    [47, "ZMQ_CURVE_SERVER", "curveServer"],
    [48, "ZMQ_CURVE_PUBLICKEY", "curvePublicKey"],
    [49, "ZMQ_CURVE_SECRETKEY", "curveSecretKey"],
    [50, "ZMQ_CURVE_SERVERKEY", "curveServerKey"],
    [51, "ZMQ_PROBE_ROUTER", "probeRouter"],
    [52, "ZMQ_REQ_CORRELATE", "correlate"],
    [53, "ZMQ_REQ_RELAXED", "relaxed"],
    [54, "ZMQ_CONFLATE", "conflate"],
    [55, "ZMQ_ZAP_DOMAIN", "zapDomain"],
    [56, "ZMQ_ROUTER_HANDOVER", "handover"],
    [66, "ZMQ_HANDSHAKE_IVL", "handshakeInterval"],
    [69, "ZMQ_XPUB_NODROP", "noDrop"],
    [75, "ZMQ_HEARTBEAT_IVL", "heartbeatInterval"],
    [76, "ZMQ_HEARTBEAT_TTL", "heartbeatTimeToLive"],
    [77, "ZMQ_HEARTBEAT_TIMEOUT", "heartbeatTimeout"],
    [79, "ZMQ_CONNECT_TIMEOUT", "connectTimeout"],
  ];
  for (const [id, constant, name] of BY_ID) {
    test(`${constant} (${id}) -> ${name}`, () => {
      assert.equal(optionFromLibzmqId(id), name, `id ${id}`);
      assert.equal(optionFromConstant(constant), name, constant);
      assert.equal(optionFromV5Name(constant), name, `setsockopt("${constant}")`);
      assert.equal(isV6OptionName(name), true, `${name} is a v6 option`);
    });
  }

  test("deprecated aliases map to today's names", () => {
    assert.equal(optionFromConstant("ZMQ_IDENTITY"), "routingId");
    assert.equal(optionFromConstant("ZMQ_DELAY_ATTACH_ON_CONNECT"), "immediate");
  });

  test("subscribe/unsubscribe ids are recognized but are not v6 option properties", () => {
    assert.equal(optionFromLibzmqId(6), "subscribe");
    assert.equal(optionFromLibzmqId(7), "unsubscribe");
    assert.equal(optionFromConstant("ZMQ_SUBSCRIBE"), "subscribe");
    assert.equal(isV6OptionName("subscribe"), false);
    assert.equal(isV6OptionName("unsubscribe"), false);
  });

  test("unknown ids and names", () => {
    for (const id of [0, 1, 13, 14, 16, 32, 1000, -1]) assert.equal(optionFromLibzmqId(id), undefined, `id ${id}`);
    for (const c of ["ZMQ_FD", "ZMQ_EVENTS", "ZMQ_TYPE", "ZMQ_LAST_ENDPOINT", "LINGER", "ZMQ_REQ"]) {
      assert.equal(optionFromConstant(c), undefined, c);
    }
  });

  test("v5 short names given to setsockopt", () => {
    const cases: [string, string][] = [
      ["identity", "routingId"], ["linger", "linger"], ["affinity", "affinity"], ["backlog", "backlog"],
      ["rate", "rate"], ["rcvbuf", "receiveBufferSize"], ["sndbuf", "sendBufferSize"],
      ["reconnect_ivl", "reconnectInterval"], ["recovery_ivl", "recoveryInterval"],
      ["curve_server", "curveServer"], ["curve_secretkey", "curveSecretKey"], ["zap_domain", "zapDomain"],
      ["heartbeat_ivl", "heartbeatInterval"], ["connect_timeout", "connectTimeout"],
      // ZMQ_ names without the prefix, any case.
      ["rcvtimeo", "receiveTimeout"], ["sndhwm", "sendHighWaterMark"], ["ZMQ_SNDHWM", "sendHighWaterMark"],
      ["router_mandatory", "mandatory"],
    ];
    for (const [v5, v6] of cases) assert.equal(optionFromV5Name(v5), v6, v5);
  });

  test("v5 property assignments (sock.identity = ...)", () => {
    assert.equal(optionFromV5Property("identity"), "routingId");
    assert.equal(optionFromV5Property("linger"), "linger");
    assert.equal(optionFromV5Property("rcvbuf"), "receiveBufferSize");
    assert.equal(optionFromV5Property("reconnect_ivl"), "reconnectInterval");
  });

  test("names that are not options", () => {
    for (const n of ["send", "bind", "close", "foo", "", "constructor", "toString", "__proto__"]) {
      assert.equal(optionFromV5Property(n), undefined, `property ${n}`);
      assert.equal(optionFromV5Name(n), undefined, `setsockopt(${JSON.stringify(n)})`);
    }
  });

  test("v6 option property names", () => {
    for (const n of ["linger", "routingId", "receiveTimeout", "sendTimeout", "immediate", "curveServer", "mandatory", "ipv6", "conflate"]) {
      assert.equal(isV6OptionName(n), true, n);
    }
    for (const n of ["context", "send", "receive", "closed", "readable", "type", "lastEndpoint", "identity", "rcvtimeo"]) {
      assert.equal(isV6OptionName(n), false, n);
    }
  });
});
