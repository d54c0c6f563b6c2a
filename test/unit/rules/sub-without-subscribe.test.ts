import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { assertFixResolves, check, position, quickFix, where } from "../helpers/rules";

const RULE = "sub-without-subscribe";
const A = "/ws/src/ticker.ts";
const J = "/ws/lib/ticker.js";

function findings(files: Record<string, string>, rules?: Record<string, unknown>) {
  return check({ files }, { rule: RULE, ...(rules ? { rules } : {}) });
}

function at(file: string, text: string, needle: string, occurrence = 1): string {
  const p = position(text, needle, occurrence);
  return `${file.split("/").pop()}:${p.line}:${p.column}`;
}

describe("sub-without-subscribe: reports", () => {
  const ticker = `import * as zmq from "zeromq";

const ticks = new zmq.Subscriber({ receiveHighWaterMark: 10000 });
ticks.connect("tcp://marketdata:5556");

async function main(): Promise<void> {
  for await (const [topic, price] of ticks) console.log(topic.toString(), price.toString());
}
main();
`;

  test("a v6 Subscriber that connects and receives but never subscribes", () => {
    const [f, ...rest] = findings({ [A]: ticker });
    assert.equal(rest.length, 0);
    assert.equal(where(f!), at(A, ticker, "new zmq.Subscriber"));
    assert.equal(f!.severity, "warning");
    assert.match(f!.message, /^SUB socket `ticks` never subscribes: a SUB starts with no subscription and drops every message, so it receives nothing\. Call `subscribe\(\)`/);
    assert.deepEqual(f!.related.map((r) => [r.location.line, r.message]), [[4, "connects to tcp://marketdata:5556 here"]]);
  });

  test("the fix subscribes to everything right after the creation", () => {
    const [f] = findings({ [A]: ticker });
    assert.equal(quickFix(f!).title, "Subscribe to every message: `ticks.subscribe()`");
    const fixed = assertFixResolves({ files: { [A]: ticker } }, RULE);
    assert.match(fixed.files[A]!, /const ticks = new zmq\.Subscriber\(\{ receiveHighWaterMark: 10000 \}\);\nticks\.subscribe\(\);\nticks\.connect/);
  });

  test("a Subscriber a class creates in its constructor: the fix goes after the assignment, in its indentation", () => {
    const text = `import { Subscriber } from "zeromq";

export class PriceFeed {
  private readonly sub: Subscriber;

  constructor(endpoint: string) {
    this.sub = new Subscriber();
    this.sub.connect(endpoint);
  }

  async *prices(): AsyncGenerator<string> {
    for await (const [msg] of this.sub) yield msg.toString();
  }
}

new PriceFeed("tcp://md-a:5556");
new PriceFeed("tcp://md-b:5556");
`;
    const found = findings({ [A]: text });
    // One creation, two instances: one finding.
    assert.deepEqual(found.map(where), [at(A, text, "new Subscriber")]);
    const fixed = assertFixResolves({ files: { [A]: text } }, RULE);
    assert.match(fixed.files[A]!, /    this\.sub = new Subscriber\(\);\n    this\.sub\.subscribe\(\);\n/);
  });

  test("v5 legacy: the fix passes an empty prefix (v5 and v5-compat subscribe() needs one)", () => {
    const text = `var zmq = require("zeromq");

var sub = zmq.socket("sub");
sub.connect("tcp://127.0.0.1:3000");
sub.on("message", function (topic, message) {
  console.log(topic.toString(), message.toString());
});
`;
    const [f] = findings({ [J]: text });
    assert.equal(where(f!), at(J, text, `zmq.socket("sub")`));
    assert.match(f!.message, /Call `subscribe\(""\)`/);
    const fixed = assertFixResolves({ files: { [J]: text } }, RULE);
    assert.match(fixed.files[J]!, /var sub = zmq\.socket\("sub"\);\nsub\.subscribe\(""\);\n/);
  });

  test("a class field initializer has no statement to add after: reported without a fix", () => {
    const text = `import * as zmq from "zeromq";
export class Listener {
  private sub = new zmq.Subscriber();
  start(): void { this.sub.connect("tcp://events:5556"); }
}
`;
    const [f] = findings({ [A]: text });
    assert.equal(where(f!), at(A, text, "new zmq.Subscriber"));
    assert.ok(!f!.fixes?.some((x) => x.kind === "quickfix"));
  });

  test("an XSUB that neither sends a subscription nor sits in a proxy", () => {
    const text = `import * as zmq from "zeromq";
const upstream = new zmq.XSubscriber();
upstream.connect("tcp://publisher:5556");
async function main() { for await (const [m] of upstream) console.log(m.toString()); }
main();
`;
    const [f, ...rest] = findings({ [A]: text });
    assert.equal(rest.length, 0);
    assert.equal(where(f!), at(A, text, "new zmq.XSubscriber"));
    assert.match(f!.message, /^XSUB socket `upstream` never sends a subscription and is not a proxy end/);
    assert.ok(!f!.fixes?.some((x) => x.kind === "quickfix"));
  });

  test("severity from the configuration", () => {
    assert.equal(findings({ [A]: ticker }, { [RULE]: "information" })[0]!.severity, "information");
  });
});

