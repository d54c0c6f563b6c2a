import { ts } from "./ts";
import { enclosingClassOfThis, enclosingFunction, forEachDescendant, isFunctionLike, isWriteTarget, locationOf, MAX_CLASS_DEPTH, propertyNameText, semanticParent, unwrap } from "./ast";
import { inExclusiveBranches, isDeadBranch } from "./branches";
import { arrayCallbackItems, callSitesOf, classWithSubclasses, executingFiles, hierarchyInstantiations, isSuppliedValue, loopItems, subclassesOf, thisMemberReferencesInHierarchy, type BoundArgument, type CallSite } from "./callSites";
import type { Evaluator } from "./evaluate";
import type { EndpointUse, SocketFacts, SocketUse } from "./model";
import { optionForProperty, optionFromConstant, optionFromLibzmqId, optionFromV5Name } from "./options";
import { expressionsDenoting, type ImporterIndex } from "./references";
import { runsPerCall } from "./repetition";
import { findDeclaration, type Declaration } from "./scope";
import { assignOrder, callbackContext, callbackReadsError, promiseOutcome, sentFrames } from "./useDetails";
import { optionValue, toText, withArguments, type Env, type Thunk, type Value } from "./values";
import type { Workspace } from "./workspace";
import type { ZmqConstruct } from "./zmqApi";

/** A socket as one creation expression yields it under one chain of call sites. */
export interface SocketInstance extends SocketFacts {
  /** Identity of the holder named by `holder` (its declaration or class field), for merging repeats. */
  holderKey: string;
  position: ts.Node;
  creation: ts.Node;
  /** Files whose loading leads to this socket's creation: its programs are theirs. */
  executionFiles: string[];
  /** The outermost call site or instantiation followed ("" for none): re-creations merge only under the same one. */
  outermostFrame: string;
  /** Proxies this socket is an end of. */
  proxyRoles: { proxy: ts.Node; role: "frontend" | "backend" | "capture" }[];
}

type Holder =
  /** `origin`: the assignment that stored the socket; uses in branches exclusive with it are another socket's. */
  | { kind: "decl"; decl: Declaration; path: string[]; env: Env; origin?: ts.Node }
  | { kind: "field"; cls: ts.ClassLikeDeclaration; name: string; path: string[]; env: Env };

const MAX_FRAMES = 4;
const MAX_CHAINS = 256;

const LOGICAL_OPERATORS = new Set([ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.AmpersandAmpersandToken]);
const COMPARISONS = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken, ts.SyntaxKind.InstanceOfKeyword]);
const LOGICAL_ASSIGNMENTS = new Set([ts.SyntaxKind.QuestionQuestionEqualsToken, ts.SyntaxKind.BarBarEqualsToken]);

/** Methods recorded as they are: the rules care where sockets send, receive and close. */
const PLAIN_USES = new Map<string, SocketUse["kind"]>([
  ["receive", "receive"], ["close", "close"], ["monitor", "monitor"], ["unsubscribe", "unsubscribe"],
  ["unbind", "unbind"], ["unbindSync", "unbind"], ["disconnect", "disconnect"],
]);
/** v6 methods that return a promise. */
const V6_ASYNC = new Set(["bind", "unbind", "send", "receive"]);
const MAX_FOLLOW = 4;

/** Everything a socket-creating expression becomes: one instance per relevant chain of call sites. */
export function instancesOf(construct: Extract<ZmqConstruct, { kind: "socket" }>, ev: Evaluator, ws: Workspace, index: ImporterIndex): SocketInstance[] {
  const results: SocketInstance[] = [];
  // Each level multiplies the chains to follow: past this many, remaining chains stop expanding.
  let budget = MAX_CHAINS;
  const explore = (frames: CallSite[]): void => {
    budget--;
    const builder = new InstanceBuilder(construct, frames, ev, ws, index);
    const instance = builder.build();
    if (builder.rejectedByGuard()) return;
    const target = builder.frameTarget();
    if (target && frames.length < MAX_FRAMES && budget > 0) {
      const sites = ("loop" in target ? loopSites(target.loop, ev)
        : "instantiate" in target ? hierarchyInstantiations(target.instantiate, ws, index)
        : callSitesOf(target, ev, ws, index))
        .filter((s) => !frames.some((f) => f.result === s.result && f.loop === s.loop && s.loop !== true));
      if (sites.length > 0) {
        for (const site of sites) explore([...frames, site]);
        return;
      }
    }
    builder.decidePerCall();
    results.push(instance);
  };
  explore([]);
  return mergeRepeats(results);
}

