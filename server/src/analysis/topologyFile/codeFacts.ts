/** Lookups from a topology file's declarations into the code facts (used by hover, navigation and completion). */
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { EndpointUse, SourceLocation, ZmqSocket } from "../model";
import { codeSockets, uniqueUses, type SocketMatch } from "./drift";
import { endpointsMatch } from "./endpointPattern";
import type { CodeFacts } from "./languageService";
import type { ComponentDecl, EndpointDecl, SocketDecl } from "./syntax";

/**
 * The match of a declaration. By identity when the report was made from this tree; else (a report of an
 * earlier parse of the file) by component name and role.
 */
export function matchOf(facts: CodeFacts | undefined, declaration: SocketDecl, component?: ComponentDecl): SocketMatch | undefined {
  if (!facts) return undefined;
  const same = facts.report.matches.find((m) => m.declaration === declaration);
  if (same || !component || declaration.role.value === "") return same;
  return facts.report.matches.find((m) => m.component.name.value === component.name.value && m.declaration.role.value === declaration.role.value);
}

/** The code program a component stands for, when some code socket belongs to it. */
export function programOfComponent(facts: CodeFacts | undefined, component: ComponentDecl): string | undefined {
  if (!facts) return undefined;
  const same = facts.report.programs.get(component);
  if (same !== undefined || component.name.value === "") return same;
  for (const [c, program] of facts.report.programs) if (c.name.value === component.name.value) return program;
  return undefined;
}

/** One socket per creating expression, in a program. */
export function programSockets(facts: CodeFacts, program: string): ZmqSocket[] {
  return codeSockets(facts.snapshot).filter((s) => s.components.includes(program));
}

/** Creation locations of the sockets a declaration stands for, once each. */
export function creationLocations(sockets: readonly ZmqSocket[]): SourceLocation[] {
  const seen = new Set<string>();
  const out: SourceLocation[] = [];
  for (const s of sockets) {
    const key = `${s.location.file}:${s.location.line}:${s.location.column}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(s.location);
  }
  return out;
}

/**
 * The code bind/connect calls an endpoint declaration stands for: those of the matched sockets, or
 * (when the declaration has no code socket) those of its component's program.
 */
export function endpointUses(facts: CodeFacts, component: ComponentDecl, socket: SocketDecl, endpoint: EndpointDecl): EndpointUse[] {
  const match = matchOf(facts, socket, component);
  let uses: EndpointUse[];
  if (match) uses = uniqueUses(match.sockets);
  else {
    const program = programOfComponent(facts, component);
    uses = program ? uniqueUses(programSockets(facts, program)) : [];
  }
  return uses.filter((u) => u.kind === endpoint.kind && endpointsMatch(endpoint.text, u.text));
}

/** `file:line` with the file relative to the topology file's folder. */
export function locationLabel(facts: CodeFacts, location: SourceLocation): string {
  return `${path.posix.relative(facts.base, location.file)}:${location.line}`;
}

/** A markdown link that opens the location (VS Code reads `#L<line>,<column>`). */
export function locationLink(facts: CodeFacts, location: SourceLocation): string {
  return `[${locationLabel(facts, location)}](${pathToFileURL(location.file).href}#L${location.line},${location.column})`;
}

/** A markdown list item for a code socket: its holder and where it is made. */
export function socketLine(facts: CodeFacts, s: ZmqSocket): string {
  const holder = s.holder === "" ? "(no holder)" : s.holder;
  return `- \`${holder}\` (${s.type}) at ${locationLink(facts, s.location)}`;
}
