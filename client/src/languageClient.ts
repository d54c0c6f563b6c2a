import * as vscode from "vscode";
import { CloseAction, ErrorAction, LanguageClient, TransportKind, type CloseHandlerResult, type ErrorHandler, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";

/** Restarts allowed within RESTART_WINDOW_MS before the client gives up and asks the user. */
export const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60_000;

/**
 * The language client for server/out/server.js over IPC. File watching needs no `synchronize` option: the
 * server registers its watchers (sources, package.json, zmq-topology.json) dynamically at `initialized`.
 */
export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, onGiveUp: () => void): LanguageClient {
  const module = context.asAbsolutePath("server/out/server.js");
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ["--nolazy", "--inspect=6009"] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: ["typescript", "javascript", "typescriptreact", "javascriptreact", "zmqtopo"].map((language) => ({ scheme: "file", language })),
    outputChannel: output,
    traceOutputChannel: output,
    errorHandler: new RestartThenAsk(onGiveUp),
  };
  // The id `zmqTopology` makes the client read `zmqTopology.trace.server`.
  return new LanguageClient("zmqTopology", "ZeroMQ Topology", serverOptions, clientOptions);
}

/** Restarts a crashed server up to MAX_RESTARTS times in a few minutes, then shows an error with a "Restart" action. */
export class RestartThenAsk implements ErrorHandler {
  private readonly restarts: number[] = [];

  constructor(private readonly onGiveUp: () => void, private readonly now: () => number = Date.now) {}

  error(): { action: ErrorAction } {
    return { action: ErrorAction.Continue };
  }

  closed(): CloseHandlerResult {
    const t = this.now();
    this.restarts.push(t);
    while (this.restarts.length && this.restarts[0]! < t - RESTART_WINDOW_MS) this.restarts.shift();
    if (this.restarts.length <= MAX_RESTARTS) return { action: CloseAction.Restart, handled: true };
    this.restarts.length = 0;
    this.onGiveUp();
    return { action: CloseAction.DoNotRestart, handled: true };
  }
}
