/**
 * Bad files on disk, read the two ways users read them: `loadPaths` (the server, in process) and the built
 * CLI (`check <dir> --format json`). Each case puts one bad thing beside a copy of a real fixture; the
 * fixture must still be analyzed exactly as alone, the CLI must exit with the fixture's own status, and
 * the bad file must be named once, with the reason.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SocketGraph } from "../../server/src/analysis/graph";
import { loadPaths, MAX_FILE_BYTES, readSourceText } from "../../server/src/analysis/loader";
import { runRules } from "../../server/src/analysis/check";
import { normalizePath } from "../../server/src/analysis/paths";
import { CLI, ROOT } from "../helpers/cli";

const FIXTURE = path.join(ROOT, "test/fixtures/matching");
/** Hang detector for one CLI run or one load: generous, the runs take well under a second or two. */
const BUDGET_MS = 30_000;

interface Analysis {
  sockets: string[];
  problems: string[];
}

/** In process, as the language server reads a folder. Socket ids are relative to `dir`. */
function analyzeInProcess(dir: string): Analysis {
  const graph = new SocketGraph({ readText: (file) => {
    const read = readSourceText(file);
    return "text" in read ? read.text : undefined;
  } });
  const load = loadPaths(graph, [dir]);
  const snapshot = graph.analyzeAll();
  const ruleErrors: string[] = [];
  runRules(snapshot, graph, { onRuleError: (rule, err) => ruleErrors.push(`${rule}: ${(err as Error).message}`) });
  assert.deepEqual(ruleErrors, [], "no rule throws");
  const base = normalizePath(dir);
  const rel = (file: string): string => file.slice(base.length + 1);
  return {
    sockets: snapshot.sockets.map((s) => `${rel(s.location.file)}:${s.location.line}:${s.location.column} ${s.type} ${[...s.binds, ...s.connects].map((u) => u.text).join(" ")}`),
    problems: [...load.problems, ...snapshot.problems].map((p) => `${rel(p.file)}: ${p.message}`),
  };
}

interface CliResult {
  status: number | null;
  diagnostics: { file: string; rule: string; line: number; column: number }[];
  stderrLines: string[];
}

/** The built CLI in `dir`, as a user runs it; `env` adds variables (NODE_OPTIONS for the read hook). */
function checkWithCli(dir: string, env: Record<string, string> = {}): CliResult {
  const start = performance.now();
  const r = spawnSync(process.execPath, [CLI, "check", ".", "--format", "json"], {
    cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...env }, timeout: BUDGET_MS, maxBuffer: 64 * 1024 * 1024,
  });
  assert.ok(performance.now() - start < BUDGET_MS, `the CLI finished within ${BUDGET_MS} ms (signal: ${r.signal})`);
  assert.equal(r.error, undefined, `the CLI ran: ${r.error?.message}`);
  const json = JSON.parse(r.stdout) as { diagnostics: CliResult["diagnostics"] };
  return { status: r.status, diagnostics: json.diagnostics, stderrLines: r.stderr.split("\n").filter((l) => l !== "") };
}

let tmp: string;
let clean: { inProcess: Analysis; cli: CliResult };

/** A fresh copy of the fixture, with `addBadThing` run in it; returns the folder. */
function workspace(name: string, addBadThing: (dir: string) => void): string {
  const dir = path.join(tmp, name);
  fs.cpSync(FIXTURE, dir, { recursive: true });
  addBadThing(dir);
  return dir;
}

/**
 * The fixture's sockets and findings are what they are alone, the CLI exits with the same status, and
 * `bad` (a path relative to the folder) is named in one problem line matching `reason` (or in none, for
 * `reason` undefined: a thing that is fine to skip in silence).
 */
