import type { Finding } from "../analysis/diagnostics";
import type { EndpointUse, GraphSnapshot, SourceLocation, ZmqSocket } from "../analysis/model";
import type { DeclaredTopology } from "../analysis/topologyFile/declared";
import type { DriftReport } from "../analysis/topologyFile/drift";
import type { TopologyDeclaration, TopologyEndpoint, TopologyMissingSocket, TopologyRange, TopologySocket, TopologyView } from "../protocol";
import { locationKey } from "../analysis/rules/endpointUses";
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
  const missing: TopologyMissingSocket[] = [];
  for (const { topology, report } of declared) {
    for (const m of report.matches) {
      const range = lspRange(topology.location(m.declaration.role.span));
      for (const s of m.sockets) if (!declarations.has(s.id)) declarations.set(s.id, { name: `${m.component.name.value}.${m.declaration.role.value}`, range });
    }
    for (const d of report.drifts) {
      // A component whose program no code has: its sockets are missing under the name it asked for.
      const sockets = d.kind === "missing-socket" ? [{ component: d.component, socket: d.declaration, program: d.program }]
        : d.kind === "unknown-program" ? d.component.sockets.map((socket) => ({ component: d.component, socket, program: d.wanted })) : [];
      for (const { component, socket, program } of sockets) {
        if (socket.role.value === "") continue;
        missing.push({ program, name: `${component.name.value}.${socket.role.value}`, type: socket.type.value, range: lspRange(topology.location(socket.role.span)) });
      }
    }
  }
  // A finding belongs to a socket when it points at the socket's creation or one of its uses. Drift is
  // shown only where that place is this socket's alone: a use in a helper other sockets share is not.
  const placesOf = new Map(snapshot.sockets.map((s) => [s, placesOfSocket(s)]));
  const owners = new Map<string, Set<string>>();
  for (const [s, places] of placesOf) for (const p of places) {
    let set = owners.get(p);
    if (!set) owners.set(p, (set = new Set()));
    set.add(locationKey(s.location));
  }
  const findingsAt = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = locationKey(f.location);
    let list = findingsAt.get(key);
    if (!list) findingsAt.set(key, (list = []));
    list.push(f);
  }
  return {
    generation,
    sockets: snapshot.sockets.map((s) => {
      const problems = { error: 0, warning: 0, information: 0, hint: 0 };
      const drift: string[] = [];
      for (const place of placesOf.get(s)!) {
        for (const f of findingsAt.get(place) ?? []) {
          problems[f.severity]++;
          if (f.rule === TOPOLOGY_DRIFT && owners.get(place)!.size === 1 && !drift.includes(f.message)) drift.push(f.message);
        }
      }
      return topologySocket(s, problems, drift, declarations.get(s.id));
    }),
    links: snapshot.links.map((l) => ({ from: l.from, to: l.to, endpoint: l.endpoint, compatible: l.compatible, certain: l.certain })),
    missing,
  };
}

/** The distinct places of a socket: its creation and every use. */
function placesOfSocket(socket: ZmqSocket): Set<string> {
  const places = [socket.location, socket.createdAt, ...socket.binds.map((b) => b.location), ...socket.connects.map((c) => c.location),
    ...socket.uses.map((u) => u.location), ...socket.options.map((o) => o.location)];
  return new Set(places.filter((p): p is SourceLocation => p !== undefined).map(locationKey));
}


function topologySocket(socket: ZmqSocket, problems: TopologySocket["problems"], drift: string[], declaration: TopologyDeclaration | undefined): TopologySocket {
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
