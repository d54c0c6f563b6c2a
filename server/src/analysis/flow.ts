import { isFunctionLike } from "./ast";
import { ts } from "./ts";

/** Marks the start of the scope in a set of predecessors. */
export const ENTRY = -1;

/** Past this statement nesting the order is given up on: generated code, not hand-written socket logic. */
const MAX_DEPTH = 200;
/** A loop body is walked until the state at its head stops growing; sets are finite, this is a safety net. */
const MAX_LOOP_PASSES = 8;

/** The uses that may have run last on some path to a point (use indexes, or ENTRY). */
type State = ReadonlySet<number>;

const DEAD: State = new Set();

class TooDeep extends Error {}

/**
 * For the uses of one socket inside one function (or file) body, which uses can run just before each
 * one: `previous.get(i)` holds use indexes, or ENTRY when the use can be the first in the scope. A small
 * control-flow walk: sequences, branches, short-circuits, loops (to a fixed point), switch, try,
 * break/continue (with labels)/return/throw, and a `for (... of sock)` receiving at its loop head.
 * Nested functions are other scopes. Undefined when the body nests too deeply to follow.
 */
export function orderUses(scope: ts.Node, uses: ReadonlyMap<ts.Node, number>): ReadonlyMap<number, ReadonlySet<number>> | undefined {
  // A file is analyzed again whenever a module it imports changes; its own trees, and so the order, do not.
  let known = orders.get(scope);
  if (!known) orders.set(scope, (known = new Map()));
  const key = [...uses].map(([node, i]) => `${nodeId(node)}=${i}`).join(",");
  if (!known.has(key)) known.set(key, walkUses(scope, uses));
  return known.get(key);
}

const orders = new WeakMap<ts.Node, Map<string, Map<number, Set<number>> | undefined>>();
const nodeIds = new WeakMap<ts.Node, number>();
let nextNodeId = 1;

function nodeId(node: ts.Node): number {
  let id = nodeIds.get(node);
  if (id === undefined) nodeIds.set(node, (id = nextNodeId++));
  return id;
}

function walkUses(scope: ts.Node, uses: ReadonlyMap<ts.Node, number>): Map<number, Set<number>> | undefined {
  const walk = new UseOrderWalk(uses);
  try {
    const body = isFunctionLike(scope) ? scope.body : scope;
    if (body) {
      if (isFunctionLike(scope)) {
        for (const p of scope.parameters) walk.node(p, new Set([ENTRY]), 0);
      }
      walk.node(body, new Set([ENTRY]), 0);
    }
  } catch (err) {
    if (err instanceof TooDeep) return undefined;
    throw err;
  }
  return walk.previous;
}

/** Where `break`/`continue` inside a loop or switch go, and its label (`outer:`), if any. */
interface JumpTarget {
  label: string | undefined;
  states: Set<number>;
}

class UseOrderWalk {
  readonly previous = new Map<number, Set<number>>();
  private readonly breaks: JumpTarget[] = [];
  private readonly continues: JumpTarget[] = [];
  /** Per enclosing `try`: the states at each point inside it that can throw (calls, awaits, throw). */
  private readonly throwPoints: Set<number>[] = [];
  /** Per enclosing `try` with a `finally`: the states at each `return` inside it. */
  private readonly returns: Set<number>[] = [];
  private readonly useStarts: number[];

  constructor(private readonly uses: ReadonlyMap<ts.Node, number>) {
    this.useStarts = [...uses.keys()].map((n) => n.pos);
  }

