import * as fs from "node:fs";
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentFormattingRequest,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
  WatchKind,
  type CodeAction,
  type Connection,
  type Definition,
  type InitializeParams,
  type InitializeResult,
} from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { FindingsCache } from "../analysis/check";
import type { AnalysisConfig } from "../analysis/config";
import type { Finding } from "../analysis/diagnostics";
import { SocketGraph } from "../analysis/graph";
import { isSkippedUnder, loadPathsInChunks, loadWithLocalImports, readSourceText } from "../analysis/loader";
import { dirname, isSourceFile, joinPath } from "../analysis/paths";
import { socketsAt } from "../analysis/socketAt";
import { isTopologyFile } from "../analysis/topologyFile/discovery";
import { driftReport, type DriftReport } from "../analysis/topologyFile/drift";
import { declarationOf, type CodeFacts } from "../analysis/topologyFile/languageService";
import type { GraphSnapshot, ZmqSocket } from "../analysis/model";
import type { DeclaredTopology } from "../analysis/topologyFile/declared";
import { TopologyChangedNotification, TopologyRequest } from "../protocol";
import { addTimeoutsRefactor, fixAll, FIX_ALL_KIND, quickFixes, type ActionContext } from "./codeActions";
import { DiagnosticsPublisher } from "./diagnostics";
import { socketHover, type DeclarationNote } from "./hover";
import { DEFAULT_DEBOUNCE_MS, Settings } from "./settings";
import { topologyView } from "./topology";
import { codeToDeclaration, topologyCompletions, topologyDefinition, topologyFormatting, topologyHover, topologySymbols } from "./topologyFeatures";
import { TopologyFiles, topologyFileFindings } from "./topologyFiles";
import { fileToUri, uriToFile } from "./uris";

const WATCHED_SOURCES = "**/*.{ts,tsx,js,jsx,mjs,cjs,mts,cts}";
const WATCHED_PACKAGES = "**/package.json";
const WATCHED_CONFIG = "**/zmq-topology.json";
const WATCHED_GITIGNORE = "**/.gitignore";
const WATCHED_TOPOLOGIES = "**/*.zmqtopo";
/** Anything created or deleted: VS Code may report a folder created, deleted or moved as one event for the folder only. */
const WATCHED_FOLDERS = "**/*";
/** Files read between two turns of the event loop during a scan, so requests are answered meanwhile. */
const SCAN_CHUNK_FILES = 100;

interface Folder {
  uri: string;
  path: string;
  /** `zmqTopology.exclude` of this folder, relative to it. */
  exclude: string[];
  /** `zmqTopology.topologyFile` of this folder ("" for the `*.zmqtopo` at its root). */
  topologyFile: string;
}

/**
 * Wires the analysis to a connection: the workspace folders are read from disk into one graph, open
 * documents overlay the disk, and every change recomputes the findings of the whole workspace, since a
 * bind in one file and a connect in another make one link.
 */
