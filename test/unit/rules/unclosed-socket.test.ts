import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { check, position, where } from "../helpers/rules";

const RULE = "unclosed-socket";
const A = "/ws/src/client.ts";
const B = "/ws/src/poller.ts";

function findings(files: Record<string, string>, rules?: Record<string, unknown>) {
  return check({ files }, { rule: RULE, ...(rules ? { rules } : {}) });
}

function at(file: string, text: string, needle: string, occurrence = 1): string {
  const p = position(text, needle, occurrence);
  return `${file.split("/").pop()}:${p.line}:${p.column}`;
}

describe("unclosed-socket: reports", () => {
  test("comparing the socket (a guard) does not hand it on", () => {
    const text = `import * as zmq from "zeromq";

export async function request(body: string): Promise<string> {
  const sock = new zmq.Request({ receiveTimeout: 2000, linger: 0 });
  if (!(sock instanceof zmq.Request) || sock === undefined) throw new Error("no socket");
  sock.connect("tcp://localhost:5555");
  await sock.send(body);
  const [reply] = await sock.receive();
  return reply!.toString();
}
`;
    assert.deepEqual(findings({ [A]: text }).map(where), [at(A, text, "new zmq.Request")]);
  });

  test("a function handed to setInterval or an event by name runs on every tick", () => {
    const text = `import * as zmq from "zeromq";

async function poll(): Promise<void> {
  const probe = new zmq.Request({ receiveTimeout: 1000, linger: 0 });
  probe.connect("tcp://10.0.0.3:7100");
  await probe.send("ping");
  await probe.receive();
}

setInterval(poll, 1000);
`;
    assert.deepEqual(findings({ [A]: text }).map(where), [at(A, text, "new zmq.Request")]);
    const once = text.replace("setInterval(poll, 1000);", "setTimeout(poll, 1000);");
    assert.deepEqual(findings({ [A]: once }), [], "a function a timer runs once, from module top level, runs once");
  });

  test("v5 legacy: a PUSH per notification in an exported function, which nothing ever closes", () => {
    const text = `var zmq = require('zeromq');

function notify(user) {
  var push = zmq.socket('push');
  push.connect('tcp://notifier:7000');
  push.send(JSON.stringify({ user: user }));
}

module.exports = { notify: notify };
`;
    const [f, ...rest] = findings({ "/ws/lib/notify.js": text });
    assert.equal(rest.length, 0);
    assert.equal(where(f!), at("/ws/lib/notify.js", text, "zmq.socket"));
    assert.match(f!.message, /PUSH socket `push` is created on every call of `notify\(\)` and never closed: .*for the life of the process \(the v5 API never closes a socket for you\)\.$/);
  });

  test("an exported request helper that opens a REQ per call and never closes it", () => {
    const text = `import * as zmq from "zeromq";

export async function request(body: string): Promise<string> {
  const sock = new zmq.Request({ receiveTimeout: 2000 });
  sock.connect("tcp://localhost:5555");
  await sock.send(body);
  const [reply] = await sock.receive();
  return reply.toString();
}
`;
    const [f, ...rest] = findings({ [A]: text });
    assert.equal(rest.length, 0);
    assert.equal(where(f!), at(A, text, "new zmq.Request"));
    assert.equal(f!.severity, "warning");
    assert.match(f!.message, /^REQ socket `sock` is created on every call of `request\(\)` and never closed/);
    assert.match(f!.message, /connection to tcp:\/\/localhost:5555/);
    assert.match(f!.message, /until the garbage collector finds it, and for good while a send or receive is pending/);
    assert.deepEqual(f!.related.map((r) => `${r.location.line}:${r.message}`), [
      "5:connects to tcp://localhost:5555 here",
      "7:last used here: close it after this, in a `finally`",
    ]);
  });

  test("a method of an exported client class", () => {
    const text = `import { Push } from "zeromq";

export class AuditLog {
  constructor(private readonly endpoint: string) {}

  async record(event: object): Promise<void> {
    const push = new Push();
    push.connect(this.endpoint);
    await push.send(JSON.stringify(event));
  }
}
`;
    const [f, ...rest] = findings({ [A]: text });
    assert.equal(rest.length, 0);
    assert.equal(where(f!), at(A, text, "new Push"));
    // The endpoint comes from a field the analysis cannot resolve: no made-up address in the message.
    assert.match(f!.message, /^PUSH socket `push` is created on every call of `AuditLog.record\(\)` and never closed: .*holding its connection and its file descriptors/);
  });

  test("HTTP route handlers and timer callbacks", () => {
    const text = `import * as zmq from "zeromq";
import express from "express";

const app = express();
app.post("/orders", async (req, res) => {
  const orders = new zmq.Push();
  orders.connect("tcp://orders:5557");
  await orders.send(JSON.stringify(req.body));
  res.sendStatus(202);
});

setInterval(async () => {
  const beat = new zmq.Push();
  beat.connect("tcp://monitor:6000");
  await beat.send("alive");
}, 1000);

app.listen(8080);
`;
    const found = findings({ [A]: text });
    assert.deepEqual(found.map(where), [at(A, text, "new zmq.Push"), at(A, text, "new zmq.Push", 2)]);
    assert.match(found[0]!.message, /^PUSH socket `orders` is created each time this callback runs/);
  });

  test("Lazy Pirate without the close: a new REQ on every retry", () => {
    const text = `import * as zmq from "zeromq";

async function main() {
  for (;;) {
    const client = new zmq.Request({ receiveTimeout: 2500 });
    client.connect("tcp://localhost:5555");
    await client.send("ping");
    try {
      const [reply] = await client.receive();
      console.log(reply.toString());
      break;
    } catch {
      console.warn("no reply, retrying");
    }
  }
}
main();
`;
    const [f, ...rest] = findings({ [A]: text });
    assert.equal(rest.length, 0);
    assert.equal(where(f!), at(A, text, "new zmq.Request"));
    assert.match(f!.message, /is created on every pass of a loop in `main\(\)`/);
  });

  test("a helper called from a polling loop in another file, once however many callers follow it", () => {
    const helper = `import * as zmq from "zeromq";

export async function fetchPrice(symbol: string): Promise<number> {
  const sock = new zmq.Request();
  sock.connect("tcp://prices:5555");
  await sock.send(symbol);
  const [reply] = await sock.receive();
  return Number(reply.toString());
}
`;
    const poller = `import { fetchPrice } from "./client";

async function poll(symbols: string[]) {
  for (const s of symbols) console.log(await fetchPrice(s));
}
async function once() {
  console.log(await fetchPrice("ACME"));
}
poll(process.argv.slice(2));
once();
`;
    const found = findings({ [A]: helper, [B]: poller });
    assert.deepEqual(found.map(where), [at(A, helper, "new zmq.Request")]);
    assert.match(found[0]!.message, /on every call of `fetchPrice\(\)`/);
  });

  test("a socket from a factory, used and dropped on every call: reported at the factory call", () => {
    const text = `import * as zmq from "zeromq";

function makeDealer(): zmq.Dealer {
  const d = new zmq.Dealer({ linger: 0 });
  d.connect("tcp://jobs:5570");
  return d;
}

export async function submit(job: string): Promise<void> {
  const dealer = makeDealer();
  await dealer.send(["", job]);
}
`;
    const [f, ...rest] = findings({ [A]: text });
    assert.equal(rest.length, 0);
    assert.equal(where(f!), at(A, text, "makeDealer()", 2));
    assert.match(f!.message, /^DEALER socket `dealer` is created on every call of `submit\(\)`/);
  });

  test("severity from the configuration; off turns it off", () => {
    const text = `import * as zmq from "zeromq";
export function ping() {
  const s = new zmq.Push();
  s.connect("tcp://a:1");
  s.send("ping");
}
`;
    assert.equal(findings({ [A]: text }, { [RULE]: "error" })[0]!.severity, "error");
    assert.deepEqual(findings({ [A]: text }, { [RULE]: "off" }), []);
  });
});

