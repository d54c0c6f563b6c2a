/**
 * Crashes the robustness fuzz found, each reduced to the input shape that caused it.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { SocketGraph } from "../../server/src/analysis/graph";
import { runRules } from "../../server/src/analysis/check";
import { expressionAt } from "../../server/src/analysis/fixes";

function analyze(files: Record<string, string>): { graph: SocketGraph; ruleErrors: string[]; rules: Set<string> } {
  const graph = new SocketGraph();
  for (const [file, text] of Object.entries(files)) graph.loadFile(file, text);
  const snapshot = graph.analyzeAll();
  const ruleErrors: string[] = [];
  const findings = runRules(snapshot, graph, { onRuleError: (rule, err) => ruleErrors.push(`${rule}: ${(err as Error).message}`) });
  return { graph, ruleErrors, rules: new Set(findings.map((f) => f.rule)) };
}

describe("crashes found by the fuzz test", () => {
  // Seed 2, iteration 422: a generated line chaining 10,000 calls. Rules look up the syntax behind a use
  // (nodeAt) by walking down to it; the walk recursed once per level and overflowed the stack, so the
  // rule threw and every socket of the group lost that rule's findings.
  test("a use at the bottom of a 10,000-call chain: no rule throws, the rules report as for a short chain", () => {
    const chained = (calls: number): string => `import * as zmq from "zeromq";

const noop = (): void => undefined;
const push = new zmq.Push();
push.connect("tcp://localhost:5555");
push.send("one")${".then(noop)".repeat(calls)};
`;
    const deep = analyze({ "/ws/src/chained.ts": chained(10_000) });
    assert.deepEqual(deep.ruleErrors, []);
    const short = analyze({ "/ws/src/chained.ts": chained(3) });
    assert.ok(short.rules.has("unhandled-error"), `the rule that crashed reports on the short chain: ${[...short.rules].join(", ")}`);
    assert.deepEqual([...deep.rules].sort(), [...short.rules].sort());
  });

  test("expressionAt finds a call under 10,000 levels of chaining", () => {
    const graph = new SocketGraph();
    const text = `const x = f()${".then(g)".repeat(10_000)};\n`;
    graph.loadFile("/ws/src/deep.ts", text);
    const sf = graph.sourceFile("/ws/src/deep.ts")!;
    const found = expressionAt(sf, { file: sf.fileName, line: 1, column: 11, endLine: 1, endColumn: 11 });
    assert.ok(found, "the outermost call at 1:11");
    assert.equal(found.end, text.indexOf(";"));
  });
});

test("a file whose analysis runs past the time budget is skipped with one problem naming it; the others are analyzed", () => {
  // Thousands of sockets in one generated file: far more work than a budget of a few milliseconds.
  const generated = "/ws/src/generated.ts";
  const client = "/ws/src/client.ts";
  const lines = Array.from({ length: 3000 }, (_, i) => `export const s${i} = new zmq.Dealer();\ns${i}.connect("tcp://127.0.0.1:${20000 + i}");`);
  const graph = new SocketGraph({ fileBudgetMs: 20 });
  graph.loadFile(generated, `import * as zmq from "zeromq";\n${lines.join("\n")}\n`);
  graph.loadFile(client, `import * as zmq from "zeromq";\nconst req = new zmq.Request({ linger: 0, receiveTimeout: 1000 });\nreq.connect("tcp://127.0.0.1:7000");\n`);
  const started = performance.now();
  const snapshot = graph.analyzeAll();
  assert.ok(performance.now() - started < 5_000, "the budget stops the work, not just the report");
  const problems = snapshot.problems.filter((p) => p.file === generated);
  assert.equal(problems.length, 1);
  assert.match(problems[0]!.message, /^skipped: analyzing it took over 20 ms/);
  assert.deepEqual(snapshot.sockets.map((s) => s.location.file), [client]);
});
