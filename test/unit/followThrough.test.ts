import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { GraphSnapshot } from "../../server/src/analysis/graph";
import { analyze, at, byHolder } from "./helpers/workspace";

/**
 * Shapes found by reviewing the analysis against realistic code: each test is one way real projects
 * create, pass around or configure sockets that the analysis must follow.
 */

const links = (snapshot: GraphSnapshot): string[] =>
  snapshot.links.map((l) => {
    const from = snapshot.sockets.find((s) => s.id === l.from)!;
    const to = snapshot.sockets.find((s) => s.id === l.to)!;
    return `${from.holder} ${from.type} -> ${to.holder} ${to.type} ${l.endpoint}${l.compatible ? "" : " ✗"}`;
  }).sort();

describe("sockets passed through helpers", () => {
  test("a helper that configures a socket and returns it keeps the caller's holder and uses", () => {
    const file = "/ws/src/feed.ts";
    const text = `import { Publisher, Subscriber } from "zeromq";

function withDefaults<T extends Publisher | Subscriber>(sock: T): T {
  sock.linger = 0;
  return sock;
}

const pub = withDefaults(new Publisher());
await pub.bind("tcp://*:6900");
const sub = withDefaults(new Subscriber());
sub.connect("tcp://localhost:6900");
sub.subscribe("prices");
`;
    const { snapshot } = analyze({ files: { [file]: text } });
    assert.equal(byHolder(snapshot, "pub").binds[0]!.text, "tcp://*:6900");
    assert.deepEqual(byHolder(snapshot, "pub").options.map((o) => [o.name, o.value]), [["linger", 0]]);
    assert.deepEqual(byHolder(snapshot, "sub").subscriptions.map((s) => s.value), ["prices"]);
    assert.deepEqual(links(snapshot), ["sub SUB -> pub PUB tcp://localhost:6900"]);
  });

  test("a factory's bind-or-connect branch follows the call's argument", () => {
    const lib = "/ws/src/sockets.ts";
    const app = "/ws/src/app.ts";
    const { snapshot } = analyze({
      files: {
        [lib]: `import * as zmq from "zeromq";

export function open(type: "router" | "req", endpoint: string, opts: { bind: boolean }) {
  const s = type === "router" ? new zmq.Router() : new zmq.Request();
  if (opts.bind) {
    s.bindSync(endpoint);
  } else {
    s.connect(endpoint);
  }
  return s;
}
`,
        [app]: `import { open } from "./sockets";

const frontend = open("router", "tcp://*:5555", { bind: true });
const client = open("req", "tcp://localhost:5555", { bind: false });
`,
      },
    });
    assert.equal(snapshot.sockets.length, 2, "the ruled-out `?:` branch creates nothing");
    const frontend = byHolder(snapshot, "frontend");
    assert.equal(frontend.type, "ROUTER");
    assert.deepEqual([frontend.binds.map((b) => b.text), frontend.connects.map((c) => c.text)], [["tcp://*:5555"], []]);
    const client = byHolder(snapshot, "client");
    assert.equal(client.type, "REQ");
    assert.deepEqual([client.binds.map((b) => b.text), client.connects.map((c) => c.text)], [[], ["tcp://localhost:5555"]]);
    assert.deepEqual(links(snapshot), ["client REQ -> frontend ROUTER tcp://localhost:5555"]);
  });

  test("sockets chosen by ?: or cached with ??= are followed to their uses", () => {
    const file = "/ws/src/main.ts";
    const { snapshot } = analyze({
      files: {
        [file]: `import * as zmq from "zeromq";

const useRouter = process.env.ROUTER === "1";
const server = useRouter ? new zmq.Router() : new zmq.Dealer();
await server.bind("tcp://*:8000");

let cached: zmq.Request | undefined;
function client(): zmq.Request {
  cached ??= new zmq.Request({ receiveTimeout: 1000 });
  return cached;
}
client().connect("tcp://localhost:8000");
`,
      },
    });
    const servers = snapshot.sockets.filter((s) => s.holder === "server");
    assert.deepEqual(servers.map((s) => [s.type, s.binds[0]?.text]), [["ROUTER", "tcp://*:8000"], ["DEALER", "tcp://*:8000"]]);
    const req = snapshot.sockets.find((s) => s.type === "REQ")!;
    assert.equal(req.holder, "cached");
    assert.deepEqual(req.connects.map((c) => c.text), ["tcp://localhost:8000"]);
    assert.deepEqual(links(snapshot), ["cached REQ -> server DEALER tcp://localhost:8000 ✗", "cached REQ -> server ROUTER tcp://localhost:8000"]);
  });

  test("two programs calling the same factory get a socket each", () => {
    const { snapshot } = analyze({
      packages: { "/ws": { name: "svc", scripts: { a: "node src/a.js", b: "node src/b.js" } } },
      files: {
        "/ws/src/client.js": `const zmq = require("zeromq");\nexports.makeClient = (ep) => { const s = new zmq.Request(); s.connect(ep); return s; };\n`,
        "/ws/src/a.js": `const { makeClient } = require("./client");\nconst client = makeClient("tcp://localhost:6500");\n`,
        "/ws/src/b.js": `const { makeClient } = require("./client");\nconst client = makeClient("tcp://localhost:6500");\n`,
      },
    });
    assert.deepEqual(snapshot.sockets.map((s) => [s.location.file, s.components]), [
      ["/ws/src/a.js", ["src/a"]],
      ["/ws/src/b.js", ["src/b"]],
    ]);
  });
});

