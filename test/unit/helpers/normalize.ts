/** Normalized views of a graph snapshot, for comparing incremental and cold analyses. */
import type { GraphSnapshot } from "../../../server/src/analysis/graph";
import type { SourceLocation, ZmqSocket } from "../../../server/src/analysis/model";

const where = (l: SourceLocation | undefined): string | undefined => (l ? `${l.file}:${l.line}:${l.column}` : undefined);

export function normalizeSocket(s: ZmqSocket) {
  return {
    id: s.id,
    type: s.type,
    holder: s.holder,
    binds: s.binds.map((b) => b.text),
    connects: s.connects.map((c) => c.text),
    options: s.options.map((o) => [o.name, o.value]),
    subscriptions: s.subscriptions.map((x) => x.value),
    context: s.context,
    components: s.components,
    processes: s.processes,
    multiProcess: s.multiProcess,
    createdAt: where(s.createdAt),
  };
}

export interface Normalized {
  sockets: ReturnType<typeof normalizeSocket>[];
  links: { from: string; to: string; endpoint: string; compatible: boolean; certain: boolean }[];
  problems: { file: string; message: string }[];
}

export function normalize(snapshot: GraphSnapshot): Normalized {
  return {
    sockets: snapshot.sockets.map(normalizeSocket),
    links: snapshot.links.map((l) => ({ from: l.from, to: l.to, endpoint: l.endpoint, compatible: l.compatible, certain: l.certain })),
    problems: snapshot.problems.map((p) => ({ file: p.file, message: p.message })),
  };
}

/** The first entry that differs between two normalized snapshots, described for a failure message; undefined when equal. */
export function firstDifference(actual: Normalized, expected: Normalized): string | undefined {
  for (const key of ["sockets", "links", "problems"] as const) {
    const a = actual[key] as unknown[];
    const e = expected[key] as unknown[];
    const n = Math.max(a.length, e.length);
    for (let i = 0; i < n; i++) {
      const aj = JSON.stringify(a[i]);
      const ej = JSON.stringify(e[i]);
      if (aj !== ej) {
        return `${key}[${i}] differs (incremental has ${a.length}, cold has ${e.length}):\n` +
          `  incremental: ${aj ?? "(none)"}\n  cold:        ${ej ?? "(none)"}`;
      }
    }
  }
  return undefined;
}

/**
 * What each file shows: the sockets located there (their location, creation and bind/connect calls),
 * the links touching it (either socket's file, the connect and the bind call) and its problems.
 */
export function perFileResults(snapshot: GraphSnapshot): Map<string, string> {
  const parts = new Map<string, string[]>();
  const add = (file: string | undefined, text: string): void => {
    if (!file) return;
    let list = parts.get(file);
    if (!list) parts.set(file, (list = []));
    list.push(text);
  };
  const socketFile = new Map<string, string>();
  for (const s of snapshot.sockets) {
    socketFile.set(s.id, s.location.file);
    const text = "socket " + JSON.stringify(normalizeSocket(s));
    const files = new Set([s.location.file, s.createdAt?.file, ...s.binds.map((b) => b.location.file), ...s.connects.map((c) => c.location.file)]);
    for (const f of files) add(f, text);
  }
  for (const l of snapshot.links) {
    const text = "link " + JSON.stringify({ from: l.from, to: l.to, endpoint: l.endpoint, compatible: l.compatible, certain: l.certain });
    const files = new Set([l.connectLocation.file, l.bindLocation.file, socketFile.get(l.from), socketFile.get(l.to)]);
    for (const f of files) add(f, text);
  }
  for (const p of snapshot.problems) add(p.file, "problem " + JSON.stringify({ file: p.file, message: p.message }));
  return new Map([...parts].map(([f, list]) => [f, list.sort().join("\n")]));
}

/** Files whose per-file results differ between two snapshots. */
export function changedFiles(before: GraphSnapshot, after: GraphSnapshot): string[] {
  const a = perFileResults(before);
  const b = perFileResults(after);
  const changed: string[] = [];
  for (const [file, text] of b) if (a.get(file) !== text) changed.push(file);
  for (const file of a.keys()) if (!b.has(file)) changed.push(file);
  return changed.sort();
}
