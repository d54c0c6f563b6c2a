import { pathToFileURL } from "node:url";
import type { Finding, Severity } from "../analysis/diagnostics";
import { RULES, ruleById } from "../analysis/rules";
import { isFixable } from "../analysis/fixes";
import type { OutputView } from "./view";

const LEVEL: Readonly<Record<Severity, string>> = { error: "error", warning: "warning", information: "note", hint: "note" };

/**
 * Relative to %SRCROOT% (the working directory), `../` included for files beside it; an absolute file URI
 * only when asked for, since a shared report should not carry the paths of the machine that made it.
 */
function artifact(view: OutputView, file: string, absolutePaths: boolean): { uri: string; uriBaseId?: string } {
  const rel = view.path(file);
  if (absolutePaths && rel.startsWith("../")) return { uri: pathToFileURL(file).href };
  return { uri: rel.split("/").map(encodeURIComponent).join("/"), uriBaseId: "%SRCROOT%" };
}

function region(loc: { line: number; column: number; endLine: number; endColumn: number }) {
  return { startLine: loc.line, startColumn: loc.column, endLine: loc.endLine, endColumn: loc.endColumn };
}

/** SARIF 2.1.0, with paths relative to the output base (`%SRCROOT%`). */
export function sarif(view: OutputView, findings: readonly Finding[], version: string, { absolutePaths = false } = {}): string {
  const base = pathToFileURL(view.base.endsWith("/") ? view.base : view.base + "/").href;
  const srcRoot = absolutePaths ? { uri: base } : { description: { text: "The directory zmq-topology ran in (run with --absolute-paths to name it)" } };
  const ruleIndex = new Map(RULES.map((r, i) => [r.meta.id, i]));
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [{
      tool: {
        driver: {
          name: "zmq-topology",
          version,
          informationUri: "https://github.com/zmq-topology/zmq-topology",
          rules: RULES.map((r) => ({
            id: r.meta.id,
            shortDescription: { text: r.meta.description },
            helpUri: r.meta.docsUrl,
            defaultConfiguration: { level: LEVEL[r.meta.defaultSeverity] },
          })),
        },
      },
      originalUriBaseIds: { "%SRCROOT%": srcRoot },
      results: findings.map((f) => ({
        ruleId: f.rule,
        ruleIndex: ruleIndex.get(f.rule) ?? -1,
        level: LEVEL[f.severity],
        message: { text: f.message },
        locations: [{ physicalLocation: { artifactLocation: artifact(view, f.location.file, absolutePaths), region: region(f.location) } }],
        ...sarifFixes(view, f, absolutePaths),
        relatedLocations: f.related.map((r, i) => ({
          id: i + 1,
          message: { text: r.message },
          physicalLocation: { artifactLocation: artifact(view, r.location.file, absolutePaths), region: region(r.location) },
        })),
      })),
    }],
  };
  return JSON.stringify(log, null, 2);
}

/** The rule's own fix as SARIF `fixes` (character offsets into the file as analyzed). */
function sarifFixes(view: OutputView, f: Finding, absolutePaths: boolean): { fixes?: object[] } {
  // Only fixes a tool may apply unattended: a fix left to the user's judgement stays in the editor.
  const fix = f.fixes?.find((x) => x.kind === "quickfix" && !x.manual);
  if (!fix) return {};
  const files = [...new Set(fix.edits.map((e) => e.file))];
  return {
    fixes: [{
      description: { text: fix.title },
      artifactChanges: files.map((file) => ({
        artifactLocation: artifact(view, file, absolutePaths),
        replacements: fix.edits.filter((e) => e.file === file).map((e) => ({
          deletedRegion: { charOffset: e.start, charLength: e.end - e.start },
          insertedContent: { text: e.newText },
        })),
      })),
    }],
  };
}

export function checkJson(view: OutputView, findings: readonly Finding[]): string {
  return JSON.stringify({
    version: 1,
    diagnostics: findings.map((f) => ({
      rule: f.rule, severity: f.severity, file: view.path(f.location.file), line: f.location.line, column: f.location.column,
      endLine: f.location.endLine, endColumn: f.location.endColumn, message: f.message,
      docs: ruleById(f.rule)?.meta.docsUrl, fixable: isFixable(f),
      related: f.related.map((r) => ({ file: view.path(r.location.file), line: r.location.line, column: r.location.column, message: r.message })),
    })),
  }, null, 2);
}
