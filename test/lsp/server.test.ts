import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, test } from "node:test";
import type { CodeAction, Hover, MarkupContent } from "vscode-languageserver-protocol";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { TopologyView } from "../../server/src/protocol";
import { copyFixture, tempWorkspace, TestClient, positionOf, uriOf } from "../helpers/lsp";

const INCOMPATIBLE = "incompatible-socket-types";


describe("language server over LSP (in process)", () => {
  let client: TestClient;
  let root: string;
  let renderNode: string;
  let dispatcher: string;

  before(async () => {
    root = copyFixture("test/fixtures/rules/incompatible-socket-types");
    renderNode = path.join(root, "src/renderNode.ts");
    dispatcher = path.join(root, "src/dispatcher.ts");
    client = TestClient.inProcess();
    const init = await client.initialize(root);
    assert.ok(init.capabilities.hoverProvider);
  });

  after(async () => {
    await client.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test("publishes diagnostics for files nobody opened, with rule code, docs link and related peer", async () => {
    const diagnostics = await client.diagnosticsOf(renderNode, INCOMPATIBLE, 2);
    const first = diagnostics.find((d) => d.range.start.line === 6)!;
    assert.ok(first, "the REQ's connect on line 7 is reported");
    assert.equal(first.source, "zmq-topology");
    assert.equal(first.severity, 1);
    assert.match(first.codeDescription!.href, /incompatible-socket-types/);
    assert.ok(first.relatedInformation?.some((r) => r.location.uri === uriOf(dispatcher)), "the DEALER in dispatcher.ts is related");
  });

  test("the workspace scan reports work-done progress from begin to end", async () => {
    await client.waitFor("the end of the scan", () => (client.progress.some((p) => p.kind === "end") ? true : undefined));
    assert.equal(client.progress[0]?.kind, "begin");
    assert.equal(client.progress[0]?.title, "ZeroMQ topology");
  });

  test("an edit in one open file creates and clears a diagnostic in another file", async () => {
    await client.diagnosticsOf(renderNode, INCOMPATIBLE, 2);
    const text = fs.readFileSync(dispatcher, "utf8");
    const uri = uriOf(dispatcher);
    await client.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "typescript", version: 1, text } });
    // A ROUTER is a valid peer of the REQ: only the PUB to PULL link stays wrong.
    const fixed = text.replace("new Dealer({ linger: 0 })", "new Router({ linger: 0 })").replace("import { Dealer,", "import { Router,");
    await client.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    await client.diagnosticsOf(renderNode, INCOMPATIBLE, 1);
    await client.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version: 3 }, contentChanges: [{ text }] });
    await client.diagnosticsOf(renderNode, INCOMPATIBLE, 2);
    await client.connection.sendNotification("textDocument/didClose", { textDocument: { uri } });
  });

  test("edits within the debounce time publish only the last state", async () => {
    await client.diagnosticsOf(renderNode, INCOMPATIBLE, 2);
    client.settings = { debounceMs: 300 };
    const configured = client.topologyChanges;
    await client.connection.sendNotification("workspace/didChangeConfiguration", { settings: null });
    await client.waitFor("the recomputation for the new settings", () => (client.topologyChanges > configured ? true : undefined));
    const uri = uriOf(dispatcher);
    const text = fs.readFileSync(dispatcher, "utf8");
    const withRouter = text.replace("new Dealer({ linger: 0 })", "new Router({ linger: 0 })").replace("import { Dealer,", "import { Router,");
    const before = client.published.length;
    const changes = client.topologyChanges;
    await client.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "typescript", version: 1, text } });
    await client.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ text: withRouter }] });
    // A round trip, far shorter than the debounce time: the server has seen the first edit before the second.
    await client.connection.sendRequest("zmq/topology");
    await client.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version: 3 }, contentChanges: [{ text }] });
    await client.waitFor("one recomputation", () => (client.topologyChanges > changes ? true : undefined));
    // The ROUTER state (one finding fewer in renderNode.ts) never reached the editor.
    assert.ok(client.published.slice(before).every((p) => p.uri !== uriOf(renderNode)), "renderNode.ts unchanged, so not published again");
    await client.connection.sendNotification("textDocument/didClose", { textDocument: { uri } });
    client.settings = { debounceMs: 20 };
    await client.connection.sendNotification("workspace/didChangeConfiguration", { settings: null });
  });

  test("hover on a socket shows its valid peer types and its actual, incompatible peer", async () => {
    await client.diagnosticsOf(renderNode, INCOMPATIBLE, 2);
    const text = fs.readFileSync(renderNode, "utf8");
    const hover = await client.connection.sendRequest<Hover | null>("textDocument/hover", { textDocument: { uri: uriOf(renderNode) }, position: positionOf(text, "new zmq.Request") });
    const value = (hover!.contents as MarkupContent).value;
    assert.match(value, /\*\*REQ socket\*\* `jobs`/);
    assert.match(value, /Valid peer types: REP, ROUTER/);
    assert.match(value, /✗ connects to DEALER `this\.jobs` at \[dispatcher\.ts:5\]\(file:\/\/.*dispatcher\.ts#L5\)/);
    assert.match(value, /\| receiveTimeout \| `10000` \|/);
    const onHolder = await client.connection.sendRequest<Hover | null>("textDocument/hover", { textDocument: { uri: uriOf(renderNode) }, position: positionOf(text, "jobs = new") });
    assert.match((onHolder!.contents as MarkupContent).value, /REQ socket/);
  });

  test("zmq/topology returns the sockets, the links and the problems per socket", async () => {
    await client.diagnosticsOf(renderNode, INCOMPATIBLE, 2);
    const view = await client.connection.sendRequest<TopologyView>("zmq/topology");
    assert.equal(view.sockets.length, 6);
    const req = view.sockets.find((s) => s.type === "REQ")!;
    assert.equal(req.holder, "jobs");
    assert.equal(req.uri, uriOf(renderNode));
    assert.ok(req.problems.error >= 1);
    assert.equal(req.connects[0]!.endpoint, "tcp://localhost:7100");
    const reqLink = view.links.find((l) => l.from === req.id)!;
    assert.equal(reqLink.compatible, false);
    assert.ok(view.links.some((l) => l.compatible));
  });

  test("a rule turned off in the settings clears its diagnostics; turning it back on restores them", async () => {
    await client.diagnosticsOf(renderNode, INCOMPATIBLE, 2);
    client.settings = { debounceMs: 20, rules: { [INCOMPATIBLE]: "off" } };
    await client.connection.sendNotification("workspace/didChangeConfiguration", { settings: null });
    await client.diagnosticsOf(renderNode, INCOMPATIBLE, 0);
    client.settings = { debounceMs: 20, rules: { [INCOMPATIBLE]: "bogus" } };
    await client.connection.sendNotification("workspace/didChangeConfiguration", { settings: null });
    await client.diagnosticsOf(renderNode, INCOMPATIBLE, 2);
    assert.ok(client.messages.some((m) => m.includes('"zmqTopology.rules.incompatible-socket-types" must be') && m.includes('"bogus"')), client.messages.join("\n"));
    client.settings = { debounceMs: 20 };
    await client.connection.sendNotification("workspace/didChangeConfiguration", { settings: null });
  });

  test("zmqTopology.exclude drops the excluded files from the analysis", async () => {
    await client.diagnosticsOf(renderNode, INCOMPATIBLE, 2);
    client.settings = { debounceMs: 20, exclude: ["src/renderNode.ts"] };
    await client.connection.sendNotification("workspace/didChangeConfiguration", { settings: null });
    await client.diagnosticsOf(renderNode, INCOMPATIBLE, 0);
    client.settings = { debounceMs: 20 };
    await client.connection.sendNotification("workspace/didChangeConfiguration", { settings: null });
    await client.diagnosticsOf(renderNode, INCOMPATIBLE, 2);
  });

  test("zmq-topology.json in the folder applies; a setting for the same rule overrides it", async () => {
    await client.diagnosticsOf(renderNode, INCOMPATIBLE, 2);
    const config = path.join(root, "zmq-topology.json");
    fs.writeFileSync(config, JSON.stringify({ rules: { [INCOMPATIBLE]: "off" } }));
    await client.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uriOf(config), type: 1 }] });
    await client.diagnosticsOf(renderNode, INCOMPATIBLE, 0);
    client.settings = { debounceMs: 20, rules: { [INCOMPATIBLE]: "hint" } };
    await client.connection.sendNotification("workspace/didChangeConfiguration", { settings: null });
    const hints = await client.diagnosticsOf(renderNode, INCOMPATIBLE, 2);
    assert.ok(hints.every((d) => d.severity === 4));
    client.settings = { debounceMs: 20 };
    fs.rmSync(config);
    await client.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uriOf(config), type: 3 }] });
    await client.waitFor("errors again", () => {
      const errors = client.diagnostics.get(uriOf(renderNode))?.filter((d) => d.code === INCOMPATIBLE && d.severity === 1);
      return errors?.length === 2 ? errors : undefined;
    });
  });

  test("a file created on disk and announced by the watcher joins the topology", async () => {
    await client.diagnosticsOf(renderNode, INCOMPATIBLE, 2);
    const extra = path.join(root, "src/extraPusher.ts");
    fs.writeFileSync(extra, 'import * as zmq from "zeromq";\nimport { ports } from "./config";\nconst s = new zmq.Request({ linger: 0, receiveTimeout: 1000 });\ns.connect(`tcp://127.0.0.1:${ports.frames}`);\n');
    await client.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uriOf(extra), type: 1 }] });
    await client.diagnosticsOf(extra, INCOMPATIBLE, 1);
    fs.rmSync(extra);
    await client.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uriOf(extra), type: 3 }] });
    await client.diagnosticsOf(extra, INCOMPATIBLE, 0);
  });

  test("a new file that .gitignore covers stays out, as it does from the initial scan", async () => {
    await client.diagnosticsOf(renderNode, INCOMPATIBLE, 2);
    fs.writeFileSync(path.join(root, ".gitignore"), "build/\n");
    const ignored = path.join(root, "build/pusher.ts");
    fs.mkdirSync(path.dirname(ignored), { recursive: true });
    fs.writeFileSync(ignored, 'import * as zmq from "zeromq";\nimport { ports } from "../src/config";\nconst s = new zmq.Request({ linger: 0, receiveTimeout: 1000 });\ns.connect(`tcp://127.0.0.1:${ports.frames}`);\n');
    const before = client.topologyChanges;
    await client.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uriOf(ignored), type: 1 }] });
    await client.waitFor("a recomputation", () => (client.topologyChanges > before ? true : undefined));
    const view = await client.connection.sendRequest<TopologyView>("zmq/topology");
    assert.equal(view.sockets.length, 6);
    assert.equal(client.diagnostics.get(uriOf(ignored)), undefined);
  });

  test("editing .gitignore reads the workspace again: newly ignored files leave, newly unignored ones join", async () => {
    const ignored = path.join(root, "build/pusher.ts");
    assert.ok(fs.existsSync(ignored), "the previous test left build/pusher.ts, ignored");
    const gitignore = path.join(root, ".gitignore");
    const socketsNow = async (): Promise<number> => (await client.connection.sendRequest<TopologyView>("zmq/topology")).sockets.length;
    fs.writeFileSync(gitignore, "# nothing ignored\n");
    await client.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uriOf(gitignore), type: 2 }] });
    await client.diagnosticsOf(ignored, INCOMPATIBLE, 1);
    assert.equal(await socketsNow(), 7);
    fs.writeFileSync(gitignore, "build/\n");
    await client.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uriOf(gitignore), type: 2 }] });
    await client.diagnosticsOf(ignored, INCOMPATIBLE, 0);
    assert.equal(await socketsNow(), 6);
  });
});

