// Requests during an edit storm: hovers and code actions for versions already superseded, some of them
// cancelled by the client, all come back at once, and the last one sees the last text.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { CancellationTokenSource, ResponseError } from "vscode-jsonrpc/node";
import type { Hover, MarkupContent } from "vscode-languageserver-protocol";
import { copyFixture, TestClient, uriOf } from "../helpers/lsp";

const EDITS = 200;
/** Far above what a request takes (well under a millisecond of work each); it only catches a hang or a queue. */
const ALL_ANSWERED_WITHIN_MS = 10_000;
const REQUEST_CANCELLED = -32800;

let client: TestClient;
let root: string;

before(async () => {
  root = copyFixture("test/fixtures/rules/incompatible-socket-types");
  client = TestClient.inProcess();
  client.settings = { debounceMs: 200 };
  await client.initialize(root);
});

after(async () => {
  await client.dispose();
  fs.rmSync(root, { recursive: true, force: true });
});

test("hovers and code actions sent between hundreds of edits, some cancelled, all answer promptly; the last sees the last text", async () => {
  const file = path.join(root, "src/renderNode.ts");
  const uri = uriOf(file);
  const original = fs.readFileSync(file, "utf8");
  const at = original.indexOf("new zmq.Request");
  assert.ok(at > 0);
  const before = original.slice(0, at).split("\n");
  const position = { line: before.length - 1, character: before[before.length - 1]!.length + 4 };
  await client.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "typescript", version: 1, text: original } });

  const start = Date.now();
  const pending: Promise<"answered" | "cancelled">[] = [];
  const settle = (p: Promise<unknown>): Promise<"answered" | "cancelled"> =>
    p.then(() => "answered" as const, (err: unknown) => {
      if (err instanceof ResponseError && err.code === REQUEST_CANCELLED) return "cancelled" as const;
      throw err;
    });
  let text = original;
  for (let v = 2; v <= EDITS + 1; v++) {
    // Each edit changes the REQ's receive timeout: every request below is for a version about to be superseded.
    text = original.replace("receiveTimeout: 10_000", `receiveTimeout: ${10_000 + v}`);
    await client.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version: v }, contentChanges: [{ text }] });
    const source = new CancellationTokenSource();
    pending.push(settle(client.connection.sendRequest("textDocument/hover", { textDocument: { uri }, position }, source.token)));
    pending.push(settle(client.connection.sendRequest("textDocument/codeAction", {
      textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: [] },
    }, source.token)));
    if (v % 3 === 0) source.cancel();
  }
  const outcomes = await Promise.all(pending);
  const elapsed = Date.now() - start;
  assert.ok(elapsed < ALL_ANSWERED_WITHIN_MS, `${pending.length} requests took ${elapsed} ms`);
  assert.equal(outcomes.length, EDITS * 2);
  assert.ok(outcomes.includes("answered"), "requests not cancelled are answered");

  const last = await client.connection.sendRequest<Hover | null>("textDocument/hover", { textDocument: { uri }, position });
  const value = (last!.contents as MarkupContent).value;
  assert.ok(value.includes(`| receiveTimeout | \`${10_000 + EDITS + 1}\` |`), `the hover reads the last text:\n${value}`);
});
