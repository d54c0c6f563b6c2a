/** Go to definition from a topology file into the code (and within the file), and from code back to the file. */
import type { SourceLocation, ZmqSocket } from "../model";
import { creationLocations, endpointUses, matchOf } from "./codeFacts";
import type { DriftReport } from "./drift";
import type { CodeFacts } from "./languageService";
import { locate } from "./locate";
import type { ComponentDecl, SocketDecl, Span, TopologyFile } from "./syntax";

export function definitionAt(tree: TopologyFile, offset: number, facts: CodeFacts | undefined): ({ file: "self"; span: Span } | SourceLocation)[] {
  const at = locate(tree, offset);
  if (!at) return [];
  const code = (socket: SocketDecl, component: ComponentDecl): SourceLocation[] => creationLocations(matchOf(facts, socket, component)?.sockets ?? []);
  switch (at.kind) {
    case "role": return code(at.socket, at.component);
    case "link-socket":
      if (!at.target || !at.component) return [];
      return [{ file: "self", span: at.target.role.span }, ...code(at.target, at.component)];
    case "link-component":
      return at.target ? [{ file: "self", span: at.target.name.span }] : [];
    case "endpoint":
    case "placeholder":
      return facts ? endpointUses(facts, at.component, at.socket, at.endpoint).map((u) => u.location) : [];
    default:
      return [];
  }
}

/** The declaration a code socket is paired with (code → topology file). */
export function declarationOf(report: DriftReport, socket: ZmqSocket): { socket: SocketDecl; component: ComponentDecl } | undefined {
  const match = report.matches.find((m) => m.sockets.some((s) => s.id === socket.id));
  return match ? { socket: match.declaration, component: match.component } : undefined;
}
