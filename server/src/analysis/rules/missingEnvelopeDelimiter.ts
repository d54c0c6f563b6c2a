import type { Finding, Fix, RelatedInformation } from "../diagnostics";
import type { Link, SocketUse, ZmqSocket } from "../model";
import { ts } from "../ts";
import { holderSuffix } from "./socketText";
import { docsUrl, type Rule, type SourceAccess } from "./rule";
import { nodeAt } from "./sourceNodes";

const id = "missing-envelope-delimiter";

/**
 * REQ and REP frame their messages with an envelope: routing frames, an empty delimiter, the body.
 * A REP reads frames up to the first empty one as the way back and discards a message that has none
 * (libzmq src/rep.cpp `xrecv`: rollback). A REQ discards a reply whose first frame is not the empty
 * delimiter (src/req.cpp `xrecv`). A DEALER or ROUTER talking to them must write that envelope itself.
 */
export const missingEnvelopeDelimiter: Rule = {
  meta: {
    id,
    defaultSeverity: "warning",
    description: "DEALER messages to a REP, or ROUTER replies to a REQ, without the empty delimiter frame",
    docsUrl: docsUrl(id),
  },
  check({ snapshot, severity, sources }) {
    const byId = new Map(snapshot.sockets.map((s) => [s.id, s]));
    const peers = new Map<string, { peer: ZmqSocket; link: Link }[]>();
    for (const link of snapshot.links) {
      if (!link.compatible) continue;
      const from = byId.get(link.from);
      const to = byId.get(link.to);
      if (!from || !to) continue;
      for (const [a, b] of [[from, to], [to, from]] as const) {
        let list = peers.get(a.id);
        if (!list) peers.set(a.id, (list = []));
        list.push({ peer: b, link });
      }
    }
    const findings: Finding[] = [];
    const reported = new Set<string>();
    for (const socket of snapshot.sockets) {
      const linked = peers.get(socket.id) ?? [];
      if (socket.type === "DEALER") {
        const reps = linked.filter((p) => p.peer.type === "REP");
        if (reps.length > 0) check(socket, reps, dealerDropped, dealerMessage, dealerFix);
      } else if (socket.type === "ROUTER") {
        // Only a ROUTER whose every peer is a plain REQ answers REQs; with `correlate` the envelope differs.
        if (linked.length > 0 && linked.every((p) => p.peer.type === "REQ" && !p.peer.options.some((o) => o.name === "correlate" && o.value !== false && o.value !== 0))) {
          check(socket, linked, routerDropped, routerMessage, routerFix);
        }
      }
    }
    return findings;

    function check(socket: ZmqSocket, linked: { peer: ZmqSocket; link: Link }[], dropped: (frames: SocketUse["frames"] & {}) => boolean,
        message: (socket: ZmqSocket, peer: ZmqSocket, endpoint: string, frames: NonNullable<SocketUse["frames"]>) => string, fix: (use: SocketUse, sources: SourceAccess) => Fix | undefined): void {
      const sends = socket.uses.filter((u) => u.kind === "send");
      // v5 messages built across calls (`send(part, ZMQ_SNDMORE)`): one call's frames are not the message.
      if (socket.api !== "v6" && sends.some((u) => u.flags)) return;
      for (const send of sends) {
        if (!send.frames || !dropped(send.frames)) continue;
        const key = `${send.location.file}:${send.location.line}:${send.location.column}`;
        if (reported.has(key)) continue;
        reported.add(key);
        const first = linked[0]!;
        const relatedInfo: RelatedInformation[] = linked.slice(0, 3).map(({ peer, link }) => ({
          location: link.from === peer.id ? link.connectLocation : link.bindLocation,
          message: `${peer.type} socket ${link.from === peer.id ? "connects to" : "binds"} ${link.from === peer.id ? link.endpoint : link.bindEndpoint} here`,
        }));
        const f = fix(send, sources);
        findings.push({
          rule: id, severity, location: send.location,
          message: message(socket, first.peer, first.link.endpoint, send.frames),
          related: relatedInfo,
          ...(f ? { fixes: [f] } : {}),
        });
      }
    }
  },
};

