/** The order of a socket's uses inside a function, which the sequence rules (lockstep, EBUSY) build on. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { SocketUse, ZmqSocket } from "../../server/src/analysis/model";
import { inExclusiveBranches } from "../../server/src/analysis/branches";
import { ts } from "../../server/src/analysis/ts";
import { analyze } from "./helpers/workspace";

/** Each use as `kind@line <- previous kinds@lines` (entry = "start"). */
function order(source: string, holder: string): string[] {
  const { snapshot } = analyze({ files: { "/ws/src/app.ts": `import * as zmq from "zeromq";\n${source}` } });
  const socket = snapshot.sockets.find((s) => s.holder === holder);
  assert.ok(socket, `no socket held by ${holder}`);
  return socket.uses.map((u) => `${name(u)} <- ${u.previous === undefined ? "?" : u.previous.map((p) => (p === -1 ? "start" : name(socket.uses[p]!))).join(", ")}`);
}

function name(u: SocketUse): string {
  return `${u.kind}${u.option ? `(${u.option})` : ""}@${u.location.line}`;
}

function uses(source: string, holder: string): SocketUse[] {
  const { snapshot } = analyze({ files: { "/ws/src/app.ts": `import * as zmq from "zeromq";\n${source}` } });
  return (snapshot.sockets.find((s) => s.holder === holder) as ZmqSocket).uses;
}

describe("use order", () => {
  test("straight-line code and a request loop", () => {
    assert.deepEqual(order(`async function ask(ep: string, jobs: string[]) {
  const req = new zmq.Request();
  req.connect(ep);
  for (const job of jobs) {
    await req.send(job);
    const [reply] = await req.receive();
  }
  req.close();
}`, "req"), [
      "connect@4 <- start",
      "send@6 <- connect@4, receive@7",
      "receive@7 <- send@6",
      "close@9 <- connect@4, receive@7",
    ]);
  });

  test("a send in a loop without a receive follows itself", () => {
    assert.deepEqual(order(`async function burst(items: string[]) {
  const req = new zmq.Request();
  for (const item of items) await req.send(item);
}`, "req"), ["send@4 <- start, send@4"]);
  });

  test("branches join, early return and throw end a path, break leaves the loop", () => {
    assert.deepEqual(order(`async function step(retry: boolean) {
  const dealer = new zmq.Dealer();
  if (retry) {
    await dealer.send("again");
  } else {
    await dealer.send("first");
  }
  while (true) {
    const [msg] = await dealer.receive();
    if (!msg) return;
    if (msg.length > 10) throw new Error("too long");
    if (msg.length === 1) break;
  }
  dealer.close();
}`, "dealer"), [
      "send@5 <- start",
      "send@7 <- start",
      "receive@10 <- send@5, send@7, receive@10",
      "close@15 <- send@5, send@7, receive@10",
    ]);
  });

  test("a for-await loop receives before each pass of its body", () => {
    assert.deepEqual(order(`async function serve() {
  const rep = new zmq.Reply();
  await rep.bind("tcp://127.0.0.1:5555");
  for await (const [msg] of rep) {
    await rep.send(msg);
  }
}`, "rep"), ["bind@4 <- start", "receive@5 <- bind@4, send@6", "send@6 <- receive@5"]);
  });

  test("arguments run before the call; callbacks are scopes of their own", () => {
    const list = uses(`async function relay(sock: zmq.Dealer) {}
const pair = new zmq.Pair();
async function echo() {
  await pair.send(await pair.receive());
  setTimeout(() => pair.close(), 10);
}`, "pair");
    const receive = list.findIndex((u) => u.kind === "receive");
    const send = list.find((u) => u.kind === "send");
    const close = list.find((u) => u.kind === "close");
    assert.deepEqual(send?.previous, [receive], "the send waits for the receive in its argument");
    assert.equal(close?.inTimer, true);
    assert.notEqual(close?.scope, send?.scope);
    assert.deepEqual(close?.previous, [-1]);
  });

  test("switch cases fall through; a catch starts where the try block can throw, before a failed operation", () => {
    assert.deepEqual(order(`async function run(mode: number) {
  const push = new zmq.Push();
  switch (mode) {
    case 1:
      push.linger = 0;
    case 2:
      push.connect("tcp://127.0.0.1:1");
      break;
    default:
      return;
  }
  try {
    await push.send("x");
  } catch {
    push.close();
  }
}`, "push"), [
      "option(linger)@6 <- start",
      "connect@8 <- start, option(linger)@6",
      "send@14 <- connect@8",
      "close@16 <- connect@8",
    ]);
  });

  test("promise outcomes", () => {
    const list = uses(`const push = new zmq.Push();
async function go(): Promise<void> {
  await push.send("a");
  push.send("b");
  void push.send("c");
  push.send("d").catch(console.error);
  push.send("e").then(() => 1);
  await Promise.all([push.send("f")]);
  const p = push.send("g");
  return push.send("h");
}`, "push");
    assert.deepEqual(list.map((u) => u.outcome), ["awaited", "ignored", "voided", "caught", "ignored", "gathered", "stored", "returned"]);
  });

  test("message frames a send shows", () => {
    const list = uses(`const router = new zmq.Router();
const EMPTY = "";
async function reply(id: Buffer, body: string, frames: Buffer[]) {
  await router.send([id, "", body]);
  await router.send([id, EMPTY, Buffer.alloc(0)]);
  await router.send("hello");
  await router.send(frames);
  await router.send([...frames, body]);
}`, "router");
    assert.deepEqual(list.map((u) => u.frames), [["unknown", "empty", "unknown"], ["unknown", "empty", "empty"], ["value"], undefined, undefined]);
  });

  test("a receive that times out in a polling loop has not happened: the next receive follows the send", () => {
    assert.deepEqual(order(`async function work(stopping: () => boolean) {
  const rep = new zmq.Reply({ receiveTimeout: 1000 });
  rep.connect("tcp://127.0.0.1:5556");
  while (!stopping()) {
    let frame: Buffer;
    try {
      [frame] = await rep.receive();
    } catch (err) {
      continue;
    }
    await rep.send(frame);
  }
}`, "rep"), [
      "connect@4 <- start",
      "receive@8 <- connect@4, send@12",
      "send@12 <- receive@8",
    ]);
  });

  test("continue, break and return inside try run the finally block first", () => {
    assert.deepEqual(order(`async function serve() {
  const rep = new zmq.Reply({ linger: 0 });
  await rep.bind("tcp://127.0.0.1:5600");
  for await (const [raw] of rep) {
    let reply = "error";
    try {
      if (raw.length === 0) continue;
      reply = raw.toString();
    } finally {
      await rep.send(reply);
    }
  }
}`, "rep"), [
      "bind@4 <- start",
      "receive@5 <- bind@4, send@11",
      "send@11 <- receive@5",
    ]);
    assert.deepEqual(order(`async function ask(): Promise<string> {
  const req = new zmq.Request({ receiveTimeout: 1000, linger: 0 });
  req.connect("tcp://127.0.0.1:5601");
  try {
    await req.send("ping");
    const [reply] = await req.receive();
    return reply.toString();
  } finally {
    req.close();
  }
}`, "req"), [
      "connect@4 <- start",
      "send@6 <- connect@4",
      "receive@7 <- send@6",
      "close@10 <- connect@4, send@6, receive@7",
    ]);
  });
});

