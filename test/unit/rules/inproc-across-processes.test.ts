import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { check, position, where } from "../helpers/rules";
import type { Project } from "../helpers/workspace";

const RULE = "inproc-across-processes";

const dispatcherText = `import * as zmq from "zeromq";

const jobs = new zmq.Push({ linger: 0 });

export async function dispatch(batch: string[]): Promise<void> {
  await jobs.bind("inproc://jobs");
  for (const job of batch) await jobs.send(job);
}
dispatch(["resize", "thumbnail"]);
`;

const workerText = `import * as zmq from "zeromq";

const queue = new zmq.Pull({ receiveTimeout: 5000 });
queue.connect("inproc://jobs");

async function work(): Promise<void> {
  for await (const [job] of queue) console.log("processing", job.toString());
}
work();
`;

const twoPrograms: Project = {
  files: { "/ws/src/dispatcher.ts": dispatcherText, "/ws/src/worker.ts": workerText },
  packages: { "/ws": { name: "images", main: "src/dispatcher.ts", scripts: { worker: "node dist/worker.js" } } },
};

describe(RULE, () => {
  test("a worker program connecting to an inproc name its dispatcher program binds: error at the connect, naming both programs", () => {
    const findings = check(twoPrograms, { rule: RULE });
    assert.equal(findings.length, 1);
    const f = findings[0]!;
    const at = position(workerText, `"inproc://jobs"`);
    assert.equal(where(f), `worker.ts:${at.line}:${at.column}`);
    assert.equal(f.severity, "error");
    assert.match(f.message, /PULL socket `queue` connects to inproc:\/\/jobs, which is bound only in program src\/dispatcher, while this socket runs in program src\/worker/);
    assert.match(f.message, /never completes/);
    assert.match(f.message, /use tcp:\/\/ or ipc:\/\/ between processes/);
    assert.deepEqual(f.related.map((r) => [r.location.file, r.location.line]), [["/ws/src/dispatcher.ts", 6]]);
    assert.match(f.related[0]!.message, /PUSH socket `jobs` binds inproc:\/\/jobs here \(program src\/dispatcher\)/);
    // The unmatched-endpoint rule leaves this connect to this rule.
    assert.deepEqual(check(twoPrograms, { rule: "unmatched-endpoint" }).filter((x) => x.location.file.endsWith("worker.ts")), []);
  });

  test("one program, two contexts: the connecting socket uses the global context, the bind a new zmq.Context()", () => {
    const file = "/ws/src/app.ts";
    const text = `import * as zmq from "zeromq";

class Telemetry {
  private readonly context = new zmq.Context({ ioThreads: 1 });
  private readonly collector = new zmq.Pull({ context: this.context });

  async start(): Promise<void> {
    await this.collector.bind("inproc://metrics");
    for await (const [m] of this.collector) console.log(m.toString());
  }
}

const reporter = new zmq.Push();
reporter.connect("inproc://metrics");
void new Telemetry().start();
void reporter.send("cpu=0.3");
`;
    const [f, ...rest] = check({ files: { [file]: text } }, { rule: RULE });
    assert.ok(f);
    assert.equal(rest.length, 0);
    const at = position(text, `"inproc://metrics"`, 2);
    assert.equal(where(f), `app.ts:${at.line}:${at.column}`);
    assert.match(f.message, /which PULL socket `this\.collector` binds in the same process but in the context created at app\.ts:4, while this socket uses zeromq\.js' global context/);
    assert.match(f.message, /create both sockets in one context/);
  });

  test("a worker thread that makes its own context cannot reach its parent's inproc bind", () => {
    const project = {
      files: {
        "/ws/src/main.ts": `import { Worker } from "node:worker_threads";
import * as zmq from "zeromq";
const results = new zmq.Pull();
await results.bind("inproc://results");
new Worker(new URL("./resize.js", import.meta.url));
`,
        "/ws/src/resize.ts": `import * as zmq from "zeromq";
const own = new zmq.Context();
const out = new zmq.Push({ context: own });
out.connect("inproc://results");
`,
      },
      packages: { "/ws": { name: "resize", main: "src/main.ts" } },
    };
    const [f] = check(project, { rule: RULE });
    assert.ok(f);
    assert.match(f.message, /in zeromq\.js' global context, while this socket uses the context created at resize\.ts:2/);
  });

  test("a connect in a helper shared by several sockets is reported where this socket is made", () => {
    const project = {
      files: {
        "/ws/src/lib.ts": `import * as zmq from "zeromq";
export function subscriber(name: string): zmq.Subscriber {
  const sub = new zmq.Subscriber();
  sub.connect(\`inproc://\${name}\`);
  sub.subscribe();
  return sub;
}
`,
        "/ws/src/pub.ts": `import * as zmq from "zeromq";
const events = new zmq.Publisher();
events.bind("inproc://events");
`,
        "/ws/src/ui.ts": `import { subscriber } from "./lib";
const ui = subscriber("events");
const audit = subscriber("audit");
`,
      },
      packages: { "/ws": { name: "x", main: "src/pub.ts", bin: { ui: "src/ui.ts" } } },
    };
    const findings = check(project, { rule: RULE });
    assert.equal(findings.length, 1);
    assert.equal(where(findings[0]!), "ui.ts:2:12");
    assert.deepEqual(findings[0]!.related.map((r) => `${r.location.file.split("/").pop()}:${r.location.line}`), ["lib.ts:4", "pub.ts:3"]);
  });

  describe("one program, one role per process", () => {
    const cliText = (dispatch: string) => `import * as zmq from "zeromq";

async function runServer(): Promise<void> {
  const rep = new zmq.Reply({ linger: 0 });
  await rep.bind("inproc://jobs");
  for await (const [m] of rep) await rep.send(m);
}

async function runClient(): Promise<void> {
  const req = new zmq.Request({ receiveTimeout: 2000, linger: 0 });
  req.connect("inproc://jobs");
  await req.send("hi");
}

${dispatch}
`;
    const cli = (dispatch: string): Project => ({
      files: { "/ws/src/cli.ts": cliText(dispatch) },
      packages: { "/ws": { name: "jobctl", bin: { jobctl: "dist/cli.js" } } },
    });

    test("a CLI role switch on process.argv: the client's inproc connect is in another process than the server's bind", () => {
      const dispatch = `if (process.argv[2] === "server") void runServer();\nelse void runClient();`;
      const findings = check(cli(dispatch), { rule: RULE });
      assert.equal(findings.length, 1);
      const f = findings[0]!;
      const at = position(cliText(dispatch), `"inproc://jobs"`, 2);
      assert.equal(where(f), `cli.ts:${at.line}:${at.column}`);
      assert.match(f.message, /REQ socket `req` connects to inproc:\/\/jobs, which is bound only by REP socket `rep` on the other side of a role switch in program src\/cli/);
      assert.match(f.message, /never run in one process/);
      assert.match(f.related[0]!.message, /REP socket `rep` binds inproc:\/\/jobs here \(in another role of the program\)/);
    });

    test("cluster primary binds, workers connect: reported; the same role in one process is not", () => {
      const file = "/ws/lbbroker.js";
      const text = (worker: string) => `const cluster = require("node:cluster");
const zmq = require("zeromq");

if (cluster.isPrimary) {
  const backend = zmq.socket("push");
  backend.bindSync("inproc://backend");
  cluster.fork();
} else {
  ${worker}
}
`;
      const findings = check({ files: { [file]: text(`const pull = zmq.socket("pull");\n  pull.connect("inproc://backend");`) } }, { rule: RULE });
      assert.equal(findings.length, 1);
      assert.match(findings[0]!.message, /PULL socket `pull` connects to inproc:\/\/backend/);
      // Both ends in the worker: one process.
      assert.deepEqual(check({ files: { [file]: text(`const a = zmq.socket("pair");\n  a.bindSync("inproc://w");\n  const b = zmq.socket("pair");\n  b.connect("inproc://w");`) } }, { rule: RULE }), []);
    });

    test("silent when both roles can run in one process, or when the condition is not known to stay fixed", () => {
      // Both functions called: one process.
      assert.deepEqual(check(cli(`void runServer();\nvoid runClient();`), { rule: RULE }), []);
      // A role from an options object some function builds: the rule reports only on values it knows stay fixed.
      assert.deepEqual(check(cli(`import { parseArgs } from "./args";\nconst opts = parseArgs();\nif (opts.server) void runServer();\nelse void runClient();`), { rule: RULE }), []);
      // A role that changes: a loop over both.
      assert.deepEqual(check(cli(`for (const role of ["server", "client"]) {\n  if (role === "server") void runServer();\n  else void runClient();\n}`), { rule: RULE }), []);
    });
  });

  describe("stays silent", () => {
    test("a worker thread on the global context joins its parent (one process)", () => {
      const project = {
        files: {
          "/ws/src/main.ts": `import { Worker } from "node:worker_threads";
import * as zmq from "zeromq";
const results = new zmq.Pull();
await results.bind("inproc://results");
new Worker("./resize.js");
`,
          "/ws/src/resize.ts": `import * as zmq from "zeromq";
const out = new zmq.Push();
out.connect("inproc://results");
`,
        },
        packages: { "/ws": { name: "resize", main: "src/main.ts" } },
      };
      assert.deepEqual(check(project, { rule: RULE }), []);
    });

    test("the name is also bound in the connecting socket's own program", () => {
      const project = {
        files: {
          "/ws/src/a.ts": `import * as zmq from "zeromq";
const s = new zmq.Pair();
s.bind("inproc://pipe");
const t = new zmq.Pair();
t.connect("inproc://pipe");
`,
          "/ws/src/b.ts": `import * as zmq from "zeromq";
const s = new zmq.Pair();
s.bind("inproc://pipe");
`,
        },
      };
      assert.deepEqual(check(project, { rule: RULE }), []);
    });

    test("a context the analysis cannot resolve may be the same one", () => {
      const project = {
        files: {
          "/ws/src/main.ts": `import * as zmq from "zeromq";
import { contextFor } from "./contexts";
const collector = new zmq.Pull({ context: contextFor("metrics") });
collector.bind("inproc://metrics");
const reporter = new zmq.Push();
reporter.connect("inproc://metrics");
`,
          "/ws/src/contexts.ts": `export declare function contextFor(name: string): unknown;\n`,
        },
      };
      assert.deepEqual(check(project, { rule: RULE }), []);
    });

    test("a name the analysis cannot resolve, or a bind with an unresolved name in the same process", () => {
      const project = {
        files: {
          "/ws/src/main.ts": `import * as zmq from "zeromq";
const logs = new zmq.Push();
logs.connect(\`inproc://\${process.argv[2]}\`);
const dyn = new zmq.Pull();
dyn.bind(\`inproc://\${process.argv[3]}\`);
const audit = new zmq.Push();
audit.connect("inproc://audit");
`,
          "/ws/src/other.ts": `import * as zmq from "zeromq";
const s = new zmq.Pull();
s.bind("inproc://audit");
const l = new zmq.Pull();
l.bind("inproc://logs");
`,
        },
      };
      assert.deepEqual(check(project, { rule: RULE }), []);
    });

    test("a name nothing binds is unmatched-endpoint's finding, not this rule's", () => {
      const file = "/ws/src/main.ts";
      const text = `import * as zmq from "zeromq";
const s = new zmq.Push();
s.connect("inproc://nowhere");
`;
      assert.deepEqual(check({ files: { [file]: text } }, { rule: RULE }), []);
      assert.equal(check({ files: { [file]: text } }, { rule: "unmatched-endpoint" }).length, 1);
    });
  });

  test("severity follows the configuration", () => {
    assert.deepEqual(check(twoPrograms, { rule: RULE, rules: { [RULE]: "warning" } }).map((f) => f.severity), ["warning"]);
    assert.deepEqual(check(twoPrograms, { rule: RULE, rules: { [RULE]: { severity: "off" } } }), []);
  });
});