/** A REP keeps a message only if some frame before the last may be the empty delimiter. */
function dealerDropped(frames: NonNullable<SocketUse["frames"]>): boolean {
  return frames.slice(0, -1).every((f) => f === "value");
}

/** A REQ keeps a reply only if the frame after the routing id is the empty delimiter and a body follows. */
function routerDropped(frames: NonNullable<SocketUse["frames"]>): boolean {
  if (frames.length < 2) return false;
  return frames[1] === "value" || (frames[1] === "empty" && frames.length === 2);
}


function dealerMessage(socket: ZmqSocket, peer: ZmqSocket, endpoint: string): string {
  return `DEALER${holderSuffix(socket)} sends to the REP${holderSuffix(peer)} at ${endpoint} without an empty delimiter frame first: ` +
    "the REP discards the message without an error and its receive() never sees it. Send `[\"\", ...body]`.";
}

function routerMessage(socket: ZmqSocket, peer: ZmqSocket, endpoint: string, frames: NonNullable<SocketUse["frames"]>): string {
  if (frames[1] === "empty") {
    return `ROUTER${holderSuffix(socket)} answers the REQ${holderSuffix(peer)} at ${endpoint} with only the routing id and the delimiter: ` +
      "a REQ discards a reply with no body and keeps waiting. Send `[routingId, \"\", ...body]`.";
  }
  return `ROUTER${holderSuffix(socket)} answers the REQ${holderSuffix(peer)} at ${endpoint} without the empty delimiter after the routing id: ` +
    "the REQ discards the reply and keeps waiting. Send `[routingId, \"\", ...body]` (keep the envelope the request came with).";
}

/** The array literal (or single value) a send passes, to put the delimiter in. */
function sentArgument(use: SocketUse, sources: SourceAccess): { call: ts.CallExpression; arg: ts.Expression } | undefined {
  const node = nodeAt(sources, use.location);
  if (!node || !ts.isCallExpression(node) || node.arguments.length !== 1) return undefined;
  let arg = node.arguments[0]!;
  while (ts.isParenthesizedExpression(arg)) arg = arg.expression;
  return { call: node, arg };
}

/** `["", ...]` for a DEALER: before the first frame of an array literal, or around a single value. */
function dealerFix(use: SocketUse, sources: SourceAccess): Fix | undefined {
  const found = sentArgument(use, sources);
  const sf = sources.sourceFile(use.location.file);
  if (!found || !sf) return undefined;
  const { arg } = found;
  const title = "Send the empty delimiter frame first (replies then start with it too)";
  if (ts.isArrayLiteralExpression(arg)) {
    const first = arg.elements[0];
    if (!first) return undefined;
    const at = first.getStart(sf);
    return { title, kind: "quickfix", edits: [{ file: sf.fileName, start: at, end: at, newText: `"", ` }] };
  }
  if (use.frames?.length !== 1) return undefined;
  const start = arg.getStart(sf);
  return { title, kind: "quickfix", edits: [{ file: sf.fileName, start, end: start, newText: `["", ` }, { file: sf.fileName, start: arg.end, end: arg.end, newText: "]" }] };
}

/** `[id, "", reply]` for a ROUTER: the delimiter after the routing id of an array literal. */
function routerFix(use: SocketUse, sources: SourceAccess): Fix | undefined {
  const found = sentArgument(use, sources);
  const sf = sources.sourceFile(use.location.file);
  if (!found || !sf || !ts.isArrayLiteralExpression(found.arg) || use.frames?.[1] !== "value") return undefined;
  const second = found.arg.elements[1];
  if (!second) return undefined;
  const at = second.getStart(sf);
  return { title: "Keep the empty delimiter after the routing id", kind: "quickfix", edits: [{ file: sf.fileName, start: at, end: at, newText: `"", ` }] };
}
