import * as nodePath from "node:path";
import { ts } from "./ts";
import { enclosingClassOfThis, extendsExpression, forEachDescendant, isFunctionLike, isWriteTarget, MAX_CLASS_DEPTH, propertyNameText, semanticParent, unwrap } from "./ast";
import { exportTableOf } from "./exportTable";
import { findDeclaration, referencesTo, scopeOfDeclaration, type Declaration } from "./scope";
import { ZMQ_PACKAGES } from "./imports";
import { declarationKey, trackedObject } from "./valueDeps";
import { EMPTY_ENV, num, sameValue, str, strictEquals, toText, truthiness, unknown, withArguments, type Env, type Thunk, type Value } from "./values";
import type { Workspace } from "./workspace";

const MAX_DEPTH = 40;

export interface EvalHooks {
  /** Called when a parameter with no binding is read: the caller may want to follow call sites. */
  onUnboundParameter?(param: ts.ParameterDeclaration): void;
  /** Called when a `for...of` variable with no binding is read. */
  onUnboundLoopVariable?(decl: ts.VariableDeclaration): void;
}

/**
 * Evaluates expressions to what can be known statically, across files, without running anything.
 * One evaluator serves one analysis pass; its caches assume the workspace does not change meanwhile.
 */
export class Evaluator {
  private depth = 0;
  private readonly inProgress = new Set<ts.Node>();
  private readonly moduleCache = new Map<ts.Node, Value>();
  private readonly reassigned = new Map<ts.Node, boolean>();
  /** Members of the enum being evaluated: its initializers may name earlier members. */
  private enumMembers: Map<string, Thunk> | undefined;

  constructor(private readonly ws: Workspace, private hooks: EvalHooks = {}) {}

  /**
   * `node` handed to code other than the evaluator, which may look anywhere in its file: the computation
   * then depends on the whole file (see valueDeps.ts).
   */
  structure<T extends ts.Node>(node: T): T {
    this.ws.record(node.getSourceFile().fileName);
    return node;
  }

  withHooks<T>(hooks: EvalHooks, fn: () => T): T {
    const saved = this.hooks;
    this.hooks = hooks;
    try {
      return fn();
    } finally {
      this.hooks = saved;
    }
  }

  force(thunk: Thunk): Value {
    return "value" in thunk ? thunk.value : this.evaluate(thunk.expr, thunk.env);
  }

  evaluate(expr: ts.Expression, env: Env = EMPTY_ENV): Value {
    if (this.depth > MAX_DEPTH) return unknown(safeText(expr));
    this.depth++;
    try {
      return this.evaluateInner(unwrap(expr), env);
    } finally {
      this.depth--;
    }
  }


