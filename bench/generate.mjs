#!/usr/bin/env node
// Writes a synthetic TypeScript workspace for the benchmark, deterministic from a seed: the same
// (size, seed, GENERATOR_VERSION) always gives a byte-identical tree. ~2% of the files use zeromq v6 in
// bind/connect pairs sharing one config module; the rest are ordinary modules importing each other (a DAG).
//
//   node bench/generate.mjs --size 10000 [--seed 1] [--out DIR] [--force] [--check]
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { randomTools } from "./lib/prng.mjs";
import { plainExports, plainModule, words } from "./lib/plainFile.mjs";
import { PATTERNS, clientCode, configModule, serverCode } from "./lib/zmqFile.mjs";

/** Bump whenever the output changes, so cached workspaces are regenerated. */
export const GENERATOR_VERSION = 1;
export const MARKER = ".bench-workspace.json";
export const MANIFEST = "bench-manifest.json";
const ZMQ_SHARE = 0.02;
const FILES_PER_DOMAIN = 100;
const BARREL_EVERY = 4;
const UNRELATED_IN_MANIFEST = 40;
const CONFIG_FILE = "src/config/endpoints.ts";

export function defaultWorkspaceDir(size, seed) {
  return path.join(os.tmpdir(), "zmq-topology-bench", `${size}-${seed}`);
}

/** Relative import specifier from one workspace file to another, NodeNext style (`.js`). */
function specifier(from, to) {
  let rel = path.posix.relative(path.posix.dirname(from), to).replace(/\.ts$/, ".js");
  return rel.startsWith(".") ? rel : `./${rel}`;
}

/** Decides every file's path and role; no text yet. */
function plan(size, rng) {
  const pairs = Math.max(2, Math.round((size * ZMQ_SHARE) / 2));
  const domainCount = Math.max(5, Math.ceil(size / FILES_PER_DOMAIN));
  const domains = Array.from({ length: domainCount }, (_, d) => `${words.NOUNS[d % words.NOUNS.length]}${d >= words.NOUNS.length ? Math.floor(d / words.NOUNS.length) : ""}`);
  const barrelDomains = domains.filter((_, d) => d % BARREL_EVERY === 0);
  const plainCount = size - 1 - 2 * pairs - barrelDomains.length;
  const plain = [];
  for (let j = 0; j < plainCount; j++) {
    const domain = domains[Math.floor((j * domainCount) / plainCount)];
    const file = `src/${domain}/${rng.pick(words.NOUNS)}-${rng.pick(words.VERBS)}-${j}.ts`;
    plain.push({ file, names: plainExports(j, rng), domain });
  }
  const barrels = barrelDomains.map((domain) => {
    const members = plain.filter((p) => p.domain === domain).slice(0, 5);
    return { file: `src/${domain}/index.ts`, domain, members };
  });
  const zmqPairs = [];
  for (let p = 0; p < pairs; p++) {
    const pattern = PATTERNS[p % PATTERNS.length];
    const service = `${rng.pick(words.NOUNS)}${p}`;
    const domain = domains[(p * 7) % domainCount];
    zmqPairs.push({
      pattern, service, portKey: `${service}_${pattern.name}`,
      server: `src/${domain}/${service}-${pattern.server.toLowerCase()}-server.ts`,
      client: `src/${domains[(p * 7 + 3) % domainCount]}/${service}-${pattern.client.toLowerCase()}-client.ts`,
    });
  }
  return { plain, barrels, zmqPairs };
}

