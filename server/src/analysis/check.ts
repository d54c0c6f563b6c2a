import type { AnalysisConfig } from "./config";
import { SEVERITY_ORDER, type Finding } from "./diagnostics";
import type { GraphSnapshot } from "./model";
import { RULES } from "./rules";

/** Runs every enabled rule. A rule that throws loses its own findings only. */
export function runRules(snapshot: GraphSnapshot, config?: AnalysisConfig, onRuleError?: (rule: string, err: unknown) => void): Finding[] {
  const findings: Finding[] = [];
  for (const rule of RULES) {
    const setting = config?.rules.get(rule.meta.id) ?? rule.meta.defaultSeverity;
    if (setting === "off") continue;
    try {
      findings.push(...rule.check({ snapshot, severity: setting }));
    } catch (err) {
      onRuleError?.(rule.meta.id, err);
    }
  }
  return findings.sort((a, b) =>
    a.location.file !== b.location.file ? (a.location.file < b.location.file ? -1 : 1)
      : a.location.line - b.location.line || a.location.column - b.location.column || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}
