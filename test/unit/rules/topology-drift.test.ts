/**
 * topology-drift: where the code differs from a topology file (docs/rules/topology-drift.md). Each test
 * edits one realistic project (a broker with class fields, a worker whose socket comes from a shared
 * factory, ports in a config module) or its declaration, and asserts every finding exactly.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { applyEdits } from "../../../server/src/analysis/fixes";
import { declaredTopology } from "../../../server/src/analysis/topologyFile/declared";
import type { Finding } from "../../../server/src/analysis/diagnostics";
import { check, quickFix, where, type CheckOptions } from "../helpers/rules";
import type { Project } from "../helpers/workspace";

const TOPOLOGY = "/ws/topology.zmqtopo";
const BROKER = "/ws/src/broker/main.ts";
const WORKER = "/ws/src/worker/main.ts";
const FACTORY = "/ws/src/shared/sockets.ts";

const project: Project = {
  packages: { "/ws": { name: "jobs", scripts: { broker: "tsx src/broker/main.ts", worker: "tsx src/worker/main.ts" } } },
  files: {
    "/ws/src/shared/config.ts": `export const ports = { frontend: 5555, backend: 5556 };
export const brokerHost = process.env.BROKER_HOST ?? "localhost";
`,
    [FACTORY]: `import * as zmq from "zeromq";

export function makeWorkerSocket(): zmq.Reply {
  return new zmq.Reply({ linger: 0, receiveTimeout: 2500 });
}
`,
    [BROKER]: `import * as zmq from "zeromq";
import { ports } from "../shared/config";

export class Broker {
  private readonly frontend = new zmq.Router({ linger: 0 });
  private readonly backend = new zmq.Dealer({ linger: 0 });

  async start(): Promise<void> {
    await this.frontend.bind(\`tcp://*:\${ports.frontend}\`);
    await this.backend.bind(\`tcp://127.0.0.1:\${ports.backend}\`);
  }
}

await new Broker().start();
`,
    [WORKER]: `import { brokerHost, ports } from "../shared/config";
import { makeWorkerSocket } from "../shared/sockets";

const jobs = makeWorkerSocket();
jobs.connect(\`tcp://\${brokerHost}:\${ports.backend}\`);
`,
  },
};

/** The declaration the project matches exactly. */
const topology = `topology "jobs"

component broker {
  program "src/broker/main"
  socket frontend: ROUTER {
    bind tcp://*:{frontend_port}
  }
  socket backend: DEALER {
    bind tcp://127.0.0.1:{backend_port}
  }
}

component worker {
  program "src/worker/main"
  socket jobs: REP {
    connect tcp://{broker_host}:{backend_port}
    option receiveTimeout <= 5000
    option linger = 0
  }
}

link worker.jobs -> broker.backend
`;

