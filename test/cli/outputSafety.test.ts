/**
 * Hostile strings from the analyzed workspace — file names and endpoint literals with quotes,
 * backslashes, newlines, `</script>`, `${}`, a right-to-left override, emoji, terminal escape sequences,
 * very long strings, odd identifiers — reach the reports. JSON and SARIF must carry them exactly (and
 * still parse and validate); the text report must neutralize control characters instead of handing them
 * to the terminal; every path must stay relative to the working directory (the analyzed root here).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { runCli } from "../helpers/cli";
import { sarifSchemaErrors } from "../helpers/sarif";

const ESC = "\u001b";
const RLO = "\u202e";
/** The evaluated endpoint: every kind of hostile character at once. */
const ENDPOINT = `tcp://h-${ESC}[31mRED${ESC}[0m-${ESC}]0;title\u0007-${ESC}[2J-"q"-\\b-\n-</script>-\${x}-${RLO}lrt-😀:5555`;
/** The same endpoint as JavaScript source (a string literal with escapes). */
const ENDPOINT_SOURCE = JSON.stringify(ENDPOINT).replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
const LONG_ENDPOINT = `ipc:///tmp/${"x".repeat(5000)}`;
const HOLDER = "$weird_ǅ_名前";
/** A file name with a quote, a backslash (a plain character on POSIX), `${}`, an RLO and an emoji. */
const HOSTILE_DIR = `dir "q"`;
const HOSTILE_FILE = `${HOSTILE_DIR}/we\\ird \${x} ${RLO}evil😀.ts`;
/** A file the CLI can only complain about (on stderr), named with escape sequences. */
const BROKEN_FILE = `broken${ESC}[2J${ESC}]0;t\u0007${RLO}.ts`;

/** What the reporter's own colors may print; anything else after an ESC came from the analyzed code. */
const OWN_COLOR = /^\u001b\[(?:1|2|22|31|32|33|36|39)m/;
const RAW_UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function writeWorkspace(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "zmq-output-")));
  const files: Record<string, string> = {
    [HOSTILE_FILE]: `import * as zmq from "zeromq";\nconst ${HOLDER} = new zmq.Publisher();\n${HOLDER}.bind(${ENDPOINT_SOURCE});\n`,
    "long.ts": `import * as zmq from "zeromq";\nconst pub = new zmq.Publisher();\npub.bind(${JSON.stringify(LONG_ENDPOINT)});\n`,
    [BROKEN_FILE]: `import * as zmq from "zeromq";\nconst s = new zmq.Push(;\n`,
  };
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** A path as printed must stay under the root it is relative to. */
function assertRelativeInside(p: string, what: string): void {
  assert.ok(!path.isAbsolute(p) && !/^[a-z]+:/i.test(p), `${what} is relative: ${p}`);
  assert.ok(!p.split("/").includes(".."), `${what} does not climb out of the root: ${p}`);
}

interface JsonDiagnostic {
  rule: string;
  file: string;
  message: string;
  related: { file: string; message: string }[];
}