function assertRestAnalyzed(dir: string, bad: string, reason: RegExp | undefined, env: Record<string, string> = {}): void {
  const inProcess = analyzeInProcess(dir);
  const fixtureSockets = inProcess.sockets.filter((s) => !s.startsWith(`${bad}:`));
  assert.deepEqual(fixtureSockets, clean.inProcess.sockets, "loadPaths: the fixture's sockets are all found, nothing else");
  const named = inProcess.problems.filter((p) => p.startsWith(`${bad}: `));
  if (reason) {
    assert.equal(named.length, 1, `loadPaths: one problem names ${bad}: ${inProcess.problems.join(" | ")}`);
    assert.match(named[0]!, reason);
  } else {
    assert.deepEqual(named, [], `loadPaths: nothing to say about ${bad}`);
  }
  assert.deepEqual(inProcess.problems.filter((p) => !p.startsWith(`${bad}: `)), clean.inProcess.problems, "loadPaths: no other problem");

  const cli = checkWithCli(dir, env);
  assert.equal(cli.status, clean.cli.status, `the CLI exits as on the fixture alone: ${cli.stderrLines.join(" | ")}`);
  const fixtureFindings = cli.diagnostics.filter((d) => d.file !== bad);
  assert.deepEqual(fixtureFindings, clean.cli.diagnostics, "the CLI reports the fixture's findings, unchanged");
  const lines = cli.stderrLines.filter((l) => l.startsWith(`zmq-topology: ${bad}: `));
  if (reason) {
    assert.equal(lines.length, 1, `one stderr line names ${bad}: ${cli.stderrLines.join(" | ")}`);
    assert.match(lines[0]!, reason);
  } else {
    assert.deepEqual(lines, [], `no stderr line about ${bad}`);
  }
  assert.deepEqual(cli.stderrLines.filter((l) => !l.startsWith(`zmq-topology: ${bad}: `)), clean.cli.stderrLines, "no other stderr line");
}

const SERVER_SOURCE = fs.readFileSync(path.join(FIXTURE, "src/server.ts"), "utf8");

