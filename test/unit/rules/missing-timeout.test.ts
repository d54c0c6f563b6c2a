import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { applyEdits } from "../../../server/src/analysis/fixes";
import { assertFixResolves, check, position, quickFix, where } from "../helpers/rules";
import type { Project } from "../helpers/workspace";

const RULE = "missing-timeout";
const CLIENT = "/ws/src/client.ts";

function findings(project: Project, options?: Record<string, unknown>) {
  return check(project, { rule: RULE, ...(options ? { rules: { [RULE]: { options } } } : {}) });
}

function one(files: Record<string, string>): Project {
  return { files };
}

describe("missing-timeout: reports reply waits that nothing bounds", () => {
  test("v6 REQ in a request function: on the creation, naming the server; the fix puts receiveTimeout in a new options object", () => {
    const text = `import * as zmq from "zeromq";

export async function fetchQuote(symbol: string): Promise<string> {
  const client = new zmq.Request();
  client.connect("tcp://pricing.internal:5555");
  await client.send(JSON.stringify({ symbol }));
  const [reply] = await client.receive();
  client.close();
  return reply.toString();
}
`;
    const project = one({ [CLIENT]: text });
    const [f, ...rest] = findings(project);
    assert.equal(rest.length, 0);
    assert.ok(f);
    assert.deepEqual({ line: f.location.line, column: f.location.column }, position(text, "new zmq.Request()"));
    assert.equal(f.severity, "warning");
    assert.match(f.message, /^REQ socket `client` has no receive timeout: /);
    assert.match(f.message, /the server at tcp:\/\/pricing\.internal:5555 dies, the receive waits forever/);
    assert.match(f.message, /Lazy Pirate/);
    const wait = position(text, "client.receive()");
    assert.ok(f.related.some((r) => r.location.line === wait.line && r.location.column === wait.column && /no receive timeout/.test(r.message)));
    assert.equal(quickFix(f).title, "Set receiveTimeout: 5000");
    const fixed = assertFixResolves(project, RULE);
    assert.match(fixed.files[CLIENT]!, /new zmq\.Request\(\{ receiveTimeout: 5000 \}\)/);
  });

  test("class field REQ with other options: the fix joins the existing multi-line options object", () => {
    const text = `import { Request } from "zeromq";

export class InventoryClient {
  private readonly socket = new Request({
    linger: 0,
    routingId: "inventory-client",
  });

  constructor(endpoint: string) {
    this.socket.connect(endpoint);
  }

  async reserve(sku: string, quantity: number): Promise<boolean> {
    await this.socket.send(JSON.stringify({ sku, quantity }));
    const [answer] = await this.socket.receive();
    return answer.toString() === "ok";
  }
}
`;
    const project = one({ [CLIENT]: text });
    const [f] = findings(project);
    assert.ok(f);
    assert.equal(where(f), `client.ts:${position(text, "new Request(").line}:${position(text, "new Request(").column}`);
    assert.match(f.message, /^REQ socket `this\.socket` has no receive timeout/);
    const fixed = assertFixResolves(project, RULE);
    assert.match(fixed.files[CLIENT]!, /routingId: "inventory-client",\n {4}receiveTimeout: 5000,\n {2}\}\);/);
  });

  test("a socket made by a factory is reported at the call; the fix sets the property after the holding statement", () => {
    const factory = `import * as zmq from "zeromq";

export function connectRequest(endpoint: string): zmq.Request {
  const socket = new zmq.Request({ linger: 0 });
  socket.connect(endpoint);
  return socket;
}
`;
    const main = `import { connectRequest } from "./sockets";

async function main(): Promise<void> {
  const auth = connectRequest("tcp://auth:6000");
  await auth.send("token?");
  const [token] = await auth.receive();
  console.log(token.toString());
}

main();
`;
    const project = one({ "/ws/src/sockets.ts": factory, "/ws/src/main.ts": main });
    const [f, ...rest] = findings(project);
    assert.equal(rest.length, 0);
    assert.ok(f);
    assert.equal(where(f), `main.ts:4:16`);
    assert.match(f.message, /REQ socket `auth`.*tcp:\/\/auth:6000/);
    const fixed = assertFixResolves(project, RULE);
    assert.match(fixed.files["/ws/src/main.ts"]!, /const auth = connectRequest\("tcp:\/\/auth:6000"\);\n {2}auth\.receiveTimeout = 5000;\n/);
    assert.equal(fixed.files["/ws/src/sockets.ts"], factory, "the shared factory is left alone");
  });

  test("one REQ per element of a known list is one finding that names every server", () => {
    const text = `import * as zmq from "zeromq";

const HEALTH_ENDPOINTS = ["tcp://billing:7001", "tcp://shipping:7002", "tcp://search:7003"];

export async function checkAll(): Promise<void> {
  for (const endpoint of HEALTH_ENDPOINTS) {
    const probe = new zmq.Request({ linger: 0 });
    probe.connect(endpoint);
    await probe.send("health");
    await probe.receive();
    probe.close();
  }
}
`;
    const all = findings(one({ [CLIENT]: text }));
    assert.deepEqual(all.map(where), [`client.ts:${position(text, "new zmq.Request").line}:${position(text, "new zmq.Request").column}`]);
    assert.match(all[0]!.message, /the server at tcp:\/\/billing:7001, tcp:\/\/shipping:7002 or 1 more dies/);
  });

  test("no safe place for the fix: a factory-made socket held through a conditional gets no quick fix", () => {
    const factory = `import * as zmq from "zeromq";
export function connectRequest(endpoint: string): zmq.Request {
  const socket = new zmq.Request({ linger: 0 });
  socket.connect(endpoint);
  return socket;
}
`;
    const main = `import { connectRequest } from "./sockets";
const useBackup = process.argv.includes("--backup");

async function main(): Promise<void> {
  const auth = useBackup ? connectRequest("tcp://auth-backup:6000") : connectRequest("tcp://auth:6000");
  await auth.send("token?");
  const [token] = await auth.receive();
  console.log(token.toString());
}
main();
`;
    const all = findings(one({ "/ws/src/sockets.ts": factory, "/ws/src/main.ts": main }));
    assert.ok(all.length >= 1);
    for (const f of all) assert.equal(f.fixes?.find((x) => x.kind === "quickfix"), undefined, `${where(f)} offers a fix`);
    // The suppression is still offered.
    assert.ok(all.every((f) => f.fixes?.some((x) => x.kind === "suppress")));
  });

  test("v5 legacy: RCVTIMEO is said to have no effect; the fix is a timer guard after the send that closes the socket", () => {
    const file = "/ws/src/hwclient.js";
    const text = `const zmq = require("zeromq");

const requester = zmq.socket("req");
requester.setsockopt(zmq.ZMQ_RCVTIMEO, 2000);
requester.connect("tcp://localhost:5555");

requester.on("message", (reply) => {
  console.log("Received reply", reply.toString());
  requester.close();
});

requester.send("Hello");
`;
    const project = one({ [file]: text });
    const [f] = findings(project);
    assert.ok(f);
    assert.equal(where(f), `hwclient.js:3:19`);
    assert.match(f.message, /^REQ socket `requester` waits for its reply with no time limit: .*the "message" handler never runs/);
    assert.match(f.message, /setsockopt\(ZMQ_RCVTIMEO\) has no effect in the v5 API/);
    const rcvtimeo = position(text, "requester.setsockopt");
    assert.ok(f.related.some((r) => r.location.line === rcvtimeo.line && /no effect/.test(r.message)));
    const fixed = assertFixResolves(project, RULE);
    assert.ok(fixed.files[file]!.endsWith(`requester.send("Hello");
const requesterReplyTimer = setTimeout(() => requester.close(), 5000);
requester.once("message", () => clearTimeout(requesterReplyTimer));
`), fixed.files[file]);
  });

  test("v5-compat: the fix is a timer guard too (RCVTIMEO would not bound the first wait there), after each request", () => {
    const file = "/ws/src/ask.js";
    const text = `const zmq = require("zeromq/v5-compat");

function ask(question, done) {
  const sock = zmq.socket("req");
  sock.connect("tcp://localhost:5555");
  sock.on("message", (reply) => {
    done(reply.toString());
    sock.close();
  });
  sock.send(question);
}

module.exports = { ask };
`;
    const project = one({ [file]: text });
    const [f] = findings(project);
    assert.ok(f);
    assert.match(f.message, /^REQ socket `sock` has no receive timeout/);
    assert.match(f.message, /v5-compat starts its first receive when the socket is created/);
    const fixed = assertFixResolves(project, RULE);
    assert.match(fixed.files[file]!, /  sock\.send\(question\);\n  const sockReplyTimer = setTimeout\(\(\) => sock\.close\(\), 5000\);\n  sock\.once\("message", \(\) => clearTimeout\(sockReplyTimer\)\);\n\}/);
  });

  test("v5: sends queued in a loop get no timer guard (no fix), but the finding stays", () => {
    const file = "/ws/src/burst.js";
    const text = `const zmq = require("zeromq");
const requester = zmq.socket("req");
requester.connect("tcp://localhost:5555");
let replies = 0;
requester.on("message", () => {
  if (++replies === 10) requester.close();
});
for (let i = 0; i < 10; i++) {
  requester.send("Hello " + i);
}
`;
    const [f] = findings(one({ [file]: text }));
    assert.ok(f);
    assert.equal(f.fixes?.find((x) => x.kind === "quickfix"), undefined);
  });
});

