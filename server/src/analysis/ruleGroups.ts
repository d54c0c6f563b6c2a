/**
 * Splits a snapshot into groups of sockets whose findings can depend on one another, so the rules run
 * on each group alone and an edit re-checks only the groups it touched. Two sockets share a group when
 * they share a place in the code (a factory's `new`, a helper's bind or send), a process, a context, a
 * proxy, a link, or an endpoint key (the port, ipc path or inproc name links compare). A bind or connect whose address is not
 * known well enough to compare might meet anything of its transport (rules/endpointUses `mightMeet`):
 * then the whole transport, or with an unknown transport everything with an endpoint, is one group.
 * Findings are always computed group by group, in the CLI too, so the editor's cached groups and a cold
 * run give the same findings by construction.
 */
import { parseEndpoint } from "./endpoints";
import { endpointKey } from "./links";
import type { GraphSnapshot, Link, ZmqProxy, ZmqSocket } from "./model";
import { family, matchPartUnknown } from "./rules/endpointUses";

export interface RuleGroup {
  /** The group's sockets with the links, contexts and proxies that refer to them, and every global option. */
  snapshot: GraphSnapshot;
  /** Every file a location of the group's sockets points into: what rules read the syntax of. */
  files: string[];
}

const ANY_TRANSPORT = "unknown-endpoint:*";

export function ruleGroups(snapshot: GraphSnapshot, packageRootOf: (file: string) => string): RuleGroup[] {
  const sockets = snapshot.sockets;
  const keysOf = sockets.map((s) => [...keysAndFilesOf(s, packageRootOf).keys]);
  const filesOf = sockets.map((s) => keysAndFilesOf(s, packageRootOf).files);
  // Wildcards exist only where some address is unknown; exact endpoints join them then.
  const wild = new Set(keysOf.flat().filter((k) => k.startsWith("unknown-endpoint:")));
  const parent = sockets.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const firstWithKey = new Map<string, number>();
  const indexById = new Map<string, number>();
  sockets.forEach((s, i) => {
    indexById.set(s.id, i);
    const keys = keysOf[i]!;
    for (const key of [...keys]) {
      if (!key.startsWith("endpoint:")) continue;
      const family = key.slice("endpoint:".length, key.indexOf(":", "endpoint:".length));
      if (wild.has(`unknown-endpoint:${family}`)) keys.push(`unknown-endpoint:${family}`);
      if (wild.has(ANY_TRANSPORT)) keys.push(ANY_TRANSPORT);
    }
    for (const key of keys) {
      const first = firstWithKey.get(key);
      if (first === undefined) firstWithKey.set(key, i);
      else union(first, i);
    }
  });
  const join = (ids: (string | undefined)[]): void => {
    const members = ids.flatMap((id) => (id === undefined ? [] : [indexById.get(id)])).filter((i): i is number => i !== undefined);
    for (const i of members.slice(1)) union(members[0]!, i);
  };
  for (const link of snapshot.links) join([link.from, link.to]);
  for (const proxy of snapshot.proxies) join([proxy.frontend, proxy.backend, proxy.capture]);

  const byRoot = new Map<number, number[]>();
  sockets.forEach((_, i) => {
    const root = find(i);
    let members = byRoot.get(root);
    if (!members) byRoot.set(root, (members = []));
    members.push(i);
  });
  const groupOf = new Map<string, number>();
  const groups = [...byRoot.values()].map((members, g) => {
    for (const i of members) groupOf.set(sockets[i]!.id, g);
    return members;
  });
  // Links and proxies sorted into their groups in one pass each (a link's two ends share a group).
  const linksOf = groups.map((): Link[] => []);
  for (const link of snapshot.links) {
    const g = groupOf.get(link.from);
    if (g !== undefined) linksOf[g]!.push(link);
  }
  const proxiesOf = groups.map((): ZmqProxy[] => []);
  for (const proxy of snapshot.proxies) {
    const g = [proxy.frontend, proxy.backend, proxy.capture].map((id) => (id === undefined ? undefined : groupOf.get(id))).find((x) => x !== undefined);
    if (g !== undefined) proxiesOf[g]!.push(proxy);
  }
  const contextById = new Map(snapshot.contexts.map((c) => [c.id, c]));
  return groups.map((members, g) => {
    const groupSockets = members.map((i) => sockets[i]!);
    const contextIds = new Set(groupSockets.map((s) => s.context).filter((c): c is string => c !== undefined));
    const files = new Set(members.flatMap((i) => filesOf[i]!));
    return {
      snapshot: {
        sockets: groupSockets,
        links: linksOf[g]!,
        contexts: [...contextIds].flatMap((id) => contextById.get(id) ?? []),
        proxies: proxiesOf[g]!,
        globalContextOptions: snapshot.globalContextOptions,
        problems: [],
      },
      files: [...files].sort(),
    };
  });
}

/** Per socket object: the graph keeps a socket's object while its result and its programs stay the same. */
const socketKeys = new WeakMap<ZmqSocket, { keys: readonly string[]; files: string[] }>();

function keysAndFilesOf(s: ZmqSocket, packageRootOf: (file: string) => string): { keys: readonly string[]; files: string[] } {
  let known = socketKeys.get(s);
  if (!known) socketKeys.set(s, (known = { keys: groupKeys(s, packageRootOf), files: locationFiles(s) }));
  return known;
}

/**
 * What ties a socket to others: the places rules compare between sockets (where it is made, its binds,
 * connects and other uses), processes, its context, and its endpoints' keys.
 */
function groupKeys(s: ZmqSocket, packageRootOf: (file: string) => string): string[] {
  const keys = new Set<string>();
  for (const loc of [s.location, s.createdAt, ...s.binds.map((u) => u.location), ...s.connects.map((u) => u.location), ...s.uses.map((u) => u.location)]) {
    if (loc) keys.add(`place:${loc.file}:${loc.line}:${loc.column}`);
  }
  for (const p of s.processes) keys.add(`process:${p}`);
  // zeromq.js' global context is one per process: the process key covers it.
  if (s.context !== undefined && s.context !== "global") keys.add(`context:${s.context}`);
  for (const use of [...s.binds, ...s.connects]) {
    const ep = parseEndpoint(use.text);
    if (!ep || ep.transport.includes("${")) keys.add(ANY_TRANSPORT);
    else if (matchPartUnknown(ep)) keys.add(`unknown-endpoint:${family(ep)}`);
    else keys.add(`endpoint:${family(ep)}:${endpointKey(ep, use.location.file, packageRootOf)}`);
  }
  return [...keys];
}

/** The files a socket's locations point into, options included: what rules may read the code of. */
function locationFiles(s: ZmqSocket): string[] {
  const locations = [s.location, s.createdAt, ...s.binds.map((u) => u.location), ...s.connects.map((u) => u.location),
    ...s.uses.map((u) => u.location), ...s.options.map((o) => o.location)];
  return [...new Set(locations.flatMap((loc) => (loc ? [loc.file] : [])))];
}
