// Restricted Mode (an untrusted folder): the extension declares itself safe there, since it only reads
// code, so everything a user sees still works. Runs only under runOffline.mjs --restricted.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { api, diagnosticsWith, hoverText, subscriberUri, waitFor } from "./helpers";

describe("restricted mode (untrusted workspace)", () => {
  it("the folder is untrusted, and the extension still reports, hovers and shows the topology", async () => {
    assert.equal(vscode.workspace.isTrusted, false, "the run must open the folder in Restricted Mode");
    const a = await api();
    const diags = await waitFor("sub-without-subscribe", () => diagnosticsWith(subscriberUri(), "sub-without-subscribe"), (d) => d.length === 1);
    assert.equal(diags[0]!.range.start.line, 4);
    assert.match(await hoverText(subscriberUri(), new vscode.Position(4, 22)), /Valid peer types: PUB, XPUB/);
    await waitFor("topology", () => a.topology.getChildren(), (r) => r.length === 4);
  });
});
