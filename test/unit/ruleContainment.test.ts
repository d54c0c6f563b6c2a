// A rule that throws on some input loses its findings for the sockets it was checking, and nothing else.
import { test } from "node:test";
import assert from "node:assert/strict";
import { runRules } from "../../server/src/analysis/check";
import { SocketGraph } from "../../server/src/analysis/graph";
import { RULES } from "../../server/src/analysis/rules";

const TICKER = "/ws/src/ticker.ts";
const QUOTES = "/ws/src/quotes.ts";
// Two unrelated programs, each with a SUB that never subscribes and a REQ with no receive timeout.
const program = (port: number): string =>
  `import { Subscriber, Request } from "zeromq";\n\n` +
  `export async function main(): Promise<void> {\n` +
  `  const feed = new Subscriber({ linger: 0 });\n  feed.connect("tcp://127.0.0.1:${port}");\n` +
  `  const ask = new Request({ linger: 0 });\n  ask.connect("tcp://127.0.0.1:${port + 1}");\n` +
  `  await ask.send("hello");\n  await ask.receive();\n}\n`;

test("a rule that throws for one group is logged with the rule and files; its other groups and other rules keep their findings", () => {
  const graph = new SocketGraph();
  graph.loadFile(TICKER, program(7600));
  graph.loadFile(QUOTES, program(7700));
  const snapshot = graph.analyzeAll();
  const rule = RULES.find((r) => r.meta.id === "sub-without-subscribe")!;
  const original = rule.check;
  const errors: { rule: string; files: readonly string[] }[] = [];
  rule.check = (ctx) => {
    if (ctx.snapshot.sockets.some((s) => s.location.file === TICKER)) throw new Error("boom on unexpected input");
    return original(ctx);
  };
  try {
    const findings = runRules(snapshot, graph, { onRuleError: (id, _err, files) => errors.push({ rule: id, files }) });
    const byFile = (file: string): string[] => findings.filter((f) => f.location.file === file).map((f) => f.rule).sort();
    assert.deepEqual(errors, [{ rule: "sub-without-subscribe", files: [TICKER] }]);
    assert.ok(byFile(QUOTES).includes("sub-without-subscribe"), "the same rule still reports the other program");
    assert.ok(!byFile(TICKER).includes("sub-without-subscribe"), "the failing group lost that rule's findings");
    assert.ok(byFile(TICKER).includes("missing-timeout"), "other rules still report the failing group");
  } finally {
    rule.check = original;
  }
});
