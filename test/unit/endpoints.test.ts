import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { isEphemeral, isExposedBind, matchHostPort, parseEndpoint, type ParsedEndpoint } from "../../server/src/analysis/endpoints";
import { computeLinks } from "../../server/src/analysis/links";
import type { Link, ZmqSocket } from "../../server/src/analysis/model";
import { socket } from "./helpers/sockets";

function parse(text: string): ParsedEndpoint {
  const ep = parseEndpoint(text);
  assert.ok(ep, `parseEndpoint(${JSON.stringify(text)}) returned undefined`);
  return ep;
}

describe("parseEndpoint", () => {
  const cases: [string, Partial<ParsedEndpoint>][] = [
    ["tcp://*:5555", { transport: "tcp", host: "*", port: "5555", address: "*:5555", hasPlaceholder: false }],
    ["tcp://0.0.0.0:5555", { transport: "tcp", host: "0.0.0.0", port: "5555" }],
    ["tcp://[::]:5555", { transport: "tcp", host: "::", port: "5555" }],
    ["tcp://[::1]:6003", { transport: "tcp", host: "::1", port: "6003" }],
    ["tcp://127.0.0.1:6004", { transport: "tcp", host: "127.0.0.1", port: "6004" }],
    ["tcp://eth0:6005", { transport: "tcp", host: "eth0", port: "6005" }],
    ["tcp://192.168.10.7:7000", { transport: "tcp", host: "192.168.10.7", port: "7000" }],
    ["TCP://LocalHost:5555", { transport: "tcp", port: "5555" }],
    ["  tcp://localhost:5555  ", { transport: "tcp", host: "localhost", port: "5555" }],
    // Source-address syntax: the part after `;` is the peer.
    ["tcp://eth1:0;server1:5555", { transport: "tcp", host: "server1", port: "5555", address: "server1:5555" }],
    ["tcp://192.168.1.17:5556;10.0.0.4:5555", { transport: "tcp", host: "10.0.0.4", port: "5555" }],
    ["tcp://*:*", { transport: "tcp", host: "*", port: "*" }],
    ["tcp://*:0", { transport: "tcp", host: "*", port: "0" }],
    ["tcp://*:!", { transport: "tcp", host: "*", port: "!" }],
    ["tcp://${host}:5555", { transport: "tcp", host: "${host}", port: "5555", hasPlaceholder: true }],
    ["tcp://localhost:${port}", { transport: "tcp", host: "localhost", port: "${port}", hasPlaceholder: true }],
    // A placeholder may hold a colon: the port separator is the last colon outside `${...}`.
    ["tcp://${a ? 'x:1' : 'y'}:5555", { transport: "tcp", host: "${a ? 'x:1' : 'y'}", port: "5555", hasPlaceholder: true }],
    ["ws://*:8080/feed", { transport: "ws", host: "*", port: "8080", address: "*:8080/feed" }],
    ["wss://gateway.internal:443/stream", { transport: "wss", host: "gateway.internal", port: "443" }],
    ["udp://*:9999", { transport: "udp", host: "*", port: "9999" }],
    ["ipc:///tmp/feed.sock", { transport: "ipc", host: "", port: "", address: "/tmp/feed.sock", hasPlaceholder: false }],
    ["ipc://relative.sock", { transport: "ipc", address: "relative.sock" }],
    ["ipc://@abstract-name", { transport: "ipc", address: "@abstract-name" }],
    ["ipc://*", { transport: "ipc", address: "*" }],
    ["inproc://jobs", { transport: "inproc", host: "", port: "", address: "jobs" }],
    ["inproc://${name}", { transport: "inproc", address: "${name}", hasPlaceholder: true }],
  ];
  for (const [text, expected] of cases) {
    test(text.trim(), () => {
      const ep = parse(text);
      for (const [key, value] of Object.entries(expected)) {
        assert.equal(ep[key as keyof ParsedEndpoint], value, `${key} of ${text}`);
      }
    });
  }

  test("host of an upper-case host name keeps its text (no lookup)", () => {
    assert.equal(parse("tcp://LocalHost:5555").host.toLowerCase(), "localhost");
  });

  for (const text of ["", "localhost:5555", "not an endpoint", "${endpoint}", "tcp:/missing-slash:1"]) {
    test(`not an endpoint: ${JSON.stringify(text)}`, () => {
      assert.equal(parseEndpoint(text), undefined);
    });
  }
});