describe("missing-timeout: stays silent on bounded or undecidable waits", () => {
  const silent = (files: Record<string, string>, options?: Record<string, unknown>): void => {
    const all = findings(one(files), options);
    assert.deepEqual(all.map((f) => `${where(f)} ${f.message}`), []);
  };

  test("receiveTimeout in the constructor, as a property, from configuration (any value), or via v5-compat setsockopt", () => {
    silent({
      [CLIENT]: `import * as zmq from "zeromq";
import { config } from "./config";

export async function ping(): Promise<void> {
  const a = new zmq.Request({ receiveTimeout: 2500, linger: 0 });
  a.connect("tcp://a:1");
  await a.send("ping");
  await a.receive();

  const b = new zmq.Request();
  b.receiveTimeout = config.timeoutMs;
  b.connect("tcp://b:1");
  await b.send("ping");
  await b.receive();

  const c = new zmq.Request({ receiveTimeout: -1 });
  c.connect("tcp://c:1");
  await c.send("ping");
  await c.receive();
}
`,
      "/ws/src/compat.js": `const zmq = require("zeromq/v5-compat");
const req = zmq.socket("req");
req.setsockopt(zmq.ZMQ_RCVTIMEO, 3000);
req.connect("tcp://localhost:5555");
req.on("message", (m) => console.log(m.toString()));
req.send("hi");
`,
    });
  });

  test("Lazy Pirate: the client is re-created after each timeout", () => {
    silent({
      [CLIENT]: `import { Request } from "zeromq";

const SERVER = "tcp://localhost:5555";
const TIMEOUT = 2500;

function makeClient(): Request {
  const client = new Request({ receiveTimeout: TIMEOUT, linger: 0 });
  client.connect(SERVER);
  return client;
}

export async function request(body: string, retries = 3): Promise<Buffer> {
  let client = makeClient();
  for (let attempt = 0; attempt < retries; attempt++) {
    try {
      await client.send(body);
      const [reply] = await client.receive();
      return reply;
    } catch {
      client.close();
      client = makeClient();
    }
  }
  throw new Error("server not answering");
}
`,
    });
  });

  test("options the analysis cannot read, a receive raced against a timer, a timer that closes the socket", () => {
    silent({
      [CLIENT]: `import * as zmq from "zeromq";
import { socketOptions } from "./settings";

export async function viaSettings(): Promise<void> {
  const req = new zmq.Request(socketOptions.pricing);
  req.connect("tcp://pricing:5555");
  await req.send("q");
  await req.receive();
}

export async function raced(): Promise<Buffer | undefined> {
  const req = new zmq.Request({ linger: 0 });
  req.connect("tcp://pricing:5555");
  await req.send("q");
  const timeout = new Promise<undefined>((resolve) => setTimeout(resolve, 1000));
  const result = await Promise.race([req.receive(), timeout]);
  req.close();
  return result?.[0];
}

export async function watchdog(): Promise<void> {
  const req = new zmq.Request({ linger: 0 });
  req.connect("tcp://pricing:5555");
  const timer = setTimeout(() => req.close(), 3000);
  await req.send("q");
  await req.receive();
  clearTimeout(timer);
}
`,
    });
  });

  test("v5 legacy: a timer that closes the socket is the guard", () => {
    silent({
      "/ws/src/client.js": `const zmq = require("zeromq");
const req = zmq.socket("req");
req.connect("tcp://localhost:5555");
const guard = setTimeout(() => {
  console.error("no reply");
  req.close();
}, 5000);
req.on("message", (reply) => {
  clearTimeout(guard);
  console.log(reply.toString());
  req.close();
});
req.send("status");
`,
    });
  });

  test("default types: workers, servers and DEALERs are not REQ; a REQ that never receives; a socket of unknown type", () => {
    silent({
      "/ws/src/worker.ts": `import * as zmq from "zeromq";

export async function serve(): Promise<void> {
  const rep = new zmq.Reply({ linger: 0 });
  await rep.bind("tcp://*:5555");
  for await (const [msg] of rep) await rep.send(msg);
}

export async function dealerClient(): Promise<void> {
  const dealer = new zmq.Dealer({ linger: 0 });
  dealer.connect("tcp://broker:5556");
  await dealer.send(["", "job"]);
  await dealer.receive();
}

export async function fireAndForget(): Promise<void> {
  const req = new zmq.Request({ linger: 0 });
  req.connect("tcp://audit:7000");
  await req.send("event");
  req.close();
}
`,
      "/ws/src/legacy.js": `const zmq = require("zeromq");
const kind = process.env.SOCKET_KIND;
const sock = zmq.socket(kind);
sock.connect("tcp://localhost:5555");
sock.on("message", (m) => console.log(m.toString()));
sock.send("hello");
`,
    });
  });
});

