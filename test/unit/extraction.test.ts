import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { analyze, at, byHolder, view } from "./helpers/workspace";

const A = "/ws/src/a.ts";

describe("v6 import shapes", () => {
  test("namespace import: type, holder, binds, connects, constructor and property options, subscriptions", () => {
    const text = `import * as zmq from "zeromq";

const frontend = new zmq.Router({ mandatory: true, sendHighWaterMark: 1000 });
const results = new zmq.Subscriber();

async function main(): Promise<void> {
  frontend.receiveTimeout = 250;
  await frontend.bind("tcp://*:5555");
  results.connect("tcp://localhost:5570");
  results.subscribe("job.completed", "job.failed");
  for await (const [msg] of frontend) console.log(msg);
}
main();
`;
    const { snapshot } = analyze({ files: { [A]: text } });
    assert.equal(snapshot.sockets.length, 2);
    assert.deepEqual(view(byHolder(snapshot, "frontend")), {
      type: "ROUTER", holder: "frontend", binds: ["tcp://*:5555"], connects: [],
      options: { mandatory: true, sendHighWaterMark: 1000, receiveTimeout: 250 }, subscriptions: [], context: "global",
      at: at(A, text, "new zmq.Router"),
    });
    assert.deepEqual(view(byHolder(snapshot, "results")), {
      type: "SUB", holder: "results", binds: [], connects: ["tcp://localhost:5570"], options: {},
      subscriptions: ["job.completed", "job.failed"], context: "global", at: at(A, text, "new zmq.Subscriber"),
    });
    assert.equal(byHolder(snapshot, "frontend").api, "v6");
    assert.deepEqual(snapshot.links.map((l) => [l.from, l.to]), []);
    assert.deepEqual(snapshot.problems, []);
  });

  test("default import (ESM)", () => {
    const file = "/ws/src/sink.mjs";
    const text = `import zmq from "zeromq";
const sink = new zmq.Pull({ receiveHighWaterMark: 10000 });
await sink.bind("tcp://*:5557");
`;
    const { snapshot } = analyze({ files: { [file]: text } });
    assert.deepEqual(view(byHolder(snapshot, "sink")), {
      type: "PULL", holder: "sink", binds: ["tcp://*:5557"], connects: [], options: { receiveHighWaterMark: 10000 },
      subscriptions: [], context: "global", at: at(file, text, "new zmq.Pull"),
    });
  });

  test("named import with alias", () => {
    const text = `import { Request as Req, Reply } from "zeromq";

const BROKER_HOST = "localhost";
const worker = new Reply({ routingId: "pricing-1" });
const inventory = new Req({ receiveTimeout: 2000, sendTimeout: 2000 });

worker.connect(\`tcp://\${BROKER_HOST}:5556\`);
inventory.connect(\`tcp://\${BROKER_HOST}:5555\`);
`;
    const { snapshot } = analyze({ files: { [A]: text } });
    assert.deepEqual(view(byHolder(snapshot, "worker")), {
      type: "REP", holder: "worker", binds: [], connects: ["tcp://localhost:5556"], options: { routingId: "pricing-1" },
      subscriptions: [], context: "global", at: at(A, text, "new Reply"),
    });
    assert.deepEqual(view(byHolder(snapshot, "inventory")), {
      type: "REQ", holder: "inventory", binds: [], connects: ["tcp://localhost:5555"],
      options: { receiveTimeout: 2000, sendTimeout: 2000 }, subscriptions: [], context: "global", at: at(A, text, "new Req("),
    });
  });

  test("destructured require in CommonJS", () => {
    const file = "/ws/src/bridge.cjs";
    const text = `"use strict";
const { Dealer, Router: R } = require("zeromq");

const terminals = new R({ handover: true });
const upstream = new Dealer({ routingId: "legacy-bridge" });

async function main() {
  await terminals.bind("tcp://*:5560");
  upstream.connect("tcp://127.0.0.1:5560");
}
main();
`;
    const { snapshot } = analyze({ files: { [file]: text } });
    assert.deepEqual(view(byHolder(snapshot, "terminals")), {
      type: "ROUTER", holder: "terminals", binds: ["tcp://*:5560"], connects: [], options: { handover: true },
      subscriptions: [], context: "global", at: at(file, text, "new R("),
    });
    assert.deepEqual(view(byHolder(snapshot, "upstream")), {
      type: "DEALER", holder: "upstream", binds: [], connects: ["tcp://127.0.0.1:5560"], options: { routingId: "legacy-bridge" },
      subscriptions: [], context: "global", at: at(file, text, "new Dealer"),
    });
    assert.equal(byHolder(snapshot, "terminals").api, "v6");
    assert.deepEqual(snapshot.links.map((l) => [l.from, l.to, l.certain, l.compatible]), [
      [byHolder(snapshot, "upstream").id, byHolder(snapshot, "terminals").id, true, true],
    ]);
  });

  test("zeromq/draft classes", () => {
    const text = `import { Server, Client, Radio, Dish } from "zeromq/draft";

export const rpcServer = new Server({ linger: 0 });
export const rpcClient = new Client({ receiveTimeout: 1500 });
const radio = new Radio();
const dish = new Dish();

export async function start(): Promise<void> {
  await rpcServer.bind("tcp://*:5570");
  rpcClient.connect("tcp://localhost:5570");
  await dish.bind("udp://*:5556");
  radio.connect("udp://127.0.0.1:5556");
}
`;
    const { snapshot } = analyze({ files: { [A]: text } });
    const types = Object.fromEntries(snapshot.sockets.map((s) => [s.holder, s.type]));
    assert.deepEqual(types, { rpcServer: "SERVER", rpcClient: "CLIENT", radio: "RADIO", dish: "DISH" });
    assert.deepEqual(view(byHolder(snapshot, "rpcServer")).options, { linger: 0 });
    const linked = snapshot.links.map((l) => [snapshot.sockets.find((s) => s.id === l.from)!.holder, snapshot.sockets.find((s) => s.id === l.to)!.holder, l.compatible]);
    assert.deepEqual(linked.sort(), [["radio", "dish", true], ["rpcClient", "rpcServer", true]]);
  });

  test("explicit Context: sockets given `context` live there, inproc links only within it", () => {
    const text = `import * as zmq from "zeromq";

const audit = new zmq.Context({ blocky: false, ioThreads: 1 });
const writer = new zmq.Push({ context: audit, sendHighWaterMark: 500 });
const reader = new zmq.Pull({ context: audit });
const stray = new zmq.Pull();

async function main(): Promise<void> {
  await writer.bind("inproc://audit");
  reader.connect("inproc://audit");
  stray.connect("inproc://audit");
}
main();
`;
    const { snapshot } = analyze({ files: { [A]: text } });
    assert.equal(snapshot.contexts.length, 1);
    const ctx = snapshot.contexts[0]!;
    assert.deepEqual(ctx.options.map((o) => [o.name, o.value]), [["blocky", false], ["ioThreads", 1]]);
    const writer = byHolder(snapshot, "writer");
    const reader = byHolder(snapshot, "reader");
    const stray = byHolder(snapshot, "stray");
    assert.equal(writer.context, ctx.id);
    assert.equal(reader.context, ctx.id);
    assert.equal(stray.context, "global");
    assert.notEqual(ctx.id, "global");
    // `context` is not a socket option.
    assert.deepEqual(view(writer).options, { sendHighWaterMark: 500 });
    assert.deepEqual(view(reader).options, {});
    assert.deepEqual(snapshot.links.map((l) => [l.from, l.to, l.certain]), [[reader.id, writer.id, true]]);
  });

  test("zmq.context.* options are reported as global context options", () => {
    const text = `import * as zmq from "zeromq";
zmq.context.blocky = false;
zmq.context.ioThreads = 4;
const pub = new zmq.Publisher();
`;
    const { snapshot } = analyze({ files: { [A]: text } });
    assert.deepEqual(snapshot.globalContextOptions.map((o) => [o.name, o.value]), [["blocky", false], ["ioThreads", 4]]);
    assert.equal(snapshot.globalContextOptions[0]!.location.file, A);
    assert.equal(snapshot.globalContextOptions[0]!.location.line, 2);
    assert.equal(byHolder(snapshot, "pub").context, "global");
  });

  test("Proxy: the two inner sockets bound through proxy.frontEnd / proxy.backEnd", () => {
    const text = `import * as zmq from "zeromq";

const proxy = new zmq.Proxy(new zmq.Router({ mandatory: true }), new zmq.Dealer());

async function start(): Promise<void> {
  await proxy.frontEnd.bind("tcp://*:5555");
  await proxy.backEnd.bind("tcp://*:5556");
  await proxy.run();
}
start();
`;
    const { snapshot } = analyze({ files: { [A]: text } });
    assert.equal(snapshot.sockets.length, 2);
    assert.deepEqual(view(byHolder(snapshot, "proxy.frontEnd")), {
      type: "ROUTER", holder: "proxy.frontEnd", binds: ["tcp://*:5555"], connects: [], options: { mandatory: true },
      subscriptions: [], context: "global", at: at(A, text, "new zmq.Router"),
    });
    assert.deepEqual(view(byHolder(snapshot, "proxy.backEnd")), {
      type: "DEALER", holder: "proxy.backEnd", binds: ["tcp://*:5556"], connects: [], options: {},
      subscriptions: [], context: "global", at: at(A, text, "new zmq.Dealer"),
    });
    assert.equal(snapshot.proxies.length, 1);
    assert.equal(snapshot.proxies[0]!.location.line, 3);
    assert.equal(snapshot.proxies[0]!.frontend, byHolder(snapshot, "proxy.frontEnd").id);
    assert.equal(snapshot.proxies[0]!.backend, byHolder(snapshot, "proxy.backEnd").id);
  });

  test("Proxy over sockets held elsewhere, and the v5 zmq.proxy forwarder, know their two ends", () => {
    const v6 = `import * as zmq from "zeromq";

const clients = new zmq.Router();
const workers = new zmq.Dealer();

export async function runBroker(): Promise<void> {
  await clients.bind("tcp://*:5559");
  await workers.bind("inproc://workers");
  await new zmq.Proxy(clients, workers).run();
}
`;
    const v5File = "/ws/lib/forwarder.js";
    const v5 = `const zmq = require("zeromq");
const frontend = zmq.socket("xsub");
const backend = zmq.socket("xpub");
const tap = zmq.socket("push");
frontend.bindSync("tcp://*:6000");
backend.bindSync("tcp://*:6001");
zmq.proxy(frontend, backend, tap);
`;
    const { snapshot } = analyze({ files: { [A]: v6, [v5File]: v5 } });
    const byLine = new Map(snapshot.proxies.map((p) => [`${p.location.file}:${p.location.line}`, p]));
    const proxy = byLine.get(`${A}:9`)!;
    assert.equal(proxy.api, "v6");
    assert.equal(proxy.frontend, byHolder(snapshot, "clients").id);
    assert.equal(proxy.backend, byHolder(snapshot, "workers").id);
    const forwarder = byLine.get(`${v5File}:7`)!;
    assert.equal(forwarder.api, "v5");
    assert.deepEqual([forwarder.frontend, forwarder.backend, forwarder.capture],
      [byHolder(snapshot, "frontend").id, byHolder(snapshot, "backend").id, byHolder(snapshot, "tap").id]);
  });
});

