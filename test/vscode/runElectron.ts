// Runs the same suite as runOffline.mjs in desktop VS Code through @vscode/test-electron.
// That runner downloads VS Code from update.code.visualstudio.com (or uses VSCODE_EXECUTABLE_PATH), so it only works
// on a machine that can reach it; it needs a display on Linux (xvfb-run -a npm run test:electron).
// Usage: npm run test:electron   (env: VSCODE_TEST_VERSION, default the engines.vscode minimum; VSCODE_EXECUTABLE_PATH)
import * as path from "node:path";
import { runTests } from "@vscode/test-electron";

async function main(): Promise<void> {
  const repoRoot = path.resolve(__dirname, "..", "..");
  const { ensureTools } = await import("./cache.mjs");
  const tools = ensureTools(); // mocha, which suite/index.ts loads from the cache
  const version = process.env.VSCODE_TEST_VERSION ?? "1.91.0";
  try {
    await runTests({
      version,
      ...(process.env.VSCODE_EXECUTABLE_PATH ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH } : {}),
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, "out", "vscode-test", "suite", "index.js"),
      launchArgs: [path.join(repoRoot, "test", "vscode", "workspace"), "--disable-extensions"],
      extensionTestsEnv: { ZMQ_TOPOLOGY_VSCODE_TEST_CACHE: tools.cache, ZMQ_TOPOLOGY_VSCODE_TEST_MOCHA: path.join(tools.toolsModules, "mocha") },
    });
  } catch (err) {
    console.error(`[vscode-test] @vscode/test-electron failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}

void main();
