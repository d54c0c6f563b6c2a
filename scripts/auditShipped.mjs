// npm run audit:shipped — known advisories in the code the extension and the CLI ship.
//
// What ships is the three esbuild bundles, built from packages that are all devDependencies (the VSIX has no
// node_modules), so `npm audit --omit=dev` audits nothing and always passes. This script audits the whole
// tree instead and fails on high or critical advisories in a package the bundles contain (read from the
// `// node_modules/<pkg>/...` banners esbuild writes). It needs the registry's advisory service: when
// that cannot be reached it says so and exits 2. It is not part of npm test.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

export const BUNDLES = ["server/out/cli.js", "server/out/server.js", "client/out/extension.js"];
const BLOCKING = new Set(["high", "critical"]);

/** Package names whose code is inside a bundle's text. */
export function bundledPackages(bundleText) {
  const names = new Set();
  for (const m of bundleText.matchAll(/^\/\/ .*?node_modules\/((?:@[^/]+\/)?[^/\s]+)\//gm)) names.add(m[1]);
  return names;
}

/**
 * The verdict on one `npm audit --json` report: `unavailable` when npm returned an error instead of a
 * report, else the advisories in shipped packages and whether any of them blocks.
 */
export function judge(report, shipped) {
  if (!report || typeof report !== "object" || !("vulnerabilities" in report)) {
    return { unavailable: String(report?.message ?? report?.error?.summary ?? "no audit report") };
  }
  const found = Object.entries(report.vulnerabilities).map(([name, v]) => ({ name, severity: v.severity, shipped: shipped.has(name) }));
  const inShipped = found.filter((f) => f.shipped);
  return { inShipped, devOnly: found.length - inShipped.length, blocking: inShipped.filter((f) => BLOCKING.has(f.severity)) };
}

function main() {
  const shipped = new Set();
  for (const bundle of BUNDLES) {
    let text;
    try {
      text = readFileSync(bundle, "utf8");
    } catch {
      console.error(`audit:shipped: ${bundle} is missing; run npm run build first`);
      return 2;
    }
    for (const name of bundledPackages(text)) shipped.add(name);
  }
  console.log(`audit:shipped: bundled packages: ${[...shipped].sort().join(", ")}`);
  const npm = spawnSync(process.platform === "win32" ? "npm.cmd" : "npm", ["audit", "--json"], { encoding: "utf8" });
  let report;
  try {
    report = JSON.parse(npm.stdout);
  } catch {
    report = { message: (npm.stderr || npm.error?.message || "npm audit printed no JSON").trim() };
  }
  const verdict = judge(report, shipped);
  if ("unavailable" in verdict) {
    console.error(`audit:shipped: could not audit — the npm advisory service did not answer: ${verdict.unavailable}`);
    return 2;
  }
  for (const f of verdict.inShipped) console.log(`audit:shipped: ${f.severity}: ${f.name}`);
  console.log(`audit:shipped: ${verdict.inShipped.length} advisories in shipped packages (${verdict.blocking.length} high or critical), ${verdict.devOnly} in development-only packages`);
  return verdict.blocking.length > 0 ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) process.exitCode = main();
