/** The rule catalog as a user meets it: the sample system's report and `check --fix`. */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, test } from "node:test";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import { ts } from "../../server/src/analysis/ts";
import { ROOT, runCli } from "../helpers/cli";

interface Diagnostic { rule: string; file: string; line: number; severity: string; fixable: boolean; docs: string; message: string }

function report(args: string[], cwd = ROOT): Diagnostic[] {
  const r = runCli(["check", ...args, "--format", "json"], cwd);
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  return (JSON.parse(r.stdout) as { diagnostics: Diagnostic[] }).diagnostics;
}

describe("the sample system", () => {
  test("npm start reports each planted defect and nothing on the correct parts", () => {
    const found = report(["examples"]).map((d) => `${d.rule} ${d.file}:${d.line} ${d.severity}`).filter((f) => !f.startsWith("topology-drift "));
    assert.deepEqual(found, [
      "exposed-without-security examples/src/message_broker/broker.ts:23 warning",
      "tcp-within-process examples/src/message_broker/internal_bus.ts:23 warning",
      "missing-timeout examples/src/monitoring_agent/main.ts:18 warning",
      "missing-linger examples/src/monitoring_agent/main.ts:18 information",
      "incompatible-socket-types examples/src/monitoring_agent/main.ts:20 error",
    ]);
  });

  test("npm start also reports where the sample drifts from examples/topology.zmqtopo: at the defects, at both ends, and nowhere else", () => {
    const found = report(["examples"]).filter((d) => d.rule === "topology-drift").map((d) => `${d.file}:${d.line} ${d.message}`);
    assert.deepEqual(found, [
      // Defect 1: CURVE declared for the frontend, its clients and the broker probe.
      "examples/src/client/main.ts:23 client.socket must use CURVE, but the code gives REQ socket `this.socket` no security (NULL).",
      "examples/src/message_broker/broker.ts:13 broker.frontend must use CURVE, but the code gives ROUTER socket `this.frontend` no security (NULL).",
      // Defect 2: the event stream is declared on inproc.
      "examples/src/message_broker/internal_bus.ts:23 PUSH socket `this.socket` binds tcp://127.0.0.1:5560, but broker.events_out declares inproc://broker-events.",
      "examples/src/message_broker/internal_bus.ts:54 PULL socket `this.socket` connects to tcp://localhost:5560, but broker.events_in declares inproc://broker-events.",
      "examples/src/monitoring_agent/main.ts:18 monitor.brokerProbe must use CURVE, but the code gives REQ socket `this.brokerProbe` no security (NULL).",
      // Defect 3: the probe's timeout policy.
      "examples/src/monitoring_agent/main.ts:18 monitor.brokerProbe requires receiveTimeout <= 5000, but the code leaves it at libzmq's default, -1 (no limit).",
      // Defect 4: a socket nobody designed (its connection is not reported again).
      "examples/src/monitoring_agent/main.ts:20 REQ socket `this.workerProbe` is not declared in component monitor of topology.zmqtopo.",
      "examples/topology.zmqtopo:12 broker.frontend must use CURVE, but the code gives ROUTER socket `this.frontend` no security (NULL).",
      "examples/topology.zmqtopo:24 broker.events_out should bind inproc://broker-events, but the code never does; it binds tcp://127.0.0.1:5560.",
      "examples/topology.zmqtopo:30 broker.events_in should connect inproc://broker-events, but the code never does; it connects to tcp://localhost:5560.",
      "examples/topology.zmqtopo:52 Program src/monitoring_agent/main also makes REQ socket `this.workerProbe`, which component monitor does not declare.",
      "examples/topology.zmqtopo:57 monitor.brokerProbe must use CURVE, but the code gives REQ socket `this.brokerProbe` no security (NULL).",
      "examples/topology.zmqtopo:58 monitor.brokerProbe requires receiveTimeout <= 5000, but the code leaves it at libzmq's default, -1 (no limit).",
      "examples/topology.zmqtopo:71 client.socket must use CURVE, but the code gives REQ socket `this.socket` no security (NULL).",
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

interface Replacement { deletedRegion: { charOffset: number; charLength: number }; insertedContent: { text: string } }

describe("check --fix keeps each file's encoding", () => {
  test("a UTF-8 file with a byte-order mark and a UTF-16 LE file are written back as they were", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zmq-enc-"));
    const source = (port: number): string => `import * as zmq from "zeromq";\n\nexport async function ask(): Promise<void> {\n  const req = new zmq.Request({ linger: 0 });\n  req.connect("tcp://pricing.internal:${port}");\n  try {\n    await req.send("x");\n    await req.receive();\n  } finally {\n    req.close();\n  }\n}\n`;
    fs.writeFileSync(path.join(dir, "bom.ts"), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(source(6100), "utf8")]));
    fs.writeFileSync(path.join(dir, "wide.ts"), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(source(6101), "utf16le")]));
    const r = runCli(["check", ".", "--fix"], dir);
    assert.match(r.stderr, /fixed 2 problems in 2 files/);
    const bom = fs.readFileSync(path.join(dir, "bom.ts"));
    assert.deepEqual([...bom.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.match(bom.subarray(3).toString("utf8"), /new zmq\.Request\(\{ linger: 0, receiveTimeout: 5000 \}\)/);
    const wide = fs.readFileSync(path.join(dir, "wide.ts"));
    assert.deepEqual([...wide.subarray(0, 2)], [0xff, 0xfe]);
    assert.match(wide.subarray(2).toString("utf16le"), /new zmq\.Request\(\{ linger: 0, receiveTimeout: 5000 \}\)/);
  });
});

describe("check --format sarif with fixes", () => {
  test("a fix is a SARIF fix whose replacements, applied to the file, give the fixed code; the log validates", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zmq-sarif-"));
    const source = `import * as zmq from "zeromq";\n\nexport async function price(symbol: string): Promise<string> {\n  const req = new zmq.Request({ linger: 0 });\n  req.connect("tcp://pricing.internal:6100");\n  try {\n    await req.send(symbol);\n    const [reply] = await req.receive();\n    return reply.toString();\n  } finally {\n    req.close();\n  }\n}\n`;
    fs.writeFileSync(path.join(dir, "client.ts"), source);
    const r = runCli(["check", ".", "--format", "sarif"], dir);
    assert.equal(r.status, 1, r.stderr);
    const log = JSON.parse(r.stdout) as { runs: { results: { ruleId: string; fixes: { artifactChanges: { artifactLocation: { uri: string }; replacements: Replacement[] }[] }[] }[] }[] };
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8")));
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    const result = log.runs[0]!.results.find((x: { ruleId: string }) => x.ruleId === "missing-timeout");
    assert.ok(result, "missing-timeout reported");
    const change = result.fixes[0]?.artifactChanges[0];
    assert.equal(change?.artifactLocation.uri, "client.ts");
    let text = source;
    for (const rep of [...change!.replacements].sort((a, b) => b.deletedRegion.charOffset - a.deletedRegion.charOffset)) {
      text = text.slice(0, rep.deletedRegion.charOffset) + rep.insertedContent.text + text.slice(rep.deletedRegion.charOffset + rep.deletedRegion.charLength);
    }
    assert.match(text, /new zmq\.Request\(\{ linger: 0, receiveTimeout: 5000 \}\)/);
  });
});