describe("v5 API shapes", () => {
  test("zmq.socket with bindSync (require('zeromq'))", () => {
    const file = "/ws/lib/ventilator.js";
    const text = `"use strict";
const zmq = require("zeromq");
const sender = zmq.socket("push");
sender.bindSync("tcp://*:5557");
sender.send("0");
`;
    const { snapshot } = analyze({ files: { [file]: text } });
    const s = byHolder(snapshot, "sender");
    assert.deepEqual(view(s), {
      type: "PUSH", holder: "sender", binds: ["tcp://*:5557"], connects: [], options: {}, subscriptions: [],
      context: "global", at: at(file, text, "zmq.socket"),
    });
    assert.equal(s.api, "v5");
  });

  test("createSocket with an options object", () => {
    const file = "/ws/lib/status.js";
    const text = `const zmq = require("zeromq");
const status = zmq.createSocket("rep", { identity: "status-1", linger: 0 });
status.bind("tcp://*:5561", (err) => { if (err) throw err; });
`;
    const { snapshot } = analyze({ files: { [file]: text } });
    assert.deepEqual(view(byHolder(snapshot, "status")), {
      type: "REP", holder: "status", binds: ["tcp://*:5561"], connects: [], options: { routingId: "status-1", linger: 0 },
      subscriptions: [], context: "global", at: at(file, text, "zmq.createSocket"),
    });
  });

  test("old package name require('zmq'), xrep/xreq aliases and zmq.proxy", () => {
    const file = "/ws/lib/broker.js";
    const text = `const zmq = require("zmq");
const frontend = zmq.socket("xrep");
const backend = zmq.socket("xreq");
frontend.bindSync("tcp://*:5559");
backend.bindSync("tcp://*:5560");
zmq.proxy(frontend, backend);
`;
    const { snapshot } = analyze({ files: { [file]: text } });
    const f = byHolder(snapshot, "frontend");
    const b = byHolder(snapshot, "backend");
    assert.equal(f.type, "ROUTER");
    assert.equal(b.type, "DEALER");
    assert.equal(f.api, "v5");
    assert.deepEqual(view(b).binds, ["tcp://*:5560"]);
    assert.equal(snapshot.proxies.length, 1);
    assert.equal(snapshot.proxies[0]!.api, "v5");
  });

  test("zeromq/v5-compat (require and namespace import)", () => {
    const cjs = "/ws/lib/worker.js";
    const cjsText = `const zmq = require("zeromq/v5-compat");
const responder = zmq.socket("rep");
responder.connect("tcp://localhost:5560");
`;
    const esm = "/ws/src/legacy.ts";
    const esmText = `import * as compat from "zeromq/v5-compat";
const sub = compat.socket(compat.ZMQ_SUB);
sub.connect("tcp://localhost:5562");
sub.subscribe("job.");
`;
    const { snapshot } = analyze({ files: { [cjs]: cjsText, [esm]: esmText } });
    const r = byHolder(snapshot, "responder");
    assert.equal(r.api, "v5-compat");
    assert.equal(r.type, "REP");
    const s = byHolder(snapshot, "sub");
    assert.equal(s.api, "v5-compat");
    assert.equal(s.type, "SUB");
    assert.deepEqual(view(s).subscriptions, ["job."]);
  });

  test("setsockopt: ZMQ_* constant, short name, ZMQ_ name, libzmq number, subscribe through setsockopt", () => {
    const file = "/ws/lib/client.js";
    const text = `const zmq = require("zeromq");
const TIMEOUT_MS = 2500;
const feed = zmq.socket("sub");
feed.setsockopt(zmq.ZMQ_RCVTIMEO, TIMEOUT_MS);
feed.setsockopt("linger", 0);
feed.setsockopt("ZMQ_RCVHWM", 100);
feed.setsockopt(23, 1000);
feed.setsockopt(zmq.ZMQ_SUBSCRIBE, "status.");
feed.subscribe("job.");
feed.connect("tcp://localhost:5562");
`;
    const { snapshot } = analyze({ files: { [file]: text } });
    const s = byHolder(snapshot, "feed");
    assert.deepEqual(view(s).options, { receiveTimeout: 2500, linger: 0, receiveHighWaterMark: 100, sendHighWaterMark: 1000 });
    assert.ok(s.options.every((o) => o.via === "setsockopt"));
    assert.deepEqual(view(s).subscriptions.slice().sort(), ["job.", "status."]);
  });

  test("v5 property short names: identity -> routingId, linger, rcvbuf", () => {
    const file = "/ws/lib/worker.js";
    const text = `const zmq = require("zeromq");
const WORKER_ID = process.env.WORKER_ID || "w1";
const responder = zmq.socket("rep");
responder.identity = WORKER_ID;
responder.linger = 0;
responder.rcvbuf = 65536;
responder.connect("tcp://localhost:5560");
`;
    const { snapshot } = analyze({ files: { [file]: text } });
    const s = byHolder(snapshot, "responder");
    assert.deepEqual(view(s).options, { routingId: "w1", linger: 0, receiveBufferSize: 65536 });
    assert.ok(s.options.every((o) => o.via === "property"));
  });
});

