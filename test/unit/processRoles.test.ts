/**
 * Which programs run as several processes (ZmqSocket.multiProcess), and which code never runs in one
 * process with other code (SocketGraph.neverInOneProcess): the facts tcp-within-process and
 * inproc-across-processes use to tell the roles of one program apart.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { scanText } from "../../server/src/analysis/imports";
import { ts } from "../../server/src/analysis/ts";
import { analyze, type Project } from "./helpers/workspace";

/** The two nodes of `file` whose text is exactly `a` and `b` (first occurrences). */
function nodes(project: Project, file: string, a: string, b: string) {
  const { graph } = analyze(project);
  const sf = graph.sourceFile(file)!;
  const find = (text: string): ts.Node => {
    const start = sf.text.indexOf(text);
    assert.ok(start >= 0, `"${text}" not in ${file}`);
    let found: ts.Node | undefined;
    const visit = (n: ts.Node): void => {
      if (n.getStart(sf) === start && n.end === start + text.length) found ??= n;
      n.forEachChild(visit);
    };
    sf.forEachChild(visit);
    assert.ok(found, `no node spans "${text}"`);
    return found;
  };
  return { graph, a: find(a), b: find(b) };
}

function exclusive(text: string, a: string, b: string, strict = false, extra: Record<string, string> = {}): boolean {
  const file = "/ws/src/main.ts";
  const { graph, a: na, b: nb } = nodes({ files: { [file]: text, ...extra } }, file, a, b);
  const result = graph.neverInOneProcess(na, nb, strict);
  assert.equal(graph.neverInOneProcess(nb, na, strict), result, "symmetric");
  return result;
}

describe("process roles", () => {
  test("the text scan flags cluster and child_process forks, not other child processes", () => {
    const flag = (text: string): boolean => scanText(text).startsProcesses;
    assert.equal(flag(`import cluster from "node:cluster";`), true);
    assert.equal(flag(`const cluster = require("cluster");`), true);
    assert.equal(flag(`import { fork } from "child_process";\nfork("./worker.js");`), true);
    assert.equal(flag(`const cp = require("node:child_process");\ncp.spawn(process.execPath, [__filename, "child"]);`), true);
    assert.equal(flag(`import { exec } from "child_process";\nexec("node dist/worker.js");`), true);
    assert.equal(flag(`import { execSync } from "child_process";\nexecSync("git rev-parse HEAD");`), false);
    assert.equal(flag(`import type { ChildProcess } from "child_process";\nconst x = fork;`), false);
    assert.equal(flag(`// cluster.fork() in a comment\nconst x = 1;`), false);
  });

  test("the arms of an if on process.argv never share a process; code before the if shares both", () => {
    const text = `const role = process.argv[2];
setup();
if (role === "server") serve();
else request();
function setup() {}
function serve() {}
function request() {}
`;
    assert.equal(exclusive(text, "serve()", "request()"), true);
    assert.equal(exclusive(text, "setup()", "serve()"), false);
  });

  test("through calls: the functions holding the code are each called from one arm", () => {
    const text = `function serve() { open("rep"); }
function request() { open("req"); }
function open(kind: string) { return kind; }
switch (process.env.ROLE) {
  case "server": serve(); break;
  default: request();
}
`;
    // open() is called from both roles: each call is on its own side.
    assert.equal(exclusive(text, `open("rep")`, `open("req")`), true);
    // A function called from both arms runs in both roles.
    assert.equal(exclusive(text, `return kind;`, `open("req")`), false);
  });

  test("a condition that may change within a process separates nothing", () => {
    const loop = `for (const role of ["a", "b"]) {
  if (role === "a") first();
  else second();
}
function first() {}
function second() {}
`;
    assert.equal(exclusive(loop, "first()", "second()"), false);
    const handler = `process.on("message", (m: { role: string }) => {
  if (m.role === "a") first();
  else second();
});
function first() {}
function second() {}
`;
    assert.equal(exclusive(handler, "first()", "second()"), false);
    const mutable = `let server = process.argv.includes("--server");
if (server) first();
else second();
function first() {}
function second() {}
`;
    assert.equal(exclusive(mutable, "first()", "second()"), false);
  });

  test("strict counts only values that are fixed for the life of a process; loose trusts module-level constants and imports", () => {
    const parsed = `import { parse } from "./args";
const opts = parse(process.argv);
if (opts.server) first();
else second();
function first() {}
function second() {}
`;
    const args = { "/ws/src/args.ts": `export function parse(argv: string[]) { return { server: argv.includes("--server") }; }\n` };
    assert.equal(exclusive(parsed, "first()", "second()", false, args), true);
    assert.equal(exclusive(parsed, "first()", "second()", true, args), false);
    const cluster = `import cluster from "node:cluster";
if (cluster.isPrimary) first();
else second();
function first() {}
function second() {}
`;
    assert.equal(exclusive(cluster, "first()", "second()", true), true);
    const destructured = `const { isMaster } = require("cluster");
const [, , mode = "a"] = process.argv;
if (isMaster && mode === "a") first();
else second();
function first() {}
function second() {}
`;
    assert.equal(exclusive(destructured, "first()", "second()", true), true);
  });

  test("a parameter is fixed only when both sides come through the same call with a fixed argument", () => {
    const body = `function main(role: string) {
  if (role === "server") {
    first();
    return;
  }
  second();
}
function first() {}
function second() {}
`;
    assert.equal(exclusive(`${body}main(process.argv[2]);\n`, "first()", "second()", true), true);
    assert.equal(exclusive(`${body}main("server");\nmain("client");\n`, "first()", "second()"), false);
  });
});
