import type { Finding, RelatedInformation } from "../diagnostics";
import { isEphemeral } from "../endpoints";
import type { Link } from "../model";
import { capSeverity, type EndpointRef, endpointRefs, isCanonical, isLinkable, isLocalHost, locationKey, mightMeet, overrideNote, placeOf, sameSocket, ZAP_ENDPOINT } from "./endpointUses";
import { TCP_LIKE } from "../links";
import { docsUrl, type Rule } from "./rule";
import { socketLabel } from "./socketText";

const id = "unmatched-endpoint";

/**
 * A fully resolved connect that no bind in the workspace can reach (information), and a bind nothing
 * connects to (hint). Either may be a service outside the workspace; the message says which is likely.
 */
export const unmatchedEndpoint: Rule = {
  meta: {
    id,
    defaultSeverity: "information",
    description: "A connect to an endpoint nothing in the workspace binds, or a bind nothing connects to",
    docsUrl: docsUrl(id),
  },
  check({ snapshot, severity, sources }) {
    const { binds, connects } = endpointRefs(snapshot, sources);
    const linkedConnects = new Set(snapshot.links.map((l) => `${l.from} ${locationKey(l.connectLocation)} ${l.endpoint}`));
    const linkedBinds = new Set(snapshot.links.map((l: Link) => `${l.to} ${locationKey(l.bindLocation)} ${l.bindEndpoint}`));
    const findings: Finding[] = [];

    for (const c of connects) {
      const ep = c.ep;
      if (!ep || !c.use.exact || ep.hasPlaceholder || !isLinkable(ep) || !isCanonical(c.socket, snapshot)) continue;
      if (linkedConnects.has(`${c.socket.id} ${locationKey(c.use.location)} ${c.use.text}`)) continue;
      // An inproc name bound in another process or context is inproc-across-processes' finding.
      if (ep.transport === "inproc" && binds.some((b) => b.key === c.key)) continue;
      if (binds.some((b) => !sameSocket(b.socket, c.socket, snapshot) && mightMeet(ep, b.ep))) continue;
      const place = placeOf(c.socket, c.use, snapshot);
      const related: RelatedInformation[] = [...place.related];
      let detail: string;
      const samePort = TCP_LIKE.has(ep.transport) ? binds.filter((b) => b.key === c.key && isCanonical(b.socket, snapshot) && !sameSocket(b.socket, c.socket, snapshot) && b.ep && !isEphemeral(b.ep)) : [];
      for (const b of samePort) related.push({ location: b.use.location, message: `${socketLabel(b.socket)} binds ${b.use.text} here: another address` });
      if (ep.transport === "inproc") {
        detail = "nothing in this workspace binds it, and inproc names exist only inside one process: this connect never completes";
      } else if (samePort.length > 0) {
        detail = `the bind${samePort.length > 1 ? "s" : ""} on port ${ep.port} (${samePort.map((b) => b.use.text).join(", ")}) listen${samePort.length > 1 ? "" : "s"} on another address, which this connect does not reach`;
      } else if (TCP_LIKE.has(ep.transport) && !isLocalHost(ep.host)) {
        detail = `nothing in this workspace binds it: ${ep.host} is probably an external service (a host other than this machine)`;
      } else {
        detail = "nothing in this workspace binds it: unless a program outside the workspace does, ZeroMQ keeps retrying in the background and what is sent waits in the queue";
      }
      findings.push({
        rule: id,
        severity,
        location: place.location,
        message: `${socketLabel(c.socket)} connects to ${c.use.text}${overrideNote(c.use)}, but ${detail}.`,
        related,
      });
    }

    for (const b of binds) {
      const ep = b.ep;
      if (!ep || !b.use.exact || ep.hasPlaceholder || !isLinkable(ep) || isEphemeral(ep) || !isCanonical(b.socket, snapshot)) continue;
      // A STREAM's peers are raw TCP clients; libzmq itself connects to the ZAP handler.
      if (b.socket.type === "STREAM" || b.use.text === ZAP_ENDPOINT) continue;
      if (linkedBinds.has(`${b.socket.id} ${locationKey(b.use.location)} ${b.use.text}`)) continue;
      if (ep.transport === "inproc" && connects.some((c: EndpointRef) => c.key === b.key)) continue;
      if (connects.some((c) => !sameSocket(c.socket, b.socket, snapshot) && mightMeet(ep, c.ep))) continue;
      const place = placeOf(b.socket, b.use, snapshot);
      const where = ep.transport === "inproc"
        ? "inproc peers must be in this process, so this socket never gets one"
        : "if its peers are programs outside the workspace, that is expected";
      findings.push({
        rule: id,
        severity: capSeverity(severity, "hint"),
        location: place.location,
        message: `Nothing in this workspace connects to ${b.use.text}${overrideNote(b.use)}, which ${socketLabel(b.socket)} binds: ${where}.`,
        related: place.related,
      });
    }
    return findings;
  },
};
