import type { Finding, RelatedInformation } from "../diagnostics";
import type { SourceLocation, ZmqSocket } from "../model";
import { ts } from "../ts";
import { docsUrl, type Rule, type SourceAccess } from "./rule";
import { enclosingFunction } from "../ast";
import { socketLabel } from "./socketText";
import { enclosingLoop, functionName, nodeAt } from "./sourceNodes";

const id = "unclosed-socket";

/**
 * A socket made by code that runs again and again (a request helper, a handler, a loop body), kept in a
 * local variable, never closed and never handed on: every run leaves one more socket open. zeromq.js v6
 * closes an unreachable socket when the garbage collector gets to it, but only if no send or receive is
 * pending; until then its connections and file descriptors stay open.
 */
export const unclosedSocket: Rule = {
  meta: {
    id,
    defaultSeverity: "warning",
    description: "A socket created on every call of a function and never closed",
    docsUrl: docsUrl(id),
  },
  check({ snapshot, severity, sources }) {
    const findings: Finding[] = [];
    const reported = new Set<string>();
    for (const socket of snapshot.sockets) {
      const { lifetime } = socket;
      if (!lifetime.inFunction || lifetime.escapes || lifetime.handedOff || lifetime.perCall !== true) continue;
      if (socket.uses.some((u) => u.kind === "close" || u.kind === "events" || u.kind === "monitor")) continue;
      // One creation followed through several callers is one finding.
      const key = `${locKey(socket.location)}|${socket.createdAt ? locKey(socket.createdAt) : ""}`;
      if (reported.has(key)) continue;
      const creation = nodeAt(sources, socket.location);
      if (!creation || servesForLife(socket, creation, sources)) continue;
      reported.add(key);
      findings.push(finding(socket, creation, severity));
    }
    return findings;
  },
};

function locKey(loc: SourceLocation): string {
  return `${loc.file}:${loc.line}:${loc.column}`;
}

/**
 * The socket serves something that does not end with the function: a receive loop (`for await` over
 * it, `on("message")`), or any use in a loop that may run forever (`while`, `do`, `for (;;)`,
 * `for await`) and was entered after the socket was made.
 */
function servesForLife(socket: ZmqSocket, creation: ts.Node, sources: SourceAccess): boolean {
  for (const use of socket.uses) {
    const node = nodeAt(sources, use.location);
    if (!node) return true;
    if (use.kind === "receive") {
      if (ts.isForOfStatement(node.parent) && node.parent.expression === node) return true;
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "on") return true;
    }
    const fn = enclosingFunction(node);
    for (let child: ts.Node = node, n = node.parent; n && n !== fn && !ts.isSourceFile(n); child = n, n = n.parent) {
      if (isOpenEndedLoop(n, child) && !contains(n, creation)) return true;
    }
  }
  return false;
}

function isOpenEndedLoop(loop: ts.Node, child: ts.Node): boolean {
  if (ts.isWhileStatement(loop) || ts.isDoStatement(loop)) return true;
  if (ts.isForStatement(loop)) return loop.condition === undefined && child !== loop.initializer;
  return ts.isForOfStatement(loop) && loop.awaitModifier !== undefined && child === loop.statement;
}

function contains(outer: ts.Node, inner: ts.Node): boolean {
  return outer.getSourceFile() === inner.getSourceFile() && outer.getStart() <= inner.getStart() && inner.end <= outer.end;
}

function finding(socket: ZmqSocket, creation: ts.Node, severity: Finding["severity"]): Finding {
  const fn = enclosingFunction(creation);
  const name = fn && functionName(fn);
  const what = socketLabel(socket);
  const loop = enclosingLoop(creation);
  const where = loop ? `on every pass of a loop${name ? ` in \`${name}\`` : ""}` : name ? `on every call of \`${name}\`` : fn && isCallback(fn) ? "each time this callback runs" : "each time this code runs";
  const endpoint = socket.connects[0] ?? socket.binds[0];
  const target = endpoint?.exact ? ` ${endpoint.text}` : "";
  // Every socket has file descriptors of its own (its mailbox); an inproc endpoint adds none.
  const held = endpoint ? `its ${endpoint.kind === "connect" ? "connection" : "bound endpoint"}${target ? (endpoint.kind === "connect" ? ` to${target}` : `${target}`) : ""} and its file descriptors` : "its file descriptors";
  const related: RelatedInformation[] = [];
  if (endpoint) related.push({ location: endpoint.location, message: `${endpoint.kind === "connect" ? "connects to" : "binds"} ${endpoint.text} here` });
  const last = [...socket.uses].sort((a, b) => a.location.line - b.location.line || a.location.column - b.location.column).pop();
  if (last && last.location.file === socket.location.file) related.push({ location: last.location, message: "last used here: close it after this, in a `finally`" });
  return {
    rule: id,
    severity,
    location: socket.location,
    message: `${what} is created ${where} and never closed: each run leaves one behind, holding ${held} ` +
      (socket.api === "v5"
        ? "for the life of the process (the v5 API never closes a socket for you)."
        : "until the garbage collector finds it, and for good while a send or receive is pending."),
    related,
  };
}

/** A function literal handed to a call: a handler, a timer callback. */
function isCallback(fn: ts.FunctionLikeDeclaration): boolean {
  const parent = fn.parent;
  return (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && (ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression !== fn;
}
