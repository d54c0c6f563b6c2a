#!/usr/bin/env node
// Runs the mocha suite in test/vscode/suite inside a real VS Code extension host, with no internet:
// the VS Code server from the code-server npm package (Node 24), the web workbench in Debian's headless
// Chromium driven by playwright-core, our extension loaded through the workbench's `payload` URL parameter.
// See test/vscode/README.md.
//
// Usage: node test/vscode/runOffline.mjs [--screenshot out.png] [--screenshot-topology out.png] [--timeout 300] [--keep-user-data] [--vsix file.vsix] [--restricted]
// Needs `npm run build` and the suite bundle (npm run test:vscode does both). With --vsix, the extension is
// installed from that VSIX into the server's extensions folder and the suite runs against the installed copy
// (npm run test:vscode:vsix). The workbench only runs extension tests for a development path, so it then gets
// an empty placeholder extension as that path.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { format } from "node:util";
import { ensureToolchain } from "./cache.mjs";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const suiteIndex = path.join(repoRoot, "out", "vscode-test", "suite", "index.js");
const workspace = path.join(repoRoot, "test", "vscode", "workspace");
const log = (msg) => console.log(`[vscode-test] ${msg}`);
/** Logged by the suite (suite/workbench.test.ts) when the workbench shows what `--screenshot` should capture. */
const SCREENSHOT_NOW = "zmq-topology-vscode-test:screenshot-now";
/** Logged by suite/topologyFile.test.ts when a topology file with a drift hover is on screen (`--screenshot-topology`). */
const SCREENSHOT_TOPOLOGY_NOW = "zmq-topology-vscode-test:screenshot-topology-now";
let screenshotTaken = false;

async function takeScreenshot(page, file, main = true) {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file });
    if (main) screenshotTaken = true;
    log(`screenshot saved to ${file}`);
  } catch (e) {
    log(`screenshot failed: ${e instanceof Error ? e.message : e}`);
  }
}

function parseArgs(argv) {
  const opts = { screenshot: undefined, screenshotTopology: undefined, timeoutS: 300, keepUserData: false, vsix: undefined, restricted: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--screenshot") opts.screenshot = path.resolve(argv[++i] ?? "");
    else if (a === "--screenshot-topology") opts.screenshotTopology = path.resolve(argv[++i] ?? "");
    else if (a === "--timeout") opts.timeoutS = Number(argv[++i]);
    else if (a === "--keep-user-data") opts.keepUserData = true;
    else if (a === "--restricted") opts.restricted = true;
    else if (a === "--vsix") opts.vsix = path.resolve(argv[++i] ?? "");
    else if (a === "--help" || a === "-h") {
      console.log("node test/vscode/runOffline.mjs [--screenshot out.png] [--screenshot-topology out.png] [--timeout seconds] [--keep-user-data] [--vsix file.vsix] [--restricted]");
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isFinite(opts.timeoutS) || opts.timeoutS <= 0) throw new Error("--timeout needs a positive number of seconds");
  return opts;
}

function findChromium() {
  const candidates = process.env.CHROMIUM_PATH ? [process.env.CHROMIUM_PATH] : ["/usr/bin/chromium", "/usr/bin/chromium-browser"];
  const found = candidates.find((c) => existsSync(c));
  if (!found)
    throw new Error(
      "Chromium not found (looked at " + candidates.join(", ") + ").\n" +
        "Install Debian's Chromium:  apt-get install -y chromium   (or set CHROMIUM_PATH to a Chromium binary)",
    );
  return found;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.setTimeout(2000, () => req.destroy());
    req.on("error", () => resolve(0));
  });
}

const delay = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls the server until it answers 200, or fails as soon as the server process has exited. */
async function waitForServer(url, server, deadline) {
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) throw new Error(`VS Code server exited early (${server.exitCode ?? server.signalCode})`);
    const status = await httpStatus(url);
    if (status === 200) return;
    if (status >= 500) throw new Error(`VS Code server answered ${status} at ${url} (see its output above)`);
    await delay(200);
  }
  throw new Error(`VS Code server not ready at ${url} before the timeout`);
}

