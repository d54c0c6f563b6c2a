/**
 * Value-level dependencies between files, so an edit to a shared module redoes only the analyses that
 * read what changed. When the evaluator reads another file's top-level declarations (an export, or a
 * name that an exported function's body refers to), it records `decl:<file>#<name>` instead of the whole
 * file; for a `const` object literal it records each property read (`decl:<file>#PORTS.orders`) and the
 * whole object only when the object is used as a whole (spread, iteration). The file itself is recorded
 * as `values:<file>`. Anything else that looks into another file's code records the whole file, as before.
 *
 * When the file changes, its declarations are compared with what they were: text and position of each
 * declaration, of each property of an object literal, and the file's "shape" (its other statements, its
 * declared names, every write to a top-level name). A changed shape redoes every reader; otherwise only
 * the readers of a changed declaration or property.
 */
import { ts } from "./ts";
import type { Thunk, Value } from "./values";
import { forEachDescendant, isWriteTarget } from "./ast";

export const VALUES_KEY = "values:";
export const DECL_KEY = "decl:";

export function declarationKey(file: string, path: string): string {
  return `${DECL_KEY}${file}#${path}`;
}

/**
 * An object value whose reads are recorded: `get`/`has` of a key as that property, anything else (its
 * size, iterating it, whether it is complete) as the whole object.
 */
export function trackedObject(value: Extract<Value, { kind: "object" }>, file: string, name: string, record: (key: string) => void): Value {
  const whole = declarationKey(file, name);
  const props = new TrackedProps(value.props, (key) => record(key === undefined ? whole : `${whole}.${key}`));
  const complete = value.complete;
  const tracked = { kind: "object" as const, props };
  Object.defineProperty(tracked, "complete", {
    enumerable: true,
    get: () => {
      record(whole);
      return complete;
    },
  });
  return tracked as Value;
}

class TrackedProps extends Map<string, Thunk> {
  constructor(entries: ReadonlyMap<string, Thunk>, private readonly onRead?: (key?: string) => void) {
    super(entries);
  }

  override get(key: string): Thunk | undefined {
    this.onRead?.(key);
    return super.get(key);
  }

  override has(key: string): boolean {
    this.onRead?.(key);
    return super.has(key);
  }

  override get size(): number {
    this.onRead?.();
    return super.size;
  }

  override forEach(fn: (value: Thunk, key: string, map: Map<string, Thunk>) => void, thisArg?: unknown): void {
    this.onRead?.();
    super.forEach(fn, thisArg);
  }

  override entries(): MapIterator<[string, Thunk]> {
    this.onRead?.();
    return super.entries();
  }

  override keys(): MapIterator<string> {
    this.onRead?.();
    return super.keys();
  }

  override values(): MapIterator<Thunk> {
    this.onRead?.();
    return super.values();
  }

  override [Symbol.iterator](): MapIterator<[string, Thunk]> {
    this.onRead?.();
    return super[Symbol.iterator]();
  }
}

/** A file's declarations as readers see them: per path, its text where it is; and everything else. */
export interface ValueDigests {
  shape: string;
  paths: Map<string, string>;
}

const digestsByTree = new WeakMap<ts.SourceFile, ValueDigests>();

export function valueDigests(sf: ts.SourceFile): ValueDigests {
  let digests = digestsByTree.get(sf);
  if (!digests) digestsByTree.set(sf, (digests = computeDigests(sf)));
  return digests;
}

