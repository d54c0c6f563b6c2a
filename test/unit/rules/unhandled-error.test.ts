import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { assertFixResolves, check, position, quickFix, where } from "../helpers/rules";
import { analyze } from "../helpers/workspace";

const RULE = "unhandled-error";
const FILE = "/ws/src/service.ts";

function findings(text: string, file = FILE, rules?: Record<string, unknown>) {
  return check({ files: { [file]: text } }, { rule: RULE, ...(rules ? { rules } : {}) });
}

/** No finding, on code where the analysis does see `sockets` sockets (so the silence means something). */
function assertSilent(text: string, sockets: number, file = FILE): void {
  assert.equal(analyze({ files: { [file]: text } }).snapshot.sockets.length, sockets, "sockets found");
  assert.deepEqual(findings(text, file).map((f) => `${where(f)} ${f.message}`), []);
}

function at(text: string, needle: string, occurrence = 1, file = FILE): string {
  const p = position(text, needle, occurrence);
  return `${file.split("/").pop()}:${p.line}:${p.column}`;
}

describe("unhandled-error: v6 promises nobody awaits", () => {
  test("a floating bind followed by a connect: unhandled rejection, and the connect throws EBUSY", () => {
    const text = `import * as zmq from "zeromq";

export async function startCollector(upstream: string): Promise<zmq.Pull> {
  const collector = new zmq.Pull({ linger: 0 });
  collector.bind("tcp://*:7100");
  collector.receiveHighWaterMark = 5000;
  collector.connect(upstream);
  return collector;
}
`;
    const [f, ...rest] = findings(text);
    assert.equal(rest.length, 0);
    assert.ok(f);
    assert.equal(where(f), at(text, `collector.bind(`));
    assert.equal(f.severity, "warning");
    assert.match(f.message, /bind\("tcp:\/\/\*:7100"\) on the PULL socket `collector` is neither awaited, returned nor caught/);
    assert.match(f.message, /unhandled rejection and ends the process/);
    assert.match(f.message, /The connect\(\) on line 7 runs before it settles and throws EBUSY \("Socket is blocked by a bind or unbind operation"\)/);
    assert.deepEqual(f.related.map((r) => r.location.line), [7]);
    assert.equal(quickFix(f).title, "Await bind()");
    const fixed = assertFixResolves({ files: { [FILE]: text } }, RULE);
    assert.match(fixed.files[FILE]!, /  await collector\.bind\("tcp:\/\/\*:7100"\);/);
  });

  test("no EBUSY claim when something is awaited between the bind and the next call", () => {
    const text = `import * as zmq from "zeromq";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function main(): Promise<void> {
  const pub = new zmq.Publisher();
  pub.bind("tcp://*:7200");
  await sleep(100);
  await pub.send(["status", "up"]);
}
`;
    const [f, ...rest] = findings(text);
    assert.equal(rest.length, 0);
    assert.ok(f);
    assert.doesNotMatch(f.message, /EBUSY/);
    assert.deepEqual(f.related, []);
  });

  test("binding every endpoint in a loop without awaiting: the next iteration's bind throws EBUSY", () => {
    const text = `import * as zmq from "zeromq";

export async function listen(endpoints: string[]): Promise<zmq.Router> {
  const router = new zmq.Router();
  for (const endpoint of endpoints) {
    router.bind(endpoint);
  }
  return router;
}
`;
    const [f] = findings(text);
    assert.ok(f);
    assert.match(f.message, /bind\(endpoint\) on the ROUTER socket `router`/);
    assert.match(f.message, /On the next iteration it runs again before this one settles and throws EBUSY/);
    assertFixResolves({ files: { [FILE]: text } }, RULE);
  });

  test("a socket re-created into the same field shares its uses: each place is reported once", () => {
    const text = `import * as zmq from "zeromq";

export class Uplink {
  private sock = new zmq.Push();
  async start(): Promise<void> {
    await this.sock.bind("tcp://*:7700");
  }
  restart(): void {
    this.sock.close();
    this.sock = new zmq.Push();
  }
  forward(line: string): void {
    this.sock.send(line);
  }
}
`;
    assert.equal(analyze({ files: { [FILE]: text } }).snapshot.sockets.length, 2);
    assert.deepEqual(findings(text).map(where), [at(text, "this.sock.send(line)")]);
  });

  test("a fire-and-forget send in a class method, and in a timer callback (no fix there: not async)", () => {
    const text = `import * as zmq from "zeromq";

export class Heartbeat {
  private readonly sock = new zmq.Dealer({ linger: 0 });

  constructor(endpoint: string) {
    this.sock.connect(endpoint);
    setInterval(() => {
      this.sock.send(["", "HEARTBEAT"]);
    }, 1000);
  }

  async report(status: string): Promise<void> {
    this.sock.send(["", "STATUS", status]).then(() => console.log("reported"));
  }
}
`;
    const list = findings(text);
    assert.deepEqual(list.map(where), [at(text, `this.sock.send(["", "HEARTBEAT"])`), at(text, `this.sock.send(["", "STATUS"`)]);
    const [timer, method] = list as [typeof list[0], typeof list[0]];
    assert.match(timer.message, /send\(\) on the DEALER socket `this.sock` is neither awaited, returned nor caught/);
    assert.equal(timer.fixes?.some((x) => x.kind === "quickfix"), false, "no await outside an async function");
    assert.equal(quickFix(method).title, "Await send()");
    const fixed = assertFixResolves({ files: { [FILE]: text } }, RULE, 1);
    assert.match(fixed.files[FILE]!, /await this\.sock\.send\(\["", "STATUS", status\]\)\.then\(/);
  });

  test("a receive() whose result is dropped: the message is lost too", () => {
    const text = `import * as zmq from "zeromq";

export async function drain(endpoint: string): Promise<void> {
  const sub = new zmq.Subscriber();
  sub.connect(endpoint);
  sub.subscribe("");
  sub.receive();
}
`;
    const [f] = findings(text);
    assert.ok(f);
    assert.equal(where(f), at(text, "sub.receive()"));
    assert.match(f.message, /receive\(\) on the SUB socket `sub`.*the message it reads is lost/);
    assert.equal(f.fixes?.some((x) => x.kind === "quickfix"), false);
  });

  test("ROUTER sends name the mandatory failure", () => {
    const text = `import { Router } from "zeromq";

export async function serve(): Promise<void> {
  const router = new Router({ mandatory: true });
  await router.bind("tcp://*:7300");
  for await (const [id, , body] of router) {
    router.send([id, "", body]);
  }
}
`;
    const [f] = findings(text);
    assert.ok(f);
    assert.match(f.message, /unroutable message with mandatory set/);
  });

  test("awaited, returned, caught, handled by then(ok, fail), stored, passed on, or voided: silent", () => {
    const text = `import * as zmq from "zeromq";

export async function handled(sock: zmq.Dealer): Promise<void> {}

export async function main(): Promise<unknown> {
  const a = new zmq.Push();
  await a.bind("tcp://*:7401");
  a.send("x").catch((err) => console.error(err));
  a.send("y").then(() => undefined, (err) => console.error(err));
  void a.send("z");
  const pending = a.send("w");
  await pending;
  await Promise.all([a.unbind("tcp://*:7401")]);
  const b = new zmq.Pull();
  b.bindSync("tcp://*:7402");
  b.unbindSync("tcp://*:7402");
  return b.bind("tcp://*:7403");
}
export const bindLater = (s: zmq.Pull) => s.bind("tcp://*:7404");
`;
    assertSilent(text, 2);
  });

  test("option ignoreVoid: false reports `void sock.send()` too, without a fix", () => {
    const text = `import * as zmq from "zeromq";

export async function announce(): Promise<void> {
  const push = new zmq.Push({ sendTimeout: 1000 });
  push.connect("tcp://collector:7500");
  void push.send(["hello", "world"]);
}
`;
    assertSilent(text, 1);
    const list = findings(text, FILE, { [RULE]: { severity: "warning", options: { ignoreVoid: false } } });
    assert.deepEqual(list.map(where), [at(text, "push.send(")]);
    assert.match(list[0]!.message, /is discarded with `void`/);
    assert.equal(list[0]!.fixes?.some((x) => x.kind === "quickfix"), false);
  });

  test("a socket held in a module variable and used from an exported function", () => {
    const text = `import * as zmq from "zeromq";

const audit = new zmq.Push();

export function record(kind: string, body: string): void {
  audit.send([kind, body]);
}

export async function start(): Promise<void> {
  await audit.bind("tcp://*:7600");
}
`;
    assert.deepEqual(findings(text).map(where), [at(text, "audit.send(")]);
  });

  test("PUB, XPUB and ROUTER sends never wait and never reject: fire-and-forget is fine there", () => {
    const text = `import * as zmq from "zeromq";

const events = new zmq.Publisher();
const router = new zmq.Router();

export function publish(topic: string, body: string): void {
  events.send([topic, body]);
}

export function reply(id: Buffer, body: string): void {
  router.send([id, "", body]);
}

export async function start(): Promise<void> {
  await events.bind("tcp://*:7601");
  await router.bind("tcp://*:7602");
}
`;
    assertSilent(text, 2);
    // With noDrop a PUB waits at the high-water mark, and can time out.
    const noDrop = text.replace("new zmq.Publisher()", "new zmq.Publisher({ noDrop: true, sendTimeout: 100 })");
    assert.deepEqual(findings(noDrop).map(where), [at(noDrop, "events.send(")]);
  });
});

describe("unhandled-error: v5 bind callbacks that ignore their error", () => {
  const JS = "/ws/lib/server.js";

  test("zeromq v5: the callback never reads err; fix throws it", () => {
    const text = `"use strict";
const zmq = require("zeromq");

const responder = zmq.socket("rep");
responder.bind("tcp://*:5555", function (err) {
  console.log("listening on 5555");
});
responder.on("message", (request) => {
  responder.send("World");
});
`;
    const [f, ...rest] = findings(text, JS);
    assert.equal(rest.length, 0);
    assert.ok(f);
    assert.equal(where(f), at(text, "function (err)", 1, JS));
    assert.equal(f.location.endColumn - f.location.column, "function (err)".length, "the callback's head is underlined");
    assert.match(f.message, /The v5 bind callback never reads its error: when binding "tcp:\/\/\*:5555" fails.*REP socket `responder` stays unbound/);
    assert.deepEqual(f.related.map((r) => r.location.line), [5]);
    const fixed = assertFixResolves({ files: { [JS]: text } }, RULE);
    assert.match(fixed.files[JS]!, /function \(err\) \{\n  if \(err\) throw err;\n  console\.log/);
  });

  test("v5-compat, an arrow callback without parameters: reported, no fix (nothing to name the error)", () => {
    const text = `import * as zmq from "zeromq/v5-compat";

const sink = zmq.socket("pull");
sink.bind("tcp://*:5558", () => console.log("bound"));
sink.on("message", (msg: Buffer) => console.log(msg.toString()));
`;
    const [f] = findings(text);
    assert.ok(f);
    assert.equal(where(f), at(text, "() =>"));
    assert.match(f.message, /^The v5-compat bind callback never reads its error/);
    assert.equal(f.fixes?.some((x) => x.kind === "quickfix"), false);
  });

  test("a one-line arrow body gets the check on the same line", () => {
    const text = `const zmq = require("zeromq");
const pub = zmq.socket("pub");
pub.bind("tcp://*:5560", (err) => { console.log("up"); });
`;
    const fixed = assertFixResolves({ files: { "/ws/a.js": text } }, RULE);
    assert.equal(fixed.files["/ws/a.js"]!.split("\n")[2], `pub.bind("tcp://*:5560", (err) => { if (err) throw err; console.log("up"); });`);
  });

  test("callbacks that read the error, mark it unused (_err), or are named functions: silent", () => {
    const text = `const zmq = require("zeromq");
const a = zmq.socket("push");
a.bind("tcp://*:5561", (err) => { if (err) { console.error(err); process.exit(1); } });
const b = zmq.socket("push");
b.bind("tcp://*:5562", (_err) => {});
function onBound(err) { if (err) throw err; }
const c = zmq.socket("push");
c.bind("tcp://*:5563", onBound);
const d = zmq.socket("push");
d.bindSync("tcp://*:5564");
const e = zmq.socket("push");
e.bind("tcp://*:5565", ({ message }) => console.log(message));
`;
    assertSilent(text, 5, "/ws/b.js");
  });
});
