import type { Finding } from "../analysis/diagnostics";
import { isFixable } from "../analysis/fixes";
import type { FileProblem, SourceLocation, ZmqSocket } from "../analysis/model";
import type { OutputView } from "./view";

export interface Colors {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  green(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
export const ANSI: Colors = { bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), yellow: wrap(33, 39), cyan: wrap(36, 39), green: wrap(32, 39) };
const id = (s: string) => s;
export const PLAIN: Colors = { bold: id, dim: id, red: id, yellow: id, cyan: id, green: id };

/** `graph --format text`: programs, their sockets, endpoints and the peers at the other end. */
export function topologyText(view: OutputView, c: Colors): string {
  const { snapshot } = view;
  const byId = new Map(snapshot.sockets.map((s) => [s.id, s]));
  const programs = new Map<string, ZmqSocket[]>();
  for (const s of snapshot.sockets) {
    for (const name of s.components.length ? s.components : ["(no program)"]) {
      const list = programs.get(name) ?? [];
      list.push(s);
      programs.set(name, list);
    }
  }
  const linksFrom = groupBy(snapshot.links, (l) => l.from);
  const linksTo = groupBy(snapshot.links, (l) => l.to);
  const out: string[] = [];
  const peerLine = (peer: ZmqSocket | undefined, compatible: boolean, certain: boolean, arrow: string): string => {
    if (!peer) return "";
    const tag = compatible ? "" : c.red(" ✗ incompatible");
    const guess = certain ? "" : c.dim(" (guess)");
    return `${arrow} ${c.bold(peer.type)} ${peer.holder ? printable(peer.holder) + " " : ""}${c.dim(printable(view.id(peer.id)))} ${c.dim(`[${printable(view.component(peer))}]`)}${tag}${guess}`;
  };
  for (const [name, sockets] of [...programs].sort((a, b) => a[0].localeCompare(b[0]))) {
    out.push(c.bold(c.cyan(printable(name))));
    for (const s of sockets) {
      out.push(`  ${c.bold(s.type.padEnd(6))} ${s.holder ? printable(s.holder) : c.dim("(unnamed)")}  ${c.dim(printable(view.id(s.id)))}`);
      for (const b of s.binds) {
        out.push(`    bind    ${oneLine(b.text)}${b.exact ? "" : c.yellow(" (partly unresolved)")}`);
        for (const l of (linksTo.get(s.id) ?? []).filter((l) => sameLocation(l.bindLocation, b.location))) {
          out.push(`      ${peerLine(byId.get(l.from), l.compatible, l.certain, "←")}`);
        }
      }
      for (const cn of s.connects) {
        out.push(`    connect ${oneLine(cn.text)}${cn.exact ? "" : c.yellow(" (partly unresolved)")}`);
        const links = (linksFrom.get(s.id) ?? []).filter((l) => sameLocation(l.connectLocation, cn.location));
        if (links.length === 0) out.push(`      ${c.dim("→ no bind found in the analyzed code")}`);
        for (const l of links) out.push(`      ${peerLine(byId.get(l.to), l.compatible, l.certain, "→")}`);
      }
      if (s.binds.length === 0 && s.connects.length === 0) out.push(`    ${c.dim("no bind or connect found")}`);
      const options = Object.entries(view.options(s));
      if (options.length) out.push(`    ${c.dim("options " + options.map(([k, v]) => printable(`${k}=${JSON.stringify(v)}`)).join(" "))}`);
    }
    out.push("");
  }
  const incompatible = snapshot.links.filter((l) => !l.compatible).length;
  out.push(`${snapshot.sockets.length} sockets, ${snapshot.links.length} links${incompatible ? c.red(` (${incompatible} incompatible)`) : ""}, ${programs.size} programs`);
  return out.join("\n");
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function sameLocation(a: SourceLocation, b: SourceLocation): boolean {
  return a.file === b.file && a.line === b.line && a.column === b.column;
}

/**
 * Control characters (C0, DEL, C1) and bidirectional overrides/isolates. Analyzed code and file names can
 * hold them; printed raw to a terminal they would recolor, move the cursor, rewrite earlier lines or
 * reorder what the reader sees (Trojan Source).
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `s` with every unprintable character shown as a `\uXXXX` escape: safe to print to a terminal. */
export function printable(s: string): string {
  return s.replace(UNPRINTABLE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Half-typed code can put newlines into an endpoint; a report line must stay one line (and printable). */
export function oneLine(text: string, max = 200): string {
  const line = printable(text.replace(/\s*[\r\n]+\s*/g, " "));
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export function findingsText(view: OutputView, findings: readonly Finding[], c: Colors): string {
  const out: string[] = [];
  for (const f of findings) {
    const sev = f.severity === "error" ? c.red("error") : f.severity === "warning" ? c.yellow("warning") : c.dim(f.severity);
    out.push(`${printable(view.where(f.location))}  ${sev}  ${oneLine(f.message)}  ${c.dim(f.rule)}`);
    for (const r of f.related) out.push(`    ${c.dim(`${printable(view.where(r.location))}: ${oneLine(r.message)}`)}`);
  }
  const errors = findings.filter((f) => f.severity === "error").length;
  const warnings = findings.filter((f) => f.severity === "warning").length;
  const fixable = findings.filter(isFixable).length;
  out.push(findings.length === 0 ? c.green("No problems found.")
    : `${plural(findings.length, "problem")} (${plural(errors, "error")}, ${plural(warnings, "warning")})` +
      (fixable > 0 ? `; ${fixable} fixable with --fix` : ""));
  return out.join("\n");
}

export function problemLines(view: OutputView, problems: readonly FileProblem[]): string[] {
  return problems.map((p) => `zmq-topology: ${printable(view.path(p.file))}: ${printable(p.message)}`);
}
