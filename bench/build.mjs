// Bundles the incremental benchmark with the analysis sources it imports (as scripts/bundle.mjs does for the CLI).
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

await build({
  absWorkingDir: fileURLToPath(new URL("..", import.meta.url)),
  entryPoints: ["bench/incremental.ts"],
  outfile: "out/bench/incremental.js",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: true,
  logLevel: "warning",
});
