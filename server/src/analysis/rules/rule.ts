import type { Finding, Severity } from "../diagnostics";
import type { GraphSnapshot } from "../model";
import type { DeclaredTopology } from "../topologyFile/declared";
import type { ts } from "../ts";

const DOCS_BASE = "https://github.com/zmq-topology/zmq-topology/blob/main/docs/rules";

export type RuleOptionValue = number | boolean | string[];

/** One knob of a rule, as `zmq-topology.json` and the editor settings give it. */
export type RuleOptionSpec =
  | { type: "number"; default: number; min: number; max?: number; description: string }
  | { type: "boolean"; default: boolean; description: string }
  /** Socket type names (libzmq spelling: "REQ", "DEALER", ...). */
  | { type: "socketTypes"; default: string[]; description: string };

export interface RuleMeta {
  id: string;
  /**
   * "sockets" (the default): the rule looks at a group of related sockets at a time (ruleGroups.ts).
   * "workspace": it needs the whole snapshot at once, and the topology file (topology-drift).
   */
  scope?: "sockets" | "workspace";
  defaultSeverity: Severity;
  description: string;
  docsUrl: string;
  options?: Readonly<Record<string, RuleOptionSpec>>;
}

/** Parsed source files of the analyzed workspace, for rules that compute text edits. */
export interface SourceAccess {
  sourceFile(file: string): ts.SourceFile | undefined;
  /** The folder of the nearest package.json (relative ipc paths resolve against it, as links do). */
  packageRootOf(file: string): string;
  /**
   * Whether the code at `a` and the code at `b` (nodes of `sourceFile` trees) never both run in one
   * process: they are reached only through the two sides of an `if`/`switch`/`?:` whose condition keeps
   * its value for the life of a process (`process.argv[2] === "server"`, `cluster.isPrimary`), see
   * analysis/exclusive.ts. `strict` counts only conditions built from such values; otherwise any
   * module-level constant or import counts as fixed (for rules that go silent on a yes). It follows
   * call sites: ask it for a few candidates, not for every socket. Absent where only the files are at hand:
   * rules then take the two as able to run together.
   */
  neverInOneProcess?(a: ts.Node, b: ts.Node, strict?: boolean): boolean;
}

export interface RuleContext {
  snapshot: GraphSnapshot;
  /** Severity in effect for this run (configuration may change the default). */
  severity: Severity;
  /** Every option of the rule, defaults filled in. */
  options: Readonly<Record<string, RuleOptionValue>>;
  sources: SourceAccess;
  /** The topology file in effect, for "workspace" rules; absent when there is none. */
  topology?: DeclaredTopology;
}

export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): Finding[];
}

export function docsUrl(id: string): string {
  return `${DOCS_BASE}/${id}.md`;
}

/** The option values of `meta` with nothing configured. */
export function defaultOptions(meta: RuleMeta): Record<string, RuleOptionValue> {
  const out: Record<string, RuleOptionValue> = {};
  for (const [name, spec] of Object.entries(meta.options ?? {})) out[name] = spec.default;
  return out;
}
