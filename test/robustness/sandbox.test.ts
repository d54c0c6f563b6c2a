/**
 * The analysis only reads. A hostile workspace — files whose top-level code would run commands, open
 * sockets or write files if anything executed them, a `zmq-topology.config.js` and a fake `zeromq`
 * package with side effects — is analyzed in process (SocketGraph + loadPaths + runRules, then the
 * language server) under a guard that records every attempt to open a socket, start a process or worker,
 * compile code with `vm`, load a module from the workspace, or write a file. The guard must see nothing,
 * the sockets must still be found, and no PWNED marker may appear. The built CLI is run on the same
 * workspace as a last check.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import childProcess from "node:child_process";
import dgram from "node:dgram";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import Module from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import vm from "node:vm";
import workerThreads from "node:worker_threads";
import { runRules } from "../../server/src/analysis/check";
import { parseConfig } from "../../server/src/analysis/config";
import { SocketGraph } from "../../server/src/analysis/graph";
import { loadPaths, readSourceText } from "../../server/src/analysis/loader";
import type { TopologyView } from "../../server/src/protocol";
import { runCli } from "../helpers/cli";
import { TestClient } from "../helpers/lsp";

const MARKER = "PWNED";

/** Every file here would leave a PWNED marker (or open a socket) if it were run, imported or required. */
function hostileFiles(dir: string): Record<string, string> {
  const marker = (name: string): string => JSON.stringify(path.join(dir, `${MARKER}-${name}`));
  return {
    "package.json": JSON.stringify({
      name: "hostile", main: "zmq-topology.config.js",
      scripts: { postinstall: `touch ${MARKER}`, prepare: `touch ${MARKER}` },
    }),
    "zmq-topology.json": JSON.stringify({ rules: { "missing-timeout": "warning" } }),
    "zmq-topology.config.js": `require("fs").writeFileSync(${marker("config")}, "config.js was executed");\nmodule.exports = { port: 7101 };\n`,
    "exec.js": `require("child_process").execSync("touch " + ${marker("exec")});\nmodule.exports.port = 7102;\n`,
    "net.ts": `import net from "net";\nnet.connect(80, "127.0.0.1");\nimport { writeFileSync } from "fs";\nwriteFileSync(${marker("net")}, "x");\nexport const host = "127.0.0.1";\n`,
    "worker.mjs": `import { Worker } from "node:worker_threads";\nnew Worker("process.exit(1)", { eval: true });\nimport fs from "node:fs";\nfs.writeFileSync(${marker("worker")}, "x");\nexport const transport = "tcp";\n`,
    // realistic ZeroMQ code that reaches into the hostile modules for its endpoints
    "src/broker.ts": [
      `import * as zmq from "zeromq";`,
      `import { host } from "../net";`,
      `import { transport } from "../worker.mjs";`,
      `const { port } = require("../zmq-topology.config.js");`,
      `export class Broker {`,
      `  private readonly frontend = new zmq.Router();`,
      `  async start(): Promise<void> {`,
      "    await this.frontend.bind(`${transport}://${host}:${port}`);",
      `  }`,
      `}`,
      `new Broker().start();`,
      ``,
    ].join("\n"),
    "src/client.ts": [
      `import * as zmq from "zeromq";`,
      `const { port } = require("../exec.js");`,
      `const cfg = require("../zmq-topology.config.js");`,
      `const dealer = new zmq.Dealer();`,
      "dealer.connect(`tcp://127.0.0.1:${cfg.port}`);",
      "const push = new zmq.Push();",
      "push.connect(`tcp://127.0.0.1:${port}`);",
      `require("child_process").execSync("touch " + ${marker("client")});`,
      ``,
    ].join("\n"),
    // a fake zeromq: the analysis recognizes the package by name, never by loading it
    "node_modules/zeromq/package.json": JSON.stringify({ name: "zeromq", main: "index.js", scripts: { install: `touch ${MARKER}` } }),
    "node_modules/zeromq/index.js": `require("fs").writeFileSync(${marker("zeromq")}, "x");\n`,
  };
}

function writeWorkspace(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "zmq-sandbox-")));
  for (const [name, text] of Object.entries(hostileFiles(dir))) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function markersUnder(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => path.basename(f).includes(MARKER));
}

// ---------------------------------------------------------------------------------------------------------
// The guard: replaces functions on the shared module objects (what `import * as fs` and `require("fs")`
// both see) with ones that record the attempt and throw, and puts every original back in restore().

type AnyFunction = (...args: never[]) => unknown;

interface Guard {
  readonly violations: string[];
  restore(): void;
}

const WRITE_FLAGS = /[wa+]/;

