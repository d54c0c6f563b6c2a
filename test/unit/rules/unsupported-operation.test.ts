import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { check, position, where } from "../helpers/rules";
import { analyze } from "../helpers/workspace";

const RULE = "unsupported-operation";

function findings(file: string, text: string) {
  return check({ files: { [file]: text } }, { rule: RULE });
}

function at(file: string, text: string, needle: string, occurrence = 1): string {
  const p = position(text, needle, occurrence);
  return `${file.split("/").pop()}:${p.line}:${p.column}`;
}

describe("unsupported-operation: zeromq.js v6", () => {
  const FILE = "/ws/src/feed.js";
  const text = `const zmq = require("zeromq");
const { Dish, Gather } = require("zeromq/draft");

async function main() {
  const pub = new zmq.Publisher();
  await pub.bind("tcp://*:5563");
  const [ack] = await pub.receive();
  for await (const [msg] of pub) console.log(msg);

  const sub = new zmq.Subscriber();
  sub.connect("tcp://localhost:5563");
  sub.subscribe("prices");
  await sub.send("hello");

  const dish = new Dish();
  dish.join("weather");
  await dish.send("x");

  const gather = new Gather();
  await gather.send("y");
}
main();
`;

  test("receive on a Publisher (call and for-await), send on Subscriber, Dish and Gather", () => {
    const list = findings(FILE, text);
    assert.deepEqual(list.map(where), [
      at(FILE, text, "pub.receive()"), at(FILE, text, "pub) console"), at(FILE, text, `sub.send("hello")`),
      at(FILE, text, `dish.send("x")`), at(FILE, text, `gather.send("y")`),
    ]);
    assert.ok(list.every((f) => f.severity === "error"));
    const [receive, iterate, send, dish, gather] = list as [typeof list[0], typeof list[0], typeof list[0], typeof list[0], typeof list[0]];
    assert.match(receive.message, /^Publisher `pub` has no receive\(\): TypeScript rejects the call, and in JavaScript .* returns a promise that never settles \(a PUB socket never has a message to read\), after which the next receive\(\) throws EBUSY/);
    assert.match(iterate.message, /^Publisher `pub` cannot be iterated: .* waits forever/);
    assert.match(send.message, /^Subscriber `sub` has no send\(\): .* never settles \(a SUB socket is never writable\)/);
    assert.match(dish.message, /^Dish `dish` has no send\(\): .* rejects with ENOTSUP \("Operation not supported"\)/);
    assert.match(gather.message, /^Gather `gather` has no send\(\)/);
  });

  test("Push.receive and Pull.send in TypeScript", () => {
    const file = "/ws/src/pipe.ts";
    const ts = `import { Pull, Push } from "zeromq";

export async function pipe(): Promise<void> {
  const out = new Push();
  await out.bind("tcp://*:5570");
  const back = await (out as unknown as Pull).receive();
  const input = new Pull();
  input.connect("tcp://*:5571");
  await (input as unknown as Push).send("ack");
  console.log(back);
}
`;
    const list = findings(file, ts);
    assert.deepEqual(list.map(where), [at(file, ts, "(out as"), at(file, ts, "(input as")]);
    assert.match(list[0]!.message, /^Push `out` has no receive\(\)/);
    assert.match(list[1]!.message, /^Pull `input` has no send\(\)/);
  });

  test("draft Radio and Scatter cannot receive", () => {
    const file = "/ws/src/draft.ts";
    const ts = `import { Radio, Scatter } from "zeromq/draft";

export async function probe(): Promise<void> {
  const radio = new Radio();
  radio.connect("udp://239.0.0.1:5600");
  const scatter = new Scatter();
  await scatter.bind("tcp://*:5601");
  await (radio as any).receive();
  for await (const m of scatter as any) console.log(m);
}
`;
    const list = findings(file, ts);
    assert.deepEqual(list.map(where), [at(file, ts, "(radio as any)"), at(file, ts, "scatter as any) console")]);
    assert.match(list[0]!.message, /^Radio `radio` has no receive\(\).*a RADIO socket never has a message to read/);
    assert.match(list[1]!.message, /^Scatter `scatter` cannot be iterated/);
  });

  test("the two-way and subscription-carrying types are fine", () => {
    const file = "/ws/src/ok.ts";
    const ok = `import * as zmq from "zeromq";

export async function main(): Promise<void> {
  const xsub = new zmq.XSubscriber();
  xsub.connect("tcp://upstream:6000");
  await xsub.send(Buffer.from([1]));
  const xpub = new zmq.XPublisher();
  await xpub.bind("tcp://*:6001");
  const [subscription] = await xpub.receive();
  await xpub.send(["topic", "value"]);
  const sub = new zmq.Subscriber();
  sub.connect("tcp://upstream:6002");
  for await (const [m] of sub) console.log(m, subscription);
  const dealer = new zmq.Dealer();
  dealer.connect("tcp://router:6003");
  await dealer.send("x");
  await dealer.receive();
}
`;
    assert.equal(analyze({ files: { [file]: ok } }).snapshot.sockets.length, 4);
    assert.deepEqual(findings(file, ok), []);
  });
});

