/** Runs rules on in-memory projects and applies their fixes, for rule tests. */
import assert from "node:assert/strict";
import { runRules } from "../../../server/src/analysis/check";
import { rulesConfig } from "../../../server/src/analysis/config";
import type { Finding, Fix } from "../../../server/src/analysis/diagnostics";
import { applyEdits } from "../../../server/src/analysis/fixes";
import { declaredTopology } from "../../../server/src/analysis/topologyFile/declared";
import { ts } from "../../../server/src/analysis/ts";
import { analyze, type Project } from "./workspace";

export interface CheckOptions {
  /** Only this rule's findings are returned (every rule still runs). */
  rule?: string;
  /** The `rules` object of a zmq-topology.json. */
  rules?: Record<string, unknown>;
  /** A topology file (`*.zmqtopo`) to check the code against (topology-drift). */
  topology?: { file: string; text: string; root?: string };
}

export function check(project: Project, options: CheckOptions = {}): Finding[] {
  const { graph, snapshot } = analyze(project);
  const config = options.rules ? rulesConfig(options.rules, (m) => assert.fail(`bad test config: ${m}`)) : undefined;
  const topology = options.topology ? declaredTopology(options.topology.file, options.topology.text, options.topology.root) : undefined;
  const findings = runRules(snapshot, graph, { config, topology, onRuleError: (rule, err) => assert.fail(`rule ${rule} threw: ${(err as Error).stack}`) });
  return options.rule ? findings.filter((f) => f.rule === options.rule) : findings;
}

/** `file:line:column` of a finding, with the file's base name only, for compact assertions. */
export function where(f: Finding): string {
  return `${f.location.file.split("/").pop()}:${f.location.line}:${f.location.column}`;
}

/** 1-based line and column of the first occurrence of `needle` in `text`. */
export function position(text: string, needle: string, occurrence = 1): { line: number; column: number } {
  let index = -1;
  for (let i = 0; i < occurrence; i++) {
    index = text.indexOf(needle, index + 1);
    assert.ok(index >= 0, `"${needle}" (occurrence ${occurrence}) not in the fixture`);
  }
  const before = text.slice(0, index).split("\n");
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/** The finding's own fix (not the suppression); fails when it has none. */
export function quickFix(f: Finding): Fix {
  const fix = f.fixes?.find((x) => x.kind === "quickfix");
  assert.ok(fix, `${f.rule} at ${where(f)} offers no fix`);
  return fix;
}

/** The project's files after applying `fix`. */
export function applyFix(project: Project, fix: Fix): Project {
  const files = { ...project.files };
  for (const file of new Set(fix.edits.map((e) => e.file))) {
    const text = files[file];
    assert.ok(text !== undefined, `fix edits unknown file ${file}`);
    const { text: out, dropped } = applyEdits(text, fix.edits.filter((e) => e.file === file));
    assert.equal(dropped.length, 0, "a fix's own edits never overlap");
    files[file] = out;
  }
  return { ...project, files };
}

/** Fails when a file does not parse (as TypeScript, or JavaScript for .js files). */
export function assertParses(project: Project): void {
  for (const [file, text] of Object.entries(project.files)) {
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith(".js") ? ts.ScriptKind.JS : ts.ScriptKind.TS);
    const diags = (sf as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
    assert.deepEqual(diags.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")), [], `${file} no longer parses:\n${text}`);
  }
}

/**
 * Applies the fix of the finding at `index` (of `rule`'s findings) and checks what a user expects: the
 * finding is gone, no new finding of any rule appears, and every file still parses. Returns the fixed project.
 */
export function assertFixResolves(project: Project, rule: string, index = 0, options: CheckOptions = {}): Project {
  const before = check(project, { ...options, rule: undefined });
  const target = before.filter((f) => f.rule === rule)[index];
  assert.ok(target, `no ${rule} finding #${index} to fix`);
  const fixed = applyFix(project, quickFix(target));
  assertParses(fixed);
  const after = check(fixed, { ...options, rule: undefined });
  const count = (list: Finding[]): number => list.filter((f) => f.rule === rule && f.location.file === target.location.file).length;
  assert.ok(count(after) < count(before), `fixing one ${rule} finding leaves as many in ${target.location.file}`);
  // A finding after the fix is an old one when an unmatched old finding of the same rule and file has
  // the same message or sits on the same line of code (fixes move lines and may change endpoints).
  const lineText = (files: Project["files"], f: Finding): string => (files[f.location.file] ?? "").split("\n")[f.location.line - 1]?.trim() ?? "";
  const unmatched = before.filter((f) => f !== target);
  const added = after.filter((f) => {
    const i = unmatched.findIndex((o) => o.rule === f.rule && o.location.file === f.location.file &&
      (o.message === f.message || lineText(project.files, o) === lineText(fixed.files, f)));
    if (i < 0) return true;
    unmatched.splice(i, 1);
    return false;
  });
  assert.deepEqual(added.map((f) => `${f.rule} ${where(f)}: ${f.message}`), [], "the fix causes no new finding");
  return fixed;
}
