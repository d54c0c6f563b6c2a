import { isFunctionLike } from "../ast";
import type { Finding, RelatedInformation } from "../diagnostics";
import type { SocketUse, ZmqSocket } from "../model";
import { ts } from "../ts";
import { docsUrl, type Rule, type SourceAccess } from "./rule";
import { creationScopeId, ENTRY, handedOffOrReassigned, innermostLoop, lineOf, optionValue, receiverOf, useSite, walkBack, type UseSite } from "./useFlow";
import { socketLabel } from "./socketText";

const id = "req-rep-lockstep";

const EFSM = `EFSM, "Operation cannot be accomplished in current state"`;

/**
 * libzmq's REQ must alternate send, receive, send, ...; a REP receive, send, receive, ... (src/req.cpp,
 * src/rep.cpp). zeromq.js v6 polls before it sends or reads, and a REQ/REP out of turn is neither writable
 * nor readable: the call never completes, or rejects with EFSM once a send/receive timeout expires.
 * The v5 and v5-compat APIs queue sends in JavaScript, so they are not checked.
 */
export const reqRepLockstep: Rule = {
  meta: {
    id,
    defaultSeverity: "error",
    description: "A zeromq.js v6 REQ that sends twice or receives out of turn, or a REP that sends before receiving",
    docsUrl: docsUrl(id),
  },
  check({ snapshot, severity, sources }) {
    const findings: Finding[] = [];
    for (const socket of snapshot.sockets) {
      if (socket.api !== "v6" || (socket.type !== "REQ" && socket.type !== "REP")) continue;
      findings.push(...checkSocket(socket, sources, severity));
    }
    return findings;
  },
};

interface Reached {
  /** Earlier sends/receives that can run just before (no other send, receive or close in between). */
  earlier: { index: number; site: UseSite }[];
  /** The start of the scope can be reached without a send or receive. */
  fromEntry: boolean;
}

/** One send or receive being checked, with what the four checks share. */
interface UseCheck {
  socket: ZmqSocket;
  uses: readonly SocketUse[];
  use: SocketUse;
  index: number;
  site: UseSite;
  reached: Reached;
  /** Earlier uses of the same kind (send after send, receive after receive). */
  same: Reached["earlier"];
  /** Kinds of use in other functions: they could run in between, so those cases are undecidable here. */
  elsewhere: Set<SocketUse["kind"]>;
  inScope: SocketUse[];
  /** The function (or file) the socket is made in. */
  creation: string | undefined;
  sources: SourceAccess;
  report(message: string, related: RelatedInformation[]): void;
}

function checkSocket(socket: ZmqSocket, sources: SourceAccess, severity: Finding["severity"]): Finding[] {
  const uses = socket.uses;
  const findings: Finding[] = [];
  const creation = creationScopeId(socket, sources);
  uses.forEach((use, index) => {
    if ((use.kind !== "send" && use.kind !== "receive") || use.concurrentRepeat || !use.previous || !use.scope) return;
    const site = useSite(use, sources);
    const receiver = site && receiverOf(site);
    if (!site || !receiver || handedOffOrReassigned(site.scope, receiver)) return;
    const reached = earlierOperations(uses, index, site, sources);
    if (!reached) return;
    const c: UseCheck = {
      socket, uses, use, index, site, reached, creation, sources,
      same: reached.earlier.filter((e) => uses[e.index]!.kind === use.kind),
      elsewhere: new Set(uses.filter((u) => u.scope !== use.scope).map((u) => u.kind)),
      inScope: uses.filter((u) => u.scope === use.scope),
      report: (message, related) => findings.push({ rule: id, severity, location: use.location, message, related }),
    };
    if (socket.type === "REQ") (use.kind === "send" ? reqSend : reqReceive)(c);
    else (use.kind === "send" ? repSend : repReceive)(c);
  });
  return findings;
}

