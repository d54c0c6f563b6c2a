/**
 * The sidebar's data (`zmq/topology`): which socket a topology file declares, and which drift is whose.
 * Two programs connect through one shared helper; only the one that drifts may be marked.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { runRules } from "../../server/src/analysis/check";
import { declaredTopology } from "../../server/src/analysis/topologyFile/declared";
import { compareTopology } from "../../server/src/analysis/topologyFile/drift";
import { topologyView } from "../../server/src/lsp/topology";
import { analyze, type Project } from "./helpers/workspace";

const project: Project = {
  packages: { "/ws": { name: "probes", scripts: { client: "tsx src/client/main.ts", monitor: "tsx src/monitor/main.ts", server: "tsx src/server/main.ts" } } },
  files: {
    "/ws/src/shared/sockets.ts": `import * as zmq from "zeromq";

/** Every request client of the system, the same way. */
export function requestClient(endpoint: string): zmq.Request {
  const socket = new zmq.Request({ linger: 0, receiveTimeout: 2000 });
  socket.connect(endpoint);
  return socket;
}
`,
    "/ws/src/server/main.ts": `import * as zmq from "zeromq";

const replies = new zmq.Reply({ linger: 0 });
await replies.bind("tcp://127.0.0.1:5555");
`,
    "/ws/src/client/main.ts": `import { requestClient } from "../shared/sockets";

const requests = requestClient("tcp://localhost:5555");
`,
    "/ws/src/monitor/main.ts": `import { requestClient } from "../shared/sockets";

const probe = requestClient("tcp://localhost:5555");
`,
  },
};

const TOPOLOGY = `component server {
  program "src/server/main"
  socket replies: REP {
    bind tcp://127.0.0.1:{port}
  }
}

component client {
  program "src/client/main"
  socket requests: REQ {
    connect tcp://localhost:9999
  }
}

component monitor {
  program "src/monitor/main"
  socket probe: REQ {
    connect tcp://localhost:{port}
  }
}
`;

test("drift found at a use in a shared helper marks only the socket that drifts, and each socket names its declaration", () => {
  const { graph, snapshot } = analyze(project);
  const topology = declaredTopology("/ws/topology.zmqtopo", TOPOLOGY, "/ws");
  const findings = runRules(snapshot, graph, { topology });
  const drift = findings.filter((f) => f.rule === "topology-drift" && f.location.file !== topology.file);
  // The client's wrong endpoint is reported where the client's socket is made, not in the helper both share.
  assert.deepEqual(drift.map((f) => `${f.location.file}:${f.location.line}`), ["/ws/src/client/main.ts:3"]);
  const view = topologyView(snapshot, findings, 1, [{ topology, report: compareTopology(topology.tree, snapshot, topology.root) }]);
  const byDeclaration = new Map(view.sockets.map((s) => [s.declaration?.name, s]));
  assert.deepEqual([...byDeclaration.keys()].sort(), ["client.requests", "monitor.probe", "server.replies"]);
  assert.deepEqual(byDeclaration.get("monitor.probe")!.drift, []);
  assert.deepEqual(byDeclaration.get("server.replies")!.drift, []);
  assert.deepEqual(byDeclaration.get("client.requests")!.drift, [
    "REQ socket `requests` connects to tcp://localhost:5555, but client.requests declares tcp://localhost:9999.",
  ]);
  assert.equal(byDeclaration.get("client.requests")!.declaration!.range.start.line, 9);
});