describe("bad files on disk beside a real fixture", () => {
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zmq-topology-disk-"));
    const dir = workspace("clean", () => undefined);
    clean = { inProcess: analyzeInProcess(dir), cli: checkWithCli(dir) };
    assert.ok(clean.inProcess.sockets.length >= 4, `the fixture has sockets: ${clean.inProcess.sockets.join(", ")}`);
    assert.ok(clean.cli.diagnostics.length > 0, "the fixture has findings to compare");
    assert.deepEqual(clean.cli.stderrLines, [], "the fixture alone reads cleanly");
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test("a 20 MB file is skipped unread, with its size and the limit", () => {
    const dir = workspace("huge", (d) => {
      const line = "export const frame = Buffer.from(\"tcp://localhost:5555\"); // generated\n";
      fs.writeFileSync(path.join(d, "src/bundle.js"), line.repeat(Math.ceil((20 * 1024 * 1024) / line.length)));
    });
    const size = fs.statSync(path.join(dir, "src/bundle.js")).size;
    assert.ok(size >= 20 * 1024 * 1024);
    assertRestAnalyzed(dir, "src/bundle.js", new RegExp(`skipped: ${size} bytes is over the ${MAX_FILE_BYTES}-byte limit`));
  });

  test("a generated 100,000-line file is analyzed within the budget, its socket found", () => {
    const dir = workspace("generated", (d) => {
      const rows = Array.from({ length: 100_000 }, (_, i) => `  t${i}: ${i % 10},`);
      const text = `import * as zmq from "zeromq";\n\nexport const TOPICS = {\n${rows.join("\n")}\n};\n\nconst feed = new zmq.Subscriber();\nfeed.connect("tcp://localhost:7700");\nfeed.subscribe("t1");\n`;
      assert.ok(text.length < MAX_FILE_BYTES, "under the size limit: it is analyzed, not skipped");
      fs.writeFileSync(path.join(d, "src/topics.ts"), text);
    });
    const start = performance.now();
    const inProcess = analyzeInProcess(dir);
    assert.ok(performance.now() - start < BUDGET_MS);
    assert.deepEqual(inProcess.sockets.filter((s) => s.startsWith("src/topics.ts:")), ["src/topics.ts:100006:14 SUB tcp://localhost:7700"]);
    assertRestAnalyzed(dir, "src/topics.ts", undefined);
  });

  test("a symbolic link to its own folder (a loop) is not followed", () => {
    const dir = workspace("loop", (d) => fs.symlinkSync(".", path.join(d, "src/again")));
    assertRestAnalyzed(dir, "src/again", undefined);
  });

  test("a source file symlinked to itself is named (ELOOP)", () => {
    const dir = workspace("self-link", (d) => fs.symlinkSync("self.ts", path.join(d, "src/self.ts")));
    assertRestAnalyzed(dir, "src/self.ts", /skipped: broken symbolic link \(ELOOP\)/);
  });

  test("a broken symbolic link is named (ENOENT)", () => {
    const dir = workspace("broken-link", (d) => fs.symlinkSync("deleted-since.ts", path.join(d, "src/gone.ts")));
    assertRestAnalyzed(dir, "src/gone.ts", /skipped: broken symbolic link \(ENOENT\)/);
  });

  test("a FIFO with a source file's name is named and never opened (opening one would block forever)", () => {
    const dir = workspace("fifo", (d) => {
      const r = spawnSync("mkfifo", [path.join(d, "src/pipe.ts")]);
      assert.equal(r.status, 0, `mkfifo: ${r.stderr}`);
    });
    assertRestAnalyzed(dir, "src/pipe.ts", /skipped: not a regular file/);
  });

  test("a FIFO given as the path to check is named, and the CLI returns", () => {
    const dir = workspace("fifo-arg", (d) => assert.equal(spawnSync("mkfifo", [path.join(d, "pipe.ts")]).status, 0));
    const r = spawnSync(process.execPath, [CLI, "check", "pipe.ts", "src", "--format", "json"], { cwd: dir, encoding: "utf8", timeout: BUDGET_MS });
    assert.equal(r.signal, null, "the CLI did not hang");
    assert.equal(r.status, clean.cli.status);
    assert.match(r.stderr, /^zmq-topology: pipe\.ts: skipped: not a regular file$/m);
    assert.deepEqual(JSON.parse(r.stdout).diagnostics, clean.cli.diagnostics);
  });

  test("a folder named like a source file is walked as a folder", () => {
    const dir = workspace("folder-ts", (d) => {
      fs.mkdirSync(path.join(d, "src/legacy.ts"));
      fs.writeFileSync(path.join(d, "src/legacy.ts/README.md"), "Old code lived here.\n");
    });
    assertRestAnalyzed(dir, "src/legacy.ts", undefined);
  });

  test("an unreadable file (EACCES) is named", () => {
    // chmod 000 keeps nobody but root out; as root, a preloaded hook makes the read fail the same way.
    const root = process.getuid?.() === 0;
    let env: Record<string, string> = {};
    const dir = workspace("unreadable", (d) => {
      const secret = path.join(d, "src/secret.ts");
      fs.writeFileSync(secret, SERVER_SOURCE.replace(/\d{4}/g, "7801"));
      fs.chmodSync(secret, 0o000);
      if (root) env = { NODE_OPTIONS: `--require ${writeReadHook(d, secret, "EACCES")}` };
    });
    withReadFailure(root ? path.join(dir, "src/secret.ts") : undefined, "EACCES", () =>
      assertRestAnalyzed(dir, "src/secret.ts", /skipped: cannot read \(EACCES\)/, env));
  });

  test("a file deleted between the walk and the read is named (ENOENT)", () => {
    let env: Record<string, string> = {};
    const dir = workspace("deleted", (d) => {
      const file = path.join(d, "src/deleted.ts");
      fs.writeFileSync(file, SERVER_SOURCE);
      env = { NODE_OPTIONS: `--require ${writeReadHook(d, file, "ENOENT")}` };
    });
    withReadFailure(path.join(dir, "src/deleted.ts"), "ENOENT", () =>
      assertRestAnalyzed(dir, "src/deleted.ts", /skipped: cannot read \(ENOENT\)/, env));
  });

  test("a binary file with a .ts name is skipped as binary", () => {
    const dir = workspace("binary", (d) => {
      const png = Buffer.from("89504e470d0a1a0a0000000d49484452000000100000001008060000001ff3ff61", "hex");
      const bytes = Buffer.concat([png, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256))]);
      fs.writeFileSync(path.join(d, "src/logo.ts"), bytes);
    });
    assertRestAnalyzed(dir, "src/logo.ts", /skipped: binary content \(NUL bytes\)/);
  });

  test("ZeroMQ code with NUL bytes in it is skipped as binary", () => {
    const dir = workspace("nul", (d) => {
      const text = SERVER_SOURCE.replace(/\d{4}/g, "7802");
      fs.writeFileSync(path.join(d, "src/corrupt.ts"), `${text.slice(0, 40)}\u0000\u0000${text.slice(40)}`);
    });
    assertRestAnalyzed(dir, "src/corrupt.ts", /skipped: binary content \(NUL bytes\)/);
  });

  test("UTF-16 files with a byte-order mark (LE and BE) are read, their sockets found", () => {
    const le = SERVER_SOURCE.replace(/\d{4}/g, "7803");
    const be = SERVER_SOURCE.replace(/\d{4}/g, "7804");
    const dir = workspace("utf16", (d) => {
      fs.writeFileSync(path.join(d, "src/wide-le.ts"), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(le, "utf16le")]));
      fs.writeFileSync(path.join(d, "src/wide-be.ts"), Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(be, "utf16le").swap16()]));
    });
    const sockets = analyzeInProcess(dir).sockets;
    const reference = analyzeInProcess(workspace("utf8", (d) => {
      fs.writeFileSync(path.join(d, "src/wide-le.ts"), le);
      fs.writeFileSync(path.join(d, "src/wide-be.ts"), be);
    })).sockets;
    assert.deepEqual(sockets, reference, "the same sockets as the same code in UTF-8");
    assert.ok(sockets.some((s) => s.startsWith("src/wide-le.ts:") && s.includes("7803")), sockets.join(", "));
    assert.ok(sockets.some((s) => s.startsWith("src/wide-be.ts:") && s.includes("7804")), sockets.join(", "));
    const cli = checkWithCli(dir);
    assert.deepEqual(cli.stderrLines, [], "nothing said about either file");
    assert.ok(cli.diagnostics.some((d) => d.file === "src/wide-be.ts"), "the CLI analyzed the UTF-16 BE file too");
  });
});

