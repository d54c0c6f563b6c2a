/** Wording and small facts shared by the socket-lifecycle rules (missing-timeout, missing-linger, option-after-connect). */
import type { Finding } from "../diagnostics";
import type { SourceLocation, ZmqSocket } from "../model";

/** "REQ socket `client`", or "REQ socket" when nothing holds it. */
export function socketLabel(s: ZmqSocket): string {
  return s.holder ? `${s.type} socket \`${s.holder}\`` : `${s.type} socket`;
}

/** The endpoints a socket connects to, else binds, as the code spells them (at most `max`). */
export function peerEndpoints(s: ZmqSocket, max = 2): { kind: "connect" | "bind"; texts: string[] } | undefined {
  const kind = s.connects.length > 0 ? "connect" : s.binds.length > 0 ? "bind" : undefined;
  if (!kind) return undefined;
  const texts = [...new Set((kind === "connect" ? s.connects : s.binds).map((e) => e.text))];
  return { kind, texts: texts.length > max ? [...texts.slice(0, max), "..."] : texts };
}

/** "the server at tcp://localhost:5555" / "its peers on tcp://*:5555" / fallback. */
export function peerPhrase(s: ZmqSocket, connected: string, bound: string, fallback: string): string {
  const peers = peerEndpoints(s);
  if (!peers) return fallback;
  return `${peers.kind === "connect" ? connected : bound} ${peers.texts.join(", ")}`;
}

/** Types whose sockets can send messages (libzmq xsend; SUB and XSUB only send subscriptions). */
export const SENDING_TYPES: ReadonlySet<string> = new Set([
  "PAIR", "PUB", "REQ", "REP", "DEALER", "ROUTER", "PUSH", "XPUB", "XSUB", "STREAM", "SERVER", "CLIENT", "RADIO", "SCATTER", "DGRAM", "PEER", "CHANNEL",
]);

/** One finding per place and message: the same code yields several socket instances (call sites, loops). */
export function uniqueFindings(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.location.file}:${f.location.line}:${f.location.column}:${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `a` starts before `b` in the same file. */
export function startsBefore(a: SourceLocation, b: SourceLocation): boolean {
  return a.file === b.file && (a.line < b.line || (a.line === b.line && a.column < b.column));
}