describe("endpoint values", () => {
  test("environment defaults (?? and ||): the default text, overridable by the variable", () => {
    const text = `import * as zmq from "zeromq";
const HOST = process.env.BROKER_HOST ?? "localhost";
const PORT = process.env.BROKER_PORT || "5555";
const BIND = process.env.BIND_ADDR ?? "tcp://*:6000";
const req = new zmq.Request();
req.connect(\`tcp://\${HOST}:\${PORT}\`);
const rep = new zmq.Reply();
rep.bind(BIND);
`;
    const { snapshot } = analyze({ files: { [A]: text } });
    const c = byHolder(snapshot, "req").connects[0]!;
    assert.equal(c.text, "tcp://localhost:5555");
    assert.deepEqual([...c.overridableBy].sort(), ["BROKER_HOST", "BROKER_PORT"]);
    assert.equal(c.exact, true);
    const b = byHolder(snapshot, "rep").binds[0]!;
    assert.equal(b.text, "tcp://*:6000");
    assert.deepEqual(b.overridableBy, ["BIND_ADDR"]);
  });

  test("environment variable without default stays a placeholder", () => {
    const text = `import * as zmq from "zeromq";
const req = new zmq.Request();
req.connect(\`tcp://\${process.env.BROKER_HOST}:5555\`);
`;
    const { snapshot } = analyze({ files: { [A]: text } });
    const c = byHolder(snapshot, "req").connects[0]!;
    assert.equal(c.text, "tcp://${process.env.BROKER_HOST}:5555");
    assert.equal(c.exact, false);
    assert.deepEqual(c.overridableBy, ["BROKER_HOST"]);
  });

  test("template literals and string concatenation with numbers", () => {
    const text = `import * as zmq from "zeromq";
const HOST = "10.0.0.7";
const BASE_PORT = 7000;
const a = new zmq.Push();
const b = new zmq.Push();
a.connect("tcp://" + HOST + ":" + (BASE_PORT + 1));
b.connect(\`tcp://\${HOST}:\${BASE_PORT * 2 - 1}\`);
`;
    const { snapshot } = analyze({ files: { [A]: text } });
    assert.deepEqual(byHolder(snapshot, "a").connects.map((c) => c.text), ["tcp://10.0.0.7:7001"]);
    assert.deepEqual(byHolder(snapshot, "b").connects.map((c) => c.text), ["tcp://10.0.0.7:13999"]);
  });

  test("arithmetic on a port read from the environment with a default", () => {
    const text = `import * as zmq from "zeromq";
const BASE_PORT = Number(process.env.BASE_PORT ?? "5000");
const METRICS_PORT = parseInt(process.env.METRICS_PORT || "7000", 10);
const a = new zmq.Pull();
const b = new zmq.Publisher();
a.bind(\`tcp://*:\${BASE_PORT + 1}\`);
b.bind("tcp://*:" + String(METRICS_PORT + 2));
`;
    const { snapshot } = analyze({ files: { [A]: text } });
    const ba = byHolder(snapshot, "a").binds[0]!;
    const bb = byHolder(snapshot, "b").binds[0]!;
    assert.equal(ba.text, "tcp://*:5001");
    assert.deepEqual(ba.overridableBy, ["BASE_PORT"]);
    assert.equal(bb.text, "tcp://*:7002");
    assert.deepEqual(bb.overridableBy, ["METRICS_PORT"]);
  });

  test("ipc paths built with path.join", () => {
    const text = `import * as zmq from "zeromq";
import * as path from "node:path";
const RUN_DIR = "/var/run/app";
const s = new zmq.Pull();
s.bind("ipc://" + path.join(RUN_DIR, "jobs.sock"));
`;
    const { snapshot } = analyze({ files: { [A]: text } });
    assert.deepEqual(view(byHolder(snapshot, "s")).binds, ["ipc:///var/run/app/jobs.sock"]);
  });

  test("enum members and class static fields", () => {
    const text = `import * as zmq from "zeromq";
enum Port { Frontend = 5555, Backend, Events = 5560 }
class Endpoints {
  static readonly HOST = "127.0.0.1";
  static readonly FEED = "tcp://*:5570";
}
const front = new zmq.Router();
const back = new zmq.Dealer();
const feed = new zmq.Publisher();
front.bind(\`tcp://\${Endpoints.HOST}:\${Port.Frontend}\`);
back.bind("tcp://*:" + Port.Backend);
feed.bind(Endpoints.FEED);
`;
    const { snapshot } = analyze({ files: { [A]: text } });
    assert.deepEqual(view(byHolder(snapshot, "front")).binds, ["tcp://127.0.0.1:5555"]);
    assert.deepEqual(view(byHolder(snapshot, "back")).binds, ["tcp://*:5556"]);
    assert.deepEqual(view(byHolder(snapshot, "feed")).binds, ["tcp://*:5570"]);
  });

  test("namespace import of a config module, nested objects and a builder function", () => {
    const config = "/ws/src/config/endpoints.ts";
    const configText = `export function tcp(host: string, port: number): string {
  return \`tcp://\${host}:\${port}\`;
}
export const hosts = { broker: process.env.BROKER_HOST ?? "localhost" };
export const ports = { frontend: Number(process.env.FRONTEND_PORT ?? "5555"), backend: 5556 };
export const endpoints = {
  broker: {
    frontend: { bind: tcp("0.0.0.0", ports.frontend), connect: tcp(hosts.broker, ports.frontend) },
    backend: { bind: \`tcp://127.0.0.1:\${ports.backend}\`, connect: tcp(hosts.broker, ports.backend) },
  },
};
`;
    const client = "/ws/src/client/main.ts";
    const clientText = `import * as zmq from "zeromq";
import * as config from "../config/endpoints.js";
const req = new zmq.Request();
req.connect(config.endpoints.broker.frontend.connect);
const router = new zmq.Router();
router.bind(config.endpoints.broker.frontend.bind);
const dealer = new zmq.Dealer();
dealer.bind(config.endpoints.broker.backend.bind);
`;
    const { snapshot } = analyze({ files: { [config]: configText, [client]: clientText } });
    const c = byHolder(snapshot, "req").connects[0]!;
    assert.equal(c.text, "tcp://localhost:5555");
    assert.deepEqual([...c.overridableBy].sort(), ["BROKER_HOST", "FRONTEND_PORT"]);
    assert.deepEqual(view(byHolder(snapshot, "router")).binds, ["tcp://0.0.0.0:5555"]);
    assert.deepEqual(view(byHolder(snapshot, "dealer")).binds, ["tcp://127.0.0.1:5556"]);
    assert.deepEqual(snapshot.links.map((l) => [l.from, l.to]), [[byHolder(snapshot, "req").id, byHolder(snapshot, "router").id]]);
  });

  test("export * and export { x as y } re-exports across three files", () => {
    const files = {
      "/ws/src/ports.ts": `export const PORTS = { frontend: 5555, backend: 5556 } as const;\nexport const METRICS_PORT = 7002;\n`,
      "/ws/src/config.ts": `export const HOST = process.env.BROKER_HOST ?? "localhost";\n`,
      "/ws/src/endpoints.ts": `export * from "./ports.js";\nexport { HOST as brokerHost } from "./config.js";\nexport const WILDCARD = "*";\n`,
      "/ws/src/client.ts": `import * as zmq from "zeromq";
import { METRICS_PORT, PORTS, WILDCARD, brokerHost } from "./endpoints.js";
const metrics = new zmq.Subscriber();
metrics.connect(\`tcp://\${brokerHost}:\${METRICS_PORT}\`);
metrics.subscribe();
const backend = new zmq.Dealer();
backend.bind("tcp://" + WILDCARD + ":" + PORTS.backend);
`,
    };
    const { snapshot } = analyze({ files });
    const m = byHolder(snapshot, "metrics");
    assert.deepEqual(view(m).connects, ["tcp://localhost:7002"]);
    assert.deepEqual(m.connects[0]!.overridableBy, ["BROKER_HOST"]);
    assert.deepEqual(view(m).subscriptions, [""]);
    assert.deepEqual(view(byHolder(snapshot, "backend")).binds, ["tcp://*:5556"]);
  });

  test("CommonJS module.exports object and exports.x assignments", () => {
    const files = {
      "/ws/legacy/settings.js": `module.exports = {\n  status: { host: process.env.STATUS_HOST || "127.0.0.1", port: 7000 },\n};\n`,
      "/ws/legacy/endpoints.js": `exports.FRONTEND_BIND = "tcp://*:5559";\nexports.BACKEND = "tcp://" + "localhost" + ":5560";\n`,
      "/ws/legacy/monitor.js": `const zmq = require("zeromq");
const settings = require("./settings");
const { FRONTEND_BIND } = require("./endpoints");
const endpoints = require("./endpoints.js");
const monitor = new zmq.Subscriber();
monitor.connect(\`tcp://\${settings.status.host}:\${settings.status.port}\`);
const router = zmq.socket("router");
router.bindSync(FRONTEND_BIND);
const dealer = zmq.socket("dealer");
dealer.connect(endpoints.BACKEND);
`,
    };
    const { snapshot } = analyze({ files });
    const m = byHolder(snapshot, "monitor");
    assert.deepEqual(view(m).connects, ["tcp://127.0.0.1:7000"]);
    assert.deepEqual(m.connects[0]!.overridableBy, ["STATUS_HOST"]);
    assert.deepEqual(view(byHolder(snapshot, "router")).binds, ["tcp://*:5559"]);
    assert.deepEqual(view(byHolder(snapshot, "dealer")).connects, ["tcp://localhost:5560"]);
  });
});

