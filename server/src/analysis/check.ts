import type { AnalysisConfig } from "./config";
import { SEVERITY_ORDER, type Finding } from "./diagnostics";
import { suppressionFix } from "./fixes";
import type { GraphSnapshot } from "./model";
import { sameTexts, socketJson } from "./socketJson";
import { ruleGroups, type RuleGroup } from "./ruleGroups";
import { RULES } from "./rules";
import { defaultOptions, type Rule, type SourceAccess } from "./rules/rule";
import type { DeclaredTopology } from "./topologyFile/declared";
import { parseSuppressions, type Suppressions } from "./suppression";
import type { ts } from "./ts";

export interface RunOptions {
  config?: AnalysisConfig;
  /**
   * A rule that throws loses its own findings for the group of sockets it was checking, nothing else;
   * this hears about it, with the files of those sockets.
   */
  onRuleError?: (rule: string, err: unknown, files: readonly string[]) => void;
  /** The topology file the code is checked against (topology-drift). */
  topology?: DeclaredTopology;
}

/**
 * Runs every enabled rule on each group of related sockets (see ruleGroups.ts), drops suppressed findings
 * and offers a suppression comment on the rest.
 */
export function runRules(snapshot: GraphSnapshot, sources: SourceAccess, options: RunOptions = {}): Finding[] {
  const grouped = groupsOf(snapshot, sources).flatMap((group) => checkGroup(group.snapshot, sources, options));
  return finish([...grouped, ...checkWorkspace(snapshot, sources, options)], sources);
}

/**
 * The rules on the whole snapshot as one group: the reference the grouping must agree with (tests).
 */
export function runRulesUngrouped(snapshot: GraphSnapshot, sources: SourceAccess, options: RunOptions = {}): Finding[] {
  return finish([...checkGroup(snapshot, sources, options), ...checkWorkspace(snapshot, sources, options)], sources);
}

/**
 * `runRules` for a snapshot that changes edit by edit: a group whose sockets, links and source files are
 * as they were keeps its findings, so an edit costs the groups it touched. The same snapshot and
 * configuration again (an edit no result reads) costs nothing.
 */
export class FindingsCache {
  private last: { snapshot: GraphSnapshot; topology: DeclaredTopology | undefined; byConfig: Map<string, Finding[]> } | undefined;
  /** Per configuration, then per group (its socket ids): what its findings were computed from, and them. */
  private groups = new Map<string, Map<string, { inputs: string[]; findings: Finding[] }>>();

  findings(snapshot: GraphSnapshot, sources: SourceAccess, options: RunOptions = {}): Finding[] {
    if (this.last?.snapshot !== snapshot || this.last.topology !== options.topology) this.last = { snapshot, topology: options.topology, byConfig: new Map() };
    const key = configKey(options.config);
    const known = this.last.byConfig.get(key);
    if (known) return known;
    const previous = this.groups.get(key) ?? new Map<string, { inputs: string[]; findings: Finding[] }>();
    const next = new Map<string, { inputs: string[]; findings: Finding[] }>();
    const raw: Finding[] = [];
    for (const group of groupsOf(snapshot, sources)) {
      const id = group.snapshot.sockets.map((s) => s.id).join("\n");
      const inputs = groupInputs(group, sources);
      const known = previous.get(id);
      const findings = known && sameTexts(known.inputs, inputs) ? known.findings : checkGroup(group.snapshot, sources, options);
      next.set(id, { inputs, findings });
      raw.push(...findings);
    }
    this.groups.set(key, next);
    const result = finish([...raw, ...checkWorkspace(snapshot, sources, options)], sources);
    this.last.byConfig.set(key, result);
    return result;
  }
}

/** Equal for configurations that run the same rules the same way. */
export function configKey(config: AnalysisConfig | undefined): string {
  return JSON.stringify([...(config?.rules ?? [])]);
}

function groupsOf(snapshot: GraphSnapshot, sources: SourceAccess): RuleGroup[] {
  return ruleGroups(snapshot, (f) => sources.packageRootOf(f));
}

