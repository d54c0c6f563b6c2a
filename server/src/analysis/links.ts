import { isCompatiblePair } from "./compatibility";
import { isEphemeral, matchHostPort, parseEndpoint, type ParsedEndpoint } from "./endpoints";
import type { EndpointUse, Link, ZmqSocket } from "./model";
import { joinPath } from "./paths";

interface BindRef {
  socket: ZmqSocket;
  use: EndpointUse;
  ep: ParsedEndpoint;
  ipcPath?: string;
}

/** Transports with a host and a port. */
export const TCP_LIKE: ReadonlySet<string> = new Set(["tcp", "ws", "wss", "udp"]);

/** `ipc://` paths: absolute as given, relative ones against the program's package root. */
function ipcKey(ep: ParsedEndpoint, packageRoot: string): string {
  const address = ep.address;
  if (address.startsWith("@") || address.startsWith("/") || address.includes("${")) return address;
  return joinPath(packageRoot, address);
}

/**
 * What a bind and a connect must share to meet: the tcp-like port (ws and wss alike), the resolved ipc
 * path, or the address of other transports. `packageRootOf` resolves relative ipc paths.
 */
export function endpointKey(ep: ParsedEndpoint, file: string, packageRootOf: (file: string) => string): string {
  if (TCP_LIKE.has(ep.transport)) return `${ep.transport === "wss" ? "ws" : ep.transport}:${/\$\{/.test(ep.port) ? ep.port : Number(ep.port)}`;
  if (ep.transport === "ipc") return `ipc:${ipcKey(ep, packageRootOf(file))}`;
  return `${ep.transport}:${ep.address}`;
}

export function shareProcess(a: ZmqSocket, b: ZmqSocket): boolean {
  return a.processes.some((p) => b.processes.includes(p));
}

/** Whether inproc can join the two sockets: the same context in the same process. */
export function inprocJoins(a: ZmqSocket, b: ZmqSocket): boolean {
  return a.context === b.context && shareProcess(a, b);
}

/** Two sockets one factory call may return (`kind === "server" ? new Router() : new Dealer()`): never both at once. */
export function areAlternatives(a: ZmqSocket, b: ZmqSocket): boolean {
  const same = (x: { file: string; line: number; column: number }, y: { file: string; line: number; column: number }) =>
    x.file === y.file && x.line === y.line && x.column === y.column;
  return same(a.location, b.location) && a.createdAt !== undefined && b.createdAt !== undefined && !same(a.createdAt, b.createdAt);
}

/** Links every connect to the binds it can reach. `packageRootOf` resolves relative ipc paths. */
export function computeLinks(sockets: readonly ZmqSocket[], packageRootOf: (file: string) => string): Link[] {
  const binds = new Map<string, BindRef[]>();
  const keyOf = (ep: ParsedEndpoint, file: string): string => endpointKey(ep, file, packageRootOf);
  for (const socket of sockets) {
    for (const use of socket.binds) {
      const ep = parseEndpoint(use.text);
      if (!ep || isEphemeral(ep)) continue;
      const key = keyOf(ep, use.location.file);
      const list = binds.get(key) ?? [];
      list.push({ socket, use, ep });
      binds.set(key, list);
    }
  }
  const links: Link[] = [];
  for (const socket of sockets) {
    for (const use of socket.connects) {
      const ep = parseEndpoint(use.text);
      if (!ep) continue;
      for (const bind of binds.get(keyOf(ep, use.location.file)) ?? []) {
        if (bind.socket === socket || areAlternatives(socket, bind.socket)) continue;
        let certain = !ep.hasPlaceholder && !bind.ep.hasPlaceholder;
        if (TCP_LIKE.has(ep.transport)) {
          const m = matchHostPort(ep, bind.ep);
          if (!m.matches) continue;
          certain = m.certain;
        } else if (ep.transport === "inproc") {
          if (!inprocJoins(socket, bind.socket)) continue;
        }
        links.push({
          from: socket.id, to: bind.socket.id, endpoint: use.text, bindEndpoint: bind.use.text,
          compatible: isCompatiblePair(socket.type, bind.socket.type), certain,
          connectLocation: use.location, bindLocation: bind.use.location,
        });
      }
    }
  }
  return links;
}
