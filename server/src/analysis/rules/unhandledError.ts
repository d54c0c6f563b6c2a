import type { Finding, Fix, RelatedInformation } from "../diagnostics";
import type { SocketUse, SourceLocation, ZmqSocket } from "../model";
import { codeStyleOf } from "../fixes";
import { ts } from "../ts";
import { docsUrl, type Rule, type SourceAccess } from "./rule";
import { awaitFix, hasAwait, lineOf, optionValue, repeatsWithoutAwait, useSite, walkBack, type UseSite } from "./useFlow";
import { nodeAt } from "./sourceNodes";
import { socketLabel } from "./socketText";

const id = "unhandled-error";

/** v6 methods whose promise this rule follows. */
const ASYNC_KINDS = new Set<SocketUse["kind"]>(["bind", "unbind", "send", "receive"]);
/** Calls that throw EBUSY while a bind or unbind is pending (zeromq.js src/socket.cc ValidateOpen). */
const BLOCKED_KINDS = new Set<SocketUse["kind"]>(["bind", "unbind", "connect", "disconnect", "send", "receive"]);
/** Calls that run normally during a pending bind: options, subscriptions, close (deferred), events. */
const UNBLOCKED_KINDS = new Set<SocketUse["kind"]>(["option", "subscribe", "unsubscribe", "close", "monitor", "events"]);

/**
 * A zeromq.js v6 promise (bind, unbind, send, receive) that nothing awaits, returns or catches: its
 * rejection is an unhandled rejection, which ends the process (Node.js 15+). A floating bind also makes
 * the next calls on the socket throw EBUSY. And a v5 `bind(endpoint, callback)` whose callback never
 * looks at its error: zeromq.js v5 hands a failed bind's error to that callback only.
 */
export const unhandledError: Rule = {
  meta: {
    id,
    defaultSeverity: "warning",
    description: "A zeromq.js v6 promise that is never awaited or caught, or a v5 bind callback that ignores its error",
    docsUrl: docsUrl(id),
    options: {
      ignoreVoid: {
        type: "boolean",
        default: true,
        description: "Accept `void sock.send(x)` as a deliberate fire-and-forget (as @typescript-eslint/no-floating-promises' ignoreVoid does).",
      },
    },
  },
  check({ snapshot, severity, options, sources }) {
    const ignoreVoid = options["ignoreVoid"] !== false;
    const findings: Finding[] = [];
    for (const socket of snapshot.sockets) {
      if (socket.api === "v6") {
        socket.uses.forEach((use, index) => {
          if (!ASYNC_KINDS.has(use.kind)) return;
          if (use.outcome !== "ignored" && !(use.outcome === "voided" && !ignoreVoid)) return;
          if (use.kind === "send" && sendNeverRejects(socket)) return;
          findings.push(floatingPromise(socket, use, index, sources, severity));
        });
      } else {
        for (const use of socket.uses) {
          if (use.kind !== "bind" || use.callbackReadsError !== false) continue;
          const finding = ignoredCallbackError(socket, use, sources, severity);
          if (finding) findings.push(finding);
        }
      }
    }
    return findings;
  },
};

/**
 * PUB, XPUB, XSUB and ROUTER sends complete at once whatever happens (they drop what they cannot
 * deliver), so their promise never rejects: a closed socket throws synchronously instead. With noDrop or
 * mandatory set they can wait, and time out.
 */
function sendNeverRejects(socket: ZmqSocket): boolean {
  const off = (name: string): boolean => {
    const v = optionValue(socket, name);
    return v === undefined || v === false || v === 0;
  };
  switch (socket.type) {
    case "PUB":
    case "XPUB":
      return off("noDrop");
    case "ROUTER":
      return off("mandatory");
    case "XSUB":
      return true;
    default:
      return false;
  }
}

