import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { assertFixResolves, check, position, quickFix, where } from "../helpers/rules";
import { analyze } from "../helpers/workspace";

const RULE = "concurrent-operation";
const FILE = "/ws/src/jobs.ts";

function findings(text: string, rules?: Record<string, unknown>) {
  return check({ files: { [FILE]: text } }, { rule: RULE, ...(rules ? { rules } : {}) });
}

/** No finding, on code where the analysis does see `sockets` sockets (so the silence means something). */
function assertSilent(text: string, sockets: number, file = FILE): void {
  assert.equal(analyze({ files: { [file]: text } }).snapshot.sockets.filter((x) => x.type !== "UNKNOWN").length, sockets, "sockets found");
  assert.deepEqual(check({ files: { [file]: text } }, { rule: RULE }).map((f) => `${where(f)} ${f.message}`), []);
}

function at(text: string, needle: string, occurrence = 1): string {
  const p = position(text, needle, occurrence);
  return `jobs.ts:${p.line}:${p.column}`;
}

const BUSY_WRITING = /throws EBUSY \("Socket is busy writing; only one send operation may be in progress at any time"\)/;
const BUSY_READING = /throws EBUSY \("Socket is busy reading; only one receive operation may be in progress at any time"\)/;

describe("concurrent-operation: sends", () => {
  test("two un-awaited sends on a bound PUSH: the second throws while no worker is connected", () => {
    const text = `import * as zmq from "zeromq";

export async function dispatch(first: string, second: string): Promise<void> {
  const jobs = new zmq.Push({ linger: 0 });
  await jobs.bind("tcp://*:5557");
  jobs.send(first);
  jobs.send(second);
}
`;
    const [f, ...rest] = findings(text);
    assert.equal(rest.length, 0);
    assert.ok(f);
    assert.equal(where(f), at(text, "jobs.send(second)"));
    assert.equal(f.severity, "error");
    assert.match(f.message, /This send\(\) on the PUSH socket `jobs` starts while the send\(\) on line 6 can still be pending/);
    assert.match(f.message, /no peer connected yet/);
    assert.match(f.message, BUSY_WRITING);
    assert.deepEqual(f.related.map((r) => r.location.line), [6]);
    assert.equal(quickFix(f).title, "Await the send() on line 6");
    const fixed = assertFixResolves({ files: { [FILE]: text } }, RULE);
    assert.match(fixed.files[FILE]!, /await jobs\.send\(first\);\n  jobs\.send\(second\);/);
  });

  test("Promise.all over two sends is the same overlap", () => {
    const text = `import { Dealer } from "zeromq";

export async function fanOut(a: Buffer, b: Buffer): Promise<void> {
  const out = new Dealer();
  await out.bind("ipc:///tmp/fan.sock");
  await Promise.all([out.send(a), out.send(b)]);
}
`;
    const list = findings(text);
    assert.deepEqual(list.map(where), [at(text, "out.send(b)")]);
    assert.equal(list[0]!.fixes?.some((x) => x.kind === "quickfix"), false, "nothing to await inside Promise.all");
  });

  test("a loop of un-awaited sends on a connected PUSH fails once the high-water mark is reached", () => {
    const text = `import * as zmq from "zeromq";

export async function publishBatch(records: string[]): Promise<void> {
  const sink = new zmq.Push();
  sink.connect("tcp://collector:7000");
  for (const record of records) {
    sink.send(record);
  }
}
`;
    const [f] = findings(text);
    assert.ok(f);
    assert.equal(where(f), at(text, "sink.send(record)"));
    assert.match(f.message, /starts again on the next iteration while the previous one can still be pending/);
    assert.match(f.message, /sendHighWaterMark reached because the peer is slow or gone/);
    assert.equal(quickFix(f).title, "Await send()");
    assertFixResolves({ files: { [FILE]: text } }, RULE);
  });

  test("the same connected PUSH sending twice in a row (not in a loop) is not reported: pipes exist at once", () => {
    const text = `import * as zmq from "zeromq";

export async function hello(): Promise<void> {
  const sink = new zmq.Push();
  sink.connect("tcp://collector:7000");
  sink.send("hello");
  sink.send("world");
}
`;
    assertSilent(text, 1);
  });

  test("immediate: true on a connected PUSH: no pipe before the connection, so two sends in a row are reported", () => {
    const text = `import * as zmq from "zeromq";

export async function hello(): Promise<void> {
  const sink = new zmq.Push({ immediate: true });
  sink.connect("tcp://collector:7000");
  sink.send("hello");
  sink.send("world");
}
`;
    assert.deepEqual(findings(text).map(where), [at(text, `sink.send("world")`)]);
  });

  test("forEach(async ...) on a REQ (zeromq.js#426): the sends overlap; the receives queue behind the sends", () => {
    const text = `import { Request } from "zeromq";

export async function requestAll(sentences: string[]): Promise<void> {
  const sock = new Request({ receiveTimeout: -1, sendTimeout: -1 });
  sock.connect("tcp://localhost:5555");
  sentences.forEach(async (sentence) => {
    try {
      await sock.send(sentence);
      const [result] = await sock.receive();
      console.log(result!.toString());
    } catch (error) {
      console.log(error);
    }
  });
}
`;
    const [f, ...rest] = findings(text);
    assert.equal(rest.length, 0, rest.map((r) => r.message).join("\n"));
    assert.ok(f);
    assert.equal(where(f), at(text, "sock.send(sentence)"));
    assert.match(f.message, /runs in a callback that forEach\(\) starts for every element without waiting: the calls overlap/);
    assert.match(f.message, /A REQ takes one request at a time/);
  });

  test("forEach(async ...) on a DEALER: the receives overlap", () => {
    const text = `import * as zmq from "zeromq";

export async function lookup(ids: string[]): Promise<void> {
  const dealer = new zmq.Dealer();
  dealer.connect("tcp://catalog:6000");
  ids.forEach(async (id) => {
    await dealer.send(["", id]);
    const [, body] = await dealer.receive();
    console.log(body);
  });
}
`;
    const list = findings(text);
    assert.deepEqual(list.map(where), [at(text, "dealer.send("), at(text, "dealer.receive()")]);
    assert.match(list[1]!.message, BUSY_READING);
    assert.match(list[0]!.message, /sendHighWaterMark reached/);
  });

  test("map() feeding Promise.all", () => {
    const text = `import * as zmq from "zeromq";

export async function upload(chunks: Buffer[]): Promise<void> {
  const push = new zmq.Push();
  await push.bind("tcp://*:6100");
  await Promise.all(chunks.map((chunk) => push.send(chunk)));
}
`;
    const [f] = findings(text);
    assert.ok(f);
    assert.match(f.message, /runs in a callback that map\(\) starts for every element/);
    assert.match(f.message, /no peer connected yet/);
  });
});

