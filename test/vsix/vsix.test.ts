/**
 * The packaged VSIX (`npm run package` first; `npm run test:vsix` does both): its file list, its platform,
 * and the language server started from the unpacked copy, where no node_modules is reachable.
 * ZMQ_VSIX=<file> checks another VSIX.
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, test } from "node:test";
import { ROOT } from "../helpers/cli";
import { copyFixture, TestClient } from "../helpers/lsp";

const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
const VSIX = process.env.ZMQ_VSIX ?? path.join(ROOT, `zmq-topology-${version}.vsix`);

function listFiles(dir: string, prefix = ""): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

describe("packaged VSIX", () => {
  let dir: string;
  let files: string[];

  before(() => {
    assert.ok(fs.existsSync(VSIX), `${VSIX} not found: run npm run package first`);
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "zmq-vsix-")));
    execFileSync("unzip", ["-q", VSIX, "-d", dir]);
    files = listFiles(dir).sort();
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("holds only what the extension uses", () => {
    const docs = listFiles(path.join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `extension/docs/${f}`);
    const expected = [
      "[Content_Types].xml",
      "extension.vsixmanifest",
      "extension/LICENSE.txt",
      "extension/package.json",
      "extension/readme.md",
      "extension/client/out/extension.js",
      "extension/server/out/server.js",
      "extension/media/zmq-topology.svg",
      "extension/language-configuration.json",
      "extension/syntaxes/zmqtopo.tmLanguage.json",
      ...docs,
    ].sort();
    assert.deepEqual(files, expected);
  });

  test("is universal: no target platform, no native code, no node_modules", () => {
    const manifest = fs.readFileSync(path.join(dir, "extension.vsixmanifest"), "utf8");
    assert.doesNotMatch(manifest, /TargetPlatform/);
    assert.deepEqual(files.filter((f) => /\.node$|node_modules\//.test(f)), []);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "extension/package.json"), "utf8")) as { dependencies?: object; main: string };
    assert.equal(pkg.dependencies, undefined);
    assert.ok(files.includes(`extension/${path.normalize(pkg.main)}`), `main ${pkg.main} is packaged`);
  });

  test("the packaged server starts with --stdio, initializes and publishes a diagnostic", async () => {
    const root = copyFixture("test/fixtures/rules/incompatible-socket-types");
    const client = TestClient.forked(path.join(dir, "extension/server/out/server.js"));
    try {
      const init = await client.initialize(root);
      assert.equal(init.serverInfo?.name, "zmq-topology");
      await client.diagnosticsOf(path.join(root, "src/renderNode.ts"), "incompatible-socket-types", 2);
    } finally {
      await client.dispose();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
