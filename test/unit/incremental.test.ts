/**
 * Incremental analysis must equal a cold analysis, whatever the sequence of edits.
 *
 * One long-lived SocketGraph gets random edits (ports, socket types, deleted/duplicated lines, truncations,
 * config changes, renames, deletions, new files, package.json changes); after every one its snapshot is
 * compared with a fresh SocketGraph loaded with the same files. Reproduce a failure with the seed and
 * step count it prints: ZMQ_FUZZ_SEED=<seed> ZMQ_INCREMENTAL_STEPS=<steps>.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { SocketGraph, type GraphSnapshot } from "../../server/src/analysis/graph";
import { FindingsCache, runRules, runRulesUngrouped } from "../../server/src/analysis/check";
import type { Finding } from "../../server/src/analysis/diagnostics";
import { changedFiles, firstDifference, normalize } from "./helpers/normalize";
import { loadCorpus, mulberry32 } from "../helpers/corpus";

const REPO = path.resolve(__dirname, "../..");
const ROOT = "/ws";

const SEED = Number(process.env.ZMQ_FUZZ_SEED ?? 3) >>> 0;
// Each step runs a full cold analysis of ~55 files (~16-20 ms): 150 steps take about 4 s on a 2-core machine.
const STEPS = Number(process.env.ZMQ_INCREMENTAL_STEPS ?? 150);

interface Base {
  files: Map<string, string>;
  packages: Map<string, string>;
}

/** examples/ and test/fixtures/ mapped to /ws/examples and /ws/fixtures. */
function loadBase(): Base {
  return loadCorpus(REPO, ROOT);
}

function cold(files: Map<string, string>, packages: Map<string, string>): GraphSnapshot {
  return coldGraph(files, packages).snapshot();
}

function coldGraph(files: Map<string, string>, packages: Map<string, string>): SocketGraph {
  const g = new SocketGraph();
  for (const [dir, text] of packages) g.loadPackageJson(dir, text);
  for (const [file, text] of files) g.loadFile(file, text);
  g.analyzeAll();
  return g;
}

/** Findings as a user sees them: every field, fixes included, in a stable text. */
function findingsText(findings: readonly Finding[]): string[] {
  return findings.map((f) => JSON.stringify(f));
}

function firstFindingDifference(actual: readonly Finding[], expected: readonly Finding[]): string | undefined {
  const a = findingsText(actual);
  const e = findingsText(expected);
  for (let i = 0; i < Math.max(a.length, e.length); i++) {
    if (a[i] !== e[i]) return `finding ${i}:\n  got      ${a[i] ?? "(none)"}\n  expected ${e[i] ?? "(none)"}`;
  }
  return undefined;
}

const ZMQ_MENTION = /zeromq|\bzmq\b/;

/** Shared configuration modules: the files most others read their endpoints from. */
const CONFIG_FILES = [
  "/ws/examples/src/config/endpoints.ts",
  "/ws/examples/legacy-v5/endpoints.js",
  "/ws/fixtures/endpoints/src/config.ts",
  "/ws/fixtures/endpoints/src/ports.ts",
  "/ws/fixtures/endpoints/src/endpoints.ts",
  "/ws/fixtures/endpoints/legacy/settings.js",
  "/ws/fixtures/factories/src/config.ts",
  "/ws/fixtures/v5-legacy/lib/endpoints.js",
];

const PORTS = [5555, 5556, 5557, 5558, 5559, 5560, 5561, 5570, 5600, 5601, 6001, 6006, 7000, 7002, 7100, 7101, 7102, 9001, 9002];
const HOSTS = ["localhost", "127.0.0.1", "0.0.0.0", "worker-host", "eth0"];
const TYPE_SWAPS: [RegExp, Record<string, string>][] = [
  [/\b(Request|Dealer|Reply|Router|Push|Pull|Publisher|Subscriber|Pair)\b/g,
    { Request: "Dealer", Dealer: "Request", Reply: "Router", Router: "Reply", Push: "Pull", Pull: "Push", Publisher: "Subscriber", Subscriber: "Publisher", Pair: "Dealer" }],
  [/"(req|dealer|rep|router|push|pull|pub|sub|xrep|xreq)"/g,
    { req: "dealer", dealer: "req", rep: "router", router: "rep", push: "pull", pull: "push", pub: "sub", sub: "pub", xrep: "rep", xreq: "req" }],
];