describe("use order: labels", () => {
  test("break outer leaves the outer loop: what follows the inner loop does not run after it", () => {
    assert.deepEqual(order(`async function scan(rows: string[][]) {
  const push = new zmq.Push({ linger: 0 });
  push.connect("tcp://127.0.0.1:5700");
  outer: for (const row of rows) {
    for (const cell of row) {
      await push.send(cell);
      break outer;
    }
    await push.send("end of row");
  }
  push.close();
}`, "push"), [
      "connect@4 <- start",
      "send@7 <- connect@4, send@10",
      "send@10 <- connect@4, send@10",
      "close@12 <- connect@4, send@7, send@10",
    ]);
  });
});

describe("exclusive branches", () => {
  test("switch clauses are exclusive only when control cannot fall through from one into the other", () => {
    const sf = ts.createSourceFile("/ws/a.ts", `switch (mode) {
  case "a":
    first();
  case "b":
    second();
    break;
  default:
    third();
}`, ts.ScriptTarget.Latest, true);
    const call = (name: string): ts.Node => {
      let found: ts.Node | undefined;
      const visit = (n: ts.Node): void => {
        if (ts.isCallExpression(n) && n.expression.getText() === name) found = n;
        n.forEachChild(visit);
      };
      visit(sf);
      return found!;
    };
    assert.equal(inExclusiveBranches(call("first"), call("second")), false, "case a falls through into case b");
    assert.equal(inExclusiveBranches(call("second"), call("third")), true, "break ends case b");
    assert.equal(inExclusiveBranches(call("first"), call("third")), true);
  });
});
