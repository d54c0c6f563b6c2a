// Runs last (files run in name order): opens the topology view and a hover for `--screenshot`, and asks the
// runner for the picture while the extension host still runs (after the suite, the server and view are gone).
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as vscode from "vscode";
import { api, subscriberUri, waitFor } from "./helpers";

describe("workbench", () => {
  it("shows the topology view and a hover on the SUB", async () => {
    const a = await api();
    await vscode.commands.executeCommand("zmqTopology.focusTopology");
    const editor = await vscode.window.showTextDocument(subscriberUri());
    // Cursor on `ticks` (outside the diagnostic's range, so the hover is the socket's own).
    const at = new vscode.Position(4, 10);
    editor.selection = new vscode.Selection(at, at);
    await waitFor("programs", () => a.topology.getChildren(), (r) => r.length === 4);
    a.topology.refresh();
    await waitFor("status", () => a.status.text, (t) => t.startsWith("$(type-hierarchy) ZeroMQ 4"));
    await vscode.commands.executeCommand("editor.action.showHover");
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), subscriberUri().toString());
    const screenshot = process.env.ZMQ_TOPOLOGY_VSCODE_TEST_SCREENSHOT;
    if (screenshot) {
      // Let the hover request come back before the picture: the hover provider answers in a few ms.
      await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", subscriberUri(), at);
      console.log("zmq-topology-vscode-test:screenshot-now");
      await waitFor("screenshot", () => fs.existsSync(screenshot), (e) => e, 15_000);
    }
  });
});
