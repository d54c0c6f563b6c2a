import type { Finding, Fix } from "../diagnostics";
import type { PromiseOutcome, SocketUse, ZmqSocket } from "../model";
import { ts } from "../ts";
import { docsUrl, type Rule, type SourceAccess } from "./rule";
import { awaitFix, ENTRY, hasAwait, innermostLoop, lineOf, repeatsWithoutAwait, sendBlocking, useSite, walkBack, type SendBlocking, type UseSite } from "./useFlow";
import { gatheringOf } from "../useDetails";
import { socketLabel } from "./socketText";

const id = "concurrent-operation";

/** Outcomes that leave the operation running after its statement. */
const PENDING = new Set<PromiseOutcome | undefined>(["ignored", "caught", "voided", "passed"]);
/** Calls zeromq.js refuses with EBUSY while a bind or unbind is pending (src/socket.cc ValidateOpen). */
const BLOCKED_BY_BIND = new Set<SocketUse["kind"]>(["bind", "unbind", "connect", "disconnect", "send", "receive"]);
/** Calls that run normally during a pending bind. */
const UNBLOCKED_KINDS = new Set<SocketUse["kind"]>(["option", "subscribe", "unsubscribe", "close", "monitor", "events"]);

const BUSY = {
  send: `EBUSY ("Socket is busy writing; only one send operation may be in progress at any time")`,
  receive: `EBUSY ("Socket is busy reading; only one receive operation may be in progress at any time")`,
};

interface Candidate {
  index: number;
  use: SocketUse;
  site: UseSite;
  /** The earlier operation still pending, in source order; empty for a callback overlapping with itself only. */
  pending: number[];
  loop: boolean;
}

/**
 * zeromq.js v6 allows one pending send and one pending receive per socket; another call throws EBUSY at
 * once (synchronously: a `.catch` on it does not help). A call made while an un-awaited bind or unbind
 * runs throws EBUSY as well.
 */
export const concurrentOperation: Rule = {
  meta: {
    id,
    defaultSeverity: "error",
    description: "A zeromq.js v6 send() or receive() started while another one on the same socket is still pending (EBUSY)",
    docsUrl: docsUrl(id),
    options: {
      reportNonBlockingLoops: {
        type: "boolean",
        default: true,
        description: "Also report loops of un-awaited sends on sockets that never block (PUB, XPUB, ROUTER without mandatory, ...): they fail only past 512 sends in one go.",
      },
    },
  },
  check({ snapshot, severity, options, sources }) {
    const findings: Finding[] = [];
    for (const socket of snapshot.sockets) {
      if (socket.api !== "v6" || socket.type === "UNKNOWN") continue;
      findings.push(...overlappingOperations(socket, sources, severity, options["reportNonBlockingLoops"] !== false));
      findings.push(...blockedByBind(socket, sources, severity));
    }
    return findings;
  },
};

function overlappingOperations(socket: ZmqSocket, sources: SourceAccess, severity: Finding["severity"], nonBlockingLoops: boolean): Finding[] {
  const uses = socket.uses;
  const blocking = sendBlocking(socket);
  const candidates = new Map<number, Candidate>();
  uses.forEach((use, index) => {
    if (use.kind !== "send" && use.kind !== "receive") return;
    const kind = use.kind;
    const reached = walkBack(uses, index, (u) => {
      if (u.kind === "close") return "stop";
      if (u.kind === kind) return PENDING.has(u.outcome) || (u !== use && startedTogether(u, use, sources)) ? "found" : "stop";
      // A reply received between two sends: the first one went out. (An awaited send between two
      // receives says nothing about the first receive: `Promise.race([sock.receive(), timeout])`.)
      if (kind === "send" && u.kind === "receive" && (u.outcome === "awaited" || u.outcome === undefined)) return "stop";
      return "through";
    });
    const pending = [...(reached ?? [])].filter((i) => i !== ENTRY);
    if (pending.length === 0 && !use.concurrentRepeat) return;
    const site = useSite(use, sources);
    if (!site) return;
    const loop = pending.some((i) => i === index || locationKey(uses[i]!) >= locationKey(use));
    candidates.set(index, { index, use, site, pending: pending.sort((a, b) => locationKey(uses[a]!) - locationKey(uses[b]!)), loop });
  });

  const messages = new Map<number, string>();
  for (const c of candidates.values()) {
    const message = describe(socket, c, blocking, nonBlockingLoops);
    if (message) messages.set(c.index, message);
  }
  const findings: Finding[] = [];
  for (const [index, message] of messages) {
    const c = candidates.get(index)!;
    const use = c.use;
    // Two sends in a loop body, neither awaited: report the later one only (the earlier one's pending
    // operation comes around from the end of the loop).
    if (c.pending.length > 0 && !use.concurrentRepeat && c.pending.every((i) => i !== index && locationKey(uses[i]!) > locationKey(use) && messages.has(i))) continue;
    const related = c.pending.filter((i) => i !== index).map((i) => ({ location: uses[i]!.location, message: `the earlier ${uses[i]!.kind}() that can still be pending` }));
    const fix = awaitPendingFix(c, uses, sources);
    findings.push({ rule: id, severity, location: use.location, message, related, ...(fix ? { fixes: [fix] } : {}) });
  }
  return findings;
}

