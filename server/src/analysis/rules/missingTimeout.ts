import type { Finding, Fix, RelatedInformation, TextEdit } from "../diagnostics";
import { codeStyleOf, expressionAt, insertAfterStatement, socketOptionEdits } from "../fixes";
import type { SocketUse, ZmqSocket } from "../model";
import { ts } from "../ts";
import { docsUrl, type Rule, type SourceAccess } from "./rule";
import { endpointsOfSiblings, peerPhrase, SENDING_TYPES, socketLabel, startsBefore } from "./socketText";

const id = "missing-timeout";

/** Types whose send waits (instead of dropping) when no peer can take the message: libzmq "Action in mute state: Block". */
const BLOCKING_SEND_TYPES: ReadonlySet<string> = new Set(["REQ", "DEALER", "PUSH", "PAIR", "CLIENT", "SCATTER", "CHANNEL"]);

const MAX_RELATED_WAITS = 3;

/**
 * A socket that waits for a reply (a REQ's receive, or with `socketTypes` a DEALER's receive after its
 * send) with nothing that ends the wait: no `receiveTimeout`, no timer that closes the socket. With
 * `requireSendTimeout`, also sockets whose sends can block and have no `sendTimeout`.
 */
export const missingTimeout: Rule = {
  meta: {
    id,
    defaultSeverity: "warning",
    description: "A REQ socket (or another configured type) waits for replies with no receive timeout: a lost reply or a dead server hangs it forever",
    docsUrl: docsUrl(id),
    options: {
      socketTypes: {
        type: "socketTypes",
        default: ["REQ"],
        description: "Socket types whose reply waits need a timeout. REQ: every receive. Other types: a receive that always follows a send in the same function (a client awaiting its reply); types that cannot send: every receive.",
      },
      requireSendTimeout: {
        type: "boolean",
        default: false,
        description: "Also require sendTimeout on REQ, DEALER, PUSH, PAIR, CLIENT and SCATTER sockets that bind or connect and send: their send waits while no peer is connected (bound, or `immediate`) or the queue is at the high-water mark.",
      },
      timeout: {
        type: "number",
        default: 5000,
        min: 1,
        description: "Milliseconds the quick fix uses for receiveTimeout / sendTimeout (or for the timer guard in the v5 API).",
      },
    },
  },
  check({ snapshot, severity, options, sources }) {
    const types = new Set(options["socketTypes"] as string[]);
    const requireSend = options["requireSendTimeout"] === true;
    const timeout = options["timeout"] as number;
    const findings: Finding[] = [];
    const view = endpointsOfSiblings(snapshot.sockets);
    for (const socket of snapshot.sockets) {
      const s = view(socket);
      // Options the analysis could not read may hold the timeout.
      if (s.type === "UNKNOWN" || s.optionsIncomplete) continue;
      const has = (name: string): boolean => s.options.some((o) => o.name === name);
      // Closing the socket from a timer ends any wait (the pending receive or send rejects, v5 stops waiting for "message").
      if (s.uses.some((u) => u.kind === "close" && u.inTimer)) continue;

      const waits = types.has(s.type) ? replyWaits(s) : [];
      // In the v5 API RCVTIMEO is accepted and ignored: the binding never blocks on receive.
      const missingReceive = waits.length > 0 && (s.api === "v5" || !has("receiveTimeout"));
      const sends = requireSend && s.api !== "v5" && BLOCKING_SEND_TYPES.has(s.type) && (s.binds.length > 0 || s.connects.length > 0)
        ? s.uses.filter((u) => u.kind === "send") : [];
      const missingSend = sends.length > 0 && !has("sendTimeout");
      if (!missingReceive && !missingSend) continue;

      const related: RelatedInformation[] = [];
      const parts: string[] = [];
      if (missingReceive) {
        const first = waits[0]!;
        parts.push(receiveText(s, first.afterSend === undefined ? undefined : s.uses[first.afterSend]));
        for (const w of waits.slice(0, MAX_RELATED_WAITS)) {
          related.push({ location: w.use.location, message: s.api === "v5" ? "waits for the reply here, with no time limit" : "waits here with no receive timeout" });
        }
        if (first.afterSend !== undefined) related.push({ location: s.uses[first.afterSend]!.location, message: "the request is sent here" });
        const ignored = s.api === "v5" ? s.options.find((o) => o.name === "receiveTimeout") : undefined;
        if (ignored) related.push({ location: ignored.location, message: "ZMQ_RCVTIMEO has no effect in the v5 API" });
      }
      if (missingSend) {
        parts.push(sendText(s, missingReceive));
        for (const u of sends.slice(0, MAX_RELATED_WAITS)) related.push({ location: u.location, message: "can wait here forever: no send timeout" });
      }
      const peers = s.connects[0] ?? s.binds[0];
      if (peers) related.push({ location: peers.location, message: `${peers.kind === "connect" ? "connects to" : "binds"} ${peers.text} here` });

      const finding: Finding = { rule: id, severity, location: s.location, message: parts.join(" ") + advice(s, missingReceive, missingSend), related };
      const fix = fixFor(s, missingReceive, missingSend, timeout, sources);
      if (fix) finding.fixes = [fix];
      findings.push(finding);
    }
    return findings;
  },
};

