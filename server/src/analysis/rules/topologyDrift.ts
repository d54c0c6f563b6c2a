import type { Finding, Fix, RelatedInformation } from "../diagnostics";
import type { GraphSnapshot, SourceLocation, ZmqSocket } from "../model";
import { placeOf } from "./endpointUses";
import type { DeclaredTopology } from "../topologyFile/declared";
import { driftReport, instancesOf, isUnlimited, type Drift, type DriftReport, type SocketMatch } from "../topologyFile/drift";
import { componentNameFor, roleFor, socketDeclarationText } from "../topologyFile/init";
import type { ComponentDecl, Reference, Span } from "../topologyFile/syntax";
import { docsUrl, type Rule } from "./rule";
import { socketLabel } from "./socketText";

const id = "topology-drift";

/**
 * Where the code differs from the topology file (docs/topology-file.md): each difference is reported at
 * the code and at the declaration, each pointing to the other.
 */
export const topologyDrift: Rule = {
  meta: {
    id,
    scope: "workspace",
    defaultSeverity: "warning",
    description: "The code differs from the intended topology declared in a *.zmqtopo file",
    docsUrl: docsUrl(id),
  },
  check({ snapshot, severity, topology }) {
    // Without a topology file there is no intent to drift from.
    if (!topology) return [];
    const report = driftReport(topology, snapshot);
    const findings: Finding[] = [];
    const add = (location: SourceLocation, message: string, related: RelatedInformation[], fixes?: Fix[]): void => {
      findings.push({ rule: id, severity, location, message, related, ...(fixes && fixes.length > 0 ? { fixes } : {}) });
    };
    const undeclaredPrograms = new Map<string, ZmqSocket[]>();
    for (const drift of report.drifts) {
      if (drift.kind === "undeclared-socket" && !drift.component) {
        let list = undeclaredPrograms.get(drift.program);
        if (!list) undeclaredPrograms.set(drift.program, (list = []));
        list.push(drift.socket);
      }
      reportDrift(drift, topology, add, report, snapshot);
    }
    const fileName = baseName(topology.file);
    const top = topology.location(topology.tree.title?.span ?? { start: 0, end: 0 });
    for (const [program, sockets] of undeclaredPrograms) {
      add(top, `Program ${program} makes ${count(sockets.length, "ZeroMQ socket")} but ${fileName} declares no component for it: add one (\`component ... { program "${program}" }\`) or remove the code.`,
        sockets.map((s) => ({ location: s.location, message: `${socketLabel(s)} of ${program}` })), declareProgramFix(program, sockets, topology, snapshot));
    }
    return findings;
  },
};

type Add = (location: SourceLocation, message: string, related: RelatedInformation[], fixes?: Fix[]) => void;

