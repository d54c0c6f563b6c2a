/**
 * The benchmark's workspace generator: deterministic from its seed, and shaped as the benchmark assumes
 * (~2% zeromq files in bind/connect pairs, one shared config module, imports that resolve). No timings.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { test } from "node:test";

// The generator is plain ESM and this suite compiles to CommonJS: load it with a dynamic import.
const build = async (size: number, seed: number) => (await import("../../bench/generate.mjs")).buildWorkspace(size, seed);

test("the same seed gives the same files, another seed different ones", async () => {
  assert.deepEqual(await build(300, 7), await build(300, 7));
  assert.notDeepEqual((await build(300, 7)).files, (await build(300, 8)).files);
});

test("the workspace has the requested number of source files, ~2% of them zeromq, all listed in the manifest", async () => {
  const { files, manifest } = await build(1000, 1);
  const sources = files.filter(([f]) => f.endsWith(".ts"));
  assert.equal(sources.length, 1000);
  assert.equal(manifest.sourceFiles, 1000);
  const zmq = sources.filter(([, text]) => text.includes('from "zeromq"')).map(([f]) => f);
  assert.deepEqual(zmq.sort(), [...manifest.zmqFiles].sort());
  assert.equal(zmq.length, 20);
  const names = new Set(files.map(([f]) => f));
  for (const f of [manifest.configFile, ...manifest.unrelatedFiles]) assert.ok(names.has(f), f);
  assert.ok(files.some(([f]) => f === "package.json") && files.some(([f]) => f === "tsconfig.json"));
});

test("every relative import names a generated file", async () => {
  const { files } = await build(500, 3);
  const names = new Set(files.map(([f]) => f));
  for (const [file, text] of files) {
    for (const m of text.matchAll(/from "(\.{1,2}\/[^"]+)"/g)) {
      const target = path.posix.join(path.posix.dirname(file), m[1]!).replace(/\.js$/, ".ts");
      assert.ok(names.has(target), `${file} imports ${m[1]}`);
    }
  }
});
