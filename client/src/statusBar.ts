import * as vscode from "vscode";
import type { TopologyView } from "./protocol";

/** Socket and problem counts of the last topology, or a spinner while the server starts or scans. */
export class TopologyStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("zmqTopology.status", vscode.StatusBarAlignment.Left, 10);

  constructor() {
    this.item.name = "ZeroMQ Topology";
    this.item.command = "zmqTopology.focusTopology";
    this.scanning();
    this.item.show();
  }

  scanning(): void {
    this.item.text = "$(sync~spin) ZeroMQ";
    this.item.tooltip = "ZeroMQ Topology: the server is reading the workspace…";
    this.item.backgroundColor = undefined;
  }

  stopped(): void {
    this.item.text = "$(debug-disconnect) ZeroMQ";
    this.item.tooltip = "ZeroMQ Topology: the language server is not running (run “ZeroMQ Topology: Restart Server”)";
    this.item.command = "zmqTopology.restartServer";
    this.item.backgroundColor = new vscode.ThemeColor("statusBarItem.errorBackground");
  }

  show(view: TopologyView): void {
    this.item.command = "zmqTopology.focusTopology";
    this.item.backgroundColor = undefined;
    const sum = { error: 0, warning: 0, information: 0, hint: 0 };
    for (const s of view.sockets) for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += s.problems[k];
    const n = view.sockets.length;
    this.item.text = `$(type-hierarchy) ZeroMQ ${n} $(error) ${sum.error} $(warning) ${sum.warning}`;
    this.item.tooltip = `ZeroMQ Topology: ${n} socket${n === 1 ? "" : "s"}, ${view.links.length} link${view.links.length === 1 ? "" : "s"}; ` +
      `${sum.error} errors, ${sum.warning} warnings, ${sum.information} infos, ${sum.hint} hints on sockets. Click to show the topology.`;
  }

  /** For tests. */
  get text(): string {
    return this.item.text;
  }

  dispose(): void {
    this.item.dispose();
  }
}