/** `await` before every pending operation (the use itself in a loop), when each is a plain statement in an async function. */
function awaitPendingFix(c: Candidate, uses: readonly SocketUse[], sources: SourceAccess): Fix | undefined {
  if (c.pending.length === 0) return undefined;
  const edits = [];
  for (const i of c.pending) {
    const use = uses[i]!;
    if (use.outcome !== "ignored") return undefined;
    const site = i === c.index ? c.site : useSite(use, sources);
    const fix = site && awaitFix(site, "");
    if (!fix) return undefined;
    edits.push(...fix.edits);
  }
  const kind = c.use.kind;
  const title = c.pending.length > 1
    ? `Await the ${kind}() calls on lines ${c.pending.map((i) => uses[i]!.location.line).join(", ")}`
    : c.pending[0] === c.index ? `Await ${kind}()` : `Await the ${kind}() on ${lineOf(uses[c.pending[0]!]!.location)}`;
  return { title, kind: "quickfix", edits };
}

/** Two elements of one `await Promise.all([...])`: both run until the whole array settles. */
function startedTogether(a: SocketUse, b: SocketUse, sources: SourceAccess): boolean {
  if (a.outcome !== "gathered" || b.outcome !== "gathered") return false;
  const siteA = useSite(a, sources);
  const siteB = useSite(b, sources);
  const gathering = siteA && gatheringOf(siteA.node);
  return gathering !== undefined && siteB !== undefined && gathering === gatheringOf(siteB.node);
}

function locationKey(use: SocketUse): number {
  return use.location.line * 100000 + use.location.column;
}

function describe(socket: ZmqSocket, c: Candidate, blocking: SendBlocking, nonBlockingLoops: boolean): string | undefined {
  const { use, site } = c;
  const who = socketLabel(socket);
  const first = c.pending.find((i) => i !== c.index);
  const earlierText = first !== undefined ? `the ${use.kind}() on ${lineOf(socket.uses[first]!.location)}` : `the previous ${use.kind}()`;
  const overlap = use.concurrentRepeat
    ? `This ${use.kind}() on the ${who} runs in a callback that ${iteratingCall(site)} starts for every element without waiting: the calls overlap`
    : c.pending.includes(c.index)
      ? `This ${use.kind}() on the ${who} starts again on the next iteration while the previous one can still be pending`
      : c.loop
        ? `This ${use.kind}() on the ${who} starts again on the next iteration while ${earlierText} can still be pending`
        : `This ${use.kind}() on the ${who} starts while ${earlierText} can still be pending`;
  if (use.kind === "receive") {
    if (blocking === "lockstep" || socket.type === "REP") {
      // REQ/REP receiving twice in a row is req-rep-lockstep's. In overlapping callbacks, a strict REQ
      // that awaits its send first receives one reply at a time: the sends queue up instead.
      if (!use.concurrentRepeat || afterAwaitedSend(socket, c.index)) return undefined;
    }
    return `${overlap}. zeromq.js allows one receive at a time: when no message is waiting, the first one waits and the next call throws ${BUSY.receive}.`;
  }
  switch (blocking) {
    case "lockstep":
      if (!use.concurrentRepeat) return undefined;
      return socket.type === "REQ"
        ? `${overlap}. A REQ takes one request at a time: once one send is out, the next waits for its reply, and the one after that throws ${BUSY.send}.`
        : `${overlap}. A REP can send only one reply per request: the next send waits for a request, and the one after that throws ${BUSY.send}.`;
    case "never": {
      if (!nonBlockingLoops || !(c.loop || use.concurrentRepeat) || !tight(c)) return undefined;
      return `${overlap}. A ${socket.type} never waits to send, but zeromq.js completes at most 512 operations in a row at once: ` +
        `the next send is deferred, and the one after it throws ${BUSY.send}.`;
    }
    case "at-hwm":
      if (!(c.loop || use.concurrentRepeat)) return undefined;
      return `${overlap}. zeromq.js allows one send at a time: once the queue is full (sendHighWaterMark reached because the peer is slow or gone), ` +
        `a send waits and the next call throws ${BUSY.send}.`;
    case "no-peer":
      return `${overlap}. zeromq.js allows one send at a time: when a send cannot be queued at once (no peer connected yet, or the high-water mark reached), ` +
        `it waits and the next call throws ${BUSY.send}.`;
  }
}