describe("unsupported-operation: v5 and v5-compat", () => {
  test("zeromq v5: a send on a sub socket is queued forever; a push socket's message handler never runs", () => {
    const file = "/ws/lib/client.js";
    const text = `const zmq = require("zeromq");

const updates = zmq.socket("sub");
updates.connect("tcp://localhost:5556");
updates.subscribe("");
updates.send("register");

const tasks = zmq.socket("push");
tasks.bindSync("tcp://*:5557");
tasks.on("message", (reply) => console.log("worker said", reply.toString()));
tasks.on("error", (err) => console.error(err));
`;
    const list = findings(file, text);
    assert.deepEqual(list.map(where), [at(file, text, `updates.send(`), at(file, text, `tasks.on("message"`)]);
    assert.match(list[0]!.message, /^A sub socket `updates` cannot send: zeromq.js v5 queues the message and never sends it .* without any error/);
    assert.match(list[1]!.message, /^A push socket `tasks` never receives, so this "message" handler never runs: a PULL cannot answer a PUSH/);
    assert.doesNotMatch(list[1]!.message, /v5-compat/);
  });

  test("v5-compat: the send rejects unhandled and ends the process; pub never reads", () => {
    const file = "/ws/lib/compat.ts";
    const text = `import * as zmq from "zeromq/v5-compat";

const inbox = zmq.socket("pull");
inbox.connect("tcp://localhost:5558");
inbox.send("ready");

const news = zmq.socket("pub");
news.bindSync("tcp://*:5559");
news.on("message", (msg: Buffer) => console.log(msg));
`;
    const list = findings(file, text);
    assert.deepEqual(list.map(where), [at(file, text, `inbox.send(`), at(file, text, `news.on(`)]);
    assert.match(list[0]!.message, /"Cannot send on this socket type\." in a promise nobody handles, and Node.js ends the process/);
    assert.match(list[1]!.message, /subscribers cannot answer a PUB/);
    assert.match(list[1]!.message, /the v5-compat layer does not even read from pub and push sockets/);
  });

  test("a socket whose type the analysis cannot tell is never reported", () => {
    const file = "/ws/lib/any.js";
    const text = `const zmq = require("zeromq");
module.exports = function make(kind, endpoint) {
  const s = zmq.socket(kind);
  s.connect(endpoint);
  s.on("message", (m) => console.log(m));
  s.send("hello");
  return s;
};
`;
    const sockets = analyze({ files: { [file]: text } }).snapshot.sockets;
    assert.deepEqual(sockets.map((s) => s.type), ["UNKNOWN"]);
    assert.deepEqual(findings(file, text), []);
  });
});
