import { isFunctionLike } from "./ast";
import { ts } from "./ts";

/** Marks the start of the scope in a set of predecessors. */
export const ENTRY = -1;

/** Past this statement nesting the order is given up on: generated code, not hand-written socket logic. */
const MAX_DEPTH = 200;

type State = ReadonlySet<number>;

interface Jumps {
  breaks: Set<number>[];
  continues: Set<number>[];
  /** The label of each entry of `breaks` / `continues` (`outer:` before a loop or switch), if any. */
  breakLabels: (string | undefined)[];
  continueLabels: (string | undefined)[];
  /** Per enclosing `try`: the states at each point inside it that can throw (calls, awaits, throw). */
  throwPoints: Set<number>[];
  /** Per enclosing `try` with a `finally`: the states at each `return` inside it. */
  returns: Set<number>[];
}

class TooDeep extends Error {}

/**
 * For the uses of one socket inside one function (or file) body, which uses can run just before each
 * one: `previous.get(i)` holds use indexes, or ENTRY when the use can be the first in the scope. A small
 * control-flow walk: sequences, branches, short-circuits, loops (to a fixed point), switch, try,
 * break/continue (with labels)/return/throw, and a `for (... of sock)` receiving at its loop head.
 * Nested functions are other scopes. Undefined when the body nests too deeply to follow.
 */