describe("factories and classes", () => {
  test("factory function called from two files: one socket per call site, at the call site, createdAt at the inner new", () => {
    const factory = "/ws/src/shared/sockets.ts";
    const factoryText = `import * as zmq from "zeromq";

export function createClient(endpoint: string, timeout = 1000): zmq.Request {
  const socket = new zmq.Request({ receiveTimeout: timeout, linger: 0 });
  socket.connect(endpoint);
  return socket;
}
`;
    const a = "/ws/src/orders.ts";
    const aText = `import { createClient } from "./shared/sockets.js";

const orders = createClient("tcp://localhost:5555");
orders.send("hello");
`;
    const b = "/ws/src/billing.ts";
    const bText = `import { createClient } from "./shared/sockets.js";

export const billing = createClient("tcp://localhost:6000", 5000);
`;
    const { snapshot } = analyze({ files: { [factory]: factoryText, [a]: aText, [b]: bText } });
    assert.equal(snapshot.sockets.length, 2, JSON.stringify(snapshot.sockets.map(view)));
    const orders = byHolder(snapshot, "orders");
    const billing = byHolder(snapshot, "billing");
    assert.deepEqual(view(orders), {
      type: "REQ", holder: "orders", binds: [], connects: ["tcp://localhost:5555"], options: { receiveTimeout: 1000, linger: 0 },
      subscriptions: [], context: "global", at: at(a, aText, "createClient(\"tcp"),
    });
    assert.deepEqual(view(billing), {
      type: "REQ", holder: "billing", binds: [], connects: ["tcp://localhost:6000"], options: { receiveTimeout: 5000, linger: 0 },
      subscriptions: [], context: "global", at: at(b, bText, "createClient(\"tcp"),
    });
    const inner = at(factory, factoryText, "new zmq.Request");
    for (const s of [orders, billing]) {
      assert.ok(s.createdAt, "createdAt is set for factory-made sockets");
      assert.equal(`${s.createdAt.file}:${s.createdAt.line}:${s.createdAt.column}`, inner);
      // The connect call is in the factory.
      assert.equal(s.connects[0]!.location.file, factory);
    }
    assert.notEqual(orders.id, billing.id);
  });

  test("lambda passed to a helper: the socket is at the new inside the lambda, held where the helper's result goes", () => {
    const file = "/ws/src/kernel.ts";
    const text = `import * as zmq from "zeromq";

function open<T extends zmq.Dealer | zmq.Subscriber>(endpoint: string, ctor: () => T): T {
  const sock = ctor();
  sock.connect(endpoint);
  return sock;
}

export const channels = {
  shell: open("tcp://127.0.0.1:9001", () => new zmq.Dealer({ routingId: "kernel-1" })),
  iopub: open("tcp://127.0.0.1:9002", () => new zmq.Subscriber()),
};

channels.iopub.subscribe();
`;
    const { snapshot } = analyze({ files: { [file]: text } });
    assert.equal(snapshot.sockets.length, 2, JSON.stringify(snapshot.sockets.map(view)));
    const [shell, iopub] = snapshot.sockets.map(view);
    assert.deepEqual(
      { type: shell!.type, connects: shell!.connects, options: shell!.options, at: shell!.at },
      { type: "DEALER", connects: ["tcp://127.0.0.1:9001"], options: { routingId: "kernel-1" }, at: at(file, text, "new zmq.Dealer") },
    );
    assert.deepEqual(
      { type: iopub!.type, connects: iopub!.connects, at: iopub!.at },
      { type: "SUB", connects: ["tcp://127.0.0.1:9002"], at: at(file, text, "new zmq.Subscriber") },
    );
    // What the caller calls the socket, and what it does with it afterwards.
    assert.equal(shell!.holder, "channels.shell");
    assert.equal(iopub!.holder, "channels.iopub");
    assert.deepEqual(iopub!.subscriptions, [""]);
  });

  test("factory re-exported through a barrel module (export * / export { x } from)", () => {
    const factory = "/ws/src/shared/sockets.ts";
    const factoryText = `import * as zmq from "zeromq";

export function createClient(endpoint: string): zmq.Request {
  const socket = new zmq.Request();
  socket.connect(endpoint);
  return socket;
}
`;
    for (const barrel of [`export * from "./sockets.js";\n`, `export { createClient } from "./sockets.js";\n`]) {
      const app = "/ws/src/app.ts";
      const appText = `import { createClient } from "./shared/index.js";\n\nconst orders = createClient("tcp://localhost:5555");\n`;
      const { snapshot } = analyze({ files: { [factory]: factoryText, "/ws/src/shared/index.ts": barrel, [app]: appText } });
      assert.deepEqual(snapshot.sockets.map(view), [{
        type: "REQ", holder: "orders", binds: [], connects: ["tcp://localhost:5555"], options: {}, subscriptions: [],
        context: "global", at: at(app, appText, "createClient(\"tcp"),
      }], `barrel: ${barrel.trim()}`);
    }
  });

  test("factory imported as a namespace, arrow-function factory, default-exported factory", () => {
    const files = {
      "/ws/src/f1.ts": `import * as zmq from "zeromq";\nexport function open(ep: string) {\n  const s = new zmq.Pull();\n  s.bind(ep);\n  return s;\n}\n`,
      "/ws/src/f2.ts": `import * as zmq from "zeromq";\nexport const make = (ep: string) => {\n  const s = new zmq.Push();\n  s.connect(ep);\n  return s;\n};\n`,
      "/ws/src/f3.ts": `import * as zmq from "zeromq";\nexport default function pub(ep: string) {\n  const s = new zmq.Publisher();\n  s.bind(ep);\n  return s;\n}\n`,
      "/ws/src/app.ts": `import * as f1 from "./f1.js";\nimport { make } from "./f2.js";\nimport pub from "./f3.js";\n\nconst inbox = f1.open("tcp://*:6001");\nconst outbox = make("tcp://localhost:6002");\nconst feed = pub("tcp://*:6003");\n`,
    };
    const { snapshot } = analyze({ files });
    assert.deepEqual(
      snapshot.sockets.map((s) => [s.holder, s.type, s.location.file, [...view(s).binds, ...view(s).connects]]),
      [["inbox", "PULL", "/ws/src/app.ts", ["tcp://*:6001"]], ["outbox", "PUSH", "/ws/src/app.ts", ["tcp://localhost:6002"]], ["feed", "PUB", "/ws/src/app.ts", ["tcp://*:6003"]]],
    );
  });

  test("CommonJS factories: module.exports = { f } and exports.f = function", () => {
    const files = {
      "/ws/lib/sockets.js": `const zmq = require("zeromq");\nfunction makeSocket(type, ep) {\n  const s = zmq.socket(type);\n  s.connect(ep);\n  return s;\n}\nmodule.exports = { makeSocket };\n`,
      "/ws/lib/legacy.js": `const zmq = require("zeromq");\nexports.openSocket = function (type, ep) {\n  const s = zmq.socket(type);\n  s.connect(ep);\n  return s;\n};\n`,
      "/ws/lib/app.js": `const { makeSocket } = require("./sockets");\nconst legacy = require("./legacy");\n\nconst jobs = makeSocket("dealer", "tcp://localhost:5601");\nconst status = legacy.openSocket("req", "tcp://localhost:5600");\n`,
    };
    const { snapshot } = analyze({ files });
    assert.deepEqual(
      snapshot.sockets.map((s) => [s.holder, s.type, s.location.file, view(s).connects]),
      [["jobs", "DEALER", "/ws/lib/app.js", ["tcp://localhost:5601"]], ["status", "REQ", "/ws/lib/app.js", ["tcp://localhost:5600"]]],
    );
  });

  test("socket passed to a helper that binds it; socket assigned to a `let`; method factory on a class", () => {
    const text = `import * as zmq from "zeromq";

async function bindAll(sock: zmq.Router, endpoint: string): Promise<void> {
  await sock.bind(endpoint);
}
const router = new zmq.Router();
bindAll(router, "tcp://*:4444");

let dealer: zmq.Dealer;
dealer = new zmq.Dealer();
dealer.connect("tcp://localhost:4444");

class Pool {
  private make(endpoint: string): zmq.Request {
    const s = new zmq.Request();
    s.connect(endpoint);
    return s;
  }
  readonly a = this.make("tcp://localhost:5001");
  readonly b = this.make("tcp://localhost:5002");
}
`;
    const { snapshot } = analyze({ files: { [A]: text } });
    assert.deepEqual(
      snapshot.sockets.map((s) => [s.holder, s.type, [...view(s).binds, ...view(s).connects]]),
      [["router", "ROUTER", ["tcp://*:4444"]], ["dealer", "DEALER", ["tcp://localhost:4444"]], ["this.a", "REQ", ["tcp://localhost:5001"]], ["this.b", "REQ", ["tcp://localhost:5002"]]],
    );
  });

  test("class picked from a lookup table through a local const (new Ctor())", () => {
    const factory = "/ws/src/shared/sockets.ts";
    const factoryText = `import * as zmq from "zeromq";

const ctorByKind = { req: zmq.Request, dealer: zmq.Dealer } as const;

export function makeSocket(kind: keyof typeof ctorByKind, endpoint: string) {
  const Ctor = ctorByKind[kind];
  const sock = new Ctor({ linger: 0 });
  sock.connect(endpoint);
  return sock;
}
`;
    const user = "/ws/src/runner.ts";
    const userText = `import { makeSocket } from "./shared/sockets.js";
const jobs = makeSocket("dealer", "tcp://localhost:5601");
const status = makeSocket("req", "tcp://localhost:5600");
`;
    const { snapshot } = analyze({ files: { [factory]: factoryText, [user]: userText } });
    assert.deepEqual(
      snapshot.sockets.map((s) => [s.holder, s.type, view(s).connects[0]]).sort(),
      [["jobs", "DEALER", "tcp://localhost:5601"], ["status", "REQ", "tcp://localhost:5600"]],
    );
  });

  test("class fields and constructor assignments used in methods", () => {
    const text = `import * as zmq from "zeromq";

export class Broker {
  private frontend = new zmq.Router({ linger: 0, mandatory: true });
  private readonly backend: zmq.Dealer;

  constructor() {
    this.backend = new zmq.Dealer({ linger: 0 });
    this.backend.sendHighWaterMark = 100;
  }

  async start(): Promise<void> {
    await this.frontend.bind("tcp://*:5555");
    await this.backend.bind("tcp://127.0.0.1:5556");
  }

  stop(): void {
    this.frontend.close();
    this.backend.close();
  }
}
`;
    const { snapshot } = analyze({ files: { [A]: text } });
    assert.equal(snapshot.sockets.length, 2);
    assert.deepEqual(view(byHolder(snapshot, "this.frontend")), {
      type: "ROUTER", holder: "this.frontend", binds: ["tcp://*:5555"], connects: [], options: { linger: 0, mandatory: true },
      subscriptions: [], context: "global", at: at(A, text, "new zmq.Router"),
    });
    assert.deepEqual(view(byHolder(snapshot, "this.backend")), {
      type: "DEALER", holder: "this.backend", binds: ["tcp://127.0.0.1:5556"], connects: [],
      options: { linger: 0, sendHighWaterMark: 100 }, subscriptions: [], context: "global", at: at(A, text, "new zmq.Dealer"),
    });
  });

  test("constructor-parameter endpoint: one socket per `new C(\"tcp://...\")`, each with its endpoint", () => {
    const text = `import * as zmq from "zeromq";

class Worker {
  private sock = new zmq.Dealer({ linger: 0 });
  constructor(private readonly endpoint: string) {}
  start(): void {
    this.sock.connect(this.endpoint);
  }
}

const primary = new Worker("tcp://localhost:5560");
const standby = new Worker("tcp://standby:5560");
primary.start();
standby.start();
`;
    const { snapshot } = analyze({ files: { [A]: text } });
    assert.deepEqual(
      snapshot.sockets.map((s) => [s.type, s.holder, view(s).connects]).sort(),
      [["DEALER", "this.sock", ["tcp://localhost:5560"]], ["DEALER", "this.sock", ["tcp://standby:5560"]]],
    );
    assert.equal(new Set(snapshot.sockets.map((s) => s.id)).size, 2, "distinct ids");
  });

  test("shadowed names: `const sock` in two functions gives two sockets with their own endpoints", () => {
    const text = `import * as zmq from "zeromq";

export async function startProducer(): Promise<void> {
  const sock = new zmq.Push();
  await sock.bind("tcp://*:7001");
}

export function startConsumer(): void {
  const sock = new zmq.Pull({ receiveTimeout: 100 });
  sock.connect("tcp://localhost:7001");
}
`;
    const { snapshot } = analyze({ files: { [A]: text } });
    assert.deepEqual(snapshot.sockets.map(view), [
      { type: "PUSH", holder: "sock", binds: ["tcp://*:7001"], connects: [], options: {}, subscriptions: [], context: "global", at: at(A, text, "new zmq.Push") },
      { type: "PULL", holder: "sock", binds: [], connects: ["tcp://localhost:7001"], options: { receiveTimeout: 100 }, subscriptions: [], context: "global", at: at(A, text, "new zmq.Pull") },
    ]);
    assert.deepEqual(snapshot.links.map((l) => [l.from, l.to]), [[snapshot.sockets[1]!.id, snapshot.sockets[0]!.id]]);
  });
});