class InstanceBuilder {
  private readonly env = new Map<ts.Node, Thunk>();
  private readonly returnTargets = new Map<ts.Node, { result: ts.Expression; env: Env }>();
  private readonly outermost: ts.FunctionLikeDeclaration | undefined;
  /** The creation, or the outermost call site or loop followed so far. */
  private readonly scopeNode: ts.Node;
  private readonly ownerClass: ts.ClassLikeDeclaration | undefined;
  /** The caller's call sites would tell more: the socket is returned, or a parameter is read. */
  private wantsCallers = false;
  /** Constructor parameters are read through `this`: `new C(...)` sites would tell more. */
  private wantsConstructor: ts.ConstructorDeclaration | undefined;
  /** The class has subclasses and creates the socket per instance: one socket per `new Sub()`. */
  private wantsInstances: ts.ClassLikeDeclaration | undefined;
  /** The socket is created inside a `for...of` over a known array whose variable it reads: one socket per element. */
  private wantsLoop: ts.VariableDeclaration | undefined;
  /** While evaluating an endpoint: a loop variable (or array-callback parameter) of a loop around the use. */
  private iteratedBy: Map<ts.Node, BoundArgument>[] | undefined;
  private collectingIteration = false;
  private readonly seenHolders = new Set<string>();
  private readonly holderIds = new Map<ts.Node, number>();
  private follows = 0;
  private readonly followedGetters = new Set<ts.Node>();
  /**
   * The class the socket was handed to with `new C(sock)` or `super(sock)`: its `this.field` uses are
   * those of C, its base classes and its subclasses, not of sibling classes sharing the same base.
   */
  private concreteClass: ts.ClassLikeDeclaration | undefined;
  /** Set when the socket flows back to a caller: the caller's holder names it better than the helper's. */
  private preferNextHolder = false;
  /** Call results the socket was returned through: a helper that returns the socket is reported at its call. */
  private readonly returnedThrough = new Set<ts.Node>();
  private readonly instance: SocketInstance;
  /** The node of each entry of `instance.uses`, to order them. */
  private readonly useNodes: ts.Node[] = [];

  constructor(
    private readonly construct: Extract<ZmqConstruct, { kind: "socket" }>,
    private readonly frames: CallSite[],
    private readonly ev: Evaluator,
    private readonly ws: Workspace,
    private readonly index: ImporterIndex,
  ) {
    let scope: ts.Node = construct.node;
    for (const frame of frames) {
      const fn = enclosingFunction(scope);
      const instantiated = this.instantiatedClass(frame.result);
      if (instantiated) this.concreteClass = instantiated;
      else if (fn && !frame.loop) this.returnTargets.set(fn, { result: frame.result, env: this.env });
      if (frame.helper) this.returnTargets.set(frame.helper.fn, { result: frame.helper.result, env: this.env });
      for (const [p, arg] of frame.bindings) this.env.set(p, isSuppliedValue(arg) ? arg : { expr: arg, env: this.env });
      scope = frame.outer;
    }
    this.outermost = enclosingFunction(scope);
    this.scopeNode = scope;
    this.ownerClass = enclosingClassOfThis(scope);
    this.instance = {
      type: "UNKNOWN", api: construct.api, holderKey: "", position: construct.node, creation: construct.node, holder: "", binds: [], connects: [],
      options: [], subscriptions: [], uses: [], context: "global", executionFiles: [], outermostFrame: "", proxyRoles: [],
      lifetime: { inFunction: this.outermost !== undefined && !ts.isConstructorDeclaration(this.outermost) && !(this.ownerClass && isInstanceInitCode(construct.node, this.ownerClass)), escapes: false, handedOff: false },
    };
  }

  /** The function whose call sites would tell more about this socket, if any. */
  frameTarget(): ts.FunctionLikeDeclaration | { loop: ts.VariableDeclaration } | { instantiate: ts.ClassLikeDeclaration } | undefined {
    if (this.wantsLoop) return { loop: this.wantsLoop };
    if (this.wantsCallers) return this.outermost;
    return this.wantsConstructor ?? (this.wantsInstances ? { instantiate: this.wantsInstances } : undefined);
  }

  /** The class a `new C(...)` or `super(...)` frame instantiates. */
  private instantiatedClass(result: ts.Expression): ts.ClassLikeDeclaration | undefined {
    if (ts.isNewExpression(result)) {
      const value = this.ev.evaluate(result.expression);
      return value.kind === "class" ? this.ev.structure(value.node) : undefined;
    }
    if (ts.isCallExpression(result) && result.expression.kind === ts.SyntaxKind.SuperKeyword) return enclosingClassOfThis(result);
    return undefined;
  }

  /**
   * A socket a base class creates for each instance (field initializer or constructor) is a different
   * socket per concrete subclass instantiated: each one's uses are its own class's.
   */
  private splitPerInstance(): void {
    const cls = this.ownerClass;
    if (!cls || this.concreteClass || this.wantsConstructor || !isInstanceInitCode(this.construct.node, cls)) return;
    if (subclassesOf(cls, this.ws, this.index).length === 0) return;
    const ctor = cls.members.find(ts.isConstructorDeclaration);
    if (ctor) this.wantsConstructor = ctor;
    else this.wantsInstances = cls;
  }