/** New files: each is a realistic module of one of the workspace's packages. `n` keeps names apart. */
const TEMPLATES: ((n: number, rnd: () => number) => [string, string])[] = [
  (n, rnd) => [`/ws/examples/src/extra/service${n}.ts`, `import * as zmq from "zeromq";
import { endpoints } from "../config/endpoints.js";

const sock = new zmq.${pick(rnd, ["Dealer", "Request", "Router", "Reply"])}({ linger: 0 });
sock.connect(endpoints.broker.${pick(rnd, ["frontend", "backend", "events"])}.connect);
`],
  (n, rnd) => [`/ws/examples/src/extra/bind${n}.ts`, `import * as zmq from "zeromq";
import { tcp, listen, ports } from "../config/endpoints.js";

export class Listener${n} {
  private readonly socket = new zmq.${pick(rnd, ["Router", "Publisher", "Pull", "Reply"])}();
  async start(): Promise<void> {
    await this.socket.bind(tcp(listen.${pick(rnd, ["public", "private"])}, ports.${pick(rnd, ["brokerFrontend", "brokerBackend", "processorResults"])}));
  }
}
`],
  // Uses the shared factories and never names zeromq itself.
  (n, rnd) => [`/ws/examples/src/extra/probe${n}.ts`, `import { createRequestClient, makeSocket } from "../shared/sockets.js";
import * as config from "../config/endpoints.js";

export const probe${n} = ${pick(rnd, ["createRequestClient(config.endpoints.monitoring.brokerProbe)", `makeSocket("dealer", config.endpoints.monitoring.workerPool)`, `makeSocket("req", config.endpoints.broker.frontend.connect)`])};
`],
  // A local re-export of zeromq classes, and a user of it that never names zeromq.
  () => [`/ws/examples/src/extra/mq.ts`, `export { Dealer, Router, Request } from "zeromq";\n`],
  (n, rnd) => [`/ws/examples/src/extra/user${n}.ts`, `import { Dealer, Request } from "./mq.js";

const client = new ${pick(rnd, ["Dealer", "Request"])}();
client.connect("tcp://localhost:${pick(rnd, PORTS)}");
`],
  (n, rnd) => [`/ws/fixtures/endpoints/src/extra${n}.ts`, `import * as zmq from "zeromq";
import { PORTS, WILDCARD, tcp, brokerHost } from "./endpoints.js";

const a = new zmq.${pick(rnd, ["Dealer", "Router", "Subscriber"])}();
${pick(rnd, ["a.bind(tcp(WILDCARD, PORTS.frontend));", "a.connect(`tcp://${brokerHost}:${PORTS.backend}`);", "a.connect(\"tcp://\" + brokerHost + \":\" + PORTS.frontend);"])}
`],
  (n, rnd) => [`/ws/fixtures/v5-legacy/lib/extra${n}.js`, `"use strict";
const zmq = require("zeromq");
const { ${pick(rnd, ["FRONTEND", "BACKEND", "STATUS"])}: endpoint } = require("./endpoints");

const sock = zmq.socket("${pick(rnd, ["dealer", "req", "sub"])}");
sock.connect(endpoint);
`],
  // Imports another package of the workspace by its package name.
  (n, rnd) => [`/ws/fixtures/components/src/extra${n}.ts`, `import * as zmq from "zeromq";
import { endpoints } from "zmq-sample-system/src/config/endpoints.js";

const remote = new zmq.${pick(rnd, ["Request", "Dealer"])}();
remote.connect(endpoints.broker.frontend.connect);
`],
  // Factory in the factories fixture, called from a new file.
  (n, rnd) => [`/ws/fixtures/factories/src/extra${n}.ts`, `import { config } from "./config.js";
import { makeSocket, makeV6Socket } from "./shared/sockets.js";

const s${n} = ${pick(rnd, ["makeSocket(\"req\", config.endpoints.api)", "makeV6Socket(\"dealer\", config.endpoints.jobs, 500)", "makeV6Socket(\"req\", config.endpoints.control)"])};
`],
];

function pick<T>(rnd: () => number, items: readonly T[]): T {
  return items[Math.floor(rnd() * items.length)]!;
}

function replaceNth(text: string, re: RegExp, n: number, replacement: (m: RegExpExecArray) => string): string {
  const matches = [...text.matchAll(re)];
  const m = matches[n] as RegExpExecArray | undefined;
  if (!m) return text;
  return text.slice(0, m.index) + replacement(m) + text.slice(m.index + m[0].length);
}

interface State {
  files: Map<string, string>;
  packages: Map<string, string>;
}

interface Op {
  describe: string;
  /** Applies to the state and to the graph; returns the union of what the graph said changed. */
  apply(state: State, graph: SocketGraph): Set<string>;
}

function setFile(file: string, text: string): (s: State, g: SocketGraph) => Set<string> {
  return (s, g) => {
    s.files.set(file, text);
    return g.update(file, text);
  };
}

function makeOp(rnd: () => number, state: State, base: Base, counter: { n: number }): Op | undefined {
  const files = [...state.files.keys()];
  const zmqFiles = files.filter((f) => ZMQ_MENTION.test(state.files.get(f)!));
  const configs = CONFIG_FILES.filter((f) => state.files.has(f));
  const unrelated = files.filter((f) => !ZMQ_MENTION.test(state.files.get(f)!) && !CONFIG_FILES.includes(f));
  const roll = rnd() * 100;

  const mutateText = (_file: string, text: string): { describe: string; text: string } | undefined => {
    const lines = text.split("\n");
    const kind = Math.floor(rnd() * 6);
    switch (kind) {
      case 0: {
        const count = [...text.matchAll(/\b(?:5\d{3}|6\d{3}|7\d{3}|9\d{3})\b/g)].length;
        if (!count) return undefined;
        const port = pick(rnd, PORTS);
        return { describe: `change a port to ${port}`, text: replaceNth(text, /\b(?:5\d{3}|6\d{3}|7\d{3}|9\d{3})\b/g, Math.floor(rnd() * count), () => String(port)) };
      }
      case 1: {
        const [re, swap] = pick(rnd, TYPE_SWAPS);
        const count = [...text.matchAll(re)].length;
        if (!count) return undefined;
        let what = "";
        const next = replaceNth(text, re, Math.floor(rnd() * count), (m) => {
          const to = swap[m[1]!]!;
          what = `${m[1]} -> ${to}`;
          return m[0].replace(m[1]!, to);
        });
        return { describe: `swap socket type ${what}`, text: next };
      }
      case 2: {
        const i = Math.floor(rnd() * lines.length);
        return { describe: `delete line ${i + 1}: ${JSON.stringify(lines[i])}`, text: [...lines.slice(0, i), ...lines.slice(i + 1)].join("\n") };
      }
      case 3: {
        const i = Math.floor(rnd() * lines.length);
        return { describe: `duplicate line ${i + 1}: ${JSON.stringify(lines[i])}`, text: [...lines.slice(0, i + 1), ...lines.slice(i)].join("\n") };
      }
      case 4: {
        const at = Math.floor(rnd() * text.length);
        return { describe: `truncate at offset ${at}`, text: text.slice(0, at) };
      }
      default: {
        const count = [...text.matchAll(/localhost|127\.0\.0\.1|0\.0\.0\.0|worker-host/g)].length;
        if (!count) return undefined;
        const host = pick(rnd, HOSTS);
        return { describe: `change a host to ${host}`, text: replaceNth(text, /localhost|127\.0\.0\.1|0\.0\.0\.0|worker-host/g, Math.floor(rnd() * count), () => host) };
      }
    }
  };

  if (roll < 30 && zmqFiles.length) {
    const file = pick(rnd, zmqFiles);
    const m = mutateText(file, state.files.get(file)!);
    if (!m) return undefined;
    return { describe: `edit ZeroMQ file ${file}: ${m.describe}`, apply: setFile(file, m.text) };
  }
  if (roll < 42 && configs.length) {
    const file = pick(rnd, configs);
    const text = state.files.get(file)!;
    const kind = rnd();
    let m: { describe: string; text: string } | undefined;
    if (kind < 0.45) {
      const count = [...text.matchAll(/\b(?:5\d{3}|6\d{3}|7\d{3}|9\d{3})\b/g)].length;
      const port = pick(rnd, PORTS);
      if (count) m = { describe: `change a port to ${port}`, text: replaceNth(text, /\b(?:5\d{3}|6\d{3}|7\d{3}|9\d{3})\b/g, Math.floor(rnd() * count), () => String(port)) };
    } else if (kind < 0.9) {
      const count = [...text.matchAll(/localhost|127\.0\.0\.1|0\.0\.0\.0|\*/g)].length;
      const host = pick(rnd, HOSTS);
      if (count) m = { describe: `change a host to ${host}`, text: replaceNth(text, /localhost|127\.0\.0\.1|0\.0\.0\.0|\*/g, Math.floor(rnd() * count), () => host) };
    } else {
      m = mutateText(file, text);
    }
    if (!m) return undefined;
    return { describe: `edit config ${file}: ${m.describe}`, apply: setFile(file, m.text) };
  }
  if (roll < 48 && unrelated.length) {
    const file = pick(rnd, unrelated);
    const text = state.files.get(file)!;
    const kind = Math.floor(rnd() * 4);
    const random = mutateText(file, text);
    const edits: [string, string][] = [
      ["append an export", `${text}\nexport const unused${counter.n++} = ${Math.floor(rnd() * 100)};\n`],
      ["add a comment naming zmq", `// talks to zmq peers\n${text}`],
      ["import the example config", `import { endpoints as cfg${counter.n++} } from "/ws/examples/src/config/endpoints.js";\n${text}`],
      ...(random ? [[`random edit: ${random.describe}`, random.text] as [string, string]] : []),
    ];
    const [what, next] = edits[Math.min(kind, edits.length - 1)]!;
    return { describe: `edit unrelated file ${file}: ${what}`, apply: setFile(file, next) };
  }
  if (roll < 54 && files.length) {
    const from = pick(rnd, files);
    const dir = path.posix.dirname(from);
    const ext = path.posix.extname(from);
    const to = rnd() < 0.5 ? `${dir}/${path.posix.basename(from, ext)}-renamed${counter.n++}${ext}` : `${path.posix.dirname(dir)}/moved${counter.n++}${ext}`;
    return {
      describe: `rename ${from} -> ${to}`,
      apply: (s, g) => {
        const text = s.files.get(from)!;
        s.files.delete(from);
        const a = g.remove(from);
        s.files.set(to, text);
        const b = g.update(to, text);
        return new Set([...a, ...b]);
      },
    };
  }
  // Files this run created; past a few, creating is replaced by deleting so the workspace keeps its size.
  const added = files.filter((f) => !base.files.has(f));
  if ((roll < 64 || (roll < 78 && added.length >= 8)) && files.length) {
    const file = pick(rnd, added.length && rnd() < 0.6 ? added : rnd() < 0.5 && zmqFiles.length ? zmqFiles : files);
    return {
      describe: `delete ${file}`,
      apply: (s, g) => {
        s.files.delete(file);
        return g.remove(file);
      },
    };
  }
  if (roll < 69 && files.length) {
    const from = pick(rnd, files);
    const ext = path.posix.extname(from);
    const to = `${path.posix.dirname(from)}/copy${counter.n++}${ext}`;
    return { describe: `create ${to} as a copy of ${from}`, apply: setFile(to, state.files.get(from)!) };
  }
  if (roll < 78) {
    const [file, text] = pick(rnd, TEMPLATES)(counter.n++, rnd);
    return { describe: `create ${file}:\n${text}`, apply: setFile(file, text) };
  }
  if (roll < 88) {
    const dirs = [...new Set([...base.packages.keys(), ...state.packages.keys(), "/ws/examples/src/client", "/ws/fixtures/factories/src"])];
    const dir = pick(rnd, dirs);
    const current = state.packages.get(dir);
    const kind = Math.floor(rnd() * 6);
    let next: string | undefined;
    let what: string;
    if (kind === 0) {
      next = undefined;
      what = "delete";
    } else if (kind === 1) {
      next = base.packages.get(dir) ?? JSON.stringify({ name: `pkg-${counter.n++}`, main: "main.ts" });
      what = "restore/create";
    } else if (kind === 2) {
      next = "{ \"name\": \"broken\", ";
      what = "invalid JSON";
    } else {
      let json: Record<string, unknown> = {};
      try {
        json = current ? (JSON.parse(current) as Record<string, unknown>) : {};
      } catch {
        json = {};
      }
      if (kind === 3) {
        json["name"] = pick(rnd, ["zmq-sample-system", "zmq-sample-system-2", "edge-node", `renamed-${counter.n++}`]);
        what = `name = ${String(json["name"])}`;
      } else if (kind === 4) {
        const candidates = files.filter((f) => f.startsWith(dir + "/")).map((f) => f.slice(dir.length + 1));
        json["main"] = candidates.length ? pick(rnd, candidates) : "index.js";
        what = `main = ${String(json["main"])}`;
      } else {
        const candidates = files.filter((f) => f.startsWith(dir + "/")).map((f) => f.slice(dir.length + 1));
        const scripts = (json["scripts"] as Record<string, string> | undefined) ?? {};
        scripts[`run${counter.n++}`] = `node ${candidates.length ? pick(rnd, candidates) : "x.js"}`;
        json["scripts"] = scripts;
        what = "add a script";
      }
      next = JSON.stringify(json, null, 2);
    }
    return {
      describe: `package.json in ${dir}: ${what}`,
      apply: (s, g) => {
        if (next === undefined) s.packages.delete(dir);
        else s.packages.set(dir, next);
        return g.updatePackageJson(dir, next);
      },
    };
  }
  // Restore a base file (bring back a deleted one, or undo edits).
  const file = pick(rnd, [...base.files.keys()]);
  return { describe: `restore ${file}`, apply: setFile(file, base.files.get(file)!) };
}