describe("isEphemeral", () => {
  const cases: [string, boolean][] = [
    ["tcp://*:*", true],
    ["tcp://*:0", true],
    ["tcp://*:!", true],
    ["tcp://127.0.0.1:0", true],
    ["tcp://*:*[60000-]", true],
    ["tcp://*:![60000-60100]", true],
    ["ipc://*", true],
    ["tcp://*:5555", false],
    ["tcp://localhost:5555", false],
    ["ws://*:8080/feed", false],
    ["ipc:///tmp/feed.sock", false],
    ["ipc://relative.sock", false],
    ["inproc://jobs", false],
  ];
  for (const [text, expected] of cases) {
    test(`${text} -> ${expected}`, () => assert.equal(isEphemeral(parse(text)), expected));
  }
});

describe("isExposedBind", () => {
  const cases: [string, boolean][] = [
    ["tcp://*:5555", true],
    ["tcp://0.0.0.0:5555", true],
    ["tcp://[::]:5555", true],
    ["tcp://eth0:5555", true],
    ["tcp://192.168.1.20:5555", true],
    ["ws://*:8080/feed", true],
    ["udp://*:9999", true],
    ["tcp://127.0.0.1:5555", false],
    ["tcp://127.0.1.1:5555", false],
    ["tcp://localhost:5555", false],
    ["tcp://[::1]:5555", false],
    ["tcp://lo:5555", false],
    ["ipc:///tmp/feed.sock", false],
    ["ipc://@name", false],
    ["inproc://jobs", false],
  ];
  for (const [text, expected] of cases) {
    test(`${text} -> ${expected}`, () => assert.equal(isExposedBind(parse(text)), expected));
  }
});

/** undefined: no match; otherwise the expected `certain`. */
type Expect = { matches: false } | { matches: true; certain: boolean };
const NO: Expect = { matches: false };
const CERTAIN: Expect = { matches: true, certain: true };
const LIKELY: Expect = { matches: true, certain: false };