describe("output safety: hostile strings and paths", () => {
  let root: string;

  before(() => {
    root = writeWorkspace();
  });

  after(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  test("json: parses, carries file names and endpoints exactly, paths relative and inside the root", () => {
    const r = runCli(["check", ".", "--format", "json"], root);
    assert.equal(r.status, 1, r.stderr);
    const diagnostics = (JSON.parse(r.stdout) as { diagnostics: JsonDiagnostic[] }).diagnostics;
    const hostile = diagnostics.find((d) => d.file === HOSTILE_FILE);
    assert.ok(hostile, `a diagnostic in ${JSON.stringify(HOSTILE_FILE)}; files: ${JSON.stringify(diagnostics.map((d) => d.file))}`);
    assert.ok(hostile.message.includes(ENDPOINT), `the endpoint round-trips: ${JSON.stringify(hostile.message)}`);
    assert.ok(hostile.message.includes(HOLDER), "the holder name round-trips");
    const long = diagnostics.find((d) => d.file === "long.ts");
    assert.ok(long?.message.includes(LONG_ENDPOINT), "a 5000-character endpoint is not cut in JSON");
    for (const d of diagnostics) {
      assertRelativeInside(d.file, "file");
      for (const rel of d.related) assertRelativeInside(rel.file, "related file");
    }
    assert.ok(!r.stdout.includes(root), "the machine's path of the workspace appears nowhere");
  });

  test("json from the parent folder: paths start with the analyzed folder, still no absolute path", () => {
    const r = runCli(["check", path.basename(root), "--format", "json"], path.dirname(root));
    const diagnostics = (JSON.parse(r.stdout) as { diagnostics: JsonDiagnostic[] }).diagnostics;
    assert.ok(diagnostics.some((d) => d.file === `${path.basename(root)}/${HOSTILE_FILE}`));
    for (const d of diagnostics) assertRelativeInside(d.file, "file");
    assert.ok(!r.stdout.includes(root));
  });

  test("sarif: validates, carries messages exactly, artifact URIs relative to %SRCROOT% and decoding to the real file", () => {
    const r = runCli(["check", ".", "--format", "sarif"], root);
    assert.equal(r.status, 1, r.stderr);
    const log = JSON.parse(r.stdout);
    assert.deepEqual(sarifSchemaErrors(log), []);
    const run = log.runs[0];
    // No absolute path at all unless asked for (--absolute-paths): the base is described, not named.
    assert.equal(run.originalUriBaseIds["%SRCROOT%"].uri, undefined);
    assert.ok(!r.stdout.includes(root), "the machine's path of the workspace appears nowhere");
    const locations: { uri: string; uriBaseId?: string }[] = [];
    for (const result of run.results) {
      for (const l of [...result.locations, ...result.relatedLocations]) locations.push(l.physicalLocation.artifactLocation);
      for (const fix of result.fixes ?? []) for (const change of fix.artifactChanges) locations.push(change.artifactLocation);
    }
    assert.ok(locations.length > 0);
    for (const loc of locations) {
      assert.equal(loc.uriBaseId, "%SRCROOT%", loc.uri);
      assertRelativeInside(decodeURIComponent(loc.uri), "artifact URI");
      assert.ok(fs.existsSync(path.join(root, decodeURIComponent(loc.uri))), `${loc.uri} names a real file`);
    }
    const hostile = run.results.find((x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
      decodeURIComponent(x.locations[0]!.physicalLocation.artifactLocation.uri) === HOSTILE_FILE);
    assert.ok(hostile, "a result in the hostile file");
    assert.ok(hostile.message.text.includes(ENDPOINT), "the endpoint round-trips in the SARIF message");
  });

  test("text: control and bidi characters from the code are escaped, not sent to the terminal", () => {
    for (const color of ["--no-color", "--color"]) {
      const r = runCli(["check", ".", color], root);
      assert.equal(r.status, 1, r.stderr);
      const escapes = [...r.stdout.matchAll(/\u001b/g)].map((m) => r.stdout.slice(m.index));
      for (const rest of escapes) assert.match(rest, OWN_COLOR, `${color}: only the reporter's own colors: ${JSON.stringify(rest.slice(0, 12))}`);
      const uncolored = r.stdout.replace(new RegExp(OWN_COLOR.source.slice(1), "g"), "");
      assert.doesNotMatch(uncolored, RAW_UNPRINTABLE, `${color}: ${JSON.stringify(uncolored.match(RAW_UNPRINTABLE)?.[0])}`);
      assert.ok(uncolored.includes("\\u001b[31mRED\\u001b[0m"), `${color}: the sequence is shown escaped`);
      assert.ok(uncolored.includes(`${HOSTILE_DIR}/we\\ird \${x} \\u202eevil😀.ts:3:1`), `${color}: the file name is shown, RLO escaped`);
      assert.ok(uncolored.includes(HOLDER) && uncolored.includes("</script>-${x}"), `${color}: printable characters are kept`);
    }
    for (const format of ["graph", "check"]) {
      const r = runCli([format, "."], root);
      // stderr names the unparsable file: its escape sequences are escaped too
      assert.match(r.stderr, /broken\\u001b\[2J\\u001b\]0;t\\u0007\\u202e\.ts: syntax error/, r.stderr);
      assert.doesNotMatch(r.stderr + r.stdout, RAW_UNPRINTABLE);
    }
  });
});

describe("--fix writes to the file it analyzed", () => {
  test("a file named a\\b.ts (legal on POSIX) is fixed in place; a/b.ts is left alone", () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "zmq-fix-")));
    try {
      const backslashed = path.join(dir, "a\\b.ts");
      const slashed = path.join(dir, "a", "b.ts");
      fs.mkdirSync(path.dirname(slashed));
      fs.writeFileSync(slashed, "export const untouched = 1;\n");
      const original = `import * as zmq from "zeromq";\nconst pub = new zmq.Publisher();\npub.bind("tcp://127.0.0.1:7001");\npub.send("x");\n`;
      fs.writeFileSync(backslashed, original);
      const r = runCli(["check", ".", "--fix", "--format", "json"], dir);
      assert.ok(r.status === 0 || r.status === 1, r.stderr);
      assert.equal(fs.readFileSync(slashed, "utf8"), "export const untouched = 1;\n", "the other file is not written");
      assert.notEqual(fs.readFileSync(backslashed, "utf8"), original, "the analyzed file got the linger fix");
      assert.match(fs.readFileSync(backslashed, "utf8"), /linger/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