test(`incremental analysis equals cold analysis after every random edit (seed ${SEED}, ${STEPS} steps)`, () => {
  const base = loadBase();
  assert.ok(base.files.size > 40, "the realistic sources were found");
  const state: State = { files: new Map(base.files), packages: new Map(base.packages) };
  const graph = new SocketGraph();
  for (const [dir, text] of state.packages) graph.loadPackageJson(dir, text);
  for (const [file, text] of state.files) graph.loadFile(file, text);
  let previous = graph.analyzeAll();
  const first = firstDifference(normalize(previous), normalize(cold(state.files, state.packages)));
  assert.equal(first, undefined, "two cold analyses agree");
  assert.ok(previous.sockets.length > 50 && previous.links.length > 20, "the base workspace has sockets and links");

  const findingsCache = new FindingsCache();
  findingsCache.findings(previous, graph);
  const rnd = mulberry32(SEED);
  const counter = { n: 1 };
  const history: string[] = [];
  let step = 0;
  while (step < STEPS) {
    const op = makeOp(rnd, state, base, counter);
    if (!op) continue;
    step++;
    history.push(`${step}: ${op.describe.split("\n")[0]}`);
    const reported = op.apply(state, graph);
    const incremental = graph.snapshot();
    const expectedGraph = coldGraph(state.files, state.packages);
    const expected = expectedGraph.snapshot();
    const context = () => `seed ${SEED}, step ${step} (ZMQ_FUZZ_SEED=${SEED} ZMQ_INCREMENTAL_STEPS=${step})\noperation: ${op.describe}\nrecent steps:\n  ${history.slice(-6).join("\n  ")}`;

    const diff = firstDifference(normalize(incremental), normalize(expected));
    if (diff) assert.fail(`incremental snapshot differs from a cold analysis\n${context()}\n${diff}`);

    // The editor's findings (groups cached across edits) equal a cold run's, and grouping the sockets
    // changes nothing the rules would say about the whole workspace at once.
    const coldFindings = runRules(expected, expectedGraph);
    const findingsDiff = firstFindingDifference(findingsCache.findings(incremental, graph), coldFindings);
    if (findingsDiff) assert.fail(`cached findings differ from a cold run's\n${context()}\n${findingsDiff}`);
    const groupingDiff = firstFindingDifference(coldFindings, runRulesUngrouped(expected, expectedGraph));
    if (groupingDiff) assert.fail(`rules on groups of sockets differ from rules on the whole workspace\n${context()}\n${groupingDiff}`);

    const missing = changedFiles(previous, incremental).filter((f) => !reported.has(f));
    if (missing.length) {
      assert.fail(`results changed in files the graph did not report\n${context()}\nnot reported: ${missing.join(", ")}\nreported: ${[...reported].join(", ") || "(none)"}`);
    }
    previous = incremental;
  }
});

