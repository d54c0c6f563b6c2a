// A topology file in a real VS Code: its language, its drift diagnostic, a hover, the outline, and the
// sidebar's drift mark with Open Declaration. The file is written at the start and deleted at the end, so
// the other tests see the workspace without one.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as vscode from "vscode";
import { api, codeOf, hoverText, root, waitFor } from "./helpers";

const TOPOLOGY = `# The intended design of the editor-test workspace.
topology "vscode-test-workspace"

component publisher {
  program "src/publisher"
  socket ticks: PUB {
    bind tcp://127.0.0.1:{ticks_port}
  }
}

component subscriber {
  program "src/subscriber"
  socket ticks: SUB {
    connect tcp://127.0.0.1:{ticks_port}
  }
}

component quoteServer {
  program "src/quoteServer"
  # Drift on purpose: the code makes a REP.
  socket quotes: ROUTER {
    bind tcp://127.0.0.1:7310
  }
}

component quoteClient {
  program "src/quoteClient"
  socket quotes: REQ {
    connect tcp://127.0.0.1:7310
  }
  # Declared, not in the code: the sidebar lists it.
  socket audit: PUB
}

link subscriber.ticks -> publisher.ticks
link quoteClient.quotes -> quoteServer.quotes
`;

describe("topology file", () => {
  const uri = (): vscode.Uri => vscode.Uri.joinPath(root(), "topology.zmqtopo");
  const quoteServerUri = (): vscode.Uri => vscode.Uri.joinPath(root(), "src", "quoteServer.ts");
  const drift = (target: vscode.Uri): vscode.Diagnostic[] => vscode.languages.getDiagnostics(target).filter((d) => codeOf(d) === "topology-drift");

  before(async () => {
    await api();
    await vscode.workspace.fs.writeFile(uri(), new TextEncoder().encode(TOPOLOGY));
  });

  after(async () => {
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    await vscode.workspace.fs.delete(uri());
    // The watcher takes the file away again: no drift is left in the code.
    await waitFor("drift gone", () => drift(quoteServerUri()), (d) => d.length === 0);
  });

  it("opens as a zmqtopo document with the type drift diagnosed on both sides", async () => {
    const doc = await vscode.workspace.openTextDocument(uri());
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, "zmqtopo");
    const inFile = await waitFor("drift in the topology file", () => drift(uri()), (d) => d.length === 2);
    assert.equal(inFile[0]!.range.start.line, 20);
    assert.match(inFile[0]!.message, /quoteServer\.quotes is declared as ROUTER, but the code makes a REP socket/);
    assert.match(inFile[1]!.message, /quoteClient\.audit \(PUB\) is declared, but program src\/quoteClient makes no such socket/);
    assert.equal(inFile[0]!.relatedInformation?.[0]?.location.uri.toString(), quoteServerUri().toString());
    const inCode = await waitFor("drift in the code", () => drift(quoteServerUri()), (d) => d.length === 1);
    assert.equal(inCode[0]!.range.start.line, 3);
  });

  it("hovers a socket type, lists the outline, and goes from the declaration to the code", async () => {
    const screenshot = process.env.ZMQ_TOPOLOGY_VSCODE_TEST_SCREENSHOT_TOPOLOGY;
    if (screenshot) {
      // docs/topology-file.png: the file highlighted, its drift diagnostic, and the hover on the drifting type.
      const editor = await vscode.window.showTextDocument(uri());
      editor.selection = new vscode.Selection(new vscode.Position(20, 19), new vscode.Position(20, 19));
      await vscode.commands.executeCommand("workbench.actions.view.problems");
      await vscode.window.showTextDocument(uri());
      await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", uri(), new vscode.Position(20, 19));
      await vscode.commands.executeCommand("editor.action.showHover");
      await new Promise((r) => setTimeout(r, 500));
      console.log("zmq-topology-vscode-test:screenshot-topology-now");
      await waitFor("screenshot", () => fs.existsSync(screenshot), (e) => e, 15_000);
    }
    const hover = await waitFor("hover on ROUTER", () => hoverText(uri(), new vscode.Position(20, 20)), (t) => t.includes("ROUTER"));
    assert.match(hover, /DEALER/);
    const symbols = (await vscode.commands.executeCommand<vscode.DocumentSymbol[]>("vscode.executeDocumentSymbolProvider", uri())) ?? [];
    assert.deepEqual(symbols.filter((s) => s.kind === vscode.SymbolKind.Module).map((s) => s.name), ["publisher", "subscriber", "quoteServer", "quoteClient"]);
    const targets = (await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>("vscode.executeDefinitionProvider", uri(), new vscode.Position(20, 11))) ?? [];
    const files = targets.map((t) => ("targetUri" in t ? t.targetUri : t.uri).toString());
    assert.ok(files.includes(quoteServerUri().toString()), JSON.stringify(files));
  });

  it("marks the drifting socket in the sidebar, and Open Declaration opens its line", async () => {
    const extension = await api();
    const tree = extension.topology;
    const program = await waitFor(
      "quoteServer program marked",
      async () => (await tree.getChildren()).find((n) => n.kind === "program" && n.name === "src/quoteServer"),
      (n) => n !== undefined && tree.getTreeItem(n).description?.toString().includes("≠ topology") === true,
    );
    const socket = (await tree.getChildren(program))[0]!;
    const item = tree.getTreeItem(socket);
    assert.match(String(item.description), /≠ topology/);
    assert.match(String(item.contextValue), /\.declared$/);
    await vscode.commands.executeCommand("zmqTopology.openDeclaration", socket);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.toString(), uri().toString());
    assert.equal(editor?.selection.start.line, 20);
    // The declared socket the code lacks is a node of its program, and opens its declaration too.
    const client = (await tree.getChildren()).find((n) => n.kind === "program" && n.name === "src/quoteClient")!;
    const missing = (await tree.getChildren(client)).find((n) => n.kind === "missing")!;
    assert.ok(missing, "the missing declaration is listed");
    const missingItem = tree.getTreeItem(missing);
    assert.equal(missingItem.label, "PUB quoteClient.audit");
    assert.match(String(missingItem.description), /declared, not in code/);
    await vscode.commands.executeCommand("zmqTopology.openDeclaration", missing);
    assert.equal(vscode.window.activeTextEditor?.selection.start.line, 31);
  });
});