describe("branches", () => {
  test("switch cases, early returns and missing option properties pick one branch per call", () => {
    const { snapshot } = analyze({
      files: {
        "/ws/src/make.ts": `import * as zmq from "zeromq";
type Role = "server" | "client";
export function make(role: Role, port: number) {
  switch (role) {
    case "server": {
      const s = new zmq.Reply();
      s.bind(\`tcp://*:\${port}\`);
      return s;
    }
    default: {
      const c = new zmq.Request();
      c.connect(\`tcp://localhost:\${port}\`);
      return c;
    }
  }
}
export function make2(role: Role, port: number) {
  if (role !== "server") {
    const c = new zmq.Dealer();
    c.connect(\`tcp://localhost:\${port}\`);
    return c;
  }
  const s = new zmq.Router();
  s.bind(\`tcp://*:\${port}\`);
  return s;
}
export function open(ep: string, opts: { bind?: boolean } = {}) {
  const s = new zmq.Pair();
  if (opts.bind) s.bind(ep);
  else s.connect(ep);
  return s;
}
`,
        "/ws/src/main.ts": `import { make, make2, open } from "./make";
const a = make("server", 1000);
const b = make("client", 1000);
const c = make2("server", 1001);
const d = make2("client", 1001);
const e = open("tcp://*:1100", { bind: true });
const f = open("tcp://localhost:1100", {});
const g = open("tcp://localhost:1100");
`,
      },
    });
    assert.deepEqual(snapshot.sockets.map((s) => `${s.holder} ${s.type} ${[...s.binds, ...s.connects].map((u) => `${u.kind} ${u.text}`).join(", ")}`), [
      "a REP bind tcp://*:1000",
      "b REQ connect tcp://localhost:1000",
      "c ROUTER bind tcp://*:1001",
      "d DEALER connect tcp://localhost:1001",
      "e PAIR bind tcp://*:1100",
      "f PAIR connect tcp://localhost:1100",
      "g PAIR connect tcp://localhost:1100",
    ]);
  });

  test("a `let` assigned again later is not taken at its initial value (no branch is wrongly pruned)", () => {
    const { snapshot } = analyze({
      files: {
        "/ws/src/node.ts": `import { Pair } from "zeromq";
let listen = false;
if (process.argv.includes("--listen")) listen = true;
let port = 7000;
port += Number(process.env.OFFSET ?? 0);
function open(ep: string) {
  const s = new Pair();
  if (listen) s.bind(ep);
  else s.connect(ep);
  return s;
}
const peer = open(\`tcp://127.0.0.1:\${port}\`);
`,
      },
    });
    const peer = byHolder(snapshot, "peer");
    assert.deepEqual([peer.binds.map((b) => b.text), peer.connects.map((c) => c.text)], [["tcp://127.0.0.1:${port}"], ["tcp://127.0.0.1:${port}"]]);
  });

  test("a variable assigned in exclusive branches holds a different socket in each; alternatives never link", () => {
    const file = "/ws/src/open.js";
    const { snapshot } = analyze({
      files: {
        [file]: `const zmq = require("zeromq");
function open(kind) {
  let s;
  if (kind === "server") {
    s = new zmq.Router();
    s.bind("tcp://*:9200");
  } else {
    s = new zmq.Dealer();
    s.connect("tcp://localhost:9200");
  }
  return s;
}
open(process.argv[2]);
`,
      },
    });
    assert.deepEqual(snapshot.sockets.map((s) => [s.type, s.binds.map((b) => b.text), s.connects.map((c) => c.text)]), [
      ["ROUTER", ["tcp://*:9200"], []],
      ["DEALER", [], ["tcp://localhost:9200"]],
    ]);
    assert.deepEqual(snapshot.links, [], "one call returns one of the two, never both");
  });
});