function reqSend(c: UseCheck): void {
  const relaxed = optionValue(c.socket, "relaxed");
  const strict = relaxed === undefined || relaxed === false || relaxed === 0;
  // A receive or close in another function could run in between: not decidable here.
  if (!strict || c.elsewhere.has("receive") || c.elsewhere.has("close")) return;
  const receiveTimeout = optionValue(c.socket, "receiveTimeout");
  const hasReceiveTimeout = receiveTimeout !== undefined && receiveTimeout !== -1;
  // Send after send through a receive that can fail: the use order's catch paths start before the receive.
  const failed = timedOutReceivesBetween(c.uses, c.same, c.sources);
  // Without a receive timeout a receive fails only when the socket closes, and then nothing is sent again.
  if (failed.length > 0 && !hasReceiveTimeout) return;
  if (failed.length > 0) {
    c.report(`This send() on the ${socketLabel(c.socket)} can run after the receive() on ${lineOf(c.uses[failed[0]!]!.location)} failed (receiveTimeout expired): ` +
      `the REQ still waits for the old reply, so ${whenTimeout(c.socket, "send")}. Close and re-create the socket before retrying (the Lazy Pirate pattern), or set relaxed: true.`,
    failed.map((i) => ({ location: c.uses[i]!.location, message: "the receive() that can time out" })));
  } else if (c.same.length > 0) {
    c.report(`This send() on the ${socketLabel(c.socket)} ${again(c, c.same[0]!)} without a receive() in between: a REQ must alternate send and receive, ` +
      `and zeromq.js waits for it to become writable, which happens only once the reply has arrived, so ${whenTimeout(c.socket, "send")}${stillPending(c)}.`,
    earlierOnes(c, "the earlier send()"));
  }
}

function reqReceive(c: UseCheck): void {
  if (c.elsewhere.has("send") || c.elsewhere.has("close")) return;
  if (c.same.length > 0) {
    c.report(`This receive() on the ${socketLabel(c.socket)} ${again(c, c.same[0]!)} without a send() in between: a REQ gets one reply per request, so ${whenTimeout(c.socket, "receive")}${stillPending(c)}.`,
      earlierOnes(c, "the earlier receive()"));
  } else if (c.reached.fromEntry && c.creation !== undefined && c.use.scope === c.creation) {
    c.report(`This receive() on the ${socketLabel(c.socket)} can run before any send(): a REQ must send its request first, so ${whenTimeout(c.socket, "receive")}.`, []);
  }
}

function repSend(c: UseCheck): void {
  if (c.elsewhere.has("receive") || c.elsewhere.has("close")) return;
  if (c.same.length > 0) {
    c.report(`This send() on the ${socketLabel(c.socket)} ${again(c, c.same[0]!)} without a receive() in between: a REP sends exactly one reply per request, so ${whenTimeout(c.socket, "send")}${stillPending(c)}.`,
      earlierOnes(c, "the earlier send()"));
  } else if (c.reached.fromEntry && ((c.creation !== undefined && c.use.scope === c.creation) || c.inScope.some((u) => u.kind === "receive"))) {
    const receives = c.inScope.filter((u) => u.kind === "receive");
    c.report(`This send() on the ${socketLabel(c.socket)} can run before the REP has received a request: a REP must receive first, so ${whenTimeout(c.socket, "send")}. ` +
      `A REP cannot start a conversation; a server that speaks first needs a ROUTER (or a PUB for announcements).`,
    receives.map((u) => ({ location: u.location, message: "the REP receives here" })));
  }
}