function replaced(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `fixture has no ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

/** The project with one edit in one file. */
function edited(file: string, from: string, to: string, base: Project = project): Project {
  return { ...base, files: { ...base.files, [file]: replaced(base.files[file]!, from, to) } };
}

function drift(p: Project, text: string, options: CheckOptions = {}): Finding[] {
  return check(p, { rule: "topology-drift", topology: { file: TOPOLOGY, text }, ...options });
}

/** Each finding as `file:line:col message` followed by its related locations, for exact comparison. */
function describeAll(findings: Finding[]): string[] {
  return findings.map((f) => [`${where(f)} ${f.message}`, ...f.related.map((r) => `  -> ${where({ ...f, location: r.location })} ${r.message}`)].join("\n"));
}

function assertDrift(p: Project, text: string, expected: string[]): Finding[] {
  const findings = drift(p, text);
  assert.deepEqual(describeAll(findings), expected);
  return findings;
}

/** The topology text after the finding's declaration-side quick fix. */
function fixedTopology(text: string, f: Finding): string {
  const fix = quickFix(f);
  assert.ok(fix.edits.every((e) => e.file === TOPOLOGY), "declaration-side fixes edit the topology file only");
  return applyEdits(text, fix.edits).text;
}

describe("topology-drift", () => {
  test("a matching declaration reports nothing", () => {
    assert.deepEqual(describeAll(drift(project, topology)), []);
  });

  test("without a topology file the rule reports nothing, however different the code", () => {
    const p = edited(BROKER, "new zmq.Dealer", "new zmq.Router");
    assert.deepEqual(check(p, { rule: "topology-drift" }), []);
  });

  test('"topology-drift": "off" reports nothing', () => {
    const p = edited(BROKER, "new zmq.Dealer", "new zmq.Router");
    assert.equal(drift(p, topology).length, 2, "the drift is there while the rule is on");
    assert.deepEqual(drift(p, topology, { rules: { "topology-drift": "off" } }), []);
  });

  test("a declared socket the code does not make: at the declaration's role", () => {
    const text = replaced(topology, "  socket backend:", "  socket monitor: PUB {\n    bind tcp://127.0.0.1:5557\n  }\n  socket backend:");
    assertDrift(project, text, [
      "topology.zmqtopo:8:10 broker.monitor (PUB) is declared, but program src/broker/main makes no such socket.",
    ]);
  });

  test("a declaration without a role (a syntax error, reported as such) is not reported again as drift", () => {
    const text = replaced(topology, "  socket backend:", "  socket 9monitor: PUB {\n    bind tcp://127.0.0.1:5557\n  }\n  socket backend:");
    assert.deepEqual(declaredTopology(TOPOLOGY, text).tree.errors.map((e) => e.message), ["expected a socket role, found '9'"]);
    assert.deepEqual(describeAll(drift(project, text)), []);
  });

  test("a code socket its component does not declare: at the creation and the component, with a fix that declares it", () => {
    const p = edited(BROKER, "  async start", "  private readonly events = new zmq.Publisher({ linger: 0 });\n\n  async start");
    const findings = assertDrift(p, topology, [
      "main.ts:8:29 PUB socket `this.events` is not declared in component broker of topology.zmqtopo.\n  -> topology.zmqtopo:3:11 component broker (src/broker/main)",
      "topology.zmqtopo:3:11 Program src/broker/main also makes PUB socket `this.events`, which component broker does not declare.\n  -> main.ts:8:29 the PUB socket in code",
    ]);
    assert.equal(findings[0]!.location.file, BROKER);
    // Both ends offer the same declaration: from the code, the edit lands in the topology file.
    assert.deepEqual(quickFix(findings[0]!).edits, quickFix(findings[1]!).edits);
    assert.equal(quickFix(findings[1]!).title, "Declare PUB socket `this.events` in broker");
    const fixed = fixedTopology(topology, findings[1]!);
    assert.equal(fixed, replaced(topology, "    bind tcp://127.0.0.1:{backend_port}\n  }\n}", "    bind tcp://127.0.0.1:{backend_port}\n  }\n\n  socket events: PUB {\n    option linger = 0\n  }\n}"));
    assert.deepEqual(describeAll(drift(p, fixed)), []);
  });

  test("a program no component declares: one finding per socket and one on the topology line", () => {
    const text = topology.replace(/component worker[\s\S]*$/, "");
    assertDrift(project, text, [
      "main.ts:4:14 REP socket `jobs` of program src/worker/main is not in topology.zmqtopo: no component declares that program.\n  -> topology.zmqtopo:1:10 the topology file",
      "topology.zmqtopo:1:10 Program src/worker/main makes 1 ZeroMQ socket but topology.zmqtopo declares no component for it: add one (`component ... { program \"src/worker/main\" }`) or remove the code.\n  -> main.ts:4:14 REP socket `jobs` of src/worker/main",
    ]);
  });

  test("a program no component declares: both findings offer to declare it, as the code has it, and then nothing drifts", () => {
    const text = topology.replace(/component worker[\s\S]*$/, "");
    const [inCode, inFile] = drift(project, text);
    assert.equal(quickFix(inCode!).title, "Declare program src/worker/main as component worker");
    assert.deepEqual(quickFix(inCode!).edits, quickFix(inFile!).edits);
    const fixed = fixedTopology(text, inFile!);
    assert.equal(fixed.slice(text.length), "component worker {\n  program \"src/worker/main\"\n\n  socket jobs: REP {\n    connect tcp://localhost:5556\n    option linger = 0\n    option receiveTimeout = 2500\n  }\n}\n");
    assert.deepEqual(describeAll(drift(project, fixed)), []);
  });

  test("a program with two undeclared sockets: both listed on the topology line", () => {
    const p = edited(WORKER, "const jobs = makeWorkerSocket();\n", "const jobs = makeWorkerSocket();\nconst events = makeWorkerSocket();\n");
    const findings = drift(p, topology.replace(/component worker[\s\S]*$/, ""));
    assert.deepEqual(findings.map(where), ["main.ts:4:14", "main.ts:5:16", "topology.zmqtopo:1:10"]);
    assert.match(findings[2]!.message, /^Program src\/worker\/main makes 2 ZeroMQ sockets but/);
    assert.deepEqual(findings[2]!.related.map((r) => `${r.location.line}:${r.location.column} ${r.message}`), ["4:14 REP socket `jobs` of src/worker/main", "5:16 REP socket `events` of src/worker/main"]);
  });

  test("a type other than the declared one: at the creation and the type, fix replaces the type", () => {
    const text = replaced(topology, "backend: DEALER", "backend: ROUTER");
    const findings = assertDrift(project, text, [
      "main.ts:6:30 broker.backend is declared as ROUTER, but the code makes a DEALER socket.\n  -> topology.zmqtopo:8:10 declared in topology.zmqtopo as broker.backend",
      "topology.zmqtopo:8:19 broker.backend is declared as ROUTER, but the code makes a DEALER socket.\n  -> main.ts:6:30 the DEALER socket in code",
    ]);
    const fixed = fixedTopology(text, findings[1]!);
    assert.equal(fixed, topology);
    assert.deepEqual(drift(project, fixed), []);
  });

  test("one endpoint that differs: a pair, and the fix declares the code's endpoint", () => {
    const text = replaced(topology, "127.0.0.1:{backend_port}", "127.0.0.1:6000");
    const findings = assertDrift(project, text, [
      "main.ts:10:29 DEALER socket `this.backend` binds tcp://127.0.0.1:5556, but broker.backend declares tcp://127.0.0.1:6000.\n  -> topology.zmqtopo:9:10 declared here",
      "topology.zmqtopo:9:10 broker.backend should bind tcp://127.0.0.1:6000, but the code never does; it binds tcp://127.0.0.1:5556.\n  -> main.ts:10:29 binds tcp://127.0.0.1:5556 here",
    ]);
    const fixed = fixedTopology(text, findings[1]!);
    assert.equal(fixed, replaced(topology, "127.0.0.1:{backend_port}", "127.0.0.1:5556"));
    assert.deepEqual(drift(project, fixed), []);
  });

  test("a declared endpoint the code never uses: at the endpoint and the socket", () => {
    const text = replaced(topology, "    bind tcp://*:{frontend_port}\n", "    bind tcp://*:{frontend_port}\n    bind ipc:///tmp/frontend.sock\n");
    const findings = assertDrift(project, text, [
      "main.ts:5:31 ROUTER socket `this.frontend` never binds ipc:///tmp/frontend.sock, which broker.frontend declares.\n  -> topology.zmqtopo:7:10 declared here",
      "topology.zmqtopo:7:10 broker.frontend should bind ipc:///tmp/frontend.sock, but the code never does.\n  -> main.ts:5:31 the socket in code",
    ]);
    assert.equal(findings[1]!.fixes?.some((x) => x.kind === "quickfix") ?? false, false, "nothing in code to declare instead");
  });

  test("an endpoint the code uses that the declaration does not list: at the call", () => {
    const p = edited(BROKER, "    await this.backend.bind", "    await this.frontend.bind(\"ipc:///tmp/frontend.sock\");\n    await this.backend.bind");
    assertDrift(p, topology, [
      "main.ts:10:30 ROUTER socket `this.frontend` binds ipc:///tmp/frontend.sock, which broker.frontend does not declare.\n  -> topology.zmqtopo:5:10 declared in topology.zmqtopo as broker.frontend",
    ]);
  });

  test("a placeholder that takes two values: the value most endpoints agree on is the reference; the odd one out is reported at both ends", () => {
    // {backend_port} is 5556 at the backend's bind and the worker's connect, 5555 at the frontend: one finding pair, on the frontend.
    const text = replaced(topology, "bind tcp://*:{frontend_port}", "bind tcp://*:{backend_port}");
    assertDrift(project, text, [
      "main.ts:9:30 Placeholder {backend_port} is 5555 here (tcp://*:5555) but 5556 in tcp://127.0.0.1:5556: one placeholder must take one value.\n  -> topology.zmqtopo:6:10 declared here\n  -> main.ts:10:29 tcp://127.0.0.1:5556 here",
      "topology.zmqtopo:6:10 Placeholder {backend_port} is 5555 here (tcp://*:5555) but 5556 in tcp://127.0.0.1:5556: one placeholder must take one value.\n  -> main.ts:9:30 tcp://*:5555 here\n  -> main.ts:10:29 tcp://127.0.0.1:5556 here",
    ]);
  });

  test("a placeholder next to an unresolved part of the code endpoint is still checked", () => {
    // The host comes from the environment only; the port is known, and is the frontend's, not the backend's.
    const p = edited(WORKER, "jobs.connect(`tcp://${brokerHost}:${ports.backend}`);", "jobs.connect(`tcp://${process.env.BROKER_HOST}:${ports.frontend}`);");
    assert.deepEqual(drift(p, topology).map((f) => `${where(f)} ${f.message}`), [
      "main.ts:5:14 Placeholder {backend_port} is 5555 here (tcp://${process.env.BROKER_HOST}:5555) but 5556 in tcp://127.0.0.1:5556: one placeholder must take one value.",
      "main.ts:5:14 worker.jobs connects to broker.frontend at tcp://${process.env.BROKER_HOST}:5555, but no `link` in topology.zmqtopo allows it.",
      "topology.zmqtopo:15:10 worker.jobs connects to broker.frontend at tcp://${process.env.BROKER_HOST}:5555, but no `link` in topology.zmqtopo allows it.",
      "topology.zmqtopo:16:13 Placeholder {backend_port} is 5555 here (tcp://${process.env.BROKER_HOST}:5555) but 5556 in tcp://127.0.0.1:5556: one placeholder must take one value.",
      "topology.zmqtopo:22:1 The link worker.jobs -> broker.backend is declared, but the code makes no such connection.",
    ]);
    const same = edited(WORKER, "jobs.connect(`tcp://${brokerHost}:${ports.backend}`);", "jobs.connect(`tcp://${process.env.BROKER_HOST}:${ports.backend}`);");
    assert.deepEqual(drift(same, topology), [], "the unresolved host takes no value, so it never clashes");
  });

  describe("security", () => {
    const curveFrontend = replaced(topology, "    bind tcp://*:{frontend_port}\n", "    bind tcp://*:{frontend_port}\n    security curve\n");

    test("CURVE declared, the code leaves NULL: at the creation and the security line", () => {
      assertDrift(project, curveFrontend, [
        "main.ts:5:31 broker.frontend must use CURVE, but the code gives ROUTER socket `this.frontend` no security (NULL).\n  -> topology.zmqtopo:7:14 required here",
        "topology.zmqtopo:7:14 broker.frontend must use CURVE, but the code gives ROUTER socket `this.frontend` no security (NULL).\n  -> main.ts:5:31 the socket in code",
      ]);
    });

    test("CURVE declared, the server sets curveServer and a secret key: no drift", () => {
      const p = edited(BROKER, "new zmq.Router({ linger: 0 })", "new zmq.Router({ linger: 0, curveServer: true, curveSecretKey: process.env.BROKER_SECRET_KEY })");
      assert.deepEqual(describeAll(drift(p, curveFrontend)), []);
    });

    test("CURVE declared, the client sets curveServerKey from process.env: no drift", () => {
      const p = edited(WORKER, "const jobs = makeWorkerSocket();\n", "const jobs = makeWorkerSocket();\njobs.curveServerKey = process.env.BROKER_PUBLIC_KEY ?? \"\";\n");
      const text = replaced(topology, "    option linger = 0\n", "    option linger = 0\n    security curve\n");
      assert.deepEqual(describeAll(drift(p, text)), []);
      assert.equal(drift(project, text).length, 2, "without the key the same declaration drifts");
    });

    test("PLAIN declared: plainServer satisfies it, NULL does not", () => {
      const text = replaced(topology, "    bind tcp://*:{frontend_port}\n", "    bind tcp://*:{frontend_port}\n    security plain\n");
      assert.deepEqual(describeAll(drift(edited(BROKER, "new zmq.Router({ linger: 0 })", "new zmq.Router({ linger: 0, plainServer: true })"), text)), []);
      assert.deepEqual(drift(project, text).map((f) => `${where(f)} ${f.message}`), [
        "main.ts:5:31 broker.frontend must use PLAIN, but the code gives ROUTER socket `this.frontend` no security (NULL).",
        "topology.zmqtopo:7:14 broker.frontend must use PLAIN, but the code gives ROUTER socket `this.frontend` no security (NULL).",
      ]);
    });
  });

  describe("option requirements", () => {
    test("receiveTimeout <= 5000 met by 2500 and linger = 0 met by 0: no drift", () => {
      assert.deepEqual(drift(project, topology), []);
    });

    test("receiveTimeout left unset: libzmq's -1, no limit, fails <= 5000", () => {
      const p = edited(FACTORY, "linger: 0, receiveTimeout: 2500", "linger: 0");
      assertDrift(p, topology, [
        "main.ts:4:14 worker.jobs requires receiveTimeout <= 5000, but the code leaves it at libzmq's default, -1 (no limit).\n  -> topology.zmqtopo:17:12 required here",
        "topology.zmqtopo:17:12 worker.jobs requires receiveTimeout <= 5000, but the code leaves it at libzmq's default, -1 (no limit).\n  -> main.ts:4:14 the socket in code",
      ]);
    });

    test("a value that fails the requirement: at the setting", () => {
      const p = edited(FACTORY, "receiveTimeout: 2500", "receiveTimeout: 9000");
      assertDrift(p, topology, [
        "sockets.ts:4:53 worker.jobs requires receiveTimeout <= 5000, but the code sets it to 9000.\n  -> topology.zmqtopo:17:12 required here",
        "topology.zmqtopo:17:12 worker.jobs requires receiveTimeout <= 5000, but the code sets it to 9000.\n  -> sockets.ts:4:53 set here",
      ]);
    });

    test("mandatory = true left unset: drift", () => {
      const text = replaced(topology, "    bind tcp://*:{frontend_port}\n", "    bind tcp://*:{frontend_port}\n    option mandatory = true\n");
      assertDrift(project, text, [
        "main.ts:5:31 broker.frontend requires mandatory = true, but the code leaves it at libzmq's default, false.\n  -> topology.zmqtopo:7:12 required here",
        "topology.zmqtopo:7:12 broker.frontend requires mandatory = true, but the code leaves it at libzmq's default, false.\n  -> main.ts:5:31 the socket in code",
      ]);
    });

    test("an option set from a value the analysis cannot read: no drift", () => {
      const p = edited(FACTORY, "receiveTimeout: 2500", "receiveTimeout: Number(process.env.TIMEOUT)");
      assert.deepEqual(drift(p, topology), []);
    });

    test("options spread from an unknown object: no drift", () => {
      const p = edited(FACTORY, "{ linger: 0, receiveTimeout: 2500 }", "{ ...socketDefaults() }");
      assert.deepEqual(drift(p, topology), []);
    });
  });

  describe("links", () => {
    test("a connection no link allows, and a link never made", () => {
      const text = replaced(topology, "link worker.jobs -> broker.backend", "link worker.jobs -> broker.frontend");
      assertDrift(project, text, [
        "main.ts:5:14 worker.jobs connects to broker.backend at tcp://localhost:5556, but no `link` in topology.zmqtopo allows it.\n  -> main.ts:10:29 bound here\n  -> topology.zmqtopo:15:10 declared in topology.zmqtopo as worker.jobs",
        "topology.zmqtopo:15:10 worker.jobs connects to broker.backend at tcp://localhost:5556, but no `link` in topology.zmqtopo allows it.\n  -> main.ts:5:14 connects here\n  -> main.ts:10:29 bound here",
        "topology.zmqtopo:22:1 The link worker.jobs -> broker.frontend is declared, but the code makes no such connection.",
      ]);
    });

    test("a link by component allows any of its sockets", () => {
      assert.deepEqual(drift(project, replaced(topology, "link worker.jobs -> broker.backend", "link worker -> broker")), []);
    });

    test("a link to a socket the code does not make says which side is missing", () => {
      const text = replaced(topology, "link worker.jobs -> broker.backend", "link worker.jobs -> broker.backend\nlink worker.jobs -> broker.frontend");
      assertDrift(project, text, [
        "topology.zmqtopo:23:1 The link worker.jobs -> broker.frontend is declared, but the code makes no such connection.",
      ]);
    });

    test("a file without links checks no connection", () => {
      const text = replaced(topology, "link worker.jobs -> broker.backend\n", "");
      assert.deepEqual(drift(project, text), []);
      const rewired = edited(WORKER, "const jobs = makeWorkerSocket();\n", "const jobs = makeWorkerSocket();\njobs.connect(`tcp://${brokerHost}:${ports.frontend}`);\n");
      // The new connection is to the frontend: with links it would be reported; without, only the port is.
      assert.deepEqual(drift(rewired, text).map((f) => `${where(f)} ${f.message}`), [
        "main.ts:5:14 Placeholder {backend_port} is 5555 here (tcp://localhost:5555) but 5556 in tcp://127.0.0.1:5556: one placeholder must take one value.",
        "topology.zmqtopo:16:13 Placeholder {backend_port} is 5555 here (tcp://localhost:5555) but 5556 in tcp://127.0.0.1:5556: one placeholder must take one value.",
      ]);
      assert.equal(drift(rewired, topology).filter((f) => /no `link`/.test(f.message)).length, 2, "with the link line, the same connection is reported");
    });
  });

  describe("matching order", () => {
    const feed: Project = {
      packages: { "/ws": { name: "feed", main: "src/feed/main.ts" } },
      files: {
        "/ws/src/feed/main.ts": `import { Push } from "zeromq";

const fast = new Push({ linger: 0 });
await fast.bind("tcp://127.0.0.1:7001");
const slow = new Push({ linger: 0 });
await slow.bind("tcp://127.0.0.1:7002");
`,
      },
    };
    const declare = (first: string, second: string): string => `component feed {
  program "src/feed/main"
  socket ${first}
  socket ${second}
}
`;

    test("two PUSH sockets told apart by role, whatever the declaration order", () => {
      assert.deepEqual(drift(feed, declare("slow: PUSH {\n    bind tcp://127.0.0.1:7002\n  }", "fast: PUSH {\n    bind tcp://127.0.0.1:7001\n  }")), []);
    });

    test("the role wins over a shared endpoint: swapped endpoints are reported on the role's socket", () => {
      const findings = drift(feed, declare("slow: PUSH {\n    bind tcp://127.0.0.1:7001\n  }", "fast: PUSH {\n    bind tcp://127.0.0.1:7002\n  }"));
      assert.deepEqual(findings.map((f) => `${where(f)} ${f.message}`), [
        "main.ts:4:17 PUSH socket `fast` binds tcp://127.0.0.1:7001, but feed.fast declares tcp://127.0.0.1:7002.",
        "main.ts:6:17 PUSH socket `slow` binds tcp://127.0.0.1:7002, but feed.slow declares tcp://127.0.0.1:7001.",
        "topology.zmqtopo:4:10 feed.slow should bind tcp://127.0.0.1:7001, but the code never does; it binds tcp://127.0.0.1:7002.",
        "topology.zmqtopo:7:10 feed.fast should bind tcp://127.0.0.1:7002, but the code never does; it binds tcp://127.0.0.1:7001.",
      ]);
    });

    test("roles that name no holder: told apart by endpoint", () => {
      assert.deepEqual(drift(feed, declare("low: PUSH {\n    bind tcp://127.0.0.1:7002\n  }", "high: PUSH {\n    bind tcp://127.0.0.1:7001\n  }")), []);
    });

    test("roles that name no holder, no endpoints: the type pairs only where it leaves no choice, and a missing socket names the candidates", () => {
      const PUSH_HINT = "Its PUSH sockets `fast`, `slow` go by other names: name the role after the variable or field that holds the socket, or declare an endpoint it uses.";
      // Two PUSH declarations, two PUSH sockets, no name or endpoint in common: nothing says which is which.
      assert.deepEqual(drift(feed, declare("low: PUSH", "high: PUSH")).map((f) => `${where(f)} ${f.message}`), [
        "main.ts:3:14 PUSH socket `fast` is not declared in component feed of topology.zmqtopo.",
        "main.ts:5:14 PUSH socket `slow` is not declared in component feed of topology.zmqtopo.",
        "topology.zmqtopo:1:11 Program src/feed/main also makes PUSH socket `fast`, which component feed does not declare.",
        "topology.zmqtopo:1:11 Program src/feed/main also makes PUSH socket `slow`, which component feed does not declare.",
        `topology.zmqtopo:3:10 feed.low (PUSH) is declared, but program src/feed/main makes no such socket. ${PUSH_HINT}`,
        `topology.zmqtopo:4:10 feed.high (PUSH) is declared, but program src/feed/main makes no such socket. ${PUSH_HINT}`,
      ]);
      // One declaration by role (`fast`), the other the only PUSH left on both sides: paired.
      assert.deepEqual(drift(feed, declare("low: PUSH", "fast: PUSH")), []);
    });
  });

  test("a role named like a keyword: `socket socket: REQ` matches `this.socket`", () => {
    const p: Project = {
      packages: { "/ws": { name: "client", main: "src/client/main.ts" } },
      files: {
        "/ws/src/client/main.ts": `import * as zmq from "zeromq";

class Client {
  private readonly socket = new zmq.Request({ linger: 0, receiveTimeout: 1000 });

  start(): void {
    this.socket.connect("tcp://127.0.0.1:5555");
  }
}

new Client().start();
`,
      },
    };
    const text = `component client {
  program "src/client/main"
  socket socket: REQ {
    connect tcp://127.0.0.1:5555
  }
}
`;
    const tree = declaredTopology(TOPOLOGY, text).tree;
    assert.deepEqual(tree.errors.map((e) => e.message), [], "a keyword is a valid role");
    assert.deepEqual(tree.components[0]!.sockets.map((s) => `${s.role.value}: ${s.type.value}`), ["socket: REQ"]);
    assert.deepEqual(describeAll(drift(p, text)), []);
    const withType = drift(p, replaced(text, "socket socket: REQ", "socket socket: DEALER"));
    assert.deepEqual(withType.map(where), ["main.ts:4:29", "topology.zmqtopo:3:18"], "the declaration is paired with this.socket by its role");
  });
});