describe("missing-timeout: REQ workers of a load-balancing broker wait for work, not for a reply", () => {
  test("v6 worker loop (send READY, then receive a job and answer it) and the zguide lbbroker v5 worker", () => {
    const files = {
      "/ws/src/workers.ts": `import * as zmq from "zeromq";

export async function workerTask(id: number): Promise<void> {
  const worker = new zmq.Request({ routingId: \`worker-\${id}\`, linger: 0 });
  worker.connect("inproc://backend");
  await worker.send("READY");
  for (;;) {
    const [client, empty, request] = await worker.receive();
    await worker.send([client, empty, \`OK \${request}\`]);
  }
}
`,
      "/ws/src/lbworker.js": `var zmq = require('zeromq');

var worker = zmq.socket('req');
worker.identity = 'worker-' + process.pid;
worker.connect('ipc://backend.ipc');
worker.on('message', function () {
  var args = Array.apply(null, arguments);
  worker.send([args[0], '', 'OK']);
});
worker.send('READY');
`,
    };
    assert.deepEqual(findings(one(files)).map((f) => `${where(f)} ${f.message}`), []);
    // The same REQ as a client that asks in a loop is still reported.
    const client = files["/ws/src/workers.ts"].replace(`const [client, empty, request] = await worker.receive();
    await worker.send([client, empty, \`OK \${request}\`]);`, `await worker.send("job");
    await worker.receive();`);
    assert.equal(findings(one({ "/ws/src/workers.ts": client })).length, 1);
  });
});

