#!/usr/bin/env node
// Language-server latency: spawns the bundled server over stdio, waits for the initial scan, then edits
// an open ZeroMQ file and the shared config module and times each edit until the server has published
// everything that edit causes. Last, with a topology file written by `init` at the workspace's root (and
// removed again), it times edits of that file, each making a declared type drift or undoing it.
// Prints one JSON object.
//
//   node bench/lsp.mjs <workspace> [--edits 100] [--config-edits 30] [--topology-edits 30]
//
// End of an edit: the server sends `zmq/topologyChanged` right after the publishDiagnostics of each
// recomputation, on the same ordered stream, so that notification marks the last publish it causes
// (a recomputation that changes no file's diagnostics publishes nothing, but still sends it). After it,
// we wait for a 50 ms quiet window before the next edit, so edits never overlap; the quiet wait is not counted.
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const { createMessageConnection, ProgressType, StreamMessageReader, StreamMessageWriter } = require("vscode-jsonrpc/node");

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const QUIET_MS = 50;
const TIMEOUT_MS = Number(process.env.BENCH_LSP_TIMEOUT_MS ?? 10 * 60 * 1000);

function parseArgs(argv) {
  const opts = { dir: undefined, edits: 100, configEdits: 30, topologyEdits: 30 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--edits") opts.edits = Number(argv[++i]);
    else if (argv[i] === "--config-edits") opts.configEdits = Number(argv[++i]);
    else if (argv[i] === "--topology-edits") opts.topologyEdits = Number(argv[++i]);
    else opts.dir = path.resolve(argv[i]);
  }
  if (!opts.dir) throw new Error("usage: lsp.mjs <workspace> [--edits N] [--config-edits N]");
  return opts;
}

/** Peak and current resident set of a process, in MiB, from /proc (Linux only). */
function memoryOf(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1]) / 1024;
    return { hwmMb: kb("VmHWM"), rssMb: kb("VmRSS") };
  } catch {
    return { hwmMb: undefined, rssMb: undefined };
  }
}

