import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { check, position, where } from "../helpers/rules";
import { analyze } from "../helpers/workspace";

const RULE = "req-rep-lockstep";
const FILE = "/ws/src/rpc.ts";

function findings(text: string, file = FILE) {
  return check({ files: { [file]: text } }, { rule: RULE });
}

function at(text: string, needle: string, occurrence = 1): string {
  const p = position(text, needle, occurrence);
  return `${FILE.split("/").pop()}:${p.line}:${p.column}`;
}

/** No finding, on code where the analysis does see `sockets` sockets (so the silence means something). */
function assertSilent(text: string, sockets: number, file = FILE): void {
  assert.equal(analyze({ files: { [file]: text } }).snapshot.sockets.length, sockets, "sockets found");
  assert.deepEqual(findings(text, file).map((f) => `${where(f)} ${f.message}`), []);
}

const NEVER = /it never completes \(with a sendTimeout it would reject with EFSM, "Operation cannot be accomplished in current state"\)/;

describe("req-rep-lockstep: REQ", () => {
  test("two sends in a row", () => {
    const text = `import * as zmq from "zeromq";

export async function order(item: string, quantity: number): Promise<string> {
  const req = new zmq.Request();
  req.connect("tcp://orders:5555");
  await req.send(item);
  await req.send(String(quantity));
  const [reply] = await req.receive();
  return reply!.toString();
}
`;
    const [f, ...rest] = findings(text);
    assert.equal(rest.length, 0);
    assert.ok(f);
    assert.equal(where(f), at(text, "req.send(String(quantity))"));
    assert.equal(f.severity, "error");
    assert.match(f.message, /This send\(\) on the REQ socket `req` can run right after the send\(\) on line 6 without a receive\(\) in between/);
    assert.match(f.message, NEVER);
    assert.doesNotMatch(f.message, /EBUSY/);
    assert.deepEqual(f.related.map((r) => r.location.line), [6]);
  });

  test("un-awaited sends: the pending case is named, and the timeout when one is set", () => {
    const text = `import * as zmq from "zeromq";

export function fire(): void {
  const req = new zmq.Request({ sendTimeout: 1000 });
  req.connect("tcp://orders:5555");
  req.send("a").catch(() => undefined);
  req.send("b").catch(() => undefined);
}
`;
    const [f] = findings(text);
    assert.ok(f);
    assert.match(f.message, /it rejects with EFSM, "Operation cannot be accomplished in current state" once the sendTimeout expires \(while that one is still pending it throws EBUSY instead\)/);
  });

  test("a loop that sends every item and never receives", () => {
    const text = `import * as zmq from "zeromq";

export async function sendAll(items: string[]): Promise<void> {
  const req = new zmq.Request();
  req.connect("tcp://orders:5555");
  for (const item of items) {
    await req.send(item);
  }
}
`;
    const [f] = findings(text);
    assert.ok(f);
    assert.equal(where(f), at(text, "req.send(item)"));
    assert.match(f.message, /runs again on the next iteration without a receive\(\) in between/);
    assert.deepEqual(f.related, []);
  });

  test("retrying after a receive timeout on the same REQ (Lazy Pirate without the re-creation)", () => {
    const text = `import * as zmq from "zeromq";

export async function call(body: string): Promise<string> {
  const client = new zmq.Request({ receiveTimeout: 2500 });
  client.connect("tcp://server:5555");
  for (let attempt = 0; attempt < 3; attempt++) {
    await client.send(body);
    try {
      const [reply] = await client.receive();
      return reply!.toString();
    } catch {
      console.warn("no reply, retrying");
    }
  }
  throw new Error("server unavailable");
}
`;
    const [f, ...rest] = findings(text);
    assert.equal(rest.length, 0);
    assert.ok(f);
    assert.equal(where(f), at(text, "client.send(body)"));
    assert.match(f.message, /can run after the receive\(\) on line 9 failed \(receiveTimeout expired\): the REQ still waits for the old reply/);
    assert.match(f.message, /Close and re-create the socket before retrying \(the Lazy Pirate pattern\), or set relaxed: true/);
    assert.deepEqual(f.related.map((r) => r.location.line), [9]);
  });

  test("send and receive both inside the try: the retry is still reported when a receive timeout is set", () => {
    const text = `import * as zmq from "zeromq";

export async function call(body: string): Promise<string | undefined> {
  const client = new zmq.Request({ receiveTimeout: 1000 });
  client.connect("tcp://server:5555");
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await client.send(body);
      const [reply] = await client.receive();
      return reply!.toString();
    } catch (err) {
      console.warn(err);
    }
  }
  return undefined;
}
`;
    assert.deepEqual(findings(text).map(where), [at(text, "client.send(body)")]);
    // Without a receive timeout the receive cannot fail that way: a send that threw leaves the REQ ready.
    assertSilent(text.replace("{ receiveTimeout: 1000 }", ""), 1);
  });

  test("receiving before sending, and receiving twice", () => {
    const text = `import * as zmq from "zeromq";

export async function handshake(): Promise<void> {
  const req = new zmq.Request();
  req.connect("tcp://server:5555");
  const [banner] = await req.receive();
  await req.send("HELLO");
  const [first] = await req.receive();
  const [second] = await req.receive();
  console.log(banner, first, second);
}
`;
    const list = findings(text);
    assert.deepEqual(list.map(where), [at(text, "req.receive()", 1), at(text, "req.receive()", 3)]);
    assert.match(list[0]!.message, /This receive\(\) on the REQ socket `req` can run before any send\(\): a REQ must send its request first, so it never completes \(with a receiveTimeout it would reject with EFSM/);
    assert.match(list[1]!.message, /can run right after the receive\(\) on line 8 without a send\(\) in between: a REQ gets one reply per request/);
  });

  test("a REQ held in a class field, sending twice inside one method", () => {
    const text = `import { Request } from "zeromq";

export class Inventory {
  private readonly sock = new Request({ linger: 0 });
  constructor(endpoint: string) {
    this.sock.connect(endpoint);
  }
  async reserve(sku: string): Promise<void> {
    await this.sock.send(["reserve", sku]);
    await this.sock.send(["commit", sku]);
    await this.sock.receive();
  }
}
`;
    assert.deepEqual(findings(text).map(where), [at(text, `this.sock.send(["commit"`)]);
  });

  test("correct clients: request/reply loops, Lazy Pirate with re-creation, relaxed, helpers", () => {
    const text = `import * as zmq from "zeromq";

export async function loop(items: string[]): Promise<void> {
  const req = new zmq.Request();
  req.connect("tcp://server:5555");
  for (const item of items) {
    await req.send(item);
    const [reply] = await req.receive();
    console.log(reply);
  }
}

export async function lazyPirate(body: string): Promise<string> {
  let client = new zmq.Request({ receiveTimeout: 2500, linger: 0 });
  client.connect("tcp://server:5555");
  for (let retries = 3; retries > 0; retries--) {
    await client.send(body);
    try {
      const [reply] = await client.receive();
      return reply!.toString();
    } catch {
      client.close();
      client = new zmq.Request({ receiveTimeout: 2500, linger: 0 });
      client.connect("tcp://server:5555");
    }
  }
  throw new Error("gave up");
}

export class Reconnecting {
  private sock = this.open();
  private open(): zmq.Request {
    const s = new zmq.Request({ receiveTimeout: 1000 });
    s.connect("tcp://server:5556");
    return s;
  }
  async call(body: string): Promise<Buffer> {
    for (;;) {
      await this.sock.send(body);
      try {
        const [reply] = await this.sock.receive();
        return reply!;
      } catch {
        this.reset();
      }
    }
  }
  private reset(): void {
    this.sock.close();
    this.sock = this.open();
  }
}

export async function relaxed(): Promise<void> {
  const req = new zmq.Request({ relaxed: true, correlate: true });
  req.connect("tcp://server:5557");
  await req.send("first");
  await req.send("second");
  await req.receive();
}

async function readReply(sock: zmq.Request): Promise<Buffer> {
  const [reply] = await sock.receive();
  return reply!;
}

export async function withHelper(items: string[]): Promise<void> {
  const req = new zmq.Request();
  req.connect("tcp://server:5558");
  for (const item of items) {
    await req.send(item);
    console.log(await readReply(req));
  }
}
`;
    assertSilent(text, 7);
  });

  test("a receive in another method may run in between: silent", () => {
    const text = `import * as zmq from "zeromq";

export class Client {
  private readonly sock = new zmq.Request();
  async start(): Promise<void> {
    this.sock.connect("tcp://server:5555");
  }
  async send(body: string): Promise<void> {
    await this.sock.send(body);
  }
  async receive(): Promise<Buffer> {
    const [reply] = await this.sock.receive();
    return reply!;
  }
  async call(a: string, b: string): Promise<void> {
    await this.send(a);
    await this.receive();
    await this.send(b);
  }
}
`;
    assertSilent(text, 1);
  });

  test("a receive in a method called first is not before the send: only the creation scope counts", () => {
    const text = `import * as zmq from "zeromq";

const req = new zmq.Request();
req.connect("tcp://server:5555");

export async function awaitReply(): Promise<Buffer> {
  const [reply] = await req.receive();
  return reply!;
}
`;
    assertSilent(text, 1);
  });

  test("v5 and v5-compat REQ sockets queue their sends: two sends in a row are fine there", () => {
    const text = `const zmq = require("zeromq");
const requester = zmq.socket("req");
requester.connect("tcp://localhost:5555");
requester.on("message", (reply) => console.log(reply.toString()));
for (let i = 0; i < 10; i++) requester.send("Hello");
`;
    assertSilent(text, 1, "/ws/hwclient.js");
  });
});

describe("req-rep-lockstep: REP", () => {
  test("a REP that greets before receiving, and a receive loop whose continue skips the reply", () => {
    const text = `import * as zmq from "zeromq";

export async function serve(): Promise<void> {
  const rep = new zmq.Reply();
  await rep.bind("tcp://*:5555");
  await rep.send("READY");
  for await (const [msg] of rep) {
    if (msg!.length === 0) continue;
    await rep.send(msg!);
  }
}
`;
    const list = findings(text);
    assert.deepEqual(list.map(where), [at(text, `rep.send("READY")`), at(text, "rep) {")]);
    assert.match(list[0]!.message, /This send\(\) on the REP socket `rep` can run before the REP has received a request: a REP must receive first/);
    assert.match(list[0]!.message, /a server that speaks first needs a ROUTER/);
    assert.deepEqual(list[0]!.related.map((r) => r.location.line), [7]);
    assert.match(list[1]!.message, /A path through this receive loop on the REP socket `rep` comes back to receive without sending a reply/);
    assert.match(list[1]!.message, /it never completes \(with a receiveTimeout it would reject with EFSM/);
    assert.deepEqual(list[1]!.related.map((r) => r.location.line), [9], "points at the reply the path skips");
  });

  test("an exception caught before the reply leaves the REP unable to receive", () => {
    const text = `import { Reply } from "zeromq";

export async function calculator(): Promise<void> {
  const sock = new Reply({ receiveTimeout: 30000 });
  await sock.bind("tcp://*:5556");
  for await (const [expr] of sock) {
    try {
      const result = evaluate(expr!.toString());
      await sock.send(String(result));
    } catch (err) {
      console.error("bad request", err);
    }
  }
}
declare function evaluate(s: string): number;
`;
    const [f] = findings(text);
    assert.ok(f);
    assert.equal(where(f), at(text, "sock) {"));
    assert.match(f.message, /it rejects with EFSM, "Operation cannot be accomplished in current state" once the receiveTimeout expires/);
  });

  test("a REP that replies twice", () => {
    const text = `import * as zmq from "zeromq";

export async function once(): Promise<void> {
  const rep = new zmq.Reply();
  await rep.bind("tcp://*:5557");
  const [request] = await rep.receive();
  await rep.send("ACK");
  await rep.send(request!);
}
`;
    const list = findings(text);
    assert.deepEqual(list.map(where), [at(text, "rep.send(request!)")]);
    assert.match(list[0]!.message, /a REP sends exactly one reply per request/);
  });

  test("correct servers: replies on every path, handlers elsewhere, receive-timeout polling", () => {
    const text = `import * as zmq from "zeromq";

export async function serve(): Promise<void> {
  const rep = new zmq.Reply();
  await rep.bind("tcp://*:5555");
  for await (const [msg] of rep) {
    let answer: string;
    try {
      answer = String(JSON.parse(msg!.toString()).value);
    } catch (err) {
      answer = "error";
    }
    await rep.send(answer);
  }
}

async function handle(sock: zmq.Reply, msg: Buffer): Promise<void> {
  await sock.send(msg);
}

export async function delegating(): Promise<void> {
  const rep = new zmq.Reply();
  await rep.bind("tcp://*:5556");
  for await (const [msg] of rep) await handle(rep, msg!);
}

export class Worker {
  private readonly sock = new zmq.Reply({ receiveTimeout: 500 });
  private stopping = false;
  async run(): Promise<void> {
    this.sock.connect("tcp://broker:5560");
    while (!this.stopping) {
      let frame: Buffer;
      try {
        [frame] = (await this.sock.receive()) as [Buffer];
      } catch {
        continue;
      }
      await this.sock.send(frame);
    }
    this.sock.close();
  }
}

export class Service {
  private readonly sock = new zmq.Reply();
  async listen(): Promise<void> {
    await this.sock.bind("tcp://*:5561");
    for await (const [msg] of this.sock) await this.reply(msg!);
  }
  private async reply(msg: Buffer): Promise<void> {
    await this.sock.send(msg);
  }
}
`;
    assertSilent(text, 4);
  });
});

describe("req-rep-lockstep: finally blocks", () => {
  test("a continue inside try still runs the reply in finally", () => {
    const text = `import * as zmq from "zeromq";

export async function serve() {
  const rep = new zmq.Reply({ linger: 0 });
  await rep.bind("tcp://127.0.0.1:5600");
  for await (const [raw] of rep) {
    let reply = "error";
    try {
      if (raw.length === 0) continue;
      reply = raw.toString().toUpperCase();
    } finally {
      await rep.send(reply);
    }
  }
}
`;
    assertSilent(text, 1);
  });
});

describe("req-rep-lockstep: giving up after a timeout", () => {
  test("a catch that throws, returns or breaks never reaches the next send", () => {
    const text = `import * as zmq from "zeromq";

export async function twoSteps(): Promise<void> {
  const q = new zmq.Request({ linger: 0, receiveTimeout: 1000 });
  q.connect("tcp://127.0.0.1:6401");
  await q.send("a");
  try {
    await q.receive();
  } catch (err) {
    q.close();
    throw new Error("timeout", { cause: err });
  }
  await q.send("b");
  await q.receive();
  q.close();
}

export async function commands(cmds: string[]): Promise<void> {
  const q = new zmq.Request({ linger: 0, receiveTimeout: 1000 });
  q.connect("tcp://127.0.0.1:6402");
  try {
    for (const c of cmds) {
      await q.send(c);
      try {
        await q.receive();
      } catch {
        break;
      }
    }
  } finally {
    q.close();
  }
}

export async function once(): Promise<void> {
  const q = new zmq.Request({ linger: 0, receiveTimeout: 1000 });
  q.connect("tcp://127.0.0.1:6403");
  await q.send("a");
  try {
    await q.receive();
  } catch {
    return;
  }
  await q.send("b");
}
`;
    assertSilent(text, 3);
    // A catch that only logs goes on to send again on the stuck REQ: reported.
    const logs = text.replace(`  } catch {
    return;
  }`, `  } catch (err) {
    console.warn(err);
  }`);
    assert.deepEqual(findings(logs).map(where), [at(logs, `q.send("b");`, 2)]);
  });
});
