import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { assertFixResolves, check, position, quickFix, where } from "../helpers/rules";
import type { Project } from "../helpers/workspace";

const RULE = "missing-linger";

function findings(project: Project, options?: Record<string, unknown>) {
  return check(project, { rule: RULE, ...(options ? { rules: { [RULE]: { options } } } : {}) });
}

function at(file: string, text: string, needle: string): string {
  const p = position(text, needle);
  return `${file.split("/").pop()}:${p.line}:${p.column}`;
}

describe("missing-linger: reports sockets that queue messages with the infinite default linger", () => {
  test("a connected PUSH in the global context: on the creation, naming the peer; the fix creates the options object", () => {
    const file = "/ws/src/ventilator.ts";
    const text = `import * as zmq from "zeromq";

export async function dispatch(jobs: string[]): Promise<void> {
  const sender = new zmq.Push();
  sender.connect("tcp://workers.internal:5557");
  for (const job of jobs) await sender.send(job);
  sender.close();
}
`;
    const project = { files: { [file]: text } };
    const all = findings(project);
    assert.deepEqual(all.map(where), [at(file, text, "new zmq.Push")]);
    const f = all[0]!;
    assert.equal(f.severity, "information");
    assert.equal(f.message, "PUSH socket `sender` keeps the default linger (-1, wait forever): if a message it sends is still queued when the program ends " +
      "(the peer at tcp://workers.internal:5557 is gone or slow), the process never exits, waiting for it (\"Waiting for queued ZeroMQ messages to be delivered\"). " +
      "Set linger, or `blocky: false` on zeromq.js' global context.");
    const send = position(text, "sender.send");
    assert.ok(f.related.some((r) => r.location.line === send.line && r.message === "queues a message here"));
    assert.equal(quickFix(f).title, "Set linger: 0");
    const fixed = assertFixResolves(project, RULE);
    assert.match(fixed.files[file]!, /new zmq\.Push\(\{ linger: 0 \}\)/);
  });

  test("a bound PUB, a REP answering requests, a class-field DEALER with options: all reported; fixes join existing objects", () => {
    const file = "/ws/src/services.ts";
    const text = `import { Dealer, Publisher, Reply } from "zeromq";

export class MarketFeed {
  private readonly pub = new Publisher({ sendHighWaterMark: 10000 });

  async start(): Promise<void> {
    await this.pub.bind("tcp://*:5556");
  }

  async publish(topic: string, price: number): Promise<void> {
    await this.pub.send([topic, String(price)]);
  }
}

export async function serveQuotes(): Promise<void> {
  const rep = new Reply({});
  await rep.bind("tcp://*:5555");
  for await (const [req] of rep) await rep.send(req);
}

export class Uploader {
  private readonly dealer = new Dealer({
    routingId: "uploader",
    immediate: true,
  });

  constructor() {
    this.dealer.connect("tcp://storage:7000");
  }

  async upload(chunk: Buffer): Promise<void> {
    await this.dealer.send(chunk);
  }
}
`;
    const project = { files: { [file]: text } };
    const all = findings(project);
    assert.deepEqual(all.map(where), [at(file, text, "new Publisher"), at(file, text, "new Reply"), at(file, text, "new Dealer")]);
    assert.match(all[0]!.message, /^PUB socket `this\.pub` keeps the default linger .*\(a peer connected to tcp:\/\/\*:5556 stops reading\)/);
    assert.match(all[2]!.message, /^DEALER socket `this\.dealer` .*\(the peer at tcp:\/\/storage:7000 is gone or slow\)/);
    let fixed = assertFixResolves(project, RULE, 0);
    assert.match(fixed.files[file]!, /new Publisher\(\{ sendHighWaterMark: 10000, linger: 0 \}\)/);
    fixed = assertFixResolves(project, RULE, 1);
    assert.match(fixed.files[file]!, /new Reply\(\{ linger: 0 \}\)/);
    fixed = assertFixResolves(project, RULE, 2);
    assert.match(fixed.files[file]!, /immediate: true,\n {4}linger: 0,\n {2}\}\);/);
  });

  test("proxy ends forward messages: both are reported although the code never calls send on them", () => {
    const file = "/ws/src/broker.ts";
    const text = `import * as zmq from "zeromq";

async function main(): Promise<void> {
  const proxy = new zmq.Proxy(new zmq.Router(), new zmq.Dealer());
  await proxy.frontEnd.bind("tcp://*:5559");
  await proxy.backEnd.bind("tcp://*:5560");
  await proxy.run();
}

main();
`;
    const project = { files: { [file]: text } };
    const all = findings(project);
    assert.deepEqual(all.map(where), [at(file, text, "new zmq.Router"), at(file, text, "new zmq.Dealer")]);
    assert.match(all[0]!.message, /^ROUTER socket `proxy\.frontEnd` keeps the default linger .*if a message it forwards is still queued/);
    const proxy = position(text, "new zmq.Proxy");
    assert.ok(all[0]!.related.some((r) => r.location.line === proxy.line && r.location.column === proxy.column));
    const fixed = assertFixResolves(project, RULE, 0);
    assert.match(fixed.files[file]!, /new zmq\.Proxy\(new zmq\.Router\(\{ linger: 0 \}\), new zmq\.Dealer\(\)\)/);
  });

  test("an explicit context without blocky: false, and one with blocky: true, are reported", () => {
    const file = "/ws/src/worker.ts";
    const text = `import * as zmq from "zeromq";

const context = new zmq.Context({ ioThreads: 2 });
const strict = new zmq.Context({ blocky: true });

export async function report(result: string): Promise<void> {
  const results = new zmq.Push({ context });
  results.connect("tcp://sink:5558");
  await results.send(result);
  const audit = new zmq.Push({ context: strict });
  audit.connect("tcp://audit:5590");
  await audit.send(result);
}
`;
    const all = findings({ files: { [file]: text } });
    assert.deepEqual(all.map(where), [at(file, text, "new zmq.Push({ context })"), at(file, text, "new zmq.Push({ context: strict })")]);
    assert.match(all[0]!.message, /Set linger, or `blocky: false` on its context\.$/);
  });

  test("v5-compat: the fix uses setsockopt(ZMQ_LINGER) after the statement that holds the socket; a factory-made v6 socket gets a property", () => {
    const compat = "/ws/src/notify.js";
    const compatText = `const zmq = require("zeromq/v5-compat");

const notifier = zmq.socket("push");
notifier.connect("tcp://mailer:6000");

function notify(user) {
  notifier.send(JSON.stringify({ user }));
}

module.exports = { notify };
`;
    const factory = "/ws/src/sockets.ts";
    const factoryText = `import * as zmq from "zeromq";
export function pushTo(endpoint: string): zmq.Push {
  const push = new zmq.Push({ sendHighWaterMark: 100 });
  push.connect(endpoint);
  return push;
}
`;
    const main = "/ws/src/main.ts";
    const mainText = `import { pushTo } from "./sockets";
export async function emit(event: string): Promise<void> {
  const events = pushTo("tcp://events:5600");
  await events.send(event);
}
`;
    const project = { files: { [compat]: compatText, [factory]: factoryText, [main]: mainText } };
    const all = findings(project);
    assert.deepEqual(all.map(where), [at(main, mainText, "pushTo(\""), at(compat, compatText, "zmq.socket")]);
    let fixed = assertFixResolves(project, RULE, 0);
    assert.match(fixed.files[main]!, /const events = pushTo\("tcp:\/\/events:5600"\);\n {2}events\.linger = 0;\n/);
    assert.equal(fixed.files[factory], factoryText);
    fixed = assertFixResolves(project, RULE, 1);
    assert.match(fixed.files[compat]!, /const notifier = zmq\.socket\("push"\);\nnotifier\.setsockopt\(zmq\.ZMQ_LINGER, 0\);\n/);
  });

  test("linger option: the fix uses the configured value", () => {
    const file = "/ws/src/client.ts";
    const text = `import * as zmq from "zeromq";
const req = new zmq.Request({ receiveTimeout: 1000 });
req.connect("tcp://server:5555");
export async function ping(): Promise<void> {
  await req.send("ping");
  await req.receive();
}
`;
    const project = { files: { [file]: text } };
    const [f] = findings(project, { linger: 250 });
    assert.ok(f);
    assert.equal(quickFix(f).title, "Set linger: 250");
    const fixed = assertFixResolves(project, RULE, 0, { rules: { [RULE]: { options: { linger: 250 } } } });
    assert.match(fixed.files[file]!, /new zmq\.Request\(\{ receiveTimeout: 1000, linger: 250 \}\)/);
  });
});

