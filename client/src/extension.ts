import * as vscode from "vscode";

/**
 * The editor integration (language server, diagnostics, hovers, topology view) is the next milestone.
 * Until then the extension only points users at the CLI, which runs the same analysis.
 */
export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand("zmqTopology.showCliHelp", () => {
      void vscode.window.showInformationMessage("Run `zmq-topology graph <folder>` or `zmq-topology check <folder>` in a terminal (see the README).");
    }),
  );
}

export function deactivate(): void {}
