/**
 * Compares a topology file with what the code does: pairs declared components and sockets with the
 * code's programs and sockets (docs/topology-file.md "How code is matched"), then lists every difference.
 * Pure: rules turn the differences into findings, the server into hovers, definitions and sidebar marks.
 */
import type { EndpointUse, GraphSnapshot, Link, OptionSetting, OptionValue, ZmqSocket } from "../model";
import { optionDefault } from "../optionDefaults";
import { isV6OptionName } from "../options";
import { isKnownSocketType } from "../socketTypes";
import { isCanonical, locationKey } from "../rules/endpointUses";
import { endpointsMatch, hasTransport, placeholderValues } from "./endpointPattern";
import { closest } from "./validate";
import type { DeclaredTopology } from "./declared";
import type { ComponentDecl, EndpointDecl, LinkDecl, OptionRequirement, Reference, SecurityMechanism, SocketDecl, TopologyFile } from "./syntax";

/** A declared socket and the code sockets it stands for (instances of one expression share a declaration). */
export interface SocketMatch {
  component: ComponentDecl;
  declaration: SocketDecl;
  sockets: ZmqSocket[];
}

export type Drift =
  /** `candidates`: unpaired code sockets of the declared type, which names or endpoints did not tell apart. */
  | { kind: "missing-socket"; component: ComponentDecl; declaration: SocketDecl; program: string; candidates: ZmqSocket[] }
  /** A component whose program has no ZeroMQ socket in the code (`suggestion`: a program of the code its name is close to). */
  | { kind: "unknown-program"; component: ComponentDecl; wanted: string; suggestion?: string }
  /** `component` is undefined when the socket's program is not declared at all. */
  | { kind: "undeclared-socket"; socket: ZmqSocket; program: string; component?: ComponentDecl }
  | { kind: "type"; match: SocketMatch; socket: ZmqSocket }
  | { kind: "endpoint-missing"; match: SocketMatch; endpoint: EndpointDecl; socket: ZmqSocket; instead?: EndpointUse }
  | { kind: "endpoint-undeclared"; match: SocketMatch; use: EndpointUse; socket: ZmqSocket; instead?: EndpointDecl }
  | { kind: "placeholder"; name: string; first: PlaceholderUse; second: PlaceholderUse }
  | { kind: "security"; match: SocketMatch; socket: ZmqSocket; actual: SecurityMechanism }
  | { kind: "option"; match: SocketMatch; socket: ZmqSocket; requirement: OptionRequirement; setting?: OptionSetting; actual: OptionValue }
  | { kind: "link-not-allowed"; link: Link; from: ZmqSocket; to: ZmqSocket; fromMatch: SocketMatch; toMatch: SocketMatch }
  | { kind: "link-missing"; link: LinkDecl };

export interface PlaceholderUse {
  endpoint: EndpointDecl;
  use: EndpointUse;
  /** The code socket of the use (the first of the declaration's instances). */
  socket: ZmqSocket;
  value: string;
}

export interface DriftReport {
  matches: SocketMatch[];
  drifts: Drift[];
  /** The program each component stands for, when some code socket belongs to it. */
  programs: Map<ComponentDecl, string>;
}

const reports = new WeakMap<DeclaredTopology, { snapshot: GraphSnapshot; report: DriftReport }>();

/**
 * `compareTopology` for a topology file in effect, once per snapshot: the rule, the sidebar, hovers and
 * definitions all read the same report.
 */
export function driftReport(topology: DeclaredTopology, snapshot: GraphSnapshot): DriftReport {
  const known = reports.get(topology);
  if (known?.snapshot === snapshot) return known.report;
  const report = compareTopology(topology.tree, snapshot, topology.root);
  reports.set(topology, { snapshot, report });
  return report;
}

/**
 * `root`: the folder the topology file describes (a workspace folder, the checked path); code outside it
 * belongs to other systems and is not compared. Undefined compares the whole snapshot.
 */