describe("not sockets", () => {
  test("a local class named Request with connect() is not a ZeroMQ socket, even next to zeromq imports", () => {
    const text = `import * as zmq from "zeromq";

export class Request {
  constructor(readonly method: string, readonly path: string) {}
  connect(baseUrl: string): this { return this; }
}

export const health = new Request("GET", "/health").connect("http://localhost:8080");
const probe = new Request("POST", "/probe");
probe.connect("tcp://localhost:5555");
export const real = new zmq.Request();
`;
    const { snapshot } = analyze({ files: { [A]: text } });
    assert.deepEqual(snapshot.sockets.map((s) => [s.holder, s.type]), [["real", "REQ"]]);
  });

  test("a local class named Request in a file without zeromq", () => {
    const text = `export class Request {
  connect(url: string): void {}
}
const r = new Request();
r.connect("tcp://localhost:5555");
`;
    const { snapshot } = analyze({ files: { "/ws/src/http-request.ts": text } });
    assert.deepEqual(snapshot.sockets, []);
  });

  test("import type only: no sockets", () => {
    const text = `import type { Socket, Request } from "zeromq";
import { type Reply } from "zeromq";

export interface Channel { socket: Socket; endpoint: string }
export function describe(r: Request, p: Reply): string {
  r.connect("tcp://localhost:5555");
  return String(p);
}
`;
    const { snapshot } = analyze({ files: { "/ws/src/types.ts": text } });
    assert.deepEqual(snapshot.sockets, []);
    assert.deepEqual(snapshot.problems, []);
  });
});