describe("concurrent-operation: sockets that never block", () => {
  const loop = `import * as zmq from "zeromq";

export async function replay(events: string[]): Promise<void> {
  const pub = new zmq.Publisher();
  await pub.bind("tcp://*:6200");
  pub.send(["replay", "start"]);
  pub.send(["replay", "begin"]);
  for (const e of events) pub.send(["event", e]);
}
`;

  test("a tight loop of un-awaited PUB sends: 512 at once, then EBUSY", () => {
    const list = findings(loop);
    assert.deepEqual(list.map(where), [at(loop, `pub.send(["event", e])`)], "two PUB sends in a row are fine: a PUB never waits");
    assert.match(list[0]!.message, /A PUB never waits to send, but zeromq.js completes at most 512 operations in a row at once/);
    assert.match(list[0]!.message, BUSY_WRITING);
    assert.equal(quickFix(list[0]!).title, "Await the send() calls on lines 7, 8");
    const fixed = assertFixResolves({ files: { [FILE]: loop } }, RULE);
    assert.match(fixed.files[FILE]!, /  await pub\.send\(\["replay", "begin"\]\);\n  for \(const e of events\) await pub\.send\(\["event", e\]\);/);
  });

  test("option reportNonBlockingLoops: false", () => {
    assert.deepEqual(findings(loop, { [RULE]: { severity: "error", options: { reportNonBlockingLoops: false } } }), []);
  });

  test("a loop that awaits something, a for-await loop, and ROUTER without mandatory: silent", () => {
    const text = `import * as zmq from "zeromq";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function ticker(): Promise<void> {
  const pub = new zmq.Publisher();
  await pub.bind("tcp://*:6300");
  while (true) {
    pub.send(["tick", String(Date.now())]);
    await sleep(1000);
  }
}

export async function echo(): Promise<void> {
  const router = new zmq.Router();
  await router.bind("tcp://*:6301");
  for await (const [id, , body] of router) {
    router.send([id, "", body]);
    router.send([id, "", "done"]);
  }
}
`;
    assertSilent(text, 2);
  });

  test("ROUTER with mandatory waits for unknown peers: two sends in a row are reported", () => {
    const text = `import * as zmq from "zeromq";

export async function notify(peer: string): Promise<void> {
  const router = new zmq.Router({ mandatory: true });
  await router.bind("tcp://*:6400");
  router.send([peer, "", "one"]).catch(() => undefined);
  router.send([peer, "", "two"]).catch(() => undefined);
}
`;
    const list = findings(text);
    assert.deepEqual(list.map(where), [at(text, `router.send([peer, "", "two"])`)]);
    assert.equal(list[0]!.fixes?.some((x) => x.kind === "quickfix"), false, "a caught send is not a plain statement to await");
  });
});