/** Picks a module's imports among earlier modules (a DAG), mostly nearby, sometimes through a barrel. */
function chooseDeps(rng, file, index, plain, barrelOf) {
  const deps = [];
  const count = index === 0 ? 0 : rng.int(1, Math.min(4, index));
  const seen = new Set();
  for (let n = 0; n < count; n++) {
    const target = rng.chance(0.7) ? Math.max(0, index - rng.int(1, 30)) : rng.int(0, index - 1);
    if (seen.has(target)) continue;
    seen.add(target);
    const dep = plain[target];
    const barrel = barrelOf.get(dep.file);
    const viaBarrel = barrel && barrel.domain !== plain[index]?.domain && rng.chance(0.6);
    deps.push({ spec: specifier(file, viaBarrel ? barrel.file : dep.file), fn: dep.names.fn });
  }
  return deps;
}

/** The whole tree as [relative path, text] pairs, in a fixed order. */
export function buildWorkspace(size, seed) {
  const rng = randomTools(seed);
  const { plain, barrels, zmqPairs } = plan(size, rng);
  const barrelOf = new Map();
  for (const b of barrels) for (const m of b.members) barrelOf.set(m.file, b);
  const files = [];
  const target = () => rng.int(7400, 8600);
  plain.forEach((p, j) => {
    const deps = chooseDeps(rng, p.file, j, plain, barrelOf);
    files.push([p.file, plainModule({ rng, names: p.names, deps, targetBytes: target() })]);
  });
  for (const b of barrels) {
    const lines = b.members.map((m, i) => (i % 2 === 0 ? `export * from "${specifier(b.file, m.file)}";` : `export { ${m.names.fn}, ${m.names.service} } from "${specifier(b.file, m.file)}";`));
    files.push([b.file, `// Public surface of ${b.domain}.\n${lines.join("\n")}\n`]);
  }
  files.push([CONFIG_FILE, configModule(zmqPairs.map((z) => z.portKey))]);
  const defectsSeen = { noTimeout: 0, noLinger: 0, noSubscribe: 0 };
  zmqPairs.forEach((pair, p) => {
    const timeout = rng.int(5, 60) * 100;
    const defects = { noTimeout: rng.chance(0.3), noLinger: rng.chance(0.15), noSubscribe: rng.chance(0.1), timeout };
    for (const k of Object.keys(defectsSeen)) if (defects[k]) defectsSeen[k]++;
    const sides = [
      [pair.server, serverCode({ pattern: pair.pattern, portKey: pair.portKey, service: pair.service, useHelper: rng.chance(0.3), timeout })],
      [pair.client, clientCode({ pattern: pair.pattern, portKey: pair.portKey, service: pair.service, useHelper: rng.chance(0.3), defects })],
    ];
    for (const [file, code] of sides) {
      const helperIndex = rng.int(0, plain.length - 1);
      const deps = chooseDeps(rng, file, helperIndex + 1, plain, barrelOf).slice(0, 2);
      const padding = plainModule({ rng, names: plainExports(`Zmq${p}${file.endsWith("client.ts") ? "c" : "s"}`, rng), deps, targetBytes: target() - code.body.length - 400 });
      files.push([file, `${code.imports}\n${padding}\n${code.body}\n`]);
    }
  });
  const plainFiles = plain.map((p) => p.file);
  const unrelated = [];
  for (let i = 0; i < UNRELATED_IN_MANIFEST && i < plainFiles.length; i++) unrelated.push(plainFiles[rng.int(0, plainFiles.length - 1)]);
  const manifest = {
    generatorVersion: GENERATOR_VERSION, size, seed, sourceFiles: files.length,
    configFile: CONFIG_FILE,
    zmqFiles: zmqPairs.flatMap((z) => [z.server, z.client]),
    unrelatedFiles: [...new Set(unrelated)],
    barrels: barrels.map((b) => b.file),
    expected: { sockets: zmqPairs.length * 2, pairs: zmqPairs.length, plantedDefects: defectsSeen },
  };
  files.push(["package.json", JSON.stringify({ name: `bench-workspace-${size}`, version: "1.0.0", private: true, type: "module", dependencies: { zeromq: "^6.5.0" } }, null, 2) + "\n"]);
  files.push(["tsconfig.json", JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, skipLibCheck: true, rootDir: "src", outDir: "dist" }, include: ["src"] }, null, 2) + "\n"]);
  return { files, manifest };
}