/** Every message the server sends, stamped, so waits can look at what arrived after a given moment. */
class Inbox {
  events = [];
  waiters = [];
  push(type, params) {
    this.events.push({ at: performance.now(), type, params });
    for (const w of [...this.waiters]) w();
  }
  /** Resolves with the first event after index `from` that matches. */
  next(from, match) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${match.name || "event"} within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      const check = () => {
        const found = this.events.slice(from).find(match);
        if (!found) return;
        clearTimeout(timer);
        this.waiters.splice(this.waiters.indexOf(check), 1);
        resolve(found);
      };
      this.waiters.push(check);
      check();
    });
  }
  /** Resolves once nothing has arrived for `ms`. */
  async quiet(ms) {
    for (;;) {
      const last = this.events.at(-1)?.at ?? 0;
      const wait = last + ms - performance.now();
      if (wait <= 0) return;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const manifest = JSON.parse(fs.readFileSync(path.join(opts.dir, "bench-manifest.json"), "utf8"));
  const uriOf = (rel) => pathToFileURL(path.join(opts.dir, rel)).href;
  const inbox = new Inbox();

  const started = performance.now();
  const child = spawn(process.execPath, [path.join(REPO, "server/out/server.js"), "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
  const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  conn.onRequest("workspace/configuration", ({ items }) => items.map((item) => (item.section === "zmqTopology" ? { debounceMs: 0 } : null)));
  // $/progress goes to per-token handlers, not to the catch-all notification handler.
  conn.onRequest("window/workDoneProgress/create", ({ token }) => {
    conn.onProgress(new ProgressType(), token, (value) => inbox.push("$/progress", { token, value }));
    return null;
  });
  conn.onRequest("client/registerCapability", () => null);
  conn.onRequest("window/showMessageRequest", () => null);
  conn.onNotification((method, params) => inbox.push(method, params));
  if (process.env.BENCH_LSP_TRACE) conn.onNotification((method, params) => console.error(method, JSON.stringify(params).slice(0, 200)));
  conn.listen();

  const folderUri = pathToFileURL(opts.dir).href;
  await conn.sendRequest("initialize", {
    processId: process.pid, rootUri: folderUri, workspaceFolders: [{ uri: folderUri, name: "bench" }],
    capabilities: { workspace: { configuration: true, workspaceFolders: true }, window: { workDoneProgress: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
  });
  conn.sendNotification("initialized", {});
  // Ready: the scan's progress has ended and the first full check has been published.
  const progressEnd = await inbox.next(0, (e) => e.type === "$/progress" && e.params?.value?.kind === "end");
  const firstCheck = await inbox.next(0, (e) => e.type === "zmq/topologyChanged");
  await inbox.quiet(QUIET_MS);
  const ready = {
    scanEndMs: progressEnd.at - started, readyMs: firstCheck.at - started,
    publishedFiles: inbox.events.filter((e) => e.type === "textDocument/publishDiagnostics").length,
    ...memoryOf(child.pid),
  };

  /** Opens `rel`, then applies `count` full-text edits (each edit followed by its revert) and times each. */
  const editSession = async (rel, count, edit, languageId = "typescript") => {
    const uri = uriOf(rel);
    const original = fs.readFileSync(path.join(opts.dir, rel), "utf8");
    let version = 1;
    let from = inbox.events.length;
    conn.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId, version, text: original } });
    await inbox.next(from, (e) => e.type === "zmq/topologyChanged");
    await inbox.quiet(QUIET_MS);
    const samples = [];
    for (let i = 0; i < count; i++) {
      const text = i % 2 === 0 ? edit(original, i) : original;
      version++;
      from = inbox.events.length;
      const sent = performance.now();
      conn.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [{ text }] });
      const done = await inbox.next(from, (e) => e.type === "zmq/topologyChanged");
      await inbox.quiet(QUIET_MS);
      const publishes = inbox.events.slice(from).filter((e) => e.type === "textDocument/publishDiagnostics" && e.at <= done.at);
      samples.push({
        ms: done.at - sent,
        lastPublishMs: publishes.length ? publishes.at(-1).at - sent : undefined,
        publishes: publishes.length,
        editedFileVersion: publishes.find((e) => e.params.uri === uri)?.params.version,
        revert: i % 2 === 1,
      });
    }
    conn.sendNotification("textDocument/didClose", { textDocument: { uri } });
    await inbox.quiet(QUIET_MS);
    return samples;
  };

  const zmqFile = pickRequestClient(opts.dir, manifest.zmqFiles);
  // Dropping receiveTimeout makes missing-timeout appear, and the revert clears it: every edit publishes.
  const zmq = await editSession(zmqFile, opts.edits, (text, i) => {
    const dropped = text.replace(/receiveTimeout: \d+, /, "");
    return dropped !== text ? dropped : `${text}\nexport const benchEdit${i} = ${i};\n`;
  });
  const config = await editSession(manifest.configFile, opts.configEdits, (text, i) => {
    const ports = [...text.matchAll(/^ {2}(\w+): (\d+),$/gm)];
    const m = ports[(i * 7919) % ports.length];
    return text.slice(0, m.index) + `  ${m[1]}: ${Number(m[2]) + 10000},` + text.slice(m.index + m[0].length);
  });
  const topology = opts.topologyEdits > 0 ? await topologySession(opts.dir, opts.topologyEdits) : [];
  const afterEdits = memoryOf(child.pid);

  await conn.sendRequest("shutdown");
  conn.sendNotification("exit");
  await new Promise((resolve) => child.once("exit", resolve));
  conn.dispose();
  process.stdout.write(JSON.stringify({ zmqFile, ready, afterEdits, zmq, config, topology }) + "\n");

  /**
   * The workspace's own topology file (from `init`, so it starts without drift), announced as a new file;
   * each edit declares one socket with the wrong type (drift at both ends), the next one undoes it.
   */
  async function topologySession(dir, count) {
    const file = path.join(dir, "topology.zmqtopo");
    execFileSync(process.execPath, [path.join(REPO, "server/out/cli.js"), "init", dir, "--output", file], { stdio: ["ignore", "ignore", "ignore"] });
    try {
      const from = inbox.events.length;
      conn.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: pathToFileURL(file).href, type: 1 }] });
      await inbox.next(from, (e) => e.type === "zmq/topologyChanged");
      await inbox.quiet(QUIET_MS);
      return await editSession("topology.zmqtopo", count, (text, i) => {
        const sockets = [...text.matchAll(/^ {2}socket [\w-]+: (REQ|REP)\b/gm)];
        const m = sockets[(i * 7919) % sockets.length];
        const at = m.index + m[0].length - m[1].length;
        return text.slice(0, at) + (m[1] === "REQ" ? "DEALER" : "ROUTER") + text.slice(at + m[1].length);
      }, "zmqtopo");
    } finally {
      fs.rmSync(file, { force: true });
      conn.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: pathToFileURL(file).href, type: 3 }] });
    }
  }
}

/** A REQ client with a receiveTimeout, so the edits toggle a finding; else the first ZeroMQ file. */
function pickRequestClient(dir, files) {
  return files.find((f) => f.endsWith("request-client.ts") && /receiveTimeout: \d+, /.test(fs.readFileSync(path.join(dir, f), "utf8"))) ?? files[0];
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
