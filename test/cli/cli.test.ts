import { test, describe } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT, runCli } from "../helpers/cli";
import { sarifSchemaErrors } from "../helpers/sarif";

function tempWorkspace(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zmq-cli-"));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const REQ_TO_DEALER = {
  "server.ts": `import * as zmq from "zeromq";\nconst backend = new zmq.Dealer();\nawait backend.bind("tcp://127.0.0.1:7001");\n`,
  "client.ts": `import * as zmq from "zeromq";\nconst req = new zmq.Request({ receiveTimeout: 1000 });\nreq.connect("tcp://localhost:7001");\n`,
};

describe("graph", () => {
  test("json output on examples/ equals the reviewed golden file", () => {
    const r = runCli(["graph", "examples", "--format", "json"]);
    assert.equal(r.status, 0, r.stderr);
    const golden = fs.readFileSync(path.join(ROOT, "test/golden/examples.graph.json"), "utf8");
    assert.deepEqual(JSON.parse(r.stdout), JSON.parse(golden));
  });

  test("json output has the documented shape: relative paths, 1-based positions, ids used by links", () => {
    const r = runCli(["graph", "examples", "--format", "json"]);
    const graph = JSON.parse(r.stdout);
    assert.equal(graph.version, 1);
    const ids = new Set(graph.sockets.map((s: { id: string }) => s.id));
    assert.equal(ids.size, graph.sockets.length, "ids are unique");
    for (const s of graph.sockets) {
      assert.deepEqual(Object.keys(s), ["id", "type", "file", "line", "column", "component", "binds", "connects", "options"]);
      assert.ok(!path.isAbsolute(s.file) && !s.file.includes("\\"), s.file);
      assert.ok(s.line >= 1 && s.column >= 1);
    }
    for (const l of graph.links) {
      assert.deepEqual(Object.keys(l), ["from", "to", "endpoint", "compatible"]);
      assert.ok(ids.has(l.from) && ids.has(l.to), `${l.from} -> ${l.to}`);
    }
  });

  test("the sample's planted REQ→DEALER link is the only incompatible link", () => {
    const graph = JSON.parse(runCli(["graph", "examples", "--format", "json"]).stdout);
    const bad = graph.links.filter((l: { compatible: boolean }) => !l.compatible);
    assert.equal(bad.length, 1);
    assert.equal(bad[0].from, "examples/src/monitoring_agent/main.ts:20:34");
    assert.equal(bad[0].to, "examples/src/message_broker/broker.ts:14:21");
  });

  test("paths are relative to the working directory", () => {
    const r = runCli(["graph", ".", "--format", "json"], path.join(ROOT, "examples"));
    const graph = JSON.parse(r.stdout);
    assert.ok(graph.sockets.some((s: { file: string }) => s.file === "src/message_broker/broker.ts"));
  });

  test("text output shows programs, sockets, endpoints and peers", () => {
    const r = runCli(["graph", "examples"]);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^src\/message_broker\/main$/m);
    assert.match(r.stdout, /ROUTER\s+this\.frontend\s+examples\/src\/message_broker\/broker\.ts:13:22/);
    assert.match(r.stdout, /bind\s+tcp:\/\/0\.0\.0\.0:5555/);
    assert.match(r.stdout, /→ DEALER this\.backend .*✗ incompatible/);
    assert.doesNotMatch(r.stdout, /\u001b\[/, "no colors when not a TTY");
  });

  test("dot and mermaid draw every socket and link, incompatible links in red", () => {
    const graph = JSON.parse(runCli(["graph", "examples", "--format", "json"]).stdout);
    const dot = runCli(["graph", "examples", "--format", "dot"]).stdout;
    assert.match(dot, /^digraph zmq_topology \{/);
    assert.equal((dot.match(/ -> /g) ?? []).length, graph.links.length);
    assert.equal((dot.match(/\bcolor="red"/g) ?? []).length, 1);
    assert.equal((dot.match(/^\s+s\d+ \[label=/gm) ?? []).length, graph.sockets.length);
    const mermaid = runCli(["graph", "examples", "--format", "mermaid"]).stdout;
    assert.match(mermaid, /^flowchart LR/);
    assert.equal((mermaid.match(/-\.?->\|/g) ?? []).length, graph.links.length);
    assert.match(mermaid, /linkStyle \d+ stroke:#d00/);
  });
});

describe("check", () => {
  test("exit 1 with the incompatible link reported at the call site and related locations", () => {
    const r = runCli(["check", "examples", "--format", "json"]);
    assert.equal(r.status, 1);
    const report = JSON.parse(r.stdout);
    assert.equal(report.version, 1);
    const d = report.diagnostics.find((x: { rule: string }) => x.rule === "incompatible-socket-types");
    assert.ok(d, r.stdout);
    assert.equal(d.severity, "error");
    assert.equal(d.file, "examples/src/monitoring_agent/main.ts");
    assert.equal(d.line, 20);
    assert.match(d.message, /REQ socket connects to a DEALER socket/);
    assert.ok(d.related.some((x: { file: string; line: number }) => x.file === "examples/src/message_broker/broker.ts" && x.line === 24));
  });

  test("exit 0 when nothing is wrong", () => {
    const dir = tempWorkspace({
      "a.ts": `import * as zmq from "zeromq";\nconst rep = new zmq.Reply();\nawait rep.bind("tcp://127.0.0.1:7002");\n`,
      "b.ts": `import * as zmq from "zeromq";\nconst req = new zmq.Request();\nreq.connect("tcp://localhost:7002");\n`,
    });
    const r = runCli(["check", dir]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /No problems found/);
  });

  test("sarif validates against the SARIF 2.1.0 schema and carries the finding", () => {
    const dir = tempWorkspace(REQ_TO_DEALER);
    const r = runCli(["check", ".", "--format", "sarif"], dir);
    assert.equal(r.status, 1);
    const log = JSON.parse(r.stdout);
    assert.deepEqual(sarifSchemaErrors(log), []);
    const result = log.runs[0].results[0];
    assert.equal(result.ruleId, "incompatible-socket-types");
    assert.equal(result.level, "error");
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, "client.ts");
    assert.equal(result.locations[0].physicalLocation.region.startLine, 3);
  });

  test("sarif names no absolute path unless --absolute-paths asks for it, even for files outside the working directory", () => {
    const dir = tempWorkspace(REQ_TO_DEALER);
    const relative = path.relative(ROOT, path.join(dir, "client.ts")).split(path.sep).join("/");
    const r = runCli(["check", dir, "--format", "sarif"], ROOT);
    assert.ok(!r.stdout.includes("file://") && !r.stdout.includes(ROOT), "no absolute path in the report");
    const run = JSON.parse(r.stdout).runs[0];
    assert.deepEqual(sarifSchemaErrors(JSON.parse(r.stdout)), []);
    assert.equal(run.originalUriBaseIds["%SRCROOT%"].uri, undefined);
    const loc = run.results[0].locations[0].physicalLocation.artifactLocation;
    assert.deepEqual([decodeURIComponent(loc.uri), loc.uriBaseId], [relative, "%SRCROOT%"]);

    const absolute = JSON.parse(runCli(["check", dir, "--format", "sarif", "--absolute-paths"], ROOT).stdout).runs[0];
    assert.equal(absolute.originalUriBaseIds["%SRCROOT%"].uri, pathToFileURL(ROOT + "/").href);
    const abs = absolute.results[0].locations[0].physicalLocation.artifactLocation;
    assert.equal(abs.uri, pathToFileURL(path.join(dir, "client.ts")).href);
    assert.equal(abs.uriBaseId, undefined);
  });

  test("zmq-topology.json can turn a rule off; a bad value is named and the default used", () => {
    const off = tempWorkspace({ ...REQ_TO_DEALER, "zmq-topology.json": `{"rules": {"incompatible-socket-types": "off"}}` });
    assert.equal(runCli(["check", off]).status, 0);
    const bad = tempWorkspace({ ...REQ_TO_DEALER, "zmq-topology.json": `{"rules": {"incompatible-socket-types": "loud", "no-such-rule": "off"}}` });
    const r = runCli(["check", bad]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /"rules\.incompatible-socket-types" must be .* got "loud"; using the default/);
    assert.match(r.stderr, /unknown rule "rules\.no-such-rule"/);
    const broken = tempWorkspace({ ...REQ_TO_DEALER, "cfg.json": "{ not json" });
    const r2 = runCli(["check", broken, "--config", path.join(broken, "cfg.json")]);
    assert.equal(r2.status, 1);
    assert.match(r2.stderr, /cfg\.json: not valid JSON/);
  });
});

describe("usage errors and bad input", () => {
  const usage: Array<[string, string[], RegExp]> = [
    ["no command", [], /missing command/],
    ["unknown command", ["lint", "."], /unknown command 'lint'/],
    ["unknown flag", ["graph", ".", "--fast"], /unknown option '--fast'/],
    ["unknown format", ["check", ".", "--format", "dot"], /unknown format 'dot' for 'check'/],
    ["no path", ["graph"], /needs at least one path/],
    ["missing path", ["graph", "does/not/exist"], /path not found: does\/not\/exist/],
    ["flag without value", ["graph", ".", "--format"], /--format needs a value/],
  ];
  for (const [name, args, message] of usage) {
    test(`${name}: exit 2 with one line and no stack trace`, () => {
      const r = runCli(args);
      assert.equal(r.status, 2);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    });
  }

  test("--help and --version", () => {
    const help = runCli(["--help"]);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /zmq-topology graph <path\.\.\.>/);
    const version = runCli(["--version"]);
    assert.equal(version.stdout.trim(), JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version);
  });

  test("an unwritable --output is a usage error", () => {
    const r = runCli(["graph", "examples", "--output", "/nonexistent-dir/out.json"]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /cannot write \/nonexistent-dir\/out\.json: ENOENT/);
  });

  test("a file instead of a folder is analyzed on its own", () => {
    const dir = tempWorkspace(REQ_TO_DEALER);
    const graph = JSON.parse(runCli(["graph", "client.ts", "--format", "json"], dir).stdout);
    assert.deepEqual(graph.sockets.map((s: { id: string }) => s.id), ["client.ts:2:13"]);
  });

  test("UTF-16 files with a byte-order mark are read, not skipped as binary", () => {
    const text = REQ_TO_DEALER["client.ts"];
    const dir = tempWorkspace({ "server.ts": REQ_TO_DEALER["server.ts"], "client.ts": Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]) });
    const r = runCli(["graph", ".", "--format", "json"], dir);
    assert.equal(r.stderr, "");
    assert.deepEqual(JSON.parse(r.stdout).links.map((l: { from: string }) => l.from), ["client.ts:2:13"]);
  });

  test("binary, unparsable and unreadable files get one line each; the rest is still analyzed", () => {
    const dir = tempWorkspace({
      ...REQ_TO_DEALER,
      "blob.js": Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02]),
      "broken.ts": `import * as zmq from "zeromq";\nconst s = new zmq.Push(;\ns.bind("tcp://*:7003"\n`,
      "secret.ts": `import * as zmq from "zeromq";\n`,
    });
    fs.chmodSync(path.join(dir, "secret.ts"), 0o000);
    const r = runCli(["graph", ".", "--format", "json"], dir);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stderr.trim().split("\n");
    assert.ok(lines.some((l) => /^zmq-topology: blob\.js: skipped: binary content/.test(l)), r.stderr);
    assert.ok(lines.some((l) => /^zmq-topology: broken\.ts: syntax error at 2:\d+/.test(l)), r.stderr);
    const unreadable = lines.some((l) => /^zmq-topology: secret\.ts: skipped: cannot read \(EACCES\)/.test(l));
    // root can read anything: only require the line when the permission actually bites
    if (process.getuid?.() !== 0) assert.ok(unreadable, r.stderr);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
    const graph = JSON.parse(r.stdout);
    assert.deepEqual(graph.links.map((l: { from: string; to: string }) => `${l.from} -> ${l.to}`), ["client.ts:2:13 -> server.ts:2:17"]);
  });
});