describe("matchHostPort", () => {
  const cases: [connect: string, bind: string, expected: Expect][] = [
    // Wildcard binds accept loopback and literal addresses for sure, host names probably.
    ["tcp://localhost:5555", "tcp://*:5555", CERTAIN],
    ["tcp://127.0.0.1:5555", "tcp://*:5555", CERTAIN],
    ["tcp://192.168.1.20:5555", "tcp://*:5555", CERTAIN],
    ["tcp://worker-host:5555", "tcp://*:5555", LIKELY],
    ["tcp://localhost:5555", "tcp://0.0.0.0:5555", CERTAIN],
    ["tcp://127.0.0.1:5555", "tcp://0.0.0.0:5555", CERTAIN],
    ["tcp://db.example.com:5555", "tcp://0.0.0.0:5555", LIKELY],
    ["tcp://[::1]:5555", "tcp://[::]:5555", CERTAIN],
    ["tcp://localhost:5555", "tcp://[::]:5555", CERTAIN],
    ["tcp://127.0.0.1:5555", "tcp://[::]:5555", CERTAIN],
    // Loopback binds: reachable through loopback only.
    ["tcp://localhost:5555", "tcp://127.0.0.1:5555", CERTAIN],
    ["tcp://127.0.0.1:5555", "tcp://127.0.0.1:5555", CERTAIN],
    ["tcp://worker-host:5555", "tcp://127.0.0.1:5555", NO],
    ["tcp://192.168.1.20:5555", "tcp://127.0.0.1:5555", NO],
    ["tcp://[::1]:5555", "tcp://[::1]:5555", CERTAIN],
    // Interface-name bind: not through loopback, anything else is a guess.
    ["tcp://localhost:5555", "tcp://eth0:5555", NO],
    ["tcp://127.0.0.1:5555", "tcp://eth0:5555", NO],
    ["tcp://[::1]:5555", "tcp://eth0:5555", NO],
    ["tcp://worker-host:5555", "tcp://eth0:5555", LIKELY],
    ["tcp://192.168.1.20:5555", "tcp://eth0:5555", LIKELY],
    // Bind on one LAN address.
    ["tcp://192.168.1.20:5555", "tcp://192.168.1.20:5555", CERTAIN],
    ["tcp://localhost:5555", "tcp://192.168.1.20:5555", NO],
    ["tcp://127.0.0.1:5555", "tcp://192.168.1.20:5555", NO],
    ["tcp://edge-1:5555", "tcp://192.168.1.20:5555", LIKELY],
    // Ports.
    ["tcp://localhost:5556", "tcp://*:5555", NO],
    ["tcp://localhost:05555", "tcp://*:5555", CERTAIN],
    ["tcp://localhost", "tcp://*:5555", NO],
    // Placeholders: a host placeholder matches by port but is never certain; a port placeholder matches no concrete port.
    ["tcp://${host}:5555", "tcp://*:5555", LIKELY],
    ["tcp://${host}:5555", "tcp://127.0.0.1:5555", LIKELY],
    ["tcp://${host}:5555", "tcp://eth0:5555", LIKELY],
    ["tcp://${host}:5556", "tcp://*:5555", NO],
    ["tcp://localhost:${port}", "tcp://*:5555", NO],
    ["tcp://localhost:5555", "tcp://*:${port}", NO],
    // The same unresolved property path is likely the same port; a bare local name may be unrelated.
    ["tcp://localhost:${config.ports.feed}", "tcp://*:${config.ports.feed}", LIKELY],
    ["tcp://localhost:${port}", "tcp://*:${port}", NO],
    ["tcp://localhost:5555", "tcp://${iface}:5555", LIKELY],
    // Ephemeral binds never match, whatever the connect says.
    ["tcp://localhost:0", "tcp://*:0", NO],
    ["tcp://localhost:*", "tcp://*:*", NO],
    ["tcp://localhost:!", "tcp://*:!", NO],
    // Source-address syntax: only the peer part after `;` counts.
    ["tcp://eth1:0;server1:5555", "tcp://*:5555", LIKELY],
    ["tcp://eth1:0;127.0.0.1:5555", "tcp://*:5555", CERTAIN],
    ["tcp://eth1:0;server1:5556", "tcp://*:5555", NO],
    // ws: same port and same path.
    ["ws://localhost:8080/feed", "ws://*:8080/feed", CERTAIN],
    ["ws://localhost:8080/other", "ws://*:8080/feed", NO],
    ["ws://gateway:8080/feed", "ws://*:8080/feed", LIKELY],
  ];
  for (const [connect, bind, expected] of cases) {
    test(`connect ${connect} -> bind ${bind}: ${expected.matches ? (expected.certain ? "certain" : "likely") : "no match"}`, () => {
      assert.deepEqual(matchHostPort(parse(connect), parse(bind)), expected);
    });
  }

  // Two different literal addresses are two different listeners: a connect to one never reaches a bind on the other.
  test("bind on one LAN address is not reached by a connect to another address", () => {
    assert.deepEqual(matchHostPort(parse("tcp://192.168.1.21:5555"), parse("tcp://192.168.1.20:5555")), NO);
    assert.deepEqual(matchHostPort(parse("tcp://10.0.0.5:5555"), parse("tcp://192.168.1.20:5555")), NO);
  });

  // A listener on an IPv4 address (127.0.0.1, 0.0.0.0) never accepts a connection to an IPv6 address, and back.
  test("IPv4 loopback bind is not reached through the IPv6 loopback, and back", () => {
    assert.deepEqual(matchHostPort(parse("tcp://[::1]:5555"), parse("tcp://127.0.0.1:5555")), NO);
    assert.deepEqual(matchHostPort(parse("tcp://127.0.0.1:5555"), parse("tcp://[::1]:5555")), NO);
  });

  test("IPv4 any-address bind (0.0.0.0) is not reached through the IPv6 loopback", () => {
    assert.deepEqual(matchHostPort(parse("tcp://[::1]:5555"), parse("tcp://0.0.0.0:5555")), NO);
  });

  // libzmq ws_address.cpp resolve(): an address without a path gets the path "/".
  test("ws: a bind without a path is the path '/'", () => {
    assert.deepEqual(matchHostPort(parse("ws://localhost:8080/"), parse("ws://*:8080")), CERTAIN);
    assert.deepEqual(matchHostPort(parse("ws://localhost:8080"), parse("ws://*:8080/")), CERTAIN);
    assert.deepEqual(matchHostPort(parse("ws://localhost:8080"), parse("ws://*:8080")), CERTAIN);
  });
});

// ---------------------------------------------------------------------------------------------------------------

const ROOTS: Record<string, string> = { "/ws/a": "/ws/a", "/ws/b": "/ws/b" };
/** Package root: the first path segment pair (/ws/a, /ws/b), like Workspace.packageRootOf with two package.json files. */
function packageRootOf(file: string): string {
  const root = Object.keys(ROOTS).find((r) => file.startsWith(r + "/"));
  assert.ok(root, `unexpected file ${file}`);
  return root;
}

