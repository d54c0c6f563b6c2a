import { isSeverity, type Severity } from "./diagnostics";
import { ruleById } from "./rules";

export type RuleSetting = Severity | "off";

export interface AnalysisConfig {
  rules: Map<string, RuleSetting>;
}

/** Reads a `zmq-topology.json` text. Bad entries are reported with their key and value and ignored. */
export function parseConfig(text: string, source: string): { config: AnalysisConfig; messages: string[] } {
  const config: AnalysisConfig = { rules: new Map() };
  const messages: string[] = [];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    messages.push(`${source}: not valid JSON (${(err as Error).message}); using the defaults`);
    return { config, messages };
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    messages.push(`${source}: expected a JSON object; using the defaults`);
    return { config, messages };
  }
  for (const [key, value] of Object.entries(json)) {
    if (key === "$schema") continue;
    if (key !== "rules") {
      messages.push(`${source}: unknown key "${key}"; ignored`);
      continue;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      messages.push(`${source}: "rules" must be an object, got ${JSON.stringify(value)}; using the defaults`);
      continue;
    }
    for (const [ruleId, setting] of Object.entries(value)) {
      if (!ruleById(ruleId)) {
        messages.push(`${source}: unknown rule "rules.${ruleId}"; ignored`);
        continue;
      }
      if (setting === "off" || isSeverity(setting)) config.rules.set(ruleId, setting);
      else messages.push(`${source}: "rules.${ruleId}" must be "off", "error", "warning", "information" or "hint", got ${JSON.stringify(setting)}; using the default`);
    }
  }
  return { config, messages };
}