describe("CommonJS and barrels", () => {
  for (const [shape, barrel] of [
    ["module.exports = { open: require(...) }", `module.exports = { open: require("./sock") };\n`],
    ["a required local re-exported by shorthand", `const open = require("./sock");\nmodule.exports = { open };\n`],
    ["exports.open = require(...)", `exports.open = require("./sock");\n`],
  ] as const) {
    test(`a factory re-exported by a CommonJS barrel: ${shape}`, () => {
      const { snapshot } = analyze({
        files: {
          "/ws/lib/sock.js": `const zmq = require("zeromq");\nmodule.exports = function open(kind, ep) {\n  const s = kind === "server" ? new zmq.Router() : new zmq.Dealer();\n  if (kind === "server") s.bind(ep); else s.connect(ep);\n  return s;\n};\n`,
          "/ws/lib/index.js": barrel,
          "/ws/bin/app.js": `const { open } = require("../lib");\nconst server = open("server", "tcp://*:5555");\nconst worker = open("worker", "tcp://localhost:5555");\n`,
        },
      });
      assert.deepEqual(links(snapshot), ["worker DEALER -> server ROUTER tcp://localhost:5555"]);
    });
  }

  test("module.exports = function factory, and require('./m').name", () => {
    const { snapshot } = analyze({
      files: {
        "/ws/lib/makeSocket.js": `const zmq = require("zeromq");
module.exports = function makeSocket(type, { endpoint, bind = false, linger = 0 } = {}) {
  const s = zmq.socket(type);
  s.setsockopt(zmq.ZMQ_LINGER, linger);
  if (bind) s.bindSync(endpoint); else s.connect(endpoint);
  return s;
};
`,
        "/ws/lib/names.js": `exports.endpoint = (port) => "tcp://localhost:" + port;\n`,
        "/ws/lib/index.js": `const makeSocket = require("./makeSocket");
const endpointFor = require("./names").endpoint;
const frontend = makeSocket("router", { endpoint: "tcp://*:5555", bind: true });
const worker = makeSocket("dealer", { endpoint: endpointFor(5555), linger: 500 });
`,
      },
    });
    assert.deepEqual(snapshot.sockets.map((s) => [s.holder, s.type, s.binds.map((b) => b.text), s.connects.map((c) => c.text), s.options.map((o) => o.value)]), [
      ["frontend", "ROUTER", ["tcp://*:5555"], [], [0]],
      ["worker", "DEALER", [], ["tcp://localhost:5555"], [500]],
    ]);
  });

  test("zeromq re-exported through two barrels", () => {
    const app = "/ws/src/app.ts";
    const text = `import { Reply, Request } from "./lib";\nconst rep = new Reply();\nawait rep.bind("tcp://*:6400");\nconst req = new Request();\nreq.connect("tcp://localhost:6400");\n`;
    const { snapshot } = analyze({
      files: {
        "/ws/src/lib/messaging.ts": `export * from "zeromq";\n`,
        "/ws/src/lib/index.ts": `export * from "./messaging";\nexport const version = 2;\n`,
        [app]: text,
      },
    });
    assert.deepEqual(snapshot.sockets.map((s) => `${s.type} ${s.location.file}:${s.location.line}:${s.location.column}`), [
      `REP ${at(app, text, "new Reply")}`, `REQ ${at(app, text, "new Request")}`,
    ]);
    assert.deepEqual(links(snapshot), ["req REQ -> rep REP tcp://localhost:6400"]);
  });
});

