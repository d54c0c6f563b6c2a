import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { createServer } from "./lsp/createServer";

// The transport (--stdio, --node-ipc, --socket=N) comes from the command line; stdout may be the channel, so logs go to the connection.
const connection = createConnection(ProposedFeatures.all);
process.on("uncaughtException", (err) => connection.console.error(`zmq-topology: uncaught exception: ${err.stack ?? String(err)}`));
process.on("unhandledRejection", (reason) => connection.console.error(`zmq-topology: unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}`));
createServer(connection);
connection.listen();
