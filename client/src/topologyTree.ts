import * as vscode from "vscode";
import type { TopologyEndpoint, TopologyLink, TopologyMissingSocket, TopologyRange, TopologySocket, TopologyView } from "./protocol";
import type { TopologyModel } from "./topologyModel";

export type GroupBy = "program" | "endpoint";

/** The nodes of the topology view. Ids are paths from the root, so they survive a refresh (expansion state). */
export type TopologyNode =
  | { kind: "program"; id: string; name: string; sockets: TopologySocket[]; missing: TopologyMissingSocket[] }
  /** A socket the topology file declares and the code does not make. */
  | { kind: "missing"; id: string; missing: TopologyMissingSocket }
  | { kind: "socket"; id: string; socket: TopologySocket; role?: "bind" | "connect" }
  | { kind: "endpoint"; id: string; socket: TopologySocket; use: "bind" | "connect"; endpoint: TopologyEndpoint }
  | { kind: "endpointGroup"; id: string; endpoint: string; uses: { socket: TopologySocket; use: "bind" | "connect"; endpoint: TopologyEndpoint }[] }
  | { kind: "peer"; id: string; peer: TopologySocket; link: TopologyLink; endpoint: string };

const NO_PROGRAM = "(no program)";
/** Shown on sockets (and their programs) that differ from the topology file. */
export const DRIFT_MARK = "≠ topology";

/** Role icons: which way messages flow for the socket type. */
const ROLE_ICONS: Record<string, string> = {
  PUB: "broadcast", XPUB: "broadcast", RADIO: "broadcast",
  SUB: "rss", XSUB: "rss", DISH: "rss",
  REQ: "arrow-right", CLIENT: "arrow-right",
  REP: "reply", SERVER: "reply",
  DEALER: "arrow-swap", ROUTER: "git-merge",
  PUSH: "arrow-up", SCATTER: "arrow-up",
  PULL: "arrow-down", GATHER: "arrow-down",
  PAIR: "link", CHANNEL: "link", PEER: "link",
  STREAM: "plug", DGRAM: "plug",
};

/**
 * The topology tree, fed by `zmq/topology`. A `zmq/topologyChanged` re-renders it only while the view is
 * visible; otherwise the tree is marked dirty and re-rendered when it becomes visible.
 */