  /** This chain of call sites cannot make the socket: a lookup key or an `if`/`?:` rules the creation out. */
  rejectedByGuard(): boolean {
    if (this.frames.length > 0 && isDeadBranch(this.construct.node, this.env, this.ev)) return true;
    return this.frames.some((f) => {
      if (!f.guard) return false;
      const key = this.evaluate(f.guard.key, this.env);
      return key.kind === "string" && key.exact && key.text !== f.guard.expected;
    });
  }

  build(): SocketInstance {
    const inst = this.instance;
    inst.type = this.withHooks(() => this.construct.typeOf(this.env));
    if (this.construct.optionsArg) this.constructorOptions(this.construct.optionsArg, this.construct.optionsEnv?.(this.env) ?? this.env);
    if (this.construct.optionsOpen) inst.optionsIncomplete = true;
    this.splitPerInstance();
    this.flow(this.construct.node, [], this.env);
    if (this.construct.selfClass) this.selfUses(this.construct.selfClass);
    assignOrder(inst.uses, this.useNodes);
    const outermostFactoryCall = [...this.frames].reverse().find((f) => f.position && this.returnedThrough.has(f.result));
    if (outermostFactoryCall?.position) inst.position = outermostFactoryCall.position;
    const last = this.frames[this.frames.length - 1];
    if (last) inst.outermostFrame = `${last.result.getSourceFile().fileName}:${last.result.getStart()}`;
    const start = last ? last.outer : this.construct.node;
    inst.executionFiles = [...executingFiles(start, this.ev, this.ws, this.index)].sort();
    return inst;
  }

  /** For a socket that may leak (made in a function, kept there, never closed): whether that code runs again and again. */
  decidePerCall(): void {
    const { lifetime, uses } = this.instance;
    if (!lifetime.inFunction || lifetime.escapes || uses.some((u) => u.kind === "close" || u.kind === "events")) return;
    lifetime.perCall = runsPerCall(this.construct.node, this.frames, this.ev, this.ws, this.index);
  }

  /** The socket is an instance of a class extending a socket class: `this.bind(...)` inside it is a use. */
  private selfUses(cls: ts.ClassLikeDeclaration): void {
    const node = this.construct.node;
    const ctor = cls.members.find(ts.isConstructorDeclaration);
    const env = ctor && ts.isNewExpression(node) ? withArguments(ctor, node.arguments, this.env) : this.env;
    forEachDescendant(cls, (n) => {
      if (n.kind === ts.SyntaxKind.ThisKeyword && enclosingClassOfThis(n) === cls) this.use(n as ts.Expression, env);
    });
  }

  private withHooks<T>(fn: () => T): T {
    return this.ev.withHooks({
      onUnboundParameter: (p) => {
        const owner = p.parent;
        if (owner === this.outermost) this.wantsCallers = true;
        else if (ts.isConstructorDeclaration(owner) && this.ownerClass && owner.parent === this.ownerClass) this.wantsConstructor = owner;
        // Following the calls of a function elsewhere reads that file's code, not only its values.
        else if (this.collectingIteration && !this.iteratedBy) this.iteratedBy = this.iterationOf(this.ev.structure(p));
      },
      onUnboundLoopVariable: (decl) => {
        const loop = decl.parent.parent;
        if (loop.pos <= this.scopeNode.pos && this.scopeNode.end <= loop.end) {
          this.wantsLoop ??= decl;
        } else if (this.collectingIteration && !this.iteratedBy) {
          this.iteratedBy = loopItems(this.ev.structure(decl), this.ev, this.env)?.map((item) => new Map([[decl, item]]));
        }
      },
    }, fn);
  }

  private evaluate(expr: ts.Expression, env: Env): Value {
    return this.withHooks(() => this.ev.evaluate(expr, env));
  }

  private constructorOptions(arg: ts.Expression, env: Env): void {
    const value = this.evaluate(arg, env);
    if (value.kind !== "object" || !value.complete) this.instance.optionsIncomplete = true;
    if (value.kind !== "object") return;
    const location = locationOf(arg);
    for (const [key, thunk] of value.props) {
      if (key === "context") {
        this.instance.context = this.contextOf(thunk);
        continue;
      }
      const name = optionForProperty(this.construct.api, key);
      if (name) this.instance.options.push({ name, value: optionValue(this.withHooks(() => this.ev.force(thunk))), location: "expr" in thunk ? locationOf(thunk.expr) : location, via: "constructor" });
    }
  }

  private contextOf(thunk: Thunk): string {
    const v = this.withHooks(() => this.ev.force(thunk));
    if (v.kind === "context") return v.id;
    if (v.kind === "zmq" && v.path.length === 1 && v.path[0] === "context") return "global";
    return `unknown:${"expr" in thunk ? thunk.expr.getText() : "?"}`;
  }

