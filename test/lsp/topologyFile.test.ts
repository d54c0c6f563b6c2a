/**
 * Topology files over LSP: their own errors, drift at both ends, the watcher, the setting, completion,
 * hover, definition both ways, the outline, formatting, the declaration-side quick fix, and the drift
 * marks of `zmq/topology`.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, test } from "node:test";
import type { CodeAction, CompletionItem, CompletionList, DocumentSymbol, Hover, Location, MarkupContent, TextEdit } from "vscode-languageserver-protocol";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { TopologyView } from "../../server/src/protocol";
import { copyFixture, TestClient, positionOf, uriOf } from "../helpers/lsp";

const DRIFT = "topology-drift";


describe("topology files over LSP (in process)", () => {
  let client: TestClient;
  let root: string;
  let topologyFile: string;
  let topologyText: string;
  let worker: string;

  before(async () => {
    root = copyFixture("test/fixtures/rules/topology-drift");
    topologyFile = path.join(root, "topology.zmqtopo");
    topologyText = fs.readFileSync(topologyFile, "utf8");
    worker = path.join(root, "src/worker/main.ts");
    client = TestClient.inProcess();
    const init = await client.initialize(root);
    assert.ok(init.capabilities.completionProvider);
    assert.ok(init.capabilities.definitionProvider);
    assert.ok(init.capabilities.documentSymbolProvider);
  });

  after(async () => {
    await client.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const open = async (file: string, text: string, languageId = "zmqtopo"): Promise<void> =>
    client.connection.sendNotification("textDocument/didOpen", { textDocument: { uri: uriOf(file), languageId, version: 1, text } });
  const change = async (file: string, text: string, version: number): Promise<void> =>
    client.connection.sendNotification("textDocument/didChange", { textDocument: { uri: uriOf(file), version }, contentChanges: [{ text }] });
  const close = async (file: string): Promise<void> => client.connection.sendNotification("textDocument/didClose", { textDocument: { uri: uriOf(file) } });

  test("drift is published at both ends, for the topology file and for code nobody opened", async () => {
    const inFile = await client.diagnosticsOf(topologyFile, DRIFT, 10);
    const type = inFile.find((d) => String(d.message).startsWith("worker.jobs is declared as DEALER"))!;
    assert.ok(type, JSON.stringify(inFile.map((d) => d.message)));
    assert.deepEqual(type.range.start, positionOf(topologyText, "DEALER"));
    assert.equal(type.relatedInformation?.[0]?.location.uri, uriOf(worker));
    assert.match(type.codeDescription!.href, /topology-drift\.md$/);
    const inCode = await client.diagnosticsOf(worker, DRIFT, 3);
    assert.ok(inCode.some((d) => d.relatedInformation?.some((r) => r.location.uri === uriOf(topologyFile))));
  });

  test("an error in the open file is shown at once with its range; the next error is still reported", async () => {
    const broken = topologyText.replace("socket jobs: DEALER {", "socket jobs: {").replace("option sendTimeout <= 5000", "option sendTimeout <= ");
    await open(topologyFile, broken);
    const errors = await client.waitFor("two topology-file errors", () => {
      const list = (client.diagnostics.get(uriOf(topologyFile)) ?? []).filter((d) => d.code === "topology-file");
      return list.length === 2 ? list : undefined;
    });
    assert.deepEqual(errors.map((e) => e.range.start.line).sort((a, b) => a - b), [positionOf(broken, "option sendTimeout").line, positionOf(broken, "socket jobs").line]);
    assert.ok(errors.every((e) => e.severity === 1 && e.source === "zmq-topology"));
    await change(topologyFile, topologyText, 2);
    await client.waitFor("errors gone", () => ((client.diagnostics.get(uriOf(topologyFile)) ?? []).some((d) => d.code === "topology-file") ? undefined : true));
  });

  test("an edit of the open topology file changes the drift in code", async () => {
    await client.diagnosticsOf(worker, DRIFT, 3);
    // Declare the worker's PULL as it is: its type and timeout drift go away; the undeclared SUB stays.
    const fixed = topologyText.replace("socket jobs: DEALER {", "socket jobs: PULL {").replace("option receiveTimeout <= 2000", "option linger = 0");
    await change(topologyFile, fixed, 3);
    await client.diagnosticsOf(worker, DRIFT, 1);
    await change(topologyFile, topologyText, 4);
    await client.diagnosticsOf(worker, DRIFT, 3);
  });

  test("completion offers socket types after ':', and endpoints found in code after 'connect'", async () => {
    const uri = uriOf(topologyFile);
    const typed = topologyText.replace("  socket stream: SUB {", "  socket stream: SU");
    await change(topologyFile, typed, 5);
    const items = async (position: { line: number; character: number }): Promise<CompletionItem[]> => {
      const result = await client.connection.sendRequest<CompletionItem[] | CompletionList | null>("textDocument/completion", { textDocument: { uri }, position });
      return Array.isArray(result) ? result : result?.items ?? [];
    };
    const types = (await items(positionOf(typed, "socket stream: SU", "socket stream: SU".length))).map((i) => i.label);
    assert.ok(types.includes("SUB") && types.includes("ROUTER"), JSON.stringify(types));
    assert.ok(!types.includes("component"));
    await change(topologyFile, topologyText, 6);
    const endpoints = (await items(positionOf(topologyText, "connect tcp://{gateway_host}:{audit_port}", "connect ".length))).map((i) => i.label);
    assert.ok(endpoints.includes("tcp://localhost:6103"), JSON.stringify(endpoints));
  });

  test("hover on a declared socket lists the code that implements it; on a socket type, its valid peers", async () => {
    const uri = uriOf(topologyFile);
    const hover = async (needle: string, delta = 1): Promise<string> => {
      const h = await client.connection.sendRequest<Hover | null>("textDocument/hover", { textDocument: { uri }, position: positionOf(topologyText, needle, delta) });
      return h ? (h.contents as MarkupContent).value : "";
    };
    assert.match(await hover("socket work", "socket ".length + 1), /\[src\/gateway\/main\.ts:6\]\(file:\/\/\/.*\/src\/gateway\/main\.ts#L6,/);
    assert.match(await hover("ROUTER"), /DEALER/);
  });

  test("definition goes from a declaration to its code, and from the code to the declaration", async () => {
    const toCode = await client.connection.sendRequest<Location[] | null>("textDocument/definition", { textDocument: { uri: uriOf(topologyFile) }, position: positionOf(topologyText, "socket work", "socket ".length + 1) });
    assert.deepEqual(toCode?.map((l) => [l.uri, l.range.start.line]), [[uriOf(path.join(root, "src/gateway/main.ts")), 5]]);
    const gateway = path.join(root, "src/gateway/main.ts");
    const gatewayText = fs.readFileSync(gateway, "utf8");
    await open(gateway, gatewayText, "typescript");
    const toFile = await client.connection.sendRequest<Location | Location[] | null>("textDocument/definition", { textDocument: { uri: uriOf(gateway) }, position: positionOf(gatewayText, "new zmq.Push") });
    const target = Array.isArray(toFile) ? toFile[0] : toFile;
    assert.equal(target?.uri, uriOf(topologyFile));
    assert.deepEqual(target?.range.start, positionOf(topologyText, "work: PUSH"));
    await close(gateway);
  });

  test("the hover of a socket in code names its declaration, and how the code differs from it", async () => {
    const hoverIn = async (file: string, needle: string): Promise<string> => {
      const text = fs.readFileSync(file, "utf8");
      const h = await client.connection.sendRequest<Hover | null>("textDocument/hover", { textDocument: { uri: uriOf(file) }, position: positionOf(text, needle) });
      return h ? (h.contents as MarkupContent).value : "";
    };
    assert.match(await hoverIn(path.join(root, "src/gateway/main.ts"), "new zmq.Push"), /Declared as `gateway\.work` in \[topology\.zmqtopo:15\]\(file:.*\), and matches it\./);
    const jobs = await hoverIn(worker, "workSocket()");
    assert.match(jobs, /Declared as `worker\.jobs` in \[topology\.zmqtopo:32\]\(file:.*\), and differs from it:\n- worker\.jobs is declared as DEALER, but the code makes a PULL socket\./);
  });

  test("the outline lists the components with their sockets, and the links", async () => {
    const symbols = await client.connection.sendRequest<DocumentSymbol[]>("textDocument/documentSymbol", { textDocument: { uri: uriOf(topologyFile) } });
    const MODULE = 2;
    const components = symbols.flatMap((s) => [s, ...(s.children ?? [])]).filter((s) => s.kind === MODULE);
    assert.deepEqual(components.map((c) => c.name), ["gateway", "worker", "audit"]);
    assert.deepEqual(components[0]!.children?.map((c) => c.name), ["orders", "work", "audit", "metrics"]);
  });

  test("formatting normalizes indentation and spacing; a file with syntax errors is left alone", async () => {
    const messy = topologyText.replace("  socket work: PUSH {", "socket   work :PUSH{").replace("    option sendTimeout <= 5000", "option sendTimeout<=5000");
    await change(topologyFile, messy, 7);
    const edits = await client.connection.sendRequest<TextEdit[] | null>("textDocument/formatting", { textDocument: { uri: uriOf(topologyFile) }, options: { tabSize: 2, insertSpaces: true } });
    assert.ok(edits && edits.length > 0);
    assert.equal(TextDocument.applyEdits(TextDocument.create("x", "zmqtopo", 1, messy), edits), topologyText);
    await change(topologyFile, "component a {\n  socket s: {\n", 8);
    assert.deepEqual(await client.connection.sendRequest("textDocument/formatting", { textDocument: { uri: uriOf(topologyFile) }, options: { tabSize: 2, insertSpaces: true } }) ?? [], []);
    await change(topologyFile, topologyText, 9);
  });

  test("the declaration-side quick fix declares the type the code makes", async () => {
    // The fix's offsets hold for the text it was computed on: wait until the last edit's text was analyzed.
    await client.waitFor("the restored text analyzed", () => ((client.diagnostics.get(uriOf(topologyFile)) ?? []).some((d) => d.code === "topology-file") ? undefined : true));
    const type = (await client.diagnosticsOf(topologyFile, DRIFT, 10)).find((d) => String(d.message).startsWith("worker.jobs is declared as DEALER"))!;
    const actions = await client.connection.sendRequest<CodeAction[]>("textDocument/codeAction", { textDocument: { uri: uriOf(topologyFile) }, range: type.range, context: { diagnostics: [type] } });
    const fix = actions.find((a) => /Declare worker\.jobs as PULL/.test(a.title));
    assert.ok(fix?.edit?.changes, JSON.stringify(actions.map((a) => a.title)));
    const edits = fix.edit.changes[uriOf(topologyFile)]!;
    assert.equal(TextDocument.applyEdits(TextDocument.create("x", "zmqtopo", 1, topologyText), edits), topologyText.replace("socket jobs: DEALER", "socket jobs: PULL"));
  });

  test("from the code, the quick fix of an undeclared socket edits the topology file", async () => {
    const peek = (await client.diagnosticsOf(worker, DRIFT, 3)).find((d) => String(d.message).startsWith("SUB socket `peek` is not declared"))!;
    assert.ok(peek);
    const actions = await client.connection.sendRequest<CodeAction[]>("textDocument/codeAction", { textDocument: { uri: uriOf(worker) }, range: peek.range, context: { diagnostics: [peek] } });
    const fix = actions.find((a) => a.title === "Declare SUB socket `peek` in worker");
    assert.ok(fix?.edit?.changes, JSON.stringify(actions.map((a) => a.title)));
    assert.deepEqual(Object.keys(fix.edit.changes), [uriOf(topologyFile)]);
    const after = TextDocument.applyEdits(TextDocument.create("x", "zmqtopo", 1, topologyText), fix.edit.changes[uriOf(topologyFile)]!);
    assert.match(after, /component worker \{[\s\S]*socket peek: SUB \{\n    connect tcp:\/\/localhost:6102\n    option linger = 0\n  \}\n\}/);
  });

  test("zmq/topology marks drifting sockets and names their declarations", async () => {
    await client.diagnosticsOf(worker, DRIFT, 3);
    const view = await client.connection.sendRequest<TopologyView>("zmq/topology");
    const jobs = view.sockets.find((s) => s.declaration?.name === "worker.jobs");
    assert.ok(jobs, JSON.stringify(view.sockets.map((s) => s.declaration?.name)));
    assert.equal(jobs.declaration!.range.uri, uriOf(topologyFile));
    assert.equal(jobs.declaration!.range.start.line, positionOf(topologyText, "jobs: DEALER").line);
    assert.ok(jobs.drift.some((m) => m.includes("declared as DEALER")), JSON.stringify(jobs.drift));
    const work = view.sockets.find((s) => s.declaration?.name === "gateway.work")!;
    assert.deepEqual(work.drift, []);
    // Declared, not made by the code: listed under its program, pointing at the declaration.
    assert.deepEqual(view.missing.map((m) => [m.program, m.name, m.type, m.range.start.line]), [["src/gateway/main", "gateway.metrics", "PUB", positionOf(topologyText, "metrics: PUB").line]]);
  });

  test("closed and deleted, the topology file takes its drift away; created again and announced, it brings it back", async () => {
    await close(topologyFile);
    await client.diagnosticsOf(worker, DRIFT, 3);
    fs.renameSync(topologyFile, `${topologyFile}.bak`);
    await client.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uriOf(topologyFile), type: 3 }] });
    await client.diagnosticsOf(worker, DRIFT, 0);
    await client.diagnosticsOf(topologyFile, DRIFT, 0);
    fs.renameSync(`${topologyFile}.bak`, topologyFile);
    await client.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uriOf(topologyFile), type: 1 }] });
    await client.diagnosticsOf(worker, DRIFT, 3);
  });

  test("zmqTopology.topologyFile picks another file; a file that cannot be read is named in a warning and the root one is used", async () => {
    const other = path.join(root, "design", "strict.zmqtopo");
    fs.mkdirSync(path.dirname(other), { recursive: true });
    fs.writeFileSync(other, "component worker {\n  program \"src/worker/main\"\n  socket jobs: PULL\n  socket peek: SUB\n}\n");
    client.settings = { ...client.settings, topologyFile: "design/strict.zmqtopo" };
    await client.connection.sendNotification("workspace/didChangeConfiguration", { settings: {} });
    await client.diagnosticsOf(worker, DRIFT, 0);
    client.settings = { ...client.settings, topologyFile: "design/missing.zmqtopo" };
    await client.connection.sendNotification("workspace/didChangeConfiguration", { settings: {} });
    await client.diagnosticsOf(worker, DRIFT, 3);
    await client.waitFor("a warning naming the setting", () => client.messages.find((m) => m.includes('"zmqTopology.topologyFile"') && m.includes("design/missing.zmqtopo")));
    client.settings = { debounceMs: 20 };
    await client.connection.sendNotification("workspace/didChangeConfiguration", { settings: {} });
  });
});
