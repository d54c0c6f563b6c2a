/** The verdict logic of `npm run audit:shipped` (scripts/auditShipped.mjs), on recorded report shapes: no network. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "../helpers/cli";

// An ES module: imported, not required (this file is compiled to CommonJS).
const script = () => import("../../scripts/auditShipped.mjs");

const SHIPPED = new Set(["typescript", "vscode-jsonrpc", "@scope/pkg"]);

describe("audit:shipped", () => {
  test("reads the bundled packages from esbuild's banners, scoped ones too", async () => {
    const { BUNDLES, bundledPackages } = await script();
    const text = "// ../main/node_modules/typescript/lib/typescript.js\nvar x;\n// node_modules/@scope/pkg/index.js\n// server/src/cli.ts\n";
    assert.deepEqual([...bundledPackages(text)].sort(), ["@scope/pkg", "typescript"]);
    const cli = bundledPackages(fs.readFileSync(path.join(ROOT, BUNDLES[0]!), "utf8"));
    assert.ok(cli.has("typescript"), "the real CLI bundle names typescript");
  });

  test("high or critical in a shipped package blocks; in a dev-only package it does not", async () => {
    const { judge } = await script();
    const report = { vulnerabilities: { "vscode-jsonrpc": { severity: "high" }, esbuild: { severity: "critical" }, typescript: { severity: "moderate" } } };
    const verdict = judge(report, SHIPPED);
    assert.ok(!("unavailable" in verdict));
    assert.deepEqual(verdict.blocking.map((b) => b.name), ["vscode-jsonrpc"]);
    assert.equal(verdict.inShipped.length, 2);
    assert.equal(verdict.devOnly, 1);
    const clean = judge({ vulnerabilities: { esbuild: { severity: "critical" } } }, SHIPPED);
    assert.ok(!("unavailable" in clean) && clean.blocking.length === 0);
  });

  test("an npm error instead of a report is 'unavailable', never a pass", async () => {
    const { judge } = await script();
    const verdict = judge({ message: "405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk", statusCode: 405 }, SHIPPED);
    assert.ok("unavailable" in verdict);
    assert.match(verdict.unavailable, /405/);
    assert.ok("unavailable" in judge(undefined, SHIPPED));
  });
});