function alive(child) {
  return !!child && child.exitCode === null && child.signalCode === null;
}

/** SIGTERM to the child's whole process group, SIGKILL after 5 s. */
function killGroup(child, name) {
  if (!child) return Promise.resolve();
  if (!alive(child)) {
    // The leader is gone; its extension host or language servers may not be.
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {}
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    let hard;
    const done = () => {
      clearTimeout(hard);
      resolve();
    };
    child.once("exit", done);
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      done();
      return;
    }
    hard = setTimeout(() => {
      log(`${name} did not stop on SIGTERM; SIGKILL`);
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
      resolve();
    }, 5000);
  });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  // The suite waits for this file to appear (suite/workbench.test.ts): an old one must not answer for the new one.
  if (opts.screenshot) rmSync(opts.screenshot, { force: true });
  const t0 = Date.now();
  const chromiumPath = findChromium();
  for (const [what, file, fix] of [
    opts.vsix ? ["VSIX", opts.vsix, "npm run package"] : ["extension bundle", path.join(repoRoot, "client", "out", "extension.js"), "npm run build"],
    ["suite bundle", suiteIndex, "node test/vscode/build.mjs"],
  ])
    if (!existsSync(file)) throw new Error(`${what} missing at ${file}: run \`${fix}\` first (npm run test:vscode does)`);

  const p = ensureToolchain();
  log(`toolchain ready after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const requireTools = createRequire(path.join(p.toolsModules, "noop.js"));
  const { chromium } = requireTools("playwright-core");

  const tmp = mkdtempSync(path.join(os.tmpdir(), "zmq-topology-vscode-"));
  const dirs = { server: path.join(tmp, "server"), user: path.join(tmp, "user"), ext: path.join(tmp, "extensions") };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  // Quiet, deterministic workbench: no update checks, no git scanning, no welcome page, no chat panel.
  // Written as user and as machine settings of both data folders (the web workbench reads the server's).
  const settings = JSON.stringify({
    "extensions.autoCheckUpdates": false,
    "extensions.autoUpdate": false,
    "update.mode": "none",
    "git.enabled": false,
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": false,
    "telemetry.telemetryLevel": "off",
    // --restricted: workspace trust on and nothing trusted, so the folder opens in Restricted Mode.
    "security.workspace.trust.enabled": opts.restricted === true,
    "security.workspace.trust.startupPrompt": "never",
    "security.workspace.trust.banner": "never",
    "chat.disableAIFeatures": true,
    "workbench.secondarySideBar.defaultVisibility": "hidden",
  });
  for (const d of [dirs.user, dirs.server]) {
    mkdirSync(path.join(d, "User"), { recursive: true });
    mkdirSync(path.join(d, "data", "Machine"), { recursive: true });
    writeFileSync(path.join(d, "User", "settings.json"), settings);
    writeFileSync(path.join(d, "data", "Machine", "settings.json"), settings);
  }

  if (opts.vsix) {
    // The server's own CLI installs a VSIX and exits (offline: the VSIX has no dependencies to fetch).
    const install = spawnSync(p.node, [p.serverMain, "--install-extension", opts.vsix, "--extensions-dir", dirs.ext, "--server-data-dir", dirs.server, "--user-data-dir", dirs.user, "--accept-server-license-terms"], { encoding: "utf8", timeout: 60_000 });
    const out = `${install.stdout ?? ""}${install.stderr ?? ""}`.trim();
    if (install.status !== 0 || !/successfully installed/.test(out)) {
      rmSync(tmp, { recursive: true, force: true });
      throw new Error(`installing ${opts.vsix} failed (${install.status ?? install.signal ?? install.error}):\n${out}`);
    }
    log(`installed ${path.basename(opts.vsix)} into the server's extensions folder`);
    dirs.devHost = path.join(tmp, "test-host-extension");
    mkdirSync(dirs.devHost);
    writeFileSync(path.join(dirs.devHost, "package.json"), JSON.stringify({ name: "zmq-topology-vsix-test-host", publisher: "zmq-topology-test", version: "0.0.0", engines: { vscode: "*" } }));
  }

  const resultsFile = path.join(tmp, "results.json");
  let server;
  let browser;
  let exitCode = 1;
  let cleaning;
  let serverStopped = false;
  const cleanup = async () => {
    cleaning ??= (async () => {
      if (browser) await browser.close().catch(() => {});
      await killGroup(server, "VS Code server");
      serverStopped = true;
      if (!opts.keepUserData) rmSync(tmp, { recursive: true, force: true });
      else log(`kept ${tmp}`);
    })();
    return cleaning;
  };
  // Last resort if the runner dies some other way (uncaught error, process.exit elsewhere): no server outlives it.
  process.on("exit", () => {
    if (server && !serverStopped)
      try {
        process.kill(-server.pid, "SIGKILL");
      } catch {}
  });
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"])
    process.once(sig, () => {
      log(`${sig}: cleaning up`);
      void cleanup().finally(() => process.exit(130));
    });

  const deadline = Date.now() + opts.timeoutS * 1000;
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`global timeout: no test result after ${opts.timeoutS} s`)), opts.timeoutS * 1000);
  });

  let page;
  const hostLog = [];
  try {
    const port = await freePort();
    const authority = `127.0.0.1:${port}`;
    const remote = (fsPath) => `vscode-remote://${authority}${fsPath}`;
    const args = [
      p.serverMain,
      "--host", "127.0.0.1",
      "--port", String(port),
      "--without-connection-token",
      "--enable-smoke-test-driver",
      "--disable-telemetry",
      ...(opts.restricted ? [] : ["--disable-workspace-trust"]),
      "--accept-server-license-terms",
      "--server-data-dir", dirs.server,
      "--user-data-dir", dirs.user,
      "--extensions-dir", dirs.ext,
    ];
    log(`starting VS Code server on ${authority}`);
    server = spawn(p.node, args, {
      detached: true, // own process group: killGroup() takes the extension host and language servers with it
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ZMQ_TOPOLOGY_VSCODE_TEST_CACHE: p.cache, ZMQ_TOPOLOGY_VSCODE_TEST_MOCHA: path.join(p.toolsModules, "mocha"), ZMQ_TOPOLOGY_VSCODE_TEST_RESULTS: resultsFile, ...(opts.screenshot ? { ZMQ_TOPOLOGY_VSCODE_TEST_SCREENSHOT: opts.screenshot } : {}), ...(opts.screenshotTopology ? { ZMQ_TOPOLOGY_VSCODE_TEST_SCREENSHOT_TOPOLOGY: opts.screenshotTopology } : {}), ...(opts.vsix ? { ZMQ_TOPOLOGY_VSCODE_TEST_VSIX: opts.vsix, ZMQ_TOPOLOGY_VSCODE_TEST_EXTENSIONS: dirs.ext } : {}), ...(opts.restricted ? { ZMQ_TOPOLOGY_VSCODE_TEST_RESTRICTED: "1" } : {}), VSCODE_TEST_OFFLINE: "1" },
    });
    const serverLog = [];
    const keep = (chunk) => {
      serverLog.push(chunk.toString());
      if (serverLog.length > 400) serverLog.shift();
      if (process.env.ZMQ_TOPOLOGY_VSCODE_TEST_VERBOSE) process.stdout.write(`[server] ${chunk}`);
    };
    server.stdout.on("data", keep);
    server.stderr.on("data", keep);
    let failFast;
    const crashed = new Promise((_, reject) => (failFast = reject));
    crashed.catch(() => {}); // observed through Promise.race below
    server.once("exit", (code, signal) => {
      if (!cleaning) {
        console.log(serverLog.join(""));
        failFast(new Error(`the VS Code server exited during the run (${code ?? signal}); its output is above`));
      }
    });

    const run = (async () => {
      try {
        await waitForServer(`http://${authority}/version`, server, deadline);
      } catch (e) {
        console.log(serverLog.join(""));
        throw e;
      }
      log(`server ready after ${((Date.now() - t0) / 1000).toFixed(1)} s; launching ${chromiumPath}`);
      // Signals are ours to handle (playwright's own handlers would exit before the server is stopped).
      browser = await chromium.launch({ executablePath: chromiumPath, headless: true, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false, args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      page = await context.newPage();
      const result = new Promise((resolve) => {
        void page.exposeFunction("codeAutomationExit", async (code) => resolve(Number(code)));
      });
      // The workbench's and the extension host's logs come back through this hook. They are noisy (offline gallery
      // lookups, cancelled account queries), so they are printed live only in verbose mode, or at the end when the
      // suite wrote no report. The mocha report itself comes back in the results file.
      await page.exposeFunction("codeAutomationLog", (type, args) => {
        const parts = Array.isArray(args) ? args : [args];
        const text = format(...parts.map((a) => (typeof a === "string" ? a : JSON.stringify(a))));
        hostLog.push(text);
        // The suite asks for the picture while the extension host still runs (at the end, it is gone).
        if (opts.screenshot && text.includes(SCREENSHOT_NOW) && page) void takeScreenshot(page, opts.screenshot);
        if (opts.screenshotTopology && text.includes(SCREENSHOT_TOPOLOGY_NOW) && page) void takeScreenshot(page, opts.screenshotTopology, false);
        if (hostLog.length > 500) hostLog.shift();
        if (process.env.ZMQ_TOPOLOGY_VSCODE_TEST_VERBOSE) console.log(`[log ${type}] ${text}`);
      });
      if (process.env.ZMQ_TOPOLOGY_VSCODE_TEST_VERBOSE) page.on("console", (msg) => console.log(`[page ${msg.type()}] ${msg.text()}`));
      page.on("crash", () => failFast(new Error("the workbench page crashed")));
      const payload = JSON.stringify([
        ["extensionDevelopmentPath", remote(opts.vsix ? dirs.devHost : repoRoot)],
        ["extensionTestsPath", remote(suiteIndex)],
        ["skipWelcome", "true"],
        ["skipReleaseNotes", "true"],
      ]);
      const url = `http://${authority}/?folder=${encodeURIComponent(remote(workspace))}&payload=${encodeURIComponent(payload)}`;
      log(`opening the workbench on ${workspace}`);
      await page.goto(url);
      const code = await result;
      return code;
    })();

    exitCode = await Promise.race([run, timeout, crashed]);
    log(`extension host exit code ${exitCode}`);
    if (existsSync(resultsFile)) {
      const r = JSON.parse(readFileSync(resultsFile, "utf8"));
      console.log(r.output.join("\n"));
      console.log(`${r.passes} passed, ${r.failures} failed`);
      if (r.failures > 0 && exitCode === 0) exitCode = 1;
      if (r.passes + r.failures === 0) {
        log("the suite ran no test");
        exitCode = 1;
      }
    } else {
      console.log(hostLog.join("\n"));
      log(`no results file: the suite did not finish (workbench and extension host log above)`);
      exitCode ||= 1;
    }
  } catch (e) {
    if (hostLog.length && !process.env.ZMQ_TOPOLOGY_VSCODE_TEST_VERBOSE) {
      console.log(hostLog.slice(-80).join("\n"));
      log("(last lines of the workbench and extension host log above; ZMQ_TOPOLOGY_VSCODE_TEST_VERBOSE=1 shows all)");
    }
    console.error(`[vscode-test] ${e instanceof Error ? e.message : e}`);
    exitCode = 1;
  } finally {
    clearTimeout(timer);
    if (opts.screenshot && page && !screenshotTaken) await takeScreenshot(page, opts.screenshot);
    await cleanup();
  }
  log(`${exitCode === 0 ? "PASS" : "FAIL"} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  process.exit(exitCode);
}

main().catch((e) => {
  console.error(`[vscode-test] ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