const SOCKET_RULES = RULES.filter((r) => r.meta.scope !== "workspace");
const WORKSPACE_RULES = RULES.filter((r) => r.meta.scope === "workspace");

function checkGroup(snapshot: GraphSnapshot, sources: SourceAccess, options: RunOptions): Finding[] {
  return runEach(SOCKET_RULES, snapshot, sources, options);
}

/** Rules that need the whole snapshot (and the topology file) at once: they run once per snapshot. */
function checkWorkspace(snapshot: GraphSnapshot, sources: SourceAccess, options: RunOptions): Finding[] {
  return runEach(WORKSPACE_RULES, snapshot, sources, options);
}

function runEach(rules: readonly Rule[], snapshot: GraphSnapshot, sources: SourceAccess, { config, onRuleError, topology }: RunOptions): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    const configured = config?.rules.get(rule.meta.id);
    const setting = configured?.setting ?? rule.meta.defaultSeverity;
    if (setting === "off") continue;
    try {
      findings.push(...rule.check({ snapshot, severity: setting, options: configured?.options ?? defaultOptions(rule.meta), sources, ...(topology ? { topology } : {}) }));
    } catch (err) {
      onRuleError?.(rule.meta.id, err, [...new Set(snapshot.sockets.map((s) => s.location.file))]);
    }
  }
  return findings;
}

const NO_SUPPRESSIONS: Suppressions = { isSuppressed: () => false };
/** Parsed trees never change: their suppression comments, and the fixes of findings kept with them, neither. */
const suppressionsByTree = new WeakMap<ts.SourceFile, Suppressions>();
const suppressionFixes = new WeakMap<Finding, ReturnType<typeof suppressionFix>>();

/** Dedupes, drops suppressed findings and adds the suppression fix, on copies: group findings are reused. */
function finish(findings: readonly Finding[], sources: SourceAccess): Finding[] {
  const suppressionsOf = (file: string): Suppressions => {
    const sf = sources.sourceFile(file);
    if (!sf) return NO_SUPPRESSIONS;
    let s = suppressionsByTree.get(sf);
    if (!s) suppressionsByTree.set(sf, (s = parseSuppressions(sf)));
    return s;
  };
  // One expression can yield several socket instances (call sites, loops, a socket re-created into the
  // same field): the same finding at the same place is reported once.
  const seen = new Set<string>();
  const kept: Finding[] = [];
  for (const f of findings) {
    const key = `${f.rule} ${f.location.file}:${f.location.line}:${f.location.column} ${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (suppressionsOf(f.location.file).isSuppressed(f.rule, f.location.line)) continue;
    let fix = suppressionFixes.get(f);
    if (!suppressionFixes.has(f)) suppressionFixes.set(f, (fix = suppressionFix(f, sources)));
    kept.push(fix ? { ...f, fixes: [...(f.fixes ?? []), fix] } : { ...f });
  }
  return kept.sort((a, b) =>
    a.location.file !== b.location.file ? (a.location.file < b.location.file ? -1 : 1)
      : a.location.line - b.location.line || a.location.column - b.location.column || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
        (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
}

/**
 * Everything a group's findings are computed from: its part of the snapshot, and the version of each
 * file its locations point into (rules read the code around a use). Socket texts are cached strings.
 */
function groupInputs(group: RuleGroup, sources: SourceAccess): string[] {
  const { sockets, links, contexts, proxies, globalContextOptions } = group.snapshot;
  const files = group.files.map((f) => `${f}@${versionOf(sources.sourceFile(f))}`);
  return [...sockets.map(socketJson), JSON.stringify([links, contexts, proxies, globalContextOptions]), ...files];
}

const versions = new WeakMap<ts.SourceFile, number>();
let nextVersion = 1;

/** A number per parsed tree: a file parsed again (its text changed) gets a new one. */
function versionOf(sf: ts.SourceFile | undefined): number {
  if (!sf) return 0;
  let v = versions.get(sf);
  if (v === undefined) versions.set(sf, (v = nextVersion++));
  return v;
}
