/** Wording and small facts shared by the socket-lifecycle rules (missing-timeout, missing-linger, option-after-connect). */
import type { EndpointUse, SourceLocation, ZmqSocket } from "../model";

/** "REQ socket `client`", or "REQ socket" when nothing holds it. */
export function socketLabel(s: ZmqSocket): string {
  const type = s.type === "UNKNOWN" ? "" : `${s.type} `;
  return s.holder ? `${type}socket \`${s.holder}\`` : `${type}socket`;
}

/** The endpoints a socket connects to, else binds, as the code spells them. */
export function peerEndpoints(s: ZmqSocket): { kind: "connect" | "bind"; texts: string[] } | undefined {
  const kind = s.connects.length > 0 ? "connect" : s.binds.length > 0 ? "bind" : undefined;
  if (!kind) return undefined;
  return { kind, texts: [...new Set((kind === "connect" ? s.connects : s.binds).map((e) => e.text))] };
}

/** "a", "a or b", "a, b or 3 more". */
export function endpointList(texts: readonly string[], max = 2): string {
  if (texts.length <= max) return texts.join(" or ");
  return `${texts.slice(0, max).join(", ")} or ${texts.length - max} more`;
}

/** "the server at tcp://localhost:5555" / "the peer connected to tcp://*:5555" / fallback. */
export function peerPhrase(s: ZmqSocket, connected: string, bound: string, fallback: string): string {
  const peers = peerEndpoints(s);
  if (!peers) return fallback;
  return `${peers.kind === "connect" ? connected : bound} ${endpointList(peers.texts)}`;
}

/** Types whose sockets can send messages (libzmq xsend; SUB and XSUB only send subscriptions). */
export const SENDING_TYPES: ReadonlySet<string> = new Set([
  "PAIR", "PUB", "REQ", "REP", "DEALER", "ROUTER", "PUSH", "XPUB", "XSUB", "STREAM", "SERVER", "CLIENT", "RADIO", "SCATTER", "DGRAM", "PEER", "CHANNEL",
]);


/** `a` starts before `b` in the same file. */
export function startsBefore(a: SourceLocation, b: SourceLocation): boolean {
  return a.file === b.file && (a.line < b.line || (a.line === b.line && a.column < b.column));
}

/**
 * The same code makes several sockets when it runs per loop element or per call chain: they share a
 * location and get one finding. This view of a socket lists the endpoints of all of them, so the wording
 * is the same for each (and the findings merge).
 */
export function endpointsOfSiblings(sockets: readonly ZmqSocket[]): (s: ZmqSocket) => ZmqSocket {
  const byLocation = new Map<string, ZmqSocket[]>();
  const key = (s: ZmqSocket): string => `${s.location.file}:${s.location.line}:${s.location.column}`;
  for (const s of sockets) {
    let list = byLocation.get(key(s));
    if (!list) byLocation.set(key(s), (list = []));
    list.push(s);
  }
  const merge = (lists: EndpointUse[][]): EndpointUse[] => {
    const seen = new Set<string>();
    return lists.flat().filter((e) => {
      const k = `${e.text}@${e.location.file}:${e.location.line}:${e.location.column}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  };
  return (s) => {
    const siblings = byLocation.get(key(s)) ?? [s];
    if (siblings.length === 1) return s;
    return { ...s, binds: merge(siblings.map((x) => x.binds)), connects: merge(siblings.map((x) => x.connects)) };
  };
}

/** `` `holder` `` with a leading space, or "" when nothing holds the socket: for "SUB socket`s name`" phrases. */
export function holderSuffix(socket: ZmqSocket): string {
  return socket.holder ? ` \`${socket.holder}\`` : "";
}