describe("classes", () => {
  const base = `import { Dealer } from "zeromq";

export abstract class Service {
  protected readonly sock = new Dealer({ linger: 0 });
  constructor(protected readonly endpoint: string) {}
  async start(): Promise<void> {
    await this.sock.bind(this.endpoint);
  }
}
`;

  test("constructor arguments reach the base class through super(...) and subclasses without constructors", () => {
    const { snapshot } = analyze({
      files: {
        "/ws/src/service.ts": base,
        "/ws/src/main.ts": `import { Service } from "./service";

class Frontend extends Service {
  constructor(port: number) {
    super(\`tcp://*:\${port}\`);
  }
}
class Backend extends Service {}

new Frontend(7001);
new Backend("tcp://127.0.0.1:7002");
`,
      },
    });
    assert.deepEqual(snapshot.sockets.map((s) => s.binds.map((b) => b.text)).flat().sort(), ["tcp://*:7001", "tcp://127.0.0.1:7002"]);
  });

  test("a subclass method using the base class's socket is that socket's use", () => {
    const { snapshot } = analyze({
      files: {
        "/ws/src/client.ts": `import { Request, Dealer } from "zeromq";

abstract class Client {
  protected readonly sock = new Request({ receiveTimeout: 1000 });
}
class PingClient extends Client {
  start(): void {
    this.sock.connect("tcp://localhost:6700");
  }
}
new PingClient().start();

const pool = new Dealer();
await pool.bind("tcp://*:6700");
`,
      },
    });
    assert.deepEqual(byHolder(snapshot, "this.sock").connects.map((c) => c.text), ["tcp://localhost:6700"]);
    assert.deepEqual(links(snapshot), ["this.sock REQ -> pool DEALER tcp://localhost:6700 ✗"]);
  });

  test("a class used by two programs puts each socket in the program that instantiates it", () => {
    const { snapshot } = analyze({
      packages: { "/ws": { name: "bus", scripts: { a: "node src/a.js", b: "node src/b.js" } } },
      files: {
        "/ws/src/bus.ts": `import { Pair } from "zeromq";
export class BusServer {
  private sock = new Pair();
  async open(): Promise<void> { await this.sock.bind("inproc://bus"); }
}
export class BusClient {
  private sock = new Pair();
  open(): void { this.sock.connect("inproc://bus"); }
}
`,
        "/ws/src/a.ts": `import { BusServer } from "./bus";\nawait new BusServer().open();\n`,
        "/ws/src/b.ts": `import type { BusServer } from "./bus";\nimport { BusClient } from "./bus";\nnew BusClient().open();\nexport type Server = BusServer;\n`,
      },
    });
    assert.deepEqual(snapshot.sockets.map((s) => s.components), [["src/a"], ["src/b"]]);
    assert.deepEqual(snapshot.links, [], "inproc never crosses processes");
  });

  test("sockets handed to a base class through super(...), an inherited constructor or a parameter property", () => {
    const { snapshot } = analyze({
      files: {
        "/ws/src/a.ts": `import { Dealer, Reply, Router } from "zeromq";
class Base {
  s: Reply;
  constructor(s: Reply) { this.s = s; }
  open() { this.s.bind("tcp://*:5000"); }
}
class Sub extends Base { constructor() { super(new Reply()); } }
new Sub().open();

class Base2 { constructor(protected s: Dealer, protected ep: string) {} open() { this.s.bind(this.ep); } }
class Sub2 extends Base2 {}
new Sub2(new Dealer(), "tcp://*:5001").open();

class Conn { constructor(private sock: Router) { sock.bind("tcp://*:5002"); } }
new Conn(new Router());
`,
      },
    });
    assert.deepEqual(snapshot.sockets.map((s) => [s.type, s.binds.map((b) => b.text)]), [
      ["REP", ["tcp://*:5000"]], ["DEALER", ["tcp://*:5001"]], ["ROUTER", ["tcp://*:5002"]],
    ]);
  });

  test("a class's uses belong to the subclass it was handed to, not to its siblings", () => {
    const { snapshot } = analyze({
      files: {
        "/ws/src/svc.ts": `import * as zmq from "zeromq";
abstract class Service<S extends zmq.Socket> {
  constructor(protected readonly sock: S, protected readonly ep: string) {}
}
class Bound<S extends zmq.Socket> extends Service<S> { async start() { await this.sock.bind(this.ep); } }
class Connected<S extends zmq.Socket> extends Service<S> { start() { this.sock.connect(this.ep); } }
new Bound(new zmq.Router(), "tcp://*:5555");
new Connected(new zmq.Request(), "tcp://localhost:5555");
`,
      },
    });
    assert.deepEqual(snapshot.sockets.map((s) => [s.type, s.binds.map((b) => b.text), s.connects.map((c) => c.text)]), [
      ["ROUTER", ["tcp://*:5555"], []], ["REQ", [], ["tcp://localhost:5555"]],
    ]);
  });

  test("a getter that hands out a field's socket, or creates it on first use", () => {
    const { snapshot } = analyze({
      files: {
        "/ws/src/a.ts": `import * as zmq from "zeromq";
class Server {
  private _sock?: zmq.Pair;
  private get sock(): zmq.Pair { return (this._sock ??= new zmq.Pair()); }
  async start() { await this.sock.bind("tcp://*:9600"); }
}
class Client {
  private readonly _s = new zmq.Pair();
  get sock() { return this._s; }
  start() { this.sock.connect("tcp://localhost:9600"); }
}
`,
      },
    });
    assert.deepEqual(links(snapshot), ["this._s PAIR -> this._sock PAIR tcp://localhost:9600"]);
  });

  test("method calls on instances held in variables and fields bind the method's parameters", () => {
    const { snapshot } = analyze({
      files: {
        "/ws/src/broker.ts": `import * as zmq from "zeromq";
export class Broker {
  private readonly frontend = new zmq.Router();
  async start(port: number): Promise<void> {
    await this.frontend.bind(\`tcp://*:\${port}\`);
  }
}
`,
        "/ws/src/main.ts": `import { Broker } from "./broker";
class App {
  private broker = new Broker();
  run(): Promise<void> { return this.broker.start(5555); }
}
const broker = new Broker();
await broker.start(5556);
await new App().run();
`,
      },
    });
    assert.deepEqual(snapshot.sockets.map((s) => s.binds.map((b) => b.text)).flat().sort(), ["tcp://*:5555", "tcp://*:5556"]);
  });

  test("getters, static methods and object-literal methods", () => {
    const { snapshot } = analyze({
      files: {
        "/ws/src/net.ts": `import { Dealer, Router } from "zeromq";

const HOST = "localhost";
const eps = {
  get frontend() { return \`tcp://\${HOST}:7200\`; },
};
class Settings {
  static get bindAddress() { return "tcp://*:7200"; }
}
export class Conn {
  static open(endpoint: string): Dealer {
    const sock = new Dealer();
    sock.connect(endpoint);
    return sock;
  }
}
const factory = {
  router(port: number) { const r = new Router(); r.bind(\`tcp://*:\${port}\`); return r; },
};
const dealer = Conn.open(eps.frontend);
const router = factory.router(7201);
const other = new Router();
await other.bind(Settings.bindAddress);
`,
      },
    });
    assert.deepEqual(byHolder(snapshot, "dealer").connects.map((c) => c.text), ["tcp://localhost:7200"]);
    assert.deepEqual(byHolder(snapshot, "router").binds.map((b) => b.text), ["tcp://*:7201"]);
    assert.deepEqual(byHolder(snapshot, "other").binds.map((b) => b.text), ["tcp://*:7200"]);
  });
});

