import type { Finding, RelatedInformation } from "../diagnostics";
import { socketOptionEdits } from "../fixes";
import type { GraphSnapshot, OptionSetting, ZmqSocket } from "../model";
import { docsUrl, type Rule } from "./rule";
import { endpointList, endpointsOfSiblings, peerEndpoints, SENDING_TYPES, socketLabel } from "./socketText";
import { isZapHandler } from "./endpointUses";

const id = "missing-linger";

/**
 * SUB and XSUB only send subscriptions: checked with the zeromq package (6.8, libzmq 4.3.5), a SUB or XSUB
 * connected to an absent publisher with pending subscriptions and linger -1 lets the process exit at once.
 */
const QUEUING_TYPES: ReadonlySet<string> = new Set([...SENDING_TYPES].filter((t) => t !== "XSUB"));

/**
 * A socket that queues outgoing messages (it sends, or forwards as a proxy end) with libzmq's default
 * linger of -1, in a context that is not `blocky: false`: at exit zeromq.js waits for those messages forever.
 */
export const missingLinger: Rule = {
  meta: {
    id,
    defaultSeverity: "information",
    description: "A socket that sends keeps the default infinite linger: closing its context or exiting the process hangs on unsent messages",
    docsUrl: docsUrl(id),
    options: {
      linger: {
        type: "number",
        default: 0,
        min: 0,
        description: "Milliseconds the quick fix sets as linger: 0 drops unsent messages at close; a few hundred gives them a bounded chance to leave.",
      },
    },
  },
  check({ snapshot, severity, options, sources }) {
    const linger = options["linger"] as number;
    const findings: Finding[] = [];
    const proxyEnds = new Map<string, { location: ZmqSocket["location"] }>();
    for (const p of snapshot.proxies) {
      for (const end of [p.frontend, p.backend]) if (end) proxyEnds.set(end, { location: p.location });
    }
    const view = endpointsOfSiblings(snapshot.sockets);
    for (const socket of snapshot.sockets) {
      // A ZAP handler's peer is libzmq itself, inside the same process.
      if (isZapHandler(socket)) continue;
      const s = view(socket);
      // The v5 API never terminates its context at exit (zeromq.js v5 lib/index.js defaultContext: `// ctx.close();`):
      // queued messages are lost instead of holding the process, so linger changes nothing there.
      if (s.api === "v5" || !QUEUING_TYPES.has(s.type) || s.optionsIncomplete) continue;
      // Any explicit linger is a decision, whatever its value.
      if (s.options.some((o) => o.name === "linger")) continue;
      if (!blockyContext(s, snapshot)) continue;
      const sends = s.uses.filter((u) => u.kind === "send");
      const proxy = proxyEnds.get(s.id);
      // A socket that never queues anything has nothing to wait for at exit; one that escapes unseen may, but we cannot tell.
      if (sends.length === 0 && !proxy) continue;

      const related: RelatedInformation[] = [];
      const first = sends[0];
      if (first) related.push({ location: first.location, message: "queues a message here" });
      if (proxy) related.push({ location: proxy.location, message: "forwards messages as an end of this proxy" });
      const peer = s.connects[0] ?? s.binds[0];
      if (peer) related.push({ location: peer.location, message: `${peer.kind === "connect" ? "connects to" : "binds"} ${peer.text} here` });
      const peers = peerEndpoints(s);
      const reason = peers?.kind === "connect" ? `the peer at ${endpointList(peers.texts)} is gone or slow`
        : peers?.kind === "bind" ? `a peer connected to ${endpointList(peers.texts)} stops reading`
        : "its peer is gone or slow";
      const what = first ? "a message it sends" : "a message it forwards";
      // v5-compat sockets are v6 sockets in zeromq.js' global context.
      const context = s.context === "global" ? "zeromq.js' global context" : "its context";
      const finding: Finding = {
        rule: id,
        severity,
        location: s.location,
        message: `${socketLabel(s)} keeps the default linger (-1, wait forever): if ${what} is still queued when the program ends (${reason}), ` +
          `the process never exits, waiting for it ("Waiting for queued ZeroMQ messages to be delivered"). Set linger, or \`blocky: false\` on ${context}.`,
        related,
      };
      const edits = socketOptionEdits(s, { linger }, sources);
      if (edits) finding.fixes = [{ title: `Set linger: ${linger}`, kind: "quickfix", edits }];
      findings.push(finding);
    }
    return findings;
  },
};

/**
 * Whether the socket's context keeps libzmq's blocky default. A `blocky` set to anything but `true`
 * (false, or a value the analysis cannot read) is a decision; an unknown context cannot be judged.
 */
function blockyContext(s: ZmqSocket, snapshot: GraphSnapshot): boolean {
  const decided = (options: readonly OptionSetting[]): boolean => options.some((o) => o.name === "blocky" && o.value !== true);
  if (s.context === "global") {
    // The global context is one per process: only a setting that runs in one of this socket's programs
    // counts (a file no program runs could be loaded by any of them).
    return !decided(snapshot.globalContextOptions.filter((o) =>
      o.processes.length === 0 || s.processes.length === 0 || o.processes.some((p) => s.processes.includes(p))));
  }
  const ctx = snapshot.contexts.find((c) => c.id === s.context);
  return ctx !== undefined && !decided(ctx.options);
}