export function orderUses(scope: ts.Node, uses: ReadonlyMap<ts.Node, number>): Map<number, Set<number>> | undefined {
  const previous = new Map<number, Set<number>>();
  const jumps: Jumps = { breaks: [], continues: [], breakLabels: [], continueLabels: [], throwPoints: [], returns: [] };
  const labelOf = (statement: ts.Node): string | undefined => (ts.isLabeledStatement(statement.parent) ? statement.parent.label.text : undefined);
  const mayThrowHere = (state: State): void => {
    const target = jumps.throwPoints[jumps.throwPoints.length - 1];
    if (target) for (const x of state) target.add(x);
  };

  const use = (index: number, state: State): State => {
    let set = previous.get(index);
    if (!set) previous.set(index, (set = new Set()));
    for (const p of state) set.add(p);
    return new Set([index]);
  };
  const union = (...states: State[]): Set<number> => {
    const out = new Set<number>();
    for (const s of states) for (const x of s) out.add(x);
    return out;
  };
  const same = (a: State, b: State): boolean => a.size === b.size && [...a].every((x) => b.has(x));
  const dead: State = new Set();

  /** Runs a loop body until the state at its head stops growing (it only grows, and sets are finite). */
  const loop = (statement: ts.Node, head: State, once: (s: State) => State): State => {
    let current = new Set(head);
    let exit: Set<number> = new Set();
    const label = labelOf(statement);
    for (let i = 0; i < 8; i++) {
      jumps.breaks.push(new Set());
      jumps.continues.push(new Set());
      jumps.breakLabels.push(label);
      jumps.continueLabels.push(label);
      const out = once(current);
      const breaks = jumps.breaks.pop()!;
      const continues = jumps.continues.pop()!;
      jumps.breakLabels.pop();
      jumps.continueLabels.pop();
      exit = union(exit, breaks);
      const next = union(current, out, continues);
      if (same(next, current)) break;
      current = next;
    }
    return union(current, exit);
  };

  const walk = (node: ts.Node | undefined, state: State, depth: number): State => {
    if (!node || state.size === 0 && !containsUse(node)) return state;
    if (depth > MAX_DEPTH) throw new TooDeep();
    const d = depth + 1;
    if (isFunctionLike(node) || ts.isClassLike(node)) return state;
    if (ts.isIfStatement(node)) {
      const afterCond = walk(node.expression, state, d);
      return union(walk(node.thenStatement, afterCond, d), node.elseStatement ? walk(node.elseStatement, afterCond, d) : afterCond);
    }
    if (ts.isConditionalExpression(node)) {
      const afterCond = walk(node.condition, state, d);
      return union(walk(node.whenTrue, afterCond, d), walk(node.whenFalse, afterCond, d));
    }
    if (ts.isBinaryExpression(node) && isShortCircuit(node.operatorToken.kind)) {
      const left = walk(node.left, state, d);
      return union(left, walk(node.right, left, d));
    }
    if (ts.isWhileStatement(node)) {
      return loop(node, walk(node.expression, state, d), (s) => walk(node.expression, walk(node.statement, s, d), d));
    }
    if (ts.isDoStatement(node)) {
      return loop(node, state, (s) => walk(node.expression, walk(node.statement, s, d), d));
    }
    if (ts.isForStatement(node)) {
      const init = walk(node.condition, walk(node.initializer, state, d), d);
      return loop(node, init, (s) => walk(node.condition, walk(node.incrementor, walk(node.statement, s, d), d), d));
    }
    if (ts.isForOfStatement(node) || ts.isForInStatement(node)) {
      const index = uses.get(node.expression);
      if (index !== undefined && ts.isForOfStatement(node)) {
        // Each iteration receives, then runs the body.
        return loop(node, state, (s) => walk(node.statement, use(index, s), d));
      }
      const afterExpr = walk(node.expression, state, d);
      return loop(node, afterExpr, (s) => walk(node.statement, s, d));
    }
    if (ts.isSwitchStatement(node)) {
      const afterExpr = walk(node.expression, state, d);
      jumps.breaks.push(new Set());
      jumps.breakLabels.push(labelOf(node));
      let fallthrough: State = dead;
      let hasDefault = false;
      for (const clause of node.caseBlock.clauses) {
        if (ts.isDefaultClause(clause)) hasDefault = true;
        let s: State = union(afterExpr, fallthrough);
        if (ts.isCaseClause(clause)) s = walk(clause.expression, s, d);
        for (const st of clause.statements) s = walk(st, s, d);
        fallthrough = s;
      }
      const breaks = jumps.breaks.pop()!;
      jumps.breakLabels.pop();
      return union(breaks, fallthrough, hasDefault ? dead : afterExpr);
    }
    if (ts.isTryStatement(node)) {
      const fin = node.finallyBlock;
      // `break`, `continue`, `return` and exceptions leaving the try or catch block run the finally block first.
      const breaksBefore = fin && new Set(jumps.breaks[jumps.breaks.length - 1]);
      const continuesBefore = fin && new Set(jumps.continues[jumps.continues.length - 1]);
      if (fin) jumps.returns.push(new Set());
      // The catch block starts from wherever the try block can throw: just before a call, an await or a
      // throw. A use that throws (a receive timing out) has not happened, so the catch starts before it.
      jumps.throwPoints.push(new Set());
      const afterTry = walk(node.tryBlock, state, d);
      const thrown = jumps.throwPoints.pop()!;
      let joined: State = afterTry;
      let escaping: State = node.catchClause ? dead : thrown;
      if (node.catchClause) {
        if (fin) jumps.throwPoints.push(new Set());
        joined = union(afterTry, walk(node.catchClause.block, thrown, d));
        if (fin) escaping = jumps.throwPoints.pop()!;
      }
      if (!fin) return joined;
      const returns = jumps.returns.pop()!;
      walk(fin, returns, d);
      mayThrowHere(walk(fin, escaping, d));
      for (const [targets, before] of [[jumps.breaks, breaksBefore], [jumps.continues, continuesBefore]] as const) {
        const target = targets[targets.length - 1];
        if (!target || !before) continue;
        const crossing = new Set([...target].filter((x) => !before.has(x)));
        if (crossing.size === 0) continue;
        for (const x of crossing) target.delete(x);
        for (const x of walk(fin, crossing, d)) target.add(x);
      }
      return walk(fin, joined, d);
    }
    if (ts.isAwaitExpression(node)) {
      let inner: ts.Expression = node.expression;
      while (ts.isParenthesizedExpression(inner)) inner = inner.expression;
      const index = uses.get(inner);
      if (index !== undefined) {
        let s = state;
        inner.forEachChild((child) => {
          s = walk(child, s, d);
        });
        // An awaited operation that rejects (a receive timing out) has not happened.
        mayThrowHere(s);
        return use(index, s);
      }
    }
    if (ts.isBreakStatement(node) || ts.isContinueStatement(node)) {
      const isBreak = ts.isBreakStatement(node);
      const targets = isBreak ? jumps.breaks : jumps.continues;
      const labels = isBreak ? jumps.breakLabels : jumps.continueLabels;
      // `break outer` leaves the labelled statement, not the innermost loop.
      const at = node.label ? labels.lastIndexOf(node.label.text) : targets.length - 1;
      const target = targets[at];
      if (target) for (const x of state) target.add(x);
      return dead;
    }
    if (ts.isReturnStatement(node) || ts.isThrowStatement(node)) {
      const s = walk(node.expression, state, d);
      if (ts.isThrowStatement(node)) mayThrowHere(s);
      else for (const x of s) jumps.returns[jumps.returns.length - 1]?.add(x);
      return dead;
    }
    // Everything else runs its children in order, then itself (arguments before the call).
    let s = state;
    node.forEachChild((child) => {
      s = walk(child, s, d);
    });
    if (ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isAwaitExpression(node)) mayThrowHere(s);
    const index = uses.get(node);
    return index === undefined ? s : use(index, s);
  };

  const useStarts = [...uses.keys()].map((n) => n.pos);
  const containsUse = (node: ts.Node): boolean => useStarts.some((p) => p >= node.pos && p < node.end);

  try {
    const body = isFunctionLike(scope) ? scope.body : scope;
    if (body) {
      if (isFunctionLike(scope)) {
        for (const p of scope.parameters) walk(p, new Set([ENTRY]), 0);
      }
      walk(body, new Set([ENTRY]), 0);
    }
  } catch (err) {
    if (err instanceof TooDeep) return undefined;
    throw err;
  }
  return previous;
}

function isShortCircuit(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.AmpersandAmpersandToken || kind === ts.SyntaxKind.BarBarToken ||
    kind === ts.SyntaxKind.QuestionQuestionToken || kind === ts.SyntaxKind.AmpersandAmpersandEqualsToken ||
    kind === ts.SyntaxKind.BarBarEqualsToken || kind === ts.SyntaxKind.QuestionQuestionEqualsToken;
}