export class TopologyTreeProvider implements vscode.TreeDataProvider<TopologyNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TopologyNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private view: vscode.TreeView<TopologyNode> | undefined;
  private dirty = false;
  private groupByValue: GroupBy = "program";
  private readonly disposables: vscode.Disposable[] = [];
  /** How many times the tree was re-rendered (for tests: a hidden view is not). */
  renders = 0;

  constructor(private readonly model: TopologyModel) {
    this.disposables.push(model.onDidAnnounce(() => this.changed()));
  }

  attach(view: vscode.TreeView<TopologyNode>): void {
    this.view = view;
    this.disposables.push(
      view.onDidChangeVisibility(({ visible }) => {
        if (visible && this.dirty) this.refresh();
      }),
    );
  }

  get groupBy(): GroupBy {
    return this.groupByValue;
  }

  setGroupBy(groupBy: GroupBy): void {
    this.groupByValue = groupBy;
    void vscode.commands.executeCommand("setContext", "zmqTopology.groupBy", groupBy);
    this.refresh();
  }

  /** The server has a new topology. */
  private changed(): void {
    if (this.view && !this.view.visible) this.dirty = true;
    else this.refresh();
  }

  refresh(): void {
    this.dirty = false;
    this.renders++;
    this.emitter.fire(undefined);
  }

  async getChildren(node?: TopologyNode): Promise<TopologyNode[]> {
    const topology = await this.model.get();
    if (!topology) return [];
    if (!node) return this.groupByValue === "program" ? programs(topology) : endpointGroups(topology);
    switch (node.kind) {
      case "program":
        return [
          ...node.sockets.map((socket) => ({ kind: "socket" as const, id: `${node.id}/${socket.id}`, socket })),
          ...node.missing.map((missing) => ({ kind: "missing" as const, id: `${node.id}/missing:${missing.name}`, missing })),
        ];
      case "socket":
        if (node.role) return [];
        return [
          ...node.socket.binds.map((endpoint, i) => ({ kind: "endpoint" as const, id: `${node.id}/bind${i}`, socket: node.socket, use: "bind" as const, endpoint })),
          ...node.socket.connects.map((endpoint, i) => ({ kind: "endpoint" as const, id: `${node.id}/connect${i}`, socket: node.socket, use: "connect" as const, endpoint })),
        ];
      case "endpoint":
        return peersOf(topology, node.socket, node.use, node.endpoint.endpoint).map(({ peer, link }) => ({ kind: "peer", id: `${node.id}/${peer.id}`, peer, link, endpoint: link.endpoint }));
      case "endpointGroup":
        return node.uses.map(({ socket, use }) => ({ kind: "socket", id: `${node.id}/${use}/${socket.id}`, socket, role: use }));
      case "peer":
      case "missing":
        return [];
    }
  }

  getTreeItem(node: TopologyNode): vscode.TreeItem {
    switch (node.kind) {
      case "program": {
        const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Expanded);
        item.id = node.id;
        item.iconPath = new vscode.ThemeIcon("server-process");
        const drifting = node.sockets.filter((s) => s.drift.length > 0).length + node.missing.length;
        item.description = `${node.sockets.length} socket${node.sockets.length === 1 ? "" : "s"}${drifting ? ` · ${drifting} ${DRIFT_MARK}` : ""}`;
        item.contextValue = "zmqProgram";
        return item;
      }
      case "socket":
        return socketItem(node);
      case "missing": {
        const { missing } = node;
        const item = new vscode.TreeItem(`${missing.type} ${missing.name}`, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.description = `declared, not in code · ${DRIFT_MARK}`;
        item.iconPath = new vscode.ThemeIcon("circle-slash", new vscode.ThemeColor("problemsWarningIcon.foreground"));
        item.tooltip = new vscode.MarkdownString(`**${missing.type}** \`${missing.name}\`\n\nDeclared in ${location(missing.range)}, but program ${missing.program} makes no such socket.`);
        item.contextValue = "zmqMissing";
        item.command = openCommand(missing.range);
        return item;
      }
      case "endpoint": {
        const peers = node.endpoint.exact ? "" : " (partly unresolved)";
        const item = new vscode.TreeItem(`${node.use} ${node.endpoint.endpoint}`, vscode.TreeItemCollapsibleState.Expanded);
        item.id = node.id;
        item.iconPath = new vscode.ThemeIcon(node.use === "bind" ? "radio-tower" : "plug");
        item.description = `${location(node.endpoint.range)}${peers}`;
        item.contextValue = "zmqEndpoint";
        item.command = openCommand(node.endpoint.range);
        return item;
      }
      case "endpointGroup": {
        const item = new vscode.TreeItem(node.endpoint, vscode.TreeItemCollapsibleState.Expanded);
        item.id = node.id;
        item.iconPath = new vscode.ThemeIcon("globe");
        const binds = node.uses.filter((u) => u.use === "bind").length;
        item.description = `${binds} bind${binds === 1 ? "" : "s"}, ${node.uses.length - binds} connect${node.uses.length - binds === 1 ? "" : "s"}`;
        item.contextValue = "zmqEndpointGroup";
        return item;
      }
      case "peer": {
        const { peer, link } = node;
        const mark = link.compatible ? "✓" : "✗";
        const item = new vscode.TreeItem(`${mark} ${peer.type}${peer.holder ? ` ${peer.holder}` : ""}`, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.description = `${location(peer.range)}${link.certain ? "" : " (a guess)"}`;
        item.iconPath = new vscode.ThemeIcon(link.compatible ? "pass" : "error", new vscode.ThemeColor(link.compatible ? "testing.iconPassed" : "problemsErrorIcon.foreground"));
        item.tooltip = `${link.compatible ? "Compatible" : "Incompatible"} peer on ${link.endpoint}`;
        item.contextValue = "zmqPeer";
        item.command = openCommand(peer.range);
        return item;
      }
    }
  }

  dispose(): void {
    this.emitter.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

function socketItem(node: Extract<TopologyNode, { kind: "socket" }>): vscode.TreeItem {
  const s = node.socket;
  const hasChildren = !node.role && s.binds.length + s.connects.length > 0;
  const item = new vscode.TreeItem(socketLabel(s), hasChildren ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  const problems = s.problems.error + s.problems.warning + s.problems.information + s.problems.hint;
  const drifts = s.drift.length > 0;
  const parts = [node.role, location(s.range), problems ? `${problems} problem${problems === 1 ? "" : "s"}` : undefined, drifts ? DRIFT_MARK : undefined].filter(Boolean);
  item.description = parts.join(" · ");
  const color = s.problems.error ? "problemsErrorIcon.foreground" : s.problems.warning ? "problemsWarningIcon.foreground" : undefined;
  item.iconPath = new vscode.ThemeIcon(ROLE_ICONS[s.type] ?? "circle-outline", color ? new vscode.ThemeColor(color) : undefined);
  const declared = s.declaration ? `\n\nDeclared as \`${s.declaration.name}\` in ${location(s.declaration.range)}` : "";
  const drift = drifts ? `\n\n**Differs from the topology file:**\n${s.drift.map((d) => `- ${d}`).join("\n")}` : "";
  item.tooltip = new vscode.MarkdownString(
    `**${s.type}**${s.holder ? ` \`${s.holder}\`` : ""}\n\n${s.problems.error} errors, ${s.problems.warning} warnings, ${s.problems.information} infos, ${s.problems.hint} hints${declared}${drift}`,
  );
  item.contextValue = `${problems ? "zmqSocket.problems" : "zmqSocket"}${s.declaration ? ".declared" : ""}`;
  item.command = openCommand(s.range);
  return item;
}

export function socketLabel(s: TopologySocket): string {
  return s.holder ? `${s.type} ${s.holder}` : s.type;
}

function programs(topology: TopologyView): TopologyNode[] {
  const byProgram = new Map<string, { sockets: TopologySocket[]; missing: TopologyMissingSocket[] }>();
  const entry = (name: string): { sockets: TopologySocket[]; missing: TopologyMissingSocket[] } => {
    let e = byProgram.get(name);
    if (!e) byProgram.set(name, (e = { sockets: [], missing: [] }));
    return e;
  };
  for (const socket of topology.sockets) for (const name of socket.components.length ? socket.components : [NO_PROGRAM]) entry(name).sockets.push(socket);
  for (const missing of topology.missing ?? []) entry(missing.program).missing.push(missing);
  return [...byProgram.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, { sockets, missing }]) => ({ kind: "program", id: `program:${name}`, name, sockets, missing }));
}

function endpointGroups(topology: TopologyView): TopologyNode[] {
  const byEndpoint = new Map<string, Extract<TopologyNode, { kind: "endpointGroup" }>["uses"]>();
  for (const socket of topology.sockets) {
    const uses = [...socket.binds.map((endpoint) => ({ socket, use: "bind" as const, endpoint })), ...socket.connects.map((endpoint) => ({ socket, use: "connect" as const, endpoint }))];
    for (const use of uses) {
      let list = byEndpoint.get(use.endpoint.endpoint);
      if (!list) byEndpoint.set(use.endpoint.endpoint, (list = []));
      if (!list.some((u) => u.socket.id === socket.id && u.use === use.use)) list.push(use);
    }
  }
  return [...byEndpoint.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([endpoint, uses]) => ({ kind: "endpointGroup", id: `endpoint:${endpoint}`, endpoint, uses }));
}

/** The sockets at the other end of one bind or connect. */
export function peersOf(topology: TopologyView, socket: TopologySocket, use: "bind" | "connect", endpoint: string): { peer: TopologySocket; link: TopologyLink }[] {
  const byId = new Map(topology.sockets.map((s) => [s.id, s]));
  const out: { peer: TopologySocket; link: TopologyLink }[] = [];
  for (const link of topology.links) {
    if (link.endpoint !== endpoint) continue;
    const peerId = use === "connect" ? (link.from === socket.id ? link.to : undefined) : link.to === socket.id ? link.from : undefined;
    const peer = peerId === undefined ? undefined : byId.get(peerId);
    if (peer) out.push({ peer, link });
  }
  return out;
}

/** Every peer of a socket, whichever side it is on. */
export function allPeersOf(topology: TopologyView, socket: TopologySocket): { peer: TopologySocket; link: TopologyLink }[] {
  return [
    ...socket.binds.flatMap((e) => peersOf(topology, socket, "bind", e.endpoint)),
    ...socket.connects.flatMap((e) => peersOf(topology, socket, "connect", e.endpoint)),
  ];
}

export function toVsRange(range: TopologyRange): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

function location(range: TopologyRange): string {
  const uri = vscode.Uri.parse(range.uri);
  return `${vscode.workspace.asRelativePath(uri, false)}:${range.start.line + 1}`;
}

function openCommand(range: TopologyRange): vscode.Command {
  const options: vscode.TextDocumentShowOptions = { selection: toVsRange(range), preserveFocus: false };
  return { title: "Open", command: "vscode.open", arguments: [vscode.Uri.parse(range.uri), options] };
}
