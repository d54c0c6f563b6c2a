#!/usr/bin/env node
import * as fs from "node:fs";
import * as path from "node:path";
import { runRules } from "./analysis/check";
import { parseConfig, type AnalysisConfig } from "./analysis/config";
import type { Finding } from "./analysis/diagnostics";
import { applyEdits, fixesToApply } from "./analysis/fixes";
import { SocketGraph, type GraphSnapshot } from "./analysis/graph";
import { loadPaths, readSourceText, writeSourceText } from "./analysis/loader";
import { normalizePath } from "./analysis/paths";
import { declaredTopology, type DeclaredTopology } from "./analysis/topologyFile/declared";
import { topologyFileIn } from "./analysis/topologyFile/discovery";
import { topologyFromCode } from "./analysis/topologyFile/init";
import { dot, mermaid } from "./report/diagram";
import { graphJson } from "./report/graphJson";
import { checkJson, sarif } from "./report/sarif";
import { ANSI, findingsText, PLAIN, printable, problemLines, topologyText } from "./report/text";
import { OutputView } from "./report/view";

declare const ZMQ_TOPOLOGY_VERSION: string | undefined;
const VERSION = typeof ZMQ_TOPOLOGY_VERSION === "string" ? ZMQ_TOPOLOGY_VERSION : "0.0.0-dev";

const HELP = `zmq-topology ${VERSION}: find every ZeroMQ socket, link binds to connects, report misuse.

Usage:
  zmq-topology graph <path...> [--format json|text|dot|mermaid]
  zmq-topology check <path...> [--format text|json|sarif] [--config FILE] [--topology FILE] [--fix] [--absolute-paths]
  zmq-topology init [path] [--output FILE|-] [--force]
  zmq-topology --help | --version

Options:
  --format FORMAT   output format (graph: text by default; check: text by default)
  --config FILE     rule configuration (check only; default: zmq-topology.json in the first path, if present)
  --topology FILE   the intended topology to check the code against (check only; default: the *.zmqtopo
                    file in the first path, if there is one). Syntax: docs/topology-file.md
  --force           init: replace an existing topology.zmqtopo
  --fix             apply the rules' fixes to the files (timeouts, linger, subscribe, ...), then report what is left
  --output FILE     write the report (init: the topology file, - for standard output) to FILE instead of standard output
  --no-color        plain text even on a terminal
  --absolute-paths  SARIF: give %SRCROOT% as this machine's absolute path (by default the report names none)

Exit status: 0 nothing at warning or above, 1 findings at warning or above, 2 usage error, unreadable input
or errors in the topology file.
Analyzed code is only read, never executed.`;

class UsageError extends Error {}

interface Options {
  command: "graph" | "check" | "init";
  paths: string[];
  format: string;
  config?: string;
  topology?: string;
  force: boolean;
  output?: string;
  color: boolean;
  fix: boolean;
  absolutePaths: boolean;
}

const FORMATS = { graph: ["json", "text", "dot", "mermaid"], check: ["text", "json", "sarif"], init: ["text"] } as const;

function parseArgs(argv: string[]): Options | "help" | "version" {
  if (argv.includes("--help") || argv.includes("-h")) return "help";
  if (argv.includes("--version") || argv.includes("-v")) return "version";
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError("missing command: expected 'graph', 'check' or 'init'");
  if (command !== "graph" && command !== "check" && command !== "init") throw new UsageError(`unknown command '${command}': expected 'graph', 'check' or 'init'`);
  const opts: Options = { command, paths: [], format: "text", color: process.stdout.isTTY === true && !process.env["NO_COLOR"], fix: false, absolutePaths: false, force: false };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const value = (): string => {
      const eq = arg.indexOf("=");
      if (eq >= 0) return arg.slice(eq + 1);
      const v = rest[++i];
      if (v === undefined || v.startsWith("--")) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    const name = arg.split("=")[0];
    if (name === "--format") opts.format = value();
    else if (name === "--config" && command === "check") opts.config = value();
    else if (name === "--topology" && command === "check") opts.topology = value();
    else if (arg === "--force" && command === "init") opts.force = true;
    else if (name === "--output" || name === "-o") opts.output = value();
    else if (arg === "--fix" && command === "check") opts.fix = true;
    else if (arg === "--no-color") opts.color = false;
    else if (arg === "--color") opts.color = true;
    else if (arg === "--absolute-paths") opts.absolutePaths = true;
    else if (arg.startsWith("-")) throw new UsageError(`unknown option '${arg}' for '${command}'`);
    else opts.paths.push(arg);
  }
  if (!(FORMATS[command] as readonly string[]).includes(opts.format)) {
    throw new UsageError(`unknown format '${opts.format}' for '${command}': expected ${FORMATS[command].join(", ")}`);
  }
  if (command === "init") {
    if (opts.paths.length > 1) throw new UsageError("'init' takes one path: the folder to describe");
    if (opts.paths.length === 0) opts.paths.push(".");
  }
  if (opts.paths.length === 0) throw new UsageError(`'${command}' needs at least one path`);
  return opts;
}

