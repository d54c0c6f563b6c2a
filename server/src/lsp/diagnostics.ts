import { DiagnosticSeverity, DiagnosticTag, type Connection, type Diagnostic, type Range } from "vscode-languageserver";
import type { Finding, Severity } from "../analysis/diagnostics";
import type { SourceLocation } from "../analysis/model";
import { ruleById } from "../analysis/rules";
import { fileToUri } from "./uris";

export const DIAGNOSTIC_SOURCE = "zmq-topology";

const SEVERITIES: Readonly<Record<Severity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Findings count lines and columns from 1 (columns in UTF-16 code units, as LSP does); LSP from 0. */
export function toRange(loc: SourceLocation): Range {
  return { start: { line: loc.line - 1, character: loc.column - 1 }, end: { line: loc.endLine - 1, character: loc.endColumn - 1 } };
}

export function toDiagnostic(finding: Finding): Diagnostic {
  const diagnostic: Diagnostic = {
    range: toRange(finding.location),
    severity: SEVERITIES[finding.severity],
    code: finding.rule,
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
  };
  const docs = ruleById(finding.rule)?.meta.docsUrl;
  if (docs) diagnostic.codeDescription = { href: docs };
  if (finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.map((r) => ({ location: { uri: fileToUri(r.location.file), range: toRange(r.location) }, message: r.message }));
  }
  if (finding.tags?.length) diagnostic.tags = finding.tags.map((t) => (t === "unnecessary" ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  return diagnostic;
}

/** Where a file's diagnostics go: the URI the client opened it under (with its version), else its file URI. */
export type DocumentOf = (file: string) => { uri: string; version: number } | undefined;

/**
 * Publishes the workspace's findings file by file. The graph is cross-file, so an edit in one file can
 * change the diagnostics of files that are not open: every recomputation publishes all files whose
 * diagnostics changed, and an explicit `[]` for files that no longer have any.
 */
export class DiagnosticsPublisher {
  /** What was last sent per URI, as JSON, to skip unchanged files. */
  private readonly published = new Map<string, string>();

  constructor(private readonly connection: Connection, private readonly documentOf: DocumentOf) {}

  publish(findings: readonly Finding[]): void {
    const byUri = new Map<string, { diagnostics: Diagnostic[]; version?: number }>();
    for (const finding of findings) {
      const doc = this.documentOf(finding.location.file);
      const uri = doc?.uri ?? fileToUri(finding.location.file);
      let entry = byUri.get(uri);
      if (!entry) byUri.set(uri, (entry = doc ? { diagnostics: [], version: doc.version } : { diagnostics: [] }));
      entry.diagnostics.push(toDiagnostic(finding));
    }
    for (const [uri, { diagnostics, version }] of byUri) {
      const key = JSON.stringify(diagnostics);
      if (this.published.get(uri) === key) continue;
      this.published.set(uri, key);
      void this.connection.sendDiagnostics(version === undefined ? { uri, diagnostics } : { uri, version, diagnostics });
    }
    for (const uri of [...this.published.keys()]) {
      if (byUri.has(uri)) continue;
      this.published.delete(uri);
      void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
  }
}