describe("precision", () => {
  test("a socket a base class creates is one socket per subclass instance, with that subclass's uses", () => {
    const { snapshot } = analyze({
      files: {
        "/ws/src/svc.ts": `import * as zmq from "zeromq";
class Service {
  protected sock: zmq.Dealer;
  constructor(name: string) { this.sock = new zmq.Dealer({ routingId: name }); }
}
class Server extends Service { constructor() { super("server"); this.sock.bind("tcp://*:7400"); } }
class Client extends Service { constructor() { super("client"); this.sock.connect("tcp://localhost:7400"); } }
abstract class Peer { protected sock = new zmq.Pair(); }
class Listener extends Peer { start() { this.sock.bind("tcp://*:7300"); } }
class Dialer extends Peer { start() { this.sock.linger = 5; this.sock.connect("tcp://localhost:7300"); } }
new Server();
new Client();
new Listener().start();
new Dialer().start();
`,
      },
    });
    const summary = snapshot.sockets.map((s) => `${s.type} ${JSON.stringify(s.options.map((o) => o.value))} ${[...s.binds, ...s.connects].map((u) => u.kind).join(",")}`);
    assert.deepEqual(summary, ['DEALER ["server"] bind', 'DEALER ["client"] connect', "PAIR [] bind", "PAIR [5] connect"]);
    assert.equal(snapshot.links.length, 2);
  });

  test("a variable given a new socket later: each use belongs to the socket it follows", () => {
    const { snapshot } = analyze({
      files: {
        "/ws/src/client.ts": `import * as zmq from "zeromq";
let sock = new zmq.Request({ receiveTimeout: 1000 });
sock.connect("tcp://localhost:5555");
export function failover(): void {
  sock.close();
  sock = new zmq.Request({ receiveTimeout: 1000 });
  sock.connect("tcp://localhost:5556");
}
`,
      },
    });
    assert.deepEqual(snapshot.sockets.map((s) => [s.location.line, s.connects.map((c) => c.text), s.uses.map((u) => u.kind)]), [
      [2, ["tcp://localhost:5555"], ["connect", "close"]],
      [6, ["tcp://localhost:5556"], ["connect"]],
    ]);
  });

  test("block-bodied switch cases, continue in loops, and reassigned parameters", () => {
    const { snapshot } = analyze({
      files: {
        "/ws/src/a.ts": `import * as zmq from "zeromq";
function channel(role: "server" | "client", port: number) {
  const sock = new zmq.Pair();
  switch (role) {
    case "server": { sock.bind(\`tcp://*:\${port}\`); break; }
    case "client": { sock.connect(\`tcp://localhost:\${port}\`); break; }
  }
  return sock;
}
const server = channel("server", 7500);
const services = [{ port: 8001, enabled: true }, { port: 8002, enabled: false }];
for (const svc of services) {
  if (!svc.enabled) continue;
  const rep = new zmq.Reply();
  rep.bind(\`tcp://*:\${svc.port}\`);
}
function open(bind: boolean, port: number) {
  if (process.env.FORCE_BIND) bind = true;
  const s = new zmq.Pair();
  if (bind) s.bind(\`tcp://*:\${port}\`);
  else s.connect(\`tcp://localhost:\${port}\`);
  return s;
}
const maybe = open(false, 7600);
`,
      },
    });
    const server = byHolder(snapshot, "server");
    assert.deepEqual([server.binds.map((b) => b.text), server.connects.map((c) => c.text)], [["tcp://*:7500"], []]);
    assert.deepEqual(snapshot.sockets.filter((s) => s.type === "REP").map((s) => s.binds[0]?.text), ["tcp://*:8001"]);
    const maybe = byHolder(snapshot, "maybe");
    assert.deepEqual([maybe.binds.length, maybe.connects.length], [1, 1], "bind may be forced at run time: both stay");
  });

  test("the same helper instantiated twice with the same arguments is two sockets", () => {
    const { snapshot } = analyze({
      files: { "/ws/src/w.ts": `import { Dealer } from "zeromq";\nclass W {\n  private sock = new Dealer();\n  constructor(ep: string) { this.sock.connect(ep); }\n}\nnew W("tcp://localhost:5900");\nnew W("tcp://localhost:5900");\n` },
    });
    assert.equal(snapshot.sockets.length, 2);
  });

  test("known conditions pick a branch of ?: in values", () => {
    const { snapshot } = analyze({
      files: { "/ws/src/a.ts": `import { Reply } from "zeromq";\nconst DEV = true;\nconst rep = new Reply();\nawait rep.bind(DEV ? "tcp://127.0.0.1:5000" : "tcp://*:5000");\n` },
    });
    assert.equal(byHolder(snapshot, "rep").binds[0]!.text, "tcp://127.0.0.1:5000");
  });
});

