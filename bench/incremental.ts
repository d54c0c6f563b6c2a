// Incremental analysis in one process, through the analysis API (no LSP): a cold load, then single-file
// edits of three kinds, each timed from graph.update() until the findings of the whole workspace are computed (as
// the language server computes them: FindingsCache, which reuses the groups an edit left alone). Prints one JSON object.
//
//   node out/bench/incremental.js <workspace> [--edits 200]
import * as fs from "node:fs";
import * as path from "node:path";
import { FindingsCache } from "../server/src/analysis/check";
import { SocketGraph } from "../server/src/analysis/graph";
import { loadPaths, readSourceText } from "../server/src/analysis/loader";

type Kind = "zmq" | "config" | "unrelated";

interface Manifest {
  configFile: string;
  zmqFiles: string[];
  unrelatedFiles: string[];
}

interface Sample {
  kind: Kind;
  file: string;
  /** Edit or its revert: both are one keystroke-sized change of one file. */
  revert: boolean;
  ms: number;
  /** The three steps of `ms`, to show where an edit's time goes. */
  updateMs: number;
  snapshotMs: number;
  rulesMs: number;
  affected: number;
  findings: number;
}

/** One edit: the changed text of a file, from its original text. */
type Editor = (text: string, i: number) => string;

/** A ZeroMQ file: change a socket option number, or add a statement (alternately). */
const editZmq: Editor = (text, i) => {
  if (i % 2 === 0) {
    const changed = text.replace(/(sendTimeout|receiveTimeout): (\d+)/, (_, name: string, n: string) => `${name}: ${Number(n) + 100 + i}`);
    if (changed !== text) return changed;
  }
  return `${text}\nexport const benchEdit${i} = ${i};\n`;
};

/** The shared config module: move one port, so the pair using it loses its link. */
const editConfig: Editor = (text, i) => {
  const ports = [...text.matchAll(/^ {2}(\w+): (\d+),$/gm)];
  const m = ports[(i * 7919) % ports.length]!;
  return text.slice(0, m.index) + `  ${m[1]}: ${Number(m[2]) + 10000},` + text.slice(m.index! + m[0].length);
};

/** An unrelated module: add a function. */
const editUnrelated: Editor = (text, i) => `${text}\nexport function benchAdded${i}(x: number): number {\n  return x * ${i + 2};\n}\n`;

function parseArgs(argv: string[]): { dir: string; edits: number } {
  let edits = 200;
  let dir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--edits") edits = Number(argv[++i]);
    else dir = argv[i];
  }
  if (!dir) throw new Error("usage: incremental.js <workspace> [--edits N]");
  return { dir: path.resolve(dir), edits };
}

function main(): void {
  const { dir, edits } = parseArgs(process.argv.slice(2));
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "bench-manifest.json"), "utf8")) as Manifest;
  const abs = (rel: string): string => path.join(dir, rel).replace(/\\/g, "/");

  const t0 = performance.now();
  const graph = new SocketGraph({ readText: (file) => {
    const read = readSourceText(file);
    return "text" in read ? read.text : undefined;
  } });
  const load = loadPaths(graph, [dir]);
  const t1 = performance.now();
  const snapshot = graph.analyzeAll();
  const t2 = performance.now();
  // What the language server does: findings per snapshot, with the groups an edit left alone reused.
  const findingsCache = new FindingsCache();
  const coldFindings = findingsCache.findings(snapshot, graph, {});
  const t3 = performance.now();
  const cold = {
    files: load.files, sockets: snapshot.sockets.length, links: snapshot.links.length, findings: coldFindings.length,
    loadMs: t1 - t0, analyzeMs: t2 - t1, rulesMs: t3 - t2, totalMs: t3 - t0, rssMb: process.memoryUsage().rss / 2 ** 20,
  };

  const targets: Record<Kind, { files: string[]; edit: Editor }> = {
    zmq: { files: manifest.zmqFiles, edit: editZmq },
    config: { files: [manifest.configFile], edit: editConfig },
    unrelated: { files: manifest.unrelatedFiles, edit: editUnrelated },
  };
  const kinds: Kind[] = ["zmq", "config", "unrelated"];
  const samples: Sample[] = [];
  const measure = (kind: Kind, file: string, text: string, revert: boolean): void => {
    const start = performance.now();
    const affected = graph.update(file, text);
    const updated = performance.now();
    const snapshot = graph.snapshot();
    const snapped = performance.now();
    const findings = findingsCache.findings(snapshot, graph, {});
    const end = performance.now();
    samples.push({
      kind, file: path.relative(dir, file), revert, ms: end - start,
      updateMs: updated - start, snapshotMs: snapped - updated, rulesMs: end - snapped,
      affected: affected.size, findings: findings.length,
    });
  };
  // Edits go round-robin over the kinds, each followed by its revert, so the workspace never drifts.
  for (let i = 0; samples.length < edits; i++) {
    const kind = kinds[i % kinds.length]!;
    const { files, edit } = targets[kind];
    const file = abs(files[Math.floor(i / kinds.length) % files.length]!);
    const original = graph.sourceFile(file)?.text ?? fs.readFileSync(file, "utf8");
    measure(kind, file, edit(original, i), false);
    if (samples.length < edits) measure(kind, file, original, true);
  }
  const end = findingsCache.findings(graph.snapshot(), graph, {}).length;
  process.stdout.write(JSON.stringify({ cold, samples, findingsAfterReverts: end }) + "\n");
}

main();
