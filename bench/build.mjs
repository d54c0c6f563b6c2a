// Bundles the incremental benchmark with the analysis sources it imports (as scripts/bundle.mjs does for the CLI).
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { NODE_BUNDLE } from "../scripts/esbuildOptions.mjs";

await build({
  ...NODE_BUNDLE,
  absWorkingDir: fileURLToPath(new URL("..", import.meta.url)),
  entryPoints: ["bench/incremental.ts"],
  outfile: "out/bench/incremental.js",
});
