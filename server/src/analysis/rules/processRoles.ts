/** Two ends of a link in different roles of one program (a role switch, cluster primary and workers). */
import type { SourceLocation, ZmqSocket } from "../model";
import type { SourceAccess } from "./rule";
import { nodeAt } from "./sourceNodes";

/** One end of a link: its socket and the bind or connect call. */
export interface LinkEnd {
  socket: ZmqSocket;
  use: SourceLocation;
}

/**
 * Whether the two ends never run in one process: their sockets, or their bind and connect calls, are
 * reached only through the two sides of a branch whose condition keeps its value for the life of a
 * process (SourceAccess.neverInOneProcess; `strict` for rules that report on a yes). False when the
 * sources cannot answer.
 */
export function inDifferentRoles(a: LinkEnd, b: LinkEnd, sources: SourceAccess, strict: boolean): boolean {
  const ask = sources.neverInOneProcess?.bind(sources);
  if (!ask) return false;
  const pairs: [SourceLocation, SourceLocation][] = [[a.socket.location, b.socket.location], [a.use, b.use]];
  return pairs.some(([x, y]) => {
    const nx = nodeAt(sources, x);
    const ny = nx && nodeAt(sources, y);
    return nx !== undefined && ny !== undefined && ask(nx, ny, strict);
  });
}
