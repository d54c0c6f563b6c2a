import type { Finding, TextEdit } from "../diagnostics";
import { isExposedBind, parseEndpoint, type ParsedEndpoint } from "../endpoints";
import type { EndpointUse, GraphSnapshot, Link, SourceLocation, ZmqSocket } from "../model";
import { ts } from "../ts";
import { contextText, isCanonical, isKnownContext, locationKey, placeOf, programsText, sameLocation, sameSocket } from "./endpointUses";
import { inDifferentRoles } from "./processRoles";
import { docsUrl, type Rule, type SourceAccess } from "./rule";
import { nodeAt } from "./sourceNodes";
import { socketLabel } from "./socketText";

const id = "tcp-within-process";

const TRANSPORTS = new Set(["tcp", "ipc"]);

/**
 * A tcp:// or ipc:// bind whose every peer in the workspace runs in the bind's own process: inproc://
 * does the same without the kernel, a port or a socket file.
 */
export const tcpWithinProcess: Rule = {
  meta: {
    id,
    defaultSeverity: "warning",
    description: "Both ends of a tcp:// or ipc:// link run in the same process: use inproc://",
    docsUrl: docsUrl(id),
  },
  check({ snapshot, severity, sources }) {
    const byId = new Map(snapshot.sockets.map((s) => [s.id, s]));
    const linksByBind = new Map<string, Link[]>();
    for (const link of snapshot.links) {
      const key = `${link.to} ${locationKey(link.bindLocation)} ${link.bindEndpoint}`;
      const list = linksByBind.get(key) ?? [];
      list.push(link);
      linksByBind.set(key, list);
    }
    const names = new InprocNames(snapshot.sockets);
    const findings: Finding[] = [];
    for (const socket of snapshot.sockets) {
      if (!isCanonical(socket, snapshot)) continue;
      for (const bind of socket.binds) {
        const ep = parseEndpoint(bind.text);
        if (!ep || !TRANSPORTS.has(ep.transport)) continue;
        const links = linksByBind.get(`${socket.id} ${locationKey(bind.location)} ${bind.text}`) ?? [];
        // A guessed link may reach another machine; an incompatible one is broken whatever the transport
        // (incompatible-socket-types reports it), and moving it to inproc would only hide where it goes.
        if (links.length === 0 || links.some((l) => !l.certain || !l.compatible)) continue;
        const peers = links.map((l) => ({ link: l, socket: byId.get(l.from) }))
          // One holder's successive sockets connecting at one place are one peer.
          .filter((p, i, all) => !all.slice(0, i).some((q) => sameLocation(q.link.connectLocation, p.link.connectLocation) && p.socket && q.socket && sameSocket(p.socket, q.socket, snapshot)))
          .sort((a, b) => compareLocations(a.link.connectLocation, b.link.connectLocation));
        // Every peer must run only where the bind runs: a peer in another program needs the network.
        if (peers.some((p) => !p.socket || p.socket.processes.length === 0 || !p.socket.processes.every((x) => socket.processes.includes(x)))) continue;
        const peerSockets = peers.map((p) => p.socket!);
        // A program the bind runs in without any peer (an integration test starting the server) uses it for something else.
        if (!socket.processes.every((x) => peerSockets.some((p) => p.processes.includes(x)))) continue;
        const shared = socket.processes.filter((x) => peerSockets.some((p) => p.processes.includes(x)));
        // A program that forks (cluster, child_process) may hold the two ends in different processes of itself.
        if ([socket, ...peerSockets].some((s) => s.multiProcess?.some((x) => shared.includes(x)))) continue;
        // Tests use loopback TCP on purpose: it is the transport they exercise.
        if (shared.some(isTestName) || [socket, ...peerSockets].some((s) => isTestFile(s.location.file, sources))) continue;
        // One process plays one role: `if (process.argv[2] === "server") runServer(); else runClient();`.
        if (peers.some((p) => inDifferentRoles({ socket, use: bind.location }, { socket: p.socket!, use: p.link.connectLocation }, sources, false))) continue;
        const peerNames = [...new Set(peerSockets.map(socketLabel))];
        const peerText = peerNames.length === 1 && peerSockets.length === 1 ? `its only peer, ${peerNames[0]},`
          : peerNames.length === 1 ? `its peers (${peerNames[0]}, re-created)`
          : `all ${peerNames.length} of its peers (${peerNames.join(", ")})`;
        const oneContext = isKnownContext(socket.context) && peerSockets.every((p) => p.context === socket.context);
        const otherContext = peerSockets.find((p) => p.context !== socket.context);
        let advice: string;
        if (oneContext) advice = "use inproc://, which passes messages in memory without the TCP stack, a port or a socket file";
        else if (otherContext && isKnownContext(socket.context) && isKnownContext(otherContext.context)) {
          advice = `they are in different contexts (${contextText(socket.context)} and ${contextText(otherContext.context)}): put both sockets in one context, then use inproc://`;
        } else advice = "with both sockets in one context, inproc:// passes messages in memory without the TCP stack, a port or a socket file";
        const exposure = ep.transport === "tcp" && isExposedBind(ep)
          ? " The bind also listens on the network: if programs outside this workspace connect to it, keep it and add an inproc:// bind for the in-process peers."
          : "";
        const { location, related } = placeOf(socket, bind, snapshot);
        for (const p of peers) related.push({ location: p.link.connectLocation, message: `${socketLabel(p.socket!)} connects to ${p.link.endpoint} here` });
        const finding: Finding = {
          rule: id,
          severity,
          location,
          message: `${socketLabel(socket)} binds ${bind.text} and ${peerText} connect${peerText.startsWith("its only") ? "s" : ""} from the same process ` +
            `(${programsText(shared)}): ${advice}.${exposure}`,
          related,
        };
        if (oneContext) {
          const edits = rewriteEdits(socket, bind, peers.map((p) => ({ socket: p.socket!, link: p.link })), snapshot, sources);
          if (edits) {
            const name = names.take(socket, ep);
            finding.fixes = [{
              title: `Use inproc://${name} for both ends`,
              kind: "quickfix",
              edits: edits.map((e) => ({ file: e.file, start: e.start, end: e.end, newText: `${e.quote}inproc://${name}${e.quote}` })),
            }];
          }
        }
        findings.push(finding);
      }
    }
    return findings;
  },
};

