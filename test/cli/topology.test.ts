/** The CLI with topology files: `init`, `check` discovering or naming one, errors in it, SARIF. */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, test } from "node:test";
import { ROOT, runCli } from "../helpers/cli";
import { sarifSchemaErrors } from "../helpers/sarif";

const FIXTURE = path.join(ROOT, "test/fixtures/rules/topology-drift");

/** A copy of the order-pipeline fixture in a temp dir; without its topology file unless `keep`. */
function workspace(keep = false): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zmqtopo-cli-"));
  fs.cpSync(FIXTURE, dir, { recursive: true });
  fs.rmSync(path.join(dir, "expected.json"));
  if (!keep) fs.rmSync(path.join(dir, "topology.zmqtopo"));
  return dir;
}

interface JsonDiagnostic { rule: string; file: string; line: number; column: number; message: string }

function diagnostics(stdout: string): JsonDiagnostic[] {
  return (JSON.parse(stdout) as { diagnostics: JsonDiagnostic[] }).diagnostics;
}

describe("zmq-topology init", () => {
  test("writes topology.zmqtopo and reports what it wrote", () => {
    const dir = workspace();
    const r = runCli(["init", "."], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, "");
    assert.equal(r.stderr, "zmq-topology: wrote topology.zmqtopo: 3 components, 7 sockets, 2 links\n");
    const text = fs.readFileSync(path.join(dir, "topology.zmqtopo"), "utf8");
    assert.match(text, /^topology "order-pipeline"$/m);
    assert.match(text, /^component gateway \{\n {2}program "src\/gateway\/main"$/m);
  });

  test("refuses to overwrite without --force", () => {
    const dir = workspace(true);
    const before = fs.readFileSync(path.join(dir, "topology.zmqtopo"), "utf8");
    const r = runCli(["init", "."], dir);
    assert.equal(r.status, 2);
    assert.equal(r.stderr, "zmq-topology: topology.zmqtopo already exists: use --force to replace topology.zmqtopo, or --output (see zmq-topology --help)\n");
    assert.equal(fs.readFileSync(path.join(dir, "topology.zmqtopo"), "utf8"), before);
    const forced = runCli(["init", ".", "--force"], dir);
    assert.equal(forced.status, 0, forced.stderr);
    assert.notEqual(fs.readFileSync(path.join(dir, "topology.zmqtopo"), "utf8"), before);
  });

  test("--force never adds a second topology file next to another *.zmqtopo (check would refuse to choose)", () => {
    const dir = workspace(true);
    fs.renameSync(path.join(dir, "topology.zmqtopo"), path.join(dir, "design.zmqtopo"));
    const r = runCli(["init", ".", "--force"], dir);
    assert.equal(r.status, 2);
    assert.equal(r.stderr, "zmq-topology: design.zmqtopo already exists: a second topology file would make 'check' ask which to use; replace it with --output design.zmqtopo, or remove it (see zmq-topology --help)\n");
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith(".zmqtopo")), ["design.zmqtopo"]);
    const replaced = runCli(["init", ".", "--output", "design.zmqtopo"], dir);
    assert.equal(replaced.status, 0, replaced.stderr);
    const check = runCli(["check", ".", "--format", "json"], dir);
    assert.deepEqual(diagnostics(check.stdout).filter((d) => d.rule === "topology-drift"), []);
  });

  test("--output - prints the file to standard output and writes nothing", () => {
    const dir = workspace();
    const r = runCli(["init", ".", "--output", "-"], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, "");
    assert.match(r.stdout, /^# The intended ZeroMQ topology/);
    assert.match(r.stdout, /^link worker\.jobs -> gateway\.work$/m);
    assert.equal(fs.existsSync(path.join(dir, "topology.zmqtopo")), false);
  });
});

