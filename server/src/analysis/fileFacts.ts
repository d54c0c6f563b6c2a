import { ts } from "./ts";
import { forEachDescendant, locationOf } from "./ast";
import type { Evaluator } from "./evaluate";
import { instancesOf, type SocketInstance } from "./instances";
import type { OptionSetting, ZmqContext, ZmqProxy } from "./model";
import type { ImporterIndex } from "./references";
import { optionValue } from "./values";
import type { Workspace } from "./workspace";
import { classifyConstruct, mightConstruct } from "./zmqApi";

/** The ZeroMQ objects one file creates: sockets (with everything followed from them), contexts, proxies. */
export interface FileFacts {
  instances: SocketInstance[];
  contexts: ZmqContext[];
  proxies: ZmqProxy[];
  /** `zmq.context.blocky = false` and other settings of zeromq.js' global context. */
  globalContextOptions: OptionSetting[];
  /** `ctx.blocky = false` on a context made with `new zmq.Context()`, here or in another file. */
  contextSettings: { context: string; option: OptionSetting }[];
}

/** Thrown when a file's analysis runs past its time budget (see SocketGraph's `fileBudgetMs`). */
export class AnalysisBudgetExceeded extends Error {}

/** `deadline` (a `performance.now()` time) is checked between constructs: one construct's work is bounded by other limits. */
export function extractFile(sf: ts.SourceFile, ev: Evaluator, ws: Workspace, index: ImporterIndex, deadline = Infinity): FileFacts {
  const facts: FileFacts = { instances: [], contexts: [], proxies: [], globalContextOptions: [], contextSettings: [] };
  for (const node of constructsAndAssignmentsOf(sf)) {
    if (performance.now() > deadline) throw new AnalysisBudgetExceeded();
    if (ts.isBinaryExpression(node)) globalContextOption(node, ev, facts);
    else construct(node, ev, ws, index, facts);
  }
  return facts;
}

/**
 * The nodes `extractFile` looks at, in source order, found in one walk per parsed file: a file is
 * analyzed again whenever a module it imports changes, and its own syntax tree has not changed then.
 */
const extractionSites = new WeakMap<ts.SourceFile, ts.Node[]>();

function constructsAndAssignmentsOf(sf: ts.SourceFile): readonly ts.Node[] {
  let sites = extractionSites.get(sf);
  if (!sites) {
    const found: ts.Node[] = [];
    forEachDescendant(sf, (node) => {
      if (mightConstruct(node) || (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken)) found.push(node);
    });
    extractionSites.set(sf, (sites = found));
  }
  return sites;
}

function construct(node: ts.Node, ev: Evaluator, ws: Workspace, index: ImporterIndex, facts: FileFacts): void {
  const found = classifyConstruct(node, ev);
  if (found?.kind === "socket") {
    facts.instances.push(...instancesOf(found, ev, ws, index));
  } else if (found?.kind === "proxy") {
    facts.proxies.push({ location: locationOf(node), api: found.api });
  } else if (ts.isNewExpression(node)) {
    const value = ev.evaluate(node);
    if (value.kind !== "context") return;
    const options: OptionSetting[] = [];
    const arg = node.arguments?.[0];
    const opts = arg ? ev.evaluate(arg) : undefined;
    if (arg && opts?.kind === "object") {
      for (const [name, thunk] of opts.props) options.push({ name, value: optionValue(ev.force(thunk)), location: locationOf(arg), via: "constructor" });
    }
    facts.contexts.push({ id: value.id, location: locationOf(node), options });
  }
}

function globalContextOption(node: ts.BinaryExpression, ev: Evaluator, facts: FileFacts): void {
  const left = node.left;
  if (!ts.isPropertyAccessExpression(left)) return;
  const target = ev.evaluate(left.expression);
  const setting = (): OptionSetting => ({ name: left.name.text, value: optionValue(ev.evaluate(node.right)), location: locationOf(node), via: "property" });
  if (target.kind === "context") facts.contextSettings.push({ context: target.id, option: setting() });
  else if (target.kind === "zmq" && target.path.length === 1 && target.path[0] === "context") facts.globalContextOptions.push(setting());
}