describe("unclosed-socket: stays silent", () => {
  test("closed in a finally, or at the end of the function", () => {
    const text = `import * as zmq from "zeromq";

export async function request(body: string): Promise<string> {
  const sock = new zmq.Request({ receiveTimeout: 2000 });
  try {
    sock.connect("tcp://localhost:5555");
    await sock.send(body);
    const [reply] = await sock.receive();
    return reply.toString();
  } finally {
    sock.close();
  }
}

export async function notify(event: string): Promise<void> {
  const push = new zmq.Push({ linger: 1000 });
  push.connect("tcp://events:5557");
  await push.send(event);
  push.close();
}
`;
    assert.deepEqual(findings({ [A]: text }), []);
  });

  test("closed by a helper the analysis follows", () => {
    const text = `import * as zmq from "zeromq";

function shutdown(...socks: zmq.Socket[]) { for (const s of socks) s.close(); }
function release(s: zmq.Socket) { s.close(); }

export async function ping(): Promise<void> {
  const req = new zmq.Request();
  req.connect("tcp://health:5555");
  await req.send("ping");
  await req.receive();
  release(req);
}
`;
    assert.deepEqual(findings({ [A]: text }), []);
  });

  test("the program's own sockets: main() called once at top level, a top-level IIFE, a loop over known endpoints", () => {
    const text = `import * as zmq from "zeromq";

async function main(): Promise<void> {
  const push = new zmq.Push();
  await push.bind("tcp://*:5557");
  for (let i = 0; i < 100; i++) await push.send(\`task \${i}\`);
}
main().catch((err) => { console.error(err); process.exit(1); });

(async () => {
  const req = new zmq.Request();
  req.connect("tcp://localhost:5555");
  await req.send("hello");
  await req.receive();
})();

async function announce(): Promise<void> {
  for (const ep of ["tcp://a:6000", "tcp://b:6000"]) {
    const p = new zmq.Push();
    p.connect(ep);
    await p.send("up");
  }
}
announce();
`;
    assert.deepEqual(findings({ [A]: text }), []);
  });

  test("sockets that serve for the program's life: receive loops, open loops, event handlers", () => {
    const text = `import * as zmq from "zeromq";
import zmq5 from "zeromq/v5-compat";

export async function startWorker(endpoint: string): Promise<void> {
  const rep = new zmq.Reply();
  await rep.bind(endpoint);
  for await (const [msg] of rep) await rep.send(msg);
}

export async function pump(): Promise<void> {
  const push = new zmq.Push();
  await push.bind("tcp://*:5558");
  while (true) {
    await push.send(String(Date.now()));
    await new Promise((r) => setTimeout(r, 1000));
  }
}

export function watch(): void {
  const dealer = new zmq.Dealer();
  dealer.events.on("disconnect", () => console.warn("lost the broker"));
  dealer.connect("tcp://broker:5570");
}

export function listen(): void {
  const sub = zmq5.socket("sub");
  sub.connect("tcp://feed:5556");
  sub.subscribe("");
  sub.on("message", (m: Buffer) => console.log(m.toString()));
}

export function listenNoSemicolons(): void {
  const pull = zmq5.socket("pull")
  pull.connect("tcp://jobs:5557")
  pull.on("message", (m: Buffer) => console.log(m.toString()))
}
`;
    assert.deepEqual(findings({ [A]: text }), []);
  });

  test("returned, stored in a field or a module variable, or handed to code the analysis does not follow", () => {
    const text = `import * as zmq from "zeromq";
import { pool } from "./pool";

export function makeClient(endpoint: string): zmq.Request {
  const sock = new zmq.Request();
  sock.connect(endpoint);
  return sock;
}

let current: zmq.Dealer | undefined;
export function connectDealer(): void {
  current = new zmq.Dealer();
  current.connect("tcp://broker:5570");
}

export class Client {
  private sock?: zmq.Request;
  open(): void {
    this.sock = new zmq.Request();
    this.sock.connect("tcp://api:5555");
  }
}

export function borrow(): void {
  const s = new zmq.Request();
  s.connect("tcp://api:5555");
  pool.add(s);
}

export function both(): void {
  const a = new zmq.Push();
  const b = new zmq.Push();
  a.connect("tcp://x:1");
  [a, b].forEach((s) => s.close());
}
`;
    assert.deepEqual(findings({ [A]: text }), []);
  });

  test("code whose repetition the analysis cannot tell: an unused function, a CLI action callback", () => {
    const text = `import * as zmq from "zeromq";
import { Command } from "commander";

async function sendOnce(): Promise<void> {
  const push = new zmq.Push();
  push.connect("tcp://sink:5557");
  await push.send("x");
}

new Command().command("send").action(async () => {
  const push = new zmq.Push();
  push.connect("tcp://sink:5557");
  await push.send("y");
}).parse();
`;
    assert.deepEqual(findings({ [A]: text }), []);
  });

  test("suppressed with a comment", () => {
    const text = `import * as zmq from "zeromq";
export function ping() {
  // zmq-topology-disable-next-line unclosed-socket
  const s = new zmq.Push();
  s.connect("tcp://a:1");
}
`;
    assert.deepEqual(findings({ [A]: text }), []);
  });
});