function installGuard(workspace: string): Guard {
  const violations: string[] = [];
  const restores: (() => void)[] = [];
  const deny = (what: string): never => {
    violations.push(what);
    throw new Error(`sandbox: ${what}`);
  };
  /** Replaces `owner[name]`; `check` returns a violation description, or undefined to let the call through. */
  const patch = <T extends object>(owner: T, name: keyof T & string, label: string, check: (args: unknown[]) => string | undefined = () => label): void => {
    const original = owner[name] as unknown as AnyFunction;
    assert.equal(typeof original, "function", `${label} exists`);
    const replacement = function (this: unknown, ...args: unknown[]): unknown {
      const violation = check(args);
      if (violation !== undefined) deny(violation);
      return Reflect.apply(original, this, args);
    };
    Object.defineProperty(owner, name, { value: replacement, writable: true, configurable: true });
    restores.push(() => Object.defineProperty(owner, name, { value: original, writable: true, configurable: true }));
  };

  // network
  patch(net.Socket.prototype, "connect", "net.Socket#connect");
  patch(net, "createServer", "net.createServer");
  patch(http, "request", "http.request");
  patch(http, "get", "http.get");
  patch(http, "createServer", "http.createServer");
  patch(https, "request", "https.request");
  patch(https, "get", "https.get");
  patch(dgram, "createSocket", "dgram.createSocket");
  patch(tls, "connect", "tls.connect");
  // processes, threads and code compilation
  for (const name of ["spawn", "exec", "execFile", "fork", "spawnSync", "execSync", "execFileSync"] as const) {
    patch(childProcess, name, `child_process.${name}`);
  }
  patch(workerThreads, "Worker", "worker_threads.Worker");
  for (const name of ["runInThisContext", "runInNewContext", "runInContext", "compileFunction"] as const) patch(vm, name, `vm.${name}`);
  // writes: the analysis writes nothing at all
  const write = (name: string) => (args: unknown[]): string => `fs.${name}(${String(args[0])})`;
  for (const name of ["writeFileSync", "writeFile", "appendFileSync", "appendFile", "mkdirSync", "mkdir", "renameSync", "rename",
    "rmSync", "rm", "rmdirSync", "unlinkSync", "unlink", "copyFileSync", "cpSync", "symlinkSync", "truncateSync", "createWriteStream"] as const) {
    patch(fs, name, `fs.${name}`, write(name));
  }
  for (const name of ["writeFile", "appendFile", "mkdir", "rename", "rm", "unlink", "copyFile"] as const) {
    patch(fs.promises, name, `fs.promises.${name}`, write(`promises.${name}`));
  }
  const openCheck = (name: string) => (args: unknown[]): string | undefined => {
    const flags = args[1];
    const writes = typeof flags === "string" ? WRITE_FLAGS.test(flags) : typeof flags === "number" && (flags & (fs.constants.O_WRONLY | fs.constants.O_RDWR | fs.constants.O_CREAT)) !== 0;
    return writes ? `fs.${name}(${String(args[0])}, ${String(flags)})` : undefined;
  };
  patch(fs, "openSync", "fs.openSync", openCheck("openSync"));
  patch(fs, "open", "fs.open", openCheck("open"));
  // modules: nothing under the workspace is ever loaded
  const moduleInternals = Module as unknown as { _load: AnyFunction; _resolveFilename: (request: string, parent: unknown, isMain: boolean) => string };
  patch(moduleInternals, "_load", "Module._load", (args) => {
    const [request, parent] = args as [string, unknown];
    let resolved: string;
    try {
      resolved = moduleInternals._resolveFilename(request, parent, false);
    } catch {
      return undefined; // Node reports the failure itself
    }
    return resolved.startsWith(workspace + path.sep) ? `require(${request}) → ${resolved}` : undefined;
  });

  return {
    violations,
    restore(): void {
      for (const restore of restores.reverse()) restore();
    },
  };
}

/** Runs `body` under a fresh guard and returns what it recorded; the guard is gone when this returns. */
async function guarded<T>(workspace: string, body: () => T | Promise<T>): Promise<{ result: T; violations: string[] }> {
  const guard = installGuard(workspace);
  try {
    const result = await body();
    return { result, violations: [...guard.violations] };
  } finally {
    guard.restore();
  }
}

