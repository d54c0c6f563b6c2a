/** `loadPaths` with `exclude`, and `isSkippedUnder` agreeing with it for files that appear later. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SocketGraph } from "../../server/src/analysis/graph";
import { isSkippedUnder, loadPaths } from "../../server/src/analysis/loader";
import { normalizePath } from "../../server/src/analysis/paths";

const SOCKET = 'import * as zmq from "zeromq";\nexport const s = new zmq.Push();\n';

function workspace(files: Record<string, string>): string {
  const dir = normalizePath(fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "zmq-loader-"))));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe("exclude and .gitignore", () => {
  const files = {
    ".gitignore": "dist/\n",
    "src/a.ts": SOCKET,
    "src/a.spec.ts": SOCKET,
    "src/gen/.gitignore": "*.js\n",
    "src/gen/b.js": SOCKET,
    "src/gen/c.ts": SOCKET,
    "dist/d.js": SOCKET,
    "node_modules/x/e.js": SOCKET,
  };

  test("loadPaths skips what exclude matches, besides .gitignore and node_modules", () => {
    const root = workspace(files);
    const graph = new SocketGraph();
    loadPaths(graph, [root], { exclude: ["**/*.spec.ts"] });
    const socketFiles = graph.analyzeAll().sockets.map((s) => s.location.file.slice(root.length + 1)).sort();
    assert.deepEqual(socketFiles, ["src/a.ts", "src/gen/c.ts"]);
    fs.rmSync(root, { recursive: true, force: true });
  });

  test("isSkippedUnder gives the same answer file by file", () => {
    const root = workspace(files);
    const skipped = Object.keys(files).filter((f) => !f.endsWith(".gitignore")).filter((f) => isSkippedUnder(root, `${root}/${f}`, ["**/*.spec.ts"]));
    assert.deepEqual(skipped.sort(), ["dist/d.js", "node_modules/x/e.js", "src/a.spec.ts", "src/gen/b.js"]);
    assert.equal(isSkippedUnder(root, "/elsewhere/a.ts"), false);
    fs.rmSync(root, { recursive: true, force: true });
  });
});