export function compareTopology(topology: TopologyFile, snapshot: GraphSnapshot, root?: string): DriftReport {
  const prefix = root === undefined ? undefined : root.endsWith("/") ? root : `${root}/`;
  const inScope = (s: ZmqSocket): boolean => prefix === undefined || s.location.file.startsWith(prefix);
  const sockets = codeSockets(snapshot).filter(inScope);
  const programs = new Map<string, ZmqSocket[]>();
  for (const s of sockets) for (const p of s.components) {
    let list = programs.get(p);
    if (!list) programs.set(p, (list = []));
    list.push(s);
  }
  const componentPrograms = new Map<ComponentDecl, string>();
  const declaredPrograms = new Set<string>();
  for (const c of topology.components) {
    const program = programOf(c, [...programs.keys()]);
    if (program !== undefined) {
      componentPrograms.set(c, program);
      declaredPrograms.add(program);
    }
  }

  const matches: SocketMatch[] = [];
  const drifts: Drift[] = [];
  const unclaimed = [...programs.keys()].filter((p) => !declaredPrograms.has(p));
  for (const c of topology.components) {
    const program = componentPrograms.get(c);
    if (program === undefined) {
      // One finding on the `program` line (a typo, or a program with no ZeroMQ code), not one per socket.
      if (c.name.value !== "") drifts.push({ kind: "unknown-program", component: c, wanted: wantedProgram(c), suggestion: closest(wantedProgram(c), unclaimed) });
      continue;
    }
    const { paired, leftDeclared, leftCode } = pairSockets(c.sockets, program ? programs.get(program) ?? [] : []);
    // A declaration without a role is a syntax error, reported as such; it still takes a code socket it fits.
    for (const d of leftDeclared) {
      if (d.role.value !== "") drifts.push({ kind: "missing-socket", component: c, declaration: d, program, candidates: leftCode.filter((s) => s.type === d.type.value) });
    }
    for (const s of leftCode) drifts.push({ kind: "undeclared-socket", socket: s, program, component: c });
    for (const [declaration, socket] of paired) {
      const match: SocketMatch = { component: c, declaration, sockets: instancesOf(socket, snapshot) };
      matches.push(match);
      drifts.push(...socketDrifts(match, socket));
    }
  }
  for (const [program, list] of programs) {
    if (declaredPrograms.has(program)) continue;
    for (const s of list) drifts.push({ kind: "undeclared-socket", socket: s, program });
  }
  drifts.push(...placeholderDrifts(matches), ...linkDrifts(topology, snapshot, matches, componentPrograms, inScope));
  return { matches, drifts, programs: componentPrograms };
}

