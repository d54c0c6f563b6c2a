/** The rule catalog as a user meets it: the sample system's report and `check --fix`. */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, test } from "node:test";
import { ts } from "../../server/src/analysis/ts";
import { ROOT, runCli } from "../helpers/cli";

interface Diagnostic { rule: string; file: string; line: number; severity: string; fixable: boolean; docs: string }

function report(args: string[], cwd = ROOT): Diagnostic[] {
  const r = runCli(["check", ...args, "--format", "json"], cwd);
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  return (JSON.parse(r.stdout) as { diagnostics: Diagnostic[] }).diagnostics;
}

describe("the sample system", () => {
  test("npm start reports each planted defect and nothing on the correct parts", () => {
    const found = report(["examples"]).map((d) => `${d.rule} ${d.file}:${d.line} ${d.severity}`);
    assert.deepEqual(found, [
      "exposed-without-security examples/src/message_broker/broker.ts:23 warning",
      "tcp-within-process examples/src/message_broker/internal_bus.ts:23 warning",
      "missing-timeout examples/src/monitoring_agent/main.ts:18 warning",
      "missing-linger examples/src/monitoring_agent/main.ts:18 information",
      "incompatible-socket-types examples/src/monitoring_agent/main.ts:20 error",
    ]);
  });

  test("every diagnostic links its rule's page, which exists", () => {
    for (const d of report(["examples"])) {
      assert.match(d.docs, new RegExp(`/docs/rules/${d.rule}\\.md$`));
      assert.ok(fs.existsSync(path.join(ROOT, "docs/rules", `${d.rule}.md`)), d.rule);
    }
  });
});

describe("check --fix", () => {
  test("writes the fixes, reports what is left, and every file still parses", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zmq-fix-"));
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "quotes", main: "src/main.ts" }));
    fs.mkdirSync(path.join(dir, "src"));
    const client = `import * as zmq from "zeromq";

export async function main(): Promise<void> {
  const pricing = new zmq.Request();
  pricing.connect("tcp://localhost:6100");
  const ticks = new zmq.Subscriber({ linger: 0 });
  ticks.connect("tcp://localhost:6101");
  await pricing.send("AAPL");
  const [price] = await pricing.receive();
  pricing.close();
  for await (const [tick] of ticks) console.log(price, tick);
}
`;
    const server = `import * as zmq from "zeromq";

async function serve(): Promise<void> {
  const rep = new zmq.Reply({ linger: 0 });
  await rep.bind("tcp://127.0.0.1:6100");
  const pub = new zmq.Publisher({ linger: 0 });
  await pub.bind("tcp://127.0.0.1:6101");
  for await (const [symbol] of rep) {
    await rep.send("101.5");
    await pub.send(["tick", symbol]);
  }
}
void serve();
`;
    fs.writeFileSync(path.join(dir, "src/main.ts"), client);
    fs.writeFileSync(path.join(dir, "src/server.ts"), server);
    const before = report(["."], dir).map((d) => d.rule).sort();
    assert.deepEqual(before, ["missing-linger", "missing-timeout", "sub-without-subscribe"]);

    const r = runCli(["check", ".", "--fix"], dir);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stderr, /fixed 3 problems in 1 file/);
    assert.match(r.stdout, /No problems found\./);
    const fixed = fs.readFileSync(path.join(dir, "src/main.ts"), "utf8");
    assert.match(fixed, /new zmq\.Request\(\{ (receiveTimeout: 5000, linger: 0|linger: 0, receiveTimeout: 5000) \}\)/);
    assert.match(fixed, /\n  ticks\.subscribe\(\);\n/);
    assert.equal(fs.readFileSync(path.join(dir, "src/server.ts"), "utf8"), server, "a file without findings is left alone");
    const sf = ts.createSourceFile("main.ts", fixed, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    assert.deepEqual((sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics, []);
    assert.deepEqual(report(["."], dir), []);
  });
});
