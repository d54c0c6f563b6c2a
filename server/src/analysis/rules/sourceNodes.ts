/** Finding the syntax behind a recorded location, for rules that look at the code around a use. */
import { forEachDescendant, isFunctionLike, propertyNameText } from "../ast";
import { offsetOf } from "../fixes";
import type { SourceLocation } from "../model";
import { ts } from "../ts";
import type { SourceAccess } from "./rule";

/**
 * The innermost node spanning exactly `loc` (start and end), or undefined: the expression a location
 * was taken from, not a statement that happens to span the same text (`sub.on(...)` without a `;`).
 */
export function nodeAt(sources: SourceAccess, loc: SourceLocation): ts.Node | undefined {
  const sf = sources.sourceFile(loc.file);
  if (!sf) return undefined;
  // Rules ask for the same few locations many times; a parsed file never changes, so answers keep.
  let known = nodesAt.get(sf);
  if (!known) nodesAt.set(sf, (known = new Map()));
  const key = `${loc.line}:${loc.column}:${loc.endLine}:${loc.endColumn}`;
  const cached = known.get(key);
  if (cached !== undefined) return cached ?? undefined;
  const found = findNodeAt(sf, loc);
  known.set(key, found ?? null);
  return found;
}

const nodesAt = new WeakMap<ts.SourceFile, Map<string, ts.Node | null>>();

function findNodeAt(sf: ts.SourceFile, loc: SourceLocation): ts.Node | undefined {
  let start: number;
  let end: number;
  try {
    start = offsetOf(sf, loc);
    end = offsetOf(sf, { line: loc.endLine, column: loc.endColumn });
  } catch {
    // A location outside the file as it is now (edited since): nothing spans it.
    return undefined;
  }
  let found: ts.Node | undefined;
  // Not plain recursion: a long call chain (`sock.on(...).on(...)...`) nests thousands of levels deep.
  forEachDescendant(sf, (node) => {
    if (node.pos > start || node.end < end) return false;
    if (node.getStart(sf) === start && node.end === end) found = node;
    return true;
  });
  return found;
}

/** How a function is called in messages: `request()`, `Client.send()`, or undefined for an anonymous one. */
export function functionName(fn: ts.FunctionLikeDeclaration): string | undefined {
  if (ts.isConstructorDeclaration(fn)) return undefined;
  if (fn.name) {
    const name = propertyNameText(fn.name);
    if (name === undefined) return undefined;
    const owner = fn.parent;
    if (ts.isClassLike(owner) && owner.name) return `${owner.name.text}.${name}()`;
    return `${name}()`;
  }
  const parent = fn.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return `${parent.name.text}()`;
  if (ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) {
    const name = propertyNameText(parent.name);
    return name === undefined ? undefined : `${name}()`;
  }
  return undefined;
}

/** The innermost loop around `node` inside its function (or file), if any. */
export function enclosingLoop(node: ts.Node): ts.IterationStatement | undefined {
  for (let child = node, n = node.parent; n && !isFunctionLike(n) && !ts.isSourceFile(n); child = n, n = n.parent) {
    if (ts.isForOfStatement(n) || ts.isForInStatement(n)) {
      if (child === n.statement) return n;
    } else if (ts.isForStatement(n)) {
      if (child !== n.initializer) return n;
    } else if (ts.isWhileStatement(n) || ts.isDoStatement(n)) {
      return n;
    }
  }
  return undefined;
}

