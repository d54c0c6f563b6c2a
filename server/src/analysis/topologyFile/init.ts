/**
 * `zmq-topology init`: a topology file that states what the code does now, for the team to edit into
 * the intent. Checking the code against it right away reports no drift.
 */
import type { GraphSnapshot, ZmqSocket } from "../model";
import { optionDefault } from "../optionDefaults";
import { codeSockets, instancesOf, securityOf, uniqueUses } from "./drift";
import { hasTransport } from "./endpointPattern";

const ENTRY_BASENAMES = new Set(["main", "index", "app", "server", "start", "cli"]);
const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Folders that say where code lives, not what it is: `src/cli` is `cli`, not `src`. */
const GENERIC_FOLDERS = new Set(["src", "lib", "dist", "build", "out", "app", "bin", "source"]);

/** A component name for a program: `src/message_broker/main` → `message_broker`, `worker` → `worker`, `src/cli` → `cli`. */
export function componentNameFor(program: string): string {
  const parts = program.split("/");
  const base = parts[parts.length - 1]!;
  const folder = parts.length > 1 ? parts[parts.length - 2]! : undefined;
  const name = ENTRY_BASENAMES.has(base) && folder !== undefined && !GENERIC_FOLDERS.has(folder) ? folder : base;
  return sanitize(name, "program");
}

/** A role for a socket: the name holding it (`this.frontend` → `frontend`), else its type. */
export function roleFor(socket: ZmqSocket): string {
  const last = (socket.holder.split(".").pop() ?? "").replace(/^#/, "");
  return sanitize(last, socket.type === "UNKNOWN" ? "socket" : socket.type.toLowerCase());
}

function sanitize(text: string, fallback: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9_-]+/g, "_").replace(/^[^A-Za-z_]+/, "");
  return NAME.test(cleaned) ? cleaned : fallback;
}

function unique(name: string, taken: Set<string>, alternative: string): string {
  let candidate = taken.has(name) ? alternative : name;
  for (let n = 2; taken.has(candidate); n++) candidate = `${alternative}-${n}`;
  taken.add(candidate);
  return candidate;
}

/**
 * A code endpoint as a declared one: unresolved `${expr}` parts become `{name}` placeholders. One
 * placeholder takes one value everywhere (docs/topology-file.md), so `names` (expression → placeholder,
 * shared by a whole file) gives one expression one name, and two different expressions two names:
 * `${config.pub.port}` and `${config.pull.port}` become `{port}` and `{pull_port}`, not both `{port}`.
 */
export function declaredEndpointText(code: string, names: Map<string, string> = new Map()): string {
  return code.trim().replace(/\$\{([^{}]*)\}/g, (_, expr: string) => `{${placeholderFor(expr.trim(), names)}}`);
}

function placeholderFor(expr: string, names: Map<string, string>): string {
  const known = names.get(expr);
  if (known !== undefined) return known;
  const words = expr.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
  const taken = new Set(names.values());
  let name = sanitize(words[words.length - 1] ?? "", "value");
  if (taken.has(name) && words.length > 1) name = sanitize(words.slice(-2).join("_"), name);
  const base = name;
  for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
  names.set(expr, name);
  return name;
}

/** Options worth stating: those with a libzmq default to differ from; never keys or passwords. */
function statedOptions(socket: ZmqSocket): string[] {
  const last = new Map<string, string | number | boolean>();
  for (const o of socket.options) {
    if (o.value === null || optionDefault(o.name) === undefined || o.name === "curveServer" || o.name === "plainServer") continue;
    last.set(o.name, o.value);
  }
  return [...last].map(([name, value]) => `option ${name} = ${typeof value === "string" ? JSON.stringify(value) : String(value)}`);
}

/** The lines of one `socket` declaration, indented for a component block. */
export function socketDeclarationText(role: string, socket: ZmqSocket, instances: readonly ZmqSocket[], indent = "  ", placeholders: Map<string, string> = new Map()): string {
  const body = [
    ...uniqueUses(instances).map((u) => {
      const written = declaredEndpointText(u.text, placeholders);
      // Not even the transport is known (`sock.bind(endpointFor(name))`): a note for the reader, not a declaration.
      return hasTransport(written) && !/\s/.test(written) ? `${u.kind} ${written}` : `# ${u.kind} ${u.text.replace(/\s+/g, " ")}: not resolved from the code`;
    }),
    ...(() => {
      const security = securityOf(socket);
      return security === "curve" || security === "plain" ? [`security ${security}`] : [];
    })(),
    ...statedOptions(socket),
  ];
  // A type the analysis could not tell still needs one in the file: PAIR, flagged for the reader.
  const unknown = socket.type === "UNKNOWN" ? `${indent}# zmq-topology could not tell this socket's type from the code\n` : "";
  const head = `${indent}socket ${role}: ${socket.type === "UNKNOWN" ? "PAIR" : socket.type}`;
  return unknown + (body.length === 0 ? head : [`${head} {`, ...body.map((l) => `${indent}  ${l}`), `${indent}}`].join("\n"));
}

export function topologyFromCode(snapshot: GraphSnapshot, title: string): string {
  const sockets = codeSockets(snapshot);
  const programs = [...new Set(sockets.flatMap((s) => s.components))].sort();
  const componentNames = new Set<string>();
  const roleOf = new Map<string, { component: string; role: string }>();
  const placeholders = new Map<string, string>();
  const blocks: string[] = [];
  for (const program of programs) {
    const component = unique(componentNameFor(program), componentNames, sanitize(program.replace(/\//g, "_"), "program"));
    const roles = new Set<string>();
    const lines = [`component ${component} {`, `  program ${JSON.stringify(program)}`];
    for (const socket of sockets.filter((s) => s.components.includes(program))) {
      const base = roleFor(socket);
      // Two `this.backend` of different types: `backend-pub`; two sockets named after their type: `push-2`, not `push-push`.
      const role = unique(base, roles, base === socket.type.toLowerCase() ? `${base}-2` : `${base}-${socket.type.toLowerCase()}`);
      const instances = instancesOf(socket, snapshot);
      for (const s of instances) if (!roleOf.has(s.id)) roleOf.set(s.id, { component, role });
      lines.push("", socketDeclarationText(role, socket, instances, "  ", placeholders));
    }
    lines.push("}");
    blocks.push(lines.join("\n"));
  }
  const links = new Set<string>();
  for (const link of snapshot.links) {
    const from = roleOf.get(link.from);
    const to = roleOf.get(link.to);
    if (from && to) links.add(`link ${from.component}.${from.role} -> ${to.component}.${to.role}`);
  }
  const header = [
    "# The intended ZeroMQ topology of this system, checked by zmq-topology (rule topology-drift).",
    "# Written by `zmq-topology init` from the code as it was: edit it into the design you want.",
    "# Syntax: docs/topology-file.md",
    `topology ${JSON.stringify(title)}`,
  ].join("\n");
  return [header, ...blocks, ...(links.size > 0 ? [[...links].sort().join("\n")] : [])].join("\n\n") + "\n";
}
