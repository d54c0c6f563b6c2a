/** Hand-built ZmqSocket objects for link tests. */
import type { EndpointUse, SourceLocation, ZmqSocket } from "../../../server/src/analysis/model";
import type { SocketType } from "../../../server/src/analysis/socketTypes";

let nextLine = 1;

export function loc(file: string, line = nextLine++, column = 1): SourceLocation {
  return { file, line, column, endLine: line, endColumn: column + 10 };
}

function use(kind: "bind" | "connect", text: string, file: string): EndpointUse {
  const exact = !text.includes("${");
  return { kind, text, exact, overridableBy: [], location: loc(file) };
}

export interface SocketSpec {
  id: string;
  type: SocketType;
  /** Absolute file the socket and its bind/connect calls are in. */
  file?: string;
  binds?: string[];
  connects?: string[];
  context?: string;
  components?: string[];
  /** Defaults to the components. */
  processes?: string[];
}

export function socket(spec: SocketSpec): ZmqSocket {
  const file = spec.file ?? "/ws/app/src/main.ts";
  return {
    id: spec.id,
    type: spec.type,
    api: "v6",
    location: loc(file),
    holder: spec.id,
    binds: (spec.binds ?? []).map((t) => use("bind", t, file)),
    connects: (spec.connects ?? []).map((t) => use("connect", t, file)),
    options: [],
    subscriptions: [],
    lifetime: { inFunction: false, escapes: false },
    uses: [],
    context: spec.context ?? "global",
    components: spec.components ?? ["src/main"],
    processes: spec.processes ?? spec.components ?? ["src/main"],
  };
}
