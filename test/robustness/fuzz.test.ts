/**
 * Bad input must never break the analysis: whatever one file holds (half an edit, binary garbage, 10,000
 * levels of nesting, a megabyte-long line), the analysis finishes, nothing throws, no rule fails, and the
 * other files of the workspace are analyzed as if the bad file were not there.
 *
 * Each iteration takes one project of examples/ or test/fixtures/, adds a mutated copy of one of its files
 * beside the original (nothing imports the copy, so it cannot change what the others mean), analyzes
 * cold, runs the rules, then edits the copy a few more times through `update`. Iteration i of seed s uses
 * its own random sequence: `ZMQ_FUZZ_SEED=s ZMQ_FUZZ_ONLY=i` replays just that one.
 * `ZMQ_FUZZ_ITERATIONS` sets how many run (`npm run fuzz` runs many more).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import { SocketGraph, type GraphSnapshot } from "../../server/src/analysis/graph";
import { runRules } from "../../server/src/analysis/check";
import type { ZmqSocket } from "../../server/src/analysis/model";
import { between, loadCorpus, mulberry32, mutate, pick, type Rng } from "./mutations";

const REPO = path.resolve(__dirname, "../..");
const SEED = Number(process.env.ZMQ_FUZZ_SEED ?? 1) >>> 0;
const ITERATIONS = Number(process.env.ZMQ_FUZZ_ITERATIONS ?? 3000);
const ONLY = process.env.ZMQ_FUZZ_ONLY === undefined ? undefined : Number(process.env.ZMQ_FUZZ_ONLY);
/** A hang detector, not a benchmark: the slowest iterations take a few hundred milliseconds. */
const BUDGET_MS = 2_000;

interface Project {
  dir: string;
  files: Map<string, string>;
  packages: Map<string, string>;
  /** The project analyzed as it is: what its files must still show beside any mutant. */
  baseline: SocketText[];
  baselineProblems: string[];
}

/** Every project (folder with a package.json) of the corpus with its own files, nested projects apart. */
function loadProjects(): Project[] {
  const corpus = loadCorpus(REPO);
  const dirs = [...corpus.packages.keys()].sort((a, b) => b.length - a.length);
  const projects = new Map<string, Project>();
  for (const dir of dirs) projects.set(dir, { dir, files: new Map(), packages: new Map([[dir, corpus.packages.get(dir)!]]), baseline: [], baselineProblems: [] });
  for (const [file, text] of corpus.files) {
    const dir = dirs.find((d) => file.startsWith(`${d}/`));
    if (dir) projects.get(dir)!.files.set(file, text);
  }
  const list = [...projects.values()].filter((p) => p.files.size > 0).sort((a, b) => (a.dir < b.dir ? -1 : 1));
  for (const p of list) {
    const graph = load(p.files, p.packages);
    const snapshot = graph.analyzeAll();
    p.baseline = socketsOutside(snapshot, undefined);
    p.baselineProblems = problemsOutside(snapshot, undefined);
  }
  return list;
}

function load(files: ReadonlyMap<string, string>, packages: ReadonlyMap<string, string>): SocketGraph {
  const graph = new SocketGraph();
  for (const [dir, text] of packages) graph.loadPackageJson(dir, text);
  for (const [file, text] of files) graph.loadFile(file, text);
  return graph;
}

interface SocketText {
  file: string;
  text: string;
}

/**
 * The sockets of every file but `mutant`, as text. Programs are left out: the mutant is a file nothing
 * imports, so it is a program of its own, and the modules it imports belong to it too.
 */
function socketsOutside(snapshot: GraphSnapshot, mutant: string | undefined): SocketText[] {
  const where = (l: { file: string; line: number; column: number }): string => `${l.file}:${l.line}:${l.column}`;
  const describe = (s: ZmqSocket): string => JSON.stringify([
    where(s.location), s.createdAt && where(s.createdAt), s.type, s.api, s.holder,
    s.binds.map((b) => [b.text, where(b.location)]), s.connects.map((c) => [c.text, where(c.location)]),
    s.options.map((o) => [o.name, o.value]), s.subscriptions.map((x) => x.value), s.context,
  ]);
  const fromMutant = (s: ZmqSocket): boolean => mutant !== undefined && (s.location.file === mutant || s.createdAt?.file === mutant);
  return snapshot.sockets.filter((s) => !fromMutant(s)).map((s) => ({ file: s.location.file, text: describe(s) })).sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
}

function problemsOutside(snapshot: GraphSnapshot, mutant: string | undefined): string[] {
  return snapshot.problems.filter((p) => p.file !== mutant).map((p) => `${p.file}: ${p.message}`).sort();
}

/** Problems that mean the analysis itself failed on the file (it caught an exception), not that the file is bad. */
const ANALYSIS_FAILED = /analysis failed/;

interface Timing {
  ms: number;
  iteration: number;
  step: string;
  file: string;
  chars: number;
  applied: string[];
}

const projects = loadProjects();
let slowest: Timing | undefined;

