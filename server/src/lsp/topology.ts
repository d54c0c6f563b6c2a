import type { Finding } from "../analysis/diagnostics";
import type { EndpointUse, GraphSnapshot, SourceLocation, ZmqSocket } from "../analysis/model";
import type { TopologyEndpoint, TopologyRange, TopologySocket, TopologyView } from "../protocol";
import { toRange } from "./diagnostics";
import { fileToUri } from "./uris";

/** The snapshot as the `zmq/topology` request returns it: plain JSON, LSP ranges, problem counts per socket. */
export function topologyView(snapshot: GraphSnapshot, findings: readonly Finding[], generation: number): TopologyView {
  return {
    generation,
    sockets: snapshot.sockets.map((s) => topologySocket(s, findings)),
    links: snapshot.links.map((l) => ({ from: l.from, to: l.to, endpoint: l.endpoint, compatible: l.compatible, certain: l.certain })),
  };
}

function topologySocket(socket: ZmqSocket, findings: readonly Finding[]): TopologySocket {
  const problems = { error: 0, warning: 0, information: 0, hint: 0 };
  // A finding belongs to a socket when it points at the socket's creation or one of its uses.
  const places = [socket.location, socket.createdAt, ...socket.binds.map((b) => b.location), ...socket.connects.map((c) => c.location), ...socket.uses.map((u) => u.location)];
  for (const f of findings) if (places.some((p) => p && samePlace(p, f.location))) problems[f.severity]++;
  return {
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

function endpoint(e: EndpointUse): TopologyEndpoint {
  return { endpoint: e.text, exact: e.exact, range: lspRange(e.location) };
}

function lspRange(loc: SourceLocation): TopologyRange {
  return { uri: fileToUri(loc.file), ...toRange(loc) };
}

function samePlace(a: SourceLocation, b: SourceLocation): boolean {
  return a.file === b.file && a.line === b.line && a.column === b.column;
}