function loadConfig(opts: Options, warn: (line: string) => void): AnalysisConfig | undefined {
  let file = opts.config;
  if (!file) {
    const first = opts.paths[0]!;
    const dir = fs.statSync(first).isDirectory() ? first : path.dirname(first);
    const candidate = path.join(dir, "zmq-topology.json");
    if (!fs.existsSync(candidate)) return undefined;
    file = candidate;
  }
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read config ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const { config, messages } = parseConfig(text, file);
  for (const message of messages) warn(`zmq-topology: ${message}`);
  return config;
}

export function main(argv: string[], io = { out: (s: string) => process.stdout.write(s), err: (s: string) => process.stderr.write(s) }): number {
  // Warnings quote file names, config keys and messages from the analyzed workspace: never raw control characters.
  const warn = (line: string): void => void io.err(printable(line) + "\n");
  try {
    const parsed = parseArgs(argv);
    if (parsed === "help") return void io.out(HELP + "\n"), 0;
    if (parsed === "version") return void io.out(VERSION + "\n"), 0;
    for (const p of parsed.paths) {
      if (!fs.existsSync(p)) throw new UsageError(`path not found: ${p}`);
      try {
        fs.accessSync(p, fs.statSync(p).isDirectory() ? fs.constants.R_OK | fs.constants.X_OK : fs.constants.R_OK);
      } catch (err) {
        throw new UsageError(`cannot read ${p} (${(err as NodeJS.ErrnoException).code ?? "error"})`);
      }
    }
    const config = parsed.command === "check" ? loadConfig(parsed, warn) : undefined;
    const graph = new SocketGraph({ readText: (file) => {
      const read = readSourceText(file);
      return "text" in read ? read.text : undefined;
    } });
    const showProgress = process.stderr.isTTY === true;
    const load = loadPaths(graph, parsed.paths, showProgress ? { onProgress: (n) => io.err(`\rreading files: ${n}`) } : {});
    if (showProgress && load.files >= 500) io.err("\r\u001b[K");
    let snapshot = graph.analyzeAll();
    let view = new OutputView(snapshot, normalizePath(process.cwd()));
    for (const line of problemLines(view, [...load.problems, ...snapshot.problems])) warn(line);
    if (parsed.command === "init") return writeInit(parsed, snapshot, io, warn);
    const colors = parsed.color ? ANSI : PLAIN;
    let report: string;
    let status = 0;
    let topologyErrors = 0;
    if (parsed.command === "graph") {
      report = parsed.format === "json" ? graphJson(view) : parsed.format === "dot" ? dot(view) : parsed.format === "mermaid" ? mermaid(view) : topologyText(view, colors);
    } else {
      const onRuleError = (rule: string, err: unknown, files: readonly string[]): void =>
        warn(`zmq-topology: rule ${rule} failed on ${files.map((f) => view.path(f)).join(", ")} and was skipped there: ${(err as Error).message}`);
      const topology = loadTopology(parsed, view, warn);
      topologyErrors = topology?.tree.errors.filter((e) => e.severity === "error").length ?? 0;
      let findings = runRules(snapshot, graph, { config, onRuleError, topology });
      if (parsed.fix) {
        ({ snapshot, findings } = applyFixes(graph, findings, (f) => runRules(f, graph, { config, onRuleError, topology }), warn));
        view = new OutputView(snapshot, view.base);
      }
      report = parsed.format === "json" ? checkJson(view, findings) : parsed.format === "sarif" ? sarif(view, findings, VERSION, { absolutePaths: parsed.absolutePaths }) : findingsText(view, findings, colors);
      status = findings.some((f) => f.severity === "error" || f.severity === "warning") ? 1 : 0;
    }
    if (parsed.output) {
      try {
        fs.writeFileSync(parsed.output, report + "\n");
      } catch (err) {
        throw new UsageError(`cannot write ${parsed.output}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
    } else {
      io.out(report + "\n");
    }
    return topologyErrors > 0 ? 2 : status;
  } catch (err) {
    if (err instanceof UsageError) {
      warn(`zmq-topology: ${err.message} (see zmq-topology --help)`);
      return 2;
    }
    warn(`zmq-topology: internal error: ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  }
}

/**
 * The topology file to check against: `--topology FILE`, else the one `*.zmqtopo` file in the first path.
 * Its errors are printed one a line, `file:line:column: severity: message`.
 */
function loadTopology(opts: Options, view: OutputView, warn: (line: string) => void): DeclaredTopology | undefined {
  let file = opts.topology;
  if (!file) {
    const first = opts.paths[0]!;
    if (!fs.statSync(first).isDirectory()) return undefined;
    const found = topologyFileIn(normalizePath(first));
    if (found.several) throw new UsageError(`several topology files in ${first} (${found.several.map((f) => path.basename(f)).join(", ")}): name one with --topology`);
    if (!found.file) return undefined;
    file = found.file;
  }
  // Read as sources are: size limit, binary content and FIFOs are refused with a reason.
  const read = readSourceText(file);
  if (!("text" in read)) throw new UsageError(`cannot use topology file ${file}: ${read.problem.message.replace(/^skipped: /, "")}`);
  const text = read.text;
  // The first path is the system the file describes: code under other paths is not compared with it.
  const first = opts.paths[0]!;
  const root = normalizePath(fs.statSync(first).isDirectory() ? first : path.dirname(first));
  const topology = declaredTopology(normalizePath(path.resolve(file)), text, root);
  for (const e of topology.tree.errors) {
    const at = topology.location(e.span);
    warn(`${view.path(topology.file)}:${at.line}:${at.column}: ${e.severity}: ${e.message}`);
  }
  return topology;
}

/** `init`: the topology file of the code as it is, at `<path>/topology.zmqtopo` unless `--output` says otherwise. */
function writeInit(opts: Options, snapshot: GraphSnapshot, io: { out: (s: string) => void }, warn: (line: string) => void): number {
  const root = opts.paths[0]!;
  const folder = fs.statSync(root).isDirectory() ? root : path.dirname(root);
  const text = topologyFromCode(snapshot, projectTitle(folder));
  if (opts.output === "-") {
    io.out(text);
    return 0;
  }
  const target = opts.output ?? path.join(folder, "topology.zmqtopo");
  if (!opts.output) {
    const existing = fs.readdirSync(folder).filter((f) => f.endsWith(".zmqtopo")).sort();
    // --force replaces topology.zmqtopo; writing it next to another *.zmqtopo would leave `check` two to choose from.
    const others = existing.filter((f) => f !== "topology.zmqtopo");
    if (others.length > 0) {
      const named = others.map((f) => path.join(folder, f));
      throw new UsageError(`${named.join(", ")} already ${others.length === 1 ? "exists" : "exist"}: a second topology file would make 'check' ask which to use; replace it with --output ${named[0]}, or remove it`);
    }
    if (existing.length > 0 && !opts.force) throw new UsageError(`${path.join(folder, existing[0]!)} already exists: use --force to replace topology.zmqtopo, or --output`);
  }
  try {
    fs.writeFileSync(target, text);
  } catch (err) {
    throw new UsageError(`cannot write ${target}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const components = (text.match(/^component /gm) ?? []).length;
  const sockets = (text.match(/^ {2}socket /gm) ?? []).length;
  const links = (text.match(/^link /gm) ?? []).length;
  warn(`zmq-topology: wrote ${target}: ${components} component${components === 1 ? "" : "s"}, ${sockets} socket${sockets === 1 ? "" : "s"}, ${links} link${links === 1 ? "" : "s"}`);
  return 0;
}

/** The package name of a folder, else the folder's name. */
function projectTitle(folder: string): string {
  try {
    const name = (JSON.parse(fs.readFileSync(path.join(folder, "package.json"), "utf8")) as { name?: unknown }).name;
    if (typeof name === "string" && name.trim() !== "") return name;
  } catch {
    // No readable package.json: the folder's name will do.
  }
  return path.basename(path.resolve(folder));
}

/** Fixes that clash wait for the next round, on the re-analyzed text. */
const FIX_ROUNDS = 3;

/** Writes the rules' fixes to disk and re-analyzes, a few rounds: one fix can make another applicable. */
function applyFixes(graph: SocketGraph, initial: Finding[], check: (s: GraphSnapshot) => Finding[], warn: (line: string) => void): { snapshot: GraphSnapshot; findings: Finding[] } {
  let findings = initial;
  let snapshot = graph.snapshot();
  const fixedFiles = new Set<string>();
  let fixed = 0;
  for (let round = 0; round < FIX_ROUNDS; round++) {
    const { byFile, count } = fixesToApply(findings);
    if (byFile.size === 0) break;
    fixed += count;
    for (const [file, edits] of byFile) {
      const text = graph.ws.sourceFile(file)?.text;
      if (text === undefined) continue;
      const result = applyEdits(text, edits);
      try {
        writeSourceText(file, result.text);
      } catch (err) {
        throw new UsageError(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      graph.update(file, result.text);
      fixedFiles.add(file);
    }
    snapshot = graph.snapshot();
    findings = check(snapshot);
  }
  if (fixedFiles.size > 0) warn(`zmq-topology: fixed ${fixed} problem${fixed === 1 ? "" : "s"} in ${fixedFiles.size} file${fixedFiles.size === 1 ? "" : "s"}`);
  return { snapshot, findings };
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