  node(node: ts.Node | undefined, state: State, depth: number): State {
    if (!node || (state.size === 0 && !this.containsUse(node))) return state;
    if (depth > MAX_DEPTH) throw new TooDeep();
    const d = depth + 1;
    if (isFunctionLike(node) || ts.isClassLike(node)) return state;
    if (ts.isIfStatement(node)) {
      const afterCond = this.node(node.expression, state, d);
      return union(this.node(node.thenStatement, afterCond, d), node.elseStatement ? this.node(node.elseStatement, afterCond, d) : afterCond);
    }
    if (ts.isConditionalExpression(node)) {
      const afterCond = this.node(node.condition, state, d);
      return union(this.node(node.whenTrue, afterCond, d), this.node(node.whenFalse, afterCond, d));
    }
    if (ts.isBinaryExpression(node) && isShortCircuit(node.operatorToken.kind)) {
      const left = this.node(node.left, state, d);
      return union(left, this.node(node.right, left, d));
    }
    if (ts.isIterationStatement(node, false)) return this.iteration(node, state, d);
    if (ts.isSwitchStatement(node)) return this.switchStatement(node, state, d);
    if (ts.isTryStatement(node)) return this.tryStatement(node, state, d);
    if (ts.isAwaitExpression(node)) {
      const awaited = this.awaitedUse(node, state, d);
      if (awaited) return awaited;
    }
    if (ts.isBreakStatement(node) || ts.isContinueStatement(node)) return this.jump(node, state);
    if (ts.isReturnStatement(node) || ts.isThrowStatement(node)) {
      const s = this.node(node.expression, state, d);
      if (ts.isThrowStatement(node)) this.mayThrowHere(s);
      else for (const x of s) this.returns[this.returns.length - 1]?.add(x);
      return DEAD;
    }
    // Everything else runs its children in order, then itself (arguments before the call).
    const s = this.children(node, state, d);
    if (ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isAwaitExpression(node)) this.mayThrowHere(s);
    const index = this.uses.get(node);
    return index === undefined ? s : this.use(index, s);
  }

  private children(node: ts.Node, state: State, d: number): State {
    let s = state;
    node.forEachChild((child) => {
      s = this.node(child, s, d);
    });
    return s;
  }

  private iteration(node: ts.IterationStatement, state: State, d: number): State {
    if (ts.isWhileStatement(node)) {
      return this.loop(node, this.node(node.expression, state, d), (s) => this.node(node.expression, this.node(node.statement, s, d), d));
    }
    if (ts.isDoStatement(node)) {
      return this.loop(node, state, (s) => this.node(node.expression, this.node(node.statement, s, d), d));
    }
    if (ts.isForStatement(node)) {
      const init = this.node(node.condition, this.node(node.initializer, state, d), d);
      return this.loop(node, init, (s) => this.node(node.condition, this.node(node.incrementor, this.node(node.statement, s, d), d), d));
    }
    const forEach = node as ts.ForOfStatement | ts.ForInStatement;
    const index = this.uses.get(forEach.expression);
    if (index !== undefined && ts.isForOfStatement(forEach)) {
      // `for await (const m of sock)`: each iteration receives, then runs the body.
      return this.loop(forEach, state, (s) => this.node(forEach.statement, this.use(index, s), d));
    }
    const afterExpr = this.node(forEach.expression, state, d);
    return this.loop(forEach, afterExpr, (s) => this.node(forEach.statement, s, d));
  }

  /** Runs a loop body until the state at its head stops growing (it only grows, and sets are finite). */
  private loop(statement: ts.Node, head: State, once: (s: State) => State): State {
    let current = new Set(head);
    let exit = new Set<number>();
    const label = labelOf(statement);
    for (let pass = 0; pass < MAX_LOOP_PASSES; pass++) {
      const breaks: JumpTarget = { label, states: new Set() };
      const continues: JumpTarget = { label, states: new Set() };
      this.breaks.push(breaks);
      this.continues.push(continues);
      const out = once(current);
      this.breaks.pop();
      this.continues.pop();
      exit = union(exit, breaks.states);
      const next = union(current, out, continues.states);
      if (same(next, current)) break;
      current = next;
    }
    return union(current, exit);
  }

  private switchStatement(node: ts.SwitchStatement, state: State, d: number): State {
    const afterExpr = this.node(node.expression, state, d);
    const breaks: JumpTarget = { label: labelOf(node), states: new Set() };
    this.breaks.push(breaks);
    let fallthrough: State = DEAD;
    let hasDefault = false;
    for (const clause of node.caseBlock.clauses) {
      if (ts.isDefaultClause(clause)) hasDefault = true;
      let s: State = union(afterExpr, fallthrough);
      if (ts.isCaseClause(clause)) s = this.node(clause.expression, s, d);
      for (const st of clause.statements) s = this.node(st, s, d);
      fallthrough = s;
    }
    this.breaks.pop();
    return union(breaks.states, fallthrough, hasDefault ? DEAD : afterExpr);
  }

