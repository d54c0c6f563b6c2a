import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { SocketGraph, type GraphSnapshot } from "../../server/src/analysis/graph";

/**
 * Edits whose effect reaches files through chains the analysis must track: values through config
 * modules, zeromq through barrels, unsaved editor text. Each compares the live graph with a cold one.
 */
const summary = (s: GraphSnapshot): string[] =>
  [...s.sockets.map((x) => `${x.location.file} ${x.type} ${[...x.binds, ...x.connects].map((u) => u.text).join(",")}`), `links=${s.links.length}`];

function cold(files: Record<string, string>, packages: Record<string, string> = {}): GraphSnapshot {
  const g = new SocketGraph();
  for (const [dir, text] of Object.entries(packages)) g.loadPackageJson(dir, text);
  for (const [f, t] of Object.entries(files)) g.loadFile(f, t);
  return g.analyzeAll();
}

describe("incremental updates through chains", () => {
  test("a value two config modules away updates every socket that reads it", () => {
    const files: Record<string, string> = {
      "/w/base.ts": `export const BASE = 5000;\n`,
      "/w/config.ts": `import { BASE } from "./base";\nexport const PORT = BASE + 1;\n`,
      "/w/a.ts": `import * as zmq from "zeromq";\nimport { PORT } from "./config";\nconst s = new zmq.Push();\ns.bind(\`tcp://*:\${PORT}\`);\n`,
      "/w/b.ts": `import * as zmq from "zeromq";\nimport { PORT } from "./config";\nconst s = new zmq.Pull();\ns.connect(\`tcp://localhost:\${PORT}\`);\n`,
    };
    const g = new SocketGraph();
    for (const [f, t] of Object.entries(files)) g.loadFile(f, t);
    g.analyzeAll();
    const changed = g.update("/w/base.ts", `export const BASE = 6000;\n`);
    assert.deepEqual(summary(g.snapshot()), summary(cold({ ...files, "/w/base.ts": `export const BASE = 6000;\n` })));
    assert.deepEqual([...changed].sort(), ["/w/a.ts", "/w/b.ts"]);
  });

  test("a barrel that starts providing zeromq when the file it re-exports appears", () => {
    const files: Record<string, string> = {
      "/w/lib/index.ts": `export * from "./sockets";\n`,
      "/w/app.ts": `import { Push } from "./lib";\nconst s = new Push();\ns.bind("tcp://*:7001");\n`,
    };
    const g = new SocketGraph();
    for (const [f, t] of Object.entries(files)) g.loadFile(f, t);
    assert.equal(g.analyzeAll().sockets.length, 0);
    g.update("/w/lib/sockets.ts", `export * from "zeromq";\n`);
    assert.deepEqual(summary(g.snapshot()), summary(cold({ ...files, "/w/lib/sockets.ts": `export * from "zeromq";\n` })));
    assert.equal(g.snapshot().sockets.length, 1);
  });

  test("a barrel re-exporting a workspace package that gets its name later", () => {
    const files: Record<string, string> = {
      "/w/app.ts": `import { Push } from "./barrel";\nconst s = new Push();\ns.bind("tcp://*:7002");\n`,
      "/w/barrel.ts": `export * from "socks";\n`,
      "/p/index.ts": `export * from "zeromq";\n`,
    };
    const g = new SocketGraph();
    for (const [f, t] of Object.entries(files)) g.loadFile(f, t);
    assert.equal(g.analyzeAll().sockets.length, 0);
    g.updatePackageJson("/p", `{"name":"socks"}`);
    assert.deepEqual(summary(g.snapshot()), summary(cold(files, { "/p": `{"name":"socks"}` })));
    assert.equal(g.snapshot().sockets.length, 1);
  });

  test("an edited text is used even when texts can be re-read from disk", () => {
    const onDisk: Record<string, string> = {
      "/w/config.ts": `export const PORT = 5000;\n`,
      "/w/a.ts": `import * as zmq from "zeromq";\nimport { PORT } from "./config";\nconst s = new zmq.Push();\ns.bind(\`tcp://*:\${PORT}\`);\n`,
    };
    const g = new SocketGraph({ readText: (f) => onDisk[f] });
    for (const [f, t] of Object.entries(onDisk)) g.loadFile(f, t);
    g.analyzeAll();
    const changed = g.update("/w/config.ts", `export const PORT = 7000;\n`);
    assert.equal(g.snapshot().sockets[0]!.binds[0]!.text, "tcp://*:7000");
    assert.deepEqual([...changed], ["/w/a.ts"]);
  });

  test("a socket at the head of a 20,000-term || chain is still followed", () => {
    const chain = Array.from({ length: 20000 }, () => "fallback").join(" || ");
    const g = new SocketGraph();
    g.loadFile("/w/d.ts", `import * as zmq from "zeromq";\nconst fallback = undefined;\nconst push = new zmq.Push() || ${chain};\npush.bind("tcp://*:7003");\n`);
    const snapshot = g.analyzeAll();
    assert.deepEqual(summary(snapshot), ["/w/d.ts PUSH tcp://*:7003", "links=0"]);
    assert.deepEqual(snapshot.problems, []);
  });
});