describe("missing-linger: stays silent", () => {
  const silent = (files: Record<string, string>): void => {
    assert.deepEqual(findings({ files }).map((f) => `${where(f)} ${f.message}`), []);
  };

  test("linger set in any form and to any value (0, a bound, -1 on purpose, from configuration)", () => {
    silent({
      "/ws/src/a.ts": `import * as zmq from "zeromq";
import { config } from "./config";
export async function run(): Promise<void> {
  const a = new zmq.Push({ linger: 0 });
  a.connect("tcp://x:1");
  await a.send("a");
  const b = new zmq.Push();
  b.linger = 1000;
  b.connect("tcp://x:2");
  await b.send("b");
  const c = new zmq.Push({ linger: -1 });
  c.connect("tcp://x:3");
  await c.send("c");
  const d = new zmq.Dealer({ linger: config.linger });
  d.connect("tcp://x:4");
  await d.send("d");
}
`,
      "/ws/src/b.js": `const zmq = require("zeromq/v5-compat");
const s = zmq.socket("push");
s.setsockopt(zmq.ZMQ_LINGER, 0);
s.connect("tcp://x:5");
s.send("e");
`,
    });
  });

  test("a context with blocky: false (its own, or the global one set in another file), or blocky the analysis cannot read", () => {
    silent({
      "/ws/src/setup.ts": `import * as zmq from "zeromq";
zmq.context.blocky = false;
`,
      "/ws/src/sender.ts": `import * as zmq from "zeromq";
import "./setup";
import { settings } from "./settings";
const relaxed = new zmq.Context({ blocky: false });
const configured = new zmq.Context({ blocky: settings.blocky });
export async function run(): Promise<void> {
  const a = new zmq.Push();
  a.connect("tcp://x:1");
  await a.send("a");
  const b = new zmq.Push({ context: relaxed });
  b.connect("tcp://x:2");
  await b.send("b");
  const c = new zmq.Push({ context: configured });
  c.connect("tcp://x:3");
  await c.send("c");
}
`,
    });
  });

  test("the global context is per process: blocky: false in another program does not help this one", () => {
    const files = {
      "/ws/src/tool.ts": `import { context } from "zeromq";
context.blocky = false;
`,
      "/ws/src/sender.ts": `import * as zmq from "zeromq";
export async function run(): Promise<void> {
  const push = new zmq.Push();
  push.connect("tcp://collector:7000");
  await push.send("event");
}
`,
    };
    assert.equal(findings({ files }).length, 1, "tool.ts is a program of its own");
    const shared = { ...files, "/ws/src/sender.ts": `import "./tool";\n${files["/ws/src/sender.ts"]}` };
    assert.deepEqual(findings({ files: shared }), [], "imported, the setting runs in the sender's process");
  });

  test("blocky set to false as a property of a context made in another module", () => {
    const files = {
      "/ws/src/runtime.ts": `import * as zmq from "zeromq";
export const context = new zmq.Context({ ioThreads: 2 });
context.blocky = false;
`,
      "/ws/src/sender.ts": `import * as zmq from "zeromq";
import { context } from "./runtime";
export async function run(): Promise<void> {
  const push = new zmq.Push({ context });
  push.connect("tcp://collector:7000");
  await push.send("event");
}
`,
    };
    silent(files);
    assert.equal(findings({ files: { ...files, "/ws/src/runtime.ts": files["/ws/src/runtime.ts"].replace("context.blocky = false;\n", "") } }).length, 1);
  });

  test("types that queue nothing that holds the exit (SUB, XSUB, PULL), sockets that never send, the v5 API, unknown context or options", () => {
    silent({
      "/ws/src/a.ts": `import * as zmq from "zeromq";
import { sharedContext, socketOptions } from "./runtime";
import { register } from "./registry";
export async function run(): Promise<void> {
  const sub = new zmq.Subscriber();
  sub.connect("tcp://feed:5556");
  sub.subscribe("prices");
  const xsub = new zmq.XSubscriber();
  xsub.connect("tcp://feed:5556");
  await xsub.send(Buffer.from([1]));
  const pull = new zmq.Pull();
  await pull.bind("tcp://*:5558");
  await pull.receive();
  const idle = new zmq.Push();
  idle.connect("tcp://x:1");
  const handedOver = new zmq.Push();
  handedOver.connect("tcp://x:2");
  register(handedOver);
  const inShared = new zmq.Push({ context: sharedContext() });
  inShared.connect("tcp://x:3");
  await inShared.send("x");
  const configured = new zmq.Push(socketOptions);
  configured.connect("tcp://x:4");
  await configured.send("x");
}
`,
      "/ws/src/legacy.js": `const zmq = require("zeromq");
const sender = zmq.socket("push");
sender.connect("tcp://localhost:5557");
sender.send("work");
`,
    });
  });
});