function links(sockets: ZmqSocket[]): Link[] {
  return computeLinks(sockets, packageRootOf);
}

function pairs(ls: Link[]): string[] {
  return ls.map((l) => `${l.from}->${l.to}`).sort();
}

/** One connecting socket against one binding socket. */
function linkBetween(connect: string, bind: string, types: [string, string] = ["REQ", "REP"]): Link[] {
  const c = socket({ id: "c", type: types[0] as never, file: "/ws/a/src/client.ts", connects: [connect] });
  const b = socket({ id: "b", type: types[1] as never, file: "/ws/a/src/server.ts", binds: [bind] });
  return links([c, b]);
}

describe("computeLinks: tcp", () => {
  const cases: [connect: string, bind: string, expected: Expect][] = [
    ["tcp://localhost:6001", "tcp://*:6001", CERTAIN],
    ["tcp://127.0.0.1:6002", "tcp://0.0.0.0:6002", CERTAIN],
    ["tcp://[::1]:6003", "tcp://[::]:6003", CERTAIN],
    ["tcp://localhost:6004", "tcp://127.0.0.1:6004", CERTAIN],
    ["tcp://worker-host:6005", "tcp://eth0:6005", LIKELY],
    ["tcp://localhost:6005", "tcp://eth0:6005", NO],
    ["tcp://192.168.1.20:6006", "tcp://192.168.1.20:6006", CERTAIN],
    ["tcp://localhost:6099", "tcp://*:6001", NO],
    ["tcp://${host}:5555", "tcp://*:5555", LIKELY],
    ["tcp://localhost:${port}", "tcp://*:5555", NO],
    ["tcp://eth1:0;server1:5555", "tcp://*:5555", LIKELY],
    ["tcp://localhost:0", "tcp://*:0", NO],
    ["tcp://localhost:*", "tcp://*:*", NO],
    ["tcp://localhost:!", "tcp://*:!", NO],
    // Other transports on the same port are other listeners.
    ["ws://localhost:5555", "tcp://*:5555", NO],
    ["udp://localhost:5555", "tcp://*:5555", NO],
    ["tcp://localhost:5555", "ws://*:5555", NO],
    ["ws://localhost:8080/feed", "ws://*:8080/feed", CERTAIN],
    ["ws://localhost:8080/other", "ws://*:8080/feed", NO],
  ];
  for (const [connect, bind, expected] of cases) {
    test(`${connect} -> ${bind}`, () => {
      const ls = linkBetween(connect, bind);
      if (!expected.matches) {
        assert.deepEqual(ls, []);
        return;
      }
      assert.equal(ls.length, 1);
      const l = ls[0]!;
      assert.equal(l.from, "c");
      assert.equal(l.to, "b");
      assert.equal(l.endpoint, connect);
      assert.equal(l.bindEndpoint, bind);
      assert.equal(l.certain, expected.certain);
      assert.equal(l.compatible, true);
      assert.equal(l.connectLocation.file, "/ws/a/src/client.ts");
      assert.equal(l.bindLocation.file, "/ws/a/src/server.ts");
    });
  }

  test("one bind serves every connect that reaches it; each connect is its own link", () => {
    const server = socket({ id: "server", type: "ROUTER", binds: ["tcp://*:5555"] });
    const local = socket({ id: "local", type: "DEALER", connects: ["tcp://localhost:5555"] });
    const remote = socket({ id: "remote", type: "REQ", connects: ["tcp://broker:5555"] });
    const other = socket({ id: "other", type: "REQ", connects: ["tcp://localhost:5556"] });
    const ls = computeLinks([server, local, remote, other], () => "/ws/app");
    assert.deepEqual(pairs(ls), ["local->server", "remote->server"]);
    assert.equal(ls.find((l) => l.from === "local")!.certain, true);
    assert.equal(ls.find((l) => l.from === "remote")!.certain, false);
  });

  test("a socket binding and connecting the same endpoint is not linked to itself", () => {
    const pair = socket({ id: "self", type: "PAIR", binds: ["tcp://*:7000"], connects: ["tcp://localhost:7000"] });
    assert.deepEqual(computeLinks([pair], () => "/ws/app"), []);
  });

  test("a socket with several connects gets one link per reachable bind", () => {
    const sub = socket({ id: "sub", type: "SUB", connects: ["tcp://localhost:7001", "tcp://localhost:7002", "tcp://localhost:7003"] });
    const pub1 = socket({ id: "pub1", type: "PUB", binds: ["tcp://*:7001"] });
    const pub2 = socket({ id: "pub2", type: "XPUB", binds: ["tcp://127.0.0.1:7002"] });
    assert.deepEqual(pairs(computeLinks([sub, pub1, pub2], () => "/ws/app")), ["sub->pub1", "sub->pub2"]);
  });

  test("unparseable endpoint texts produce no links and no errors", () => {
    const a = socket({ id: "a", type: "REQ", connects: ["${endpoint}"] });
    const b = socket({ id: "b", type: "REP", binds: ["${endpoint}"] });
    assert.deepEqual(computeLinks([a, b], () => "/ws/app"), []);
  });
});