// ---------------------------------------------------------------------------------------------------------------
// Focused cases: each edit sequence below is one the random walk above runs into.

/** A graph analyzed cold, plus helpers to edit it and check it against a fresh cold analysis. */
function session(files: Record<string, string>, packages: Record<string, string> = {}) {
  const state: State = { files: new Map(Object.entries(files)), packages: new Map(Object.entries(packages)) };
  const graph = new SocketGraph();
  for (const [dir, text] of state.packages) graph.loadPackageJson(dir, text);
  for (const [file, text] of state.files) graph.loadFile(file, text);
  let previous = graph.analyzeAll();
  const check = (what: string, reported: Set<string>): GraphSnapshot => {
    const incremental = graph.snapshot();
    const diff = firstDifference(normalize(incremental), normalize(cold(state.files, state.packages)));
    assert.equal(diff, undefined, `after ${what}: incremental differs from cold`);
    const missing = changedFiles(previous, incremental).filter((f) => !reported.has(f));
    assert.deepEqual(missing, [], `after ${what}: changed files not reported (reported: ${[...reported].join(", ")})`);
    previous = incremental;
    return incremental;
  };
  return {
    graph,
    get snapshot() {
      return previous;
    },
    update(file: string, text: string): GraphSnapshot {
      state.files.set(file, text);
      return check(`update ${file}`, graph.update(file, text));
    },
    remove(file: string): GraphSnapshot {
      state.files.delete(file);
      return check(`remove ${file}`, graph.remove(file));
    },
    packageJson(dir: string, text: string | undefined): GraphSnapshot {
      if (text === undefined) state.packages.delete(dir);
      else state.packages.set(dir, text);
      return check(`package.json in ${dir}`, graph.updatePackageJson(dir, text));
    },
  };
}