function readMarker(dir) {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, MARKER), "utf8"));
  } catch {
    return undefined;
  }
}

/**
 * Returns the workspace folder for (size, seed), writing it first if it is missing or was made by another
 * generator version. Written to a sibling temp folder and renamed, so an interrupted run leaves no half tree.
 */
export function ensureWorkspace({ size, seed = 1, dir = defaultWorkspaceDir(size, seed), force = false, log = () => {} }) {
  const marker = readMarker(dir);
  if (!force && marker?.generatorVersion === GENERATOR_VERSION && marker.size === size && marker.seed === seed) {
    return { dir, manifest: JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), "utf8")), generatedMs: 0 };
  }
  const started = performance.now();
  const { files, manifest } = buildWorkspace(size, seed);
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  const made = new Set();
  for (const [rel, text] of files) {
    const abs = path.join(tmp, rel);
    const parent = path.dirname(abs);
    if (!made.has(parent)) fs.mkdirSync(parent, { recursive: true }), made.add(parent);
    fs.writeFileSync(abs, text);
  }
  fs.writeFileSync(path.join(tmp, MANIFEST), JSON.stringify(manifest, null, 2) + "\n");
  fs.writeFileSync(path.join(tmp, MARKER), JSON.stringify({ generatorVersion: GENERATOR_VERSION, size, seed }) + "\n");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  fs.renameSync(tmp, dir);
  const generatedMs = performance.now() - started;
  log(`generated ${files.length} files in ${dir} (${(generatedMs / 1000).toFixed(1)} s)`);
  return { dir, manifest, generatedMs };
}

/** Runs the built CLI on the workspace and counts sockets, links and findings (a sanity check, not a measurement). */
export function sanityCheck(dir, repoRoot) {
  const cli = path.join(repoRoot, "server/out/cli.js");
  const run = (args) => {
    try {
      return execFileSync(process.execPath, [cli, ...args, dir, "--format", "json"], { encoding: "utf8", maxBuffer: 1 << 30, stdio: ["ignore", "pipe", "pipe"] });
    } catch (err) {
      if (err.status === 1) return err.stdout; // findings at warning or above
      throw err;
    }
  };
  const graph = JSON.parse(run(["graph"]));
  const check = JSON.parse(run(["check"]));
  const byRule = {};
  for (const d of check.diagnostics) byRule[d.rule] = (byRule[d.rule] ?? 0) + 1;
  return { graphKeys: Object.keys(graph), sockets: countSockets(graph), links: countLinks(graph), findings: check.diagnostics.length, byRule };
}

function countSockets(graph) {
  return Array.isArray(graph.sockets) ? graph.sockets.length : undefined;
}

function countLinks(graph) {
  return Array.isArray(graph.links) ? graph.links.length : undefined;
}

function parseArgs(argv) {
  const opts = { size: 1000, seed: 1, out: undefined, force: false, check: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--size") opts.size = Number(argv[++i]);
    else if (a === "--seed") opts.seed = Number(argv[++i]);
    else if (a === "--out") opts.out = argv[++i];
    else if (a === "--force") opts.force = true;
    else if (a === "--check") opts.check = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(opts.size) || opts.size < 100) throw new Error("--size must be an integer >= 100");
  return opts;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const opts = parseArgs(process.argv.slice(2));
  const { dir, manifest } = ensureWorkspace({ size: opts.size, seed: opts.seed, dir: opts.out ? path.resolve(opts.out) : undefined, force: opts.force, log: console.log });
  console.log(`workspace: ${dir} (${manifest.sourceFiles} source files, ${manifest.zmqFiles.length} zeromq files)`);
  if (opts.check) {
    const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
    console.log(JSON.stringify(sanityCheck(dir, repoRoot)));
  }
}
