#!/usr/bin/env node
// The floor: the least work any ZeroMQ analyzer must do. Walks the tree (skipping node_modules and .git),
// reads every source file, keeps those mentioning zeromq/zmq plus the local modules they import directly
// (one level: where endpoint constants and socket factories live), and parses only those with
// ts.createSourceFile. No binding, no type checking. --transitive follows imports all the way instead
// (in the generated workspace that reaches most files, because the modules form one connected DAG).
//
//   node bench/floor.mjs <dir> [--transitive]    prints { files, parsed, statements } as JSON
import * as fs from "node:fs";
import * as path from "node:path";
import { createRequire } from "node:module";

// require, not import: importing CommonJS from ESM makes Node scan all 9 MB of typescript.js for its
// export names first (~0.3 s), a cost the bundled CLI does not pay and a floor should not either.
const ts = createRequire(import.meta.url)("typescript");

const SOURCE = /\.(ts|tsx|js|mjs|cjs)$/;
const SKIP = new Set(["node_modules", ".git"]);
const MENTIONS = /zeromq|zmq/;
// Relative specifiers of import/export ... from, import("..."), require("...").
const RELATIVE_IMPORT = /(?:from\s*|import\s*\(\s*|require\s*\(\s*)["'](\.{1,2}\/[^"']+)["']/g;
const EXTENSIONS = ["", ".ts", ".tsx", ".js", ".mjs", ".cjs", "/index.ts", "/index.js"];

function walk(dir, into) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP.has(entry.name)) walk(full, into);
    } else if (entry.isFile() && SOURCE.test(entry.name)) into.push(full);
  }
  return into;
}

/** A relative specifier to a file of the tree: `.js` written for a `.ts` source (NodeNext) is tried too. */
function resolve(from, spec, known) {
  const base = path.resolve(path.dirname(from), spec);
  const stems = [base, base.replace(/\.(m|c)?js$/, "")];
  for (const stem of stems) for (const ext of EXTENSIONS) if (known.has(stem + ext)) return stem + ext;
  return undefined;
}

const args = process.argv.slice(2);
const transitive = args.includes("--transitive");
const root = path.resolve(args.find((a) => !a.startsWith("--")) ?? ".");
const files = walk(root, []);
const known = new Set(files);
// Only the texts that will be parsed are kept: holding every file would cost the floor memory it does not need.
const texts = new Map();
for (const file of files) {
  const text = fs.readFileSync(file, "utf8");
  if (MENTIONS.test(text)) texts.set(file, text);
}
const queue = [...texts.keys()];
const selected = new Set(queue);
while (queue.length > 0) {
  const file = queue.pop();
  for (const m of texts.get(file).matchAll(RELATIVE_IMPORT)) {
    const target = resolve(file, m[1], known);
    if (target === undefined || selected.has(target)) continue;
    selected.add(target);
    texts.set(target, fs.readFileSync(target, "utf8"));
    if (transitive) queue.push(target);
  }
}
let nodes = 0;
for (const file of selected) nodes += ts.createSourceFile(file, texts.get(file), ts.ScriptTarget.Latest, false).statements.length;
console.log(JSON.stringify({ files: files.length, parsed: selected.size, statements: nodes }));
