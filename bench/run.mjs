#!/usr/bin/env node
// The benchmark: for each size, generate (or reuse) the workspace, then run every measurement in its own
// child process, one after another (never in parallel: the numbers are wall times on a small machine).
//
//   node bench/run.mjs [--sizes 1000,10000,50000] [--runs N] [--quick] [--seed N] [--eslint-50k]
//                      [--edits 200] [--lsp-edits 100] [--lsp-config-edits 30] [--skip eslint,lsp,...]
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureWorkspace } from "./generate.mjs";
import { median, percentile, timeNode } from "./lib/child.mjs";
import { markdownTable, textTable } from "./lib/report.mjs";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CLI = path.join(REPO, "server/out/cli.js");
const SERVER = path.join(REPO, "server/out/server.js");
const INCREMENTAL = path.join(REPO, "out/bench/incremental.js");
const RESULTS = path.join(REPO, "bench/results");
const ESLINT_SKIP_ABOVE = 10000;
const MEASUREMENTS = ["cli", "topology", "floor", "eslint", "incremental", "lsp"];

function parseArgs(argv) {
  const opts = { sizes: [1000, 10000, 50000], runs: undefined, seed: 1, eslint50k: false, edits: 200, lspEdits: 100, lspConfigEdits: 30, skip: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => Number(argv[++i]);
    if (a === "--sizes") opts.sizes = argv[++i].split(",").map(Number);
    else if (a === "--runs") opts.runs = num();
    else if (a === "--seed") opts.seed = num();
    else if (a === "--quick") opts.sizes = [1000], opts.runs = 1;
    else if (a === "--eslint-50k") opts.eslint50k = true;
    else if (a === "--edits") opts.edits = num();
    else if (a === "--lsp-edits") opts.lspEdits = num();
    else if (a === "--lsp-config-edits") opts.lspConfigEdits = num();
    else if (a === "--skip") opts.skip = new Set(argv[++i].split(","));
    else throw new Error(`unknown argument ${a}`);
  }
  if (opts.sizes.some((s) => !Number.isInteger(s) || s < 100)) throw new Error("--sizes takes integers >= 100");
  for (const name of opts.skip) if (!MEASUREMENTS.includes(name)) throw new Error(`--skip takes ${MEASUREMENTS.join(", ")}`);
  // The sockets/links/findings sanity check reads the incremental run's cold analysis.
  if (opts.skip.has("incremental")) throw new Error("--skip incremental is not supported: it provides the sanity counts");
  return opts;
}

function machine() {
  const git = (...args) => execFileSync("git", args, { cwd: REPO, encoding: "utf8" }).trim();
  return {
    cpu: os.cpus()[0]?.model ?? "unknown", cores: os.cpus().length, totalMemGb: os.totalmem() / 2 ** 30,
    node: process.version, platform: `${os.platform()} ${os.release()}`,
    commit: git("rev-parse", "HEAD"), dirty: git("status", "--porcelain").length > 0,
  };
}

const log = (line) => process.stderr.write(`${line}\n`);

/** Fails loudly when a measured process did not do its job: a fast wrong answer is not a benchmark. */
function expectStatus(result, ok, what) {
  if (!ok.includes(result.status)) throw new Error(`${what} exited with ${result.status}: ${result.stderr.slice(0, 2000)}`);
}

async function repeated(runs, what, args, options, okStatus = [0]) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const r = await timeNode(args, options);
    expectStatus(r, okStatus, what);
    samples.push({ wallMs: r.wallMs, maxRssKb: r.maxRssKb });
    log(`  ${what} run ${i + 1}/${runs}: ${(r.wallMs / 1000).toFixed(2)} s, ${r.maxRssKb === undefined ? "?" : (r.maxRssKb / 1024).toFixed(0)} MB`);
  }
  return {
    samples, medianMs: median(samples.map((s) => s.wallMs)),
    medianRssMb: median(samples.filter((s) => s.maxRssKb !== undefined).map((s) => s.maxRssKb / 1024)),
  };
}

function summarize(values) {
  return { n: values.length, p50: percentile(values, 50), p95: percentile(values, 95), max: Math.max(...values) };
}

