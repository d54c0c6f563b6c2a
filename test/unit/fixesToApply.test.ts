import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Finding, TextEdit } from "../../server/src/analysis/diagnostics";
import { applyEdits, fixesToApply } from "../../server/src/analysis/fixes";

const F = "/ws/src/client.ts";
const loc = { file: F, line: 1, column: 1, endLine: 1, endColumn: 2 };

function finding(rule: string, edits: TextEdit[]): Finding {
  return { rule, severity: "warning", location: loc, message: rule, related: [], fixes: [{ title: rule, kind: "quickfix", edits }] };
}

describe("fixesToApply", () => {
  test("two different insertions at one point: only the first fix applies in this round", () => {
    const text = `const req = new zmq.Request();`;
    const at = text.indexOf(")");
    const { byFile, count } = fixesToApply([
      finding("missing-timeout", [{ file: F, start: at, end: at, newText: "{ receiveTimeout: 5000 }" }]),
      finding("missing-linger", [{ file: F, start: at, end: at, newText: "{ linger: 0 }" }]),
    ]);
    assert.equal(count, 1, "the second fix waits for the next round");
    const edits = byFile.get(F) ?? [];
    assert.equal(applyEdits(text, edits).text, `const req = new zmq.Request({ receiveTimeout: 5000 });`);
  });

  test("the same insertion offered twice applies once; insertions at different points all apply", () => {
    const text = `a;b;`;
    const { byFile } = fixesToApply([
      finding("r1", [{ file: F, start: 2, end: 2, newText: "x;" }]),
      finding("r2", [{ file: F, start: 2, end: 2, newText: "x;" }]),
      finding("r3", [{ file: F, start: 4, end: 4, newText: "y;" }]),
    ]);
    assert.equal(applyEdits(text, byFile.get(F) ?? []).text, `a;x;b;y;`);
  });
});