describe("wrapper classes", () => {
  test("a class extending a socket class is that socket, and `this` inside it is the socket", () => {
    const { snapshot } = analyze({
      files: {
        "/ws/src/control.ts": `import * as zmq from "zeromq";
export class Control extends zmq.Dealer {
  constructor(private readonly endpoint: string) {
    super({ linger: 0 });
  }
  start(): void {
    this.connect(this.endpoint);
  }
}
`,
        "/ws/src/main.ts": `import * as zmq from "zeromq";
import { Control } from "./control";
const control = new Control("tcp://localhost:7777");
control.start();
const router = new zmq.Router();
await router.bind("tcp://*:7777");
`,
      },
    });
    assert.deepEqual(links(snapshot), ["control DEALER -> router ROUTER tcp://localhost:7777"]);
  });

  test("v5 wrappers: the ES5 zmq.Socket.call(this, type) form (n-riesco/jmp) and class extends zmq.Socket", () => {
    const { snapshot } = analyze({
      files: {
        "/ws/lib/jmp.js": `const zmq = require("zeromq");
const util = require("util");
function Socket(socketType, scheme, key) {
  zmq.Socket.call(this, socketType);
  this._jmp = { scheme, key };
}
util.inherits(Socket, zmq.Socket);
class Channel extends zmq.Socket {
  constructor(type) { super(type); }
}
module.exports = { Socket, Channel };
`,
        "/ws/lib/kernel.js": `const jmp = require("./jmp");
const shell = new jmp.Socket("router", "sha256", "key");
shell.bindSync("tcp://127.0.0.1:9001");
const client = new jmp.Channel("dealer");
client.connect("tcp://127.0.0.1:9001");
`,
      },
    });
    assert.deepEqual(snapshot.sockets.map((s) => [s.holder, s.type, s.api]), [["shell", "ROUTER", "v5"], ["client", "DEALER", "v5"]]);
    assert.deepEqual(links(snapshot), ["client DEALER -> shell ROUTER tcp://127.0.0.1:9001"]);
  });
});

