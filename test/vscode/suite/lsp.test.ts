// The language server through VS Code's own APIs: diagnostics, hover, code actions, cross-file updates.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { api, applyQuickFix, diagnosticsWith, hoverText, publisherUri, quoteClientUri, restore, subscriberUri, waitFor } from "./helpers";

describe("language server", () => {
  let subscriber: vscode.TextDocument;
  let subscriberText: string;

  before(async () => {
    await api();
    subscriber = await vscode.workspace.openTextDocument(subscriberUri());
    subscriberText = subscriber.getText();
    await vscode.window.showTextDocument(subscriber);
  });

  afterEach(async () => {
    await restore(subscriber, subscriberText);
  });

  it("reports sub-without-subscribe on the SUB", async () => {
    const diags = await waitFor("sub-without-subscribe", () => diagnosticsWith(subscriberUri(), "sub-without-subscribe"), (d) => d.length === 1);
    assert.equal(diags[0]!.range.start.line, 4);
    assert.equal(diags[0]!.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(diags[0]!.source, "zmq-topology");
  });

  it("hovers the SUB creation with its valid peer types (PUB, XPUB)", async () => {
    const text = await waitFor("hover", () => hoverText(subscriberUri(), new vscode.Position(4, 22)), (t) => t.includes("SUB socket"));
    assert.match(text, /Valid peer types: PUB, XPUB/);
    assert.match(text, /✓ connects to PUB `ticks`/);
  });

  it("offers the subscribe quick fix, and applying it removes the diagnostic", async () => {
    const diag = (await waitFor("diagnostic", () => diagnosticsWith(subscriberUri(), "sub-without-subscribe"), (d) => d.length === 1))[0]!;
    await applyQuickFix(subscriberUri(), diag, /subscribe/i);
    assert.match(subscriber.getText(), /subscribe\(/);
    await waitFor("diagnostic gone", () => diagnosticsWith(subscriberUri(), "sub-without-subscribe"), (d) => d.length === 0);
  });

  it("offers the timeout quick fix on a REQ, and applying it adds receiveTimeout and removes the diagnostic", async () => {
    const client = await vscode.workspace.openTextDocument(quoteClientUri());
    const original = client.getText();
    try {
      const diag = (await waitFor("missing-timeout", () => diagnosticsWith(quoteClientUri(), "missing-timeout"), (d) => d.length === 1))[0]!;
      assert.equal(diag.range.start.line, 4);
      await applyQuickFix(quoteClientUri(), diag, /timeout/i);
      assert.match(client.getText(), /new Request\(\{ linger: 0, receiveTimeout: \d+/);
      await waitFor("diagnostic gone", () => diagnosticsWith(quoteClientUri(), "missing-timeout"), (d) => d.length === 0);
    } finally {
      await restore(client, original);
    }
    await waitFor("diagnostic back", () => diagnosticsWith(quoteClientUri(), "missing-timeout"), (d) => d.length === 1);
  });

  it("zmqTopology.fixAllInFile applies source.fixAll.zmqTopology to the active editor", async () => {
    await vscode.window.showTextDocument(subscriber);
    await waitFor("diagnostic", () => diagnosticsWith(subscriberUri(), "sub-without-subscribe"), (d) => d.length === 1);
    const applied = await vscode.commands.executeCommand<number>("zmqTopology.fixAllInFile");
    assert.equal(applied, 1);
    assert.match(subscriber.getText(), /subscribe\(/);
    await waitFor("diagnostic gone", () => diagnosticsWith(subscriberUri(), "sub-without-subscribe"), (d) => d.length === 0);
  });

  it("an edit of the PUB's bind in publisher.ts updates the SUB's diagnostics in subscriber.ts", async () => {
    const publisher = await vscode.workspace.openTextDocument(publisherUri());
    const original = publisher.getText();
    try {
      // Linked: no unmatched-endpoint on the SUB's connect.
      await waitFor("linked", () => vscode.languages.getDiagnostics(subscriberUri()), (d) => d.length > 0);
      assert.deepEqual(diagnosticsWith(subscriberUri(), "unmatched-endpoint"), []);
      const edit = new vscode.WorkspaceEdit();
      const at = original.indexOf("7300");
      edit.replace(publisherUri(), new vscode.Range(publisher.positionAt(at), publisher.positionAt(at + 4)), "7301");
      assert.ok(await vscode.workspace.applyEdit(edit));
      const unmatched = await waitFor("unmatched-endpoint appears", () => diagnosticsWith(subscriberUri(), "unmatched-endpoint"), (d) => d.length === 1);
      assert.equal(unmatched[0]!.range.start.line, 5);
      assert.equal(unmatched[0]!.severity, vscode.DiagnosticSeverity.Information);
      await restore(publisher, original);
      await waitFor("unmatched-endpoint disappears", () => diagnosticsWith(subscriberUri(), "unmatched-endpoint"), (d) => d.length === 0);
    } finally {
      await restore(publisher, original);
    }
  });
});