function reportDrift(drift: Drift, topology: DeclaredTopology, add: Add, report: DriftReport, snapshot: GraphSnapshot): void {
  const { programs, matches } = report;
  const at = (span: Span): SourceLocation => topology.location(span);
  const fileName = baseName(topology.file);
  const declared = (m: SocketMatch): string => `${m.component.name.value}.${m.declaration.role.value}`;
  const declaredHere = (m: SocketMatch): RelatedInformation => ({ location: at(m.declaration.role.span), message: `declared in ${fileName} as ${declared(m)}` });
  const replace = (title: string, span: Span, newText: string): Fix[] =>
    [{ title, kind: "quickfix", manual: true, edits: [{ file: topology.file, start: span.start, end: span.end, newText }] }];
  switch (drift.kind) {
    case "missing-socket": {
      const d = drift.declaration;
      const where = `program ${drift.program} makes no such socket`;
      const names = drift.candidates.map((s) => s.holder ? `\`${s.holder}\`` : "one nothing holds");
      const hint = names.length === 0 ? "" : names.length === 1
        ? ` Its ${d.type.value} socket ${names[0]} goes by another name: name the role after the variable or field that holds it, or declare an endpoint it uses.`
        : ` Its ${d.type.value} sockets ${names.join(", ")} go by other names: name the role after the variable or field that holds the socket, or declare an endpoint it uses.`;
      add(at(d.role.span), `${drift.component.name.value}.${d.role.value} (${d.type.value || "no type"}) is declared, but ${where}.${hint}`,
        drift.candidates.map((s) => ({ location: s.location, message: `${socketLabel(s)}, not declared` })));
      return;
    }
    case "unknown-program": {
      const c = drift.component;
      const guess = drift.suggestion ? ` Did you mean ${drift.suggestion}?` : "";
      const count = c.sockets.length === 0 ? "" : ` Its ${c.sockets.length === 1 ? "socket is" : `${c.sockets.length} sockets are`} not checked.`;
      add(at(c.program?.span ?? c.name.span), `Component ${c.name.value}: no program ${drift.wanted} makes a ZeroMQ socket in this workspace.${guess}${count}`, []);
      return;
    }
    case "undeclared-socket": {
      if (!drift.component) {
        const program = drift.program;
        const sockets = report.drifts.flatMap((d) => (d.kind === "undeclared-socket" && !d.component && d.program === program ? [d.socket] : []));
        add(drift.socket.location, `${capitalize(socketLabel(drift.socket))} of program ${program} is not in ${fileName}: no component declares that program.`,
          [{ location: at(topology.tree.title?.span ?? { start: 0, end: 0 }), message: `the topology file` }], declareProgramFix(program, sockets, topology, snapshot));
        return;
      }
      const c = drift.component;
      add(drift.socket.location, `${capitalize(socketLabel(drift.socket))} is not declared in component ${c.name.value} of ${fileName}.`,
        [{ location: at(c.name.span), message: `component ${c.name.value} (${drift.program})` }], declareFix(c, drift.socket, topology));
      add(at(c.name.span), `Program ${drift.program} also makes ${socketLabel(drift.socket)}, which component ${c.name.value} does not declare.`,
        [{ location: drift.socket.location, message: `the ${drift.socket.type} socket in code` }], declareFix(c, drift.socket, topology));
      return;
    }
    case "type": {
      const m = drift.match;
      const msg = `${declared(m)} is declared as ${m.declaration.type.value}, but the code makes a ${drift.socket.type} socket.`;
      add(drift.socket.location, msg, [declaredHere(m)]);
      add(at(m.declaration.type.span), msg, [{ location: drift.socket.location, message: `the ${drift.socket.type} socket in code` }],
        replace(`Declare ${declared(m)} as ${drift.socket.type}`, m.declaration.type.span, drift.socket.type));
      return;
    }
    case "endpoint-missing": {
      const m = drift.match;
      const e = drift.endpoint;
      const instead = drift.instead ? `; it ${verb(e.kind)} ${drift.instead.text}` : "";
      const msg = `${declared(m)} should ${e.kind} ${e.text}, but the code never does${instead}.`;
      add(at(e.span), msg, [{ location: drift.instead?.location ?? drift.socket.location, message: drift.instead ? `${verb(e.kind)} ${drift.instead.text} here` : "the socket in code" }],
        drift.instead ? replace(`Declare ${e.kind} ${drift.instead.text}`, e.span, drift.instead.text.trim()) : undefined);
      if (!drift.instead) add(drift.socket.location, `${capitalize(socketLabel(drift.socket))} never ${verb(e.kind)} ${e.text}, which ${declared(m)} declares.`, [{ location: at(e.span), message: "declared here" }]);
      return;
    }
    case "endpoint-undeclared": {
      const m = drift.match;
      const u = drift.use;
      const msg = drift.instead
        ? `${capitalize(socketLabel(drift.socket))} ${verb(u.kind)} ${u.text}, but ${declared(m)} declares ${drift.instead.text}.`
        : `${capitalize(socketLabel(drift.socket))} ${verb(u.kind)} ${u.text}, which ${declared(m)} does not declare.`;
      // In a helper other sockets bind or connect through too, the finding goes where this socket is made.
      const place = placeOf(drift.socket, u, snapshot);
      add(place.location, msg, [drift.instead ? { location: at(drift.instead.span), message: "declared here" } : declaredHere(m), ...place.related]);
      return;
    }
    case "placeholder": {
      const { first, second, name } = drift;
      const msg = `Placeholder {${name}} is ${second.value} here (${second.use.text}) but ${first.value} in ${first.use.text}: one placeholder must take one value.`;
      add(at(second.endpoint.span), msg, [{ location: second.use.location, message: `${second.use.text} here` }, { location: first.use.location, message: `${first.use.text} here` }]);
      const place = placeOf(second.socket, second.use, snapshot);
      add(place.location, msg, [{ location: at(second.endpoint.span), message: "declared here" }, { location: first.use.location, message: `${first.use.text} here` }, ...place.related]);
      return;
    }
    case "security": {
      const m = drift.match;
      const wanted = m.declaration.security!;
      const msg = `${declared(m)} must use ${mechanismText(wanted.value)}, but the code gives ${socketLabel(drift.socket)} ${mechanismText(drift.actual)}.`;
      add(drift.socket.location, msg, [{ location: at(wanted.span), message: "required here" }]);
      add(at(wanted.span), msg, [{ location: drift.socket.location, message: "the socket in code" }]);
      return;
    }
    case "option": {
      const m = drift.match;
      const r = drift.requirement;
      const value = `${String(drift.actual)}${isUnlimited(r.name.value, drift.actual) ? " (no limit)" : ""}`;
      const actual = drift.setting ? `sets it to ${value}` : drift.actual === null ? "never sets it" : `leaves it at libzmq's default, ${value}`;
      const msg = `${declared(m)} requires ${r.name.value} ${r.comparison.value} ${JSON.stringify(r.value.value)}, but the code ${actual}.`;
      const codeAt = drift.setting?.location ?? drift.socket.location;
      add(codeAt, msg, [{ location: at(r.name.span), message: "required here" }]);
      add(at(r.name.span), msg, [{ location: codeAt, message: drift.setting ? "set here" : "the socket in code" }]);
      return;
    }
    case "link-not-allowed": {
      const { link, fromMatch, toMatch } = drift;
      const msg = `${declared(fromMatch)} connects to ${declared(toMatch)} at ${link.endpoint}, but no \`link\` in ${fileName} allows it.`;
      add(link.connectLocation, msg, [{ location: link.bindLocation, message: `bound here` }, declaredHere(fromMatch)]);
      add(at(fromMatch.declaration.role.span), msg, [{ location: link.connectLocation, message: "connects here" }, { location: link.bindLocation, message: "bound here" }]);
      return;
    }
    case "link-missing": {
      const l = drift.link;
      const text = (r: typeof l.from): string => r.socket ? `${r.component.value}.${r.socket.value}` : r.component.value;
      const absent = [l.from, l.to].filter((r) => !inCode(r, programs, matches)).map(text);
      const why = absent.length > 0 ? ` (${absent.join(" and ")} ${absent.length === 1 ? "is" : "are"} not in the code)` : "";
      add(at(l.span), `The link ${text(l.from)} -> ${text(l.to)} is declared, but the code makes no such connection${why}.`, []);
      return;
    }
  }
}