/** Every path to the use passes an awaited send in its scope. */
function afterAwaitedSend(socket: ZmqSocket, index: number): boolean {
  const reached = walkBack(socket.uses, index, (u) => (u.kind === "close" ? "stop" : u.kind === "send" && u.outcome === "awaited" ? "found" : "through"));
  return reached !== undefined && reached.size > 0 && !reached.has(ENTRY);
}

/** Nothing awaited between the repeated sends: the loop body, or the callback before the send. */
function tight(c: Candidate): boolean {
  const { site } = c;
  if (c.use.concurrentRepeat) {
    const fn = site.scope;
    return !ts.isSourceFile(fn) && !hasAwait(fn, fn.getStart(), site.node.getStart());
  }
  const loop = innermostLoop(site.node, site.scope);
  // A `for await` loop waits for each element: it yields to the event loop whenever nothing is ready.
  return loop !== undefined && !(ts.isForOfStatement(loop) && loop.awaitModifier) && !hasAwait(loop);
}

/** `forEach`, `map`, ...: the array method that runs the callback holding the use. */
function iteratingCall(site: UseSite): string {
  const fn = site.scope;
  const call = fn.parent;
  if (call && ts.isCallExpression(call) && ts.isPropertyAccessExpression(call.expression)) return `${call.expression.name.text}()`;
  return "the caller";
}

/** Calls made while a bind/unbind whose promise is caught, voided or passed on is still running. */
function blockedByBind(socket: ZmqSocket, sources: SourceAccess, severity: Finding["severity"]): Finding[] {
  const findings: Finding[] = [];
  const uses = socket.uses;
  uses.forEach((use, index) => {
    if (!BLOCKED_BY_BIND.has(use.kind)) return;
    const reached = walkBack(uses, index, (u) => {
      if (u.kind === "bind" || u.kind === "unbind") return u.outcome !== undefined && PENDING.has(u.outcome) && u.outcome !== "ignored" ? "found" : "stop";
      return UNBLOCKED_KINDS.has(u.kind) ? "through" : "stop";
    });
    if (!reached) return;
    const site = useSite(use, sources);
    if (!site) return;
    if (reached.has(index) && repeatsWithoutAwait(uses, index, site, (u) => UNBLOCKED_KINDS.has(u.kind))) {
      findings.push({
        rule: id,
        severity,
        location: use.location,
        message: `This ${use.kind}() on the ${socketLabel(socket)} runs again on the next iteration while the previous one is still pending (its promise is not awaited): ` +
          `zeromq.js throws EBUSY ("Socket is blocked by a bind or unbind operation").`,
        related: [],
      });
      return;
    }
    for (const i of reached) {
      if (i === ENTRY || i === index) continue;
      const bind = uses[i]!;
      const bindSite = useSite(bind, sources);
      if (!bindSite || bindSite.node.end > site.node.getStart() || hasAwait(site.scope, bindSite.node.end, site.node.getStart())) continue;
      findings.push({
        rule: id,
        severity,
        location: use.location,
        message: `This ${use.kind}() on the ${socketLabel(socket)} runs while the ${bind.kind}() on ${lineOf(bind.location)} is still pending (its promise is not awaited): ` +
          `zeromq.js throws EBUSY ("Socket is blocked by a bind or unbind operation").`,
        related: [{ location: bind.location, message: `the pending ${bind.kind}()` }],
      });
      return;
    }
  });
  return findings;
}
