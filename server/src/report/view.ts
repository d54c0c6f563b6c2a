import type { GraphSnapshot, SourceLocation, ZmqSocket } from "../analysis/model";
import { displayPath } from "../analysis/paths";

/** Paths and ids as printed: relative to the output base, forward slashes, 1-based positions. */
export class OutputView {
  private readonly ids = new Map<string, string>();

  constructor(readonly snapshot: GraphSnapshot, readonly base: string) {
    // Internal ids start with the absolute path of the socket's file; printed ids with the relative one.
    for (const s of snapshot.sockets) this.ids.set(s.id, this.path(s.location.file) + s.id.slice(s.location.file.length));
  }

  path(file: string): string {
    return displayPath(file, this.base);
  }

  id(internalId: string): string {
    return this.ids.get(internalId) ?? internalId;
  }

  where(loc: SourceLocation): string {
    return `${this.path(loc.file)}:${loc.line}:${loc.column}`;
  }

  /** Options in effect: the last setting of each option wins. */
  options(socket: ZmqSocket): Record<string, string | number | boolean | null> {
    const result: Record<string, string | number | boolean | null> = {};
    for (const o of socket.options) result[o.name] = o.value;
    return result;
  }

  component(socket: ZmqSocket): string {
    return socket.components.join(", ");
  }
}
