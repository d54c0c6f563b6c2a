import { ts } from "./ts";
import { isFunctionLike } from "./ast";
import type { Evaluator } from "./evaluate";
import { strictEquals, truthiness, type Env } from "./values";

/**
 * Which code runs for given bindings: branches of `if`/`?:`/`&&`/`||`/`switch` whose condition the bound
 * values decide, and code after an early `return`, `break` or `continue`. Keeps a factory's uses to the
 * path a call takes: whether `node` sits in a branch that the bound parameters rule out (a factory's
 * `if (bind) s.bind(ep); else s.connect(ep)` only does one of the two for a given call).
 */
export function isDeadBranch(node: ts.Node, env: Env, ev: Evaluator): boolean {
  if (env.size === 0) return false;
  for (let child = node, parent = node.parent; parent && !isFunctionLike(child); child = parent, parent = parent.parent) {
    let condition: ts.Expression | undefined;
    let wanted: boolean | undefined;
    if (ts.isIfStatement(parent) && child !== parent.expression) {
      condition = parent.expression;
      wanted = child === parent.thenStatement;
    } else if (ts.isConditionalExpression(parent) && child !== parent.condition) {
      condition = parent.condition;
      wanted = child === parent.whenTrue;
    } else if (ts.isBinaryExpression(parent) && child === parent.right &&
        (parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || parent.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
      condition = parent.left;
      wanted = parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken;
    }
    if (condition) {
      const value = truthiness(ev.evaluate(condition, env));
      if (value !== undefined && value !== wanted) return true;
    }
    if (ts.isCaseClause(child) || ts.isDefaultClause(child)) {
      if (!liveClauses(parent as ts.CaseBlock, env, ev).has(child)) return true;
    }
    if (ts.isBlock(parent) || ts.isSourceFile(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent)) {
      if (exitedBefore(parent.statements, child, env, ev)) return true;
    }
  }
  return false;
}

/** The clauses of a switch that can run for the bound value (all, when it is not known). */
function liveClauses(block: ts.CaseBlock, env: Env, ev: Evaluator): Set<ts.CaseOrDefaultClause> {
  const clauses = block.clauses;
  const all = new Set(clauses);
  const value = ev.evaluate(block.parent.expression, env);
  let start = -1;
  for (let i = 0; i < clauses.length && start < 0; i++) {
    const clause = clauses[i]!;
    if (ts.isDefaultClause(clause)) continue;
    const eq = strictEquals(value, ev.evaluate(clause.expression, env));
    if (eq === undefined) return all;
    if (eq) start = i;
  }
  if (start < 0) start = clauses.findIndex(ts.isDefaultClause);
  const live = new Set<ts.CaseOrDefaultClause>();
  for (let i = start; i >= 0 && i < clauses.length; i++) {
    live.add(clauses[i]!);
    const last = clauses[i]!.statements[clauses[i]!.statements.length - 1];
    if (last && endsFlow(last, true)) break;
  }
  return live;
}

/** Whether a statement before `child` in `statements` always returns, throws, breaks or continues, given the bound values. */
function exitedBefore(statements: ts.NodeArray<ts.Statement>, child: ts.Node, env: Env, ev: Evaluator): boolean {
  for (const st of statements) {
    if (st === child) return false;
    if (endsFlow(st, true)) return true;
    if (ts.isIfStatement(st)) {
      // `if (!svc.enabled) continue;` skips the rest of the iteration, like an early return.
      const value = truthiness(ev.evaluate(st.expression, env));
      if (value === true && endsFlow(st.thenStatement, true)) return true;
      if (value === false && st.elseStatement && endsFlow(st.elseStatement, true)) return true;
    }
  }
  return false;
}

/**
 * Whether `a` and `b` sit in branches that never both run: the two arms of an `if`, of a `?:`, or two
 * `case` clauses of one `switch`. (`let s; if (server) { s = new Router(); s.bind(A) } else { ... }`)
 */
export function inExclusiveBranches(a: ts.Node, b: ts.Node): boolean {
  const fork = commonAncestor(a, b);
  if (!fork) return false;
  const { parent, aChild, bChild } = fork;
  if (ts.isIfStatement(parent)) return aChild !== parent.expression && bChild !== parent.expression;
  if (ts.isConditionalExpression(parent)) return aChild !== parent.condition && bChild !== parent.condition;
  // Two clauses are exclusive only when control cannot fall through from one into the other.
  if (ts.isCaseBlock(parent)) return separatedClauses(parent, aChild, bChild) !== undefined;
  return false;
}

/** The nearest node holding both `a` and `b` in different children, with those children. */
function commonAncestor(a: ts.Node, b: ts.Node): { parent: ts.Node; aChild: ts.Node; bChild: ts.Node } | undefined {
  const ancestors = new Map<ts.Node, ts.Node>();
  for (let child = a, parent = a.parent; parent; child = parent, parent = parent.parent) ancestors.set(parent, child);
  for (let child = b, parent = b.parent; parent; child = parent, parent = parent.parent) {
    const aChild = ancestors.get(parent);
    if (aChild === undefined) continue;
    return aChild === child ? undefined : { parent, aChild, bChild: child };
  }
  return undefined;
}

/** Two clauses of a switch with a `break` (or `return`, ...) between them: the switch's expressions decide. */
function separatedClauses(block: ts.CaseBlock, aChild: ts.Node, bChild: ts.Node): ts.Expression[] | undefined {
  const clauses = block.clauses;
  const i = clauses.indexOf(aChild as ts.CaseOrDefaultClause);
  const j = clauses.indexOf(bChild as ts.CaseOrDefaultClause);
  if (i < 0 || j < 0) return undefined;
  // A clause that falls through into the other runs both.
  const [from, to] = i < j ? [i, j] : [j, i];
  const separated = clauses.slice(from, to).some((c) => {
    const last = c.statements[c.statements.length - 1];
    return last !== undefined && endsFlow(last, true);
  });
  if (!separated) return undefined;
  return [block.parent.expression, ...clauses.flatMap((c) => (ts.isCaseClause(c) ? [c.expression] : []))];
}

/**
 * The test that keeps `a` and `b` from both running in one pass, when there is one: they sit in the two
 * arms of an `if` or a `?:`, in two `switch` clauses with a `break` (or `return`, ...) between them, or
 * one sits in an arm of an `if` that always ends with `return`/`throw`/`break`/`continue` and the other
 * in a statement after that `if` (`if (role === "server") { serve(); return; } request();`). Returns the
 * expressions the choice depends on (the condition; a switch's discriminant and case labels). Whether
 * the two can run in different passes is the caller's question: only a condition that evaluates the
 * same way each time makes the two exclusive for good.
 */
export function exclusiveBy(a: ts.Node, b: ts.Node): ts.Expression[] | undefined {
  const fork = commonAncestor(a, b);
  if (!fork) return undefined;
  const { parent, aChild, bChild } = fork;
  if (ts.isIfStatement(parent)) return aChild !== parent.expression && bChild !== parent.expression ? [parent.expression] : undefined;
  if (ts.isConditionalExpression(parent)) return aChild !== parent.condition && bChild !== parent.condition ? [parent.condition] : undefined;
  if (ts.isCaseBlock(parent)) return separatedClauses(parent, aChild, bChild);
  if (ts.isBlock(parent) || ts.isSourceFile(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent)) {
    return exitingArm(parent.statements, aChild, bChild, a) ?? exitingArm(parent.statements, bChild, aChild, b);
  }
  return undefined;
}

/** `first` is an `if` whose arm holding `node` always leaves, and `later` comes after it: the condition decides. */
function exitingArm(statements: ts.NodeArray<ts.Statement>, first: ts.Node, later: ts.Node, node: ts.Node): ts.Expression[] | undefined {
  if (!ts.isIfStatement(first) || statements.indexOf(first as ts.Statement) >= statements.indexOf(later as ts.Statement)) return undefined;
  let arm: ts.Statement | undefined;
  for (let n: ts.Node = node; n !== first; n = n.parent) {
    if (n === first.thenStatement || n === first.elseStatement) arm = n as ts.Statement;
  }
  return arm && endsFlow(arm, true) ? [first.expression] : undefined;
}

/**
 * Whether a statement never falls through to the next one: it returns or throws on every path, or
 * (with `jumps`) breaks or continues. `break`/`continue` end the current loop iteration or switch clause.
 */
function endsFlow(st: ts.Statement, jumps: boolean): boolean {
  if (ts.isReturnStatement(st) || ts.isThrowStatement(st)) return true;
  if (jumps && (ts.isBreakStatement(st) || ts.isContinueStatement(st))) return true;
  if (ts.isBlock(st)) {
    const last = st.statements[st.statements.length - 1];
    return last !== undefined && endsFlow(last, jumps);
  }
  if (ts.isIfStatement(st)) return st.elseStatement !== undefined && endsFlow(st.thenStatement, jumps) && endsFlow(st.elseStatement, jumps);
  return false;
}
