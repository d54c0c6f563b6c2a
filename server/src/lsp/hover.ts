import type { Hover, MarkupContent } from "vscode-languageserver";
import { validPeerTypes } from "../analysis/compatibility";
import type { GraphSnapshot, SourceLocation, ZmqSocket } from "../analysis/model";
import type { SocketType } from "../analysis/socketTypes";
import { fileToUri } from "./uris";

const PURPOSES: Readonly<Record<SocketType, string>> = {
  PAIR: "an exclusive one-to-one connection",
  PUB: "publishes messages to every subscriber; never receives",
  SUB: "receives what publishers send on the topics it subscribes to",
  REQ: "sends a request, then must receive the reply before the next request",
  REP: "receives a request, then must send the reply before the next request",
  DEALER: "asynchronous requests, load-balanced across its peers",
  ROUTER: "asynchronous replies, routed to a peer by the identity frame first in each message",
  PULL: "receives work fairly from pushers",
  PUSH: "sends work round-robin to pullers",
  XPUB: "a PUB that also sees subscription messages (for proxies)",
  XSUB: "a SUB that subscribes by sending messages (for proxies)",
  STREAM: "raw TCP to non-ZeroMQ peers",
  SERVER: "draft: replies to CLIENTs by routing id",
  CLIENT: "draft: talks to a SERVER",
  RADIO: "draft: publishes to groups (UDP capable)",
  DISH: "draft: receives the groups it joined",
  GATHER: "draft: receives from scatterers",
  SCATTER: "draft: sends round-robin to gatherers",
  DGRAM: "draft: UDP datagrams",
  PEER: "draft: peer-to-peer by routing id",
  CHANNEL: "draft: a thread-safe PAIR",
  UNKNOWN: "its type could not be determined statically",
};

/** libzmq's defaults for the options whose absence the rules talk about. */
const DEFAULTS: readonly [option: string, value: string][] = [
  ["linger", "-1 (close waits forever for unsent messages)"],
  ["receiveTimeout", "-1 (receive waits forever)"],
  ["sendTimeout", "-1 (send waits forever)"],
  ["sendHighWaterMark", "1000 messages"],
  ["receiveHighWaterMark", "1000 messages"],
  ["immediate", "false"],
];

/** Where a topology file declares the socket, and how the code differs from that declaration. */
export interface DeclarationNote {
  name: string;
  location: SourceLocation;
  drift: readonly string[];
}

/** Markdown describing the socket, its valid and actual peers, and its options next to libzmq's defaults. */
export function socketHover(socket: ZmqSocket, snapshot: GraphSnapshot, declaration?: DeclarationNote): Hover {
  const lines: string[] = [];
  const name = socket.holder ? ` \`${socket.holder}\`` : "";
  lines.push(`**${socket.type} socket**${name}: ${PURPOSES[socket.type]}.`, "");
  const peers = validPeerTypes(socket.type);
  lines.push(`Valid peer types: ${peers.length ? peers.join(", ") : "unknown"}`, "");

  const endpointLines = [...socket.binds, ...socket.connects].map((e) => {
    const guess = e.exact ? "" : " (parts unknown statically)";
    const env = e.overridableBy.length ? `, overridable by ${e.overridableBy.map((v) => `\`${v}\``).join(", ")}` : "";
    return `- ${e.kind}s \`${e.text}\` at ${linkTo(e.location)}${guess}${env}`;
  });
  if (endpointLines.length) lines.push("Endpoints:", ...endpointLines, "");

  const byId = new Map(snapshot.sockets.map((s) => [s.id, s]));
  const peerLines: string[] = [];
  for (const link of snapshot.links) {
    const peerId = link.from === socket.id ? link.to : link.to === socket.id ? link.from : undefined;
    const peer = peerId === undefined ? undefined : byId.get(peerId);
    if (!peer) continue;
    const role = link.from === socket.id ? "connects to" : "bound, reached by";
    const mark = link.compatible ? "✓" : "✗";
    const guess = link.certain ? "" : " (a guess)";
    peerLines.push(`- ${mark} ${role} ${peer.type}${peer.holder ? ` \`${peer.holder}\`` : ""} at ${linkTo(peer.location)} on \`${link.endpoint}\`${guess}`);
  }
  lines.push(peerLines.length ? "Peers in this workspace:" : "No peer found in this workspace.", ...peerLines, "");

  const set = new Map(socket.options.map((o) => [o.name, o.value]));
  lines.push("| option | in effect | libzmq default |", "|---|---|---|");
  for (const [option, value] of DEFAULTS) lines.push(`| ${option} | ${set.has(option) ? `\`${String(set.get(option))}\`` : "default"} | ${value} |`);
  for (const [option, value] of set) if (!DEFAULTS.some(([o]) => o === option)) lines.push(`| ${option} | \`${String(value)}\` | |`);
  if (socket.optionsIncomplete) lines.push("", "Some options are set where the analysis cannot read them.");
  if (socket.components.length) lines.push("", `Program${socket.components.length > 1 ? "s" : ""}: ${socket.components.join(", ")}`);
  if (declaration) {
    lines.push("", `Declared as \`${declaration.name}\` in ${linkTo(declaration.location)}${declaration.drift.length ? ", and differs from it:" : ", and matches it."}`);
    for (const d of declaration.drift) lines.push(`- ${d}`);
  }
  const contents: MarkupContent = { kind: "markdown", value: lines.join("\n") };
  return { contents };
}

function linkTo(loc: SourceLocation): string {
  const name = loc.file.slice(loc.file.lastIndexOf("/") + 1);
  return `[${name}:${loc.line}](${fileToUri(loc.file)}#L${loc.line})`;
}
