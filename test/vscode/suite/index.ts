// Extension-test entry point: VS Code's extension host loads this module and awaits run().
// The same contract serves both runners (runOffline.mjs and runElectron.ts).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { format } from "node:util";

interface MochaRunner {
  stats?: { passes: number; failures: number; pending: number; tests: number };
}
interface MochaInstance {
  addFile(file: string): void;
  run(done: (failures: number) => void): MochaRunner;
}
type MochaCtor = (new (options: Record<string, unknown>) => MochaInstance) & {
  reporters: { Base: { consoleLog: (...args: unknown[]) => void } };
};

/** mocha lives in the test-toolchain cache (never in the repo's node_modules); see test/vscode/cache.mjs. */
function loadMocha(): MochaCtor {
  // The runners say exactly which mocha; otherwise take the one in the default cache.
  const given = process.env.ZMQ_TOPOLOGY_VSCODE_TEST_MOCHA;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (given) return require(given) as MochaCtor;
  const cache = process.env.ZMQ_TOPOLOGY_VSCODE_TEST_CACHE || path.join(os.homedir(), ".cache", "zmq-topology-vscode-test");
  const candidates = fs.existsSync(cache)
    ? fs.readdirSync(cache).filter((d) => d.startsWith("tools-")).map((d) => path.join(cache, d, "node_modules", "mocha"))
    : [];
  const found = candidates.find((c) => fs.existsSync(path.join(c, "package.json")));
  if (!found) throw new Error(`mocha not found in ${cache}: run the suite through test/vscode/runOffline.mjs or runElectron.ts, which install it`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(found) as MochaCtor;
}

export async function run(): Promise<void> {
  const Mocha = loadMocha();
  // Keep the reporter's lines: the offline runner prints them from the results file (the browser console is noisy).
  const output: string[] = [];
  const base = Mocha.reporters.Base;
  const consoleLog = base.consoleLog;
  base.consoleLog = (...args: unknown[]) => {
    output.push(format(...args));
    consoleLog(...args);
  };
  const mocha = new Mocha({ ui: "bdd", color: false, reporter: "spec", timeout: 30_000 });
  // In Restricted Mode (runOffline.mjs --restricted) only the restricted-mode checks run, and only there.
  const restricted = process.env.ZMQ_TOPOLOGY_VSCODE_TEST_RESTRICTED === "1";
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith(".test.js") && (f === "restricted.test.js") === restricted).sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  const stats = await new Promise<{ passes: number; failures: number }>((resolve) => {
    const runner = mocha.run(() => resolve({ passes: runner.stats?.passes ?? 0, failures: runner.stats?.failures ?? 0 }));
  }).finally(() => {
    base.consoleLog = consoleLog;
  });
  console.log(`vscode-test: ${stats.passes} passed, ${stats.failures} failed`);
  const resultsFile = process.env.ZMQ_TOPOLOGY_VSCODE_TEST_RESULTS;
  if (resultsFile) fs.writeFileSync(resultsFile, JSON.stringify({ ...stats, files, output }) + "\n");
  if (stats.failures > 0) throw new Error(`${stats.failures} extension test(s) failed`);
  if (stats.passes === 0) throw new Error("the extension suite ran no test");
}
