import type { ZmqSocket } from "./model";

const socketJsons = new WeakMap<ZmqSocket, { id: string; json: string }>();

/** A socket's JSON, kept per socket object: the graph reuses the objects of results an edit left alone. */
export function socketJson(socket: ZmqSocket): string {
  const known = socketJsons.get(socket);
  if (known?.id === socket.id) return known.json;
  const json = JSON.stringify(socket);
  socketJsons.set(socket, { id: socket.id, json });
  return json;
}

/** Two lists of texts built from cached strings: equal when every part is. */
export function sameTexts(a: readonly string[] | undefined, b: readonly string[]): boolean {
  return a !== undefined && a.length === b.length && a.every((part, i) => part === b[i]);
}