describe("concurrent-operation: receives", () => {
  test("two receive().then(...) in a row on a PULL", () => {
    const text = `import * as zmq from "zeromq";

export function listen(): void {
  const pull = new zmq.Pull();
  pull.connect("tcp://source:6500");
  pull.receive().then(([m]) => console.log("first", m));
  pull.receive().then(([m]) => console.log("second", m));
}
`;
    const list = findings(text);
    assert.deepEqual(list.map(where), [at(text, "pull.receive()", 2)]);
    assert.match(list[0]!.message, /This receive\(\) on the PULL socket `pull` starts while the receive\(\) on line 6 can still be pending/);
    assert.match(list[0]!.message, BUSY_READING);
    assert.equal(list[0]!.fixes?.some((x) => x.kind === "quickfix"), false, "not inside an async function");
  });

  test("Promise.race([receive(), timeout]) in a loop leaves the losing receive pending", () => {
    const text = `import * as zmq from "zeromq";
const timeout = (ms: number) => new Promise<null>((r) => setTimeout(() => r(null), ms));

export async function poll(): Promise<void> {
  const dealer = new zmq.Dealer();
  dealer.connect("tcp://status:6600");
  for (;;) {
    await dealer.send(["", "status?"]);
    const reply = await Promise.race([dealer.receive(), timeout(500)]);
    if (reply) console.log(reply);
  }
}
`;
    const list = findings(text);
    assert.deepEqual(list.map(where), [at(text, "dealer.receive()")]);
    assert.match(list[0]!.message, /starts again on the next iteration while the previous one can still be pending/);
  });

  test("awaited receives, for-await loops, and receives in separate callbacks: silent", () => {
    const text = `import * as zmq from "zeromq";

export async function consume(): Promise<void> {
  const pull = new zmq.Pull();
  pull.connect("tcp://source:6700");
  const [first] = await pull.receive();
  const [second] = await pull.receive();
  console.log(first, second);
  for await (const [m] of pull) console.log(m);
}

export function onDemand(sub: zmq.Subscriber): void {
  setTimeout(() => void sub.receive(), 100);
}
`;
    assertSilent(text, 1);
  });
});