  private evaluateInner(e: ts.Expression, env: Env): Value {
    if (ts.isStringLiteralLike(e)) return str(e.text);
    if (ts.isNumericLiteral(e)) return { kind: "number", value: Number(e.text) };
    if (e.kind === ts.SyntaxKind.TrueKeyword) return { kind: "boolean", value: true };
    if (e.kind === ts.SyntaxKind.FalseKeyword) return { kind: "boolean", value: false };
    if (e.kind === ts.SyntaxKind.NullKeyword) return { kind: "null" };
    if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
      const t = truthiness(this.evaluate(e.operand, env));
      return t === undefined ? unknown(safeText(e)) : { kind: "boolean", value: !t };
    }
    if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.MinusToken) {
      const v = this.evaluate(e.operand, env);
      return v.kind === "number" ? num(-v.value, v.env) : unknown(safeText(e));
    }
    if (ts.isTemplateExpression(e)) return this.template(e, env);
    if (ts.isIdentifier(e)) return this.identifier(e, env);
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) return this.access(e, env);
    if (ts.isBinaryExpression(e)) return this.binary(e, env);
    if (ts.isConditionalExpression(e)) {
      const condition = truthiness(this.evaluate(e.condition, env));
      if (condition !== undefined) return this.evaluate(condition ? e.whenTrue : e.whenFalse, env);
      const a = this.evaluate(e.whenTrue, env);
      const b = this.evaluate(e.whenFalse, env);
      return sameValue(a, b) ? a : unknown(safeText(e));
    }
    if (ts.isObjectLiteralExpression(e)) return this.objectLiteral(e, env);
    if (ts.isArrayLiteralExpression(e)) {
      return { kind: "array", items: e.elements.map((el) => ({ expr: el, env })) };
    }
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return { kind: "function", node: e };
    if (ts.isClassExpression(e)) return { kind: "class", node: e };
    if (ts.isCallExpression(e)) return this.call(e, env);
    if (ts.isNewExpression(e)) {
      const ctor = this.evaluate(e.expression, env);
      if (ctor.kind === "zmq" && ctor.path.length === 1 && ctor.path[0] === "Context") return { kind: "context", id: nodeKey(e) };
    }
    return unknown(safeText(e));
  }

  private template(e: ts.TemplateExpression, env: Env): Value {
    let text = e.head.text;
    let exact = true;
    const envVars: string[] = [];
    for (const span of e.templateSpans) {
      const part = toText(this.evaluate(span.expression, env));
      text += part.text + span.literal.text;
      exact &&= part.exact;
      envVars.push(...part.env);
    }
    return str(text, exact, envVars);
  }

  private binary(e: ts.BinaryExpression, env: Env): Value {
    const op = e.operatorToken.kind;
    if (op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
        op === ts.SyntaxKind.EqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken) {
      const eq = strictEquals(this.evaluate(e.left, env), this.evaluate(e.right, env));
      if (eq === undefined) return unknown(safeText(e));
      const negated = op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken;
      return { kind: "boolean", value: negated ? !eq : eq };
    }
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) {
      const l = this.evaluate(e.left, env);
      const t = truthiness(l);
      return t === false ? l : t === true ? this.evaluate(e.right, env) : unknown(safeText(e));
    }
    if (op === ts.SyntaxKind.PlusToken) {
      const l = this.evaluate(e.left, env);
      const r = this.evaluate(e.right, env);
      if (l.kind === "number" && r.kind === "number") return num(l.value + r.value, [...(l.env ?? []), ...(r.env ?? [])]);
      // unknown + number may be an addition: only a known string side makes it a concatenation.
      if ((l.kind === "unknown" && r.kind === "number") || (l.kind === "number" && r.kind === "unknown")) return unknown(safeText(e));
      const a = toText(l);
      const b = toText(r);
      return str(a.text + b.text, a.exact && b.exact, [...a.env, ...b.env]);
    }
    if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) {
      const l = this.evaluate(e.left, env);
      const falsy = l.kind === "null" || (op === ts.SyntaxKind.BarBarToken &&
        ((l.kind === "string" && l.exact && l.text === "") || (l.kind === "number" && l.value === 0) ||
         (l.kind === "boolean" && !l.value)));
      if (l.kind !== "unknown" && !falsy) return l;
      const r = this.evaluate(e.right, env);
      const overriders = l.kind === "unknown" ? l.env : [];
      if (r.kind === "string") return str(r.text, r.exact, [...overriders, ...r.env]);
      if (r.kind === "number") return num(r.value, [...overriders, ...(r.env ?? [])]);
      return r;
    }
    if (op === ts.SyntaxKind.AsteriskToken || op === ts.SyntaxKind.MinusToken) {
      const l = this.evaluate(e.left, env);
      const r = this.evaluate(e.right, env);
      if (l.kind === "number" && r.kind === "number") {
        return num(op === ts.SyntaxKind.MinusToken ? l.value - r.value : l.value * r.value, [...(l.env ?? []), ...(r.env ?? [])]);
      }
    }
    return unknown(safeText(e));
  }

  private objectLiteral(e: ts.ObjectLiteralExpression, env: Env): Value {
    const props = new Map<string, Thunk>();
    let complete = true;
    for (const p of e.properties) {
      if (ts.isPropertyAssignment(p)) {
        const name = this.propertyName(p.name, env);
        if (name !== undefined) props.set(name, { expr: p.initializer, env });
        else complete = false;
      } else if (ts.isShorthandPropertyAssignment(p)) {
        props.set(p.name.text, { expr: p.name, env });
      } else if (ts.isSpreadAssignment(p)) {
        const spread = this.evaluate(p.expression, env);
        if (spread.kind === "object") for (const [k, v] of spread.props) props.set(k, v);
        complete &&= spread.kind === "object" && spread.complete === true;
      } else if (ts.isMethodDeclaration(p)) {
        const name = this.propertyName(p.name, env);
        if (name !== undefined) props.set(name, { value: { kind: "function", node: p } });
      } else if (ts.isGetAccessorDeclaration(p)) {
        const name = this.propertyName(p.name, env);
        const body = p.body && singleReturn(p.body);
        if (name !== undefined && body) props.set(name, { expr: body, env });
        else complete = false;
      } else {
        complete = false;
      }
    }
    return { kind: "object", props, complete };
  }

  private propertyName(name: ts.PropertyName, env: Env): string | undefined {
    if (ts.isComputedPropertyName(name)) {
      const key = this.evaluate(name.expression, env);
      return key.kind === "string" && key.exact ? key.text : key.kind === "number" ? String(key.value) : undefined;
    }
    return propertyNameText(name);
  }

  private identifier(id: ts.Identifier, env: Env): Value {
    if (id.text === "undefined") return { kind: "null" };
    const member = this.enumMembers?.get(id.text);
    if (member && isInEnum(id)) return this.force(member);
    const decl = findDeclaration(id);
    if (!decl) return unknown(id.text);
    return this.declaration(decl, id.text, env);
  }

  /** The value a declaration gives its name. */
  declaration(decl: Declaration, name: string, env: Env): Value {
    if (ts.isParameter(decl)) return this.parameter(decl, env);
    // A top-level declaration is a value other files may read: record it, not the whole file (valueDeps.ts).
    if ((ts.isFunctionDeclaration(decl) || ts.isClassDeclaration(decl) || ts.isEnumDeclaration(decl)) && ts.isSourceFile(decl.parent) && decl.name) {
      this.ws.record(declarationKey(decl.parent.fileName, decl.name.text));
    }
    if (ts.isFunctionDeclaration(decl) || ts.isFunctionExpression(decl)) return { kind: "function", node: decl };
    if (ts.isClassDeclaration(decl) || ts.isClassExpression(decl)) return { kind: "class", node: decl };
    if (ts.isEnumDeclaration(decl)) return this.enumObject(decl);
    if (ts.isImportClause(decl) || ts.isImportSpecifier(decl) || ts.isNamespaceImport(decl)) return this.importBinding(decl);
    if (ts.isImportEqualsDeclaration(decl)) {
      const ref = decl.moduleReference;
      if (ts.isExternalModuleReference(ref) && ts.isStringLiteral(ref.expression)) {
        return this.moduleValue(decl.getSourceFile().fileName, ref.expression.text);
      }
      return unknown(name);
    }
    if (ts.isBindingElement(decl)) return this.bindingElement(decl, env);
    if (ts.isVariableDeclaration(decl)) {
      if (ts.isForOfStatement(decl.parent.parent)) return this.loopVariable(decl, name, env);
      if (!decl.initializer || ts.isForInStatement(decl.parent.parent)) return unknown(name);
      // A `let` that is assigned again later holds more than its initializer.
      if (!(decl.parent.flags & ts.NodeFlags.Const) && this.isReassigned(decl, name)) return unknown(name);
      return this.guarded(decl, name, () => {
        const moduleLevel = isModuleLevel(decl);
        const file = decl.getSourceFile().fileName;
        const cached = moduleLevel ? this.moduleCache.get(decl) : undefined;
        if (cached) {
          if (cached.kind !== "object") this.ws.record(declarationKey(file, name));
          return cached;
        }
        let value = this.withoutMutatedProperties(decl, name, this.evaluate(decl.initializer!, moduleLevel ? EMPTY_ENV : env));
        if (moduleLevel && ts.isIdentifier(decl.name)) {
          // An object's readers depend on the properties they read; anything else on the whole declaration.
          if (value.kind === "object") value = trackedObject(value, file, name, (key) => this.ws.record(key));
          else this.ws.record(declarationKey(file, name));
        }
        if (moduleLevel) this.moduleCache.set(decl, value);
        return value;
      });
    }
    return unknown(name);
  }

  /** `const cfg = { port: 5000 }; cfg.port = 6000;`: a property written later is not its initial value. */
  private withoutMutatedProperties(decl: ts.VariableDeclaration, name: string, value: Value): Value {
    if (value.kind !== "object") return value;
    const written = new Set<string>();
    for (const ref of referencesTo(decl, name, scopeOfDeclaration(decl))) {
      const { parent, child } = semanticParent(ref);
      if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === child) {
        if (!isWriteTarget(parent)) continue;
        const key = ts.isPropertyAccessExpression(parent) ? parent.name.text
          : ts.isStringLiteralLike(parent.argumentExpression) ? parent.argumentExpression.text : undefined;
        if (key === undefined) return { kind: "object", props: new Map(), complete: false };
        written.add(key);
      } else if (ts.isCallExpression(parent) && parent.arguments[0] === child && parent.expression.getText() === "Object.assign") {
        return { kind: "object", props: new Map(), complete: false };
      }
    }
    if (written.size === 0) return value;
    const props = new Map(value.props);
    for (const key of written) props.set(key, { value: unknown(`${name}.${key}`) });
    return { kind: "object", props, complete: false };
  }

  private isReassigned(decl: ts.VariableDeclaration | ts.ParameterDeclaration, name: string): boolean {
    let known = this.reassigned.get(decl);
    if (known === undefined) {
      known = referencesTo(decl, name, scopeOfDeclaration(decl)).some(isWriteTarget);
      this.reassigned.set(decl, known);
    }
    return known;
  }

  /** `x` in `for (const x of items)`: the element a followed loop bound it to, else unknown. */
  private loopVariable(decl: ts.VariableDeclaration, name: string, env: Env): Value {
    const bound = env.get(decl);
    if (bound) return this.force(bound);
    this.hooks.onUnboundLoopVariable?.(decl);
    return unknown(name);
  }

  private guarded(node: ts.Node, name: string, fn: () => Value): Value {
    if (this.inProgress.has(node)) return unknown(name);
    this.inProgress.add(node);
    try {
      return fn();
    } finally {
      this.inProgress.delete(node);
    }
  }

  private parameter(p: ts.ParameterDeclaration, env: Env): Value {
    // A parameter assigned in its function body holds more than its argument.
    if (ts.isIdentifier(p.name) && this.isReassigned(p, p.name.text)) return unknown(p.name.text);
    const bound = env.get(p);
    if (bound) return this.force(bound);
    this.hooks.onUnboundParameter?.(p);
    if (p.initializer) return this.evaluate(p.initializer, env);
    return unknown(ts.isIdentifier(p.name) ? p.name.text : safeText(p.name));
  }

  private enumObject(decl: ts.EnumDeclaration): Value {
    const props = new Map<string, Thunk>();
    let next = 0;
    const outer = this.enumMembers;
    this.enumMembers = props;
    try {
      for (const m of decl.members) {
        const name = propertyNameText(m.name);
        if (name === undefined) continue;
        if (m.initializer) {
          const v = this.evaluate(m.initializer);
          props.set(name, { value: v });
          if (v.kind === "number") next = v.value + 1;
        } else {
          props.set(name, { value: { kind: "number", value: next++ } });
        }
      }
    } finally {
      this.enumMembers = outer;
    }
    return { kind: "object", props };
  }

  private bindingElement(el: ts.BindingElement, env: Env): Value {
    const pattern = el.parent;
    const holder = pattern.parent;
    let container: Value;
    if (ts.isVariableDeclaration(holder)) {
      if (ts.isForOfStatement(holder.parent.parent)) container = this.loopVariable(holder, safeText(holder.name), env);
      else if (!holder.initializer) return unknown(safeText(el.name));
      else container = this.evaluate(holder.initializer, env);
    } else if (ts.isParameter(holder)) {
      container = this.parameter(holder, env);
    } else if (ts.isBindingElement(holder)) {
      container = this.bindingElement(holder, env);
    } else {
      return unknown(safeText(el.name));
    }
    let value: Value;
    if (ts.isArrayBindingPattern(pattern)) {
      const index = pattern.elements.indexOf(el);
      value = container.kind === "array" && container.items[index] ? this.force(container.items[index]!) : unknown(safeText(el.name));
    } else {
      const key = el.propertyName ? propertyNameText(el.propertyName) : ts.isIdentifier(el.name) ? el.name.text : undefined;
      value = key === undefined ? unknown(safeText(el.name)) : this.member(container, key, safeText(el.name));
    }
    if ((value.kind === "unknown" || value.kind === "null") && el.initializer) return this.evaluate(el.initializer, env);
    return value;
  }

  private importBinding(decl: ts.ImportClause | ts.ImportSpecifier | ts.NamespaceImport): Value {
    const importDecl = ts.isImportClause(decl) ? decl.parent : ts.isNamespaceImport(decl) ? decl.parent.parent : decl.parent.parent.parent;
    const specNode = importDecl.moduleSpecifier;
    if (!ts.isStringLiteral(specNode)) return unknown(safeText(decl));
    const fromFile = decl.getSourceFile().fileName;
    const spec = specNode.text;
    if (ts.isNamespaceImport(decl)) return this.moduleValue(fromFile, spec);
    if (ts.isImportClause(decl)) {
      if (ZMQ_PACKAGES.has(spec)) return { kind: "zmq", pkg: spec, path: [] };
      const target = this.ws.resolveImport(fromFile, spec);
      return target ? this.exportValue(target, "default") : unknown(decl.name?.text ?? "default");
    }
    const name = (decl.propertyName ?? decl.name).text;
    if (ZMQ_PACKAGES.has(spec)) return { kind: "zmq", pkg: spec, path: [name] };
    if (isPathModule(spec)) return unknown(decl.name.text);
    const target = this.ws.resolveImport(fromFile, spec);
    return target ? this.exportValue(target, name) : unknown(decl.name.text);
  }

  /** The value of `require(spec)` / `import * as x from spec` seen from `fromFile`. */
  moduleValue(fromFile: string, spec: string): Value {
    if (ZMQ_PACKAGES.has(spec)) return { kind: "zmq", pkg: spec, path: [] };
    if (isPathModule(spec)) return { kind: "builtin", name: "path" };
    const target = this.ws.resolveImport(fromFile, spec);
    if (!target) return unknown(`require(${JSON.stringify(spec)})`);
    return { kind: "module", file: target };
  }

  /** An export of a workspace file, following re-exports and CommonJS `module.exports`. */
  exportValue(file: string, name: string, seen = new Set<string>()): Value {
    const key = `${file}#${name}`;
    if (seen.has(key)) return unknown(name);
    seen.add(key);
    const sf = this.ws.sourceFileForValues(file);
    if (!sf) return unknown(name);
    const table = exportTableOf(sf);
    const entry = table.named.get(name);
    if (entry) {
      if (entry.kind === "local") return this.exportedNode(entry.node, name);
      if (entry.kind === "namespace") return this.moduleValue(file, entry.specifier);
      if (ZMQ_PACKAGES.has(entry.specifier)) return { kind: "zmq", pkg: entry.specifier, path: [entry.name] };
      const target = this.ws.resolveImport(file, entry.specifier);
      return target ? this.exportValue(target, entry.name, seen) : unknown(name);
    }
    if (table.whole) {
      const whole = this.guarded(table.whole, name, () => this.evaluate(table.whole!));
      return name === "default" ? whole : this.member(whole, name, name);
    }
    for (const spec of table.stars) {
      if (ZMQ_PACKAGES.has(spec)) {
        if (/^[A-Z]/.test(name)) return { kind: "zmq", pkg: spec, path: [name] };
        continue;
      }
      const target = this.ws.resolveImport(file, spec);
      if (!target) continue;
      const v = this.exportValue(target, name, seen);
      if (v.kind !== "unknown") return v;
    }
    if (name === "default") return { kind: "module", file };
    return unknown(name);
  }

  private exportedNode(node: ts.Node, name: string): Value {
    if (ts.isVariableDeclaration(node) || ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isEnumDeclaration(node)) {
      return this.declaration(node, name, EMPTY_ENV);
    }
    if (ts.isIdentifier(node)) return this.identifier(node, EMPTY_ENV);
    if (ts.isExpression(node)) return this.guarded(node, name, () => this.evaluate(node));
    return unknown(name);
  }

  private access(e: ts.PropertyAccessExpression | ts.ElementAccessExpression, env: Env): Value {
    const text = safeText(e);
    const base = unwrap(e.expression);
    if (ts.isPropertyAccessExpression(e) && ts.isPropertyAccessExpression(base) &&
        base.name.text === "env" && ts.isIdentifier(base.expression) && base.expression.text === "process") {
      return unknown(text, [e.name.text]);
    }
    let key: string | undefined;
    if (ts.isPropertyAccessExpression(e)) key = e.name.text;
    else {
      const k = this.evaluate(e.argumentExpression, env);
      if (k.kind === "string" && k.exact) key = k.text;
      else if (k.kind === "number") key = String(k.value);
    }
    if (key === undefined) return unknown(text);
    if (base.kind === ts.SyntaxKind.ThisKeyword) return this.thisMember(e, key, env);
    const baseText = base.getText();
    if ((baseText === "module.exports" || baseText === "exports") && ts.isIdentifier(ts.isPropertyAccessExpression(base) ? base.expression : base) &&
        !findDeclaration(ts.isPropertyAccessExpression(base) ? base.expression as ts.Identifier : base as ts.Identifier)) {
      return this.exportValue(e.getSourceFile().fileName, key);
    }
    return this.member(this.evaluate(base, env), key, text);
  }

  /** `value[key]`. */
  member(value: Value, key: string, text: string): Value {
    switch (value.kind) {
      case "object": {
        const t = value.props.get(key);
        // `opts.bind` on `{}` is undefined, which a factory's `if (opts.bind)` needs to know.
        return t ? this.force(t) : value.complete ? { kind: "null" } : unknown(text);
      }
      case "array": {
        if (key === "length") return { kind: "number", value: value.items.length };
        const t = value.items[Number(key)];
        return t ? this.force(t) : unknown(text);
      }
      case "module": return this.exportValue(value.file, key);
      // `(await import("zeromq")).default` is the module itself under CommonJS interop.
      case "zmq": return key === "default" && value.path.length === 0 ? value : { kind: "zmq", pkg: value.pkg, path: [...value.path, key] };
      case "class": return this.staticMember(value.node, key, text);
      case "string": return key === "length" && value.exact ? { kind: "number", value: value.text.length } : unknown(text);
      default: return unknown(text, value.kind === "unknown" ? value.env : []);
    }
  }

  private staticMember(cls: ts.ClassLikeDeclaration, key: string, text: string): Value {
    for (const m of cls.members) {
      if (!m.name || propertyNameText(m.name) !== key || !(ts.getModifiers(m as ts.HasModifiers) ?? []).some((x) => x.kind === ts.SyntaxKind.StaticKeyword)) continue;
      if (ts.isPropertyDeclaration(m) && m.initializer) return this.guarded(m, key, () => this.evaluate(m.initializer!));
      const getter = ts.isGetAccessorDeclaration(m) && m.body ? singleReturn(m.body) : undefined;
      if (getter) return this.guarded(m, key, () => this.evaluate(getter));
    }
    return unknown(text);
  }

  /** `this.key` inside a class: a field initializer, a getter, a constructor assignment or a parameter property, here or in a base class. */
  private thisMember(e: ts.Expression, key: string, env: Env): Value {
    let cls = enclosingClassOfThis(e);
    for (let depth = 0; cls && depth < MAX_CLASS_DEPTH; depth++) {
      const found = this.classMember(cls, key, env);
      if (found) return found;
      cls = this.baseClassOf(cls);
    }
    return unknown(safeText(e));
  }

  /** The class `cls` extends, when it is a class the analysis can see (callers walk its members). */
  baseClassOf(cls: ts.ClassLikeDeclaration | undefined): ts.ClassLikeDeclaration | undefined {
    const base = cls && extendsExpression(cls);
    const value = base ? this.evaluate(base) : undefined;
    return value?.kind === "class" ? this.structure(value.node) : undefined;
  }

  private classMember(cls: ts.ClassLikeDeclaration, key: string, env: Env): Value | undefined {
    for (const m of cls.members) {
      if (ts.isPropertyDeclaration(m) && propertyNameText(m.name) === key && m.initializer) {
        return this.guarded(m, key, () => this.evaluate(m.initializer!, env));
      }
      if (ts.isGetAccessorDeclaration(m) && propertyNameText(m.name) === key && m.body) {
        const body = singleReturn(m.body);
        if (body) return this.guarded(m, key, () => this.evaluate(body, env));
      }
      if (ts.isConstructorDeclaration(m)) {
        for (const p of m.parameters) {
          if (ts.isIdentifier(p.name) && p.name.text === key && ts.isParameterPropertyDeclaration(p, m)) {
            return this.parameter(p, env);
          }
        }
        const assigned = m.body ? findThisAssignment(m.body, key) : undefined;
        if (assigned) return this.guarded(assigned, key, () => this.evaluate(assigned, env));
      }
      // `this.probe(...)`: the instance method, so a socket passed to it is followed into its body.
      if (ts.isMethodDeclaration(m) && m.body && propertyNameText(m.name) === key &&
          !(ts.getModifiers(m) ?? []).some((mod) => mod.kind === ts.SyntaxKind.StaticKeyword)) {
        return { kind: "function", node: m };
      }
    }
    return undefined;
  }

  private call(e: ts.CallExpression, env: Env): Value {
    const callee = unwrap(e.expression);
    const args = e.arguments;
    if (callee.kind === ts.SyntaxKind.ImportKeyword && args[0] && ts.isStringLiteralLike(args[0])) {
      return this.moduleValue(e.getSourceFile().fileName, args[0].text);
    }
    if (ts.isIdentifier(callee)) {
      const name = callee.text;
      if (name === "require" && args[0] && ts.isStringLiteralLike(args[0]) && !findDeclaration(callee)) {
        return this.moduleValue(e.getSourceFile().fileName, args[0].text);
      }
      if ((name === "String" || name === "Number" || name === "parseInt" || name === "parseFloat") && args[0] && !findDeclaration(callee)) {
        return convert(name, this.evaluate(args[0], env), safeText(e));
      }
    }
    if (ts.isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      if (method === "toString" && args.length === 0) return convert("String", this.evaluate(callee.expression, env), safeText(e));
      if (method === "join" || method === "resolve") {
        const target = this.evaluate(callee.expression, env);
        if (target.kind === "builtin" && target.name === "path") return this.pathJoin(method, args, env, e);
      }
    }
    if (ts.isCallExpression(callee) || ts.isNewExpression(callee)) return unknown(safeText(e));
    const fn = this.evaluate(callee, env);
    if (fn.kind === "function") return this.inlineCall(fn.node, args, env, e);
    return unknown(safeText(e), fn.kind === "unknown" ? fn.env : []);
  }

  private pathJoin(method: string, args: ts.NodeArray<ts.Expression>, env: Env, e: ts.Expression): Value {
    const parts = args.map((a) => toText(this.evaluate(a, env)));
    if (parts.some((p) => !p.exact)) return unknown(safeText(e));
    const joined = nodePath.posix.join(...parts.map((p) => p.text));
    if (method === "resolve" && !joined.startsWith("/")) return unknown(safeText(e));
    return str(joined);
  }

  /** Evaluates a call to a small function (an endpoint builder, say) by binding its parameters. */
  private inlineCall(fn: ts.FunctionLikeDeclaration, args: readonly ts.Expression[], env: Env, e: ts.Expression): Value {
    if (!fn.body) return unknown(safeText(e));
    const bodyExpr = ts.isBlock(fn.body) ? singleReturn(fn.body) : fn.body;
    if (!bodyExpr) return unknown(safeText(e));
    return this.guarded(fn, safeText(e), () => this.evaluate(bodyExpr, withArguments(fn, args, env)));
  }
}

