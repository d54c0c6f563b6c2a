import type { Finding, Severity } from "../diagnostics";
import type { GraphSnapshot } from "../model";

export const DOCS_BASE = "https://github.com/zmq-topology/zmq-topology/blob/main/docs/rules";

export interface RuleMeta {
  id: string;
  defaultSeverity: Severity;
  description: string;
  docsUrl: string;
}

export interface RuleContext {
  snapshot: GraphSnapshot;
  /** Severity in effect for this run (configuration may change the default). */
  severity: Severity;
}

export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): Finding[];
}

export function docsUrl(id: string): string {
  return `${DOCS_BASE}/${id}.md`;
}