describe("language server: folders created or deleted as one watcher event (in process)", () => {
  let client: TestClient;
  let root: string;

  before(async () => {
    root = copyFixture("test/fixtures/rules/incompatible-socket-types");
    client = TestClient.inProcess();
    await client.initialize(root);
    await client.waitFor("the end of the scan", () => (client.progress.some((p) => p.kind === "end") ? true : undefined));
  });

  after(async () => {
    await client.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test("the server watches creations and deletions of any path, since VS Code may report a folder once", () => {
    const watchers = client.registrations
      .filter((r) => r.method === "workspace/didChangeWatchedFiles")
      .flatMap((r) => (r.registerOptions as { watchers: { globPattern: string; kind?: number }[] }).watchers);
    assert.ok(watchers.some((w) => w.globPattern === "**/*" && w.kind === (1 | 4)), JSON.stringify(watchers));
  });

  test("a folder moved in brings its files; one moved into node_modules brings nothing; deleted, it takes them away", async () => {
    const topologySockets = async (): Promise<number> => (await client.connection.sendRequest<TopologyView>("zmq/topology")).sockets.length;
    await client.diagnosticsOf(path.join(root, "src/renderNode.ts"), INCOMPATIBLE, 2);
    const base = await topologySockets();
    const pusher = 'import * as zmq from "zeromq";\nimport { ports } from "../config";\nconst s = new zmq.Request({ linger: 0, receiveTimeout: 1000 });\ns.connect(`tcp://127.0.0.1:${ports.frames}`);\n';
    const vendored = path.join(root, "node_modules/vendor");
    fs.mkdirSync(vendored, { recursive: true });
    fs.writeFileSync(path.join(vendored, "pusher.ts"), pusher);
    const moved = path.join(root, "src/moved");
    fs.mkdirSync(moved, { recursive: true });
    fs.writeFileSync(path.join(moved, "pusher.ts"), pusher);
    await client.connection.sendNotification("workspace/didChangeWatchedFiles", {
      changes: [{ uri: uriOf(vendored), type: 1 }, { uri: uriOf(moved), type: 1 }],
    });
    await client.diagnosticsOf(path.join(moved, "pusher.ts"), INCOMPATIBLE, 1);
    assert.equal(await topologySockets(), base + 1, "the moved-in folder's socket joined; node_modules stayed out");
    fs.rmSync(moved, { recursive: true, force: true });
    await client.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uriOf(moved), type: 3 }] });
    await client.diagnosticsOf(path.join(moved, "pusher.ts"), INCOMPATIBLE, 0);
    assert.equal(await topologySockets(), base);
  });
});