function isInEnum(node: ts.Node): boolean {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) if (ts.isEnumDeclaration(n)) return true;
  return false;
}


function convert(fn: string, v: Value, text: string): Value {
  if (fn === "String") {
    if (v.kind === "unknown" || v.kind === "string") return v.kind === "string" ? v : unknown(text, v.env);
    const t = toText(v);
    return str(t.text, t.exact, t.env);
  }
  if (v.kind === "number") return v;
  if (v.kind === "string" && v.exact && v.text.trim() !== "" && !Number.isNaN(Number(v.text))) {
    return num(fn === "parseInt" ? Number.parseInt(v.text, 10) : Number(v.text), v.env);
  }
  return unknown(text, v.kind === "unknown" || v.kind === "string" ? v.env : []);
}

function singleReturn(body: ts.Block): ts.Expression | undefined {
  const returns: ts.Expression[] = [];
  forEachDescendant(body, (n) => {
    if (isFunctionLike(n) || ts.isClassLike(n)) return false;
    if (ts.isReturnStatement(n) && n.expression) returns.push(n.expression);
    return true;
  });
  return returns.length === 1 ? returns[0] : undefined;
}

function findThisAssignment(body: ts.Block, key: string): ts.Expression | undefined {
  for (const st of body.statements) {
    if (ts.isExpressionStatement(st) && ts.isBinaryExpression(st.expression) &&
        st.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = st.expression.left;
      if (ts.isPropertyAccessExpression(left) && left.expression.kind === ts.SyntaxKind.ThisKeyword && left.name.text === key) {
        return st.expression.right;
      }
    }
  }
  return undefined;
}

function isModuleLevel(decl: ts.VariableDeclaration): boolean {
  const statement = decl.parent.parent;
  return ts.isVariableStatement(statement) && ts.isSourceFile(statement.parent);
}

function isPathModule(spec: string): boolean {
  return spec === "path" || spec === "node:path";
}

const MAX_PLACEHOLDER = 80;

/** Source text for a `${...}` placeholder: one line, and short (generated code can be huge). */
function safeText(node: ts.Node): string {
  const text = node.getText().replace(/\s+/g, " ");
  return text.length > MAX_PLACEHOLDER ? `${text.slice(0, MAX_PLACEHOLDER - 1)}…` : text;
}

/** A stable key for a node within one parse: `file:line:column`. */
function nodeKey(node: ts.Node): string {
  const sf = node.getSourceFile();
  const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
  return `${sf.fileName}:${line + 1}:${character + 1}`;
}
