import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { assertFixResolves, check, position, quickFix, where } from "../helpers/rules";

const RULE = "missing-envelope-delimiter";
const WORKER = "/ws/src/worker.ts";
const CLIENT = "/ws/src/client.ts";
const SERVER = "/ws/src/server.ts";

function findings(files: Record<string, string>, rules?: Record<string, unknown>) {
  return check({ files }, { rule: RULE, ...(rules ? { rules } : {}) });
}

function at(file: string, text: string, needle: string, occurrence = 1): string {
  const p = position(text, needle, occurrence);
  return `${file.split("/").pop()}:${p.line}:${p.column}`;
}

const repWorker = `import * as zmq from "zeromq";

const rep = new zmq.Reply();

async function main(): Promise<void> {
  await rep.bind("tcp://*:5560");
  for await (const [msg] of rep) await rep.send(\`done: \${msg}\`);
}
main();
`;

describe("missing-envelope-delimiter: DEALER to REP", () => {
  const client = `import * as zmq from "zeromq";

const dealer = new zmq.Dealer({ receiveTimeout: 5000 });
dealer.connect("tcp://localhost:5560");

async function main(): Promise<void> {
  await dealer.send("job-1");
  await dealer.send(["job-2"]);
  await dealer.send(["job", "3"]);
  await dealer.send(["", "job-4"]);
  await dealer.send(["trace-1", "", "job-5"]);
}
main();
`;

  test("messages without an empty frame before the body are reported at the send", () => {
    const found = findings({ [WORKER]: repWorker, [CLIENT]: client });
    assert.deepEqual(found.map(where), [
      at(CLIENT, client, `dealer.send("job-1")`),
      at(CLIENT, client, `dealer.send(["job-2"])`),
      at(CLIENT, client, `dealer.send(["job", "3"])`),
    ]);
    assert.match(found[0]!.message, /^DEALER `dealer` sends to the REP `rep` at tcp:\/\/localhost:5560 without an empty delimiter frame first: the REP discards the message/);
    assert.deepEqual(found[0]!.related.map((r) => `${r.location.file.split("/").pop()}:${r.location.line} ${r.message}`), ["worker.ts:6 REP socket binds tcp://*:5560 here"]);
    assert.equal(found[0]!.severity, "warning");
  });

  test("the fixes put the delimiter first: wrapping a single value, or inside the array", () => {
    const project = { files: { [WORKER]: repWorker, [CLIENT]: client } };
    const found = findings(project.files);
    assert.equal(quickFix(found[0]!).title, "Send the empty delimiter frame first (replies then start with it too)");
    let fixed = assertFixResolves(project, RULE, 0);
    assert.match(fixed.files[CLIENT]!, /await dealer\.send\(\["", "job-1"\]\);/);
    fixed = assertFixResolves(project, RULE, 1);
    assert.match(fixed.files[CLIENT]!, /await dealer\.send\(\["", "job-2"\]\);/);
    fixed = assertFixResolves(project, RULE, 2);
    assert.match(fixed.files[CLIENT]!, /await dealer\.send\(\["", "job", "3"\]\);/);
  });

  test("either direction: REP workers connecting to a bound DEALER", () => {
    const backend = `import * as zmq from "zeromq";
const backend = new zmq.Dealer();
async function main() {
  await backend.bind("tcp://*:5561");
  await backend.send(["task"]);
}
main();
`;
    const worker = `import * as zmq from "zeromq";
const rep = new zmq.Reply();
rep.connect("tcp://localhost:5561");
`;
    const found = findings({ [SERVER]: backend, [WORKER]: worker });
    assert.deepEqual(found.map(where), [at(SERVER, backend, "backend.send")]);
    assert.deepEqual(found[0]!.related.map((r) => r.message), ["REP socket connects to tcp://localhost:5561 here"]);
  });

  test("v5: parts sent across calls with ZMQ_SNDMORE are not judged; a single send of an array is", () => {
    const legacy = `const zmq = require("zeromq");
const a = zmq.socket("dealer");
a.connect("tcp://localhost:5560");
a.send("", zmq.ZMQ_SNDMORE);
a.send("job");
const b = zmq.socket("dealer");
b.connect("tcp://localhost:5560");
b.send(["job"]);
`;
    const file = "/ws/lib/client.js";
    const found = findings({ [WORKER]: repWorker, [file]: legacy });
    assert.deepEqual(found.map(where), [at(file, legacy, `b.send(["job"])`)]);
  });

  test("a DEALER talking to ROUTERs only, and frames the code does not show, stay silent", () => {
    const router = `import * as zmq from "zeromq";
const router = new zmq.Router({ mandatory: true });
async function main() {
  await router.bind("tcp://*:5570");
  for await (const [id, body] of router) await router.send([id, body]);
}
main();
`;
    const dealer = `import * as zmq from "zeromq";
const toRouter = new zmq.Dealer();
toRouter.connect("tcp://localhost:5570");
const toRep = new zmq.Dealer();
toRep.connect("tcp://localhost:5560");
async function main(envelope: Buffer[], body: Buffer) {
  await toRouter.send("hello");
  await toRep.send([...envelope, body]);
  await toRep.send([envelope[0], body]);
  const message = ["", "x"];
  await toRep.send(message);
}
main([], Buffer.alloc(0));
`;
    assert.deepEqual(findings({ [SERVER]: router, [CLIENT]: dealer, [WORKER]: repWorker }), []);
  });

  test("a DEALER inside a proxy sends nothing itself", () => {
    const broker = `import * as zmq from "zeromq";
const proxy = new zmq.Proxy(new zmq.Router(), new zmq.Dealer());
async function main() {
  await proxy.frontEnd.bind("tcp://*:5559");
  await proxy.backEnd.bind("tcp://*:5561");
  await proxy.run();
}
main();
`;
    const worker = repWorker.replace(`await rep.bind("tcp://*:5560");`, `rep.connect("tcp://localhost:5561");`);
    assert.deepEqual(findings({ [SERVER]: broker, [WORKER]: worker }), []);
  });
});

