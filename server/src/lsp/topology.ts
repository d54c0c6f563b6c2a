import type { Finding } from "../analysis/diagnostics";
import type { EndpointUse, GraphSnapshot, SourceLocation, ZmqSocket } from "../analysis/model";
import type { DeclaredTopology } from "../analysis/topologyFile/declared";
import type { DriftReport } from "../analysis/topologyFile/drift";
import type { TopologyDeclaration, TopologyEndpoint, TopologyRange, TopologySocket, TopologyView } from "../protocol";
import { toRange } from "./diagnostics";
import { fileToUri } from "./uris";

/** A topology file in effect, and how the code compares with it. */
export interface DeclaredInEffect {
  topology: DeclaredTopology;
  report: DriftReport;
}

/**
 * The snapshot as the `zmq/topology` request returns it: plain JSON, LSP ranges, problem counts per
 * socket, and for sockets a topology file declares, where, and how they drift from it.
 */
export function topologyView(snapshot: GraphSnapshot, findings: readonly Finding[], generation: number, declared: readonly DeclaredInEffect[] = []): TopologyView {
  const declarations = new Map<string, TopologyDeclaration>();
  for (const { topology, report } of declared) {
    for (const m of report.matches) {
      const range = lspRange(topology.location(m.declaration.role.span));
      for (const s of m.sockets) if (!declarations.has(s.id)) declarations.set(s.id, { name: `${m.component.name.value}.${m.declaration.role.value}`, range });
    }
  }
  return {
    generation,
    sockets: snapshot.sockets.map((s) => topologySocket(s, findings, declarations.get(s.id))),
    links: snapshot.links.map((l) => ({ from: l.from, to: l.to, endpoint: l.endpoint, compatible: l.compatible, certain: l.certain })),
  };
}

function topologySocket(socket: ZmqSocket, findings: readonly Finding[], declaration: TopologyDeclaration | undefined): TopologySocket {
  const problems = { error: 0, warning: 0, information: 0, hint: 0 };
  const drift: string[] = [];
  // A finding belongs to a socket when it points at the socket's creation or one of its uses.
  const places = [socket.location, socket.createdAt, ...socket.binds.map((b) => b.location), ...socket.connects.map((c) => c.location),
    ...socket.uses.map((u) => u.location), ...socket.options.map((o) => o.location)];
  for (const f of findings) {
    if (!places.some((p) => p && samePlace(p, f.location))) continue;
    problems[f.severity]++;
    if (f.rule === TOPOLOGY_DRIFT) drift.push(f.message);
  }
  return {
    ...(declaration ? { declaration } : {}),
    drift,
    id: socket.id,
    type: socket.type,
    holder: socket.holder,
    uri: fileToUri(socket.location.file),
    range: lspRange(socket.location),
    components: socket.components,
    binds: socket.binds.map(endpoint),
    connects: socket.connects.map(endpoint),
    options: socket.options.map((o) => ({ name: o.name, value: o.value })),
    problems,
  };
}

const TOPOLOGY_DRIFT = "topology-drift";

function endpoint(e: EndpointUse): TopologyEndpoint {
  return { endpoint: e.text, exact: e.exact, range: lspRange(e.location) };
}

function lspRange(loc: SourceLocation): TopologyRange {
  return { uri: fileToUri(loc.file), ...toRange(loc) };
}

function samePlace(a: SourceLocation, b: SourceLocation): boolean {
  return a.file === b.file && a.line === b.line && a.column === b.column;
}
