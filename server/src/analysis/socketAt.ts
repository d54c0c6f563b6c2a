import type { GraphSnapshot, SourceLocation, ZmqSocket } from "./model";
import type { SourceAccess } from "./rules/rule";

/**
 * The sockets a 1-based position (UTF-16 column) in `file` points at: their creation expression, the
 * name declared for them on that line (`const sock = new zmq.Request()`), a bind/connect, or any other
 * use the analysis recorded (`sock.send(...)`). Innermost match first.
 */
export function socketsAt(snapshot: GraphSnapshot, sources: SourceAccess, file: string, line: number, column: number): ZmqSocket[] {
  const hits: { socket: ZmqSocket; size: number }[] = [];
  for (const socket of snapshot.sockets) {
    let best = Infinity;
    const consider = (loc: SourceLocation | undefined): void => {
      if (loc && contains(loc, file, line, column)) best = Math.min(best, size(loc));
    };
    consider(socket.location);
    consider(socket.createdAt);
    for (const e of [...socket.binds, ...socket.connects]) consider(e.location);
    for (const use of socket.uses) consider(use.location);
    if (best === Infinity && declaresHolder(socket, sources, file, line, column)) best = Number.MAX_SAFE_INTEGER;
    if (best !== Infinity) hits.push({ socket, size: best });
  }
  return hits.sort((a, b) => a.size - b.size).map((h) => h.socket);
}

function contains(loc: SourceLocation, file: string, line: number, column: number): boolean {
  if (loc.file !== file) return false;
  if (line < loc.line || line > loc.endLine) return false;
  if (line === loc.line && column < loc.column) return false;
  return !(line === loc.endLine && column > loc.endColumn);
}

/** Lines spanned first, then columns: a rough size that orders nested ranges. */
function size(loc: SourceLocation): number {
  return (loc.endLine - loc.line) * 100_000 + (loc.endColumn - loc.column);
}

/** The position is on the holder's name to the left of the creation expression, on the same line. */
function declaresHolder(socket: ZmqSocket, sources: SourceAccess, file: string, line: number, column: number): boolean {
  const loc = socket.location;
  if (!socket.holder || loc.file !== file || loc.line !== line || column >= loc.column) return false;
  const sf = sources.sourceFile(file);
  if (!sf) return false;
  const lineStart = sf.getPositionOfLineAndCharacter(line - 1, 0);
  const before = sf.text.slice(lineStart, lineStart + loc.column - 1);
  const name = socket.holder.split(".").pop()!;
  const at = before.lastIndexOf(name);
  return at >= 0 && column - 1 >= at && column - 1 <= at + name.length && /^\s*(?::[^=]*)?=\s*(?:await\s+)?$/.test(before.slice(at + name.length));
}
