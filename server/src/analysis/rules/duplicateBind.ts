import { inExclusiveBranches } from "../branches";
import type { Finding, RelatedInformation } from "../diagnostics";
import { isEphemeral } from "../endpoints";
import { areAlternatives, inprocJoins, shareProcess, TCP_LIKE } from "../links";
import type { GraphSnapshot, ZmqSocket } from "../model";
import { callOf, capSeverity, endpointRefs, isCanonical, sameSocket, isKnownContext, overrideNote, placeOf, programsText, type EndpointRef } from "./endpointUses";
import { docsUrl, type Rule, type SourceAccess } from "./rule";
import { nodeAt } from "./sourceNodes";
import { socketLabel } from "./socketText";

const id = "duplicate-bind";

/**
 * The same concrete endpoint bound by two sockets: one bind fails with EADDRINUSE (tcp, inproc, abstract
 * ipc), or the second silently takes a file ipc path over. Error in one process, warning across programs.
 */
export const duplicateBind: Rule = {
  meta: {
    id,
    defaultSeverity: "error",
    description: "The same endpoint bound twice (EADDRINUSE, or an ipc path silently taken over)",
    docsUrl: docsUrl(id),
  },
  check({ snapshot, severity, sources }) {
    const { binds } = endpointRefs(snapshot, sources);
    const groups = new Map<string, EndpointRef[]>();
    for (const b of binds) {
      const ep = b.ep;
      if (!isCanonical(b.socket, snapshot)) continue;
      if (!ep || !b.use.exact || ep.hasPlaceholder || isEphemeral(ep)) continue;
      if (!TCP_LIKE.has(ep.transport) && ep.transport !== "ipc" && ep.transport !== "inproc") continue;
      // tcp and ws listen on the same TCP ports.
      const key = ep.transport === "ws" || ep.transport === "wss" ? `tcp:${Number(ep.port)}` : b.key;
      const list = groups.get(key) ?? [];
      list.push(b);
      groups.set(key, list);
    }
    const findings: Finding[] = [];
    for (const group of groups.values()) {
      for (let i = 1; i < group.length; i++) {
        const later = group[i]!;
        const earlier = group.slice(0, i).filter((e) => conflict(e, later, sources, snapshot));
        if (earlier.length === 0) continue;
        const first = earlier[0]!;
        const oneProcess = earlier.some((e) => shareProcess(e.socket, later.socket));
        const place = placeOf(later.socket, later.use, snapshot);
        const related: RelatedInformation[] = [...place.related];
        for (const e of earlier) {
          related.push({ location: e.use.location, message: `${socketLabel(e.socket)} binds ${e.use.text} here${shareProcess(e.socket, later.socket) ? "" : ` (${programsText(e.socket.processes)})`}` });
        }
        const other = first.use.text === later.use.text ? "it too" : first.use.text;
        const where = oneProcess
          ? `in the same process (${programsText(later.socket.processes.filter((p) => first.socket.processes.includes(p)))})`
          : `in ${programsText(first.socket.processes)} while this one runs in ${programsText(later.socket.processes)}`;
        const env = overrideNote(later.use) || overrideNote(first.use);
        findings.push({
          rule: id,
          severity: oneProcess ? severity : capSeverity(severity, "warning"),
          location: place.location,
          message: `${socketLabel(later.socket)} binds ${later.use.text}${env}, and ${socketLabel(first.socket)} binds ${other} ${where}: ` +
            `${consequence(later, oneProcess)}.`,
          related,
        });
      }
    }
    return findings;
  },
};

function consequence(b: EndpointRef, oneProcess: boolean): string {
  const ep = b.ep!;
  const when = oneProcess ? "" : "when both run on one host, ";
  if (ep.transport === "ipc" && !ep.address.startsWith("@")) {
    return `${when}the second bind succeeds and silently takes the socket file over: the first socket stops getting new connections`;
  }
  return `${when}whichever binds second fails with EADDRINUSE (Address already in use)`;
}

/** Whether two binds of one key (port, path, name) collide. */
function conflict(a: EndpointRef, b: EndpointRef, sources: SourceAccess, snapshot: GraphSnapshot): boolean {
  if (sameSocket(a.socket, b.socket, snapshot) || areAlternatives(a.socket, b.socket)) return false;
  const ea = a.ep!;
  const eb = b.ep!;
  const oneProcess = shareProcess(a.socket, b.socket);
  if (ea.transport === "inproc") {
    // Names live in one context's table: other contexts and processes have their own.
    if (!inprocJoins(a.socket, b.socket) || !isKnownContext(a.socket.context)) return false;
  } else if (TCP_LIKE.has(ea.transport)) {
    const ha = hostOf(ea.host);
    const hb = hostOf(eb.host);
    // Across programs only the same spelling counts: other hosts' addresses are not this machine's.
    if (!(ha === hb || (oneProcess && (wildcardCovers(ha, hb) || wildcardCovers(hb, ha))))) return false;
  }
  return !neverBoth(a, b, sources);
}

/** Normalized bind host: one spelling per address libzmq listens on. */
function hostOf(host: string): string {
  if (host === "*" || host === "" || host === "0.0.0.0") return "any4";
  if (host === "::" || host === "0:0:0:0:0:0:0:0") return "any6";
  if (host === "localhost" || host === "lo") return "127.0.0.1";
  return host;
}

/** A wildcard bind takes the port on every address of its family (any6 maps IPv4 too). */
function wildcardCovers(wild: string, other: string): boolean {
  if (wild === "any6") return true;
  if (wild === "any4") return other !== "any6" && !other.includes(":");
  return false;
}

/**
 * Binds that cannot both hold the endpoint at once: written in exclusive branches (`if`/`else`, two
 * `case`s), sockets made in exclusive branches, or two sockets each closed (or unbound) and bound in
 * different functions, which may run one after the other (tests).
 */
function neverBoth(a: EndpointRef, b: EndpointRef, sources: SourceAccess): boolean {
  const exclusive = (la: typeof a.use.location, lb: typeof b.use.location): boolean => {
    if (la.file !== lb.file) return false;
    const na = nodeAt(sources, la);
    const nb = nodeAt(sources, lb);
    return na !== undefined && nb !== undefined && na !== nb && inExclusiveBranches(na, nb);
  };
  if (exclusive(a.use.location, b.use.location) || exclusive(a.socket.location, b.socket.location)) return true;
  const released = (s: ZmqSocket): boolean => s.uses.some((u) => u.kind === "close" || u.kind === "unbind");
  if (released(a.socket) && released(b.socket)) {
    const sa = callOf(a.socket, a.use)?.scope;
    const sb = callOf(b.socket, b.use)?.scope;
    if (sa !== undefined && sb !== undefined && sa !== sb) return true;
  }
  return false;
}
