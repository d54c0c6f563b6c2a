/**
 * `zmq-topology init` (topologyFromCode): the file it writes parses without errors, and checking the
 * code against it right away reports no topology-drift (docs/rules/topology-drift.md, "Fix").
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";
import { runRules } from "../../server/src/analysis/check";
import { SocketGraph } from "../../server/src/analysis/graph";
import { loadPaths, readSourceText } from "../../server/src/analysis/loader";
import { declaredTopology } from "../../server/src/analysis/topologyFile/declared";
import { topologyFromCode } from "../../server/src/analysis/topologyFile/init";
import { readTopology } from "../../server/src/analysis/topologyFile/validate";
import { analyze, type Project } from "./helpers/workspace";
import type { GraphSnapshot } from "../../server/src/analysis/model";

const ROOT = path.resolve(__dirname, "../..");

/** Loads a folder the way the CLI does. */
function loadFolder(dir: string): { graph: SocketGraph; snapshot: GraphSnapshot } {
  const graph = new SocketGraph({ readText: (file) => {
    const read = readSourceText(file);
    return "text" in read ? read.text : undefined;
  } });
  loadPaths(graph, [dir]);
  return { graph, snapshot: graph.analyzeAll() };
}

function roundTrip(graph: SocketGraph, snapshot: GraphSnapshot, title: string): string {
  const text = topologyFromCode(snapshot, title);
  assert.deepEqual(readTopology(text).errors.map((e) => e.message), [], `the generated file has errors:\n${text}`);
  const topology = declaredTopology("/init/topology.zmqtopo", text);
  const drift = runRules(snapshot, graph, { topology, onRuleError: (rule, err) => assert.fail(`rule ${rule} threw: ${(err as Error).stack}`) })
    .filter((f) => f.rule === "topology-drift");
  assert.deepEqual(drift.map((f) => `${f.location.file}:${f.location.line}: ${f.message}`), [], `drift right after init:\n${text}`);
  return text;
}

describe("init round trip: no drift right after init", () => {
  // Every sample project of the repository: the examples and each fixture folder with sockets.
  const projectsUnder = (dir: string): string[] => fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== "rules" && e.name !== "topology")
    .map((e) => `${dir}/${e.name}`);
  const folders = ["examples", ...projectsUnder("test/fixtures"), ...projectsUnder("test/fixtures/rules")];
  test("covers the examples and every fixture project", () => assert.ok(folders.length > 25, String(folders.length)));
  for (const folder of folders) {
    test(folder, () => {
      const { graph, snapshot } = loadFolder(path.join(ROOT, folder));
      const text = roundTrip(graph, snapshot, path.basename(folder));
      if (snapshot.sockets.length > 0) assert.match(text, /^component /m);
    });
  }
});

describe("the generated text", () => {
  const project: Project = {
    packages: { "/ws": { name: "jobs", scripts: { broker: "tsx src/message_broker/main.ts", worker: "tsx src/worker.ts" } } },
    files: {
      "/ws/src/message_broker/main.ts": `import * as zmq from "zeromq";

export class Broker {
  private readonly frontend = new zmq.Router({ linger: 0, mandatory: true, curveServer: true, curveSecretKey: process.env.SECRET_KEY ?? "" });
  private readonly backend = new zmq.Dealer({ linger: 0 });
  private readonly audit = new zmq.Publisher();
  private readonly other = { backend: new zmq.Publisher({ sendHighWaterMark: 100 }) };

  async start(): Promise<void> {
    await this.frontend.bind("tcp://*:5555");
    await this.backend.bind("tcp://127.0.0.1:5556");
    await this.audit.bind(\`tcp://\${process.env.AUDIT_HOST}:5557\`);
    await this.other.backend.bind("ipc:///tmp/events.sock");
  }
}

await new Broker().start();
`,
      "/ws/src/worker.ts": `import * as zmq from "zeromq";

const jobs = new zmq.Reply({ plainUsername: "worker", plainPassword: process.env.PASSWORD ?? "", receiveTimeout: 2500 });
jobs.connect("tcp://localhost:5556");
`,
    },
  };

  test("names components from program paths, dedupes roles, writes placeholders, options and links, never secrets", () => {
    const { graph, snapshot } = analyze(project);
    const text = roundTrip(graph, snapshot, "jobs");
    assert.equal(text, `# The intended ZeroMQ topology of this system, checked by zmq-topology (rule topology-drift).
# Written by \`zmq-topology init\` from the code as it was: edit it into the design you want.
# Syntax: docs/topology-file.md
topology "jobs"

component message_broker {
  program "src/message_broker/main"

  socket frontend: ROUTER {
    bind tcp://*:5555
    security curve
    option linger = 0
    option mandatory = true
  }

  socket backend: DEALER {
    bind tcp://127.0.0.1:5556
    option linger = 0
  }

  socket audit: PUB {
    bind tcp://{AUDIT_HOST}:5557
  }

  socket backend-pub: PUB {
    bind ipc:///tmp/events.sock
    option sendHighWaterMark = 100
  }
}

component worker {
  program "src/worker"

  socket jobs: REP {
    connect tcp://localhost:5556
    security plain
    option receiveTimeout = 2500
  }
}

link worker.jobs -> message_broker.backend
`);
    assert.doesNotMatch(text, /curveSecretKey|plainPassword|plainUsername|SECRET_KEY|PASSWORD/);
  });
});

describe("placeholders", () => {
  test("one expression, one placeholder; two expressions, two placeholders (one placeholder takes one value)", () => {
    const { graph, snapshot } = analyze({
      packages: { "/ws": { name: "feeds", scripts: { server: "tsx src/server.ts", client: "tsx src/client.ts" } } },
      files: {
        "/ws/src/config.ts": "export const config = JSON.parse(process.env.CONFIG ?? \"{}\");\n",
        "/ws/src/server.ts": `import * as zmq from "zeromq";
import { config } from "./config";

const events = new zmq.Publisher();
await events.bind(\`tcp://*:\${config.pub.port}\`);
const jobs = new zmq.Pull();
await jobs.bind(\`tcp://*:\${config.pull.port}\`);
`,
        "/ws/src/client.ts": `import * as zmq from "zeromq";
import { config } from "./config";

const feed = new zmq.Subscriber();
feed.connect(\`tcp://\${config.host}:\${config.pub.port}\`);
feed.subscribe("");
`,
      },
    });
    const text = roundTrip(graph, snapshot, "feeds");
    const endpoints = text.split("\n").filter((l) => /^\s+(bind|connect) /.test(l)).map((l) => l.trim());
    assert.deepEqual(endpoints, [
      "connect tcp://{host}:{port}",
      "bind tcp://*:{port}",
      "bind tcp://*:{pull_port}",
    ]);
  });
});

describe("roles", () => {
  test("sockets no name holds are named after their type: push, push-2 (not push-push)", () => {
    const { graph, snapshot } = analyze({
      packages: { "/ws": { name: "pool", main: "src/pool.ts" } },
      files: {
        "/ws/src/pool.ts": `import { Push } from "zeromq";

const pool = [new Push({ sendTimeout: 5 }), new Push({ sendTimeout: 0 })];
await pool[0]!.bind("tcp://127.0.0.1:7001");
`,
      },
    });
    const text = roundTrip(graph, snapshot, "pool");
    assert.deepEqual(text.split("\n").filter((l) => l.startsWith("  socket ")), ["  socket push: PUSH {", "  socket push-2: PUSH {"]);
  });
});
