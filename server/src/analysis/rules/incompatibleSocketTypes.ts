import { validPeerTypes } from "../compatibility";
import { parseEndpoint } from "../endpoints";
import type { Finding } from "../diagnostics";
import { docsUrl, type Rule } from "./rule";

const id = "incompatible-socket-types";

/**
 * A link whose socket types libzmq's handshake rejects (libzmq src/mechanism.cpp check_socket_type):
 * the connection is torn down without any error to the application. Over inproc there is no check at all.
 */
export const incompatibleSocketTypes: Rule = {
  meta: {
    id,
    defaultSeverity: "error",
    description: "Socket types that libzmq will not connect (REQ to DEALER, PUB to PULL, ...)",
    docsUrl: docsUrl(id),
  },
  check({ snapshot, severity }) {
    const byId = new Map(snapshot.sockets.map((s) => [s.id, s]));
    const findings: Finding[] = [];
    for (const link of snapshot.links) {
      if (link.compatible) continue;
      const from = byId.get(link.from);
      const to = byId.get(link.to);
      if (!from || !to) continue;
      const valid = validPeerTypes(from.type);
      const inproc = parseEndpoint(link.endpoint)?.transport === "inproc";
      const consequence = inproc
        ? "inproc does no handshake, so the pair connects and then misbehaves"
        : "libzmq's handshake rejects the pair and drops the connection without an error";
      // A connect inside a shared helper is reported where the helper is called for this socket.
      const atSocket = link.connectLocation.file !== from.location.file;
      const related = [{ location: link.bindLocation, message: `${to.type} socket bound here` }];
      if (atSocket) related.unshift({ location: link.connectLocation, message: `connects to ${link.endpoint} here` });
      findings.push({
        rule: id,
        severity,
        location: atSocket ? from.location : link.connectLocation,
        message: `${from.type} socket connects to a ${to.type} socket at ${link.endpoint}: ${consequence}. ` +
          `A ${from.type} can only talk to ${valid.length ? valid.join(", ") : "no ZeroMQ socket"}.`,
        related,
      });
    }
    return findings;
  },
};
