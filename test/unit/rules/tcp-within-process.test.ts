import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { applyFix, assertFixResolves, check, position, quickFix, where } from "../helpers/rules";
import { analyze, type Project } from "../helpers/workspace";

const RULE = "tcp-within-process";
const BROKER = "/ws/src/broker.ts";
const WORKERS = "/ws/src/workers.ts";

const brokerText = `import * as zmq from "zeromq";
import { startWorkers } from "./workers";

export class Broker {
  private readonly frontend = new zmq.Router({ linger: 0 });
  private readonly backend = new zmq.Dealer({ linger: 0 });

  async start(): Promise<void> {
    await this.frontend.bind("tcp://127.0.0.1:5555");
    await this.backend.bind("tcp://127.0.0.1:5556");
    await new zmq.Proxy(this.frontend, this.backend).run();
  }
}

startWorkers();
void new Broker().start();
`;

const workersText = `import * as zmq from "zeromq";

async function serve(sock: zmq.Reply): Promise<void> {
  for await (const [request] of sock) await sock.send(request);
}

export function startWorkers(): void {
  const pricing = new zmq.Reply({ linger: 0 });
  pricing.connect("tcp://localhost:5556");
  const inventory = new zmq.Reply({ linger: 0 });
  inventory.connect('tcp://127.0.0.1:5556');
  void serve(pricing);
  void serve(inventory);
}
`;

const broker: Project = {
  files: { [BROKER]: brokerText, [WORKERS]: workersText, "/ws/src/client.ts": `import * as zmq from "zeromq";
const client = new zmq.Request({ receiveTimeout: 2000, linger: 0 });
client.connect("tcp://127.0.0.1:5555");
` },
  packages: { "/ws": { name: "pricing", main: "src/broker.ts", bin: { client: "src/client.ts" } } },
};

