// Edit storms against the language server, checked against a cold analysis of the same state: whatever
// order edits, watcher events and setting changes arrive in, once the server is idle its diagnostics and
// topology must be what a fresh analysis of the editor's buffers and the disk gives.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as v8 from "node:v8";
import * as vm from "node:vm";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";
import type { Diagnostic, TextDocumentContentChangeEvent } from "vscode-languageserver-protocol";
import { TextDocument } from "vscode-languageserver-textdocument";
import { runRules } from "../../server/src/analysis/check";
import { declaredTopology } from "../../server/src/analysis/topologyFile/declared";
import { topologyFileIn } from "../../server/src/analysis/topologyFile/discovery";
import { compareTopology } from "../../server/src/analysis/topologyFile/drift";
import { parseConfig, rulesConfig } from "../../server/src/analysis/config";
import { SocketGraph } from "../../server/src/analysis/graph";
import { isSkippedUnder, loadPaths } from "../../server/src/analysis/loader";
import { isSourceFile, normalizePath } from "../../server/src/analysis/paths";
import { toDiagnostic } from "../../server/src/lsp/diagnostics";
import { topologyView } from "../../server/src/lsp/topology";
import type { TopologyView } from "../../server/src/protocol";
import { mulberry32, type Rng } from "../helpers/corpus";
import { ROOT } from "../helpers/cli";
import { tempWorkspace, TestClient, uriOf } from "../helpers/lsp";

const OPS = Number(process.env["ZMQ_STORM_OPS"] ?? 500);
const SEED = Number(process.env["ZMQ_STORM_SEED"] ?? 20261127);
/** Small, so most recomputations run between ops and some edits land while one is pending. */
const STORM_DEBOUNCE_MS = 5;
/** A quiet period longer than the debounce plus a settings round trip: nothing more is coming. */
const QUIET_MS = 40;
const WATCH_CREATED = 1;
const WATCH_CHANGED = 2;
const WATCH_DELETED = 3;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** examples/ with a second project of cross-file links inside it, in a temp dir. */
function stormWorkspace(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(process.env["TMPDIR"] ?? "/tmp", "zmq-storm-")));
  fs.cpSync(path.join(ROOT, "examples"), dir, { recursive: true });
  fs.cpSync(path.join(ROOT, "test/fixtures/rules/duplicate-bind"), path.join(dir, "services/duplicate-bind"), { recursive: true });
  fs.cpSync(path.join(ROOT, "test/fixtures/matching"), path.join(dir, "services/matching"), { recursive: true });
  return dir;
}

function sourceFilesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...sourceFilesUnder(full));
    else if (isSourceFile(full)) found.push(full);
  }
  return found.sort();
}

function packageJsonsUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...packageJsonsUnder(full));
    else if (entry.name === "package.json") found.push(full);
  }
  return found.sort();
}

// ---------------------------------------------------------------------------------------------------
// The cold reference and the comparison

/** What a diagnostic is compared on: rule code, range, message and severity, as one string. */
function shapeKey(d: Diagnostic): string {
  return JSON.stringify({ code: d.code, range: d.range, message: d.message, severity: d.severity });
}

interface ColdState {
  diagnostics: Map<string, string[]>;
  view: TopologyView;
}

/** A fresh analysis of the disk under `root` with the open documents' texts in place of their files. */
function coldAnalysis(root: string, openTexts: ReadonlyMap<string, string>, rules: Record<string, unknown> | undefined): ColdState {
  const graph = new SocketGraph();
  loadPaths(graph, [root]);
  for (const [file, text] of openTexts) if (isSourceFile(file) && !isSkippedUnder(root, file)) graph.loadFile(file, text);
  const snapshot = graph.analyzeAll();
  const configFile = path.join(root, "zmq-topology.json");
  const fromFile = fs.existsSync(configFile) ? parseConfig(fs.readFileSync(configFile, "utf8"), configFile).config.rules : new Map();
  const fromSettings = rules === undefined ? new Map() : rulesConfig(rules, () => {}).rules;
  const config = { rules: new Map([...fromFile, ...fromSettings]) };
  // The server checks the code against the topology file at the folder's root: so does the reference.
  const topologyFile = topologyFileIn(normalizePath(root)).file;
  const topology = topologyFile === undefined ? undefined : declaredTopology(topologyFile, fs.readFileSync(topologyFile, "utf8"));
  const findings = runRules(snapshot, graph, { config, ...(topology ? { topology } : {}) });
  const diagnostics = new Map<string, string[]>();
  for (const finding of findings) {
    const uri = uriOf(finding.location.file);
    diagnostics.set(uri, [...(diagnostics.get(uri) ?? []), shapeKey(toDiagnostic(finding))]);
  }
  for (const list of diagnostics.values()) list.sort();
  return { diagnostics, view: topologyView(snapshot, findings, 0, topology ? [{ topology, report: compareTopology(topology.tree, snapshot) }] : []) };
}

