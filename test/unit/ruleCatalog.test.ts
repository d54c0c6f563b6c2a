/** The catalog stays documented: every rule has its page, its row in both indexes, and its options described. */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { RULES } from "../../server/src/analysis/rules";

const ROOT = path.resolve(__dirname, "../..");
const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), "utf8");

test("the catalog's 18 rule ids (issue 3's 17 in its order, then topology-drift), each with metadata that links its page", () => {
  assert.deepEqual(RULES.map((r) => r.meta.id), [
    "incompatible-socket-types", "missing-timeout", "missing-linger", "tcp-within-process", "inproc-across-processes",
    "exposed-without-security", "unmatched-endpoint", "duplicate-bind", "unclosed-socket", "unhandled-error",
    "concurrent-operation", "req-rep-lockstep", "router-unroutable", "sub-without-subscribe", "unsupported-operation",
    "option-after-connect", "missing-envelope-delimiter", "topology-drift",
  ]);
  for (const { meta } of RULES) {
    assert.equal(meta.docsUrl, `https://github.com/zmq-topology/zmq-topology/blob/main/docs/rules/${meta.id}.md`);
    assert.ok(meta.description.length > 20, meta.id);
  }
});

test("every rule's page has the sections users look for and names each of its options", () => {
  for (const { meta } of RULES) {
    const page = read(`docs/rules/${meta.id}.md`);
    assert.match(page, new RegExp(`^# ${meta.id}\\n`), `${meta.id}: title`);
    assert.match(page, new RegExp(`\\*\\*Default severity:\\*\\* ${meta.defaultSeverity}`), `${meta.id}: default severity`);
    for (const section of ["## What it detects", "## Why it matters", "## Options", "## Sources"]) {
      assert.ok(page.includes(section), `${meta.id}: missing "${section}"`);
    }
    for (const option of Object.keys(meta.options ?? {})) assert.ok(page.includes(`\`${option}\``), `${meta.id}: option ${option} undocumented`);
  }
});

test("README.md and docs/rules/README.md list every rule with its default severity", () => {
  const readme = read("README.md");
  const index = read("docs/rules/README.md");
  for (const { meta } of RULES) {
    assert.ok(readme.includes(`| [${meta.id}](docs/rules/${meta.id}.md) | ${meta.defaultSeverity} |`), `README.md: ${meta.id}`);
    assert.ok(index.includes(`| [${meta.id}](${meta.id}.md) | ${meta.defaultSeverity} |`), `docs/rules/README.md: ${meta.id}`);
  }
});
