import { fork, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PassThrough } from "node:stream";
import { pathToFileURL } from "node:url";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from "vscode-jsonrpc/node";
import type { Diagnostic, InitializeResult } from "vscode-languageserver-protocol";
import { createConnection } from "vscode-languageserver/node";
import { createServer } from "../../server/src/lsp/createServer";
import { ROOT } from "./cli";

export const SERVER_BUNDLE = path.join(ROOT, "server/out/server.js");

/** A temporary copy of a fixture folder (edits and config files must not touch the fixture). */
export function copyFixture(relative: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zmq-lsp-"));
  fs.cpSync(path.join(ROOT, relative), dir, { recursive: true });
  return fs.realpathSync(dir);
}

export function tempWorkspace(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "zmq-lsp-")));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** Where `needle` starts in `text` (plus `delta` characters), as an LSP position. */
export function positionOf(text: string, needle: string, delta = 0): { line: number; character: number } {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`${needle} not found`);
  const before = text.slice(0, offset + delta).split("\n");
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

export function uriOf(file: string): string {
  return pathToFileURL(file).href;
}

/**
 * The editor's side of the protocol, enough to drive the server: it records published diagnostics and
 * notifications, answers `workspace/configuration` from `settings`, and accepts registrations.
 */
export class TestClient {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  /** Every publication, in order. */
  readonly published: { uri: string; version?: number; diagnostics: Diagnostic[] }[] = [];
  readonly messages: string[] = [];
  topologyChanges = 0;
  /** Work-done progress values (`begin`, `report`, `end`) in order. */
  readonly progress: { kind: string; title?: string }[] = [];
  settings: Record<string, unknown> = { debounceMs: 20 };
  /** What the server registered dynamically (file watchers, configuration). */
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  private readonly listeners = new Set<() => void>();

  private constructor(readonly connection: MessageConnection, private readonly stop: () => void) {
    connection.onNotification("textDocument/publishDiagnostics", (p: { uri: string; version?: number; diagnostics: Diagnostic[] }) => {
      this.diagnostics.set(p.uri, p.diagnostics);
      this.published.push(p);
      this.changed();
    });
    connection.onNotification("zmq/topologyChanged", () => {
      this.topologyChanges++;
      this.changed();
    });
    for (const method of ["window/logMessage", "window/showMessage"]) {
      connection.onNotification(method, (p: { message: string }) => {
        this.messages.push(p.message);
        this.changed();
      });
    }
    connection.onNotification("$/progress", (p: { value: { kind: string; title?: string } }) => {
      this.progress.push(p.value);
      this.changed();
    });
    connection.onRequest("workspace/configuration", (p: { items: unknown[] }) => p.items.map(() => this.settings));
    connection.onRequest("client/registerCapability", (p: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      this.registrations.push(...p.registrations);
      return null;
    });
    connection.onRequest("window/workDoneProgress/create", () => null);
    connection.onRequest("window/showMessageRequest", () => null);
    connection.listen();
  }

  /** The server in this process, over two in-memory streams. */
  static inProcess(): TestClient {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const server = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
    createServer(server);
    server.listen();
    const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    return new TestClient(client, () => {
      client.dispose();
      server.dispose();
    });
  }

  /** The built bundle (or another copy of it) in a child process, as an editor starts it with `--stdio`. */
  static forked(bundle = SERVER_BUNDLE): TestClient {
    const child: ChildProcess = fork(bundle, ["--stdio"], { stdio: "pipe" });
    const client = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    return new TestClient(client, () => {
      client.dispose();
      child.kill();
    });
  }

  async initialize(...folders: string[]): Promise<InitializeResult> {
    const result = await this.connection.sendRequest<InitializeResult>("initialize", {
      processId: null,
      rootUri: uriOf(folders[0]!),
      workspaceFolders: folders.map((f) => ({ uri: uriOf(f), name: path.basename(f) })),
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true }, didChangeConfiguration: { dynamicRegistration: true } },
        window: { workDoneProgress: true },
        textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true } },
      },
    });
    await this.connection.sendNotification("initialized", {});
    return result;
  }

  /** Resolves once `check` returns a value other than undefined, re-checking after every message from the server. */
  waitFor<T>(what: string, check: () => T | undefined, timeoutMs = 30_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const attempt = (): boolean => {
        const value = check();
        if (value === undefined) return false;
        this.listeners.delete(listener);
        clearTimeout(timer);
        resolve(value);
        return true;
      };
      const listener = (): void => void attempt();
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`timed out waiting for ${what}; server said: ${this.messages.join(" | ")}`));
      }, timeoutMs);
      if (!attempt()) this.listeners.add(listener);
    });
  }

  /** The diagnostics of one rule in a file, once their count is `count`. */
  diagnosticsOf(file: string, rule: string, count: number): Promise<Diagnostic[]> {
    return this.waitFor(`${count} ${rule} diagnostics in ${path.basename(file)}`, () => {
      const list = this.diagnostics.get(uriOf(file));
      if (list === undefined && count > 0) return undefined;
      const mine = (list ?? []).filter((d) => d.code === rule);
      return mine.length === count ? mine : undefined;
    });
  }

  async dispose(): Promise<void> {
    try {
      await this.connection.sendRequest("shutdown");
    } finally {
      this.stop();
    }
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