describe("zmq-topology check with a topology file", () => {
  test("right after init: no topology-drift finding", () => {
    const dir = workspace();
    assert.equal(runCli(["init", "."], dir).status, 0);
    const r = runCli(["check", ".", "--format", "json"], dir);
    assert.equal(r.stderr, "");
    const all = diagnostics(r.stdout);
    assert.ok(all.length > 0, "other rules still report");
    assert.deepEqual(all.filter((d) => d.rule === "topology-drift"), []);
  });

  test("the fixture's own file is found and reports drift", () => {
    const dir = workspace(true);
    const r = runCli(["check", ".", "--format", "json"], dir);
    const drift = diagnostics(r.stdout).filter((d) => d.rule === "topology-drift");
    assert.equal(drift.length, 17);
    assert.ok(drift.some((d) => d.file === "topology.zmqtopo" && d.line === 48));
  });

  test("--topology names a file elsewhere", () => {
    const dir = workspace();
    const other = path.join(dir, "design", "other.zmqtopo");
    fs.mkdirSync(path.dirname(other));
    fs.writeFileSync(other, "topology \"t\"\n\ncomponent gateway {\n  program \"src/gateway/main\"\n  socket metrics: PUB\n}\n");
    const r = runCli(["check", ".", "--format", "json", "--topology", "design/other.zmqtopo"], dir);
    assert.equal(r.stderr, "");
    const drift = diagnostics(r.stdout).filter((d) => d.rule === "topology-drift");
    // `metrics: PUB` names no holder, yet pairs with `this.audit` by type (the last matching step).
    assert.deepEqual(drift.map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`), [
      "design/other.zmqtopo:1:10 Program src/audit/main makes 2 ZeroMQ sockets but other.zmqtopo declares no component for it: add one (`component ... { program \"src/audit/main\" }`) or remove the code.",
      "design/other.zmqtopo:1:10 Program src/worker/main makes 2 ZeroMQ sockets but other.zmqtopo declares no component for it: add one (`component ... { program \"src/worker/main\" }`) or remove the code.",
      "design/other.zmqtopo:3:11 Program src/gateway/main also makes ROUTER socket `this.orders`, which component gateway does not declare.",
      "design/other.zmqtopo:3:11 Program src/gateway/main also makes PUSH socket `this.work`, which component gateway does not declare.",
      "src/audit/main.ts:4:16 SUB socket `stream` of program src/audit/main is not in other.zmqtopo: no component declares that program.",
      "src/audit/main.ts:8:17 REP socket `control` of program src/audit/main is not in other.zmqtopo: no component declares that program.",
      "src/gateway/main.ts:5:29 ROUTER socket `this.orders` is not declared in component gateway of other.zmqtopo.",
      "src/gateway/main.ts:6:27 PUSH socket `this.work` is not declared in component gateway of other.zmqtopo.",
      "src/worker/main.ts:5:14 PULL socket `jobs` of program src/worker/main is not in other.zmqtopo: no component declares that program.",
      "src/worker/main.ts:9:14 SUB socket `peek` of program src/worker/main is not in other.zmqtopo: no component declares that program.",
    ]);
  });

  test("two topology files in the folder: exit 2 naming both", () => {
    const dir = workspace(true);
    fs.copyFileSync(path.join(dir, "topology.zmqtopo"), path.join(dir, "another.zmqtopo"));
    const r = runCli(["check", "."], dir);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, "");
    assert.equal(r.stderr, "zmq-topology: several topology files in . (another.zmqtopo, topology.zmqtopo): name one with --topology (see zmq-topology --help)\n");
  });

  test("a syntax error: printed as file:line:col: error: message, exit 2, other findings still reported", () => {
    const dir = workspace(true);
    const file = path.join(dir, "topology.zmqtopo");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("  socket metrics: PUB {", "  socket metrics PUB {"));
    const r = runCli(["check", ".", "--format", "json"], dir);
    assert.equal(r.status, 2);
    const lines = r.stderr.split("\n").filter((l) => l.startsWith("topology.zmqtopo:"));
    assert.deepEqual(lines, ["topology.zmqtopo:24:17: error: expected ':' after socket role, found 'PUB'"], r.stderr);
    const all = diagnostics(r.stdout);
    assert.ok(all.some((d) => d.rule === "topology-drift" && d.file === "src/worker/main.ts"), "drift is still reported");
    assert.ok(all.some((d) => d.rule !== "topology-drift"), "other rules still report");
  });

  test("SARIF: topology-drift results point into the .zmqtopo file by relative URI, and validate", () => {
    const dir = workspace(true);
    const r = runCli(["check", ".", "--format", "sarif"], dir);
    assert.equal(r.status, 1, r.stderr);
    const log = JSON.parse(r.stdout);
    assert.deepEqual(sarifSchemaErrors(log), []);
    interface Result { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[]; relatedLocations?: { physicalLocation: { artifactLocation: { uri: string } } }[] }
    const results = (log.runs[0].results as Result[]).filter((x) => x.ruleId === "topology-drift");
    assert.equal(results.length, 17);
    const inTopology = results.filter((x) => x.locations[0]!.physicalLocation.artifactLocation.uri === "topology.zmqtopo");
    assert.deepEqual(inTopology.map((x) => x.locations[0]!.physicalLocation.region.startLine).sort((a, b) => a - b), [10, 12, 24, 29, 32, 35, 39, 43, 48, 49]);
    assert.ok(results.every((x) => [...x.locations, ...(x.relatedLocations ?? [])].every((l) => !path.isAbsolute(l.physicalLocation.artifactLocation.uri) && !l.physicalLocation.artifactLocation.uri.startsWith("file:"))));
  });
});