async function eslint(ws, size, opts) {
  if (size > ESLINT_SKIP_ABOVE && !opts.eslint50k) return { skipped: true, reason: `over ${ESLINT_SKIP_ABOVE} files without --eslint-50k` };
  const out = path.join(os.tmpdir(), `bench-eslint-${process.pid}.json`);
  const args = [path.join(REPO, "node_modules/eslint/bin/eslint.js"), "--no-config-lookup", "-c", path.join(REPO, "bench/eslint.config.mjs"), "--format", "json", "-o", out, "."];
  const r = await timeNode(args, { cwd: ws });
  expectStatus(r, [0, 1], "eslint");
  const report = JSON.parse(fs.readFileSync(out, "utf8"));
  fs.rmSync(out);
  const fatal = report.filter((f) => f.messages.some((m) => m.fatal)).length;
  const found = report.reduce((n, f) => n + f.messages.filter((m) => m.ruleId === "no-restricted-syntax").length, 0);
  log(`  eslint: ${(r.wallMs / 1000).toFixed(2)} s, ${report.length} files, ${found} socket constructions, ${fatal} parse failures`);
  return { wallMs: r.wallMs, maxRssKb: r.maxRssKb, files: report.length, socketConstructions: found, parseFailures: fatal };
}

async function incremental(ws, opts) {
  const r = await timeNode([INCREMENTAL, ws, "--edits", String(opts.edits)], { keepStdout: true });
  expectStatus(r, [0], "incremental");
  const data = JSON.parse(r.stdout);
  const byKind = {};
  const affected = {};
  const stepsP50 = {};
  for (const kind of ["zmq", "config", "unrelated"]) {
    const samples = data.samples.filter((s) => s.kind === kind);
    byKind[kind] = summarize(samples.map((s) => s.ms));
    affected[kind] = summarize(samples.map((s) => s.affected));
    stepsP50[kind] = Object.fromEntries(["updateMs", "snapshotMs", "rulesMs"].map((step) => [step, percentile(samples.map((s) => s[step]), 50)]));
  }
  if (data.findingsAfterReverts !== data.cold.findings) log(`  warning: ${data.cold.findings} findings cold, ${data.findingsAfterReverts} after the reverted edits`);
  log(`  incremental: cold ${(data.cold.totalMs / 1000).toFixed(2)} s; p50 zmq ${byKind.zmq.p50.toFixed(1)} ms, config ${byKind.config.p50.toFixed(1)} ms, unrelated ${byKind.unrelated.p50.toFixed(1)} ms`);
  return { cold: data.cold, byKind, affected, stepsP50, findingsAfterReverts: data.findingsAfterReverts, samples: data.samples, maxRssKb: r.maxRssKb };
}

async function lsp(ws, opts) {
  const r = await timeNode([path.join(REPO, "bench/lsp.mjs"), ws, "--edits", String(opts.lspEdits), "--config-edits", String(opts.lspConfigEdits)], { keepStdout: true });
  expectStatus(r, [0], "lsp");
  const data = JSON.parse(r.stdout);
  const result = {
    ...data, zmq: summarize(data.zmq.map((s) => s.ms)), config: summarize(data.config.map((s) => s.ms)),
    topology: data.topology.length ? summarize(data.topology.map((s) => s.ms)) : undefined,
    samples: { zmq: data.zmq, config: data.config, topology: data.topology },
  };
  log(`  lsp: ready in ${(data.ready.readyMs / 1000).toFixed(2)} s, ${data.ready.hwmMb.toFixed(0)} MB; edit p50 zmq ${result.zmq.p50.toFixed(1)} ms, config ${result.config.p50.toFixed(1)} ms, topology ${result.topology?.p50.toFixed(1) ?? "–"} ms`);
  return result;
}

/**
 * `init` writes the workspace's topology file (outside the workspace), then `check --topology` runs with
 * it: the cost of drift checking, and an init round trip at scale (it must report no drift).
 */
