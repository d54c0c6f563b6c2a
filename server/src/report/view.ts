import type { GraphSnapshot } from "../analysis/model";
import type { SourceLocation, ZmqSocket } from "../analysis/model";
import { displayPath } from "../analysis/paths";

/** Paths and ids as printed: relative to the output base, forward slashes, 1-based positions. */
export class OutputView {
  private readonly ids = new Map<string, string>();

  constructor(readonly snapshot: GraphSnapshot, readonly base: string) {
    for (const s of snapshot.sockets) {
      const hash = s.id.lastIndexOf("#");
      const suffix = hash > s.id.lastIndexOf(":") ? s.id.slice(hash) : "";
      this.ids.set(s.id, `${this.path(s.location.file)}:${s.location.line}:${s.location.column}${suffix}`);
    }
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
