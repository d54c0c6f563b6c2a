import type { Finding } from "../diagnostics";
import type { SocketUse, ZmqSocket } from "../model";
import type { KnownSocketType } from "../socketTypes";
import { ts } from "../ts";
import { holderSuffix } from "./socketText";
import { docsUrl, type Rule, type SourceAccess } from "./rule";
import { useSite } from "./useFlow";

const id = "unsupported-operation";

/** Socket types libzmq cannot send on (their xsend is ENOTSUP) and cannot receive on. */
const CANNOT_SEND: ReadonlySet<string> = new Set<KnownSocketType>(["SUB", "PULL", "DISH", "GATHER"]);
const CANNOT_RECEIVE: ReadonlySet<string> = new Set<KnownSocketType>(["PUB", "PUSH", "RADIO", "SCATTER"]);

const V6_CLASS: Readonly<Record<string, string>> = {
  SUB: "Subscriber", PULL: "Pull", DISH: "Dish", GATHER: "Gather", PUB: "Publisher", PUSH: "Push", RADIO: "Radio", SCATTER: "Scatter",
};

/**
 * A send on a socket type that only receives, or a receive on one that only sends. What happens depends
 * on the API, and is checked against zeromq.js 6.8 / libzmq 4.3.5: mostly not an error but a call that
 * never completes (the socket is never writable/readable), or a handler that never runs.
 */
export const unsupportedOperation: Rule = {
  meta: {
    id,
    defaultSeverity: "error",
    description: "A send on a SUB/PULL/DISH/GATHER socket, or a receive on a PUB/PUSH/RADIO/SCATTER socket",
    docsUrl: docsUrl(id),
  },
  check({ snapshot, severity, sources }) {
    const findings: Finding[] = [];
    for (const socket of snapshot.sockets) {
      for (const use of socket.uses) {
        const wrong = (use.kind === "send" && CANNOT_SEND.has(socket.type)) || (use.kind === "receive" && CANNOT_RECEIVE.has(socket.type));
        if (!wrong) continue;
        findings.push({ rule: id, severity, location: use.location, message: messageFor(socket, use, sources), related: [] });
      }
    }
    return findings;
  },
};

function messageFor(socket: ZmqSocket, use: SocketUse, sources: SourceAccess): string {
  const type = socket.type;
  const holder = holderSuffix(socket);
  if (socket.api === "v6") {
    const cls = V6_CLASS[type] ?? type;
    if (use.kind === "send") {
      if (type === "DISH") return `Dish${holder} has no send(): TypeScript rejects the call, and in JavaScript the send() every socket inherits rejects with ENOTSUP ("Operation not supported").`;
      return `${cls}${holder} has no send(): TypeScript rejects the call, and in JavaScript the send() every socket inherits returns a promise that never settles ` +
        `(a ${type} socket is never writable), after which the next send() throws EBUSY.`;
    }
    const site = useSite(use, sources);
    if (site && !ts.isCallExpression(site.node)) {
      return `${cls}${holder} cannot be iterated: TypeScript rejects the loop, and in JavaScript it waits forever, since a ${type} socket never has a message to read.`;
    }
    return `${cls}${holder} has no receive(): TypeScript rejects the call, and in JavaScript the receive() every socket inherits returns a promise that never settles ` +
      `(a ${type} socket never has a message to read), after which the next receive() throws EBUSY.`;
  }
  const lower = type.toLowerCase();
  if (use.kind === "send") {
    if (socket.api === "v5-compat") {
      return `A ${lower} socket${holder} cannot send: zeromq.js' v5-compat layer rejects the queued message with "Cannot send on this socket type." ` +
        `in a promise nobody handles, and Node.js ends the process on that unhandled rejection.`;
    }
    return `A ${lower} socket${holder} cannot send: zeromq.js v5 queues the message and never sends it (a ${type} socket never becomes writable), without any error.`;
  }
  const peers = type === "PUB" ? "subscribers cannot answer a PUB" : "a PULL cannot answer a PUSH";
  return `A ${lower} socket${holder} never receives, so this "message" handler never runs${socket.api === "v5-compat" ? " (the v5-compat layer does not even read from pub and push sockets)" : ""}: ` +
    `${peers}; messages back need a socket of their own, or a two-way pattern such as DEALER/ROUTER.`;
}