describe("language server code actions (in process)", () => {
  const SOURCE = [
    'import * as zmq from "zeromq";',
    "",
    "async function main(): Promise<void> {",
    "  const sock = new zmq.Request({ linger: 0 });",
    '  sock.connect("tcp://127.0.0.1:5555");',
    '  await sock.send("ping");',
    "  const [reply] = await sock.receive();",
    "  console.log(String(reply));",
    "  sock.close();",
    "}",
    "",
    "void main();",
    "",
  ].join("\n");
  let client: TestClient;
  let root: string;
  let file: string;

  before(async () => {
    root = tempWorkspace({ "package.json": '{ "name": "client", "main": "src/client.ts" }', "src/client.ts": SOURCE });
    file = path.join(root, "src/client.ts");
    client = TestClient.inProcess();
    await client.initialize(root);
  });

  after(async () => {
    await client.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test("the missing-timeout quick fix, applied and re-checked, removes the diagnostic", async () => {
    const [diagnostic] = await client.diagnosticsOf(file, "missing-timeout", 1);
    const uri = uriOf(file);
    let doc = TextDocument.create(uri, "typescript", 1, SOURCE);
    await client.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "typescript", version: 1, text: SOURCE } });
    const actions = await client.connection.sendRequest<CodeAction[]>("textDocument/codeAction", { textDocument: { uri }, range: diagnostic!.range, context: { diagnostics: [diagnostic] } });
    const fix = actions.find((a) => a.isPreferred && a.kind === "quickfix");
    assert.ok(fix, `a preferred quick fix among ${actions.map((a) => a.title).join("; ")}`);
    assert.ok(actions.some((a) => a.title.startsWith("Suppress missing-timeout")), "the suppression is offered too");
    doc = TextDocument.update(doc, [], 2);
    const fixed = TextDocument.applyEdits(doc, fix.edit!.changes![uri]!);
    assert.match(fixed, /receiveTimeout/);
    await client.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    await client.diagnosticsOf(file, "missing-timeout", 0);
    assert.equal(client.published.filter((p) => p.uri === uri).at(-1)?.version, 2, "an open document's diagnostics carry its version");
    await client.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version: 3 }, contentChanges: [{ text: SOURCE }] });
    await client.diagnosticsOf(file, "missing-timeout", 1);
    await client.connection.sendNotification("textDocument/didClose", { textDocument: { uri } });
  });

  test("fix-all and the add-timeouts refactor are offered on request", async () => {
    await client.diagnosticsOf(file, "missing-timeout", 1);
    const uri = uriOf(file);
    const fixAll = await client.connection.sendRequest<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ["source.fixAll.zmqTopology"] },
    });
    assert.equal(fixAll.length, 1);
    assert.match(TextDocument.applyEdits(TextDocument.create(uri, "typescript", 1, SOURCE), fixAll[0]!.edit!.changes![uri]!), /receiveTimeout/);
    const at = positionOf(SOURCE, "new zmq.Request");
    const refactors = await client.connection.sendRequest<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri }, range: { start: at, end: at }, context: { diagnostics: [], only: ["refactor"] },
    });
    const refactor = refactors.find((a) => a.title === "Add timeouts and linger to this socket")!;
    assert.ok(refactor);
    const rewritten = TextDocument.applyEdits(TextDocument.create(uri, "typescript", 1, SOURCE), refactor.edit!.changes![uri]!);
    assert.match(rewritten, /new zmq\.Request\(\{ linger: 0, receiveTimeout: 5000, sendTimeout: 5000 \}\)/);
  });
});

