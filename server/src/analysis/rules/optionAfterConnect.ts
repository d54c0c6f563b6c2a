import type { Finding, RelatedInformation } from "../diagnostics";
import type { EndpointUse, SocketUse, ZmqSocket } from "../model";
import { ts } from "../ts";
import { docsUrl, type Rule, type SourceAccess } from "./rule";
import { endpointList, endpointsOfSiblings, socketLabel, startsBefore } from "./socketText";
import { nodeAt } from "./sourceNodes";
import { establishedBefore } from "./useFlow";

const id = "option-after-connect";

/**
 * Options that apply to existing connections at once: zeromq.js src/socket.cc WarnUnlessImmediateOption
 * (SUBSCRIBE, UNSUBSCRIBE, LINGER, ROUTER_MANDATORY, PROBE_ROUTER, XPUB_VERBOSE(R), REQ_CORRELATE,
 * REQ_RELAXED, ROUTER_HANDOVER, SNDHWM/RCVHWM since libzmq 4.2, SNDTIMEO, RCVTIMEO). Checked against the
 * zeromq package 6.8: setting any of these after connect prints no "will not take effect" warning, every
 * other option does. zeromq.js' list misses XPUB_NODROP, which libzmq reads on every send
 * (`xpub_t::xsetsockopt` sets `_lossy`; measured: set after the subscriber connected, it takes effect at once).
 */
export const IMMEDIATE_OPTIONS: ReadonlySet<string> = new Set([
  "subscribe", "unsubscribe", "linger", "mandatory", "probeRouter", "verbosity", "correlate", "relaxed", "handover",
  "sendHighWaterMark", "receiveHighWaterMark", "sendTimeout", "receiveTimeout", "noDrop",
]);

const SECURITY = /^(curve|plain|zap)/;

/**
 * An option that libzmq copies into each connection when it is made (routing id, security keys,
 * heartbeats, ...) set after the socket already connected or bound on the same path: the earlier
 * connections keep the old value.
 */
export const optionAfterConnect: Rule = {
  meta: {
    id,
    defaultSeverity: "warning",
    description: "An option that only applies to later connections (routingId, curve keys, ...) is set after the socket already bound or connected",
    docsUrl: docsUrl(id),
  },
  check({ snapshot, severity, sources }) {
    const findings: Finding[] = [];
    const view = endpointsOfSiblings(snapshot.sockets);
    for (const socket of snapshot.sockets) {
      const s = view(socket);
      s.uses.forEach((use, i) => {
        if (use.kind !== "option" || !use.option || IMMEDIATE_OPTIONS.has(use.option)) return;
        const earlier = establishedBefore(s, i, sources);
        if (earlier.length === 0) return;
        findings.push(finding(s, use, earlier, severity, sources));
      });
    }
    return findings;
  },
};




function endpointsOf(s: ZmqSocket, u: SocketUse): EndpointUse[] {
  const list = u.kind === "bind" ? s.binds : s.connects;
  return list.filter((e) => e.location.file === u.location.file && !startsBefore(e.location, u.location) &&
    (e.location.line < u.location.endLine || (e.location.line === u.location.endLine && e.location.column <= u.location.endColumn)));
}

/** The option as the code names it (`identity`, `zmq.ZMQ_IDENTITY`), with the v6 name when that differs. */
function optionAsWritten(use: SocketUse, sources: SourceAccess): string {
  const option = use.option!;
  const node = nodeAt(sources, use.location);
  let written: string | undefined;
  if (node && ts.isBinaryExpression(node) && ts.isPropertyAccessExpression(node.left)) written = node.left.name.text;
  else if (node && ts.isCallExpression(node) && node.arguments[0]) written = node.arguments[0].getText();
  return written && written !== option ? `\`${written}\` (${option})` : `\`${option}\``;
}

function finding(s: ZmqSocket, use: SocketUse, earlier: SocketUse[], severity: Finding["severity"], sources: SourceAccess): Finding {
  const option = use.option!;
  const related: RelatedInformation[] = [];
  const phrases: string[] = [];
  for (const u of earlier) {
    const eps = [...new Set(endpointsOf(s, u).map((e) => e.text))];
    const where = eps.length > 0 ? endpointList(eps) : "an endpoint";
    phrases.push(`${u.kind === "connect" ? "connected to" : "bound"} ${where}`);
    related.push({ location: u.location, message: u.kind === "connect" ? `connects to ${where} here, with the old ${option}` : `binds ${where} here, with the old ${option}` });
  }
  const connects = earlier.filter((u) => u.kind === "connect").length;
  const binds = earlier.length - connects;
  const keepers = [
    connects === 1 ? "that connection" : connects > 1 ? "those connections" : "",
    binds === 1 ? "every connection accepted on that endpoint" : binds > 1 ? "every connection accepted on those endpoints" : "",
  ].filter(Boolean).join(" and ");
  const singular = (connects === 1 && binds === 0) || connects === 0;
  const value = SECURITY.test(option) ? `the old security settings (${option} is not applied there)` : "the old value";
  return {
    rule: id,
    severity,
    location: use.location,
    message: `${optionAsWritten(use, sources)} is set on ${socketLabel(s)} after it ${phrases.join(" and ")}: ${keepers} keep${singular ? "s" : ""} ${value}, ` +
      `because libzmq copies this option into a connection only when connect or bind makes it. Set it before connecting or binding${s.api === "v6" ? " (e.g. in the constructor options)" : ""}.`,
    related,
  };
}