describe("missing-envelope-delimiter: ROUTER answering REQ", () => {
  const server = `import * as zmq from "zeromq";

const router = new zmq.Router({ mandatory: true });

async function main(): Promise<void> {
  await router.bind("tcp://*:5570");
  for await (const [id, , body] of router) {
    if (body.toString() === "ping") {
      await router.send([id, "pong"]);
    } else if (body.toString() === "noop") {
      await router.send([id, ""]);
    } else {
      await router.send([id, "", \`echo: \${body}\`]);
    }
  }
}
main();
`;
  const req = `import * as zmq from "zeromq";
const req = new zmq.Request({ receiveTimeout: 3000 });
req.connect("tcp://127.0.0.1:5570");
async function main() { await req.send("ping"); console.log((await req.receive()).toString()); }
main();
`;

  test("a reply without the delimiter, and a reply with no body, are reported", () => {
    const found = findings({ [SERVER]: server, [CLIENT]: req });
    assert.deepEqual(found.map(where), [at(SERVER, server, `router.send([id, "pong"])`), at(SERVER, server, `router.send([id, ""])`)]);
    assert.match(found[0]!.message, /^ROUTER `router` answers the REQ `req` at tcp:\/\/127\.0\.0\.1:5570 without the empty delimiter after the routing id: the REQ discards the reply and keeps waiting/);
    assert.match(found[1]!.message, /with only the routing id and the delimiter: a REQ discards a reply with no body/);
    assert.deepEqual(found[0]!.related.map((r) => r.message), ["REQ socket connects to tcp://127.0.0.1:5570 here"]);
  });

  test("the fix keeps the delimiter after the routing id; none for a reply with no body", () => {
    const project = { files: { [SERVER]: server, [CLIENT]: req } };
    const fixed = assertFixResolves(project, RULE, 0);
    assert.match(fixed.files[SERVER]!, /await router\.send\(\[id, "", "pong"\]\);/);
    const found = findings(project.files);
    assert.ok(!found[1]!.fixes?.some((x) => x.kind === "quickfix"));
  });

  test("a ROUTER that also has DEALER peers may be answering them: silent", () => {
    const dealer = `import * as zmq from "zeromq";
const d = new zmq.Dealer();
d.connect("tcp://localhost:5570");
`;
    assert.deepEqual(findings({ [SERVER]: server, [CLIENT]: req, "/ws/src/dealer.ts": dealer }), []);
  });

  test("a REQ with correlate expects a request id first: silent", () => {
    const correlated = req.replace("{ receiveTimeout: 3000 }", "{ receiveTimeout: 3000, correlate: true, relaxed: true }");
    assert.deepEqual(findings({ [SERVER]: server, [CLIENT]: correlated }), []);
  });

  test("severity from the configuration; off", () => {
    assert.ok(findings({ [SERVER]: server, [CLIENT]: req }, { [RULE]: "error" }).every((f) => f.severity === "error"));
    assert.deepEqual(findings({ [SERVER]: server, [CLIENT]: req }, { [RULE]: "off" }), []);
  });
});