async function withTopology(ws, runs) {
  const file = path.join(os.tmpdir(), `bench-topology-${process.pid}.zmqtopo`);
  const init = await timeNode([CLI, "init", ws, "--output", file], { cwd: ws });
  expectStatus(init, [0], "init");
  log(`  init: ${(init.wallMs / 1000).toFixed(2)} s`);
  const check = await repeated(runs, "cli+topology", [CLI, "check", ws, "--topology", file, "--format", "json"], { cwd: ws }, [0, 1]);
  const last = await timeNode([CLI, "check", ws, "--topology", file, "--format", "json"], { cwd: ws, keepStdout: true });
  const drift = JSON.parse(last.stdout).diagnostics.filter((d) => d.rule === "topology-drift").length;
  fs.rmSync(file, { force: true });
  if (drift !== 0) throw new Error(`init round trip failed: ${drift} topology-drift findings right after init`);
  return { initMs: init.wallMs, ...check };
}

async function measureSize(size, opts) {
  const runs = opts.runs ?? (size > 10000 ? 3 : 5);
  log(`\n== ${size} files (${runs} run${runs === 1 ? "" : "s"}) ==`);
  const { dir: ws, manifest, generatedMs } = ensureWorkspace({ size, seed: opts.seed, log });
  log(`  workspace ${ws}`);
  // A topology file left by an interrupted LSP run would change what the CLI checks.
  fs.rmSync(path.join(ws, "topology.zmqtopo"), { force: true });
  const wanted = (name) => !opts.skip.has(name);
  const cli = wanted("cli") ? await repeated(runs, "cli", [CLI, "check", ws, "--format", "json"], { cwd: ws }, [0, 1]) : undefined;
  const topology = wanted("topology") ? await withTopology(ws, runs) : undefined;
  const floor = wanted("floor") ? await repeated(runs, "floor", [path.join(REPO, "bench/floor.mjs"), ws], {}) : undefined;
  const eslintResult = wanted("eslint") ? await eslint(ws, size, opts) : { skipped: true, reason: "--skip eslint" };
  const incr = await incremental(ws, opts);
  const lspResult = wanted("lsp") ? await lsp(ws, opts) : undefined;
  const counts = { sockets: incr.cold.sockets, links: incr.cold.links, findings: incr.cold.findings, expectedSockets: manifest.expected.sockets };
  log(`  found ${counts.sockets} sockets (expected ${counts.expectedSockets}), ${counts.links} links, ${counts.findings} findings`);
  if (counts.sockets !== counts.expectedSockets || !counts.links || !counts.findings) throw new Error(`sanity check failed: ${JSON.stringify(counts)}`);
  return {
    size, seed: opts.seed, runs, workspace: ws, generatedMs, counts,
    cli, topology, floor, eslint: eslintResult, incremental: incr, lsp: lspResult,
    ratios: {
      cliOverFloor: cli && floor ? cli.medianMs / floor.medianMs : undefined,
      eslintOverCli: cli && eslintResult.wallMs !== undefined ? eslintResult.wallMs / cli.medianMs : undefined,
    },
  };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  for (const file of [CLI, SERVER]) if (!fs.existsSync(file)) throw new Error(`${file} is missing: run npm run build first`);
  await import("./build.mjs");
  const info = machine();
  log(`${info.cpu}, ${info.cores} cores, Node ${info.node}, commit ${info.commit.slice(0, 7)}${info.dirty ? " (dirty)" : ""}`);
  const rows = [];
  for (const size of opts.sizes) rows.push(await measureSize(size, opts));
  const tenK = rows.find((r) => r.size === 10000);
  for (const r of rows) r.ratios.cliOverTenK = tenK?.cli && r.cli && r.size !== 10000 ? r.cli.medianMs / tenK.cli.medianMs : undefined;
  const results = { date: new Date().toISOString(), machine: { ...info, totalMemGb: info.totalMemGb }, options: opts, sizes: rows };
  fs.mkdirSync(RESULTS, { recursive: true });
  const jsonFile = path.join(RESULTS, "latest.json");
  const mdFile = path.join(RESULTS, "latest.md");
  fs.writeFileSync(jsonFile, JSON.stringify(results, null, 2) + "\n");
  const md = markdownTable(rows, info);
  fs.writeFileSync(mdFile, md);
  console.log(`\n${textTable(rows)}\n\n${md}\nresults: ${jsonFile}\nmarkdown: ${mdFile}`);
}

main().catch((err) => {
  console.error(`bench: ${err.stack ?? err}`);
  process.exit(1);
});