describe("computeLinks: ipc", () => {
  test("absolute path: linked across packages, certain", () => {
    const b = socket({ id: "b", type: "PUB", file: "/ws/a/src/server.ts", binds: ["ipc:///tmp/feed.sock"] });
    const c = socket({ id: "c", type: "SUB", file: "/ws/b/src/client.ts", connects: ["ipc:///tmp/feed.sock"] });
    const ls = links([b, c]);
    assert.deepEqual(pairs(ls), ["c->b"]);
    assert.equal(ls[0]!.certain, true);
  });

  test("absolute paths that differ are not linked", () => {
    const b = socket({ id: "b", type: "PUB", file: "/ws/a/src/server.ts", binds: ["ipc:///tmp/feed.sock"] });
    const c = socket({ id: "c", type: "SUB", file: "/ws/a/src/client.ts", connects: ["ipc:///tmp/feed2.sock"] });
    assert.deepEqual(links([b, c]), []);
  });

  test("relative path: linked within one package", () => {
    const b = socket({ id: "b", type: "PAIR", file: "/ws/a/src/server.ts", binds: ["ipc://relative.sock"] });
    const c = socket({ id: "c", type: "PAIR", file: "/ws/a/lib/deep/client.ts", connects: ["ipc://relative.sock"] });
    const ls = links([b, c]);
    assert.deepEqual(pairs(ls), ["c->b"]);
    assert.equal(ls[0]!.certain, true);
  });

  test("relative path: the same name in two packages is two different files", () => {
    const b = socket({ id: "b", type: "PAIR", file: "/ws/a/src/server.ts", binds: ["ipc://relative.sock"] });
    const c = socket({ id: "c", type: "PAIR", file: "/ws/b/src/client.ts", connects: ["ipc://relative.sock"] });
    assert.deepEqual(links([b, c]), []);
  });

  test("relative path resolved against the package root matches the same absolute path", () => {
    const b = socket({ id: "b", type: "PULL", file: "/ws/a/src/server.ts", binds: ["ipc://run/jobs.sock"] });
    const c1 = socket({ id: "c1", type: "PUSH", file: "/ws/b/src/client.ts", connects: ["ipc:///ws/a/run/jobs.sock"] });
    const c2 = socket({ id: "c2", type: "PUSH", file: "/ws/a/src/other.ts", connects: ["ipc://./run/jobs.sock"] });
    const c3 = socket({ id: "c3", type: "PUSH", file: "/ws/b/src/client.ts", connects: ["ipc://../a/run/jobs.sock"] });
    assert.deepEqual(pairs(links([b, c1, c2, c3])), ["c1->b", "c2->b", "c3->b"]);
  });

  test("packageRootOf is asked about the file of the bind/connect call", () => {
    const asked: string[] = [];
    const b = socket({ id: "b", type: "PAIR", file: "/ws/a/src/server.ts", binds: ["ipc://x.sock"] });
    const c = socket({ id: "c", type: "PAIR", file: "/ws/a/src/client.ts", connects: ["ipc://x.sock"] });
    const ls = computeLinks([b, c], (f) => {
      asked.push(f);
      return "/ws/a";
    });
    assert.equal(ls.length, 1);
    assert.ok(asked.includes("/ws/a/src/server.ts"));
    assert.ok(asked.includes("/ws/a/src/client.ts"));
  });

  test("abstract namespace (@name): one name for the whole machine", () => {
    const b = socket({ id: "b", type: "REP", file: "/ws/a/src/server.ts", binds: ["ipc://@control"] });
    const c = socket({ id: "c", type: "REQ", file: "/ws/b/src/client.ts", connects: ["ipc://@control"] });
    const d = socket({ id: "d", type: "REQ", file: "/ws/a/src/client.ts", connects: ["ipc://control"] });
    const ls = links([b, c, d]);
    assert.deepEqual(pairs(ls), ["c->b"]);
    assert.equal(ls[0]!.certain, true);
  });

  test("ephemeral ipc://* never links", () => {
    const b = socket({ id: "b", type: "REP", file: "/ws/a/src/server.ts", binds: ["ipc://*"] });
    const c = socket({ id: "c", type: "REQ", file: "/ws/a/src/client.ts", connects: ["ipc://*"] });
    assert.deepEqual(links([b, c]), []);
  });

  test("placeholder in an ipc path: linked to the same text, not certain", () => {
    const b = socket({ id: "b", type: "REP", file: "/ws/a/src/server.ts", binds: ["ipc://${dir}/ctl.sock"] });
    const c = socket({ id: "c", type: "REQ", file: "/ws/a/src/client.ts", connects: ["ipc://${dir}/ctl.sock"] });
    const ls = links([b, c]);
    assert.deepEqual(pairs(ls), ["c->b"]);
    assert.equal(ls[0]!.certain, false);
  });
});

