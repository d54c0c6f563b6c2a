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

  describe("programs that run as several processes", () => {
    const serverText = `import * as zmq from "zeromq";

export async function runServer(): Promise<void> {
  const rep = new zmq.Reply({ linger: 0 });
  await rep.bind("tcp://127.0.0.1:5700");
  for await (const [m] of rep) await rep.send(m);
}
`;
    const clientText = `import * as zmq from "zeromq";

export async function runClient(m: string): Promise<void> {
  const req = new zmq.Request({ receiveTimeout: 2000, linger: 0 });
  req.connect("tcp://127.0.0.1:5700");
  try {
    await req.send(m);
    await req.receive();
  } finally {
    req.close();
  }
}
`;
    /** A `jobctl` CLI whose entry picks the role: server and client are two processes of one program. */
    const jobctl = (cliText: string): Project => ({
      files: { "/ws/src/cli.ts": cliText, "/ws/src/server.ts": serverText, "/ws/src/client.ts": clientText },
      packages: { "/ws": { name: "jobctl", bin: { jobctl: "dist/cli.js" } } },
    });
    const imports = `import { runServer } from "./server";\nimport { runClient } from "./client";\n`;

    test("a CLI role switch in the entry file (if/else on process.argv): silent; calling both reports", () => {
      assert.deepEqual(check(jobctl(`${imports}
if (process.argv[2] === "server") void runServer();
else void runClient("hi");
`), { rule: RULE }), []);
      // The same program starting both ends in one process is the rule's case.
      const both = jobctl(`${imports}
void runServer();
void runClient("hi");
`);
      const findings = check(both, { rule: RULE });
      assert.equal(findings.length, 1);
      assert.match(findings[0]!.message, /REP socket `rep` binds tcp:\/\/127\.0\.0\.1:5700 and its only peer, REQ socket `req`, connects from the same process \(program src\/cli\)/);
      assertFixResolves(both, RULE);
    });

    test("a switch on process.argv, with a break between the roles: silent; a case falling through into the other reports", () => {
      assert.deepEqual(check(jobctl(`${imports}
switch (process.argv[2]) {
  case "server":
  case "serve":
    void runServer();
    break;
  case "client":
    void runClient(process.argv[3] ?? "hi");
    break;
  default:
    console.error("usage: jobctl server|client");
}
`), { rule: RULE }), []);
      // "server" runs runServer() and falls through to runClient(): both ends in one process.
      const fallthrough = check(jobctl(`${imports}
switch (process.argv[2]) {
  case "server":
    void runServer();
  case "client":
    void runClient("hi");
    break;
}
`), { rule: RULE });
      assert.equal(fallthrough.length, 1);
    });

    test("the role from an environment variable, through a constant and ?:", () => {
      assert.deepEqual(check(jobctl(`${imports}
const role = (process.env.JOBCTL_ROLE ?? "client").toLowerCase();
const isServer = role === "server";
void (isServer ? runServer() : runClient("hi"));
`), { rule: RULE }), []);
    });

    test("main(role) called once with process.argv: silent; main called once per role reports", () => {
      const body = `${imports}
async function main(role: string): Promise<void> {
  if (role === "server") {
    await runServer();
    return;
  }
  await runClient("hi");
}
`;
      assert.deepEqual(check(jobctl(`${body}main(process.argv[2] ?? "client").catch(console.error);\n`), { rule: RULE }), []);
      // Two calls, one process: the early return only separates the roles within one call.
      assert.equal(check(jobctl(`${body}void main("server");\nvoid main("client");\n`), { rule: RULE }).length, 1);
    });

    test("a condition that changes while the process runs does not separate the roles (a loop over both roles)", () => {
      const findings = check(jobctl(`${imports}
for (const role of ["server", "client"]) {
  if (role === "server") void runServer();
  else void runClient("hi");
}
`), { rule: RULE });
      assert.equal(findings.length, 1);
    });

    test("both ends created in the two arms of one if in the entry file itself", () => {
      const file = "/ws/src/echo.ts";
      const project = {
        files: { [file]: `import * as zmq from "zeromq";

async function main(): Promise<void> {
  const [, , mode, endpoint = "tcp://127.0.0.1:5710"] = process.argv;
  if (mode === "listen") {
    const rep = new zmq.Reply({ linger: 0 });
    await rep.bind("tcp://127.0.0.1:5710");
    for await (const [m] of rep) await rep.send(m);
  } else {
    const req = new zmq.Request({ receiveTimeout: 2000, linger: 0 });
    req.connect("tcp://127.0.0.1:5710");
    await req.send(endpoint);
    req.close();
  }
}
main();
` },
      };
      assert.deepEqual(check(project, { rule: RULE }), []);
    });

    test("Node's cluster module (zguide lbbroker v5 shape): the primary and the workers are different processes", () => {
      const file = "/ws/lbbroker.js";
      const text = `const cluster = require("cluster");
const zmq = require("zeromq");

function primary() {
  const backend = zmq.socket("push");
  backend.bindSync("tcp://127.0.0.1:5720");
  for (let i = 0; i < 3; i++) backend.send("job " + i);
}

function worker() {
  const pull = zmq.socket("pull");
  pull.connect("tcp://127.0.0.1:5720");
  pull.on("message", (m) => console.log(process.pid, m.toString()));
}

if (cluster.isMaster) {
  primary();
  for (let i = 0; i < 3; i++) cluster.fork();
} else {
  worker();
}
`;
      const project = { files: { [file]: text } };
      assert.deepEqual(analyze(project).snapshot.sockets.map((s) => s.multiProcess), [["lbbroker"], ["lbbroker"]]);
      assert.deepEqual(check(project, { rule: RULE }), []);
    });

    test("cluster imported as an ES module in a file the entry imports (isPrimary, ipc transport)", () => {
      const project = {
        files: {
          "/ws/src/main.ts": `import { start } from "./pool";\nstart();\n`,
          "/ws/src/pool.ts": `import cluster from "node:cluster";
import { availableParallelism } from "node:os";
import * as zmq from "zeromq";

export async function start(): Promise<void> {
  if (cluster.isPrimary) {
    const jobs = new zmq.Push({ linger: 0 });
    await jobs.bind("ipc:///tmp/pool-jobs.ipc");
    for (let i = 0; i < availableParallelism(); i++) cluster.fork();
    for (let n = 0; ; n++) await jobs.send(String(n));
  }
  const work = new zmq.Pull({ linger: 0 });
  work.connect("ipc:///tmp/pool-jobs.ipc");
  for await (const [job] of work) console.log(job.toString());
}
`,
        },
        packages: { "/ws": { name: "pool", main: "src/main.ts" } },
      };
      assert.deepEqual(check(project, { rule: RULE }), []);
    });

    test("child_process.fork(__filename): the file runs as a parent and a child process", () => {
      const file = "/ws/src/supervisor.ts";
      const project = {
        files: { [file]: `import { fork } from "node:child_process";
import * as zmq from "zeromq";

async function parent(): Promise<void> {
  const results = new zmq.Pull({ linger: 0 });
  await results.bind("tcp://127.0.0.1:5730");
  fork(__filename, ["child"]);
  for await (const [r] of results) console.log(r.toString());
}

async function child(): Promise<void> {
  const out = new zmq.Push({ linger: 0 });
  out.connect("tcp://127.0.0.1:5730");
  await out.send("done");
  out.close();
}

let role = "parent";
if (process.argv.includes("child")) role = "child";
void (role === "child" ? child() : parent());
` },
      };
      // `role` is a `let`: the branch alone would not tell the two processes apart; the fork does.
      assert.deepEqual(analyze(project).snapshot.sockets.map((s) => s.multiProcess), [["supervisor"], ["supervisor"]]);
      assert.deepEqual(check(project, { rule: RULE }), []);
    });

    test("spawn(process.execPath, [...]) in a module the program imports, the role read from an environment flag", () => {
      const project = {
        files: {
          "/ws/src/main.ts": `import * as zmq from "zeromq";
import { startHelper } from "./helper";

async function main(): Promise<void> {
  if (process.env.IS_HELPER) {
    const out = new zmq.Push({ linger: 0 });
    out.connect("tcp://127.0.0.1:5740");
    await out.send("ready");
    return;
  }
  const inbox = new zmq.Pull({ linger: 0 });
  await inbox.bind("tcp://127.0.0.1:5740");
  startHelper();
  await inbox.receive();
}
main();
`,
          "/ws/src/helper.ts": `import { spawn } from "child_process";
export function startHelper(): void {
  spawn(process.execPath, [process.argv[1]!], { env: { ...process.env, IS_HELPER: "1" }, stdio: "inherit" });
}
`,
        },
        packages: { "/ws": { name: "helper", main: "src/main.ts" } },
      };
      assert.deepEqual(analyze(project).snapshot.sockets.map((s) => s.multiProcess), [["src/main"], ["src/main"]]);
      assert.deepEqual(check(project, { rule: RULE }), []);
    });

    test("child_process used for another command (git) does not make the program several processes: still reported", () => {
      const file = "/ws/src/build-info.ts";
      const project = {
        files: { [file]: `import { execSync } from "node:child_process";
import * as zmq from "zeromq";

const revision = execSync("git rev-parse HEAD").toString().trim();
const pub = new zmq.Publisher({ linger: 0 });
const sub = new zmq.Subscriber({ linger: 0 });

async function main(): Promise<void> {
  await pub.bind("tcp://127.0.0.1:5750");
  sub.connect("tcp://127.0.0.1:5750");
  sub.subscribe("");
  await pub.send(revision);
}
main();
` },
      };
      assert.equal(analyze(project).snapshot.sockets.some((s) => s.multiProcess), false);
      assert.equal(check(project, { rule: RULE }).length, 1);
    });
  });

  describe("tests and broken links", () => {
    const echo = (file: string): Project => ({
      files: { [file]: `import * as zmq from "zeromq";
import { test } from "node:test";

test("echo over the real transport", async () => {
  const rep = new zmq.Reply({ linger: 0 });
  await rep.bind("tcp://127.0.0.1:5760");
  const req = new zmq.Request({ receiveTimeout: 1000, linger: 0 });
  req.connect("tcp://127.0.0.1:5760");
  await req.send("ping");
  await rep.receive();
  rep.close();
  req.close();
});
` },
      packages: { "/ws": { name: "echo", main: "src/index.ts" } },
    });

    test("a test file binding and connecting over loopback TCP is left alone, whatever the convention", () => {
      for (const file of ["/ws/src/echo.test.ts", "/ws/test/echo.ts", "/ws/tests/echo.js", "/ws/src/__tests__/echo.ts", "/ws/src/echo.spec.mjs"]) {
        assert.deepEqual(check(echo(file), { rule: RULE }), [], file);
      }
      // The same code as a program of its own is reported.
      assert.equal(check(echo("/ws/src/echo.ts"), { rule: RULE }).length, 1);
    });

    test("a project that itself sits under a test/ folder is not all tests", () => {
      const project = echo("/ws/test/fixtures/app/src/echo.ts");
      project.packages = { "/ws/test/fixtures/app": { name: "app", main: "src/echo.ts" } };
      assert.equal(check(project, { rule: RULE }).length, 1);
    });

    test("an incompatible link (REQ to PUB) is left to incompatible-socket-types: no advice to move a broken link", () => {
      const file = "/ws/src/ticker.ts";
      const project = {
        files: { [file]: `import * as zmq from "zeromq";
const pub = new zmq.Publisher({ linger: 0 });
const req = new zmq.Request({ receiveTimeout: 1000, linger: 0 });
async function main(): Promise<void> {
  await pub.bind("tcp://127.0.0.1:5770");
  req.connect("tcp://127.0.0.1:5770");
}
main();
` },
      };
      const findings = check(project);
      assert.deepEqual(findings.filter((f) => f.rule === RULE), []);
      assert.equal(findings.filter((f) => f.rule === "incompatible-socket-types").length, 1);
    });
  });

  test("a broker class (ROUTER frontend, DEALER backend) and an event PUSH/PULL pair started together from main: the pair is reported and fixed", () => {
    const bus = "/ws/src/broker/internal_bus.ts";
    const busText = `import * as zmq from "zeromq";

export class EventSink {
  private readonly socket = new zmq.Push({ sendTimeout: 0, linger: 0 });
  async open(): Promise<void> {
    await this.socket.bind("tcp://127.0.0.1:5560");
  }
  emit(event: string): void {
    this.socket.send(event).catch(() => undefined);
  }
}

export class StatsCollector {
  private readonly socket = new zmq.Pull({ linger: 0 });
  async run(): Promise<void> {
    this.socket.connect("tcp://localhost:5560");
    for await (const [frame] of this.socket) console.log(frame.toString());
  }
}
`;
    const project: Project = {
      files: {
        [bus]: busText,
        "/ws/src/broker/broker.ts": `import * as zmq from "zeromq";
import type { EventSink } from "./internal_bus";

export class MessageBroker {
  private readonly frontend = new zmq.Router({ linger: 0 });
  private readonly backend = new zmq.Dealer({ linger: 0 });
  constructor(private readonly events: EventSink) {}
  async start(): Promise<void> {
    await this.frontend.bind("tcp://0.0.0.0:5555");
    await this.backend.bind("tcp://0.0.0.0:5556");
    for await (const msg of this.frontend) {
      this.events.emit("request");
      await this.backend.send(msg);
    }
  }
}
`,
        "/ws/src/broker/main.ts": `import { MessageBroker } from "./broker";
import { EventSink, StatsCollector } from "./internal_bus";

async function main(): Promise<void> {
  const events = new EventSink();
  await events.open();
  const stats = new StatsCollector();
  const broker = new MessageBroker(events);
  await Promise.all([stats.run(), broker.start()]);
}
main();
`,
        "/ws/src/worker/main.ts": `import * as zmq from "zeromq";
const w = new zmq.Dealer({ linger: 0 });
w.connect("tcp://localhost:5556");
`,
        "/ws/src/client/main.ts": `import * as zmq from "zeromq";
const c = new zmq.Request({ receiveTimeout: 1000, linger: 0 });
c.connect("tcp://localhost:5555");
`,
      },
      packages: { "/ws": { name: "jobs", scripts: { broker: "tsx src/broker/main.ts", worker: "tsx src/worker/main.ts", client: "tsx src/client/main.ts" } } },
    };
    const findings = check(project, { rule: RULE });
    assert.equal(findings.length, 1, findings.map((f) => f.message).join("\n"));
    const at = position(busText, `"tcp://127.0.0.1:5560"`);
    assert.equal(where(findings[0]!), `internal_bus.ts:${at.line}:${at.column}`);
    assert.match(findings[0]!.message, /PUSH socket `this\.socket` binds tcp:\/\/127\.0\.0\.1:5560 and its only peer, PULL socket `this\.socket`/);
    const fixed = assertFixResolves(project, RULE);
    assert.equal(fixed.files[bus]!.match(/inproc:\/\/port-5560/g)?.length, 2);
  });

  test("configured off or as hint", () => {
    assert.deepEqual(check(broker, { rule: RULE, rules: { [RULE]: "off" } }), []);
    assert.deepEqual(check(broker, { rule: RULE, rules: { [RULE]: "hint" } }).map((f) => f.severity), ["hint"]);
  });
});