describe("missing-timeout: options", () => {
  const dealerCode = `import * as zmq from "zeromq";

export class BrokerClient {
  private readonly dealer = new zmq.Dealer({ linger: 0 });

  constructor() {
    this.dealer.connect("tcp://broker:5556");
  }

  async call(body: string): Promise<Buffer> {
    await this.dealer.send(["", body]);
    const [, reply] = await this.dealer.receive();
    return reply;
  }
}

export async function worker(): Promise<void> {
  const dealer = new zmq.Dealer({ linger: 0, routingId: "w1" });
  dealer.connect("tcp://broker:5557");
  await dealer.send("READY");
  for await (const [, body] of dealer) {
    await dealer.send(["", body]);
  }
}

export async function pollingWorker(): Promise<void> {
  const dealer = new zmq.Dealer({ linger: 0, routingId: "w2" });
  dealer.connect("tcp://broker:5557");
  await dealer.send("READY");
  while (true) {
    const [, body] = await dealer.receive();
    await dealer.send(["", body]);
  }
}

export async function looseListener(): Promise<void> {
  const dealer = new zmq.Dealer({ linger: 0 });
  dealer.connect("tcp://broker:5558");
  for await (const [msg] of dealer) console.log(msg.toString());
}
`;

  test("socketTypes with DEALER: a client's receive after its send is reported; workers' loops and a listener are not", () => {
    const project = one({ [CLIENT]: dealerCode });
    assert.deepEqual(findings(project).map(where), [], "DEALER is not checked by default");
    const all = findings(project, { socketTypes: ["REQ", "DEALER"] });
    assert.deepEqual(all.map(where), [`client.ts:${position(dealerCode, "new zmq.Dealer").line}:${position(dealerCode, "new zmq.Dealer").column}`]);
    const f = all[0]!;
    assert.match(f.message, /^DEALER socket `this\.dealer` has no receive timeout: if the reply is lost, or the server at tcp:\/\/broker:5556 dies, the receive after its send waits forever\./);
    const send = position(dealerCode, "this.dealer.send");
    assert.ok(f.related.some((r) => r.location.line === send.line && r.message === "the request is sent here"));
    assertFixResolves(project, RULE, 0, { rules: { [RULE]: { options: { socketTypes: ["REQ", "DEALER"] } } } });
  });

  test("socketTypes with a receive-only type (PULL): every receive is a wait", () => {
    const text = `import * as zmq from "zeromq";
export async function drain(): Promise<void> {
  const results = new zmq.Pull();
  await results.bind("tcp://*:5558");
  const [first] = await results.receive();
  console.log(first.toString());
}
`;
    const all = findings(one({ [CLIENT]: text }), { socketTypes: ["PULL"] });
    assert.equal(all.length, 1);
    assert.match(all[0]!.message, /^PULL socket `results` has no receive timeout: if the reply is lost, or the peer connected to tcp:\/\/\*:5558 dies/);
  });

  test("requireSendTimeout: a bound PUSH that sends, and a REQ with only receiveTimeout; v5 legacy and PUB are left alone", () => {
    const text = `import * as zmq from "zeromq";

export async function ventilate(jobs: string[]): Promise<void> {
  const sender = new zmq.Push({ linger: 0 });
  await sender.bind("tcp://*:5557");
  for (const job of jobs) await sender.send(job);
}

export async function ask(): Promise<Buffer> {
  const req = new zmq.Request({ receiveTimeout: 1000, linger: 0 });
  req.connect("tcp://server:5555");
  await req.send("q");
  const [a] = await req.receive();
  return a;
}

export async function publish(): Promise<void> {
  const pub = new zmq.Publisher({ linger: 0 });
  await pub.bind("tcp://*:5560");
  await pub.send("tick");
}

export async function bounded(): Promise<void> {
  const push = new zmq.Push({ linger: 0, sendTimeout: 500 });
  push.connect("tcp://sink:5558");
  await push.send("x");
}
`;
    const legacy = `const zmq = require("zeromq");
const sender = zmq.socket("push");
sender.bindSync("tcp://*:5559");
sender.send("job");
`;
    const project = one({ [CLIENT]: text, "/ws/src/legacy.js": legacy });
    assert.deepEqual(findings(project).map(where), [], "off by default");
    const options = { requireSendTimeout: true };
    const all = findings(project, options);
    assert.deepEqual(all.map(where), [
      `client.ts:${position(text, "new zmq.Push(").line}:${position(text, "new zmq.Push(").column}`,
      `client.ts:${position(text, "new zmq.Request").line}:${position(text, "new zmq.Request").column}`,
    ]);
    assert.match(all[0]!.message, /^PUSH socket `sender` has no send timeout: while no peer is connected to tcp:\/\/\*:5557, its send waits forever\. Set sendTimeout\.$/);
    assert.match(all[1]!.message, /^REQ socket `req` has no send timeout/);
    const config = { rules: { [RULE]: { options } } };
    const fixed = assertFixResolves(project, RULE, 0, config);
    assert.match(fixed.files[CLIENT]!, /new zmq\.Push\(\{ linger: 0, sendTimeout: 5000 \}\)/);
    assertFixResolves(project, RULE, 1, config);
  });

  test("requireSendTimeout with neither timeout: one finding, and the fix adds both", () => {
    const text = `import * as zmq from "zeromq";
export async function ask(): Promise<void> {
  const req = new zmq.Request({ linger: 0 });
  req.connect("tcp://server:5555");
  await req.send("q");
  await req.receive();
}
`;
    const project = one({ [CLIENT]: text });
    const all = findings(project, { requireSendTimeout: true, timeout: 1500 });
    assert.equal(all.length, 1);
    assert.match(all[0]!.message, /has no receive timeout: .* It has no send timeout either: while no peer is connected \(with `immediate`\) or its queue is at the high-water mark, its send waits forever\. Set receiveTimeout and sendTimeout;/);
    const fixed = assertFixResolves(project, RULE, 0, { rules: { [RULE]: { options: { requireSendTimeout: true, timeout: 1500 } } } });
    assert.match(fixed.files[CLIENT]!, /new zmq\.Request\(\{ linger: 0, receiveTimeout: 1500, sendTimeout: 1500 \}\)/);
  });

  test("requireSendTimeout in v5-compat: ZMQ_SNDTIMEO by setsockopt, next to the timer guard for the reply", () => {
    const file = "/ws/src/jobs.js";
    const text = `const zmq = require("zeromq/v5-compat");

const jobs = zmq.socket("req");
jobs.bindSync("tcp://*:5570");
jobs.on("message", (reply) => console.log(reply.toString()));

function submit(job) {
  jobs.send(JSON.stringify(job));
}

module.exports = { submit };
`;
    const project = one({ [file]: text });
    const options = { requireSendTimeout: true, timeout: 2000 };
    const all = findings(project, options);
    assert.equal(all.length, 1);
    assert.match(all[0]!.message, /It has no send timeout either: while no peer is connected to tcp:\/\/\*:5570, its send waits forever\. Close the socket from a timer .*; also set ZMQ_SNDTIMEO\.$/);
    const fixed = assertFixResolves(project, RULE, 0, { rules: { [RULE]: { options } } });
    assert.match(fixed.files[file]!, /const jobs = zmq\.socket\("req"\);\njobs\.setsockopt\(zmq\.ZMQ_SNDTIMEO, 2000\);\n/);
    assert.match(fixed.files[file]!, /  jobs\.send\(JSON\.stringify\(job\)\);\n  const jobsReplyTimer = setTimeout\(\(\) => jobs\.close\(\), 2000\);\n/);
  });

  test("timeout: the fix uses the configured value", () => {
    const text = `import * as zmq from "zeromq";
const req = new zmq.Request();
req.connect("tcp://server:5555");
export async function ask(): Promise<void> {
  await req.send("q");
  await req.receive();
}
`;
    const project = one({ [CLIENT]: text });
    const [f] = findings(project, { timeout: 750 });
    assert.ok(f);
    assert.equal(quickFix(f).title, "Set receiveTimeout: 750");
    const fixed = assertFixResolves(project, RULE, 0, { rules: { [RULE]: { options: { timeout: 750 } } } });
    assert.match(fixed.files[CLIENT]!, /new zmq\.Request\(\{ receiveTimeout: 750 \}\)/);
  });
});