interface Wait {
  use: SocketUse;
  /** The send this receive always follows (its reply wait), when that is why it counts. */
  afterSend?: number;
}

/**
 * Receives that wait for a reply. A promise handed to a call or kept in a variable may be raced
 * against a timer (`Promise.race([sock.receive(), timeout])`): not counted.
 */
function replyWaits(s: ZmqSocket): Wait[] {
  const waits: Wait[] = [];
  // A REQ worker behind a load-balancing ROUTER (zguide lbbroker) waits for work, not for a reply: it
  // answers with the client's envelope, `[clientId, "", reply]`.
  if (s.type === "REQ" && s.uses.some((u) => u.kind === "send" && (u.frames?.length ?? 0) >= 3)) return waits;
  s.uses.forEach((use, i) => {
    if (use.kind !== "receive" || use.outcome === "passed" || use.outcome === "stored") return;
    // A REQ only ever receives replies; a type that cannot send has nothing to wait on but its input.
    if (s.type === "REQ" || !SENDING_TYPES.has(s.type)) {
      // ...except a REQ receive reached round a loop from the answer sent after it: a worker's wait for work.
      if (s.type === "REQ" && use.previous?.some((p) => p >= 0 && s.uses[p]!.kind === "send" && !startsBefore(s.uses[p]!.location, use.location))) return;
      waits.push({ use });
      return;
    }
    // `for await (... of sock)` consumes a stream of messages, it does not await one reply.
    if (s.api === "v6" && use.outcome === undefined) return;
    const send = alwaysAfterSend(s.uses, i);
    if (send !== undefined) waits.push({ use, afterSend: send });
  });
  return waits;
}

/**
 * The send that every path into use `i` passes through (in its function), written before it: a client's
 * wait for the reply, not a worker's wait for its next request. Undefined when some path reaches the
 * function's entry without a send, comes round a loop from code after the receive (a worker answering the
 * previous request), or the order is unknown.
 */
function alwaysAfterSend(uses: readonly SocketUse[], i: number): number | undefined {
  const start = uses[i]!.previous;
  if (!start || start.length === 0) return undefined;
  const seen = new Set<number>();
  const stack = [...start];
  let found: number | undefined;
  while (stack.length > 0) {
    const p = stack.pop()!;
    if (p < 0) return undefined;
    if (seen.has(p)) continue;
    seen.add(p);
    const u = uses[p]!;
    if (p !== i && !startsBefore(u.location, uses[i]!.location)) return undefined;
    if (u.kind === "send") {
      found ??= p;
      continue;
    }
    if (!u.previous) return undefined;
    stack.push(...u.previous);
  }
  return found;
}

function receiveText(s: ZmqSocket, send: SocketUse | undefined): string {
  const lost = s.type === "REQ" ? "if the request or the reply is lost, or" : "if the reply is lost, or";
  const peer = peerPhrase(s, "the server at", "the peer connected to", "the server");
  const after = send ? " after its send" : "";
  if (s.api === "v5") {
    const ignored = s.options.some((o) => o.name === "receiveTimeout")
      ? " Its setsockopt(ZMQ_RCVTIMEO) has no effect in the v5 API: the binding never blocks on receive, replies arrive as \"message\" events."
      : "";
    return `${socketLabel(s)} waits for its reply with no time limit: ${lost} ${peer} dies, the "message" handler${after} never runs and the socket waits forever.${ignored}`;
  }
  return `${socketLabel(s)} has no receive timeout: ${lost} ${peer} dies, the receive${after} waits forever.`;
}

function sendText(s: ZmqSocket, alsoReceive: boolean): string {
  const why = s.binds.length > 0
    ? `while no peer is connected to ${s.binds[0]!.text}`
    : "while no peer is connected (with `immediate`) or its queue is at the high-water mark";
  return alsoReceive
    ? `It has no send timeout either: ${why}, its send waits forever.`
    : `${socketLabel(s)} has no send timeout: ${why}, its send waits forever.`;
}

