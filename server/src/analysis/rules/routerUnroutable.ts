import type { Finding } from "../diagnostics";
import { socketOptionEdits } from "../fixes";
import type { SocketUse, SourceLocation, ZmqSocket } from "../model";
import { docsUrl, type Rule, type SourceAccess } from "./rule";
import { isZapHandler } from "./endpointUses";

const id = "router-unroutable";

/**
 * A ROUTER takes the first frame of every message it sends as the routing id of the peer to send the
 * rest to (libzmq src/router.cpp `router_t::xsend`). A one-frame message is only a routing id: it is
 * dropped without an error, even with `mandatory`. An empty first frame names no peer: dropped, or
 * EHOSTUNREACH with `mandatory`. Without `mandatory`, a message for a peer that is gone is dropped too.
 */
export const routerUnroutable: Rule = {
  meta: {
    id,
    defaultSeverity: "warning",
    description: "ROUTER messages that cannot be routed and are dropped silently",
    docsUrl: docsUrl(id),
    options: {
      mandatoryHint: {
        type: "boolean",
        default: true,
        description: "Also hint at ROUTER sockets that send without `mandatory: true` (unroutable messages are then dropped without an error).",
      },
    },
  },
  check({ snapshot, severity, options, sources }) {
    const findings: Finding[] = [];
    // A creation followed through several call sites is one socket per site, but one place to fix.
    const seen = new Set<string>();
    const once = (loc: SourceLocation, extra = ""): boolean => {
      const key = `${loc.file}:${loc.line}:${loc.column}${extra}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    };
    for (const socket of snapshot.sockets) {
      if (socket.type !== "ROUTER" || isZapHandler(socket)) continue;
      const sends = socket.uses.filter((u) => u.kind === "send");
      if (sends.length === 0) continue;
      // v5 messages built across calls (`send(id, ZMQ_SNDMORE)`): one call's frames are not the message.
      const partsAcrossCalls = socket.api !== "v6" && sends.some((u) => u.flags);
      if (!partsAcrossCalls) {
        for (const send of sends) {
          const problem = send.frames && unroutable(send.frames);
          if (problem && once(send.location)) findings.push({ rule: id, severity, location: send.location, message: `ROUTER ${name(socket)}${problem}`, related: [{ location: socket.location, message: "ROUTER socket created here" }] });
        }
      }
      const created = socket.createdAt ? `|${socket.createdAt.line}:${socket.createdAt.column}` : "";
      if (options["mandatoryHint"] !== false && !socket.options.some((o) => o.name === "mandatory") && once(socket.location, `${created}|hint`)) {
        findings.push(hint(socket, sends, sources));
      }
    }
    return findings;
  },
};

function name(socket: ZmqSocket): string {
  return socket.holder ? `\`${socket.holder}\` ` : "";
}

function unroutable(frames: NonNullable<SocketUse["frames"]>): string | undefined {
  if (frames.length < 2) {
    return "sends a one-frame message: a ROUTER takes the first frame as the routing id, so nothing is left to deliver " +
      "and libzmq drops the message without an error (even with `mandatory`). Send `[routingId, ...body]`.";
  }
  if (frames[0] === "empty") {
    return "sends a message whose first frame, the routing id, is empty: no peer has that id, so libzmq drops the " +
      "message without an error (EHOSTUNREACH with `mandatory: true`). Put the peer's routing id first.";
  }
  return undefined;
}

function hint(socket: ZmqSocket, sends: SocketUse[], sources: SourceAccess): Finding {
  const edits = socketOptionEdits(socket, { mandatory: true }, sources);
  return {
    rule: id,
    severity: "hint",
    location: socket.location,
    message: `ROUTER ${name(socket)}sends without \`mandatory: true\`: a reply to a peer that has disconnected (or a wrong routing id) ` +
      "is dropped without an error. With `mandatory`, send() fails with EHOSTUNREACH instead.",
    related: sends.slice(0, 3).map((u) => ({ location: u.location, message: "sends here" })),
    // With `mandatory`, a send to a missing peer rejects (EHOSTUNREACH) or waits: the code must be ready for that.
    ...(edits ? { fixes: [{ title: "Set `mandatory: true` on the ROUTER", kind: "quickfix" as const, manual: true, edits }] } : {}),
  };
}