function floatingPromise(socket: ZmqSocket, use: SocketUse, index: number, sources: SourceAccess, severity: Finding["severity"]): Finding {
  const site = useSite(use, sources);
  const how = use.outcome === "voided" ? "is discarded with `void`" : "is neither awaited, returned nor caught";
  const who = socketLabel(socket);
  const related: RelatedInformation[] = [];
  let message: string;
  let fix: Fix | undefined;
  switch (use.kind) {
    case "bind":
    case "unbind": {
      const target = endpointText(socket, use, site);
      message = `The promise of ${use.kind}(${target}) on the ${who} ${how}: if it fails (${use.kind === "bind" ? "address in use, bad endpoint" : "endpoint not bound"}), ` +
        `Node.js reports an unhandled rejection and ends the process, and the code after it runs as if it had succeeded.`;
      const blocked = site && blockedFollowers(socket, index, site, sources);
      if (blocked && blocked.length > 0) {
        const first = blocked[0]!;
        message += ` The ${first.kind}() on ${lineOf(first.location)} runs before it settles and throws EBUSY ("Socket is blocked by a bind or unbind operation").`;
        for (const b of blocked) related.push({ location: b.location, message: `throws EBUSY: the ${use.kind} is still pending here` });
      } else if (site && repeatsWithoutAwait(socket.uses, index, site, (u) => UNBLOCKED_KINDS.has(u.kind))) {
        message += ` On the next iteration it runs again before this one settles and throws EBUSY ("Socket is blocked by a bind or unbind operation").`;
      }
      if (site && use.outcome === "ignored") fix = awaitFix(site, `Await ${use.kind}()`);
      break;
    }
    case "send":
      message = `The promise of send() on the ${who} ${how}: if it rejects (the socket closes before the message is queued, ` +
        `${socket.type === "ROUTER" ? "an unroutable message with mandatory set, " : ""}a sendTimeout expires), Node.js reports an unhandled rejection and ends the process.`;
      if (site && use.outcome === "ignored") fix = awaitFix(site, "Await send()");
      break;
    default:
      message = `The promise of receive() on the ${who} ${how}: the message it reads is lost, and if it rejects ` +
        `(a receiveTimeout expires, the socket closes) Node.js reports an unhandled rejection and ends the process.`;
  }
  return { rule: id, severity, location: use.location, message, related, ...(fix ? { fixes: [fix] } : {}) };
}