describe(RULE, () => {
  test("a broker's DEALER backend and the workers it starts talk over loopback TCP: reported at the bind, fixed to inproc in both files", () => {
    const findings = check(broker, { rule: RULE });
    assert.equal(findings.length, 1, findings.map((f) => f.message).join("\n"));
    const f = findings[0]!;
    const at = position(brokerText, `"tcp://127.0.0.1:5556"`);
    assert.equal(where(f), `broker.ts:${at.line}:${at.column}`);
    assert.equal(f.severity, "warning");
    assert.match(f.message, /DEALER socket `this\.backend` binds tcp:\/\/127\.0\.0\.1:5556/);
    assert.match(f.message, /all 2 of its peers \(REP socket `pricing`, REP socket `inventory`\)/);
    assert.match(f.message, /same process \(program src\/broker\)/);
    assert.deepEqual(f.related.map((r) => `${r.location.file.split("/").pop()}:${r.location.line}`), ["workers.ts:9", "workers.ts:11"]);
    const fix = quickFix(f);
    assert.equal(fix.title, "Use inproc://backend for both ends");
    assert.equal(fix.edits.length, 3);
    const fixed = assertFixResolves(broker, RULE);
    assert.match(fixed.files[BROKER]!, /this\.backend\.bind\("inproc:\/\/backend"\)/);
    // The quote style of each literal is kept.
    assert.match(fixed.files[WORKERS]!, /pricing\.connect\("inproc:\/\/backend"\)/);
    assert.match(fixed.files[WORKERS]!, /inventory\.connect\('inproc:\/\/backend'\)/);
    // The frontend still serves the client program over TCP and is not touched.
    assert.match(fixed.files[BROKER]!, /frontend\.bind\("tcp:\/\/127\.0\.0\.1:5555"\)/);
    const { snapshot } = analyze(fixed);
    assert.equal(snapshot.links.filter((l) => l.endpoint === "inproc://backend").length, 2);
  });

  test("ipc within one program: reported and rewritten, named after the holder", () => {
    const file = "/ws/src/feed.ts";
    const text = `import * as zmq from "zeromq";

const publisherSocket = new zmq.Publisher({ linger: 0 });
const ticks = new zmq.Subscriber({ linger: 0 });

export async function run(): Promise<void> {
  await publisherSocket.bind(\`ipc:///tmp/prices.ipc\`);
  ticks.connect("ipc:///tmp/prices.ipc");
  ticks.subscribe("EURUSD");
  await publisherSocket.send(["EURUSD", "1.08"]);
}
run();
`;
    const project = { files: { [file]: text } };
    const [f, ...rest] = check(project, { rule: RULE });
    assert.ok(f);
    assert.equal(rest.length, 0);
    const at = position(text, "`ipc:///tmp/prices.ipc`");
    assert.equal(where(f), `feed.ts:${at.line}:${at.column}`);
    assert.match(f.message, /PUB socket `publisherSocket` binds ipc:\/\/\/tmp\/prices\.ipc and its only peer, SUB socket `ticks`, connects/);
    assert.equal(quickFix(f).title, "Use inproc://publisher for both ends");
    const fixed = assertFixResolves(project, RULE);
    assert.match(fixed.files[file]!, /bind\(`inproc:\/\/publisher`\)/);
  });

  test("a worker thread connecting to its parent over TCP is in the same process: inproc works through zeromq.js' global context", () => {
    const main = "/ws/src/main.ts";
    const mainText = `import { Worker } from "node:worker_threads";
import * as zmq from "zeromq";

const results = new zmq.Pull({ linger: 0 });

async function collect(): Promise<void> {
  await results.bind("tcp://127.0.0.1:6001");
  new Worker("./hasher.js");
  for await (const [digest] of results) console.log(digest.toString());
}
collect();
`;
    const project = {
      files: { [main]: mainText, "/ws/src/hasher.ts": `import * as zmq from "zeromq";
const out = new zmq.Push({ linger: 0 });
out.connect("tcp://127.0.0.1:6001");
void out.send("ok");
` },
      packages: { "/ws": { name: "hasher", main: "src/main.ts" } },
    };
    const findings = check(project, { rule: RULE });
    assert.equal(findings.length, 1);
    assert.match(findings[0]!.message, /PUSH socket `out`, connects from the same process \(program src\/main\)/);
    assertFixResolves(project, RULE);
  });

  test("different contexts: the message says to put both sockets in one context, and no fix is offered", () => {
    const file = "/ws/src/pipeline.ts";
    const text = `import * as zmq from "zeromq";

const ioContext = new zmq.Context({ ioThreads: 2 });
const sink = new zmq.Pull({ context: ioContext });
const source = new zmq.Push();

async function main(): Promise<void> {
  await sink.bind("tcp://127.0.0.1:7001");
  source.connect("tcp://127.0.0.1:7001");
  await source.send("job");
}
main();
`;
    const [f] = check({ files: { [file]: text } }, { rule: RULE });
    assert.ok(f);
    assert.match(f.message, /different contexts \(the context created at pipeline\.ts:3 and zeromq\.js' global context\): put both sockets in one context/);
    assert.equal(f.fixes?.some((x) => x.kind === "quickfix"), false);
  });

  test("the inproc name avoids names the workspace already uses, and two fixes in one run never share a name", () => {
    const a = "/ws/src/a.ts";
    const b = "/ws/src/b.ts";
    const text = (port: number) => `import * as zmq from "zeromq";
const backend = new zmq.Dealer();
const worker = new zmq.Dealer();
const control = new zmq.Pair();
async function main(): Promise<void> {
  await control.bind("inproc://backend");
  await backend.bind("tcp://127.0.0.1:${port}");
  worker.connect("tcp://127.0.0.1:${port}");
}
main();
`;
    const project = { files: { [a]: text(7101), [b]: text(7102) } };
    const findings = check(project, { rule: RULE });
    // inproc://backend is bound in both programs: the fixes take the next free names.
    assert.deepEqual(findings.map((f) => quickFix(f).title), ["Use inproc://backend-2 for both ends", "Use inproc://backend-3 for both ends"]);
    assertFixResolves(project, RULE, 0);
    assertFixResolves(project, RULE, 1);
  });

  test("a generic holder name gives the port as the inproc name", () => {
    const file = "/ws/src/echo.ts";
    const text = `import * as zmq from "zeromq";
async function main(): Promise<void> {
  const sock = new zmq.Reply();
  await sock.bind("tcp://127.0.0.1:7300");
  const client = new zmq.Request();
  client.connect("tcp://127.0.0.1:7300");
}
main();
`;
    const [f] = check({ files: { [file]: text } }, { rule: RULE });
    assert.ok(f);
    assert.equal(quickFix(f).title, "Use inproc://port-7300 for both ends");
  });

  test("one literal in a client factory called twice in the program: one finding, two peers, the literal rewritten once", () => {
    const file = "/ws/src/service.ts";
    const text = `import * as zmq from "zeromq";

function makeClient(): zmq.Request {
  const req = new zmq.Request({ receiveTimeout: 1000 });
  req.connect("tcp://127.0.0.1:7400");
  return req;
}

async function main(): Promise<void> {
  const server = new zmq.Reply();
  await server.bind("tcp://127.0.0.1:7400");
  const first = makeClient();
  const second = makeClient();
  await first.send("a");
  await second.send("b");
}
main();
`;
    const project = { files: { [file]: text } };
    const [f, ...rest] = check(project, { rule: RULE });
    assert.ok(f);
    assert.equal(rest.length, 0);
    assert.match(f.message, /all 2 of its peers \(REQ socket `first`, REQ socket `second`\)/);
    assert.equal(quickFix(f).edits.length, 2);
    const fixed = assertFixResolves(project, RULE);
    assert.equal(fixed.files[file]!.match(/inproc:\/\/server/g)?.length, 2);
  });

  test("an endpoint from a config module is reported but not rewritten: the literal is shared by whoever reads the config", () => {
    const project = {
      files: {
        "/ws/src/config.ts": `export const BACKEND = "tcp://127.0.0.1:5556";\n`,
        "/ws/src/main.ts": `import * as zmq from "zeromq";
import { BACKEND } from "./config";
const backend = new zmq.Dealer();
const worker = new zmq.Reply();
async function main(): Promise<void> {
  await backend.bind(BACKEND);
  worker.connect(BACKEND);
}
main();
`,
      },
    };
    const [f] = check(project, { rule: RULE });
    assert.ok(f);
    assert.equal(f.fixes?.some((x) => x.kind === "quickfix"), false);
  });

  test("the fix applied alone still parses in a JavaScript file (v5 API)", () => {
    const file = "/ws/src/legacy.js";
    const text = `const zmq = require("zeromq");
const sink = zmq.socket("pull");
sink.bindSync("tcp://127.0.0.1:7500");
const vent = zmq.socket("push");
vent.connect("tcp://127.0.0.1:7500");
vent.send("work");
`;
    const project = { files: { [file]: text } };
    const [f] = check(project, { rule: RULE });
    assert.ok(f);
    const fixed = applyFix(project, quickFix(f));
    assert.match(fixed.files[file]!, /sink\.bindSync\("inproc:\/\/sink"\)/);
    assertFixResolves(project, RULE);
  });

  describe("stays silent", () => {
    test("peers in another program (broker and workers are separate programs)", () => {
      const project = {
        files: {
          "/ws/src/broker.ts": `import * as zmq from "zeromq";
const backend = new zmq.Dealer();
backend.bind("tcp://127.0.0.1:5556");
`,
          "/ws/src/worker.ts": `import * as zmq from "zeromq";
const w = new zmq.Reply();
w.connect("tcp://127.0.0.1:5556");
`,
        },
        packages: { "/ws": { name: "x", main: "src/broker.ts", bin: { worker: "src/worker.ts" } } },
      };
      assert.deepEqual(check(project, { rule: RULE }), []);
    });

    test("a bind that also serves another program keeps TCP", () => {
      const project = {
        files: {
          "/ws/src/broker.ts": `import * as zmq from "zeromq";
const backend = new zmq.Dealer();
const local = new zmq.Reply();
backend.bind("tcp://127.0.0.1:5556");
local.connect("tcp://127.0.0.1:5556");
`,
          "/ws/src/worker.ts": `import * as zmq from "zeromq";
const w = new zmq.Reply();
w.connect("tcp://127.0.0.1:5556");
`,
        },
        packages: { "/ws": { name: "x", main: "src/broker.ts", bin: { worker: "src/worker.ts" } } },
      };
      assert.deepEqual(check(project, { rule: RULE }), []);
    });

    test("an integration test that starts the server and connects to it: the server's own program has no peer", () => {
      const project = {
        files: {
          "/ws/src/server.ts": `import * as zmq from "zeromq";
export class EchoServer {
  private readonly sock = new zmq.Reply();
  async start(): Promise<void> {
    await this.sock.bind("tcp://127.0.0.1:5900");
    for await (const [m] of this.sock) await this.sock.send(m);
  }
}
`,
          "/ws/src/main.ts": `import { EchoServer } from "./server";
void new EchoServer().start();
`,
          "/ws/test/server.test.ts": `import * as zmq from "zeromq";
import { test } from "node:test";
import { EchoServer } from "../src/server";
test("echoes", async () => {
  void new EchoServer().start();
  const client = new zmq.Request({ receiveTimeout: 1000 });
  client.connect("tcp://127.0.0.1:5900");
  await client.send("ping");
  client.close();
});
`,
        },
        packages: { "/ws": { name: "echo", main: "src/main.ts" } },
      };
      const { snapshot } = analyze(project);
      // The server socket runs in both programs; the client only in the test.
      assert.deepEqual(snapshot.sockets.map((s) => s.processes), [["src/main", "test/server.test"], ["test/server.test"]]);
      assert.deepEqual(check(project, { rule: RULE }), []);
    });

    test("a link that is only a guess (connect by host name, or an unresolved host)", () => {
      const file = "/ws/src/main.ts";
      const text = `import * as zmq from "zeromq";
const backend = new zmq.Dealer();
const a = new zmq.Reply();
const b = new zmq.Reply();
backend.bind("tcp://*:5556");
a.connect("tcp://broker.internal:5556");
b.connect(\`tcp://\${process.argv[2]}:5556\`);
`;
      assert.deepEqual(check({ files: { [file]: text } }, { rule: RULE }), []);
    });

    test("inproc already, and a shared module socket whose peer runs in another program too", () => {
      const project = {
        files: {
          "/ws/src/main.ts": `import * as zmq from "zeromq";
const backend = new zmq.Dealer();
const w = new zmq.Reply();
backend.bind("inproc://backend");
w.connect("inproc://backend");
`,
          "/ws/src/shared.ts": `import * as zmq from "zeromq";
export const client = new zmq.Request();
client.connect("tcp://127.0.0.1:5800");
`,
          "/ws/src/a.ts": `import * as zmq from "zeromq";
import { client } from "./shared";
const server = new zmq.Reply();
server.bind("tcp://127.0.0.1:5800");
void client.send("x");
`,
          "/ws/src/b.ts": `import { client } from "./shared";
void client.send("y");
`,
        },
      };
      assert.deepEqual(check(project, { rule: RULE }), []);
    });
  });

  test("configured off or as hint", () => {
    assert.deepEqual(check(broker, { rule: RULE, rules: { [RULE]: "off" } }), []);
    assert.deepEqual(check(broker, { rule: RULE, rules: { [RULE]: "hint" } }).map((f) => f.severity), ["hint"]);
  });
});