/**
 * A CommonJS preload for the CLI's process: `openSync` of `file` fails with `code`, as the OS would for
 * an unreadable file (when running as root, which chmod does not stop) or one deleted after the walk.
 */
function writeReadHook(dir: string, file: string, code: string): string {
  const hook = path.join(dir, "..", `${path.basename(dir)}-read-hook.cjs`);
  fs.writeFileSync(hook, `const fs = require("node:fs");
const openSync = fs.openSync;
fs.openSync = function (p, ...rest) {
  if (String(p) === ${JSON.stringify(normalizePath(file))}) throw Object.assign(new Error(${JSON.stringify(`${code}: simulated`)}), { code: ${JSON.stringify(code)} });
  return openSync.call(this, p, ...rest);
};
`);
  return hook;
}

/**
 * The same failure in this process, for `loadPaths`; `file` undefined leaves reads alone (chmod works).
 * Patches the module object itself (`require`), which the loader's `fs.openSync` calls go through.
 */
function withReadFailure(file: string | undefined, code: string, fn: () => void): void {
  if (file === undefined) return fn();
  const nodeFs = require("node:fs") as { openSync: (...args: unknown[]) => number };
  const openSync = nodeFs.openSync;
  const target = normalizePath(file);
  nodeFs.openSync = (p: unknown, ...rest: unknown[]) => {
    if (String(p) === target) throw Object.assign(new Error(`${code}: simulated`), { code });
    return openSync(p, ...rest);
  };
  try {
    fn();
  } finally {
    nodeFs.openSync = openSync;
  }
}
