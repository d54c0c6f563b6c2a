// The topology view's provider (reached through activate()'s API), the status bar, commands that need a server.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as vscode from "vscode";
import { CloseAction } from "vscode-languageclient/node";
import { MAX_RESTARTS, RestartThenAsk } from "../../../client/src/languageClient";
import type { TopologyNode } from "../../../client/src/topologyTree";
import { api, diagnosticsWith, publisherUri, restore, subscriberUri, waitFor } from "./helpers";

const labelOf = (item: vscode.TreeItem): string => (typeof item.label === "string" ? item.label : item.label?.label ?? "");

describe("topology view", () => {
  before(async () => {
    const a = await api();
    await waitFor("first topology", () => a.model.ready, (r) => r);
  });

  afterEach(async () => {
    const a = await api();
    a.topology.setGroupBy("program");
  });

  it("has the programs as root children", async () => {
    const { topology } = await api();
    const roots = await waitFor("programs", () => topology.getChildren(), (r) => r.length === 4);
    assert.deepEqual(roots.map((n) => n.kind), ["program", "program", "program", "program"]);
    assert.deepEqual(roots.map((n) => labelOf(topology.getTreeItem(n))), ["src/publisher", "src/quoteClient", "src/quoteServer", "src/subscriber"]);
  });

  it("shows program → socket → endpoint → peer with stable ids and problem counts", async () => {
    const { topology } = await api();
    const roots = await topology.getChildren();
    const program = roots.find((n) => labelOf(topology.getTreeItem(n)) === "src/subscriber")!;
    const [socket] = await topology.getChildren(program);
    assert.ok(socket);
    const socketItem = topology.getTreeItem(socket);
    assert.equal(labelOf(socketItem), "SUB ticks");
    assert.match(String(socketItem.description), /src\/subscriber\.ts:5 · 1 problem$/);
    assert.equal(socketItem.contextValue, "zmqSocket.problems");
    assert.equal(((socketItem.iconPath as vscode.ThemeIcon).color as unknown as { id: string } | undefined)?.id, "problemsWarningIcon.foreground");
    assert.equal(socketItem.command?.command, "vscode.open");
    const [endpoint] = await topology.getChildren(socket);
    assert.equal(labelOf(topology.getTreeItem(endpoint!)), "connect tcp://127.0.0.1:7300");
    const [peer] = await topology.getChildren(endpoint);
    const peerItem = topology.getTreeItem(peer!);
    assert.equal(labelOf(peerItem), "✓ PUB ticks");
    assert.match(String(peerItem.description), /src\/publisher\.ts:4$/);
    // The same ids after a refresh: VS Code keeps the expansion state.
    const again = await topology.getChildren((await topology.getChildren()).find((n) => n.id === program.id));
    assert.equal(again[0]!.id, socket.id);
  });

  it("groups by endpoint after zmqTopology.groupByEndpoint", async () => {
    const { topology } = await api();
    await vscode.commands.executeCommand("zmqTopology.groupByEndpoint");
    const roots = await topology.getChildren();
    assert.deepEqual(roots.map((n) => labelOf(topology.getTreeItem(n))), ["tcp://127.0.0.1:7300", "tcp://127.0.0.1:7310"]);
    const sockets = await topology.getChildren(roots[0]);
    assert.deepEqual(sockets.map((n) => [labelOf(topology.getTreeItem(n)), (n as Extract<TopologyNode, { kind: "socket" }>).role]), [
      ["PUB ticks", "bind"],
      ["SUB ticks", "connect"],
    ]);
    await vscode.commands.executeCommand("zmqTopology.groupByProgram");
    assert.equal((await topology.getChildren())[0]!.kind, "program");
  });

  it("shows socket and problem counts in the status bar", async () => {
    const { status } = await api();
    await waitFor("status", () => status.text, (t) => t === "$(type-hierarchy) ZeroMQ 4 $(error) 0 $(warning) 2");
  });

  it("re-renders on zmq/topologyChanged only while visible, and once it becomes visible", async () => {
    const a = await api();
    // Hide the view: show the Explorer in the side bar.
    await vscode.commands.executeCommand("workbench.view.explorer");
    const publisher = await vscode.workspace.openTextDocument(publisherUri());
    const original = publisher.getText();
    try {
      const before = a.topology.renders;
      const announced = new Promise<void>((resolve) => {
        const d = a.model.onDidAnnounce(() => {
          d.dispose();
          resolve();
        });
      });
      const edit = new vscode.WorkspaceEdit();
      edit.insert(publisherUri(), new vscode.Position(publisher.lineCount, 0), "// touched by the test\n");
      await vscode.workspace.applyEdit(edit);
      await announced;
      assert.equal(a.topology.renders, before, "the hidden view re-rendered");
      await vscode.commands.executeCommand("zmqTopology.focusTopology");
      await waitFor("render after becoming visible", () => a.topology.renders, (n) => n === before + 1);
    } finally {
      await restore(publisher, original);
    }
  });

  it("context-menu commands: go to peer, copy endpoint, show diagnostics for this socket", async () => {
    const { topology } = await api();
    const program = (await topology.getChildren()).find((n) => n.kind === "program" && n.name === "src/subscriber")!;
    const [socket] = await topology.getChildren(program);
    const [endpoint] = await topology.getChildren(socket);
    const [peer] = await topology.getChildren(endpoint);
    await vscode.commands.executeCommand("zmqTopology.goToPeer", peer);
    await waitFor("publisher.ts active", () => vscode.window.activeTextEditor?.document.uri.toString(), (u) => u === publisherUri().toString());
    assert.equal(vscode.window.activeTextEditor!.selection.start.line, 3);
    // From the socket itself: its only peer.
    await vscode.window.showTextDocument(subscriberUri());
    await vscode.commands.executeCommand("zmqTopology.goToPeer", socket);
    await waitFor("publisher.ts active", () => vscode.window.activeTextEditor?.document.uri.toString(), (u) => u === publisherUri().toString());
    await vscode.commands.executeCommand("zmqTopology.copyEndpoint", endpoint);
    assert.equal(await vscode.env.clipboard.readText(), "tcp://127.0.0.1:7300");
    await vscode.commands.executeCommand("zmqTopology.showSocketDiagnostics", socket);
    await waitFor("subscriber.ts active", () => vscode.window.activeTextEditor?.document.uri.toString(), (u) => u === subscriberUri().toString());
    assert.equal(vscode.window.activeTextEditor!.selection.start.line, 4);
  });

  it("the crash handler restarts the server a few times, then gives up and asks", () => {
    let gaveUp = 0;
    let t = 0;
    const handler = new RestartThenAsk(() => gaveUp++, () => (t += 1000));
    for (let i = 0; i < MAX_RESTARTS; i++) assert.equal(handler.closed().action, CloseAction.Restart);
    assert.equal(handler.closed().action, CloseAction.DoNotRestart);
    assert.equal(gaveUp, 1);
  });

  it("restarts the server when it crashes", async () => {
    const a = await api();
    const before = serverPids();
    assert.equal(before.length, 1, `expected one server process of this extension host, found ${JSON.stringify(before)}`);
    process.kill(before[0]!, "SIGKILL");
    const after = await waitFor("a new server process", () => serverPids(), (p) => p.length === 1 && p[0] !== before[0]);
    assert.notEqual(after[0], before[0]);
    await waitFor("client running", () => a.client().isRunning(), (r) => r);
    await waitFor("diagnostics after the crash", () => diagnosticsWith(subscriberUri(), "sub-without-subscribe"), (d) => d.length === 1);
    await waitFor("topology after the crash", () => a.model.ready, (r) => r);
    await waitFor("status after the crash", () => a.status.text, (t) => t === "$(type-hierarchy) ZeroMQ 4 $(error) 0 $(warning) 2");
    assert.equal((await a.topology.getChildren()).length, 4);
  });

  it("zmqTopology.restartServer starts a new server that publishes again", async () => {
    const a = await api();
    const old = a.client();
    await vscode.commands.executeCommand("zmqTopology.restartServer");
    assert.notEqual(a.client(), old);
    assert.ok(a.client().isRunning());
    await waitFor("topology after restart", () => a.model.ready, (r) => r);
    await waitFor("diagnostics after restart", () => diagnosticsWith(subscriberUri(), "sub-without-subscribe"), (d) => d.length === 1);
  });
});

/** The language servers this extension host forked (Linux /proc: the client passes --clientProcessId=<our pid>). */
function serverPids(): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string;
    try {
      cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8");
    } catch {
      continue;
    }
    const args = cmdline.split("\0");
    if (args.some((x) => x.endsWith("server/out/server.js")) && args.includes(`--clientProcessId=${process.pid}`)) pids.push(Number(entry));
  }
  return pids;
}
