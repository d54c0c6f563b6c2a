/** `lifetime.handedOff`, `lifetime.perCall` and v6 `sock.events` uses: the facts the leak and subscription rules read. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { analyze, byHolder } from "./helpers/workspace";

const A = "/ws/src/a.ts";
const B = "/ws/src/b.ts";

function lifetimeOf(text: string, holder: string, more: Record<string, string> = {}) {
  return byHolder(analyze({ files: { [A]: text, ...more } }).snapshot, holder).lifetime;
}

describe("lifetime.handedOff", () => {
  test("fields, module variables and closures are followed: not handed off", () => {
    const text = `import * as zmq from "zeromq";
const feed = new zmq.Subscriber();
export class Client {
  private sock: zmq.Request;
  constructor() {
    this.sock = new zmq.Request();
    if (this.sock === undefined) throw new Error("no socket");
  }
}
setInterval(() => feed.connect("tcp://a:1"), 10);
`;
    assert.deepEqual(lifetimeOf(text, "feed"), { inFunction: false, escapes: true, handedOff: false });
    assert.deepEqual(lifetimeOf(text, "this.sock"), { inFunction: false, escapes: true, handedOff: false });
  });

  test("passed to a function the analysis cannot see, returned to unknown callers, put in an array", () => {
    const text = `import * as zmq from "zeromq";
import { register } from "some-registry";
const passed = new zmq.Subscriber();
register(passed);
export function make() {
  const made = new zmq.Subscriber();
  return made;
}
const listed = new zmq.Subscriber();
const all = [listed];
`;
    assert.equal(lifetimeOf(text, "passed").handedOff, true);
    assert.equal(lifetimeOf(text, "made").handedOff, true);
    assert.equal(lifetimeOf(text, "listed").handedOff, true);
  });

  test("passed to a helper the analysis follows: not handed off, and the helper's uses count", () => {
    const text = `import * as zmq from "zeromq";
function subscribeAll(s: zmq.Subscriber) { s.subscribe(); }
const sub = new zmq.Subscriber();
subscribeAll(sub);
`;
    const { snapshot } = analyze({ files: { [A]: text } });
    const sub = byHolder(snapshot, "sub");
    assert.equal(sub.lifetime.handedOff, false);
    assert.deepEqual(sub.subscriptions.map((s) => s.value), [""]);
  });
});

describe("lifetime.perCall", () => {
  const helper = `import * as zmq from "zeromq";
export async function request(msg: string) {
  const sock = new zmq.Request();
  sock.connect("tcp://localhost:5555");
  await sock.send(msg);
  return (await sock.receive())[0];
}
`;

  test("an exported helper with no caller in the workspace runs per call", () => {
    assert.equal(lifetimeOf(helper, "sock").perCall, true);
  });

  test("a helper called only from module top level runs once; from a loop, per call", () => {
    const once = helper.replace("export async", "async") + `request("a");\n`;
    // Its parameter is read: followed to the top-level call, the socket is made outside any function.
    assert.deepEqual(lifetimeOf(once, "sock"), { inFunction: false, escapes: false, handedOff: false });
    const loop = helper.replace("export async", "async") + `async function poll(ids: string[]) { for (const id of ids) await request(id); }\npoll([]);\n`;
    assert.equal(lifetimeOf(loop, "sock").perCall, true);
  });

  test("main() at top level, an IIFE, and a loop over a known array run a fixed number of times", () => {
    const text = `import * as zmq from "zeromq";
async function main() {
  const push = new zmq.Push();
  push.connect("tcp://sink:5557");
  await push.send("start");
}
main().catch(console.error);
(async () => {
  const once = new zmq.Push();
  once.connect("tcp://sink:5557");
})();
async function fanout() {
  for (const name of ["a", "b"]) {
    const each = new zmq.Push();
    each.connect("tcp://sink:5557");
  }
}
fanout();
`;
    assert.equal(lifetimeOf(text, "push").perCall, false);
    assert.equal(lifetimeOf(text, "once").perCall, false);
    assert.equal(lifetimeOf(text, "each").perCall, false);
  });

  test("an open loop, a timer, an event handler and a route handler repeat", () => {
    const text = `import * as zmq from "zeromq";
import express from "express";
async function main() {
  while (true) {
    const retry = new zmq.Request();
    retry.connect("tcp://a:1");
  }
}
main();
setInterval(() => { const tick = new zmq.Push(); tick.connect("tcp://a:2"); }, 1000);
process.on("SIGHUP", () => { const hup = new zmq.Push(); hup.connect("tcp://a:3"); });
express().get("/status", (req, res) => { const probe = new zmq.Request(); probe.connect("tcp://a:4"); });
`;
    for (const holder of ["retry", "tick", "hup", "probe"]) assert.equal(lifetimeOf(text, holder).perCall, true, holder);
  });

  test("a method of an exported class repeats; called through an instance from top level, it does not", () => {
    const cls = `import * as zmq from "zeromq";
export class Notifier {
  notify() {
    const push = new zmq.Push();
    push.connect("tcp://notify:6000");
    push.send("ping");
  }
}
`;
    assert.equal(lifetimeOf(cls, "push").perCall, true);
    const used = `import { Notifier } from "./a";\nconst n = new Notifier();\nn.notify();\n`;
    assert.equal(lifetimeOf(cls, "push", { [B]: used }).perCall, false);
  });

  test("not computed for sockets that are closed, stored or returned", () => {
    const text = `import * as zmq from "zeromq";
export async function closed() {
  const c = new zmq.Request();
  c.close();
}
export function made() {
  const m = new zmq.Request();
  return m;
}
`;
    assert.equal(lifetimeOf(text, "c").perCall, undefined);
    assert.equal(lifetimeOf(text, "m").perCall, undefined);
  });
});

describe("v6 event observer", () => {
  test("`sock.events` is an events use", () => {
    const text = `import * as zmq from "zeromq";
const sock = new zmq.Dealer();
sock.events.on("disconnect", () => console.log("lost"));
`;
    const { snapshot } = analyze({ files: { [A]: text } });
    assert.deepEqual(byHolder(snapshot, "sock").uses.map((u) => u.kind), ["events"]);
  });
});