describe("incremental updates: focused cases", () => {
  test("editing a bind port links and unlinks sockets in other files", () => {
    const s = session({
      "/ws/src/server.ts": `import * as zmq from "zeromq";\nconst rep = new zmq.Reply();\nrep.bind("tcp://*:5000");\n`,
      "/ws/src/client.ts": `import * as zmq from "zeromq";\nconst req = new zmq.Request();\nreq.connect("tcp://localhost:5001");\n`,
    });
    assert.equal(s.snapshot.links.length, 0);
    assert.equal(s.update("/ws/src/server.ts", `import * as zmq from "zeromq";\nconst rep = new zmq.Reply();\nrep.bind("tcp://*:5001");\n`).links.length, 1);
    assert.equal(s.update("/ws/src/client.ts", `import * as zmq from "zeromq";\nconst req = new zmq.Request();\nreq.connect("tcp://localhost:5002");\n`).links.length, 0);
  });

  test("editing a shared config module updates every socket that reads it", () => {
    const config = "/ws/src/config.ts";
    const s = session({
      [config]: `export const PORT = 5000;\n`,
      "/ws/src/server.ts": `import * as zmq from "zeromq";\nimport { PORT } from "./config.js";\nconst rep = new zmq.Reply();\nrep.bind(\`tcp://*:\${PORT}\`);\n`,
      "/ws/src/client.ts": `import * as zmq from "zeromq";\nimport { PORT } from "./config.js";\nconst req = new zmq.Request();\nreq.connect("tcp://localhost:" + PORT);\n`,
    });
    assert.equal(s.snapshot.links.length, 1);
    const after = s.update(config, `export const PORT = 6000;\n`);
    assert.deepEqual(after.sockets.map((x) => [...x.binds, ...x.connects].map((u) => u.text)).flat().sort(), ["tcp://*:6000", "tcp://localhost:6000"]);
  });

  test("a file whose imported module appears later becomes a candidate (re-export of zeromq classes)", () => {
    const user = "/ws/src/user.ts";
    const s = session({
      [user]: `import { Dealer } from "./mq.js";\n\nconst client = new Dealer();\nclient.connect("tcp://localhost:5555");\n`,
    });
    assert.equal(s.snapshot.sockets.length, 0, "nothing to resolve Dealer against yet");
    const after = s.update("/ws/src/mq.ts", `export { Dealer, Router } from "zeromq";\n`);
    assert.deepEqual(after.sockets.map((x) => [x.holder, x.type, x.location.file]), [["client", "DEALER", user]]);
  });

  test("renaming a package updates the files that import it by name", () => {
    const main = "/ws/app/src/main.ts";
    const s = session(
      {
        "/ws/config/index.ts": `export const FRONTEND = "tcp://localhost:5555";\n`,
        [main]: `import * as zmq from "zeromq";\nimport { FRONTEND } from "shared-config";\n\nconst req = new zmq.Request();\nreq.connect(FRONTEND);\n`,
      },
      { "/ws/config": JSON.stringify({ name: "shared-config" }), "/ws/app": JSON.stringify({ name: "app", main: "src/main.ts" }) },
    );
    assert.deepEqual(s.snapshot.sockets[0]!.connects.map((c) => c.text), ["tcp://localhost:5555"]);
    const renamed = s.packageJson("/ws/config", JSON.stringify({ name: "shared-config-v2" }));
    assert.deepEqual(renamed.sockets[0]!.connects.map((c) => c.text), ["${FRONTEND}"]);
    const back = s.packageJson("/ws/config", JSON.stringify({ name: "shared-config" }));
    assert.deepEqual(back.sockets[0]!.connects.map((c) => c.text), ["tcp://localhost:5555"]);
  });

  test("a syntax error in a module nothing reads any more is reported as a cold analysis reports it", () => {
    const config = "/ws/src/config.ts";
    const server = "/ws/src/server.ts";
    const s = session({
      [config]: `export const PORT = 5555;\nexport const BROKEN = (;\n`,
      [server]: `import * as zmq from "zeromq";\nimport { PORT } from "./config.js";\nconst rep = new zmq.Reply();\nrep.bind("tcp://*:" + PORT);\n`,
    });
    assert.deepEqual(s.snapshot.problems.map((p) => p.file), [config], "the config module was read, so its error is known");
    // server.ts stops reading the config module.
    s.update(server, `import * as zmq from "zeromq";\nconst rep = new zmq.Reply();\nrep.bind("tcp://*:5555");\n`);
  });

  test("a module that starts using cluster makes its program several processes, and stops again", () => {
    const main = "/ws/src/main.ts";
    const pool = "/ws/src/pool.ts";
    const s = session({
      [main]: `import * as zmq from "zeromq";\nimport { start } from "./pool";\nconst jobs = new zmq.Push();\njobs.bind("tcp://127.0.0.1:5800");\nstart();\n`,
      [pool]: `export function start(): void {\n  console.log("one process");\n}\n`,
    });
    assert.equal(s.snapshot.sockets[0]!.multiProcess, undefined);
    // No import edge changes (node:cluster is a built-in): only the scan's fact does.
    const forking = s.update(pool, `import cluster from "node:cluster";\nexport function start(): void {\n  if (cluster.isPrimary) cluster.fork();\n}\n`);
    assert.deepEqual(forking.sockets[0]!.multiProcess, ["main"]);
    const single = s.update(pool, `export function start(): void {\n  console.log("one process");\n}\n`);
    assert.equal(single.sockets[0]!.multiProcess, undefined);
  });

  test("a link made through a shared helper is reported in the file of the socket it belongs to", () => {
    const helper = "/ws/src/shared/sockets.ts";
    const client = "/ws/src/client.ts";
    const server = "/ws/src/server.ts";
    const s = session({
      [helper]: `import * as zmq from "zeromq";\n\nexport function createClient(endpoint: string): zmq.Request {\n  const socket = new zmq.Request();\n  socket.connect(endpoint);\n  return socket;\n}\n`,
      [client]: `import { createClient } from "./shared/sockets.js";\n\nexport const api = createClient("tcp://localhost:5600");\n`,
      [server]: `import * as zmq from "zeromq";\nconst workers = new zmq.Dealer();\nworkers.bind("tcp://*:5601");\n`,
    });
    assert.equal(s.snapshot.links.length, 0);
    // The server now binds the port the client connects to: a REQ-DEALER link, reported at the client's call site.
    const text = `import * as zmq from "zeromq";\nconst workers = new zmq.Dealer();\nworkers.bind("tcp://*:5600");\n`;
    const reported = s.graph.update(server, text);
    const after = s.graph.snapshot();
    assert.equal(after.links.length, 1);
    const findings = runRules(after, s.graph).filter((f) => f.rule === "incompatible-socket-types");
    assert.deepEqual(findings.map((f) => f.location.file), [client], "the finding sits at the helper's call site");
    assert.ok(reported.has(client), `update must report ${client}, whose socket gained a link (reported: ${[...reported].join(", ")})`);
  });
});