describe("concurrent-operation: calls during a pending bind", () => {
  test("a caught bind does not stop the next call from throwing EBUSY", () => {
    const text = `import * as zmq from "zeromq";

export function start(): zmq.Subscriber {
  const sub = new zmq.Subscriber();
  sub.bind("tcp://*:6800").catch((err) => console.error("bind failed", err));
  sub.subscribe("metrics");
  sub.connect("tcp://relay:6801");
  return sub;
}
`;
    const list = findings(text);
    assert.deepEqual(list.map(where), [at(text, "sub.connect(")]);
    assert.match(list[0]!.message, /connect\(\) on the SUB socket `sub` runs while the bind\(\) on line 5 is still pending .* EBUSY \("Socket is blocked by a bind or unbind operation"\)/);
    assert.deepEqual(list[0]!.related.map((r) => r.location.line), [5]);
  });

  test("a caught bind in a loop: the next iteration's bind throws EBUSY, unless the loop awaits something", () => {
    const text = `import * as zmq from "zeromq";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function listen(endpoints: string[]): Promise<void> {
  const pub = new zmq.Publisher();
  for (const ep of endpoints) pub.bind(ep).catch((err) => console.error(ep, err));
  const slow = new zmq.Publisher();
  for (const ep of endpoints) {
    slow.bind(ep).catch((err) => console.error(ep, err));
    await sleep(100);
  }
}
`;
    const list = findings(text);
    assert.deepEqual(list.map(where), [at(text, "pub.bind(ep)")]);
    assert.match(list[0]!.message, /This bind\(\) on the PUB socket `pub` runs again on the next iteration while the previous one is still pending/);
  });

  test("an ignored bind is unhandled-error's finding; an awaited one, or one awaited past, is fine", () => {
    const text = `import * as zmq from "zeromq";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function start(): Promise<void> {
  const a = new zmq.Push();
  a.bind("tcp://*:6900");
  a.connect("tcp://peer:6901");
  const b = new zmq.Push();
  await b.bind("tcp://*:6902");
  b.connect("tcp://peer:6903");
  const c = new zmq.Push();
  void c.bind("tcp://*:6904");
  await sleep(50);
  c.connect("tcp://peer:6905");
}
`;
    assertSilent(text, 3);
    assert.equal(check({ files: { [FILE]: text } }, { rule: "unhandled-error" }).length, 1);
  });
});

describe("concurrent-operation: what it leaves alone", () => {
  test("REQ/REP sending twice in a row is req-rep-lockstep's; v5 queues sends; stored promises are not followed", () => {
    const text = `import * as zmq from "zeromq";

export async function main(): Promise<void> {
  const req = new zmq.Request();
  req.connect("tcp://server:7000");
  req.send("a");
  req.send("b");
  const push = new zmq.Push();
  await push.bind("tcp://*:7001");
  const pending = push.send("first");
  push.send("second");
  await pending;
}
`;
    assertSilent(text, 2);
    const legacy = `const zmq = require("zeromq");
const sender = zmq.socket("push");
sender.bindSync("tcp://*:5557");
for (let i = 0; i < 100; i++) sender.send(String(i));
`;
    assert.deepEqual(check({ files: { "/ws/ventilator.js": legacy } }, { rule: RULE }), []);
  });

  test("un-awaited sends in two different methods: their order is unknown, so silent", () => {
    const text = `import * as zmq from "zeromq";

export class Jobs {
  private readonly push = new zmq.Push();
  async start(): Promise<void> {
    await this.push.bind("tcp://*:7100");
  }
  submit(job: string): void {
    this.push.send(job).catch(() => undefined);
  }
  cancel(id: string): void {
    this.push.send(["cancel", id]).catch(() => undefined);
  }
}
`;
    assertSilent(text, 1);
  });
});

describe("concurrent-operation: awaited chains", () => {
  test("an awaited send with .catch, and sends gathered by an awaited Promise.all each iteration, are not pending", () => {
    const text = `import * as zmq from "zeromq";

export async function drain(parts: string[]) {
  const a = new zmq.Push({ linger: 0 });
  await a.bind("tcp://127.0.0.1:5401");
  await a.send("x").catch((e) => console.error(e));
  await a.send("y").catch((e) => console.error(e));
  for (const p of parts) await a.send(p).catch(console.error);
  for (const p of parts) await Promise.all([a.send(p)]);
  for (const p of parts) await Promise.allSettled([a.send(p)]);
}
`;
    assertSilent(text, 1);
  });

  test("two sends of one socket in the same Promise.all still overlap", () => {
    const text = `import * as zmq from "zeromq";

export async function fanOut() {
  const a = new zmq.Push({ linger: 0 });
  await a.bind("tcp://127.0.0.1:5402");
  await Promise.all([a.send("one"), a.send("two")]);
}
`;
    assert.deepEqual(findings(text).map(where), [at(text, `a.send("two")`)]);
  });
});
