// Bundles the extension-test suite for the extension host: one CommonJS file per entry, `vscode` external.
// mocha is not bundled: suite/index.ts loads it from the toolchain cache at run time.
import { build } from "esbuild";
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { NODE_BUNDLE } from "../../scripts/esbuildOptions.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const suiteDir = path.join(here, "suite");
const entryPoints = readdirSync(suiteDir)
  .filter((f) => f === "index.ts" || f.endsWith(".test.ts"))
  .map((f) => path.join(suiteDir, f));
await build({
  ...NODE_BUNDLE,
  entryPoints,
  outdir: path.join(here, "..", "..", "out", "vscode-test", "suite"),
  external: ["vscode"],
});