/** The endpoint as the analysis resolved it when exact, else the argument's source text. */
function endpointText(socket: ZmqSocket, use: SocketUse, site: UseSite | undefined): string {
  const inCall = (loc: SourceLocation): boolean => loc.file === use.location.file &&
    (loc.line > use.location.line || (loc.line === use.location.line && loc.column >= use.location.column)) &&
    (loc.line < use.location.endLine || (loc.line === use.location.endLine && loc.column <= use.location.endColumn));
  const bound = use.kind === "bind" ? socket.binds.filter((b) => inCall(b.location)) : [];
  if (bound.length === 1 && bound[0]!.exact) return `"${bound[0]!.text}"`;
  const arg = site && ts.isCallExpression(site.node) ? site.node.arguments[0] : undefined;
  if (!arg) return "";
  const text = arg.getText(site!.sf).replace(/\s+/g, " ");
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * The uses that run right after a floating bind/unbind (only options, subscriptions and the like in
 * between, and no `await`), and that zeromq.js refuses while it is pending.
 */
function blockedFollowers(socket: ZmqSocket, index: number, site: UseSite, sources: SourceAccess): SocketUse[] {
  const out: SocketUse[] = [];
  socket.uses.forEach((later, j) => {
    if (j === index || !BLOCKED_KINDS.has(later.kind) || later.scope !== socket.uses[index]!.scope) return;
    const reached = walkBack(socket.uses, j, (u, i) => (i === index ? "found" : UNBLOCKED_KINDS.has(u.kind) ? "through" : "stop"));
    if (!reached?.has(index)) return;
    const laterSite = useSite(later, sources);
    // Only straight-line code: something awaited in between lets the bind finish first.
    if (!laterSite || laterSite.node.getStart() < site.node.end || hasAwait(site.scope, site.node.end, laterSite.node.getStart())) return;
    out.push(later);
  });
  return out;
}

function ignoredCallbackError(socket: ZmqSocket, use: SocketUse, sources: SourceAccess, severity: Finding["severity"]): Finding | undefined {
  const sf = sources.sourceFile(use.location.file);
  const call = sf && nodeAt(sources, use.location);
  if (!sf || !call || !ts.isCallExpression(call)) return undefined;
  let callback = call.arguments[1];
  while (callback && ts.isParenthesizedExpression(callback)) callback = callback.expression;
  if (!callback || !(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) return undefined;
  const param = callback.parameters[0];
  // `(_err) => ...`: deliberately unused, by the usual convention.
  if (param && ts.isIdentifier(param.name) && param.name.text.startsWith("_")) return undefined;
  const endpoint = endpointText(socket, use, { sf, node: call, scope: sf });
  const message = `The ${socket.api === "v5-compat" ? "v5-compat" : "v5"} bind callback never reads its error: when binding ${endpoint || "the endpoint"} fails ` +
    `(address in use, bad endpoint), zeromq.js passes the error only to this callback, so the failure goes unnoticed and the ${socketLabel(socket)} stays unbound.`;
  const fix = throwErrorFix(sf, callback);
  return { rule: id, severity, location: callbackHead(sf, callback), message, related: [{ location: use.location, message: "the bind call" }], ...(fix ? { fixes: [fix] } : {}) };
}

/** From the callback's start to its `=>` or the `)` closing its parameters: where an editor should underline. */
function callbackHead(sf: ts.SourceFile, fn: ts.ArrowFunction | ts.FunctionExpression): SourceLocation {
  const start = fn.getStart(sf);
  let end: number;
  if (ts.isArrowFunction(fn)) end = fn.equalsGreaterThanToken.end;
  else {
    const close = sf.text.indexOf(")", fn.parameters.end);
    end = close >= 0 && close < fn.body.getStart(sf) ? close + 1 : fn.body.getStart(sf);
  }
  const s = sf.getLineAndCharacterOfPosition(start);
  const e = sf.getLineAndCharacterOfPosition(end);
  return { file: sf.fileName, line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
}

/** `if (err) throw err;` as the callback's first statement, when it names its error parameter and has a block body. */
function throwErrorFix(sf: ts.SourceFile, fn: ts.ArrowFunction | ts.FunctionExpression): Fix | undefined {
  const param = fn.parameters[0];
  if (!param || !ts.isIdentifier(param.name) || !ts.isBlock(fn.body)) return undefined;
  const name = param.name.text;
  const body = fn.body;
  const nl = sf.text.includes("\r\n") ? "\r\n" : "\n";
  const lineIndent = (pos: number): string => {
    const lineStart = sf.getPositionOfLineAndCharacter(sf.getLineAndCharacterOfPosition(pos).line, 0);
    return /^[ \t]*/.exec(sf.text.slice(lineStart))![0];
  };
  const first = body.statements[0];
  const sameLine = (a: number, b: number): boolean => sf.getLineAndCharacterOfPosition(a).line === sf.getLineAndCharacterOfPosition(b).line;
  const open = body.getStart(sf) + 1;
  const statement = `if (${name}) throw ${name}${codeStyleOf(sf).semicolons ? ";" : ""}`;
  let newText: string;
  if (first && !sameLine(open, first.getStart(sf))) newText = `${nl}${lineIndent(first.getStart(sf))}${statement}`;
  else {
    const base = lineIndent(body.getStart(sf));
    const unit = /^\t/.test(base) ? "\t" : "  ";
    newText = first ? ` ${statement}` : `${nl}${base}${unit}${statement}${nl}${base}`;
    if (!first && !sameLine(open, body.end - 1)) newText = `${nl}${base}${unit}${statement}`;
  }
  return { title: `Throw the bind error (if (${name}) throw ${name})`, kind: "quickfix", edits: [{ file: sf.fileName, start: open, end: open, newText }] };
}