describe("language server with two workspace folders (in process)", () => {
  const SOURCE = 'import * as zmq from "zeromq";\nconst sock = new zmq.Request({ linger: 0 });\nsock.connect("tcp://127.0.0.1:5555");\nvoid sock.send("x").then(() => sock.receive());\n';
  let client: TestClient;
  let first: string;
  let second: string;

  before(async () => {
    first = tempWorkspace({ "package.json": '{ "name": "first" }', "src/a.ts": SOURCE });
    second = tempWorkspace({ "package.json": '{ "name": "second" }', "src/b.ts": SOURCE, "zmq-topology.json": '{ "rules": { "missing-timeout": "off" } }' });
    client = TestClient.inProcess();
    await client.initialize(first, second);
  });

  after(async () => {
    await client.dispose();
    for (const dir of [first, second]) fs.rmSync(dir, { recursive: true, force: true });
  });

  test("each folder's zmq-topology.json applies to its own files only", async () => {
    await client.diagnosticsOf(path.join(first, "src/a.ts"), "missing-timeout", 1);
    // The second folder's file is reported (its connect matches no bind), without missing-timeout.
    await client.diagnosticsOf(path.join(second, "src/b.ts"), "unmatched-endpoint", 1);
    assert.deepEqual(client.diagnostics.get(uriOf(path.join(second, "src/b.ts")))!.map((d) => d.code), ["unmatched-endpoint"]);
  });

  test("a removed folder's diagnostics are cleared", async () => {
    await client.diagnosticsOf(path.join(first, "src/a.ts"), "missing-timeout", 1);
    await client.connection.sendNotification("workspace/didChangeWorkspaceFolders", { event: { added: [], removed: [{ uri: uriOf(first), name: "first" }] } });
    await client.waitFor("a.ts cleared", () => (client.diagnostics.get(uriOf(path.join(first, "src/a.ts")))?.length === 0 ? true : undefined));
  });
});

describe("language server bundle", () => {
  test("server/out/server.js started with --stdio initializes and publishes a diagnostic", async () => {
    const root = copyFixture("test/fixtures/rules/incompatible-socket-types");
    const client = TestClient.forked();
    try {
      const init = await client.initialize(root);
      assert.equal(init.serverInfo?.name, "zmq-topology");
      await client.diagnosticsOf(path.join(root, "src/renderNode.ts"), INCOMPATIBLE, 2);
    } finally {
      await client.dispose();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
