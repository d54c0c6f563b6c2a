import * as vscode from "vscode";
import type { ZmqTopologyApi } from "../../../client/src/extension";

export const EXTENSION_ID = "zmq-topology.zmq-topology";

/** Polls `produce` until `ok` holds (never a fixed sleep). */
export async function waitFor<T>(what: string, produce: () => T | Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await produce();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`waitFor(${what}) timed out; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function api(): Promise<ZmqTopologyApi> {
  const ext = vscode.extensions.getExtension<ZmqTopologyApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded`);
  return ext.activate();
}

export const root = (): vscode.Uri => vscode.workspace.workspaceFolders![0]!.uri;
export const subscriberUri = (): vscode.Uri => vscode.Uri.joinPath(root(), "src", "subscriber.ts");
export const publisherUri = (): vscode.Uri => vscode.Uri.joinPath(root(), "src", "publisher.ts");
export const quoteClientUri = (): vscode.Uri => vscode.Uri.joinPath(root(), "src", "quoteClient.ts");

export function codeOf(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === "object" ? d.code.value : d.code;
}

/** Every hover VS Code's providers give at a position, as one markdown text. */
export async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", uri, position)) ?? [];
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === "string" ? c : c.value))).join("\n");
}

export function diagnosticsWith(uri: vscode.Uri, code: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => codeOf(d) === code);
}

/** Asks VS Code for the code actions at `diag`, finds the quick fix whose title matches, and applies it. */
export async function applyQuickFix(uri: vscode.Uri, diag: vscode.Diagnostic, title: RegExp): Promise<void> {
  const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", uri, diag.range)) ?? [];
  const fix = actions.find((a) => a.kind?.value === "quickfix" && title.test(a.title) && a.edit);
  if (!fix) throw new Error(`no quick fix matching ${title} among ${JSON.stringify(actions.map((a) => a.title))}`);
  if (!(await vscode.workspace.applyEdit(fix.edit!))) throw new Error(`VS Code refused the edit of "${fix.title}"`);
}

/**
 * The suite runs on the repository's own fixture folder: edits stay in unsaved buffers and every test puts the
 * original text back (then saves it, which leaves the file on disk byte for byte as it was).
 */
export async function restore(doc: vscode.TextDocument, original: string): Promise<void> {
  if (doc.getText() !== original) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), original);
    await vscode.workspace.applyEdit(edit);
  }
  if (doc.isDirty) await doc.save();
}