describe("the analysis never executes, connects or writes", () => {
  let workspace: string;

  before(() => {
    workspace = writeWorkspace();
  });

  after(() => {
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  test("the guard itself catches each kind of attempt (so a silent pass means something)", async () => {
    const patchedSamples = (): unknown[] => [fs.writeFileSync, net.Socket.prototype.connect, childProcess.spawn, (Module as unknown as { _load: unknown })._load];
    const originals = patchedSamples();
    const attempts: [string, () => unknown][] = [
      ["child_process.execSync", () => childProcess.execSync("true")],
      ["net.Socket#connect", () => net.connect(9, "127.0.0.1")],
      ["http.request", () => http.request("http://127.0.0.1:9/")],
      ["dgram.createSocket", () => dgram.createSocket("udp4")],
      ["fs.writeFileSync", () => fs.writeFileSync(path.join(workspace, "x"), "x")],
      ["fs.openSync", () => fs.openSync(path.join(workspace, "x"), "w")],
      ["vm.runInNewContext", () => vm.runInNewContext("1")],
      ["require(", () => require(path.join(workspace, "zmq-topology.config.js"))],
    ];
    for (const [label, attempt] of attempts) {
      const { violations } = await guarded(workspace, () => {
        assert.throws(attempt, /sandbox:/, label);
      });
      assert.equal(violations.length, 1, label);
      assert.ok(violations[0]!.startsWith(label), `${violations[0]} is reported as ${label}`);
    }
    // reads stay allowed, and every patch is gone afterwards
    const { violations } = await guarded(workspace, () => fs.openSync(path.join(workspace, "package.json"), "r"));
    assert.deepEqual(violations, []);
    assert.deepEqual(patchedSamples(), originals, "every patch is restored");
    assert.deepEqual(markersUnder(workspace), []);
  });

  test("in process: loadPaths, analyzeAll and runRules only read", async () => {
    // The config is parsed as JSON text, as the CLI does; `zmq-topology.config.js` is never a candidate.
    const { config, messages } = parseConfig(fs.readFileSync(path.join(workspace, "zmq-topology.json"), "utf8"), "zmq-topology.json");
    assert.deepEqual(messages, []);
    const { result, violations } = await guarded(workspace, () => {
      const graph = new SocketGraph({ readText: (file) => {
        const read = readSourceText(file);
        return "text" in read ? read.text : undefined;
      } });
      loadPaths(graph, [workspace]);
      const snapshot = graph.analyzeAll();
      const findings = runRules(snapshot, graph, { config, onRuleError: (rule, err) => assert.fail(`${rule}: ${(err as Error).message}`) });
      return { snapshot, findings };
    });
    assert.deepEqual(violations, []);
    const types = result.snapshot.sockets.map((s) => s.type).sort();
    assert.deepEqual(types, ["DEALER", "PUSH", "ROUTER"]);
    const router = result.snapshot.sockets.find((s) => s.type === "ROUTER")!;
    assert.deepEqual(router.binds.map((b) => b.text), ["tcp://127.0.0.1:7101"], "endpoints are still evaluated statically through the hostile modules");
    assert.ok(result.snapshot.links.some((l) => l.to === router.id), "the DEALER is linked to the ROUTER");
    assert.ok(result.findings.length > 0, "rules ran");
    assert.deepEqual(markersUnder(workspace), []);
  });

  test("in process: the language server scans the workspace and answers without executing, connecting or writing", async () => {
    const { result, violations } = await guarded(workspace, async () => {
      const client = TestClient.inProcess();
      try {
        await client.initialize(workspace);
        await client.waitFor("the end of the scan", () => (client.progress.some((p) => p.kind === "end") ? true : undefined));
        const view = await client.connection.sendRequest<TopologyView>("zmq/topology");
        await client.waitFor("diagnostics", () => (client.published.length > 0 ? true : undefined));
        return view;
      } finally {
        await client.dispose();
      }
    });
    assert.deepEqual(violations, []);
    assert.deepEqual(result.sockets.map((s) => s.type).sort(), ["DEALER", "PUSH", "ROUTER"]);
    assert.deepEqual(markersUnder(workspace), []);
  });

  test("the built CLI: exit 0 or 1, the sockets found, no marker anywhere", () => {
    const check = runCli(["check", ".", "--format", "json"], workspace);
    assert.ok(check.status === 0 || check.status === 1, `status ${check.status}: ${check.stderr}`);
    assert.equal(JSON.parse(check.stdout).version, 1);
    const graph = runCli(["graph", ".", "--format", "json"], workspace);
    assert.equal(graph.status, 0, graph.stderr);
    assert.deepEqual(JSON.parse(graph.stdout).sockets.map((s: { type: string }) => s.type).sort(), ["DEALER", "PUSH", "ROUTER"]);
    assert.doesNotMatch(check.stdout + check.stderr + graph.stdout + graph.stderr, new RegExp(`${MARKER}-|was executed`));
    assert.deepEqual(markersUnder(workspace), []);
    assert.deepEqual(fs.readdirSync(process.cwd()).filter((f) => f.includes(MARKER)), [], "nor in the working directory");
  });
});