/** A path comes back to receive without the reply the same function sends. */
function repReceive(c: UseCheck): void {
  if (c.elsewhere.has("send") || c.elsewhere.has("close")) return;
  const sends = c.inScope.filter((u) => u.kind === "send");
  if (c.same.length === 0 || sends.length === 0) return;
  const loop = c.same.some((e) => e.index === c.index);
  // The replies this path skips: the sends in the loop, or between the two receives.
  const parent = c.site.node.parent;
  const loopNode = parent && ts.isForOfStatement(parent) && parent.expression === c.site.node ? parent : innermostLoop(c.site.node, c.site.scope);
  const skipped = sends.filter((u) => {
    const s = useSite(u, c.sources);
    if (!s) return false;
    if (loop) return loopNode !== undefined && s.node.getStart() >= loopNode.getStart() && s.node.end <= loopNode.end;
    const first = c.same[0]!.site.node;
    return s.node.getStart() >= first.end && s.node.end <= c.site.node.getStart();
  });
  const who = socketLabel(c.socket);
  const head = loop
    ? `A path through this receive loop on the ${who} comes back to receive without sending a reply (an early continue, or an error caught before the send)`
    : `This receive() on the ${who} can run right after the receive() on ${lineOf(c.uses[c.same[0]!.index]!.location)} without a reply in between`;
  c.report(`${head}: a REP must send one reply per request before it can receive again, so ${whenTimeout(c.socket, "receive")}, and the client waits for its reply forever.`,
    [...skipped.map((u) => ({ location: u.location, message: "the reply this path skips" })), ...earlierOnes(c, "the earlier receive()")]);
}

function whenTimeout(socket: ZmqSocket, kind: "send" | "receive"): string {
  const timeout = optionValue(socket, kind === "send" ? "sendTimeout" : "receiveTimeout");
  const set = timeout !== undefined && timeout !== -1;
  return set ? `it rejects with ${EFSM} once the ${kind}Timeout expires` : `it never completes (with a ${kind}Timeout it would reject with ${EFSM})`;
}

function again(c: UseCheck, e: { index: number }): string {
  return e.index === c.index ? "runs again on the next iteration" : `can run right after the ${c.use.kind}() on ${lineOf(c.uses[e.index]!.location)}`;
}

function stillPending(c: UseCheck): string {
  return c.same.some((e) => ["ignored", "caught", "voided", "passed"].includes(c.uses[e.index]!.outcome ?? "")) ? ` (while that one is still pending it throws EBUSY instead)` : "";
}

/** The earlier same-kind uses (not this one coming round a loop), as related locations. */
function earlierOnes(c: UseCheck, message: string): RelatedInformation[] {
  return c.same.filter((e) => e.index !== c.index).map((e) => ({ location: c.uses[e.index]!.location, message }));
}

/**
 * Receives inside a `try` with a `catch` that an earlier send in `sends` leads to: when one of them times
 * out, the catch path goes on with the REQ still waiting for that reply.
 */
function timedOutReceivesBetween(uses: readonly SocketUse[], sends: readonly { index: number }[], sources: SourceAccess): number[] {
  const from = new Set(sends.map((e) => e.index));
  const found: number[] = [];
  uses.forEach((u, i) => {
    if (u.kind !== "receive" || !u.previous?.some((p) => from.has(p))) return;
    const node = useSite(u, sources)?.node;
    for (let n = node?.parent; n && !isFunctionLike(n); n = n.parent) {
      if (ts.isTryStatement(n) && n.catchClause && node!.pos >= n.tryBlock.pos && node!.end <= n.tryBlock.end) {
        found.push(i);
        return;
      }
    }
  });
  return found;
}

/** The sends and receives that can run just before `uses[index]` in its scope, closes ending the walk. */
function earlierOperations(uses: readonly SocketUse[], index: number, site: UseSite, sources: SourceAccess): Reached | undefined {
  const found = walkBack(uses, index, (u) => (u.kind === "send" || u.kind === "receive" ? "found" : u.kind === "close" ? "stop" : "through"));
  if (!found) return undefined;
  const earlier: Reached["earlier"] = [];
  for (const i of [...found].sort((a, b) => a - b)) {
    if (i === ENTRY) continue;
    const s = i === index ? site : useSite(uses[i]!, sources);
    if (!s) return undefined;
    earlier.push({ index: i, site: s });
  }
  return { earlier, fromEntry: found.has(ENTRY) };
}
