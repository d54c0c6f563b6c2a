/**
 * Every project under test/fixtures/rules/ is checked through the CLI, as CI would: its
 * expected.json lists the findings it must produce, no more and no fewer, for the rules it names.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";
import { ROOT, runCli } from "../helpers/cli";

interface Expected {
  /** Rules whose findings are compared; every rule when absent. */
  rules?: string[];
  /** `rule file:line` (file relative to the project), optionally followed by ` severity`. */
  findings: string[];
}

const FIXTURES = path.join(ROOT, "test/fixtures/rules");

describe("rule fixtures through the CLI", () => {
  for (const name of fs.readdirSync(FIXTURES).sort()) {
    const dir = path.join(FIXTURES, name);
    if (!fs.statSync(dir).isDirectory()) continue;
    test(name, () => {
      const expected = JSON.parse(fs.readFileSync(path.join(dir, "expected.json"), "utf8")) as Expected;
      const r = runCli(["check", ".", "--format", "json"], dir);
      assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
      const report = JSON.parse(r.stdout) as { diagnostics: { rule: string; file: string; line: number; severity: string }[] };
      const withSeverity = new Set(expected.findings.filter((f) => f.split(" ").length > 2).map((f) => f.split(" ").slice(0, 2).join(" ")));
      const actual = report.diagnostics
        .filter((d) => !expected.rules || expected.rules.includes(d.rule))
        .map((d) => {
          const key = `${d.rule} ${d.file}:${d.line}`;
          return withSeverity.has(key) ? `${key} ${d.severity}` : key;
        })
        .sort();
      assert.deepEqual(actual, [...expected.findings].sort());
    });
  }
});