describe("loops and values", () => {
  test("a socket per element of a config array, and binds per element on one socket", () => {
    const file = "/ws/src/main.ts";
    const { snapshot } = analyze({
      files: {
        "/ws/src/config.ts": `export const services = [\n  { name: "orders", port: 7100 },\n  { name: "billing", port: 7101 },\n] as const;\nexport const FEEDS = ["tcp://*:7300", "ipc:///tmp/feed.sock"];\n`,
        [file]: `import * as zmq from "zeromq";
import { services, FEEDS } from "./config";

for (const svc of services) {
  const rep = new zmq.Reply();
  await rep.bind(\`tcp://127.0.0.1:\${svc.port}\`);
}
const pub = new zmq.Publisher();
for (const ep of FEEDS) await pub.bind(ep);
const probe = new zmq.Request();
services.forEach(({ port }) => probe.connect(\`tcp://127.0.0.1:\${port}\`));
`,
      },
    });
    assert.deepEqual(snapshot.sockets.filter((s) => s.type === "REP").map((s) => s.binds.map((b) => b.text)), [["tcp://127.0.0.1:7100"], ["tcp://127.0.0.1:7101"]]);
    assert.deepEqual(byHolder(snapshot, "pub").binds.map((b) => b.text), ["tcp://*:7300", "ipc:///tmp/feed.sock"]);
    assert.deepEqual(byHolder(snapshot, "probe").connects.map((c) => c.text), ["tcp://127.0.0.1:7100", "tcp://127.0.0.1:7101"]);
    assert.equal(snapshot.links.length, 2);
  });

  test("a config object whose property is written later is not taken at its initial value", () => {
    const { snapshot } = analyze({
      files: {
        "/ws/src/server.ts": `import { Reply } from "zeromq";
const cfg = { host: "127.0.0.1", port: 5000 };
if (process.env.PORT) cfg.port = Number(process.env.PORT);
const rep = new Reply();
await rep.bind(\`tcp://\${cfg.host}:\${cfg.port}\`);
`,
      },
    });
    assert.equal(byHolder(snapshot, "rep").binds[0]!.text, "tcp://127.0.0.1:${cfg.port}");
  });

  test("enum members naming earlier members, and unknown + number staying unknown", () => {
    const { snapshot } = analyze({
      files: {
        "/ws/src/ports.ts": `import * as zmq from "zeromq";
enum Port { Jobs = 5800, Results, Control = Jobs + 10 }
const base = Number(process.argv[2]);
const a = new zmq.Push();
await a.bind(\`tcp://*:\${Port.Control}\`);
const b = new zmq.Push();
await b.bind(\`tcp://*:\${base + 10}\`);
const c = new zmq.Push();
await c.bind(\`tcp://*:\${Port.Results}\`);
`,
      },
    });
    assert.deepEqual(byHolder(snapshot, "a").binds[0]!.text, "tcp://*:5810");
    assert.deepEqual(byHolder(snapshot, "b").binds[0]!.text, "tcp://*:${base + 10}");
    assert.deepEqual(byHolder(snapshot, "c").binds[0]!.text, "tcp://*:5801");
  });

  test("an array callback's index parameter", () => {
    const { snapshot } = analyze({
      files: { "/ws/src/feeds.ts": `import { Publisher } from "zeromq";\nconst FEEDS = ["tcp://*:7300", "tcp://*:7301"];\nexport const pubs = FEEDS.map((ep, i) => {\n  const p = new Publisher({ sendHighWaterMark: 1000 * (i + 1) });\n  p.bind(ep);\n  return p;\n});\n` },
    });
    assert.deepEqual(snapshot.sockets.map((s) => [s.binds[0]?.text, s.options[0]?.value]), [["tcp://*:7300", 1000], ["tcp://*:7301", 2000]]);
  });

  test("the default export of a dynamically imported zeromq", () => {
    const { snapshot } = analyze({
      files: { "/ws/src/lazy.ts": `const zmq = (await import("zeromq")).default;\nconst d = new zmq.Dealer();\nd.connect("tcp://localhost:1234");\n` },
    });
    assert.deepEqual(snapshot.sockets.map((s) => s.type), ["DEALER"]);
  });
});