function advice(s: ZmqSocket, receive: boolean, send: boolean): string {
  if (receive && s.api === "v5") return " Close the socket from a timer when no reply arrives in time.";
  if (receive && s.api === "v5-compat") {
    return " Close the socket from a timer when no reply arrives in time: setsockopt(ZMQ_RCVTIMEO) would only bound the waits after the first reply, " +
      `because v5-compat starts its first receive when the socket is created${send ? "; also set ZMQ_SNDTIMEO" : ""}.`;
  }
  const names = [receive ? "receiveTimeout" : "", send ? "sendTimeout" : ""].filter(Boolean).join(" and ");
  const after = s.type === "REQ" && receive ? "; after a timeout, close and recreate the socket (Lazy Pirate) or enable relaxed and correlate" : "";
  return ` Set ${names}${after}.`;
}

function fixFor(s: ZmqSocket, receive: boolean, send: boolean, timeout: number, sources: SourceAccess): Fix | undefined {
  const edits: TextEdit[] = [];
  const titles: string[] = [];
  // v5-compat starts its receive loop in the socket's constructor, before any setsockopt: ZMQ_RCVTIMEO only
  // bounds the waits after the first reply. A timer guard bounds every one, as in the v5 API.
  const guard = receive && s.api !== "v6";
  if (guard) {
    const g = timerGuardEdits(s, timeout, sources);
    if (!g) return undefined;
    edits.push(...g);
    titles.push(`close ${s.holder ? `\`${s.holder}\`` : "the socket"} if no reply arrives within ${timeout} ms`);
  }
  const opts: Record<string, number> = {};
  if (receive && !guard) opts["receiveTimeout"] = timeout;
  if (send) opts["sendTimeout"] = timeout;
  if (Object.keys(opts).length > 0) {
    const o = socketOptionEdits(s, opts, sources);
    if (!o) return undefined;
    edits.push(...o);
    titles.unshift(`set ${Object.keys(opts).map((k) => `${k}: ${timeout}`).join(", ")}`);
  }
  const title = titles.join(" and ");
  return { title: title.charAt(0).toUpperCase() + title.slice(1), kind: "quickfix", edits };
}

/**
 * v5 / v5-compat: after each send statement, a timer that closes the socket unless a message arrives
 * first. Undefined when a send is not a plain statement of a block (an arrow body, a condition) or sits in
 * a loop or an array callback (the v5 API queues every iteration's send at once: one timer per send would
 * not mean "per reply").
 */
function timerGuardEdits(s: ZmqSocket, timeout: number, sources: SourceAccess): TextEdit[] | undefined {
  // A multipart message's leading parts (ZMQ_SNDMORE) are not requests on their own.
  const sends = s.uses.filter((u) => u.kind === "send" && !u.flags);
  if (sends.length === 0) return undefined;
  const edits: TextEdit[] = [];
  const chosen = new Set<string>();
  for (const u of sends) {
    if (u.concurrentRepeat) return undefined;
    const sf = sources.sourceFile(u.location.file);
    const call = sf && expressionAt(sf, u.location);
    if (!sf || !call || !ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression) || call.expression.name.text !== "send") return undefined;
    const statement = call.parent;
    if (!ts.isExpressionStatement(statement) || statement.expression !== call || !isStatementList(statement.parent) || inLoop(statement)) return undefined;
    const target = call.expression.expression.getText(sf);
    const name = freshName(sf.text, `${baseIdentifier(target)}ReplyTimer`, chosen);
    const style = codeStyleOf(sf);
    const q = style.quote;
    edits.push(insertAfterStatement(sf, statement, [
      `${style.declare} ${name} = setTimeout(() => ${target}.close(), ${timeout})`,
      `${target}.once(${q}message${q}, () => clearTimeout(${name}))`,
    ]));
  }
  return edits;
}

function isStatementList(node: ts.Node): boolean {
  return ts.isBlock(node) || ts.isSourceFile(node) || ts.isModuleBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node);
}

function inLoop(node: ts.Node): boolean {
  for (let n = node.parent; n && !ts.isSourceFile(n); n = n.parent) {
    if (ts.isFunctionLike(n) || ts.isClassLike(n)) return false;
    if (ts.isIterationStatement(n, false)) return true;
  }
  return false;
}

function baseIdentifier(text: string): string {
  if (text === "this") return "socket";
  return /[A-Za-z_$][\w$]*$/.exec(text)?.[0] ?? "socket";
}

/** `base`, or `base2`, `base3`, ... when the file or this fix already uses the name. */
function freshName(text: string, base: string, chosen: Set<string>): string {
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}${n}`;
    if (!chosen.has(name) && !new RegExp(`(?<![\\w$])${name.replace(/\$/g, "\\$")}(?![\\w$])`).test(text)) {
      chosen.add(name);
      return name;
    }
  }
}