function computeDigests(sf: ts.SourceFile): ValueDigests {
  const at = (node: ts.Node): string => {
    const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    return `${line}:${character}:${node.getText(sf)}`;
  };
  const shape: string[] = [];
  const paths = new Map<string, string>();
  const names = new Set<string>();
  for (const statement of sf.statements) {
    if (ts.isVariableStatement(statement)) {
      const flags = statement.declarationList.flags & (ts.NodeFlags.Const | ts.NodeFlags.Let);
      const modifiers = (ts.getModifiers(statement) ?? []).map((m) => m.getText(sf)).join(" ");
      shape.push(`var ${flags} ${modifiers}`);
      for (const decl of statement.declarationList.declarations) {
        if (!ts.isIdentifier(decl.name)) {
          shape.push(at(decl));
          continue;
        }
        const name = decl.name.text;
        names.add(name);
        const literal = decl.initializer && plainObjectLiteral(decl.initializer);
        if (!literal) {
          paths.set(name, at(decl));
          continue;
        }
        // The object's own text without its property values: its keys, its place, its type annotation.
        paths.set(name, `${at(decl.name)} ${decl.type ? decl.type.getText(sf) : ""} ${literal.properties.map((p) => p.name.text).join(",")}`);
        for (const p of literal.properties) paths.set(`${name}.${p.name.text}`, at(p));
      }
    } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) {
      names.add(statement.name.text);
      // Whether it is exported decides what readers of a missing export get: that is shape.
      shape.push(`declaration ${statement.name.text} ${(ts.getModifiers(statement) ?? []).map((m) => m.getText(sf)).join(" ")}`);
      paths.set(statement.name.text, at(statement));
    } else {
      shape.push(at(statement));
    }
  }
  shape.push(`names ${[...names].sort().join(",")}`);
  // A property written anywhere (`PORTS.orders = 7000` in a function) changes what the initializer means.
  forEachDescendant(sf, (node) => {
    if (ts.isIdentifier(node) && names.has(node.text) && writes(node)) shape.push(`write ${at(node.parent)}`);
  });
  return { shape: shape.join("\n"), paths };
}

/** `{ a: 1, b: "x" }` (possibly `as const` or parenthesized) with property assignments only. */
type PlainProperty = ts.PropertyAssignment & { name: ts.Identifier | ts.StringLiteral };

function plainObjectLiteral(e: ts.Expression): { properties: readonly PlainProperty[] } | undefined {
  let inner = e;
  while (ts.isAsExpression(inner) || ts.isSatisfiesExpression(inner) || ts.isParenthesizedExpression(inner)) inner = inner.expression;
  if (!ts.isObjectLiteralExpression(inner)) return undefined;
  const properties = inner.properties.filter((p): p is PlainProperty => ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)));
  return properties.length === inner.properties.length ? { properties } : undefined;
}

/** The name is assigned, or a property of it is, or it is handed to `Object.assign` as the target. */
function writes(id: ts.Identifier): boolean {
  let expr: ts.Expression = id;
  while (ts.isPropertyAccessExpression(expr.parent) || ts.isElementAccessExpression(expr.parent)) {
    if (expr.parent.expression !== expr) break;
    expr = expr.parent;
  }
  if (isWriteTarget(expr)) return true;
  const call = id.parent;
  return ts.isCallExpression(call) && call.arguments[0] === id && call.expression.getText() === "Object.assign";
}

/** What an edit changed, as readers of values see it. */
export interface ValueChange {
  /** The shape changed (or the file is gone): every reader of its values must redo its work. */
  everything: boolean;
  /** Paths whose digest changed or that appeared or disappeared. */
  paths: Set<string>;
}

export function valueChange(before: ValueDigests | undefined, after: ValueDigests | undefined): ValueChange {
  if (!before || !after || before.shape !== after.shape) return { everything: true, paths: new Set() };
  const paths = new Set<string>();
  for (const [path, digest] of before.paths) if (after.paths.get(path) !== digest) paths.add(path);
  for (const path of after.paths.keys()) if (!before.paths.has(path)) paths.add(path);
  return { everything: false, paths };
}

/**
 * Whether an analysis with these dependencies read something the change touched. A recorded property
 * (`PORTS.orders`) is touched by a change to it or to its object's own digest (`PORTS`: keys, place);
 * a recorded whole object by a change to it or to any of its properties.
 */
export function readsChanged(deps: ReadonlySet<string>, file: string, change: ValueChange): boolean {
  if (!deps.has(VALUES_KEY + file)) return false;
  if (change.everything) return true;
  const prefix = `${DECL_KEY}${file}#`;
  for (const path of change.paths) {
    if (deps.has(prefix + path)) return true;
    const dot = path.indexOf(".");
    // A changed property is read by whoever read its whole object.
    if (dot > 0 && deps.has(prefix + path.slice(0, dot))) return true;
    // A changed object digest (its keys, its place) touches every property read of it.
    if (dot < 0) for (const dep of deps) if (dep.startsWith(`${prefix}${path}.`)) return true;
  }
  return false;
}
