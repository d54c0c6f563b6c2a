// The extension loads from this checkout, activates, and registers its commands.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { api, EXTENSION_ID } from "./helpers";

const COMMANDS = [
  "zmqTopology.openDeclaration",
  "zmqTopology.restartServer",
  "zmqTopology.showOutput",
  "zmqTopology.refresh",
  "zmqTopology.focusTopology",
  "zmqTopology.fixAllInFile",
  "zmqTopology.groupByEndpoint",
  "zmqTopology.groupByProgram",
  "zmqTopology.goToPeer",
  "zmqTopology.copyEndpoint",
  "zmqTopology.showSocketDiagnostics",
];

describe("zmq-topology extension", () => {
  // runOffline.mjs --vsix: the extension installed from the VSIX into the server's extensions folder.
  const installedFrom = process.env.ZMQ_TOPOLOGY_VSCODE_TEST_VSIX;
  it(installedFrom ? "is loaded from the installed VSIX" : "is loaded from the extension development path", () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not among the loaded extensions`);
    assert.equal(ext.packageJSON.name, "zmq-topology");
    assert.ok(fs.existsSync(path.join(ext.extensionPath, "client", "out", "extension.js")), `no built client under ${ext.extensionPath}`);
    assert.ok(fs.existsSync(path.join(ext.extensionPath, "server", "out", "server.js")), `no built server under ${ext.extensionPath}`);
    if (installedFrom) {
      // The unpacked VSIX, not this checkout.
      const extensionsDir = process.env.ZMQ_TOPOLOGY_VSCODE_TEST_EXTENSIONS!;
      assert.equal(path.dirname(ext.extensionPath), extensionsDir, `${ext.extensionPath} is not in ${extensionsDir}`);
      assert.equal(fs.existsSync(path.join(ext.extensionPath, "test")), false, `${ext.extensionPath} has a test folder`);
      assert.equal(fs.existsSync(path.join(ext.extensionPath, "node_modules")), false, `${ext.extensionPath} has node_modules`);
    } else {
      // This checkout, with its built client and server, not some installed copy.
      assert.ok(fs.existsSync(path.join(ext.extensionPath, "test", "vscode", "suite", "index.ts")), `${ext.extensionPath} is not this repository`);
    }
  });

  it("activates and returns its API", async () => {
    const a = await api();
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)!.isActive, true);
    assert.ok(a.topology, "activate() returns no topology provider");
  });

  it("registers every command of package.json", async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    assert.deepEqual([...contributed].sort(), [...COMMANDS].sort());
    for (const c of COMMANDS) assert.ok(registered.has(c), `${c} is not registered`);
  });

  it("opens the fixture workspace", () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1);
    assert.equal(path.basename(folders[0]!.uri.path), "workspace");
  });
});