  /** Follows the socket from an expression that yields it to whatever holds it. */
  private flow(start: ts.Node, suffix: string[], env: Env): void {
    // `cond ? new A() : new B()`, `cached ?? new A()`: the whole expression is the socket. Climbed in a
    // loop, not by recursion: generated `a || b || ...` chains can be very long.
    let expr = start;
    for (;;) {
      const up = semanticParent(expr);
      const p = up.parent;
      if (p && ((ts.isConditionalExpression(p) && p.condition !== up.child) ||
          (ts.isBinaryExpression(p) && LOGICAL_OPERATORS.has(p.operatorToken.kind)))) {
        expr = p;
        continue;
      }
      break;
    }
    const { parent, child } = semanticParent(expr);
    if (!parent) return;
    if (ts.isVariableDeclaration(parent) && parent.initializer === child) {
      if (ts.isIdentifier(parent.name)) this.addHolder({ kind: "decl", decl: parent, path: suffix, env, origin: parent });
      return;
    }
    if (ts.isBinaryExpression(parent) && parent.right === child && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      this.assignTarget(parent.left, suffix, env);
      return;
    }
    // `cached ??= new zmq.Request()` stores the socket and is the socket.
    if (ts.isBinaryExpression(parent) && parent.right === child && LOGICAL_ASSIGNMENTS.has(parent.operatorToken.kind)) {
      this.assignTarget(parent.left, suffix, env);
      this.flow(parent, suffix, env);
      return;
    }
    if (ts.isPropertyDeclaration(parent) && parent.initializer === child && ts.isClassLike(parent.parent)) {
      const name = propertyNameText(parent.name);
      if (name) this.addHolder({ kind: "field", cls: parent.parent, name, path: suffix, env });
      return;
    }
    if ((ts.isPropertyAssignment(parent) && parent.initializer === child) || ts.isShorthandPropertyAssignment(parent)) {
      const name = propertyNameText(parent.name);
      if (name !== undefined) this.flow(parent.parent, [name, ...suffix], env);
      return;
    }
    if (ts.isReturnStatement(parent) || (ts.isArrowFunction(parent) && parent.body === child)) {
      const fn = ts.isReturnStatement(parent) ? enclosingFunction(parent) : parent;
      if (!fn) return;
      // A getter hands out the same socket on every access: each `this.sock` is this socket.
      if (ts.isGetAccessorDeclaration(fn) && ts.isClassLike(fn.parent) && suffix.length === 0) {
        const name = propertyNameText(fn.name);
        if (name !== undefined && !this.followedGetters.has(fn)) {
          this.followedGetters.add(fn);
          for (const ref of thisMemberReferencesInHierarchy(fn.parent, name, this.ws, this.index)) this.use(ref, env);
        }
        return;
      }
      const target = this.returnTargets.get(fn);
      if (target) {
        this.preferNextHolder = true;
        this.returnedThrough.add(target.result);
        this.flow(target.result, suffix, target.env);
      }
      else {
        if (fn === this.outermost) this.wantsCallers = true;
        this.handOff();
      }
      return;
    }
    if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(child as ts.Expression)) {
      this.passedAsArgument(parent, parent.arguments.indexOf(child as ts.Expression), suffix, env);
      return;
    }
    if (ts.isPropertyAccessExpression(parent) && parent.expression === child && suffix.length === 0) {
      this.use(child as ts.Expression, env);
      return;
    }
    if (ts.isExpressionStatement(parent)) return;
    // `sock === undefined` only looks at it, `this.sock = other` overwrites the holder; anything else
    // (an array element, a spread...) hands it on.
    if (ts.isBinaryExpression(parent) && COMPARISONS.has(parent.operatorToken.kind)) return;
    if (ts.isBinaryExpression(parent) && parent.left === child) this.instance.lifetime.escapes = true;
    else this.handOff();
  }

  private assignTarget(target: ts.Expression, suffix: string[], env: Env): void {
    const t = unwrap(target);
    const path: string[] = [];
    let base: ts.Expression = t;
    while (ts.isPropertyAccessExpression(base) || (ts.isElementAccessExpression(base) && ts.isStringLiteralLike(base.argumentExpression))) {
      path.unshift(ts.isPropertyAccessExpression(base) ? base.name.text : (base.argumentExpression as ts.StringLiteralLike).text);
      base = unwrap(base.expression);
    }
    if (base.kind === ts.SyntaxKind.ThisKeyword && path.length > 0) {
      const cls = enclosingClassOfThis(base);
      if (cls) this.addHolder({ kind: "field", cls, name: path[0]!, path: [...path.slice(1), ...suffix], env });
      return;
    }
    if (ts.isIdentifier(base)) {
      const decl = findDeclaration(base);
      if (decl) this.addHolder({ kind: "decl", decl, path: [...path, ...suffix], env, origin: target });
    }
  }

  private passedAsArgument(call: ts.CallExpression | ts.NewExpression, argIndex: number, suffix: string[], env: Env): void {
    const calleeValue = this.evaluate(call.expression, env);
    if (calleeValue.kind === "zmq" && calleeValue.path.length === 1) {
      const name = calleeValue.path[0];
      this.instance.lifetime.escapes = true;
      if (name === "Proxy" && ts.isNewExpression(call) && argIndex < 2) {
        this.flow(call, [argIndex === 0 ? "frontEnd" : "backEnd", ...suffix], env);
        this.instance.proxyRoles.push({ proxy: call, role: argIndex === 0 ? "frontend" : "backend" });
      } else if (name === "proxy") {
        this.instance.proxyRoles.push({ proxy: call, role: argIndex === 0 ? "frontend" : argIndex === 1 ? "backend" : "capture" });
      }
      return;
    }
    if (this.follows >= MAX_FOLLOW) {
      this.handOff();
      return;
    }
    let fn: ts.SignatureDeclarationBase | undefined;
    let cls: ts.ClassLikeDeclaration | undefined;
    if (calleeValue.kind === "function") fn = this.ev.structure(calleeValue.node);
    else if (calleeValue.kind === "class" && ts.isNewExpression(call)) {
      ({ ctor: fn, cls } = this.constructorOf(this.ev.structure(calleeValue.node)));
      this.concreteClass ??= calleeValue.node;
    } else if (call.expression.kind === ts.SyntaxKind.SuperKeyword) {
      const own = enclosingClassOfThis(call);
      const base = this.ev.baseClassOf(own);
      if (base) ({ ctor: fn, cls } = this.constructorOf(base));
      this.concreteClass ??= own;
    }
    const param = fn?.parameters[argIndex];
    // A declaration without a body (`declare function`, a .d.ts) is code the analysis cannot follow.
    if (!fn || !(fn as ts.FunctionLikeDeclaration).body || !param || param.dotDotDotToken || !ts.isIdentifier(param.name)) {
      this.handOff(!isBookkeeping(call));
      return;
    }
    this.follows++;
    const inner = withArguments(fn, call.arguments, env);
    // Set before following the parameter: `return sock` inside must flow back to this call.
    if (!cls && (ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isArrowFunction(fn) || ts.isMethodDeclaration(fn))) {
      this.returnTargets.set(fn, { result: call, env });
    }
    if (cls && ts.isConstructorDeclaration(fn) && ts.isParameterPropertyDeclaration(param, fn)) {
      this.addHolder({ kind: "field", cls, name: param.name.text, path: suffix, env: inner });
    }
    this.addHolder({ kind: "decl", decl: param, path: suffix, env: inner });
  }

  /** The constructor `new C()` runs: C's own, or the nearest base class's when C declares none. */
  private constructorOf(cls: ts.ClassLikeDeclaration): { ctor?: ts.ConstructorDeclaration; cls: ts.ClassLikeDeclaration } {
    let current: ts.ClassLikeDeclaration | undefined = cls;
    for (let depth = 0; current && depth < MAX_CLASS_DEPTH; depth++) {
      const ctor = current.members.find(ts.isConstructorDeclaration);
      if (ctor) return { ctor, cls: current };
      current = this.ev.baseClassOf(current);
    }
    return { cls };
  }

  /** The class, its base classes and its subclasses. */
  private lineageOf(cls: ts.ClassLikeDeclaration): Set<ts.ClassLikeDeclaration> {
    const lineage = new Set<ts.ClassLikeDeclaration>();
    for (let c: ts.ClassLikeDeclaration | undefined = cls, d = 0; c && d < MAX_CLASS_DEPTH; c = this.ev.baseClassOf(c), d++) lineage.add(c);
    for (const c of classWithSubclasses(cls, this.ws, this.index)) lineage.add(c);
    return lineage;
  }

  private holderKey(h: Holder): string {
    const node = h.kind === "decl" ? h.decl : h.cls;
    let id = this.holderIds.get(node);
    if (id === undefined) {
      id = this.holderIds.size;
      this.holderIds.set(node, id);
    }
    return `${id}:${h.kind === "field" ? h.name + "." : ""}${h.path.join(".")}`;
  }

  private addHolder(h: Holder): void {
    const key = this.holderKey(h);
    if (this.seenHolders.has(key)) return;
    this.seenHolders.add(key);
    if (!this.instance.holder || this.preferNextHolder) {
      this.preferNextHolder = false;
      // Only a field or a module-level variable outlives one call: re-creating a socket into it is the same socket.
      const rootNode = h.kind === "decl" ? h.decl : h.cls;
      const longLived = h.kind === "field" || (ts.isVariableDeclaration(h.decl) && !enclosingFunction(h.decl));
      this.instance.holderKey = longLived ? `${rootNode.getSourceFile().fileName}:${rootNode.pos}:${h.kind === "field" ? h.name : ""}:${h.path.join(".")}` : "";
      const root = h.kind === "field" ? `this.${h.name}` : ((h.decl as { name?: ts.Node }).name?.getText() ?? "");
      this.instance.holder = [root, ...h.path].join(".");
    }
    let refs: ts.Expression[] = h.kind === "field"
      ? thisMemberReferencesInHierarchy(h.cls, h.name, this.ws, this.index)
      : expressionsDenoting(h.decl, this.ws, this.index);
    if (h.kind === "decl" && h.origin) {
      const origin = h.origin;
      refs = reachedBy(h.decl, origin, refs.filter((ref) => !inExclusiveBranches(origin, ref)));
    }
    if (h.kind === "field" && this.concreteClass) {
      const lineage = this.lineageOf(this.concreteClass);
      refs = refs.filter((ref) => {
        const owner = enclosingClassOfThis(ref);
        return !owner || lineage.has(owner);
      });
    }
    if (h.kind === "field" || (ts.isVariableDeclaration(h.decl) && !enclosingFunction(h.decl))) this.instance.lifetime.escapes = true;
    const home = h.kind === "decl" ? enclosingFunction(h.decl) : undefined;
    for (const ref of refs) {
      const target = consumePath(ref, h.path);
      if (!target) continue;
      // Captured by a closure: the socket lives as long as the callback can run.
      if (h.kind === "decl" && enclosingFunction(ref) !== home) this.instance.lifetime.escapes = true;
      this.use(target, h.env);
    }
  }

  /** The socket goes to code the analysis does not follow, which may use it or (`mayConfigure`) set options on it. */
  private handOff(mayConfigure = true): void {
    this.instance.lifetime.escapes = true;
    this.instance.lifetime.handedOff = true;
    if (mayConfigure) this.instance.optionsIncomplete = true;
  }

  /** `node` denotes the socket: record what the code does with it. */
  private use(node: ts.Expression, env: Env): void {
    if (isDeadBranch(node, env, this.ev)) return;
    const { parent, child } = semanticParent(node);
    if (ts.isPropertyAccessExpression(parent) && parent.expression === child) {
      const member = parent.name.text;
      // `sock.events.on("disconnect", ...)`, `for await (const e of sock.events)`: the v6 event observer.
      if (member === "events" && this.construct.api === "v6") {
        this.addUse("events", parent);
        return;
      }
      const up = semanticParent(parent);
      if (ts.isCallExpression(up.parent) && up.parent.expression === up.child) {
        this.methodCall(member, up.parent, env);
      } else if (ts.isBinaryExpression(up.parent) && up.parent.left === up.child && up.parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        this.propertySet(member, up.parent.right, env);
      }
      return;
    }
    if (ts.isForOfStatement(parent) && parent.expression === child) {
      this.addUse("receive", parent.expression);
      return;
    }
    if (ts.isVariableDeclaration(parent) || ts.isBinaryExpression(parent) || ts.isReturnStatement(parent) ||
        ts.isCallExpression(parent) || ts.isNewExpression(parent) || ts.isPropertyAssignment(parent) ||
        ts.isShorthandPropertyAssignment(parent) || ts.isArrowFunction(parent) ||
        ts.isArrayLiteralExpression(parent) || ts.isSpreadElement(parent) || (ts.isConditionalExpression(parent) && parent.condition !== child)) {
      this.flow(node, [], env);
    }
  }

  /**
   * The bindings under which a use runs several times, for a parameter read at the use: an array
   * callback's element (`endpoints.forEach((ep) => sock.connect(ep))`), or the arguments of each call
   * of the method the use sits in (`broker.start(5555)` for `this.frontend.bind(...port...)` in `start`).
   */
  private iterationOf(p: ts.ParameterDeclaration): Map<ts.Node, BoundArgument>[] | undefined {
    const owner = p.parent;
    if ((ts.isArrowFunction(owner) || ts.isFunctionExpression(owner)) && owner.parameters[0] === p &&
        ts.isCallExpression(owner.parent) && owner.parent.arguments[0] === owner) {
      return arrayCallbackItems(owner.parent, this.ev, this.env)?.map((item) => new Map([[p, item]]));
    }
    if (ts.isMethodDeclaration(owner) && ts.isClassLike(owner.parent)) {
      const sites = callSitesOf(owner, this.ev, this.ws, this.index);
      return sites.length > 0 ? sites.map((site) => site.bindings) : undefined;
    }
    return undefined;
  }

  /**
   * An endpoint argument's value, or one value per run when the use runs several times: in a loop over a
   * known array (`for (const ep of endpoints) sock.bind(ep)`) or in a method called with different arguments.
   */
  private endpointValues(arg: ts.Expression, env: Env): Value[] {
    this.collectingIteration = true;
    this.iteratedBy = undefined;
    let first: Value;
    try {
      first = this.evaluate(arg, env);
    } finally {
      this.collectingIteration = false;
    }
    const runs = this.takeIteration();
    if (!runs) return [first];
    const values: Value[] = [];
    for (const bindings of runs) {
      const inner = new Map(env);
      for (const [node, bound] of bindings) inner.set(node, isSuppliedValue(bound) ? bound : { expr: bound, env });
      // `if (!feed.enabled) continue;` before the bind: this element binds nothing.
      if (!isDeadBranch(arg, inner, this.ev)) values.push(this.evaluate(arg, inner));
    }
    return values;
  }

  /** What the hooks found while evaluating (a method call resets the compiler's narrowing of the field). */
  private takeIteration(): Map<ts.Node, BoundArgument>[] | undefined {
    const runs = this.iteratedBy;
    this.iteratedBy = undefined;
    return runs;
  }

  private addUse(kind: SocketUse["kind"], node: ts.Node, details: Partial<SocketUse> = {}): void {
    const uses = this.instance.uses;
    if (this.useNodes.some((n, i) => n === node && uses[i]!.kind === kind)) return;
    this.useNodes.push(node);
    uses.push({ kind, location: locationOf(node), ...details, ...callbackContext(node) });
  }

  /** The promise outcome of a v6 async method call; undefined for the other APIs, whose methods return nothing to await. */
  private outcomeOf(name: string, call: ts.CallExpression): Partial<SocketUse> {
    return this.construct.api === "v6" && V6_ASYNC.has(name) ? { outcome: promiseOutcome(call) } : {};
  }

  private methodCall(name: string, call: ts.CallExpression, env: Env): void {
    const inst = this.instance;
    const args = call.arguments;
    const location = locationOf(call);
    switch (name) {
      case "bind":
      case "bindSync":
      case "connect": {
        const arg = args[0];
        if (!arg) return;
        const kind = name === "connect" ? "connect" : "bind";
        const callback = name === "bind" && this.construct.api !== "v6" && args[1] ? callbackReadsError(args[1]) : undefined;
        this.addUse(kind, call, { ...this.outcomeOf(name, call), ...(callback === undefined ? {} : { callbackReadsError: callback }) });
        for (const value of this.endpointValues(arg, env)) {
          const t = toText(value);
          const use: EndpointUse = { kind, text: t.text, exact: t.exact, overridableBy: [...new Set(t.env)], location: locationOf(arg) };
          (kind === "bind" ? inst.binds : inst.connects).push(use);
        }
        return;
      }
      case "send": {
        const frames = args[0] ? sentFrames(args[0], (e) => this.evaluate(e, env)) : undefined;
        const flags = this.construct.api !== "v6" && args[1] && !isFunctionArgument(args[1]) && mayHoldSendMore(this.evaluate(args[1], env));
        this.addUse("send", call, { ...this.outcomeOf(name, call), ...(frames ? { frames } : {}), ...(flags ? { flags: true } : {}) });
        return;
      }
      case "subscribe":
        if (args.length === 0) inst.subscriptions.push({ value: "", location });
        for (const a of args) inst.subscriptions.push({ value: stringOrNull(this.evaluate(a, env)), location: locationOf(a) });
        this.addUse("subscribe", call);
        return;
      case "setsockopt":
        if (args[0] && args[1]) this.setsockopt(call, args[0], args[1], env);
        return;
      case "on":
      case "once":
        this.addUse(args[0] && ts.isStringLiteralLike(args[0]) && args[0].text === "message" ? "receive" : "events", call);
        return;
      default: {
        const kind = PLAIN_USES.get(name);
        if (kind) this.addUse(kind, call, this.outcomeOf(name, call));
      }
    }
  }
  private setsockopt(call: ts.CallExpression, keyExpr: ts.Expression, valueExpr: ts.Expression, env: Env): void {
    const key = this.evaluate(keyExpr, env);
    let name: string | undefined;
    if (key.kind === "zmq" && key.path.length === 1) name = optionFromConstant(key.path[0]!);
    else if (key.kind === "string" && key.exact) name = optionFromV5Name(key.text);
    else if (key.kind === "number") name = optionFromLibzmqId(key.value);
    if (!name) {
      if (key.kind === "unknown") this.instance.optionsIncomplete = true;
      return;
    }
    const value = this.evaluate(valueExpr, env);
    const location = locationOf(call);
    if (name === "subscribe") {
      this.instance.subscriptions.push({ value: stringOrNull(value), location });
      this.addUse("subscribe", call);
      return;
    }
    if (name === "unsubscribe") return;
    this.instance.options.push({ name, value: optionValue(value), location, via: "setsockopt" });
    this.addUse("option", call, { option: name });
  }

  private propertySet(member: string, rhs: ts.Expression, env: Env): void {
    const name = optionForProperty(this.construct.api, member);
    if (!name) return;
    this.instance.options.push({ name, value: optionValue(this.evaluate(rhs, env)), location: locationOf(rhs.parent), via: "property" });
    this.addUse("option", rhs.parent, { option: name });
  }
}