/**
 * The fix, applied to a real program, turns a hang into a timeout: a REQ asks a ROUTER (bound by this
 * test) that never answers. Unfixed, the program is still waiting well past the fixed one's deadline.
 */
describe("missing-timeout: the fixed program times out against a silent peer (real zeromq)", () => {
  test("unfixed waits past the deadline; fixed rejects with EAGAIN", async () => {
    const zmq = await import("zeromq");
    const root = path.resolve(__dirname, "../../..");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zmq-topology-timeout-"));
    const router = new zmq.Router({ linger: 0 });
    const children: ChildProcess[] = [];
    try {
      await router.bind("tcp://127.0.0.1:*");
      const endpoint = router.lastEndpoint!;
      const program = `"use strict";
const zmq = require("zeromq");

async function main() {
  const client = new zmq.Request();
  client.connect(process.env.SERVER_ENDPOINT);
  await client.send("status?");
  const [reply] = await client.receive();
  console.log("reply " + reply.toString());
}

main().then(
  () => process.exit(0),
  (err) => {
    console.log("failed " + err.code);
    process.exit(3);
  },
);
`;
      const file = path.join(dir, "client.js").split(path.sep).join("/");
      const [f] = check({ files: { [file]: program } }, { rule: RULE, rules: { [RULE]: { options: { timeout: 300 } } } });
      assert.ok(f, "the unfixed program is reported");
      const fixedText = applyEdits(program, quickFix(f).edits).text;
      assert.match(fixedText, /new zmq\.Request\(\{ receiveTimeout: 300 \}\)/);
      fs.writeFileSync(path.join(dir, "unfixed.js"), program);
      fs.writeFileSync(path.join(dir, "fixed.js"), fixedText);

      const run = (name: string): { child: ChildProcess; done: Promise<{ code: number | null; out: string; ms: number }> } => {
        const started = Date.now();
        const child = spawn(process.execPath, [path.join(dir, name)], {
          env: { ...process.env, NODE_PATH: path.join(root, "node_modules"), SERVER_ENDPOINT: endpoint },
          stdio: ["ignore", "pipe", "pipe"],
        });
        children.push(child);
        let out = "";
        child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
        child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
        const done = new Promise<{ code: number | null; out: string; ms: number }>((resolve) => {
          child.on("exit", (code) => resolve({ code, out, ms: Date.now() - started }));
        });
        return { child, done };
      };
      const unfixed = run("unfixed.js");
      const fixed = run("fixed.js");
      const fixedResult = await Promise.race([fixed.done, sleep(4000).then(() => undefined)]);
      assert.ok(fixedResult, "the fixed program ends within 4 s");
      assert.equal(fixedResult.code, 3, fixedResult.out);
      assert.match(fixedResult.out, /failed EAGAIN/);
      // The unfixed one started at the same time: give it 1.5 s in all, well past the fixed one's 300 ms.
      const unfixedResult = await Promise.race([unfixed.done, sleep(Math.max(0, 1500 - fixedResult.ms)).then(() => undefined)]);
      assert.equal(unfixedResult, undefined, `the unfixed program should still be waiting: ${JSON.stringify(unfixedResult)}`);
    } finally {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
      router.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