describe("processes", () => {
  test("inproc links a worker thread to the program that starts it (one global context per process)", () => {
    const { snapshot } = analyze({
      packages: { "/ws": { name: "threads", main: "src/main.js" } },
      files: {
        "/ws/src/main.ts": `import { Worker } from "node:worker_threads";
import { Pull } from "zeromq";
const results = new Pull();
await results.bind("inproc://results");
new Worker(new URL("./worker.js", import.meta.url));
`,
        "/ws/src/worker.ts": `import { Push } from "zeromq";\nconst out = new Push();\nout.connect("inproc://results");\n`,
      },
    });
    assert.deepEqual(byHolder(snapshot, "out").components, ["src/worker"]);
    assert.deepEqual(byHolder(snapshot, "out").processes, ["src/main"]);
    assert.deepEqual(links(snapshot), ["out PUSH -> results PULL inproc://results"]);
  });
});

describe("robustness", () => {
  test("a 3,000-term concatenation does not cost the file its sockets", () => {
    const file = "/ws/src/generated.ts";
    const big = Array.from({ length: 3000 }, (_, i) => `"part${i}"`).join(" +\n  ");
    const { snapshot } = analyze({
      files: { [file]: `import * as zmq from "zeromq";\nconst banner = ${big};\nconst pub = new zmq.Publisher();\nawait pub.bind("tcp://*:9000");\n` },
    });
    assert.deepEqual(snapshot.sockets.map((s) => s.binds[0]?.text), ["tcp://*:9000"]);
    assert.deepEqual(snapshot.problems, []);
  });
});
