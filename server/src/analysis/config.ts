import { isSeverity, type Severity } from "./diagnostics";
import { ruleById } from "./rules";
import { defaultOptions, type RuleMeta, type RuleOptionSpec, type RuleOptionValue } from "./rules/rule";
import { SOCKET_TYPES } from "./socketTypes";

export type RuleSetting = Severity | "off";

export interface RuleConfig {
  setting?: RuleSetting;
  options: Record<string, RuleOptionValue>;
}

export interface AnalysisConfig {
  rules: Map<string, RuleConfig>;
}

const SEVERITY_WORDS = `"off", "error", "warning", "information" or "hint"`;

/** Reads a `zmq-topology.json` text. Bad entries are reported with their key and value and ignored. */
export function parseConfig(text: string, source: string): { config: AnalysisConfig; messages: string[] } {
  const messages: string[] = [];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    messages.push(`${source}: not valid JSON (${(err as Error).message}); using the defaults`);
    return { config: { rules: new Map() }, messages };
  }
  if (!isPlainObject(json)) {
    messages.push(`${source}: expected a JSON object; using the defaults`);
    return { config: { rules: new Map() }, messages };
  }
  for (const key of Object.keys(json)) {
    if (key !== "$schema" && key !== "rules") messages.push(`${source}: unknown key "${key}"; ignored`);
  }
  const config = json["rules"] === undefined ? { rules: new Map() } : rulesConfig(json["rules"], (m) => messages.push(`${source}: ${m}`));
  return { config, messages };
}

/**
 * The `rules` object, shared by the config file and the editor settings. Each entry is a severity,
 * "off", or `{ "severity": ..., "options": { ... } }`.
 */
export function rulesConfig(value: unknown, report: (message: string) => void): AnalysisConfig {
  const config: AnalysisConfig = { rules: new Map() };
  if (!isPlainObject(value)) {
    report(`"rules" must be an object, got ${JSON.stringify(value)}; using the defaults`);
    return config;
  }
  for (const [ruleId, entry] of Object.entries(value)) {
    const rule = ruleById(ruleId);
    if (!rule) {
      report(`unknown rule "rules.${ruleId}"; ignored`);
      continue;
    }
    const key = `rules.${ruleId}`;
    const rc: RuleConfig = { options: defaultOptions(rule.meta) };
    if (typeof entry === "string") {
      if (entry === "off" || isSeverity(entry)) rc.setting = entry;
      else report(`"${key}" must be ${SEVERITY_WORDS}, got ${JSON.stringify(entry)}; using the default`);
    } else if (isPlainObject(entry)) {
      for (const [k, v] of Object.entries(entry)) {
        if (k === "severity") {
          if (v === "off" || isSeverity(v)) rc.setting = v;
          else report(`"${key}.severity" must be ${SEVERITY_WORDS}, got ${JSON.stringify(v)}; using the default`);
        } else if (k === "options") {
          readOptions(rule.meta, v, `${key}.options`, rc.options, report);
        } else {
          report(`unknown key "${key}.${k}": expected "severity" or "options"; ignored`);
        }
      }
    } else {
      report(`"${key}" must be ${SEVERITY_WORDS}, or an object with "severity" and "options", got ${JSON.stringify(entry)}; using the default`);
    }
    config.rules.set(ruleId, rc);
  }
  return config;
}

function readOptions(meta: RuleMeta, value: unknown, key: string, into: Record<string, RuleOptionValue>, report: (m: string) => void): void {
  const specs = meta.options ?? {};
  if (!isPlainObject(value)) {
    report(`"${key}" must be an object, got ${JSON.stringify(value)}; using the defaults`);
    return;
  }
  for (const [name, v] of Object.entries(value)) {
    const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
    if (!spec) {
      const known = Object.keys(specs);
      report(`unknown option "${key}.${name}"${known.length ? ` (known: ${known.join(", ")})` : ` (${meta.id} has no options)`}; ignored`);
      continue;
    }
    const problem = optionProblem(spec, v);
    if (problem) report(`"${key}.${name}" ${problem}, got ${JSON.stringify(v)}; using the default ${JSON.stringify(spec.default)}`);
    else into[name] = spec.type === "socketTypes" ? (v as string[]).map((t) => t.toUpperCase()) : (v as RuleOptionValue);
  }
}

function optionProblem(spec: RuleOptionSpec, v: unknown): string | undefined {
  switch (spec.type) {
    case "number":
      if (typeof v !== "number" || !Number.isInteger(v)) return "must be a whole number";
      if (v < spec.min || (spec.max !== undefined && v > spec.max)) return spec.max === undefined ? `must be at least ${spec.min}` : `must be between ${spec.min} and ${spec.max}`;
      return undefined;
    case "boolean":
      return typeof v === "boolean" ? undefined : "must be true or false";
    case "socketTypes":
      if (!Array.isArray(v) || v.some((t) => typeof t !== "string" || !(SOCKET_TYPES as readonly string[]).includes(t.toUpperCase()))) {
        return `must be a list of socket types (${SOCKET_TYPES.join(", ")})`;
      }
      return undefined;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