  private tryStatement(node: ts.TryStatement, state: State, d: number): State {
    const fin = node.finallyBlock;
    // `break`, `continue`, `return` and exceptions leaving the try or catch block run the finally block first.
    const breakTarget = this.breaks[this.breaks.length - 1];
    const continueTarget = this.continues[this.continues.length - 1];
    const breaksBefore = fin && breakTarget && new Set(breakTarget.states);
    const continuesBefore = fin && continueTarget && new Set(continueTarget.states);
    if (fin) this.returns.push(new Set());
    // The catch block starts from wherever the try block can throw: just before a call, an await or a
    // throw. A use that throws (a receive timing out) has not happened, so the catch starts before it.
    this.throwPoints.push(new Set());
    const afterTry = this.node(node.tryBlock, state, d);
    const thrown = this.throwPoints.pop()!;
    let joined: State = afterTry;
    let escaping: State = node.catchClause ? DEAD : thrown;
    if (node.catchClause) {
      if (fin) this.throwPoints.push(new Set());
      joined = union(afterTry, this.node(node.catchClause.block, thrown, d));
      if (fin) escaping = this.throwPoints.pop()!;
    }
    if (!fin) return joined;
    this.node(fin, this.returns.pop()!, d);
    this.mayThrowHere(this.node(fin, escaping, d));
    for (const [target, before] of [[breakTarget, breaksBefore], [continueTarget, continuesBefore]] as const) {
      if (!target || !before) continue;
      const crossing = new Set([...target.states].filter((x) => !before.has(x)));
      if (crossing.size === 0) continue;
      for (const x of crossing) target.states.delete(x);
      for (const x of this.node(fin, crossing, d)) target.states.add(x);
    }
    return this.node(fin, joined, d);
  }

  /** `await sock.receive()`: a rejected operation (a receive timing out) has not happened. */
  private awaitedUse(node: ts.AwaitExpression, state: State, d: number): State | undefined {
    let inner: ts.Expression = node.expression;
    while (ts.isParenthesizedExpression(inner)) inner = inner.expression;
    const index = this.uses.get(inner);
    if (index === undefined) return undefined;
    const s = this.children(inner, state, d);
    this.mayThrowHere(s);
    return this.use(index, s);
  }

  private jump(node: ts.BreakStatement | ts.ContinueStatement, state: State): State {
    const targets = ts.isBreakStatement(node) ? this.breaks : this.continues;
    // `break outer` leaves the labelled statement, not the innermost loop.
    const target = node.label ? [...targets].reverse().find((t) => t.label === node.label!.text) : targets[targets.length - 1];
    if (target) for (const x of state) target.states.add(x);
    return DEAD;
  }

  private use(index: number, state: State): State {
    let set = this.previous.get(index);
    if (!set) this.previous.set(index, (set = new Set()));
    for (const p of state) set.add(p);
    return new Set([index]);
  }

  private mayThrowHere(state: State): void {
    const target = this.throwPoints[this.throwPoints.length - 1];
    if (target) for (const x of state) target.add(x);
  }

  private containsUse(node: ts.Node): boolean {
    return this.useStarts.some((p) => p >= node.pos && p < node.end);
  }
}

function labelOf(statement: ts.Node): string | undefined {
  return ts.isLabeledStatement(statement.parent) ? statement.parent.label.text : undefined;
}

function union(...states: State[]): Set<number> {
  const out = new Set<number>();
  for (const s of states) for (const x of s) out.add(x);
  return out;
}

function same(a: State, b: State): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

function isShortCircuit(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.AmpersandAmpersandToken || kind === ts.SyntaxKind.BarBarToken ||
    kind === ts.SyntaxKind.QuestionQuestionToken || kind === ts.SyntaxKind.AmpersandAmpersandEqualsToken ||
    kind === ts.SyntaxKind.BarBarEqualsToken || kind === ts.SyntaxKind.QuestionQuestionEqualsToken;
}