describe("incremental updates: value-level dependencies on a shared module", () => {
  const config = "/ws/src/config.ts";
  const orders = "/ws/src/orders.ts";
  const billing = "/ws/src/billing.ts";
  const configText = (ordersPort: number, extra = ""): string =>
    `${extra}export const HOST = "127.0.0.1";\n` +
    `export const PORTS = {\n  orders: ${ordersPort},\n  billing: 7200,\n} as const;\n` +
    `export const SOCKET_DEFAULTS = { linger: 0, receiveTimeout: 2_000 };\n` +
    `export function connectEndpoint(port: number, host: string = HOST): string {\n  return \`tcp://\${host}:\${port}\`;\n}\n`;
  const files = (): Record<string, string> => ({
    [config]: configText(7100),
    [orders]: `import { Request } from "zeromq";\nimport { PORTS, SOCKET_DEFAULTS, connectEndpoint } from "./config";\n\nexport const orders = new Request({ ...SOCKET_DEFAULTS });\norders.connect(connectEndpoint(PORTS.orders));\n`,
    [billing]: `import { Reply } from "zeromq";\nimport { HOST, PORTS } from "./config";\n\nexport const billing = new Reply({ linger: 0 });\nbilling.bind(\`tcp://\${HOST}:\${PORTS.billing}\`);\n`,
  });

  test("moving one port re-analyzes only the file that reads it", () => {
    const s = session(files());
    const after = s.update(config, configText(7101));
    assert.deepEqual([...s.graph.lastReanalyzed], [orders]);
    assert.deepEqual(after.sockets.find((x) => x.type === "REQ")!.connects.map((c) => c.text), ["tcp://127.0.0.1:7101"]);
  });

  test("a change to a function the evaluator called re-analyzes its callers", () => {
    const s = session(files());
    const text = configText(7100).replace("return `tcp://${host}:${port}`;", "return `tcp://${host}:${port + 1}`;");
    const after = s.update(config, text);
    assert.deepEqual([...s.graph.lastReanalyzed], [orders]);
    assert.deepEqual(after.sockets.find((x) => x.type === "REQ")!.connects.map((c) => c.text), ["tcp://127.0.0.1:7101"]);
  });

  test("a write to the object anywhere in the module, or a line inserted above, re-analyzes every reader", () => {
    const s = session(files());
    s.update(config, `${configText(7100)}export function moveBilling(): void {\n  PORTS.billing = 7300;\n}\n`);
    assert.deepEqual([...s.graph.lastReanalyzed].sort(), [billing, orders]);
    s.update(config, configText(7100, "// endpoints of the order system\n"));
    assert.deepEqual([...s.graph.lastReanalyzed].sort(), [billing, orders]);
  });

  test("a spread reads the whole object: any property change re-analyzes its reader", () => {
    const s = session(files());
    s.update(config, configText(7100).replace("receiveTimeout: 2_000", "receiveTimeout: 3_000"));
    assert.deepEqual([...s.graph.lastReanalyzed], [orders]);
    assert.ok(s.snapshot.sockets.find((x) => x.type === "REQ")!.options.some((o) => o.name === "receiveTimeout" && o.value === 3000));
  });

  test("a socket class from the shared module makes its users depend on the whole module", () => {
    const base = "/ws/src/base.ts";
    const user = "/ws/src/user.ts";
    const s = session({
      [base]: `import { Dealer } from "zeromq";\nexport const RETRIES = 3;\nexport class Jobs extends Dealer {\n  constructor() {\n    super({ linger: 0 });\n  }\n}\n`,
      [user]: `import { Jobs } from "./base";\nexport const jobs = new Jobs();\njobs.connect("tcp://localhost:7400");\n`,
    });
    s.update(base, `import { Dealer } from "zeromq";\nexport const RETRIES = 4;\nexport class Jobs extends Dealer {\n  constructor() {\n    super({ linger: 0 });\n  }\n}\n`);
    assert.ok(s.graph.lastReanalyzed.has(user), "a structural reader is redone on any change of the module");
  });
});

describe("incremental updates: value-level dependencies, exports that appear", () => {
  test("a reader of an export the module does not have yet is redone when it appears", () => {
    const config = "/ws/src/config.ts";
    const client = "/ws/src/client.ts";
    const s = session({
      [config]: `export const HOST = "127.0.0.1";\nfunction port(): number {\n  return 7500;\n}\n`,
      [client]: `import { Request } from "zeromq";\nimport { HOST, port } from "./config";\nconst req = new Request();\nreq.connect(\`tcp://\${HOST}:\${port()}\`);\n`,
    });
    assert.match(s.snapshot.sockets[0]!.connects[0]!.text, /\$\{port\(\)\}/, "not exported yet: unknown");
    const after = s.update(config, `export const HOST = "127.0.0.1";\nexport function port(): number {\n  return 7500;\n}\n`);
    assert.deepEqual(after.sockets[0]!.connects.map((c) => c.text), ["tcp://127.0.0.1:7500"]);
  });
});
