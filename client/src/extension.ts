import * as vscode from "vscode";

/**
 * The editor integration (language server, diagnostics, hovers, topology view) is the next milestone.
 * Until then the extension only points users at the CLI, which runs the same analysis.
 */
export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand("zmqTopology.showCliHelp", () => {
      void vscode.window.showInformationMessage("Run `npx zmq-topology graph <folder>` or `npx zmq-topology check <folder>` in a terminal.");
    }),
  );
}

export function deactivate(): void {}