/**
 * Call sites that yield the same socket facts into the same holder are one socket re-created
 * (Lazy Pirate's close-and-reopen), not two: keep the first.
 */
function mergeRepeats(instances: SocketInstance[]): SocketInstance[] {
  const seen = new Set<string>();
  return instances.filter((inst) => {
    const key = JSON.stringify([inst.holderKey, inst.outermostFrame, inst.executionFiles, inst.type, inst.context,
      inst.binds.map((b) => b.text), inst.connects.map((c) => c.text), inst.options.map((o) => [o.name, o.value])]);
    if (!inst.holderKey || !seen.has(key)) {
      seen.add(key);
      return true;
    }
    return false;
  }).sort((a, b) => a.position.getStart() - b.position.getStart() || (a.position.getSourceFile().fileName < b.position.getSourceFile().fileName ? -1 : 1));
}

/** From a reference to the holder's root, walks `.a.b` of the holder's path; undefined when the access differs. */
function consumePath(ref: ts.Expression, path: string[]): ts.Expression | undefined {
  let node: ts.Expression = ref;
  for (const segment of path) {
    const { parent, child } = semanticParent(node);
    if (ts.isPropertyAccessExpression(parent) && parent.expression === child && parent.name.text === segment) node = parent;
    else if (ts.isElementAccessExpression(parent) && parent.expression === child && ts.isStringLiteralLike(parent.argumentExpression) && parent.argumentExpression.text === segment) node = parent;
    else return undefined;
  }
  return node;
}