/** The latest publication per URI; a URI never published has none. */
function publishedState(client: TestClient): Map<string, string[]> {
  const state = new Map<string, string[]>();
  for (const [uri, list] of client.diagnostics) if (list.length > 0) state.set(uri, list.map(shapeKey).sort());
  return state;
}

/** The first difference between the server's state and the cold one, or undefined when they agree. */
function firstDifference(client: TestClient, served: TopologyView, cold: ColdState): string | undefined {
  const published = publishedState(client);
  for (const uri of new Set([...published.keys(), ...cold.diagnostics.keys()])) {
    const got = published.get(uri) ?? [];
    const want = cold.diagnostics.get(uri) ?? [];
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      const missing = want.filter((d) => !got.includes(d));
      const extra = got.filter((d) => !want.includes(d));
      return `diagnostics of ${uri}:\n  missing (cold has, server does not): ${missing.join("\n    ") || "none"}\n  extra (server has, cold does not): ${extra.join("\n    ") || "none"}`;
    }
  }
  const socketsOf = (v: TopologyView): string[] => v.sockets.map((s) => JSON.stringify(s)).sort();
  const linksOf = (v: TopologyView): string[] => v.links.map((l) => JSON.stringify(l)).sort();
  for (const [what, pick] of [["sockets", socketsOf], ["links", linksOf]] as const) {
    const got = pick(served);
    const want = pick(cold.view);
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      return `topology ${what}:\n  missing: ${want.filter((x) => !got.includes(x)).join("\n    ") || "none"}\n  extra: ${got.filter((x) => !want.includes(x)).join("\n    ") || "none"}`;
    }
  }
  return undefined;
}

/** Everything the server has sent the client so far, as one number. */
function activityOf(client: TestClient): number {
  return client.published.length + client.topologyChanges + client.messages.length + client.progress.length;
}

/**
 * Waits until the server has nothing left to say: two round trips, each after a quiet period, with no
 * message in between. Returns the topology it answered last.
 */
async function settle(client: TestClient): Promise<TopologyView> {
  for (let round = 0; round < 500; round++) {
    const before = activityOf(client);
    await sleep(QUIET_MS);
    await client.connection.sendRequest<TopologyView>("zmq/topology");
    await sleep(QUIET_MS);
    const view = await client.connection.sendRequest<TopologyView>("zmq/topology");
    if (activityOf(client) === before) return view;
  }
  throw new Error("the server never went quiet");
}

// ---------------------------------------------------------------------------------------------------
// Random edits

const SOCKET_CLASSES = ["Request", "Reply", "Dealer", "Router", "Publisher", "Subscriber", "Push", "Pull", "Pair", "XPublisher", "XSubscriber"];
const PORTS = ["5555", "5556", "7000", "7100", "7101", "6000", "9999"];