/** Whether a link's side has code: its component's program, and with a role, that socket. */
function inCode(ref: Reference, programs: ReadonlyMap<ComponentDecl, string>, matches: readonly SocketMatch[]): boolean {
  if (!ref.socket) return [...programs.keys()].some((c) => c.name.value === ref.component.value);
  return matches.some((m) => m.component.name.value === ref.component.value && m.declaration.role.value === ref.socket!.value);
}

/** Adds a declaration for the code socket at the end of its component's block. */
function declareFix(component: ComponentDecl, socket: ZmqSocket, topology: DeclaredTopology): Fix[] {
  const closing = component.span.end - 1;
  if (topology.text[closing] !== "}") return [];
  const lineStart = topology.text.lastIndexOf("\n", closing - 1) + 1;
  if (topology.text.slice(lineStart, closing).trim() !== "") return [];
  const taken = new Set(component.sockets.map((s) => s.role.value));
  let role = roleFor(socket);
  if (taken.has(role) && role !== socket.type.toLowerCase()) role = `${role}-${socket.type.toLowerCase()}`;
  for (let n = 2; taken.has(role); n++) role = `${roleFor(socket)}-${n}`;
  const text = `\n${socketDeclarationText(role, socket, [socket])}\n`;
  return [{ title: `Declare ${socketLabel(socket)} in ${component.name.value}`, kind: "quickfix", manual: true, edits: [{ file: topology.file, start: lineStart, end: lineStart, newText: text }] }];
}

/** Appends a component for a program the file does not declare, with the sockets the code makes. */
function declareProgramFix(program: string, sockets: readonly ZmqSocket[], topology: DeclaredTopology, snapshot: GraphSnapshot): Fix[] {
  const names = new Set(topology.tree.components.map((c) => c.name.value));
  let name = componentNameFor(program);
  for (let n = 2; names.has(name); n++) name = `${componentNameFor(program)}-${n}`;
  const roles = new Set<string>();
  const declarations = sockets.filter((s) => s.type !== "UNKNOWN").map((s) => {
    let role = roleFor(s);
    for (let n = 2; roles.has(role); n++) role = `${roleFor(s)}-${n}`;
    roles.add(role);
    return socketDeclarationText(role, s, instancesOf(s, snapshot));
  });
  const text = topology.text;
  const separator = text === "" || text.endsWith("\n\n") ? "" : text.endsWith("\n") ? "\n" : "\n\n";
  const block = [`component ${name} {`, `  program ${JSON.stringify(program)}`, ...declarations.flatMap((d) => ["", d]), "}"].join("\n");
  return [{ title: `Declare program ${program} as component ${name}`, kind: "quickfix", manual: true, edits: [{ file: topology.file, start: text.length, end: text.length, newText: `${separator}${block}\n` }] }];
}

function mechanismText(m: string): string {
  return m === "curve" ? "CURVE" : m === "plain" ? "PLAIN" : "no security (NULL)";
}

function verb(kind: "bind" | "connect"): string {
  return kind === "bind" ? "binds" : "connects to";
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function baseName(file: string): string {
  return file.slice(file.lastIndexOf("/") + 1);
}
