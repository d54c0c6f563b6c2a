// Bundles the CLI, the language server and the extension client (one bundle per side).
// Each bundle is self-contained: the VSIX ships no node_modules. Nothing here imports zeromq (the analysis
// reads code that uses it and never runs it; only the tests load the real package), so no native code either.
import { build } from "esbuild";
import { readFileSync, chmodSync } from "node:fs";
import { NODE_BUNDLE } from "./esbuildOptions.mjs";

const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const common = { ...NODE_BUNDLE, define: { ZMQ_TOPOLOGY_VERSION: JSON.stringify(version) } };

await Promise.all([
  build({ ...common, entryPoints: ["server/src/cli.ts"], outfile: "server/out/cli.js" }),
  build({ ...common, entryPoints: ["server/src/server.ts"], outfile: "server/out/server.js" }),
  build({ ...common, entryPoints: ["client/src/extension.ts"], outfile: "client/out/extension.js", external: ["vscode"] }),
]);
chmodSync("server/out/cli.js", 0o755);