describe("computeLinks: inproc", () => {
  const make = (id: string, kind: "bind" | "connect", context: string, components: string[], name = "inproc://jobs") =>
    socket({ id, type: kind === "bind" ? "PUSH" : "PULL", file: "/ws/a/src/pipeline.ts", context, components, [kind === "bind" ? "binds" : "connects"]: [name] });

  test("same context, same program: linked, certain", () => {
    const ls = links([make("b", "bind", "global", ["src/main"]), make("c", "connect", "global", ["src/main"])]);
    assert.deepEqual(pairs(ls), ["c->b"]);
    assert.equal(ls[0]!.certain, true);
    assert.equal(ls[0]!.compatible, true);
  });

  test("same explicit context object: linked", () => {
    const ctx = "/ws/a/src/pipeline.ts:8:24";
    assert.deepEqual(pairs(links([make("b", "bind", ctx, ["src/main"]), make("c", "connect", ctx, ["src/main"])])), ["c->b"]);
  });

  test("different contexts: not linked", () => {
    assert.deepEqual(links([make("b", "bind", "/ws/a/src/pipeline.ts:8:24", ["src/main"]), make("c", "connect", "global", ["src/main"])]), []);
  });

  test("different programs (no shared component): not linked", () => {
    assert.deepEqual(links([make("b", "bind", "global", ["src/server"]), make("c", "connect", "global", ["src/worker"])]), []);
  });

  test("a file shared by two programs links with either", () => {
    const ls = links([make("b", "bind", "global", ["src/server", "src/worker"]), make("c", "connect", "global", ["src/worker"])]);
    assert.deepEqual(pairs(ls), ["c->b"]);
  });

  test("different names: not linked", () => {
    assert.deepEqual(links([make("b", "bind", "global", ["src/main"]), make("c", "connect", "global", ["src/main"], "inproc://jobs2")]), []);
  });
});

describe("computeLinks: compatible flag (libzmq handshake)", () => {
  const cases: [connectType: string, bindType: string, compatible: boolean][] = [
    ["REQ", "REP", true],
    ["REQ", "ROUTER", true],
    ["REQ", "DEALER", false],
    ["DEALER", "ROUTER", true],
    ["DEALER", "REP", true],
    ["REP", "DEALER", true],
    ["SUB", "PUB", true],
    ["SUB", "XPUB", true],
    ["PUB", "SUB", true],
    ["XSUB", "PUB", true],
    ["PUSH", "PULL", true],
    ["PUSH", "PUSH", false],
    ["PULL", "PUB", false],
    ["PAIR", "PAIR", true],
    ["PAIR", "DEALER", false],
    ["CLIENT", "SERVER", true],
    ["CLIENT", "CLIENT", false],
    ["STREAM", "STREAM", true],
    ["UNKNOWN", "REP", true],
    ["PUSH", "UNKNOWN", true],
  ];
  for (const [ct, bt, compatible] of cases) {
    test(`${ct} connecting to ${bt}: ${compatible}`, () => {
      const ls = linkBetween("tcp://localhost:5555", "tcp://*:5555", [ct, bt]);
      assert.equal(ls.length, 1, "an incompatible pair is still a link, flagged");
      assert.equal(ls[0]!.compatible, compatible);
    });
  }
});