/** Test programs and files by the usual conventions: `*.test.ts`, `*.spec.js`, files under `test/`, `tests/`, `__tests__/`. */
const TEST_NAME = /(?:^|\/)(?:test|tests|__tests__)\/|\.(?:test|spec)(?:\.[cm]?[jt]sx?)?$/;

/** A program name (an entry path relative to its package root, without extension). */
function isTestName(name: string): boolean {
  return TEST_NAME.test(name);
}

/** Relative to its package root, so a project that itself sits under a `test/` folder is not all tests. */
function isTestFile(file: string, sources: SourceAccess): boolean {
  const root = sources.packageRootOf(file);
  return TEST_NAME.test(file.startsWith(root + "/") ? file.slice(root.length + 1) : file.split("/").pop()!);
}

function compareLocations(a: SourceLocation, b: SourceLocation): number {
  return a.file !== b.file ? (a.file < b.file ? -1 : 1) : a.line - b.line || a.column - b.column;
}

type PendingEdit = Omit<TextEdit, "newText"> & { quote: string };

/**
 * The string literals to rewrite: the bind's and every peer's connect argument, each written right at
 * the call as a plain literal of exactly the endpoint, used by no socket outside this link, and (for a
 * connect) reaching no other bind.
 */
function rewriteEdits(bindSocket: ZmqSocket, bind: EndpointUse, peers: { socket: ZmqSocket; link: Link }[], snapshot: GraphSnapshot, sources: SourceAccess): PendingEdit[] | undefined {
  const byId = new Map(snapshot.sockets.map((s) => [s.id, s]));
  const inGroup = (s: ZmqSocket): boolean => [bindSocket, ...peers.map((p) => p.socket)].some((g) => sameSocket(g, s, snapshot));
  const targets: { use: EndpointUse; text: string }[] = [{ use: bind, text: bind.text }];
  for (const p of peers) {
    // A connect that also reaches another bind would lose that peer.
    if (snapshot.links.some((l) => {
      if (!sameLocation(l.connectLocation, p.link.connectLocation)) return false;
      const to = byId.get(l.to);
      return !(to && sameSocket(to, bindSocket, snapshot) && sameLocation(l.bindLocation, bind.location));
    })) return undefined;
    const use = p.socket.connects.find((c) => sameLocation(c.location, p.link.connectLocation) && c.text === p.link.endpoint);
    if (!use) return undefined;
    if (!targets.some((t) => sameLocation(t.use.location, use.location))) targets.push({ use, text: use.text });
  }
  const edits: PendingEdit[] = [];
  for (const { use, text } of targets) {
    // A literal inside a helper that other sockets go through too would move them as well.
    const users = snapshot.sockets.filter((s) => [...s.binds, ...s.connects].some((u) => sameLocation(u.location, use.location)));
    if (!users.every(inGroup)) return undefined;
    const sameArgument = users.flatMap((s) => [...s.binds, ...s.connects]).filter((u) => sameLocation(u.location, use.location));
    if (sameArgument.some((u) => u.text !== text)) return undefined;
    const node = nodeAt(sources, use.location);
    if (!node || !(ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) || node.text !== text) return undefined;
    const sf = node.getSourceFile();
    const start = node.getStart(sf);
    edits.push({ file: use.location.file, start, end: node.end, quote: sf.text[start]! });
  }
  return edits;
}

/** inproc names for fixes: after the bind's holder or its port/path, never one the workspace (or an earlier fix) uses. */
class InprocNames {
  private readonly used = new Set<string>();

  constructor(sockets: readonly ZmqSocket[]) {
    for (const s of sockets) {
      for (const u of [...s.binds, ...s.connects]) {
        const ep = parseEndpoint(u.text);
        if (ep?.transport === "inproc") this.used.add(ep.address);
      }
    }
  }

  take(socket: ZmqSocket, ep: ParsedEndpoint): string {
    const base = holderName(socket.holder) ?? fallbackName(ep);
    let name = base;
    for (let n = 2; this.used.has(name); n++) name = `${base}-${n}`;
    this.used.add(name);
    return name;
  }
}

const GENERIC = new Set(["s", "sock", "socket", "zsock", "zmq", "sck", "skt"]);

/** `this.backendSocket` → `backend`; `workerPool` → `worker-pool`; generic names give nothing. */
function holderName(holder: string): string | undefined {
  const last = holder.split(".").pop() ?? "";
  let name = last.replace(/^[#_$]+/, "");
  const stripped = name.replace(/[-_]?(socket|sock)$/i, "");
  if (stripped) name = stripped;
  name = name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").replace(/[^A-Za-z0-9.-]+/g, "-").replace(/^-+|-+$/g, "").toLowerCase();
  return name && !GENERIC.has(name) ? name : undefined;
}

function fallbackName(ep: ParsedEndpoint): string {
  if (ep.transport === "tcp") return `port-${ep.port}`;
  const base = ep.address.split("/").pop()!.replace(/\.[^.]*$/, "").replace(/[^A-Za-z0-9.-]+/g, "-").replace(/^-+|-+$/g, "");
  return base || "pipe";
}