describe("problems", () => {
  test("a file with a syntax error is reported once; other files are still analyzed", () => {
    const broken = "/ws/src/broken.ts";
    const brokenText = `import * as zmq from "zeromq";
const sock = new zmq.Push(;
sock.bind("tcp://*:7000"
`;
    const ok = "/ws/src/ok.ts";
    const okText = `import * as zmq from "zeromq";
const pull = new zmq.Pull();
pull.connect("tcp://localhost:7000");
`;
    const { snapshot } = analyze({ files: { [broken]: brokenText, [ok]: okText } });
    assert.equal(snapshot.problems.length, 1, JSON.stringify(snapshot.problems));
    assert.equal(snapshot.problems[0]!.file, broken);
    assert.match(snapshot.problems[0]!.message, /syntax error at 2:/);
    assert.equal(snapshot.problems[0]!.skipped, false);
    assert.deepEqual(view(byHolder(snapshot, "pull")).connects, ["tcp://localhost:7000"]);
  });
});

describe("options the analysis cannot read", () => {
  test("optionsIncomplete marks sockets whose options may be set where the analysis does not see", () => {
    const text = `import * as zmq from "zeromq";
import { loadOptions, harden, settings } from "./security";
const known = new zmq.Router({ linger: 0, curveServer: settings.curve });
const spread = new zmq.Router({ ...loadOptions(), linger: 0 });
const whole = new zmq.Router(loadOptions());
const handed = new zmq.Router();
harden(handed);
const assigned = new zmq.Router();
Object.assign(assigned, loadOptions());
const followed = new zmq.Router();
function secure(s: zmq.Router): void { s.curveServer = true; }
secure(followed);
const legacy = require("zeromq").socket("router");
legacy.setsockopt(settings.option, 1);
`;
    const { snapshot } = analyze({ files: {
      "/ws/src/a.ts": text,
      "/ws/src/security.ts": `export declare function loadOptions(): object;
export declare function harden(s: unknown): void;
export declare const settings: { curve: boolean; option: number };
`,
    } });
    const incomplete = (holder: string): boolean => byHolder(snapshot, holder).optionsIncomplete === true;
    assert.equal(incomplete("known"), false);
    assert.equal(incomplete("spread"), true);
    assert.equal(incomplete("whole"), true);
    assert.equal(incomplete("handed"), true);
    assert.equal(incomplete("assigned"), true);
    assert.equal(incomplete("followed"), false);
    assert.deepEqual(view(byHolder(snapshot, "followed")).options, { curveServer: true });
    assert.equal(incomplete("legacy"), true);
  });
});
