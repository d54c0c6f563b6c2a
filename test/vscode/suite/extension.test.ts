// What the extension does today: it activates and registers its placeholder command.
// LSP tests (diagnostics, hover, code actions) join once the language server lands: see test/vscode/README.md.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";

const EXTENSION_ID = "zmq-topology.zmq-topology";

describe("zmq-topology extension", () => {
  it("is loaded from the extension development path", () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not among the loaded extensions`);
    assert.equal(ext.packageJSON.name, "zmq-topology");
    // This checkout, with its built client, not some installed copy.
    assert.ok(fs.existsSync(path.join(ext.extensionPath, "client", "out", "extension.js")), `no built client under ${ext.extensionPath}`);
    assert.ok(fs.existsSync(path.join(ext.extensionPath, "test", "vscode", "suite", "index.ts")), `${ext.extensionPath} is not this repository`);
  });

  it("activates", async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it("registers zmqTopology.showCliHelp", async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes("zmqTopology.showCliHelp"), "zmqTopology.showCliHelp is not registered");
  });

  it("runs zmqTopology.showCliHelp without an error", async () => {
    await vscode.commands.executeCommand("zmqTopology.showCliHelp");
  });

  it("opens the fixture workspace", () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1);
    assert.equal(path.basename(folders[0]!.uri.path), "workspace");
  });
});
