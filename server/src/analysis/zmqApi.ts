import { ts } from "./ts";
import { extendsExpression, forEachDescendant, isFunctionLike, MAX_CLASS_DEPTH, unwrap } from "./ast";
import { findDeclaration } from "./scope";
import type { Evaluator } from "./evaluate";
import type { ZmqApi } from "./model";
import { DRAFT_CLASSES, socketTypeFromConstant, socketTypeFromValue, v6ClassSocketType, type SocketType } from "./socketTypes";
import { withArguments, type Env, type Value } from "./values";

/** A recognized `new zmq.Request()`, `zmq.socket("req")`, `new zmq.Proxy(a, b)` or `zmq.proxy(a, b)`. */
export type ZmqConstruct =
  | {
      kind: "socket"; node: ts.NewExpression | ts.CallExpression; api: ZmqApi; typeOf(env: Env): SocketType; optionsArg?: ts.Expression;
      /** Where `optionsArg` is evaluated, when it is not the creation's own environment (a subclass constructor's `super(opts)`). */
      optionsEnv?(env: Env): Env;
      /** Options are passed in a way the analysis does not follow: the socket may have options it does not list. */
      optionsOpen?: boolean;
      /** A class that extends a socket class: inside it, `this` is the socket. */
      selfClass?: ts.ClassLikeDeclaration;
    }
  | { kind: "proxy"; node: ts.NewExpression | ts.CallExpression; api: ZmqApi };

const V5_FACTORIES = new Set(["socket", "createSocket"]);
const NOT_ZMQ_CONSTRUCTORS = new Set(["Map", "Set", "WeakMap", "WeakSet", "Error", "TypeError", "Promise", "URL", "Date", "Array", "Worker", "RegExp", "Uint8Array", "Buffer", "AbortController", "EventEmitter"]);

function apiOfPackage(pkg: string): ZmqApi {
  if (pkg === "zeromq/v5-compat") return "v5-compat";
  if (pkg === "zmq") return "v5";
  return "v6";
}

/** Reads a v5 type argument: "req", zmq.ZMQ_REQ, 3. */
function socketTypeOfValue(value: Value): SocketType {
  if (value.kind === "string" && value.exact) return socketTypeFromValue(value.text);
  if (value.kind === "number") return socketTypeFromValue(value.value);
  if (value.kind === "zmq" && value.path.length === 1) return socketTypeFromConstant(value.path[0]!) ?? "UNKNOWN";
  return "UNKNOWN";
}

function followLocalAlias(expr: ts.Expression): ts.Expression {
  let e = expr;
  for (let i = 0; i < 3 && ts.isIdentifier(e); i++) {
    const decl = findDeclaration(e);
    if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer) break;
    e = unwrap(decl.initializer);
  }
  return e;
}

function v6ClassType(value: Value): SocketType | undefined {
  if (value.kind !== "zmq" || value.path.length !== 1) return undefined;
  const name = value.path[0]!;
  if (DRAFT_CLASSES.has(name) && value.pkg !== "zeromq/draft") return undefined;
  return v6ClassSocketType(name);
}

/** Whether `node` constructs a ZeroMQ socket or proxy; undefined for everything else. */
export function classifyConstruct(node: ts.Node, ev: Evaluator): ZmqConstruct | undefined {
  if (ts.isNewExpression(node)) {
    const callee = unwrap(node.expression);
    if (ts.isIdentifier(callee) && NOT_ZMQ_CONSTRUCTORS.has(callee.text)) return undefined;
    const value = ev.evaluate(callee);
    const classType = v6ClassType(value);
    if (classType) {
      return { kind: "socket", node, api: "v6", typeOf: () => classType, optionsArg: node.arguments?.[0] };
    }
    if (value.kind === "zmq" && value.path.length === 1) {
      const name = value.path[0];
      if (name === "Proxy") return { kind: "proxy", node, api: "v6" };
      if (name === "Socket" && node.arguments?.[0]) {
        const typeArg = node.arguments[0];
        return { kind: "socket", node, api: value.pkg === "zeromq" ? "v5" : apiOfPackage(value.pkg), typeOf: (env) => socketTypeOfValue(ev.evaluate(typeArg, env)) };
      }
    }
    if (value.kind === "class" || value.kind === "function") {
      const wrapper = socketWrapper(value, node, ev);
      if (wrapper) return wrapper;
    }
    // A class picked from a lookup table by a key known only at the call site: `new ctorByKind[kind]()`,
    // possibly through a local: `const Ctor = ctorByKind[kind]; new Ctor()`.
    const picked = followLocalAlias(callee);
    if (ts.isElementAccessExpression(picked)) {
      const table = ev.evaluate(picked.expression);
      if (table.kind === "object" && table.props.size > 0 && [...table.props.values()].every((t) => v6ClassType(ev.force(t)))) {
        return {
          kind: "socket", node, api: "v6", optionsArg: node.arguments?.[0],
          typeOf: (env) => v6ClassType(ev.evaluate(callee, env)) ?? "UNKNOWN",
        };
      }
    }
    return undefined;
  }
  if (ts.isCallExpression(node)) {
    const callee = unwrap(node.expression);
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
    if (!name || !(V5_FACTORIES.has(name) || name === "proxy")) return undefined;
    const value = ev.evaluate(callee);
    if (value.kind !== "zmq" || value.path.length !== 1) return undefined;
    const api: ZmqApi = value.pkg === "zeromq/v5-compat" ? "v5-compat" : "v5";
    if (value.path[0] === "proxy") return { kind: "proxy", node, api };
    if (!V5_FACTORIES.has(value.path[0]!)) return undefined;
    const typeArg = node.arguments[0];
    return {
      kind: "socket", node, api, optionsArg: node.arguments[1],
      typeOf: (env) => (typeArg ? socketTypeOfValue(ev.evaluate(typeArg, env)) : "UNKNOWN"),
    };
  }
  return undefined;
}

