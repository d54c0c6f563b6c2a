import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { check, position, where } from "../helpers/rules";
import type { Project } from "../helpers/workspace";

const RULE = "duplicate-bind";
const FILE = "/ws/src/server.ts";

function run(text: string, rules?: Record<string, unknown>) {
  return check({ files: { [FILE]: text } }, { rule: RULE, rules });
}

const twoPrograms: Project = {
  files: {
    "/ws/src/pricing.ts": `import * as zmq from "zeromq";
const api = new zmq.Router();
api.bind("tcp://*:6000");
`,
    "/ws/src/orders.ts": `import * as zmq from "zeromq";
const api = new zmq.Router();
api.bind("tcp://*:6000");
`,
  },
  packages: { "/ws": { name: "desk", scripts: { pricing: "tsx src/pricing.ts", orders: "tsx src/orders.ts" } } },
};

describe(RULE, () => {
  test("two sockets of one program bind the same port: error at the second, pointing to the first", () => {
    const text = `import * as zmq from "zeromq";

const requests = new zmq.Router();
const metrics = new zmq.Publisher();

async function main(): Promise<void> {
  await requests.bind("tcp://*:5555");
  // copy-pasted from the requests socket
  await metrics.bind("tcp://*:5555");
}
main();
`;
    const [f, ...rest] = run(text);
    assert.ok(f);
    assert.equal(rest.length, 0);
    const at = position(text, `"tcp://*:5555"`, 2);
    assert.equal(where(f), `server.ts:${at.line}:${at.column}`);
    assert.equal(f.severity, "error");
    assert.equal(f.message, "PUB socket `metrics` binds tcp://*:5555, and ROUTER socket `requests` binds it too in the same process (program server): " +
      "whichever binds second fails with EADDRINUSE (Address already in use).");
    assert.deepEqual(f.related.map((r) => [r.location.line, r.message]), [[7, "ROUTER socket `requests` binds tcp://*:5555 here"]]);
  });

  test("all interfaces and one address on the same port collide in one process (and ws shares TCP ports)", () => {
    const text = `import * as zmq from "zeromq";
const a = new zmq.Router();
const b = new zmq.Pull();
const c = new zmq.Pull();
a.bind("tcp://0.0.0.0:5555");
b.bind("tcp://localhost:5555");
c.bind("ws://127.0.0.1:5555/feed");
`;
    const findings = run(text);
    assert.deepEqual(findings.map((f) => f.location.line), [6, 7]);
    assert.match(findings[0]!.message, /binds tcp:\/\/localhost:5555, and ROUTER socket `a` binds tcp:\/\/0\.0\.0\.0:5555 in the same process/);
    // The third collides with both earlier binds.
    assert.deepEqual(findings[1]!.related.map((r) => r.location.line), [5, 6]);
  });

  test("the same endpoint in two programs: a warning, true only when both run on one host", () => {
    const findings = check(twoPrograms, { rule: RULE });
    assert.equal(findings.length, 1);
    const f = findings[0]!;
    assert.equal(f.severity, "warning");
    assert.match(f.message, /binds tcp:\/\/\*:6000, and ROUTER socket `api` binds it too in program src\/orders while this one runs in program src\/pricing: when both run on one host, whichever binds second fails with EADDRINUSE/);
    assert.match(f.related[0]!.message, /\(program src\/orders\)/);
  });

  test("severity: configuration sets the one-process case; the cross-program case is never more severe than a warning", () => {
    const text = `import * as zmq from "zeromq";
const a = new zmq.Pull();
const b = new zmq.Pull();
a.bind("tcp://*:5555");
b.bind("tcp://*:5555");
`;
    assert.deepEqual(run(text, { [RULE]: "warning" }).map((f) => f.severity), ["warning"]);
    assert.deepEqual(check(twoPrograms, { rule: RULE, rules: { [RULE]: "error" } }).map((f) => f.severity), ["warning"]);
    assert.deepEqual(check(twoPrograms, { rule: RULE, rules: { [RULE]: "information" } }).map((f) => f.severity), ["information"]);
    assert.deepEqual(run(text, { [RULE]: "off" }), []);
  });

  test("an ipc file path bound twice is silently taken over; a relative path resolves against the package root", () => {
    const project = {
      files: {
        [FILE]: `import * as zmq from "zeromq";
const events = new zmq.Publisher();
const audit = new zmq.Publisher();
events.bind("ipc://run/events.ipc");
audit.bind("ipc:///ws/run/events.ipc");
const a = new zmq.Pull();
const b = new zmq.Pull();
a.bind("ipc://@control");
b.bind("ipc://@control");
`,
      },
      packages: { "/ws": { name: "svc", main: "src/server.ts" } },
    };
    const findings = check(project, { rule: RULE });
    assert.deepEqual(findings.map((f) => f.location.line), [5, 9]);
    assert.match(findings[0]!.message, /the second bind succeeds and silently takes the socket file over/);
    // Abstract names behave like ports.
    assert.match(findings[1]!.message, /EADDRINUSE/);
  });

  test("one inproc name twice in one context", () => {
    const text = `import * as zmq from "zeromq";
const workers = new zmq.Dealer();
const spare = new zmq.Dealer();
workers.bind("inproc://workers");
spare.bind("inproc://workers");
`;
    assert.deepEqual(run(text).map((f) => f.location.line), [5]);
  });

  test("a server factory called twice with one endpoint: reported at the second call", () => {
    const text = `import * as zmq from "zeromq";
async function listen(endpoint: string): Promise<zmq.Reply> {
  const rep = new zmq.Reply();
  await rep.bind(endpoint);
  return rep;
}
async function main(): Promise<void> {
  const primary = await listen("tcp://*:7000");
  const secondary = await listen("tcp://*:7000");
}
main();
`;
    const [f] = run(text);
    assert.ok(f);
    const at = position(text, `listen("tcp://*:7000")`, 2);
    assert.equal(where(f), `server.ts:${at.line}:${at.column}`);
    assert.match(f.message, /REP socket `secondary` binds tcp:\/\/\*:7000, and REP socket `primary` binds it too/);
  });

  describe("stays silent", () => {
    test("binds in exclusive branches, and sockets made in exclusive branches", () => {
      const text = `import * as zmq from "zeromq";
async function listen(endpoint: string): Promise<zmq.Reply> {
  const rep = new zmq.Reply();
  await rep.bind(endpoint);
  return rep;
}
async function main(role: string): Promise<void> {
  const primary = new zmq.Router();
  const standby = new zmq.Router();
  if (role === "primary") await primary.bind("tcp://*:5555");
  else await standby.bind("tcp://*:5555");
  switch (role) {
    case "a": { const a = await listen("tcp://*:7000"); break; }
    case "b": { const b = await listen("tcp://*:7000"); break; }
  }
}
main(process.argv[2] ?? "primary");
`;
      assert.deepEqual(run(text), []);
    });

    test("tests that each bind, use and close their own socket", () => {
      const text = `import * as zmq from "zeromq";
import { test } from "node:test";
test("replies", async () => {
  const rep = new zmq.Reply();
  await rep.bind("tcp://127.0.0.1:5555");
  rep.close();
});
test("times out", async () => {
  const rep = new zmq.Reply();
  await rep.bind("tcp://127.0.0.1:5555");
  rep.close();
});
`;
      assert.deepEqual(run(text), []);
    });

    test("a socket re-created into the same field (restart) is not a duplicate of itself", () => {
      const text = `import * as zmq from "zeromq";
export class Server {
  private sock = new zmq.Reply();
  async start(): Promise<void> {
    await this.sock.bind("tcp://127.0.0.1:5555");
  }
  async restart(): Promise<void> {
    this.sock.close();
    this.sock = new zmq.Reply();
    await this.sock.bind("tcp://127.0.0.1:5555");
  }
}
new Server().start();
`;
      assert.deepEqual(run(text), []);
    });

    test("different addresses, different ports, unresolved and ephemeral binds, different contexts, alternatives", () => {
      const project = {
        files: {
          [FILE]: `import * as zmq from "zeromq";
const a = new zmq.Pull();
const b = new zmq.Pull();
a.bind("tcp://127.0.0.1:5555");
b.bind("tcp://10.0.0.5:5555");
const c = new zmq.Pull();
c.bind("tcp://*:5556");
const d = new zmq.Pull();
d.bind(\`tcp://*:\${process.argv[2]}\`);
const e = new zmq.Pull();
const f = new zmq.Pull();
e.bind("tcp://*:*");
f.bind("tcp://*:*");
const ctx = new zmq.Context();
const g = new zmq.Pair({ context: ctx });
const h = new zmq.Pair();
g.bind("inproc://pipe");
h.bind("inproc://pipe");
const i = process.argv[3] === "server" ? new zmq.Router() : new zmq.Dealer();
i.bind("tcp://*:5557");
function endpointSocket(kind: string): zmq.Router | zmq.Dealer {
  return kind === "server" ? new zmq.Router() : new zmq.Dealer();
}
const j = endpointSocket(process.argv[4]);
j.bind("tcp://*:5558");
`,
          "/ws/src/other.ts": `import * as zmq from "zeromq";
const local = new zmq.Pull();
local.bind("tcp://127.0.0.1:5556");
const pipe = new zmq.Pair();
pipe.bind("inproc://pipe");
`,
        },
      };
      assert.deepEqual(check(project, { rule: RULE }).map((f) => f.message), []);
    });
  });
});
