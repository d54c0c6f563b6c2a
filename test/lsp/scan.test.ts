// The initial scan of a large workspace: it reports progress, lets requests through, and loses no change.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, test } from "node:test";
import type { Hover, MarkupContent } from "vscode-languageserver-protocol";
import type { TopologyView } from "../../server/src/protocol";
import { tempWorkspace, TestClient, uriOf } from "../helpers/lsp";

const FILLER_FILES = 3000;

/** Ordinary modules that import each other, as most of a monorepo is. */
function fillerFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < FILLER_FILES; i++) {
    const dep = i > 0 ? `import { total${i - 1} } from "./module${i - 1}";\n` : "";
    const use = i > 0 ? `total${i - 1}(items)` : "0";
    files[`src/billing/module${i}.ts`] =
      `${dep}export interface Line${i} { sku: string; cents: number }\n` +
      `export function total${i}(items: Line${i}[]): number {\n  return items.reduce((sum, l) => sum + l.cents, ${use});\n}\n`;
  }
  return files;
}

const CONFIG = `export const QUOTES_HOST = "127.0.0.1";\nexport const QUOTES_PORT = 7410;\n`;
const CLIENT = `import { Request } from "zeromq";
import { QUOTES_HOST, QUOTES_PORT } from "../config/endpoints";

export async function quote(symbol: string): Promise<string> {
  const quotes = new Request({ linger: 0, receiveTimeout: 2_000 });
  quotes.connect(\`tcp://\${QUOTES_HOST}:\${QUOTES_PORT}\`);
  await quotes.send(symbol);
  const [price] = await quotes.receive();
  quotes.close();
  return String(price);
}
`;
const publisherOn = (port: number): string => `import { Publisher } from "zeromq";

export async function announce(): Promise<void> {
  const news = new Publisher({ linger: 0 });
  await news.bind("tcp://127.0.0.1:${port}");
  await news.send("open");
}
`;

describe("language server: the initial scan of a large workspace", () => {
  let client: TestClient;
  let root: string;

  before(() => {
    root = tempWorkspace({
      ...fillerFiles(),
      "src/config/endpoints.ts": CONFIG,
      "src/quotes/client.ts": CLIENT,
      "src/aaa/news.ts": publisherOn(7420),
    });
  });

  after(async () => {
    await client?.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test("answers a hover on an open file before the scan ends, with endpoints from the files it imports", async () => {
    client = TestClient.inProcess();
    await client.initialize(root);
    const file = path.join(root, "src/quotes/client.ts");
    await client.connection.sendNotification("textDocument/didOpen", { textDocument: { uri: uriOf(file), languageId: "typescript", version: 1, text: CLIENT } });
    const hover = await client.connection.sendRequest<Hover | null>("textDocument/hover", { textDocument: { uri: uriOf(file) }, position: { line: 4, character: 10 } });
    const scanEndedFirst = client.progress.some((p) => p.kind === "end");
    assert.ok(hover, "a hover during the scan");
    const value = (hover.contents as MarkupContent).value;
    assert.match(value, /\*\*REQ socket\*\* `quotes`/);
    assert.match(value, /tcp:\/\/127\.0\.0\.1:7410/);
    assert.equal(scanEndedFirst, false, "the hover came before the scan of the rest ended");

    await client.waitFor("the end of the scan", () => (client.progress.some((p) => p.kind === "end") ? true : undefined), 60_000);
    const reports = client.progress.filter((p) => p.kind === "report").map((p) => (p as { message?: string }).message ?? "");
    assert.ok(reports.some((m) => /^\d+ files read$/.test(m)), `progress counts the files read: ${JSON.stringify(reports.slice(0, 3))}`);
  });

  test("a file changed on disk while the scan read the workspace is analyzed as it is now", async () => {
    await client.dispose();
    const news = path.join(root, "src/aaa/news.ts");
    fs.writeFileSync(news, publisherOn(7420));
    client = TestClient.inProcess();
    await client.initialize(root);
    // `src/aaa` comes first in the walk: the scan may or may not have read the old text by now.
    fs.writeFileSync(news, publisherOn(7421));
    await client.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uriOf(news), type: 2 }] });
    await client.waitFor("the end of the scan", () => (client.progress.some((p) => p.kind === "end") ? true : undefined), 60_000);
    await client.waitFor("a topology", () => (client.topologyChanges > 0 ? true : undefined));
    const view = await client.connection.sendRequest<TopologyView>("zmq/topology");
    const pub = view.sockets.find((s) => s.type === "PUB");
    assert.deepEqual(pub?.binds.map((b) => b.endpoint), ["tcp://127.0.0.1:7421"]);
  });
});