/** Cheap syntactic filter before evaluation: could this node construct a socket? */
export function mightConstruct(node: ts.Node): boolean {
  if (ts.isNewExpression(node)) return true;
  if (!ts.isCallExpression(node)) return false;
  const callee = node.expression;
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
  return name !== undefined && (V5_FACTORIES.has(name) || name === "proxy");
}

/**
 * `new MySocket()` where `class MySocket extends zmq.Dealer`, `class JmpSocket extends zmq.Socket { constructor(t) { super(t) } }`,
 * or the ES5 form `function Socket(type) { zmq.Socket.call(this, type) }` (n-riesco/jmp).
 */
function socketWrapper(value: Value, node: ts.NewExpression, ev: Evaluator): ZmqConstruct | undefined {
  const args = node.arguments ?? [];
  const bindArgs = (fn: ts.SignatureDeclarationBase, env: Env) => withArguments(fn, args, env);
  if (value.kind === "function") {
    const fn = ev.structure(value.node);
    const call = fn.body && findSocketSuperCall(fn.body, ev, true);
    if (!call) return undefined;
    const typeArg = call.arguments[1];
    return { kind: "socket", node, api: "v5", typeOf: (env) => (typeArg ? socketTypeOfValue(ev.evaluate(typeArg, bindArgs(fn, env))) : "UNKNOWN") };
  }
  if (value.kind !== "class") return undefined;
  // Walk up the extends chain to a zeromq class, remembering the constructors on the way.
  let cls: ts.ClassLikeDeclaration = ev.structure(value.node);
  for (let depth = 0; depth < MAX_CLASS_DEPTH; depth++) {
    const heritage = extendsExpression(cls);
    if (!heritage) return undefined;
    const base = ev.evaluate(heritage);
    const type = v6ClassType(base);
    if (type) return { kind: "socket", node, api: "v6", typeOf: () => type, selfClass: value.node, ...subclassOptions(value.node, cls, args, ev) };
    if (base.kind === "zmq" && base.path.length === 1 && base.path[0] === "Socket") {
      const ctor = value.node.members.find(ts.isConstructorDeclaration);
      const superCall = ctor?.body && findSocketSuperCall(ctor.body, ev, false);
      const typeArg = superCall?.arguments[0];
      return {
        kind: "socket", node, api: base.pkg === "zeromq/v5-compat" ? "v5-compat" : "v5", selfClass: value.node,
        typeOf: (env) => (typeArg && ctor ? socketTypeOfValue(ev.evaluate(typeArg, bindArgs(ctor, env))) : "UNKNOWN"),
      };
    }
    if (base.kind !== "class") return undefined;
    cls = ev.structure(base.node);
  }
  return undefined;
}

/**
 * Where a v6 socket subclass gets its options: the `new` arguments when no class on the way declares a
 * constructor; a constructor's `super(opts)` (with its parameters bound to the `new` arguments) when the
 * class extending the zeromq class declares it; not followed when a constructor sits deeper in the chain.
 */
function subclassOptions(instantiated: ts.ClassLikeDeclaration, direct: ts.ClassLikeDeclaration, args: readonly ts.Expression[], ev: Evaluator):
    Pick<Extract<ZmqConstruct, { kind: "socket" }>, "optionsArg" | "optionsEnv" | "optionsOpen"> {
  for (let c: ts.ClassLikeDeclaration | undefined = instantiated, depth = 0; c && depth < MAX_CLASS_DEPTH; c = c === direct ? undefined : ev.baseClassOf(c), depth++) {
    const ctor = c.members.find(ts.isConstructorDeclaration);
    if (!ctor) continue;
    const superCall = c === direct && ctor.body ? findSocketSuperCall(ctor.body, ev, false) : undefined;
    if (!superCall) return { optionsOpen: true };
    return { optionsArg: superCall.arguments[0], optionsEnv: (env) => withArguments(ctor, args, env) };
  }
  return { optionsArg: args[0] };
}

/** `zmq.Socket.call(this, type)` (ES5) or `super(type)` in a constructor body. */
function findSocketSuperCall(body: ts.ConciseBody, ev: Evaluator, es5: boolean): ts.CallExpression | undefined {
  let found: ts.CallExpression | undefined;
  forEachDescendant(body, (n) => {
    if (found || isFunctionLike(n)) return false;
    if (ts.isCallExpression(n)) {
      const callee = n.expression;
      if (!es5 && callee.kind === ts.SyntaxKind.SuperKeyword) found = n;
      if (es5 && ts.isPropertyAccessExpression(callee) && callee.name.text === "call" && n.arguments[0]?.kind === ts.SyntaxKind.ThisKeyword) {
        const target = ev.evaluate(callee.expression);
        if (target.kind === "zmq" && target.path.length === 1 && target.path[0] === "Socket") found = n;
      }
    }
    return true;
  });
  return found;
}