interface TextEdit {
  start: number;
  end: number;
  text: string;
  what: string;
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

function matchesOf(text: string, pattern: RegExp): RegExpExecArray[] {
  return [...text.matchAll(new RegExp(pattern.source, "g"))];
}

/** One small edit a developer of ZeroMQ code might make, or a typo. */
function randomEdit(rng: Rng, text: string): TextEdit {
  const lineStarts = [0, ...matchesOf(text, /\n/).map((m) => m.index + 1)];
  const kinds: (() => TextEdit | undefined)[] = [
    () => {
      const m = pick(rng, [undefined, ...matchesOf(text, /\b\d{4,5}\b/)]);
      return m && { start: m.index, end: m.index + m[0].length, text: pick(rng, PORTS), what: `port ${m[0]}` };
    },
    () => {
      const m = pick(rng, [undefined, ...matchesOf(text, new RegExp(`\\b(?:${SOCKET_CLASSES.join("|")})\\b`))]);
      return m && { start: m.index, end: m.index + m[0].length, text: pick(rng, SOCKET_CLASSES), what: `type ${m[0]}` };
    },
    () => {
      const line = Math.floor(rng() * lineStarts.length);
      return { start: lineStarts[line]!, end: lineStarts[line + 1] ?? text.length, text: "", what: `delete line ${line}` };
    },
    () => {
      const line = Math.floor(rng() * lineStarts.length);
      const start = lineStarts[line]!;
      return { start, end: start, text: text.slice(start, lineStarts[line + 1] ?? text.length), what: `duplicate line ${line}` };
    },
    () => {
      const m = pick(rng, [undefined, ...matchesOf(text, /new (?:zmq\.)?[A-Z]\w*\(\{/)]);
      const at = m && m.index + m[0].length;
      return at === undefined ? undefined : { start: at, end: at, text: " receiveTimeout: 1000, sendTimeout: 1000,", what: "add timeouts" };
    },
    () => {
      const m = pick(rng, [undefined, ...matchesOf(text, /tcp:\/\/|inproc:\/\/|ipc:\/\//)]);
      return m && { start: m.index, end: m.index + m[0].length, text: pick(rng, ["tcp://", "inproc://", "ipc://"]), what: `transport ${m[0]}` };
    },
    () => {
      const at = Math.floor(rng() * (text.length + 1));
      return { start: at, end: at, text: pick(rng, ["(", "}", ";", "\n", "// ", "x", "`", '"']), what: `typo at ${at}` };
    },
  ];
  for (;;) {
    const edit = pick(rng, kinds)();
    if (edit) return edit;
  }
}

/** An incremental change of `doc` for `edit` (offsets in the document's current text). */
function rangeChange(doc: TextDocument, edit: TextEdit): TextDocumentContentChangeEvent {
  return { range: { start: doc.positionAt(edit.start), end: doc.positionAt(edit.end) }, text: edit.text };
}

function applyEdit(text: string, edit: TextEdit): string {
  return text.slice(0, edit.start) + edit.text + text.slice(edit.end);
}

const TEMPLATE = (port: string, type: string): string =>
  `import * as zmq from "zeromq";\n\nexport async function run(): Promise<void> {\n  const sock = new zmq.${type}({ linger: 0 });\n  sock.connect("tcp://127.0.0.1:${port}");\n  await sock.send("hello");\n  sock.close();\n}\n`;

// ---------------------------------------------------------------------------------------------------
// The editor and disk the storm drives

/** The editor's side: its open buffers (kept as the server's TextDocuments keeps them), and the disk. */
class Storm {
  readonly open = new Map<string, TextDocument>();
  readonly log: string[] = [];
  private readonly originals = new Map<string, string>();
  private created = 0;
  rules: Record<string, string> | undefined;

  constructor(readonly client: TestClient, readonly root: string, readonly rng: Rng) {
    for (const file of sourceFilesUnder(root)) this.originals.set(file, fs.readFileSync(file, "utf8"));
  }

  openTexts(): Map<string, string> {
    return new Map([...this.open].map(([file, doc]) => [file, doc.getText()]));
  }

  diskFiles(): string[] {
    return sourceFilesUnder(this.root);
  }

  /** The ops, by weight. */
  async step(): Promise<void> {
    const ops: [number, () => Promise<void>][] = [
      [8, () => this.openFile()],
      [30, () => this.editIncremental()],
      [6, () => this.editFull()],
      [6, () => this.closeFile()],
      [4, () => this.staleVersion()],
      [1, () => this.changeUnopened()],
      [8, () => this.writeDisk()],
      [3, () => this.createOnDisk()],
      [3, () => this.deleteOnDisk()],
      [3, () => this.renameOnDisk()],
      [1, () => this.deleteFolderOnDisk()],
      [1, () => this.moveFolderOnDisk()],
      [2, () => this.touchPackageJson()],
      [3, () => this.toggleRule()],
      [2, () => this.writeConfigFile()],
      [10, () => sleep(Math.floor(this.rng() * 15))],
    ];
    let roll = this.rng() * ops.reduce((sum, [w]) => sum + w, 0);
    for (const [weight, op] of ops) {
      roll -= weight;
      if (roll < 0) return op();
    }
  }

  private note(what: string): void {
    this.log.push(what);
  }

  private rel(file: string): string {
    return path.relative(this.root, file);
  }

  private notify(method: string, params: unknown): Promise<void> {
    return this.client.connection.sendNotification(method, params);
  }

  private watched(...changes: [string, number][]): Promise<void> {
    return this.notify("workspace/didChangeWatchedFiles", { changes: changes.map(([file, type]) => ({ uri: uriOf(file), type })) });
  }

  private async openFile(file = pick(this.rng, this.diskFiles())): Promise<void> {
    if (file === undefined) return;
    const text = fs.readFileSync(file, "utf8");
    // Opening an open document again replaces it, as TextDocuments does.
    this.open.set(file, TextDocument.create(uriOf(file), "typescript", 1, text));
    this.note(`didOpen ${this.rel(file)}`);
    await this.notify("textDocument/didOpen", { textDocument: { uri: uriOf(file), languageId: "typescript", version: 1, text } });
  }

  private openDoc(): [string, TextDocument] | undefined {
    return pick(this.rng, [...this.open]);
  }

  private async sendChanges(file: string, doc: TextDocument, changes: TextDocumentContentChangeEvent[], version: number, what: string): Promise<void> {
    this.open.set(file, TextDocument.update(doc, changes, version));
    this.note(`didChange ${this.rel(file)} v${version}: ${what}`);
    await this.notify("textDocument/didChange", { textDocument: { uri: doc.uri, version }, contentChanges: changes });
  }

  /** One to three range edits in one notification; each range is in the text the previous one left. */
  private async editIncremental(): Promise<void> {
    const entry = this.openDoc();
    if (!entry) return this.openFile();
    const [file, doc] = entry;
    // TextDocument.update changes the document in place: plan the edits on a copy.
    let scratch = TextDocument.create(doc.uri, doc.languageId, doc.version, doc.getText());
    const changes: TextDocumentContentChangeEvent[] = [];
    const whats: string[] = [];
    for (let i = 1 + Math.floor(this.rng() * 3); i > 0; i--) {
      const edit = randomEdit(this.rng, scratch.getText());
      const change = rangeChange(scratch, edit);
      changes.push(change);
      whats.push(edit.what);
      scratch = TextDocument.update(scratch, [change], scratch.version);
    }
    await this.sendChanges(file, doc, changes, doc.version + 1, whats.join(", "));
  }

  /** The whole text: a mutant, or back to the file's original. */
  private async editFull(): Promise<void> {
    const entry = this.openDoc();
    if (!entry) return this.openFile();
    const [file, doc] = entry;
    const original = this.originals.get(file);
    const text = original !== undefined && this.rng() < 0.5 ? original : applyEdit(doc.getText(), randomEdit(this.rng, doc.getText()));
    await this.sendChanges(file, doc, [{ text }], doc.version + 1, text === original ? "full text: original" : "full text: mutant");
  }

  /** A change with a version not above the current one: TextDocuments applies it regardless. */
  private async staleVersion(): Promise<void> {
    const entry = this.openDoc();
    if (!entry) return this.openFile();
    const [file, doc] = entry;
    const edit = randomEdit(this.rng, doc.getText());
    const version = this.rng() < 0.5 ? doc.version : Math.max(0, doc.version - 1 - Math.floor(this.rng() * 3));
    await this.sendChanges(file, doc, [rangeChange(doc, edit)], version, `stale version, ${edit.what}`);
  }

  /** A change for a document the server never saw opened: ignored. */
  private async changeUnopened(): Promise<void> {
    const file = path.join(this.root, "src/never-opened.ts");
    this.note("didChange of an unopened document");
    await this.notify("textDocument/didChange", { textDocument: { uri: uriOf(file), version: 7 }, contentChanges: [{ text: TEMPLATE("5555", "Request") }] });
  }

  private async closeFile(): Promise<void> {
    const entry = this.openDoc();
    if (!entry) return;
    const [file, doc] = entry;
    this.open.delete(file);
    this.note(`didClose ${this.rel(file)}`);
    await this.notify("textDocument/didClose", { textDocument: { uri: doc.uri } });
  }

  /** A save from another tool: the disk changes under an open or closed file. */
  private async writeDisk(): Promise<void> {
    const file = pick(this.rng, this.diskFiles());
    if (file === undefined) return;
    const text = fs.readFileSync(file, "utf8");
    const original = this.originals.get(file);
    const next = original !== undefined && this.rng() < 0.3 ? original : applyEdit(text, randomEdit(this.rng, text));
    fs.writeFileSync(file, next);
    this.note(`disk write ${this.rel(file)}${this.open.has(file) ? " (open)" : ""}`);
    await this.watched([file, WATCH_CHANGED]);
  }

  private async createOnDisk(): Promise<void> {
    const dir = pick(this.rng, ["src/generated", "src/client", "services/matching/src", "legacy-v5"]);
    // Spaces and non-ASCII letters are percent-encoded in URIs: the file and its URI must still meet.
    const name = `${pick(this.rng, ["gen", "gen copy ", "génère"])}${this.created++}.${dir === "legacy-v5" ? "js" : "ts"}`;
    const file = path.join(this.root, dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, TEMPLATE(pick(this.rng, PORTS), pick(this.rng, SOCKET_CLASSES)));
    this.note(`disk create ${this.rel(file)}`);
    await this.watched([file, WATCH_CREATED]);
  }

  private async deleteOnDisk(): Promise<void> {
    const file = pick(this.rng, this.diskFiles());
    if (file === undefined) return;
    fs.rmSync(file);
    this.note(`disk delete ${this.rel(file)}${this.open.has(file) ? " (open)" : ""}`);
    await this.watched([file, WATCH_DELETED]);
  }

  /**
   * A folder removed (`rm -rf`, a branch switch): VS Code may fold the deletes of its files into one event
   * for the folder (microsoft/vscode#109754, vscode-languageserver-node#141).
   */
  private async deleteFolderOnDisk(): Promise<void> {
    const folders = [...new Set(this.diskFiles().map((f) => path.dirname(f)))].filter((d) => d !== this.root);
    const folder = pick(this.rng, folders);
    if (folder === undefined) return;
    fs.rmSync(folder, { recursive: true });
    this.note(`disk delete folder ${this.rel(folder)}`);
    await this.watched([folder, WATCH_DELETED]);
  }

  /** A folder moved: one event for the old folder and one for the new, none for the files (vscode#86213). */
  private async moveFolderOnDisk(): Promise<void> {
    const folders = [...new Set(this.diskFiles().map((f) => path.dirname(f)))].filter((d) => d !== this.root);
    const from = pick(this.rng, folders);
    if (from === undefined) return;
    const to = path.join(path.dirname(from), `moved${this.created++}`);
    fs.renameSync(from, to);
    this.note(`disk move folder ${this.rel(from)} -> ${this.rel(to)}`);
    await this.watched([from, WATCH_DELETED], [to, WATCH_CREATED]);
  }

  /** A rename as the watcher reports it; an open document follows it as an editor's does (close, open). */
  private async renameOnDisk(): Promise<void> {
    const from = pick(this.rng, this.diskFiles());
    if (from === undefined) return;
    const to = path.join(path.dirname(from), `renamed${this.created++}${path.extname(from)}`);
    fs.renameSync(from, to);
    const doc = this.open.get(from);
    this.note(`rename ${this.rel(from)} -> ${this.rel(to)}${doc ? " (open)" : ""}`);
    await this.watched([from, WATCH_DELETED], [to, WATCH_CREATED]);
    if (doc) {
      this.open.delete(from);
      await this.notify("textDocument/didClose", { textDocument: { uri: doc.uri } });
      this.open.set(to, TextDocument.create(uriOf(to), "typescript", 1, doc.getText()));
      await this.notify("textDocument/didOpen", { textDocument: { uri: uriOf(to), languageId: "typescript", version: 1, text: doc.getText() } });
    }
  }

  /** A package's entry point moves: which files start a program changes. */
  private async touchPackageJson(): Promise<void> {
    const file = pick(this.rng, packageJsonsUnder(this.root));
    if (file === undefined) return;
    const json = JSON.parse(fs.readFileSync(file, "utf8")) as { main?: string };
    json.main = pick(this.rng, [...this.diskFiles().filter((f) => path.dirname(f).startsWith(path.dirname(file))).map((f) => path.relative(path.dirname(file), f)), undefined]);
    fs.writeFileSync(file, JSON.stringify(json, null, 2));
    this.note(`${this.rel(file)} main: ${json.main}`);
    await this.watched([file, WATCH_CHANGED]);
  }

  /** The folder's zmq-topology.json written or removed; the settings override it rule by rule. */
  private async writeConfigFile(): Promise<void> {
    const file = path.join(this.root, "zmq-topology.json");
    const existed = fs.existsSync(file);
    if (existed && this.rng() < 0.4) {
      fs.rmSync(file);
      this.note("zmq-topology.json removed");
    } else {
      const rule = pick(this.rng, ["missing-timeout", "exposed-without-security", "unmatched-endpoint", "missing-linger"]);
      const text = JSON.stringify({ rules: { [rule]: pick(this.rng, ["off", "hint", "error"]) } });
      fs.writeFileSync(file, text);
      this.note(`zmq-topology.json ${text}`);
    }
    await this.watched([file, existed ? (fs.existsSync(file) ? WATCH_CHANGED : WATCH_DELETED) : WATCH_CREATED]);
  }

  private async toggleRule(): Promise<void> {
    const rule = pick(this.rng, ["missing-timeout", "incompatible-socket-types", "unmatched-endpoint", "duplicate-bind", "missing-linger"]);
    const rules = { ...this.rules };
    rules[rule] = pick(this.rng, ["off", "hint", "error"]);
    if (this.rng() < 0.3) delete rules[rule];
    this.rules = Object.keys(rules).length > 0 ? rules : undefined;
    this.client.settings = { debounceMs: STORM_DEBOUNCE_MS, ...(this.rules ? { rules: this.rules } : {}) };
    this.note(`settings rules ${JSON.stringify(this.rules)}`);
    await this.notify("workspace/didChangeConfiguration", { settings: null });
  }
}

/** Settles, then fails with the seed and the ops that led here when the server disagrees with a cold analysis. */
async function checkAgainstCold(storm: Storm, where: string): Promise<void> {
  const { client, root } = storm;
  const served = await settle(client);
  const cold = coldAnalysis(root, storm.openTexts(), storm.rules);
  const difference = firstDifference(client, served, cold);
  const recent = storm.log.slice(-15).map((op, i) => `  #${storm.log.length - 15 + i}: ${op}`).join("\n");
  const reproduce = `seed ${SEED} (ZMQ_STORM_SEED=${SEED} ZMQ_STORM_OPS=${OPS}), ${where}, after op ${storm.log.length - 1}; recent ops:\n${recent}`;
  assert.equal(difference, undefined, `the server disagrees with a cold analysis at ${reproduce}\nfirst difference: ${difference}`);
  // A file gone from the disk and from the editor keeps no diagnostic (checked above too, said plainly here).
  for (const [uri, list] of client.diagnostics) {
    const file = fileURLToPath(uri);
    if (list.length > 0) assert.ok(fs.existsSync(file) || storm.open.has(file), `diagnostics left on deleted ${uri} at ${reproduce}`);
  }
  const failures = client.messages.filter((m) => m.includes("failed"));
  assert.deepEqual(failures, [], `the server logged failures at ${reproduce}`);
}

describe("edit storm against a cold analysis (in process)", () => {
  let client: TestClient;
  let root: string;

  before(async () => {
    root = stormWorkspace();
    client = TestClient.inProcess();
    client.settings = { debounceMs: STORM_DEBOUNCE_MS };
    await client.initialize(root);
    await client.waitFor("the first analysis", () => (client.topologyChanges > 0 ? true : undefined));
  });

  after(async () => {
    await client.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test(`${OPS} random edits, watcher events and setting changes (seed ${SEED})`, async (t) => {
    const storm = new Storm(client, root, mulberry32(SEED));
    await checkAgainstCold(storm, "start");
    let nextCheck = 20 + Math.floor(storm.rng() * 30);
    for (let op = 0; op < OPS; op++) {
      try {
        await storm.step();
      } catch (err) {
        throw new Error(`op ${op} threw (seed ${SEED}): ${storm.log.at(-1)}: ${(err as Error).stack}`);
      }
      if (op === nextCheck) {
        await checkAgainstCold(storm, `quiet point at op ${op}`);
        nextCheck = op + 20 + Math.floor(storm.rng() * 30);
      }
    }
    await checkAgainstCold(storm, "end");
    assert.ok(client.topologyChanges > OPS / 20, `the storm caused recomputations (${client.topologyChanges})`);
    t.diagnostic(`seed ${SEED}: ${OPS} ops, ${client.topologyChanges} recomputations, ${client.published.length} publications`);
  });
});

/** A forced garbage collection, so the heap measures what is kept rather than what is not yet collected. */
function collector(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc") as () => void;
}

describe("a burst of edits to one file (in process)", () => {
  const EDITS = 1000;
  let client: TestClient;
  let root: string;

  before(async () => {
    root = stormWorkspace();
    client = TestClient.inProcess();
    client.settings = { debounceMs: 20 };
    await client.initialize(root);
    await client.waitFor("the first analysis", () => (client.topologyChanges > 0 ? true : undefined));
  });

  after(async () => {
    await client.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test(`${EDITS} edits sent without waiting: superseded work is dropped, the last state is published`, async (t) => {
    const file = path.join(root, "src/message_broker/broker.ts");
    const uri = uriOf(file);
    let doc = TextDocument.create(uri, "typescript", 1, fs.readFileSync(file, "utf8"));
    await client.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "typescript", version: 1, text: doc.getText() } });
    await settle(client);
    const gc = collector();
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const changesBefore = client.topologyChanges;
    const rng = mulberry32(SEED);
    const sent: Promise<void>[] = [];
    for (let i = 0; i < EDITS; i++) {
      const change = rangeChange(doc, randomEdit(rng, doc.getText()));
      doc = TextDocument.update(doc, [change], doc.version + 1);
      sent.push(client.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version: doc.version }, contentChanges: [change] }));
    }
    await Promise.all(sent);
    const served = await settle(client);
    const recomputations = client.topologyChanges - changesBefore;
    const difference = firstDifference(client, served, coldAnalysis(root, new Map([[file, doc.getText()]]), undefined));
    assert.equal(difference, undefined, `after the burst (seed ${SEED}): ${difference}`);
    t.diagnostic(`${recomputations} recomputations for ${EDITS} edits`);
    assert.ok(recomputations >= 1 && recomputations < 100, `${recomputations} recomputations for ${EDITS} edits`);
    gc();
    const grown = process.memoryUsage().heapUsed - heapBefore;
    t.diagnostic(`heap after the burst: ${Math.round(grown / 1024 / 1024)} MB more than before`);
    assert.ok(grown < 100 * 1024 * 1024, `the heap grew by ${Math.round(grown / 1024 / 1024)} MB over the burst`);
    assert.deepEqual(client.messages.filter((m) => m.includes("failed")), []);
  });
});

describe("watcher events for a whole folder (in process)", () => {
  // Found by the storm: one Deleted event for a folder left its files' sockets and diagnostics behind.
  const CLIENT = 'import * as zmq from "zeromq";\nconst sock = new zmq.Request({ linger: 0 });\nsock.connect("tcp://127.0.0.1:5555");\nvoid sock.send("x").then(() => sock.receive());\n';
  let client: TestClient;
  let root: string;

  before(async () => {
    root = tempWorkspace({ "package.json": '{ "name": "folders" }', "src/jobs/client.ts": CLIENT });
    client = TestClient.inProcess();
    await client.initialize(root);
  });

  after(async () => {
    await client.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test("a folder deleted or moved in one event each: its files leave the graph, the moved ones join it", async () => {
    const before = path.join(root, "src/jobs/client.ts");
    const moved = path.join(root, "src/queue/client.ts");
    await client.diagnosticsOf(before, "missing-timeout", 1);
    fs.renameSync(path.join(root, "src/jobs"), path.join(root, "src/queue"));
    await client.connection.sendNotification("workspace/didChangeWatchedFiles", {
      changes: [{ uri: uriOf(path.join(root, "src/jobs")), type: 3 }, { uri: uriOf(path.join(root, "src/queue")), type: 1 }],
    });
    await client.diagnosticsOf(before, "missing-timeout", 0);
    await client.diagnosticsOf(moved, "missing-timeout", 1);
    fs.rmSync(path.join(root, "src/queue"), { recursive: true });
    await client.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uriOf(path.join(root, "src/queue")), type: 3 }] });
    await client.diagnosticsOf(moved, "missing-timeout", 0);
    const view = await client.connection.sendRequest<TopologyView>("zmq/topology");
    assert.deepEqual(view.sockets, []);
  });
});