/** Collection and logging methods (`inFlight.add(sock)`, `log.info(sock)`): they keep or print a socket, never configure it. */
const BOOKKEEPING_METHODS = new Set([
  "add", "has", "delete", "push", "unshift", "set", "get", "includes", "indexOf", "splice",
  "log", "info", "warn", "error", "debug", "trace",
]);

function isBookkeeping(call: ts.CallExpression | ts.NewExpression): boolean {
  return ts.isCallExpression(call) && ts.isPropertyAccessExpression(call.expression) && BOOKKEEPING_METHODS.has(call.expression.name.text);
}

/** ZMQ_SNDMORE is 2: a flags value without that bit (`0`, `zmq.ZMQ_DONTWAIT`) sends a whole message. */
function mayHoldSendMore(flags: Value): boolean {
  if (flags.kind === "number") return (flags.value & 2) !== 0;
  if (flags.kind === "zmq" && flags.path.length === 1) return flags.path[0] === "ZMQ_SNDMORE";
  return true;
}

function isFunctionArgument(arg: ts.Expression): boolean {
  return ts.isArrowFunction(arg) || ts.isFunctionExpression(arg);
}

function stringOrNull(v: Value): string | null {
  if (v.kind === "string" && v.exact) return v.text;
  if (v.kind === "number") return String(v.value);
  return null;
}

