import { test, describe } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { SocketGraph } from "../../server/src/analysis/graph";
import { loadPaths } from "../../server/src/analysis/loader";

/**
 * Each fixture under test/fixtures is a small realistic project with a hand-checked expected.json
 * (see test/fixtures/README.md). The analysis must find exactly those sockets and links.
 */
const FIXTURES = path.resolve(__dirname, "../fixtures");

interface ExpectedSocket {
  id: string;
  type: string;
  holder: string;
  binds: string[];
  connects: string[];
  options: Record<string, unknown>;
  subscriptions?: string[];
  components?: string[];
}

interface Expected {
  sockets: ExpectedSocket[];
  links: { from: string; to: string; endpoint: string; compatible: boolean }[];
  notLinked?: { socket: string; endpoint: string }[];
}

for (const name of fs.readdirSync(FIXTURES).sort()) {
  const dir = path.join(FIXTURES, name);
  const expectedFile = path.join(dir, "expected.json");
  if (!fs.existsSync(expectedFile)) continue;
  describe(`fixture ${name}`, () => {
    const expected = JSON.parse(fs.readFileSync(expectedFile, "utf8")) as Expected;
    const graph = new SocketGraph();
    loadPaths(graph, [dir]);
    const snapshot = graph.analyzeAll();
    const rel = (id: string): string => id.slice(dir.length + 1);
    const actual = new Map(snapshot.sockets.map((s) => [rel(s.id), s]));

    test("finds exactly the expected sockets", () => {
      assert.deepEqual([...actual.keys()].sort(), expected.sockets.map((s) => s.id).sort());
    });

    for (const e of expected.sockets) {
      test(`${e.id} ${e.type} ${e.holder}`, () => {
        const s = actual.get(e.id);
        assert.ok(s, `socket ${e.id} not found`);
        const got: Record<string, unknown> = {
          type: s.type,
          holder: s.holder,
          binds: s.binds.map((b) => b.text),
          connects: s.connects.map((c) => c.text),
          options: Object.fromEntries(s.options.map((o) => [o.name, o.value])),
        };
        const want: Record<string, unknown> = { type: e.type, holder: e.holder, binds: e.binds, connects: e.connects, options: e.options };
        if (e.subscriptions) {
          got["subscriptions"] = s.subscriptions.map((x) => x.value);
          want["subscriptions"] = e.subscriptions;
        }
        if (e.components) {
          got["components"] = s.components;
          want["components"] = e.components;
        }
        assert.deepEqual(got, want);
      });
    }

    test("links every connect to the binds it reaches, and only those", () => {
      const got = snapshot.links.map((l) => `${rel(l.from)} -> ${rel(l.to)} ${l.endpoint} compatible=${l.compatible}`).sort();
      const want = expected.links.map((l) => `${l.from} -> ${l.to} ${l.endpoint} compatible=${l.compatible}`).sort();
      assert.deepEqual(got, want);
    });

    if (expected.notLinked) {
      test("leaves unreachable endpoints unlinked", () => {
        for (const n of expected.notLinked!) {
          const linked = snapshot.links.some((l) => (rel(l.from) === n.socket || rel(l.to) === n.socket) && (l.endpoint === n.endpoint || l.bindEndpoint === n.endpoint));
          assert.equal(linked, false, `${n.socket} ${n.endpoint} must not link`);
        }
      });
    }

    test("reports no file problems", () => {
      assert.deepEqual(snapshot.problems, []);
    });
  });
}
