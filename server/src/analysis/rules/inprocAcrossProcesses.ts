import type { Finding, RelatedInformation } from "../diagnostics";
import { inprocJoins, shareProcess } from "../links";
import { contextText, endpointRefs, isCanonical, isKnownContext, placeOf, programsText, sameSocket, type EndpointRef } from "./endpointUses";
import { inDifferentRoles } from "./processRoles";
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
      const joinable = named.filter((b) => inprocJoins(socket, b.socket) || (shareProcess(socket, b.socket) && maybeSameContext(b)));
      // ...unless the program plays one role per process and the bind is in the other role (asked only
      // for these binds, and only until one of them is in this role).
      const otherRole: EndpointRef[] = [];
      if (joinable.some((b) => {
        if (!inDifferentRoles({ socket, use: c.use.location }, { socket: b.socket, use: b.use.location }, sources, true)) return true;
        otherRole.push(b);
        return false;
      })) continue;
      const unresolvedHere = inprocBinds.some((b) => (b.use.text.includes("${")) && shareProcess(socket, b.socket) && maybeSameContext(b) && !otherRole.includes(b));
      if (unresolvedHere) continue;
      const elsewhere = named.filter((b) => !shareProcess(socket, b.socket));
      const otherContext = named.filter((b) => shareProcess(socket, b.socket) && !joinable.includes(b));
      let why: string;
      if (otherContext.length > 0) {
        const b = otherContext[0]!;
        why = `which ${socketLabel(b.socket)} binds in the same process but in ${contextText(b.socket.context)}, while this socket uses ${contextText(socket.context)}`;
      } else if (otherRole.length > 0) {
        const shared = socket.processes.filter((p) => otherRole.some((b) => b.socket.processes.includes(p)));
        why = `which is bound only by ${socketLabel(otherRole[0]!.socket)} on the other side of a role switch in ${programsText(shared)}: ` +
          `the two are reached from opposite branches of a condition fixed for the life of a process (process.argv, process.env, cluster.isPrimary), ` +
          `so they never run in one process`;
      } else {
        const programs = [...new Set(elsewhere.flatMap((b) => b.socket.processes))].sort();
        why = `which is bound only in ${programsText(programs)}, while this socket runs in ${programsText(socket.processes)}`;
      }
      const related: RelatedInformation[] = named.map((b) => ({
        location: b.use.location,
        message: `${socketLabel(b.socket)} binds ${b.use.text} here (${otherRole.includes(b) ? "in another role of the program"
          : shareProcess(socket, b.socket) ? contextText(b.socket.context) : programsText(b.socket.processes)})`,
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