/** One socket per creating expression (a loop or several call chains make instances of one socket). */
export function codeSockets(snapshot: GraphSnapshot): ZmqSocket[] {
  const seen = new Set<string>();
  return snapshot.sockets.filter((s) => {
    if (!isCanonical(s, snapshot)) return false;
    const key = locationKey(s.location);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const instancesBySnapshot = new WeakMap<GraphSnapshot, Map<string, ZmqSocket[]>>();

/** The sockets one expression makes (same creation place), from an index built once per snapshot. */
export function instancesOf(socket: ZmqSocket, snapshot: GraphSnapshot): ZmqSocket[] {
  let index = instancesBySnapshot.get(snapshot);
  if (!index) {
    index = new Map();
    for (const s of snapshot.sockets) {
      const key = locationKey(s.location);
      let list = index.get(key);
      if (!list) index.set(key, (list = []));
      list.push(s);
    }
    instancesBySnapshot.set(snapshot, index);
  }
  return index.get(locationKey(socket.location)) ?? [socket];
}


const SOURCE_EXTENSION = /\.(?:[cm]?[jt]s|[jt]sx)$/;

/** The program name a component asks for: its `program` line without `./` or extension, else its name. */
function wantedProgram(component: ComponentDecl): string {
  return component.program ? component.program.value.trim().replace(/^\.\//, "").replace(SOURCE_EXTENSION, "") : component.name.value;
}

/** The code program a component declares (see docs/topology-file.md, `program`). */
export function programOf(component: ComponentDecl, programs: readonly string[]): string | undefined {
  if (component.program) {
    const wanted = wantedProgram(component);
    return programs.find((p) => p === wanted);
  }
  const name = component.name.value;
  if (programs.includes(name)) return name;
  const byFolder = programs.filter((p) => p.split("/").slice(0, -1).includes(name));
  return byFolder.length === 1 ? byFolder[0] : undefined;
}

/** `this.frontend`, `sockets.frontend`, `frontend`, `this.#frontend` → `frontend`, compared loosely. */
export function holderName(holder: string): string {
  const last = holder.split(".").pop() ?? "";
  return comparableName(last.replace(/^#/, ""));
}

function comparableName(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, "");
}

/** Pairs declarations with code sockets in the documented order of preference. */
function pairSockets(declared: readonly SocketDecl[], code: readonly ZmqSocket[]): { paired: [SocketDecl, ZmqSocket][]; leftDeclared: SocketDecl[]; leftCode: ZmqSocket[] } {
  const leftDeclared = [...declared];
  const leftCode = [...code];
  const paired: [SocketDecl, ZmqSocket][] = [];
  const sameRole = (d: SocketDecl, s: ZmqSocket): boolean => s.holder !== "" && holderName(s.holder) === comparableName(d.role.value);
  const sameType = (d: SocketDecl, s: ZmqSocket): boolean => d.type.value === s.type;
  const sharedEndpoint = (d: SocketDecl, s: ZmqSocket): boolean =>
    d.endpoints.some((e) => usesOf(s, e.kind).some((u) => endpointsMatch(e.text, u.text)));
  const steps: ((d: SocketDecl, s: ZmqSocket) => boolean)[] = [
    (d, s) => sameRole(d, s) && sameType(d, s),
    sameRole,
    (d, s) => sharedEndpoint(d, s) && sameType(d, s),
    sharedEndpoint,
    // Type alone says little: it pairs a socket nothing names (in order), or where it leaves no choice.
    (d, s) => sameType(d, s) && (s.holder === "" || (leftDeclared.filter((x) => sameType(x, s)).length === 1 && leftCode.filter((y) => sameType(d, y)).length === 1)),
  ];
  for (const fits of steps) {
    for (const d of [...leftDeclared]) {
      const index = leftCode.findIndex((s) => fits(d, s));
      if (index < 0) continue;
      paired.push([d, leftCode[index]!]);
      leftCode.splice(index, 1);
      leftDeclared.splice(leftDeclared.indexOf(d), 1);
    }
  }
  return { paired, leftDeclared, leftCode };
}

function usesOf(s: ZmqSocket, kind: "bind" | "connect"): EndpointUse[] {
  return kind === "bind" ? s.binds : s.connects;
}

function socketDrifts(match: SocketMatch, socket: ZmqSocket): Drift[] {
  const d = match.declaration;
  const drifts: Drift[] = [];
  // A type libzmq does not have (`ROUTR`) is the file's error, reported as such.
  if (isKnownSocketType(d.type.value) && socket.type !== "UNKNOWN" && d.type.value !== socket.type) drifts.push({ kind: "type", match, socket });
  const uses = uniqueUses(match.sockets);
  if (d.endpoints.length > 0) drifts.push(...endpointDrifts(match, socket, uses));
  if (d.security) {
    const actual = securityOf(socket);
    if (actual !== undefined && actual !== d.security.value) drifts.push({ kind: "security", match, socket, actual });
  }
  for (const requirement of d.options) {
    // An option libzmq does not have is the file's error, reported as such (with a suggestion), not drift.
    if (!isV6OptionName(requirement.name.value)) continue;
    const setting = lastSetting(socket, requirement.name.value);
    if (setting === undefined && socket.optionsIncomplete) continue;
    const actual = setting ? setting.value : optionDefault(requirement.name.value) ?? null;
    // A value the analysis could not read may well satisfy the requirement.
    if (setting && setting.value === null) continue;
    if (actual !== null && satisfies(actual, requirement)) continue;
    drifts.push({ kind: "option", match, socket, requirement, ...(setting ? { setting } : {}), actual });
  }
  return drifts;
}

/** Every endpoint use of a socket's instances, once per text and kind. */
export function uniqueUses(instances: readonly ZmqSocket[]): EndpointUse[] {
  const seen = new Set<string>();
  const out: EndpointUse[] = [];
  for (const s of instances) for (const u of [...s.binds, ...s.connects]) {
    const key = `${u.kind} ${u.text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(u);
  }
  return out;
}

function endpointDrifts(match: SocketMatch, socket: ZmqSocket, uses: readonly EndpointUse[]): Drift[] {
  const drifts: Drift[] = [];
  for (const kind of ["bind", "connect"] as const) {
    const declared = match.declaration.endpoints.filter((e) => e.kind === kind);
    // A code endpoint whose transport is not known cannot be compared with a declaration either way.
    const code = uses.filter((u) => u.kind === kind && hasTransport(u.text));
    const missing = declared.filter((e) => !code.some((u) => endpointsMatch(e.text, u.text)));
    const undeclared = code.filter((u) => !declared.some((e) => endpointsMatch(e.text, u.text)));
    // One declared and one code endpoint left over of the same kind: one endpoint that differs.
    const onePair = missing.length === 1 && undeclared.length === 1;
    for (const endpoint of missing) drifts.push({ kind: "endpoint-missing", match, endpoint, socket, ...(onePair ? { instead: undeclared[0]! } : {}) });
    for (const use of undeclared) drifts.push({ kind: "endpoint-undeclared", match, use, socket, ...(onePair ? { instead: missing[0]! } : {}) });
  }
  return drifts;
}

/**
 * The mechanism the code gives the socket: CURVE once a CURVE key or `curveServer` is set (libzmq
 * options.cpp `set_curve_key` switches the mechanism), PLAIN with `plainServer` or a user name, else
 * NULL. Undefined when an option the analysis cannot read may decide it.
 */
export function securityOf(socket: ZmqSocket): SecurityMechanism | undefined {
  let unknown = false;
  let mechanism: SecurityMechanism = "none";
  for (const o of socket.options) {
    // Keys and user names come from deployment secrets (`process.env.KEY ?? ""`): setting one is the choice.
    if (CURVE_KEYS.has(o.name)) mechanism = "curve";
    else if (PLAIN_CREDENTIALS.has(o.name) && mechanism !== "curve") mechanism = "plain";
    else if (o.name === "curveServer" || o.name === "plainServer") {
      if (o.value === null) unknown = true;
      else if (truthy(o.value)) mechanism = o.name === "curveServer" ? "curve" : mechanism === "curve" ? "curve" : "plain";
    }
  }
  if (mechanism === "none" && (unknown || socket.optionsIncomplete)) return undefined;
  return mechanism;
}

const CURVE_KEYS = new Set(["curveServerKey", "curvePublicKey", "curveSecretKey"]);
const PLAIN_CREDENTIALS = new Set(["plainUsername", "plainPassword"]);

function lastSetting(socket: ZmqSocket, name: string): OptionSetting | undefined {
  let last: OptionSetting | undefined;
  for (const o of socket.options) if (o.name === name) last = o;
  return last;
}

/**
 * The value at which libzmq reads an option as "no limit" (libzmq doc/zmq_setsockopt.txt): -1 for linger,
 * timeouts and the message size, 0 for the high-water marks and the handshake interval. A requirement such
 * as `receiveTimeout <= 5000` must not accept it.
 */
const UNLIMITED_AT: Readonly<Record<string, number>> = {
  linger: -1, receiveTimeout: -1, sendTimeout: -1, maxMessageSize: -1,
  sendHighWaterMark: 0, receiveHighWaterMark: 0, handshakeInterval: 0,
};

export function isUnlimited(option: string, value: OptionValue): boolean {
  return Object.hasOwn(UNLIMITED_AT, option) && UNLIMITED_AT[option] === value;
}

/** Whether a value meets `option NAME OP VALUE`; booleans and 0/1 are the same to libzmq. */
export function satisfies(actual: OptionValue, requirement: OptionRequirement): boolean {
  const raw = requirement.value.value;
  const op = requirement.comparison.value;
  const limit = (n: number): number => (isUnlimited(requirement.name.value, n) ? Infinity : n);
  if (typeof raw === "number") {
    const wanted = limit(raw);
    const read = typeof actual === "boolean" ? Number(actual) : typeof actual === "string" && actual.trim() !== "" ? Number(actual) : actual;
    if (typeof read !== "number" || Number.isNaN(read)) return op === "!=";
    const value = limit(read);
    switch (op) {
      case "=": return value === wanted;
      case "!=": return value !== wanted;
      case "<": return value < wanted;
      case "<=": return value <= wanted;
      case ">": return value > wanted;
      case ">=": return value >= wanted;
    }
  }
  const same = typeof raw === "boolean" ? truthy(actual) === raw : actual === raw;
  return op === "!=" ? !same : same;
}

function truthy(value: OptionValue): boolean {
  return value !== false && value !== 0 && value !== "" && value !== "0" && value !== null;
}

/** A placeholder must take one value everywhere the file uses it. */
function placeholderDrifts(matches: readonly SocketMatch[]): Drift[] {
  const usesByName = new Map<string, PlaceholderUse[]>();
  for (const match of matches) {
    const uses = uniqueUses(match.sockets);
    for (const endpoint of match.declaration.endpoints) {
      if (endpoint.placeholders.length === 0) continue;
      for (const use of uses) {
        if (use.kind !== endpoint.kind) continue;
        for (const [name, value] of placeholderValues(endpoint.text, use.text) ?? []) {
          let list = usesByName.get(name);
          if (!list) usesByName.set(name, (list = []));
          list.push({ endpoint, use, socket: match.sockets[0]!, value });
        }
      }
    }
  }
  // The value most uses agree on (a bind's on a tie: binds define the address) is the reference; each
  // other use is one drift, so one port changed in one place is one finding, not one per other endpoint.
  const drifts: Drift[] = [];
  for (const [name, uses] of usesByName) {
    const counts = new Map<string, number>();
    for (const u of uses) counts.set(u.value, (counts.get(u.value) ?? 0) + 1);
    if (counts.size < 2) continue;
    const score = (u: PlaceholderUse): number => counts.get(u.value)! * 2 + (u.use.kind === "bind" ? 1 : 0);
    const reference = uses.reduce((best, u) => (score(u) > score(best) ? u : best));
    for (const u of uses) if (u.value !== reference.value) drifts.push({ kind: "placeholder", name, first: reference, second: u });
  }
  return drifts;
}

/** Connections the code makes that no `link` allows, and `link`s the code never makes (only when the file has links). */
function linkDrifts(topology: TopologyFile, snapshot: GraphSnapshot, matches: readonly SocketMatch[], programs: Map<ComponentDecl, string>, inScope: (s: ZmqSocket) => boolean): Drift[] {
  if (topology.links.length === 0) return [];
  const matchesOf = new Map<string, SocketMatch[]>();
  for (const m of matches) for (const s of m.sockets) {
    let list = matchesOf.get(s.id);
    if (!list) matchesOf.set(s.id, (list = []));
    list.push(m);
  }
  const byId = new Map(snapshot.sockets.map((s) => [s.id, s]));
  const byProgram = new Map<string, ComponentDecl[]>();
  for (const [c, p] of programs) byProgram.set(p, [...(byProgram.get(p) ?? []), c]);
  const componentsOf = (s: ZmqSocket): ComponentDecl[] => s.components.flatMap((p) => byProgram.get(p) ?? []);
  const made = new Set<LinkDecl>();
  const drifts: Drift[] = [];
  const reported = new Set<string>();
  for (const link of snapshot.links) {
    const from = byId.get(link.from);
    const to = byId.get(link.to);
    if (!from || !to || !inScope(from) || !inScope(to)) continue;
    const fromComponents = componentsOf(from);
    const toComponents = componentsOf(to);
    if (fromComponents.length === 0 || toComponents.length === 0) continue;
    const allowing = topology.links.filter((decl) =>
      fromComponents.some((c) => refers(decl.from, c, matchesOf.get(from.id))) && toComponents.some((c) => refers(decl.to, c, matchesOf.get(to.id))));
    for (const decl of allowing) made.add(decl);
    const key = `${link.connectLocation.file}:${link.connectLocation.line}:${link.connectLocation.column}>${link.bindLocation.file}:${link.bindLocation.line}:${link.bindLocation.column}`;
    if (allowing.length > 0 || reported.has(key)) continue;
    reported.add(key);
    const fromMatch = matchesOf.get(from.id)?.[0];
    const toMatch = matchesOf.get(to.id)?.[0];
    // An end the file does not declare is reported as such; its connections would only repeat it.
    if (!fromMatch || !toMatch) continue;
    drifts.push({ kind: "link-not-allowed", link, from, to, fromMatch, toMatch });
  }
  for (const decl of topology.links) if (!made.has(decl)) drifts.push({ kind: "link-missing", link: decl });
  return drifts;
}

/** Whether `component` or `component.role` names this component (and, with a role, this socket's declaration). */
function refers(ref: Reference, component: ComponentDecl, socketMatches: readonly SocketMatch[] | undefined): boolean {
  if (ref.component.value !== component.name.value) return false;
  if (!ref.socket) return true;
  return (socketMatches ?? []).some((m) => m.component === component && m.declaration.role.value === ref.socket!.value);
}