/** One frame per element of the array a `for...of` loop iterates. */
function loopSites(decl: ts.VariableDeclaration, ev: Evaluator): CallSite[] {
  const loop = decl.parent.parent as ts.ForOfStatement;
  return (loopItems(decl, ev) ?? []).map((item) => ({ result: loop.expression, bindings: new Map([[decl, item]]), outer: loop, loop: true }));
}

/** Field initializers and constructor code run once per instance. */
function isInstanceInitCode(node: ts.Node, cls: ts.ClassLikeDeclaration): boolean {
  for (let n: ts.Node | undefined = node.parent; n && n !== cls; n = n.parent) {
    if (ts.isPropertyDeclaration(n) && n.parent === cls) return !(ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
    if (ts.isConstructorDeclaration(n) && n.parent === cls) return true;
    if (isFunctionLike(n)) return false;
  }
  return false;
}

/**
 * For a variable assigned several sockets (`let sock = new Request(); ... sock = new Request();`), the
 * references the write at `origin` reaches: in a function with writes, those after the nearest earlier
 * write when that write is `origin`; references in functions without writes stay ambiguous and are kept.
 */
function reachedBy(decl: Declaration, origin: ts.Node, refs: ts.Expression[]): ts.Expression[] {
  if (!ts.isVariableDeclaration(decl) || decl.parent.flags & ts.NodeFlags.Const) return refs;
  const writes: ts.Node[] = refs.filter(isWriteTarget);
  if (decl.initializer) writes.push(decl);
  if (writes.length <= 1) return refs;
  const originWrite = ts.isVariableDeclaration(origin) ? origin : unwrap(origin as ts.Expression);
  return refs.filter((ref) => {
    if (ref === originWrite) return true;
    const fn = enclosingFunction(ref);
    let nearest: ts.Node | undefined;
    for (const w of writes) {
      if (w !== ref && enclosingFunction(w) === fn && w.getStart() < ref.getStart() && (!nearest || w.getStart() > nearest.getStart())) nearest = w;
    }
    if (nearest) return nearest === originWrite;
    // Before our own write in the same function: an earlier socket's use.
    return !(enclosingFunction(originWrite) === fn && originWrite.getStart() > ref.getStart());
  });
}
