import type { AnalysisConfig } from "./config";
import { SEVERITY_ORDER, type Finding } from "./diagnostics";
import { suppressionFix } from "./fixes";
import type { GraphSnapshot } from "./model";
import { RULES } from "./rules";
import { defaultOptions, type SourceAccess } from "./rules/rule";
import { parseSuppressions, type Suppressions } from "./suppression";

export interface RunOptions {
  config?: AnalysisConfig;
  /** A rule that throws loses its own findings only; this hears about it. */
  onRuleError?: (rule: string, err: unknown) => void;
}

/** Runs every enabled rule, drops suppressed findings and offers a suppression comment on the rest. */
export function runRules(snapshot: GraphSnapshot, sources: SourceAccess, { config, onRuleError }: RunOptions = {}): Finding[] {
  const findings: Finding[] = [];
  for (const rule of RULES) {
    const configured = config?.rules.get(rule.meta.id);
    const setting = configured?.setting ?? rule.meta.defaultSeverity;
    if (setting === "off") continue;
    try {
      findings.push(...rule.check({ snapshot, severity: setting, options: configured?.options ?? defaultOptions(rule.meta), sources }));
    } catch (err) {
      onRuleError?.(rule.meta.id, err);
    }
  }
  const suppressions = new Map<string, Suppressions>();
  const suppressionsOf = (file: string): Suppressions => {
    let s = suppressions.get(file);
    if (!s) {
      const sf = sources.sourceFile(file);
      suppressions.set(file, (s = sf ? parseSuppressions(sf) : { isSuppressed: () => false }));
    }
    return s;
  };
  // One expression can yield several socket instances (call sites, loops, a socket re-created into the
  // same field): the same finding at the same place is reported once.
  const seen = new Set<string>();
  const kept = findings.filter((f) => {
    const key = `${f.rule} ${f.location.file}:${f.location.line}:${f.location.column} ${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return !suppressionsOf(f.location.file).isSuppressed(f.rule, f.location.line);
  });
  for (const f of kept) {
    const fix = suppressionFix(f, sources);
    if (fix) f.fixes = [...(f.fixes ?? []), fix];
  }
  return kept.sort((a, b) =>
    a.location.file !== b.location.file ? (a.location.file < b.location.file ? -1 : 1)
      : a.location.line - b.location.line || a.location.column - b.location.column || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
        (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
}

/**
 * `runRules` once per snapshot and configuration: the graph keeps its snapshot object when an edit
 * changes no result (a module no ZeroMQ code reads), and then the findings are reused as they are.
 */
export class FindingsCache {
  private snapshot: GraphSnapshot | undefined;
  private readonly byConfig = new Map<string, Finding[]>();

  findings(snapshot: GraphSnapshot, sources: SourceAccess, options: RunOptions = {}): Finding[] {
    if (snapshot !== this.snapshot) {
      this.snapshot = snapshot;
      this.byConfig.clear();
    }
    const key = configKey(options.config);
    let findings = this.byConfig.get(key);
    if (!findings) this.byConfig.set(key, (findings = runRules(snapshot, sources, options)));
    return findings;
  }
}

/** Equal for configurations that run the same rules the same way. */
export function configKey(config: AnalysisConfig | undefined): string {
  return JSON.stringify([...(config?.rules ?? [])]);
}
