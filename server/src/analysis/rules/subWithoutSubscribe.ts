import type { Finding, Fix, RelatedInformation } from "../diagnostics";
import { expressionAt, holdingStatement, insertAfterStatement } from "../fixes";
import type { ZmqSocket } from "../model";
import { holderSuffix } from "./socketText";
import { docsUrl, type Rule, type SourceAccess } from "./rule";

const id = "sub-without-subscribe";

/**
 * A SUB socket starts with no subscription and filters out every message it receives (libzmq
 * src/sub.cpp, xsub.cpp `xhas_in` match against the subscription trie). An XSUB forwards nothing
 * upstream until it sends a subscription message (`\x01topic`), so its publishers send it nothing.
 */
export const subWithoutSubscribe: Rule = {
  meta: {
    id,
    defaultSeverity: "warning",
    description: "SUB or XSUB sockets that never subscribe and so receive nothing",
    docsUrl: docsUrl(id),
  },
  check({ snapshot, severity, sources }) {
    const findings: Finding[] = [];
    const proxyEnds = new Set(snapshot.proxies.flatMap((p) => [p.frontend, p.backend, p.capture]).filter((x): x is string => x !== undefined));
    // A creation followed through several call sites is one socket per site, but one place to fix.
    const reported = new Set<string>();
    for (const socket of snapshot.sockets) {
      if (socket.type !== "SUB" && socket.type !== "XSUB") continue;
      if (socket.subscriptions.length > 0 || socket.uses.some((u) => u.kind === "subscribe")) continue;
      // Code the analysis does not follow may subscribe it.
      if (socket.lifetime.handedOff) continue;
      if (socket.type === "XSUB" && (proxyEnds.has(socket.id) || socket.uses.some((u) => u.kind === "send"))) continue;
      const key = locationKey(socket);
      if (reported.has(key)) continue;
      reported.add(key);
      findings.push(socket.type === "SUB" ? subFinding(socket, severity, sources) : xsubFinding(socket, severity));
    }
    return findings;
  },
};

function locationKey(socket: ZmqSocket): string {
  const at = (l: { file: string; line: number; column: number }): string => `${l.file}:${l.line}:${l.column}`;
  return `${at(socket.location)}|${socket.createdAt ? at(socket.createdAt) : ""}`;
}

function related(socket: ZmqSocket): RelatedInformation[] {
  return [...socket.connects, ...socket.binds].slice(0, 3).map((e) => ({
    location: e.location,
    message: `${e.kind === "connect" ? "connects to" : "binds"} ${e.text} here`,
  }));
}


function subFinding(socket: ZmqSocket, severity: Finding["severity"], sources: SourceAccess): Finding {
  const fix = subscribeFix(socket, sources);
  return {
    rule: id,
    severity,
    location: socket.location,
    message: `SUB socket${holderSuffix(socket)} never subscribes: a SUB starts with no subscription and drops every message, ` +
      `so it receives nothing. Call \`subscribe(${socket.api === "v6" ? "" : '""'})\` for everything, or subscribe to the topics it needs.`,
    related: related(socket),
    ...(fix ? { fixes: [fix] } : {}),
  };
}

function xsubFinding(socket: ZmqSocket, severity: Finding["severity"]): Finding {
  return {
    rule: id,
    severity,
    location: socket.location,
    message: `XSUB socket${holderSuffix(socket)} never sends a subscription and is not a proxy end: publishers send an XSUB ` +
      "only what it subscribed to (a `\\x01topic` message), so it receives nothing.",
    related: related(socket),
  };
}

/** `sub.subscribe()` (v6) / `sub.subscribe("")` (v5) right after the statement that creates or stores the socket. */
function subscribeFix(socket: ZmqSocket, sources: SourceAccess): Fix | undefined {
  const sf = sources.sourceFile(socket.location.file);
  const expr = sf && expressionAt(sf, socket.location);
  const held = expr && holdingStatement(expr);
  if (!sf || !held) return undefined;
  const call = `${held.holder}.subscribe(${socket.api === "v6" ? "" : '""'})`;
  return { title: `Subscribe to every message: \`${call}\``, kind: "quickfix", edits: [insertAfterStatement(sf, held.statement, [call])] };
}