describe("topology-drift: addresses, programs and scope", () => {
  /** One program per entry file, each making the sockets in `code` (a statement list). */
  const single = (code: string, more: Record<string, string> = {}): Project => ({
    packages: { "/ws": { name: "app", scripts: { server: "tsx src/server/main.ts", client: "tsx src/client/main.ts" } } },
    files: { "/ws/src/server/main.ts": `import * as zmq from "zeromq";\n\n${code}\n`, ...more },
  });

  test("a `#` inside an endpoint is part of it: inproc://#1 survives init and matches", () => {
    const p = single(`const pub = new zmq.Publisher({ linger: 0 });\nawait pub.bind("inproc://#1");`);
    const text = `component server {\n  program "src/server/main"\n  socket pub: PUB {\n    bind inproc://#1 # the name libzmq got\n  }\n}\n`;
    assert.deepEqual(declaredTopology(TOPOLOGY, text).tree.components[0]!.sockets[0]!.endpoints.map((e) => e.text), ["inproc://#1"]);
    assert.deepEqual(describeAll(drift(p, text)), []);
  });

  test("placeholders over IPv6 hosts take the whole bracketed host: no false placeholder drift", () => {
    const p = single(`const rep = new zmq.Reply({ linger: 0 });\nawait rep.bind("tcp://[::]:5555");`, {
      "/ws/src/client/main.ts": `import * as zmq from "zeromq";\n\nconst req = new zmq.Request({ linger: 0 });\nreq.connect("tcp://[::1]:5555");\n`,
    });
    const text = `component server {\n  program "src/server/main"\n  socket rep: REP {\n    bind tcp://{listen}:{port}\n  }\n}\n\n` +
      `component client {\n  program "src/client/main"\n  socket req: REQ {\n    connect tcp://{server}:{port}\n  }\n}\n`;
    assert.deepEqual(describeAll(drift(p, text)), []);
    // The ports differ: one finding pair, naming the port alone.
    const moved = edited("/ws/src/client/main.ts", "tcp://[::1]:5555", "tcp://[::1]:5556", p);
    assert.deepEqual(drift(moved, text).map((f) => f.message), [
      "Placeholder {port} is 5556 here (tcp://[::1]:5556) but 5555 in tcp://[::]:5555: one placeholder must take one value.",
      "Placeholder {port} is 5556 here (tcp://[::1]:5556) but 5555 in tcp://[::]:5555: one placeholder must take one value.",
    ]);
  });

  test("a `program` no code has: one finding on that line, with the program its name is close to", () => {
    const text = replaced(topology, 'program "src/broker/main"', 'program "src/brokr/main"');
    const findings = drift(project, text);
    const onProgram = findings.filter((f) => f.location.file === TOPOLOGY && f.location.line === 4);
    assert.deepEqual(onProgram.map((f) => `${where(f)} ${f.message}`), [
      "topology.zmqtopo:4:11 Component broker: no program src/brokr/main makes a ZeroMQ socket in this workspace. Did you mean src/broker/main? Its 2 sockets are not checked.",
    ]);
    assert.ok(!findings.some((f) => /^broker\.\w+ \(\w+\) is declared, but/.test(f.message)), "no per-socket 'declared, but' finding for that component");
  });

  test("0 means no limit for the high-water marks: `sendHighWaterMark <= 10000` rejects it", () => {
    const p = single(`const push = new zmq.Push({ linger: 0, sendHighWaterMark: 0 });\nawait push.bind("tcp://127.0.0.1:7000");`);
    const text = `component server {\n  program "src/server/main"\n  socket push: PUSH {\n    option sendHighWaterMark <= 10000\n  }\n}\n`;
    assert.deepEqual(drift(p, text).map((f) => f.message), [
      "server.push requires sendHighWaterMark <= 10000, but the code sets it to 0 (no limit).",
      "server.push requires sendHighWaterMark <= 10000, but the code sets it to 0 (no limit).",
    ]);
    assert.deepEqual(drift(p, text.replace("<= 10000", ">= 1000")), [], "no limit is at least 1000");
  });

  test("the topology file describes its folder: code elsewhere in the workspace is not compared", () => {
    const p: Project = {
      packages: { "/ws/a": { name: "a", main: "src/main.ts" }, "/ws/b": { name: "b", main: "src/main.ts" } },
      files: {
        "/ws/a/src/main.ts": `import * as zmq from "zeromq";\n\nconst pub = new zmq.Publisher({ linger: 0 });\nawait pub.bind("tcp://127.0.0.1:7100");\n`,
        "/ws/b/src/main.ts": `import * as zmq from "zeromq";\n\nconst pull = new zmq.Pull({ linger: 0 });\nawait pull.bind("tcp://127.0.0.1:7200");\n`,
      },
    };
    const text = `component a {\n  program "src/main"\n  socket pub: PUB\n}\n`;
    const everything = check(p, { rule: "topology-drift", topology: { file: "/ws/a/topology.zmqtopo", text } });
    assert.ok(everything.some((f) => f.location.file === "/ws/b/src/main.ts"), "without a root, b's socket counts as undeclared");
    const scoped = check(p, { rule: "topology-drift", topology: { file: "/ws/a/topology.zmqtopo", text, root: "/ws/a" } });
    assert.deepEqual(describeAll(scoped), []);
  });

  test("a connection whose end the file does not declare is reported once, as that undeclared socket", () => {
    const p = edited(WORKER, "jobs.connect(", "const probe = makeWorkerSocket();\nprobe.connect(`tcp://${brokerHost}:${ports.backend}`);\njobs.connect(");
    assert.deepEqual(drift(p, topology).filter((f) => f.location.file !== TOPOLOGY).map((f) => f.message), [
      "REP socket `probe` is not declared in component worker of topology.zmqtopo.",
    ]);
  });

  test("an option libzmq does not have is the file's error, not drift", () => {
    const text = replaced(topology, "option receiveTimeout <= 5000", "option recieveTimeout <= 5000");
    assert.deepEqual(declaredTopology(TOPOLOGY, text).tree.errors.map((e) => e.message), ["unknown option 'recieveTimeout'; did you mean 'receiveTimeout'?"]);
    assert.deepEqual(describeAll(drift(project, text)), []);
  });

  test("a socket type libzmq does not have is the file's error, not drift", () => {
    const text = replaced(topology, "backend: DEALER", "backend: DEALR");
    assert.deepEqual(declaredTopology(TOPOLOGY, text).tree.errors.map((e) => e.kind), ["unknown-name"]);
    assert.deepEqual(describeAll(drift(project, text)), []);
  });
});
