import * as vscode from "vscode";
import type { TopologyModel } from "./topologyModel";
import { allPeersOf, socketLabel, toVsRange, type TopologyNode, type TopologyTreeProvider } from "./topologyTree";

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append("zmqTopology");

interface CommandContext {
  output: vscode.LogOutputChannel;
  provider: TopologyTreeProvider;
  view: vscode.TreeView<TopologyNode>;
  model: TopologyModel;
  restart(): Promise<void>;
}

export function registerCommands(context: vscode.ExtensionContext, ctx: CommandContext): void {
  const register = (id: string, run: (...args: never[]) => unknown): void => {
    context.subscriptions.push(vscode.commands.registerCommand(id, run));
  };
  register("zmqTopology.restartServer", () => ctx.restart());
  register("zmqTopology.showOutput", () => ctx.output.show(true));
  register("zmqTopology.refresh", () => ctx.provider.refresh());
  register("zmqTopology.focusTopology", () => vscode.commands.executeCommand("zmqTopology.topology.focus"));
  register("zmqTopology.groupByEndpoint", () => ctx.provider.setGroupBy("endpoint"));
  register("zmqTopology.groupByProgram", () => ctx.provider.setGroupBy("program"));
  register("zmqTopology.fixAllInFile", () => fixAllInFile());
  register("zmqTopology.goToPeer", (node?: TopologyNode) => goToPeer(ctx.model, node));
  register("zmqTopology.copyEndpoint", async (node?: TopologyNode) => {
    const endpoint = node?.kind === "endpoint" ? node.endpoint.endpoint : node?.kind === "endpointGroup" ? node.endpoint : node?.kind === "peer" ? node.endpoint : undefined;
    if (endpoint !== undefined) await vscode.env.clipboard.writeText(endpoint);
  });
  register("zmqTopology.openDeclaration", (node?: TopologyNode) => openDeclaration(node));
  register("zmqTopology.showSocketDiagnostics", async (node?: TopologyNode) => {
    const socket = node?.kind === "socket" ? node.socket : node?.kind === "peer" ? node.peer : undefined;
    if (!socket) return;
    // Open the socket's code (the diagnostics are underlined there) and the Problems panel, which follows the active file.
    await vscode.window.showTextDocument(vscode.Uri.parse(socket.uri), { selection: toVsRange(socket.range) });
    await vscode.commands.executeCommand("workbench.actions.view.problems");
  });
}

/** Applies `source.fixAll.zmqTopology` to the active editor. Returns how many actions were applied. */
export async function fixAllInFile(): Promise<number> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage("ZeroMQ Topology: open a file to fix.");
    return 0;
  }
  const doc = editor.document;
  const whole = new vscode.Range(0, 0, doc.lineCount, 0);
  const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", doc.uri, whole, FIX_ALL_KIND.value)) ?? [];
  let applied = 0;
  for (const action of actions.filter((a) => a.kind && FIX_ALL_KIND.contains(a.kind))) {
    if (action.edit && !(await vscode.workspace.applyEdit(action.edit))) continue;
    if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
    applied++;
  }
  if (applied === 0) void vscode.window.showInformationMessage("ZeroMQ Topology: nothing to fix automatically in this file.");
  return applied;
}

/** Opens the topology file at the line that declares the node's socket. */
export async function openDeclaration(node?: TopologyNode): Promise<void> {
  if (node?.kind === "missing") {
    await vscode.window.showTextDocument(vscode.Uri.parse(node.missing.range.uri), { selection: toVsRange(node.missing.range) });
    return;
  }
  const socket = node?.kind === "socket" || node?.kind === "endpoint" ? node.socket : node?.kind === "peer" ? node.peer : undefined;
  if (!socket) return;
  if (!socket.declaration) {
    void vscode.window.showInformationMessage(`ZeroMQ Topology: no topology file declares ${socketLabel(socket)}.`);
    return;
  }
  await vscode.window.showTextDocument(vscode.Uri.parse(socket.declaration.range.uri), { selection: toVsRange(socket.declaration.range) });
}

async function goToPeer(model: TopologyModel, node?: TopologyNode): Promise<void> {
  if (!node) return;
  let target = node.kind === "peer" ? node.peer : undefined;
  if (node.kind === "socket" || node.kind === "endpoint") {
    const topology = await model.get();
    if (!topology) return;
    const peers = allPeersOf(topology, node.socket).filter(({ link }) => node.kind === "socket" || link.endpoint === node.endpoint.endpoint);
    if (peers.length === 0) {
      void vscode.window.showInformationMessage(`ZeroMQ Topology: ${socketLabel(node.socket)} has no peer in this workspace.`);
      return;
    }
    const pick =
      peers.length === 1
        ? peers[0]
        : await vscode.window.showQuickPick(
            peers.map((p) => ({ label: `${p.link.compatible ? "✓" : "✗"} ${socketLabel(p.peer)}`, description: `${vscode.workspace.asRelativePath(vscode.Uri.parse(p.peer.uri), false)} · ${p.link.endpoint}`, p })),
            { placeHolder: "Peer to go to" },
          ).then((item) => item?.p);
    target = pick?.peer;
  }
  if (target) await vscode.window.showTextDocument(vscode.Uri.parse(target.uri), { selection: toVsRange(target.range) });
}