describe("sub-without-subscribe: stays silent", () => {
  test("subscriptions in any form: v6 subscribe(topic), in another method, v5 subscribe, setsockopt(ZMQ_SUBSCRIBE)", () => {
    const text = `import * as zmq from "zeromq";

const all = new zmq.Subscriber();
all.connect("tcp://md:5556");
all.subscribe();

export class Alerts {
  private sub = new zmq.Subscriber();
  constructor() { this.sub.connect("tcp://alerts:5556"); }
  follow(topic: string): void { this.sub.subscribe(topic); }
}
`;
    const legacy = `const zmq = require("zeromq");
const a = zmq.socket("sub");
a.connect("tcp://md:5556");
a.subscribe("AAPL");
const b = zmq.socket("sub");
b.connect("tcp://md:5556");
b.setsockopt(zmq.ZMQ_SUBSCRIBE, Buffer.from(""));
`;
    assert.deepEqual(findings({ [A]: text, [J]: legacy }), []);
  });

  test("subscribed by a helper the analysis follows", () => {
    const text = `import * as zmq from "zeromq";
function subscribeAll(sock: zmq.Subscriber, topics: string[]): void { sock.subscribe(...topics); }
const sub = new zmq.Subscriber();
sub.connect("tcp://md:5556");
subscribeAll(sub, ["a", "b"]);
`;
    assert.deepEqual(findings({ [A]: text }), []);
  });

  test("handed to code the analysis does not follow, which may subscribe it", () => {
    const text = `import * as zmq from "zeromq";
import { attachHandlers } from "@acme/bus";

const sub = new zmq.Subscriber();
sub.connect("tcp://md:5556");
attachHandlers(sub);

export function makeSubscriber(endpoint: string): zmq.Subscriber {
  const s = new zmq.Subscriber();
  s.connect(endpoint);
  return s;
}

const subs = [new zmq.Subscriber(), new zmq.Subscriber()];
`;
    assert.deepEqual(findings({ [A]: text }), []);
  });

  test("an XSUB that is a proxy end (v6 Proxy, v5 zmq.proxy) or sends its own subscriptions", () => {
    const text = `import * as zmq from "zeromq";

const proxy = new zmq.Proxy(new zmq.XSubscriber(), new zmq.XPublisher());
async function run() {
  await proxy.frontEnd.connect("tcp://publisher:5556");
  await proxy.backEnd.bind("tcp://*:5557");
  await proxy.run();
}
run();

const manual = new zmq.XSubscriber();
manual.connect("tcp://publisher:5556");
manual.send(Buffer.from([1]));
`;
    const legacy = `const zmq = require("zeromq");
const xsub = zmq.socket("xsub");
const xpub = zmq.socket("xpub");
xsub.connect("tcp://publisher:5556");
xpub.bindSync("tcp://*:5557");
zmq.proxy(xsub, xpub);
`;
    assert.deepEqual(findings({ [A]: text, [J]: legacy }), []);
  });
});