/** Runs `fn`, checks it kept to the budget, and remembers the slowest step of the run. */
function timed<T>(what: Omit<Timing, "ms">, context: string, fn: () => T): T {
  const start = performance.now();
  const result = fn();
  const ms = performance.now() - start;
  if (!slowest || ms > slowest.ms) slowest = { ...what, ms };
  assert.ok(ms < BUDGET_MS, `${context}: ${what.step} took ${ms.toFixed(0)} ms (budget ${BUDGET_MS} ms)`);
  return result;
}

function check(graph: SocketGraph, snapshot: GraphSnapshot, project: Project, mutant: string, context: string): void {
  const failed = snapshot.problems.filter((p) => ANALYSIS_FAILED.test(p.message));
  assert.deepEqual(failed, [], `${context}: the analysis threw`);
  const ruleErrors: string[] = [];
  runRules(snapshot, graph, { onRuleError: (rule, err) => ruleErrors.push(`${rule}: ${(err as Error).stack ?? String(err)}`) });
  assert.deepEqual(ruleErrors, [], `${context}: a rule threw`);
  const sockets = socketsOutside(snapshot, mutant);
  // A module the mutant imports may gain socket instances (the mutant calls its factories), never lose one.
  const reachable = importedFrom(graph, mutant);
  const found = new Set(sockets.map((s) => s.text));
  const lost = project.baseline.filter((s) => reachable.has(s.file) && !found.has(s.text)).map((s) => s.text);
  assert.deepEqual(lost, [], `${context}: sockets of modules the mutant imports were lost`);
  // Every other module must show exactly what it showed without the mutant.
  const elsewhere = (list: readonly SocketText[]): string[] => list.filter((s) => !reachable.has(s.file)).map((s) => s.text);
  const actual = elsewhere(sockets);
  const expected = elsewhere(project.baseline);
  assert.deepEqual(actual, expected, `${context}: the other files' sockets changed${listDifference(actual, expected)}`);
  const problems = problemsOutside(snapshot, mutant);
  assert.deepEqual(problems, project.baselineProblems, `${context}: the other files' problems changed${listDifference(problems, project.baselineProblems)}`);
}

/** The files `file` imports, directly or not, as far as the workspace resolves them. */
function importedFrom(graph: SocketGraph, file: string): Set<string> {
  const seen = new Set<string>();
  const queue = [file];
  while (queue.length > 0) {
    const current = queue.pop()!;
    for (const spec of graph.ws.scanOf(current)?.specifiers ?? []) {
      const target = graph.ws.resolveImport(current, spec);
      if (target !== undefined && target !== file && !seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return seen;
}

function listDifference(actual: readonly string[], expected: readonly string[]): string {
  const missing = expected.filter((e) => !actual.includes(e));
  const extra = actual.filter((a) => !expected.includes(a));
  return [...missing.map((m) => `\n  missing: ${m}`), ...extra.map((x) => `\n  new:     ${x}`)].join("");
}

function iteration(i: number): void {
  const rng: Rng = mulberry32(Math.imul(SEED, 0x9e3779b1) ^ i);
  const project = pick(rng, projects);
  const original = pick(rng, [...project.files.keys()]);
  const ext = path.posix.extname(original);
  const mutant = `${path.posix.dirname(original)}/fuzz-mutant${ext}`;
  let { text, applied } = mutate(project.files.get(original)!, rng, rng() < 0.7 ? 1 : between(rng, 2, 5));
  const context = (): string => `seed ${SEED} iteration ${i} (replay: ZMQ_FUZZ_SEED=${SEED} ZMQ_FUZZ_ONLY=${i}): ${mutant} from ${original} after [${applied.join(", ")}]`;

  const graph = load(project.files, project.packages);
  const snapshot = timed({ iteration: i, step: "cold analysis", file: original, chars: text.length, applied }, context(), () => {
    graph.loadFile(mutant, text);
    return graph.analyzeAll();
  });
  timed({ iteration: i, step: "rules", file: original, chars: text.length, applied }, context(), () => check(graph, snapshot, project, mutant, context()));

  // An editor keeps typing: more mutations on the same file, then sometimes the original text back.
  for (let step = between(rng, 0, 3); step > 0; step--) {
    const next = rng() < 0.2 ? { text: project.files.get(original)!, applied: ["restore"] } : mutate(text, rng, 1);
    text = next.text;
    applied = [...applied, ...next.applied];
    const updated = timed({ iteration: i, step: "update", file: original, chars: text.length, applied }, context(), () => {
      graph.update(mutant, text);
      return graph.snapshot();
    });
    check(graph, updated, project, mutant, context());
  }
}

test(`mutated files never break the analysis of the rest (seed ${SEED}, ${ONLY === undefined ? ITERATIONS : 1} iterations)`, () => {
  assert.ok(projects.length >= 10, `corpus has ${projects.length} projects`);
  const first = ONLY ?? 0;
  const last = ONLY ?? ITERATIONS - 1;
  const start = performance.now();
  for (let i = first; i <= last; i++) iteration(i);
  const s = slowest!;
  console.log(`fuzz: ${last - first + 1} iterations in ${((performance.now() - start) / 1000).toFixed(1)} s; slowest: ${s.step} of iteration ${describeTiming(s)}`);
});

function describeTiming(s: Timing): string {
  return `${s.iteration}, ${s.ms.toFixed(0)} ms, mutant of ${s.file} (${s.chars} chars) after [${s.applied.join(", ")}]`;
}
