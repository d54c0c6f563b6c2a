import * as vscode from "vscode";
import { State, type LanguageClient } from "vscode-languageclient/node";
import { registerCommands } from "./commands";
import { createLanguageClient } from "./languageClient";
import { TopologyStatus } from "./statusBar";
import { TopologyModel } from "./topologyModel";
import { TopologyTreeProvider, type TopologyNode } from "./topologyTree";

/** What activate() returns: reachable as `vscode.extensions.getExtension(...).exports` (the tests use it). */
export interface ZmqTopologyApi {
  topology: TopologyTreeProvider;
  model: TopologyModel;
  status: TopologyStatus;
  /** The current language client (a new one after “Restart Server”). */
  client(): LanguageClient;
}

let current: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<ZmqTopologyApi> {
  const output = vscode.window.createOutputChannel("ZeroMQ Topology", { log: true });
  const model = new TopologyModel();
  const status = new TopologyStatus();
  const provider = new TopologyTreeProvider(model);
  const view = vscode.window.createTreeView<TopologyNode>("zmqTopology.topology", { treeDataProvider: provider, showCollapseAll: true });
  provider.attach(view);
  void vscode.commands.executeCommand("setContext", "zmqTopology.groupBy", provider.groupBy);
  context.subscriptions.push(output, model, status, provider, view);

  // The status bar pulls every new topology (it is one small request); the tree re-renders only while visible.
  context.subscriptions.push(
    model.onDidAnnounce(async () => {
      const topology = await model.get();
      if (topology) status.show(topology);
    }),
  );

  let clientSubscriptions: vscode.Disposable[] = [];
  const startClient = async (): Promise<void> => {
    const client = createLanguageClient(context, output, () => {
      void vscode.window.showErrorMessage("The ZeroMQ Topology server crashed repeatedly and was not restarted.", "Restart", "Show Output").then((choice) => {
        if (choice === "Restart") void vscode.commands.executeCommand("zmqTopology.restartServer");
        else if (choice === "Show Output") output.show(true);
      });
    });
    current = client;
    for (const d of clientSubscriptions) d.dispose();
    clientSubscriptions = [
      client.onDidChangeState(({ newState }) => {
        if (newState === State.Stopped) status.stopped();
        else if (newState === State.Starting) status.scanning();
      }),
    ];
    model.attach(client);
    status.scanning();
    provider.refresh();
    await client.start();
  };

  registerCommands(context, {
    output,
    provider,
    view,
    model,
    restart: async () => {
      const old = current;
      current = undefined;
      if (old) await old.dispose().catch((err: unknown) => output.error(`stopping the server failed: ${String(err)}`));
      await startClient();
    },
  });

  try {
    await startClient();
  } catch (err) {
    output.error(`the language server did not start: ${(err as Error).stack ?? String(err)}`);
    void vscode.window.showErrorMessage(`ZeroMQ Topology: the language server did not start: ${(err as Error).message}`, "Show Output").then((c) => c && output.show(true));
  }
  return { topology: provider, model, status, client: () => current! };
}

export async function deactivate(): Promise<void> {
  const client = current;
  current = undefined;
  await client?.dispose();
}
