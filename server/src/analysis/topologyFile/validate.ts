/**
 * Semantic checks on a parsed topology file: duplicate names, unknown socket types and options, value
 * kinds, link references and link direction. `readTopology` (parse + validate) is what callers use.
 */
import { isV6OptionName, v6OptionNames } from "../options";
import { isKnownSocketType, SOCKET_TYPES } from "../socketTypes";
import { LineMap } from "./lineMap";
import { parseTopology } from "./parser";
import type { ComponentDecl, Reference, SocketDecl, Span, TopologyError, TopologyErrorKind, TopologyFile } from "./syntax";

/** Parses and validates: the entry point for everything that reads a topology file. */
export function readTopology(text: string): TopologyFile {
  const file = parseTopology(text);
  file.errors.push(...validateTopology(file, text));
  file.errors.sort((a, b) => a.span.start - b.span.start);
  return file;
}

/** The semantic errors of a parsed file. Empty names (already reported as syntax errors) are skipped. */
export function validateTopology(file: TopologyFile, text: string): TopologyError[] {
  const errors: TopologyError[] = [];
  const lines = new LineMap(text);
  const report = (kind: TopologyErrorKind, message: string, span: Span, severity: "error" | "warning" = "error"): void => {
    errors.push({ kind, message, span: { ...span }, severity });
  };
  const lineOf = (span: Span): number => lines.position(span.start).line + 1;

  const components = new Map<string, ComponentDecl>();
  for (const component of file.components) {
    const name = component.name.value;
    if (name === "") continue;
    const first = components.get(name);
    if (first) report("duplicate", `component '${name}' is already declared on line ${lineOf(first.name.span)}`, component.name.span);
    else components.set(name, component);
  }

  for (const component of file.components) {
    const roles = new Map<string, SocketDecl>();
    for (const socket of component.sockets) {
      const role = socket.role.value;
      if (role !== "") {
        const first = roles.get(role);
        if (first) report("duplicate", `socket '${role}' is already declared in component '${component.name.value}' on line ${lineOf(first.role.span)}`, socket.role.span);
        else roles.set(role, socket);
      }
      checkSocket(socket);
    }
  }

  for (const link of file.links) {
    const from = resolve(link.from);
    const to = resolve(link.to);
    if (to && to.endpoints.some((e) => e.kind === "connect") && !to.endpoints.some((e) => e.kind === "bind")) {
      report("unknown-reference", `${referenceName(link.to)} connects; a link goes from the connecting side to the binding side`, link.to.span, "warning");
    }
    if (from && from.endpoints.some((e) => e.kind === "bind") && !from.endpoints.some((e) => e.kind === "connect")) {
      report("unknown-reference", `${referenceName(link.from)} binds; a link goes from the connecting side to the binding side`, link.from.span, "warning");
    }
  }
  return errors;

  function checkSocket(socket: SocketDecl): void {
    const type = socket.type.value;
    if (type !== "" && !isKnownSocketType(type)) {
      const suggestion = closest(type, SOCKET_TYPES);
      report("unknown-name", `unknown socket type '${type}'${suggestion ? `; did you mean '${suggestion}'?` : ""}`, socket.type.span);
    }
    for (const option of socket.options) {
      const name = option.name.value;
      if (!isV6OptionName(name)) {
        const suggestion = closest(name, v6OptionNames());
        report("unknown-name", `unknown option '${name}'${suggestion ? `; did you mean '${suggestion}'?` : ""}`, option.name.span, "warning");
      }
      const value = option.value.value;
      const op = option.comparison.value;
      if (typeof value !== "number" && op !== "=" && op !== "!=") {
        const kind = typeof value === "boolean" ? "boolean" : "string";
        report("unknown-name", `'${op}' compares numbers; a ${kind} value takes '=' or '!='`, option.comparison.span);
      }
    }
  }

  /** The socket a reference names, when it names one; reports what it names that is not declared. */
  function resolve(reference: Reference): SocketDecl | undefined {
    const name = reference.component.value;
    if (name === "") return undefined;
    const component = components.get(name);
    if (!component) {
      report("unknown-reference", `no component '${name}' is declared`, reference.component.span);
      return undefined;
    }
    if (!reference.socket || reference.socket.value === "") return undefined;
    const role = reference.socket.value;
    const socket = component.sockets.find((s) => s.role.value === role);
    if (!socket) report("unknown-reference", `component '${name}' declares no socket '${role}'`, reference.socket.span);
    return socket;
  }
}

function referenceName(reference: Reference): string {
  return reference.socket ? `${reference.component.value}.${reference.socket.value}` : reference.component.value;
}

/** The known name nearest to a misspelt one, when near enough to be a typo (or differing only in case). */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  if (name.length > 64) return undefined; // no typo of a known name; keeps the quadratic distance cheap
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = candidate.toLowerCase() === name.toLowerCase() ? 0 : editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const allowed = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  return bestDistance <= allowed ? best : undefined;
}

/** Levenshtein distance with adjacent transpositions (`recieve` is one edit from `receive`). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, rows[i - 2]![j - 2]! + 1);
      row.push(value);
    }
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}
