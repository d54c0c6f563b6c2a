/**
 * Topology files under random edits, as a user types: every language-service request at a random
 * offset, the formatter, and the drift rule, against the real analysis of examples/. Nothing may throw,
 * and every span handed back must lie inside the text.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { runRules } from "../../server/src/analysis/check";
import { SocketGraph } from "../../server/src/analysis/graph";
import { loadPaths, readSourceText } from "../../server/src/analysis/loader";
import { normalizePath } from "../../server/src/analysis/paths";
import { declaredTopology } from "../../server/src/analysis/topologyFile/declared";
import { compareTopology } from "../../server/src/analysis/topologyFile/drift";
import { formatTopology } from "../../server/src/analysis/topologyFile/format";
import { completionsAt, definitionAt, documentSymbols, hoverAt, type SymbolData } from "../../server/src/analysis/topologyFile/languageService";
import type { Span } from "../../server/src/analysis/topologyFile/syntax";
import { mulberry32, type Rng } from "../helpers/corpus";

const ROOT = path.resolve(__dirname, "../..");
const ITERATIONS = Number(process.env["ZMQ_TOPOLOGY_FUZZ_ITERATIONS"] ?? 1500);
/** Pieces a user types: keywords, names, punctuation, endpoints, and the odd character. */
const PIECES = ["component ", "socket ", "bind ", "connect ", "option ", "security ", "link ", "program ", "topology ", "{", "}", "{port}", ":", ".", "->",
  "<=", "=", "!=", "tcp://", "*:", "5555", "-1", '"', "\\", "#", "\n", "\r\n", " ", "\t", "REQ", "ROUTER", "curve", "linger", "true", "é", "😀", "\u0000", "inproc://#1", "[::1]"];

function mutate(text: string, random: Rng): string {
  const at = Math.floor(random() * (text.length + 1));
  const roll = random();
  if (roll < 0.4) return text.slice(0, at) + PIECES[Math.floor(random() * PIECES.length)]! + text.slice(at);
  if (roll < 0.75) return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(random() * 12)));
  // A line moved elsewhere: blocks open and close in odd places.
  const lines = text.split("\n");
  const [moved] = lines.splice(Math.floor(random() * lines.length), 1);
  lines.splice(Math.floor(random() * (lines.length + 1)), 0, moved ?? "");
  return lines.join("\n");
}

function assertInside(span: Span, text: string, what: string): void {
  assert.ok(span.start >= 0 && span.start <= span.end && span.end <= text.length, `${what}: span ${JSON.stringify(span)} outside a text of ${text.length}`);
}

test(`topology files: ${ITERATIONS} random edits never break the language service, the formatter or the drift rule`, () => {
  const graph = new SocketGraph({ readText: (file) => {
    const read = readSourceText(file);
    return "text" in read ? read.text : undefined;
  } });
  loadPaths(graph, [path.join(ROOT, "examples")]);
  const snapshot = graph.analyzeAll();
  const seeds = [fs.readFileSync(path.join(ROOT, "examples/topology.zmqtopo"), "utf8"), fs.readFileSync(path.join(ROOT, "test/fixtures/topology/sample.zmqtopo"), "utf8")];
  const random = mulberry32(20261127);
  let text = seeds[0]!;
  for (let i = 0; i < ITERATIONS; i++) {
    if (i % 100 === 0) text = seeds[(i / 100) % seeds.length]!;
    text = mutate(text, random);
    const context = `iteration ${i}:\n${text}`;
    try {
      const topology = declaredTopology(normalizePath(path.join(ROOT, "examples/topology.zmqtopo")), text, normalizePath(path.join(ROOT, "examples")));
      for (const e of topology.tree.errors) assertInside(e.span, text, "error");
      const report = compareTopology(topology.tree, snapshot, topology.root);
      const facts = { snapshot, report, base: topology.root! };
      const offset = Math.floor(random() * (text.length + 1));
      for (const item of completionsAt(text, topology.tree, offset, facts)) if (item.replace) assertInside(item.replace, text, "completion");
      const hover = hoverAt(text, topology.tree, offset, facts);
      if (hover) assertInside(hover.span, text, "hover");
      for (const target of definitionAt(topology.tree, offset, facts)) if ("span" in target) assertInside(target.span, text, "definition");
      const walk = (symbols: SymbolData[]): void => {
        for (const s of symbols) {
          assertInside(s.span, text, "symbol");
          assertInside(s.selection, text, "symbol selection");
          walk(s.children);
        }
      };
      walk(documentSymbols(topology.tree));
      const formatted = formatTopology(text);
      if (formatted !== undefined) assert.equal(formatTopology(formatted), formatted, "formatting twice changes nothing");
      if (i % 10 === 0) {
        const findings = runRules(snapshot, graph, { topology, onRuleError: (rule, err) => assert.fail(`rule ${rule} threw: ${(err as Error).stack}`) });
        for (const f of findings) if (f.location.file === topology.file) assert.ok(f.location.line >= 1 && f.location.column >= 1, "1-based location");
      }
    } catch (err) {
      assert.fail(`${(err as Error).stack}\n${context}`);
    }
  }
});