export function createServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  let graph = new SocketGraph({ readText: readDiskText });
  /** Until the first scan ends: the open documents and what they import, so hovers answer at once. */
  let early: SocketGraph | undefined;
  /** Files the watcher reported while a scan was reading the disk: read again once it ends. */
  let changedDuringScan: Set<string> | undefined;
  let folders: Folder[] = [];
  let ready = false;
  let rebuilds = 0;
  let canPullSettings = false;
  let canRegisterWatchers = false;
  let canRegisterConfiguration = false;
  let supportsFolderEvents = false;
  let canRegisterFormatting = false;

  /** Bumped by every change; a computation publishes only if no newer change came while it awaited settings. */
  let generation = 0;
  /** The generation `findings` were computed at. */
  let computedGeneration = -1;
  let findings: Finding[] = [];
  const findingsCache = new FindingsCache();
  /** The texts the fixes of `findings` were computed on: their offsets hold only while a file still has that text. */
  let fixedTexts = new Map<string, string>();
  let debounceMs = DEFAULT_DEBOUNCE_MS;
  let timer: NodeJS.Timeout | undefined;
  /** `isSkipped` answers, kept while the workspace is unchanged: it reads .gitignore files (a keystroke asks it too). */
  const skippedCache = new Map<string, boolean>();

  const settings = new Settings(connection, () => canPullSettings, (uri) => folderOfUri(uri)?.path);
  /** Topology files that could not be read, each logged once until it reads again. */
  const unreadableTopologies = new Set<string>();
  const topologies = new TopologyFiles((file) => openDocument(file)?.getText(), readTopologyText, (m) => settings.warn(m));

  function readTopologyText(file: string): string | undefined {
    const read = readSourceText(file);
    if ("text" in read) {
      unreadableTopologies.delete(file);
      return read.text;
    }
    // A topology file that does not exist is simply not there; anything else is worth a line.
    if (!read.problem.message.includes("ENOENT") && !unreadableTopologies.has(file)) {
      unreadableTopologies.add(file);
      logError(`zmq-topology: topology file ${file}: ${read.problem.message}`);
    }
    return undefined;
  }
  const publisher = new DiagnosticsPublisher(connection, (file) => {
    const doc = openDocument(file);
    return doc && { uri: doc.uri, version: doc.version };
  });

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    canPullSettings = caps.workspace?.configuration === true;
    canRegisterWatchers = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    canRegisterConfiguration = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    supportsFolderEvents = caps.workspace?.workspaceFolders === true;
    canRegisterFormatting = caps.textDocument?.formatting?.dynamicRegistration === true;
    const initial = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: "" }] : []);
    folders = initial.flatMap((f) => {
      const path = uriToFile(f.uri);
      return path === undefined ? [] : [{ uri: f.uri, path, exclude: [], topologyFile: "" }];
    });
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        definitionProvider: true,
        documentSymbolProvider: true,
        // Topology files only; `:` after a role, `.` in a link, `>` of `->`, `/` in an endpoint.
        completionProvider: { triggerCharacters: [":", ".", ">", "/"] },
        // Dynamically for zmqtopo documents where the client can, so the server never competes with a TS formatter.
        ...(canRegisterFormatting ? {} : { documentFormattingProvider: true }),
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, FIX_ALL_KIND] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: "zmq-topology" },
    };
  });

  connection.onInitialized(() => {
    if (canRegisterWatchers) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: WATCHED_SOURCES }, { globPattern: WATCHED_PACKAGES }, { globPattern: WATCHED_CONFIG }, { globPattern: WATCHED_GITIGNORE }, { globPattern: WATCHED_TOPOLOGIES }, { globPattern: WATCHED_FOLDERS, kind: WatchKind.Create | WatchKind.Delete }] });
    }
    if (canRegisterConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, undefined);
    if (canRegisterFormatting) void connection.client.register(DocumentFormattingRequest.type, { documentSelector: [{ language: "zmqtopo" }, { pattern: WATCHED_TOPOLOGIES }] });
    if (supportsFolderEvents) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        const removed = new Set(event.removed.map((f) => f.uri));
        folders = folders.filter((f) => !removed.has(f.uri));
        for (const f of event.added) {
          const path = uriToFile(f.uri);
          if (path !== undefined) folders.push({ uri: f.uri, path, exclude: [], topologyFile: "" });
        }
        void rebuild();
      });
    }
    void rebuild();
  });

  /**
   * Reads every folder from disk into a new graph, in chunks that let requests through, then overlays the
   * open documents. A newer rebuild supersedes this one.
   */
  async function rebuild(): Promise<void> {
    const attempt = ++rebuilds;
    const superseded = (): boolean => attempt !== rebuilds;
    let progress: Awaited<ReturnType<typeof connection.window.createWorkDoneProgress>> | undefined;
    try {
      // Inside the try: the client may go away while this waits (a rejected promise here must not be fatal).
      progress = await connection.window.createWorkDoneProgress();
      progress.begin("ZeroMQ topology", 0, "reading the workspace", false);
      const scopes = await Promise.all(folders.map((f) => settings.get(f.uri)));
      debounceMs = scopes[0]?.debounceMs ?? DEFAULT_DEBOUNCE_MS;
      if (superseded()) return;
      const next = new SocketGraph({ readText: readDiskText });
      skippedCache.clear();
      changedDuringScan = new Set();
      let filesRead = 0;
      topologies.invalidate();
      for (const [i, folder] of folders.entries()) {
        folder.exclude = scopes[i]!.exclude;
        folder.topologyFile = scopes[i]!.topologyFile;
        const load = await loadPathsInChunks(next, [folder.path], {
          exclude: folder.exclude,
          chunkFiles: SCAN_CHUNK_FILES,
          pause: () => new Promise((resolve) => setImmediate(resolve)),
          cancelled: superseded,
          onProgress: (n) => progress?.report(`${filesRead + n} files read`),
        });
        if (superseded()) return;
        filesRead += load.files;
        for (const problem of load.problems) connection.console.log(`zmq-topology: ${problem.file}: ${problem.message}`);
      }
      // From here on nothing awaits: document and file events wait until the new graph is in place.
      progress.report(`analyzing ${filesRead} files`);
      next.analyzeAll();
      for (const file of changedDuringScan) syncFromDisk(next, file);
      changedDuringScan = undefined;
      graph = next;
      early = undefined;
      ready = true;
      for (const doc of documents.all()) syncDocument(doc);
      schedule(0);
    } catch (err) {
      logError(`zmq-topology: reading the workspace failed: ${(err as Error).stack ?? String(err)}`);
    } finally {
      try {
        progress?.done();
      } catch {
        // The client is gone: nothing to tell it.
      }
    }
  }

  /** The graph requests use: the workspace's, or before the first scan ends, the open documents'. */
  function currentGraph(): SocketGraph {
    if (ready) return graph;
    if (!early) {
      early = new SocketGraph({ readText: readDiskText });
      const texts = new Map<string, string>();
      for (const doc of documents.all()) {
        const file = uriToFile(doc.uri);
        if (file !== undefined && isAnalyzed(file)) texts.set(file, doc.getText());
      }
      loadWithLocalImports(early, texts);
      early.analyzeAll();
    }
    return early;
  }

  function schedule(delay = debounceMs): void {
    generation++;
    if (timer) clearTimeout(timer);
    const scheduled = generation;
    timer = setTimeout(() => {
      timer = undefined;
      void recompute(scheduled);
    }, delay);
  }

  async function recompute(scheduled: number): Promise<void> {
    try {
      const scopes = await Promise.all(folders.map((f) => settings.get(f.uri)));
      // An edit that arrived while the settings were fetched has scheduled a newer computation.
      if (scheduled !== generation) return;
      for (const [i, folder] of folders.entries()) folder.topologyFile = scopes[i]!.topologyFile;
      findings = checkWorkspace(scopes.map((s) => s.config));
      fixedTexts = new Map();
      for (const finding of findings) {
        for (const edit of finding.fixes?.flatMap((fix) => fix.edits) ?? []) {
          const text = graph.sourceFile(edit.file)?.text ?? (isTopologyFile(edit.file) ? topologies.get(edit.file)?.text : undefined);
          if (text !== undefined) fixedTexts.set(edit.file, text);
        }
      }
      computedGeneration = scheduled;
      publisher.publish([...findings, ...topologyFileDiagnostics()]);
      void connection.sendNotification(TopologyChangedNotification, { generation: scheduled });
    } catch (err) {
      logError(`zmq-topology: analysis failed: ${(err as Error).stack ?? String(err)}`);
    }
  }

  /** Each folder's rules apply to its own files; files outside every folder use the first folder's rules. */
  function checkWorkspace(configs: AnalysisConfig[]): Finding[] {
    const snapshot = graph.snapshot();
    const onRuleError = (rule: string, err: unknown, files: readonly string[]): void =>
      logError(`zmq-topology: rule ${rule} failed on ${files.join(", ")} and was skipped there: ${(err as Error).message}`);
    // Folders with the same rules share one run, and an unchanged snapshot reuses the last one.
    const run = (config: AnalysisConfig | undefined, topology: DeclaredTopology | undefined): Finding[] =>
      findingsCache.findings(snapshot, graph, { config, onRuleError, ...(topology ? { topology } : {}) });
    if (folders.length <= 1) return run(configs[0], folders[0] && topologyOf(folders[0]));
    const ownerOf = (file: string): number => {
      const folder = folderOfFile(file);
      return folder ? folders.indexOf(folder) : 0;
    };
    return folders.flatMap((folder, i) => run(configs[i], topologyOf(folder)).filter((f) => ownerOf(f.location.file) === i));
  }

  function topologyOf(folder: Folder): DeclaredTopology | undefined {
    return topologies.forFolder(folder.path, folder.topologyFile);
  }

  /** The errors of every topology file in effect or open, whether or not drift is checked. */
  function topologyFileDiagnostics(): Finding[] {
    const files = new Set([...topologies.filesInEffect(), ...documents.all().map((d) => uriToFile(d.uri)).filter((f): f is string => f !== undefined && isTopologyFile(f))]);
    return [...files].flatMap((file) => {
      const topology = topologies.get(file);
      return topology ? topologyFileFindings(topology) : [];
    });
  }

  /** What the editor of a topology file knows of the code: the snapshot, and how the file compares with it. */
  function factsFor(file: string): { topology: DeclaredTopology; facts: CodeFacts } | undefined {
    const topology = topologies.get(file, folderOfFile(file)?.path);
    if (!topology) return undefined;
    const snapshot = currentGraph().snapshot();
    return { topology, facts: { snapshot, report: driftReport(topology, snapshot), base: dirname(file) } };
  }

  function syncDocument(doc: TextDocument): void {
    const file = uriToFile(doc.uri);
    if (file === undefined || !isAnalyzed(file)) return;
    graph.update(file, doc.getText());
  }

  documents.onDidChangeContent(({ document }) => {
    if (isTopologyFile(uriToFile(document.uri) ?? "")) {
      if (ready) schedule();
      return;
    }
    if (!ready) {
      early = undefined;
      return;
    }
    syncDocument(document);
    schedule();
  });

  documents.onDidClose(({ document }) => {
    early = undefined;
    const file = uriToFile(document.uri);
    if (ready && file !== undefined && isTopologyFile(file)) schedule();
    if (!ready || file === undefined || !isAnalyzed(file)) return;
    // The editor's buffer is gone: the disk is the truth again.
    syncFromDisk(graph, file);
    schedule();
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    for (const change of changes) {
      const file = uriToFile(change.uri);
      if (file !== undefined) changedDuringScan?.add(file);
    }
    if (!ready) return;
    skippedCache.clear();
    // A .gitignore decides which files are read at all: read the workspace again, as for an exclude change.
    if (changes.some((c) => uriToFile(c.uri)?.endsWith("/.gitignore"))) {
      void rebuild();
      return;
    }
    // Folders holding analyzed files, built once per notification: most deletions the catch-all watcher
    // reports (build output, images) are of nothing the analysis knows, and must cost nothing.
    let knownFolders: Set<string> | undefined;
    const holdsKnownFiles = (folder: string): boolean => {
      if (!knownFolders) {
        knownFolders = new Set();
        const files = [...graph.ws.filePaths(), ...[...graph.ws.packageDirs()].map((dir) => joinPath(dir, "package.json"))];
        for (const known of files) for (let dir = dirname(known); !knownFolders.has(dir) && dir !== dirname(dir); dir = dirname(dir)) knownFolders.add(dir);
      }
      return knownFolders.has(folder);
    };
    for (const change of changes) {
      const file = uriToFile(change.uri);
      if (file === undefined) continue;
      if (file.endsWith("/zmq-topology.json")) {
        settings.clear();
      } else if (isTopologyFile(file)) {
        // Which file is in effect may change (one created or deleted); its text is read when used.
        topologies.invalidate();
      } else if (!isSourceFile(file) && !file.endsWith("/package.json") &&
          (isSkipped(`${file}/`) || !(change.type === FileChangeType.Deleted ? holdsKnownFiles(file) : isFolder(file)))) {
        // Not a file the analysis reads, nor a folder (outside node_modules and ignored ones) that held or brings such files.
        continue;
      } else if (change.type === FileChangeType.Deleted && isAnalyzed(file) && !openDocument(file)) {
        graph.remove(file);
      } else {
        syncFromDisk(graph, file);
      }
    }
    schedule();
  });

  connection.onDidChangeConfiguration(() => {
    settings.clear();
    void (async () => {
      const now = await Promise.all(folders.map((f) => settings.get(f.uri)));
      debounceMs = now[0]?.debounceMs ?? DEFAULT_DEBOUNCE_MS;
      // A different exclude list changes which files are read: read the workspace again.
      if (folders.some((f, i) => JSON.stringify(f.exclude) !== JSON.stringify(now[i]?.exclude))) await rebuild();
      else schedule(0);
    })();
  });

  connection.onHover(({ textDocument, position }) => {
    const file = uriToFile(textDocument.uri);
    if (file === undefined) return null;
    if (isTopologyFile(file)) {
      const at = factsFor(file);
      return at ? topologyHover(at.topology, position, at.facts) : null;
    }
    const hovered = currentGraph();
    const snapshot = hovered.snapshot();
    const socket = socketsAt(snapshot, hovered, file, position.line + 1, position.character + 1)[0];
    return socket ? socketHover(socket, snapshot, declarationNote(file, socket, snapshot)) : null;
  });

  connection.onCodeAction((params) => {
    const file = uriToFile(params.textDocument.uri);
    if (file === undefined) return [];
    const sources = currentGraph();
    const uriOf = (f: string): string => openDocument(f)?.uri ?? fileToUri(f);
    const editorText = (f: string): string | undefined => openDocument(f)?.getText() ?? sources.sourceFile(f)?.text ?? (isTopologyFile(f) ? topologies.get(f)?.text : undefined);
    const positionsIn = (f: string): ((offset: number) => { line: number; character: number }) | undefined => {
      const topology = isTopologyFile(f) ? topologies.get(f) : undefined;
      if (!topology) return undefined;
      return (offset) => {
        const at = topology.location({ start: offset, end: offset });
        return { line: at.line - 1, character: at.column - 1 };
      };
    };
    // Fixes come from the last computation; the refactor from the graph, which follows every edit at once.
    const findingsContext: ActionContext = { sources, uriOf, isCurrent: (f) => fixedTexts.get(f) === editorText(f), positionsIn };
    const graphContext: ActionContext = { sources, uriOf, isCurrent: (f) => sources.sourceFile(f)?.text === editorText(f) };
    const inFile = findings.filter((f) => f.location.file === file);
    const actions: CodeAction[] = quickFixes(params, inFile, findingsContext);
    const all = fixAll(inFile, findingsContext);
    if (all) actions.push(all);
    const { start } = params.range;
    const socket = socketsAt(sources.snapshot(), sources, file, start.line + 1, start.character + 1)[0];
    const refactor = socket && addTimeoutsRefactor(socket, graphContext);
    if (refactor) actions.push(refactor);
    const only = params.context.only;
    return only ? actions.filter((a) => only.some((kind) => a.kind === kind || a.kind?.startsWith(`${kind}.`))) : actions;
  });

  /** For a socket's hover: its declaration in the folder's topology file, with the drift found at its creation. */
  function declarationNote(file: string, socket: ZmqSocket, snapshot: GraphSnapshot): DeclarationNote | undefined {
    const folder = folderOfFile(file);
    const topology = folder && topologyOf(folder);
    if (!topology) return undefined;
    const declared = declarationOf(driftReport(topology, snapshot), socket);
    if (!declared) return undefined;
    const drift = findings.filter((f) => f.rule === "topology-drift" && f.location.file === socket.location.file &&
      f.location.line === socket.location.line && f.location.column === socket.location.column).map((f) => f.message);
    return { name: `${declared.component.name.value}.${declared.socket.role.value}`, location: topology.location(declared.socket.role.span), drift };
  }

  connection.onCompletion(({ textDocument, position }) => {
    const file = uriToFile(textDocument.uri);
    if (file === undefined || !isTopologyFile(file)) return null;
    const at = factsFor(file);
    return at ? topologyCompletions(at.topology, position, at.facts) : null;
  });

  connection.onDefinition(({ textDocument, position }): Definition | null => {
    const file = uriToFile(textDocument.uri);
    if (file === undefined) return null;
    if (isTopologyFile(file)) {
      const at = factsFor(file);
      return at ? topologyDefinition(at.topology, position, at.facts, textDocument.uri) : null;
    }
    // From a socket in code to its declaration in the topology file its folder is checked against.
    const folder = folderOfFile(file);
    const topology = folder && topologyOf(folder);
    if (!topology) return null;
    const sources = currentGraph();
    const snapshot = sources.snapshot();
    const socket = socketsAt(snapshot, sources, file, position.line + 1, position.character + 1)[0];
    return socket ? codeToDeclaration(topology, driftReport(topology, snapshot), socket, openDocument(topology.file)?.uri) : null;
  });

  connection.onDocumentSymbol(({ textDocument }) => {
    const file = uriToFile(textDocument.uri);
    if (file === undefined || !isTopologyFile(file)) return null;
    const topology = topologies.get(file);
    return topology ? topologySymbols(topology) : null;
  });

  connection.onDocumentFormatting(({ textDocument }) => {
    const file = uriToFile(textDocument.uri);
    if (file === undefined || !isTopologyFile(file)) return null;
    const topology = topologies.get(file);
    return topology ? topologyFormatting(topology) : null;
  });

  connection.onRequest(TopologyRequest, () => {
    const snapshot = graph.snapshot();
    const declarations = new Map<string, { topology: DeclaredTopology; report: DriftReport }>();
    for (const folder of folders) {
      const topology = topologyOf(folder);
      if (topology) declarations.set(topology.file, { topology, report: driftReport(topology, snapshot) });
    }
    return topologyView(snapshot, findings, computedGeneration, [...declarations.values()]);
  });

  connection.onShutdown(() => {
    if (timer) clearTimeout(timer);
  });

  /** Brings `file` in `target` in line with the disk: a package.json, a source file nobody has open, or a folder. */
  function syncFromDisk(target: SocketGraph, file: string): void {
    if (!isSourceFile(file) && !file.endsWith("/package.json")) {
      syncFolder(target, file);
      return;
    }
    if (file.endsWith("/package.json")) {
      if (isSkipped(file)) return;
      const read = readSourceText(file);
      target.updatePackageJson(dirname(file), "text" in read ? read.text : undefined);
      return;
    }
    if (!isAnalyzed(file) || openDocument(file)) return;
    const read = readSourceText(file);
    if ("text" in read) target.update(file, read.text);
    else if (read.problem.message.includes("ENOENT")) target.remove(file);
    else target.update(file, "", read.problem);
  }

  /**
   * The watchers match files only, yet VS Code may report a folder deleted, created or moved as one event
   * for the folder and none for the files in it (microsoft/vscode#109754): without this, a deleted folder's
   * files stayed in the graph with their diagnostics. Syncs every file known under it and every file now in it.
   */
  function syncFolder(target: SocketGraph, folder: string): void {
    const inside = (p: string): boolean => p.startsWith(`${folder}/`);
    const paths = new Set<string>([...target.ws.filePaths()].filter(inside));
    for (const dir of target.ws.packageDirs()) if (dir === folder || inside(dir)) paths.add(joinPath(dir, "package.json"));
    for (const file of filesOnDisk(folder)) paths.add(file);
    for (const file of paths) if (isSourceFile(file) || file.endsWith("/package.json")) syncFromDisk(target, file);
  }

  /** Source files and package.json files under `folder`, as the loader would read them (none if it is gone). */
  function filesOnDisk(folder: string): string[] {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch {
      return [];
    }
    const found: string[] = [];
    for (const entry of entries) {
      const full = joinPath(folder, entry.name);
      // Symbolic links to folders are not followed, as the loader does not; skipped folders are not walked.
      if (entry.isDirectory()) {
        if (!isSkipped(`${full}/`)) found.push(...filesOnDisk(full));
      } else if (entry.name === "package.json" || isSourceFile(full)) {
        found.push(full);
      }
    }
    return found;
  }

  /** A source file the loader would read: not in node_modules, not ignored by git or the folder's exclude setting. */
  function isAnalyzed(file: string): boolean {
    return isSourceFile(file) && !isSkipped(file);
  }

  function isSkipped(file: string): boolean {
    let skipped = skippedCache.get(file);
    if (skipped === undefined) {
      const folder = folderOfFile(file);
      skipped = folder === undefined ? /\/(node_modules|\.git)\//.test(file) : isSkippedUnder(folder.path, file, folder.exclude);
      skippedCache.set(file, skipped);
    }
    return skipped;
  }

  function folderOfFile(file: string): Folder | undefined {
    let best: Folder | undefined;
    for (const f of folders) if (file.startsWith(`${f.path}/`) && (!best || f.path.length > best.path.length)) best = f;
    return best;
  }

  function folderOfUri(uri: string): Folder | undefined {
    const file = uriToFile(uri);
    return folders.find((f) => f.uri === uri) ?? (file === undefined ? undefined : folderOfFile(file));
  }

  function openDocument(file: string): TextDocument | undefined {
    return documents.all().find((d) => uriToFile(d.uri) === file);
  }

  function isFolder(path: string): boolean {
    try {
      return fs.statSync(path).isDirectory();
    } catch {
      return false;
    }
  }

  /** Logs through the connection; once the client is gone there is nobody to tell, and that is not an error. */
  function logError(message: string): void {
    try {
      connection.console.error(message);
    } catch {
      // The connection is disposed.
    }
  }

  documents.listen(connection);
}

function readDiskText(file: string): string | undefined {
  const read = readSourceText(file);
  return "text" in read ? read.text : undefined;
}
