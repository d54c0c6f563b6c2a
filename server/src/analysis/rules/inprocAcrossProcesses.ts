import type { Finding, RelatedInformation } from "../diagnostics";
import { inprocJoins, shareProcess } from "../links";
import { contextText, endpointRefs, isCanonical, isKnownContext, placeOf, programsText, sameSocket, type EndpointRef } from "./endpointUses";
import { docsUrl, type Rule } from "./rule";
import { socketLabel } from "./socketText";

const id = "inproc-across-processes";

/**
 * An inproc connect whose name is bound only by sockets in other processes or other contexts: inproc
 * endpoints live in one context's table (libzmq src/ctx.cpp), so the connect stays pending forever.
 */
export const inprocAcrossProcesses: Rule = {
  meta: {
    id,
    defaultSeverity: "error",
    description: "An inproc:// connect whose bind runs in another process or another context: it never connects",
    docsUrl: docsUrl(id),
  },
  check({ snapshot, severity, sources }) {
    const { binds, connects } = endpointRefs(snapshot, sources);
    const inprocBinds = binds.filter((b) => b.ep?.transport === "inproc");
    const findings: Finding[] = [];
    for (const c of connects) {
      if (c.ep?.transport !== "inproc" || !c.use.exact || c.ep.hasPlaceholder || !isCanonical(c.socket, snapshot)) continue;
      const socket = c.socket;
      const named = inprocBinds.filter((b) => b.key === c.key && isCanonical(b.socket, snapshot) && !sameSocket(b.socket, socket, snapshot));
      if (named.length === 0) continue;
      // Reached by a bind here (a link), or maybe: a context or a name the analysis could not resolve.
      const maybeSameContext = (b: EndpointRef): boolean => !isKnownContext(b.socket.context) || !isKnownContext(socket.context) || b.socket.context === socket.context;
      if (named.some((b) => inprocJoins(socket, b.socket) || (shareProcess(socket, b.socket) && maybeSameContext(b)))) continue;
      const unresolvedHere = inprocBinds.some((b) => (b.use.text.includes("${")) && shareProcess(socket, b.socket) && maybeSameContext(b));
      if (unresolvedHere) continue;
      const elsewhere = named.filter((b) => !shareProcess(socket, b.socket));
      const otherContext = named.filter((b) => shareProcess(socket, b.socket));
      let why: string;
      if (otherContext.length > 0) {
        const b = otherContext[0]!;
        why = `which ${socketLabel(b.socket)} binds in the same process but in ${contextText(b.socket.context)}, while this socket uses ${contextText(socket.context)}`;
      } else {
        const programs = [...new Set(elsewhere.flatMap((b) => b.socket.processes))].sort();
        why = `which is bound only in ${programsText(programs)}, while this socket runs in ${programsText(socket.processes)}`;
      }
      const related: RelatedInformation[] = named.map((b) => ({
        location: b.use.location,
        message: `${socketLabel(b.socket)} binds ${b.use.text} here (${shareProcess(socket, b.socket) ? contextText(b.socket.context) : programsText(b.socket.processes)})`,
      }));
      const place = placeOf(socket, c.use, snapshot);
      const fix = otherContext.length > 0
        ? "create both sockets in one context"
        : "use tcp:// or ipc:// between processes";
      findings.push({
        rule: id,
        severity,
        location: place.location,
        message: `${socketLabel(socket)} connects to ${c.use.text}, ${why}. inproc only joins sockets of one context in one process: ` +
          `this connect never completes and what is sent to it is never delivered. To fix, ${fix}.`,
        related: [...place.related, ...related],
      });
    }
    return findings;
  },
};
