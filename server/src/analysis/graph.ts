import { locationOf } from "./ast";
import { ComponentIndex } from "./components";
import { Evaluator } from "./evaluate";
import { neverInOneProcess } from "./exclusive";
import { AnalysisBudgetExceeded, extractFile, type FileFacts } from "./fileFacts";
import type { SocketInstance } from "./instances";
import { computeLinks } from "./links";
import { sameTexts, socketJson } from "./socketJson";
import { readsChanged, valueChange, valueDigests, VALUES_KEY, type ValueChange, type ValueDigests } from "./valueDeps";
import type { Component, FileProblem, GraphSnapshot, ZmqContext, ZmqProxy, ZmqSocket } from "./model";
import type { ImporterIndex } from "./references";
import type { SourceAccess } from "./rules/rule";
import type { ts } from "./ts";
import { DependencyRecorder, EXISTS_KEY, PACKAGE_KEY, Workspace } from "./workspace";

interface FileResult extends FileFacts {
  deps: Set<string>;
  /** Files parsed for this result: their syntax problems are reported. */
  parsed: Set<string>;
  problem?: FileProblem;
}

export type { GraphSnapshot };

const IMPORTERS_KEY = "importers:";
/** One file's analysis time budget: the slowest hand-written or fuzzed file seen takes under 1 s. */
const FILE_BUDGET_MS = 5_000;

/**
 * The workspace's socket graph, kept up to date file by file. `update` and `remove` redo only the files
 * whose recorded dependencies changed, and always give the same graph a cold analysis would.
 */
export class SocketGraph implements ImporterIndex, SourceAccess {
  readonly ws: Workspace;
  private readonly importTargets = new Map<string, Set<string>>();
  private readonly importers = new Map<string, Set<string>>();
  /** Resolved `export ... from` targets per file, to notice when a barrel starts or stops providing zeromq. */
  private readonly reexportTargets = new Map<string, string>();
  private readonly results = new Map<string, FileResult>();
  private components: ComponentIndex | undefined;
  /** Files analyzed again by the last update: what an edit cost (tests, traces). */
  lastReanalyzed: ReadonlySet<string> = new Set();
  /** Each instance's socket object, kept while the components (its programs) stay the same. */
  private socketObjects = new WeakMap<SocketInstance, ZmqSocket>();
  private current: GraphSnapshot | undefined;
  /** Per-file digests of `current`, kept so an update digests only the new snapshot. */
  private currentSignatures: Map<string, string[]> | undefined;

  private readonly fileBudgetMs: number;

  /**
   * `readText` lets the graph drop texts it is unlikely to need and read them again on demand.
   * `fileBudgetMs` bounds one file's analysis: past it the file is skipped with a problem saying so.
   */
  constructor(options: { readText?: (file: string) => string | undefined; fileBudgetMs?: number } = {}) {
    this.ws = new Workspace(options.readText);
    this.fileBudgetMs = options.fileBudgetMs ?? FILE_BUDGET_MS;
  }

  /** Loads a file without analyzing; call `analyzeAll` after loading everything. */
  loadFile(file: string, text: string, problem?: FileProblem): void {
    this.ws.setFile(file, text, problem);
  }

  loadPackageJson(dir: string, text: string): FileProblem | undefined {
    return this.ws.setPackageJson(dir, text);
  }

  analyzeAll(): GraphSnapshot {
    this.results.clear();
    this.reresolveAll();
    const providers = new Map<string, boolean>();
    for (const file of this.ws.filePaths()) if (this.isCandidate(file, providers)) this.results.set(file, this.analyzeFile(file));
    this.resetComponents();
    this.current = this.buildSnapshot();
    this.currentSignatures = undefined;
    return this.current;
  }

  snapshot(): GraphSnapshot {
    return this.current ?? this.analyzeAll();
  }

  /** Sets a file's text and returns the files whose results may have changed. */
  update(file: string, text: string, problem?: FileProblem): Set<string> {
    const existed = this.ws.hasFile(file);
    const before = this.ws.scanOf(file);
    const problemBefore = this.ws.problemOf(file)?.message;
    // Analyses that read only values of this file are redone when a value they read changed (valueDeps.ts).
    const valueReaders = this.hasValueReaders(file);
    const digestsBefore = valueReaders ? this.digestsOf(this.ws.parsedBefore(file)) : undefined;
    // An edited text (an editor's unsaved buffer) is the truth: never drop it for a re-read from disk.
    this.ws.setFile(file, text, problem, { keepText: true });
    const after = this.ws.scanOf(file)!;
    const keys = new Set<string>([file]);
    let edgesChanged: boolean;
    if (existed) {
      edgesChanged = this.reresolveFile(file, keys);
      if (before && (before.mentionsZmq !== after.mentionsZmq || before.reexports.join() !== after.reexports.join())) {
        this.providerDependents(file, keys);
      }
      if (before && before.workerTargets.join() !== after.workerTargets.join()) edgesChanged = true;
      // Which programs fork is read from every file's scan when the component index is rebuilt.
      if (before && before.startsProcesses !== after.startsProcesses) edgesChanged = true;
    } else {
      // Module resolution that probed this path resolves differently now.
      keys.add(EXISTS_KEY + file);
      edgesChanged = this.reresolveAll(keys);
    }
    const values = valueReaders ? new Map([[file, valueChange(digestsBefore, this.digestsOf(this.ws.sourceFile(file)))]]) : undefined;
    return this.recompute(keys, edgesChanged || !existed || problemBefore !== problem?.message, values);
  }

  remove(file: string): Set<string> {
    if (!this.ws.hasFile(file)) return new Set();
    const keys = new Set<string>([file, EXISTS_KEY + file]);
    this.providerDependents(file, keys);
    this.ws.removeFile(file);
    this.reresolveAll(keys);
    return this.recompute(keys, true, new Map([[file, valueChange(undefined, undefined)]]));
  }

  /** A package.json appeared, changed or went away: entry points and package names may differ. */
  updatePackageJson(dir: string, text: string | undefined): Set<string> {
    const keys = new Set<string>();
    const before = this.ws.packageNameAt(dir);
    if (text === undefined) this.ws.removePackageJson(dir);
    else this.ws.setPackageJson(dir, text);
    const after = this.ws.packageNameAt(dir);
    for (const name of [before, after]) if (name !== undefined) keys.add(PACKAGE_KEY + name);
    this.reresolveAll(keys);
    return this.recompute(keys, true);
  }

  importersOf(file: string): readonly string[] {
    this.ws.record(IMPORTERS_KEY + file);
    return [...(this.importers.get(file) ?? [])];
  }

  /** The workspace's parsed files, for rules (SourceAccess). */
  sourceFile(file: string): ts.SourceFile | undefined {
    return this.ws.sourceFile(file);
  }

  packageRootOf(file: string): string {
    return this.ws.packageRootOf(file);
  }

  /** For rules (SourceAccess): see exclusive.ts. Follows call sites on demand, outside any recorded analysis. */
  neverInOneProcess(a: ts.Node, b: ts.Node, strict = false): boolean {
    return neverInOneProcess(a, b, strict, new Evaluator(this.ws), this.ws, this);
  }

  componentsOf(file: string): Component[] {
    return this.componentIndex().componentsOf(file);
  }

  private programsOf(files: readonly string[]): { components: string[]; processes: string[]; multiProcess?: string[] } {
    const components = new Set<string>();
    const processes = new Set<string>();
    for (const file of files) {
      for (const c of this.componentsOf(file)) components.add(c.name);
      for (const p of this.componentIndex().processesOf(file)) processes.add(p);
    }
    const sorted = [...processes].sort();
    const forking = this.componentIndex().multiProcessNames();
    const multiProcess = sorted.filter((p) => forking.has(p));
    return { components: [...components].sort(), processes: sorted, ...(multiProcess.length > 0 ? { multiProcess } : {}) };
  }

  private componentIndex(): ComponentIndex {
    this.components ??= new ComponentIndex(this.ws, (f) => this.importers.get(f));
    return this.components;
  }

  /** Files that could create sockets: they mention zeromq, or import a file that provides it (factories, re-exports). */
  private isCandidate(file: string, providers?: Map<string, boolean>): boolean {
    const scan = this.ws.scanOf(file);
    if (!scan) return false;
    if (scan.mentionsZmq) return true;
    for (const target of this.importTargets.get(file) ?? []) {
      // A cold analysis asks about the same few shared modules for thousands of importers.
      let provides = providers?.get(target);
      if (provides === undefined) {
        provides = this.isProvider(target);
        providers?.set(target, provides);
      }
      if (provides) return true;
    }
    return false;
  }

  /** A file that mentions zeromq, or re-exports one that does (barrels of barrels included). */
  private isProvider(file: string): boolean {
    const seen = new Set<string>([file]);
    const queue = [file];
    while (queue.length > 0) {
      const current = queue.pop()!;
      const scan = this.ws.scanOf(current);
      if (!scan) continue;
      if (scan.mentionsZmq) return true;
      for (const spec of scan.reexports) {
        const target = this.ws.resolveImport(current, spec);
        if (target !== undefined && !seen.has(target)) {
          seen.add(target);
          queue.push(target);
        }
      }
    }
    return false;
  }

  /** Files whose candidacy depends on whether `file` provides zeromq: importers, through re-exporting barrels. */
  private providerDependents(file: string, into: Set<string>): void {
    const queue = [file];
    const seen = new Set(queue);
    while (queue.length > 0) {
      const current = queue.pop()!;
      for (const importer of this.importers.get(current) ?? []) {
        into.add(importer);
        const scan = this.ws.scanOf(importer);
        const reexportsCurrent = scan?.reexports.some((spec) => this.ws.resolveImport(importer, spec) === current);
        if (reexportsCurrent && !seen.has(importer)) {
          seen.add(importer);
          queue.push(importer);
        }
      }
    }
  }

  private reresolveAll(changedKeys?: Set<string>): boolean {
    let changed = false;
    for (const file of [...this.importTargets.keys()]) {
      if (!this.ws.hasFile(file)) {
        for (const t of this.importTargets.get(file)!) {
          this.importers.get(t)?.delete(file);
          changedKeys?.add(IMPORTERS_KEY + t);
        }
        this.importTargets.delete(file);
        this.reexportTargets.delete(file);
        changed = true;
      }
    }
    for (const file of this.ws.filePaths()) changed = this.reresolveFile(file, changedKeys) || changed;
    return changed;
  }

  /** Re-resolves one file's imports; records `importers:X` keys for every edge added or removed. */
  private reresolveFile(file: string, changedKeys?: Set<string>): boolean {
    const scan = this.ws.scanOf(file);
    const next = new Set<string>();
    for (const spec of scan?.specifiers ?? []) {
      const target = this.ws.resolveImport(file, spec);
      if (target && target !== file) next.add(target);
    }
    const previous = this.importTargets.get(file) ?? new Set<string>();
    let changed = false;
    for (const t of previous) {
      if (!next.has(t)) {
        this.importers.get(t)?.delete(file);
        changedKeys?.add(IMPORTERS_KEY + t);
        changed = true;
      }
    }
    for (const t of next) {
      if (!previous.has(t)) {
        let set = this.importers.get(t);
        if (!set) this.importers.set(t, (set = new Set()));
        set.add(file);
        changedKeys?.add(IMPORTERS_KEY + t);
        changed = true;
      }
    }
    this.importTargets.set(file, next);
    // Its candidacy may change with its imports, so the file itself is redone.
    if (changed) changedKeys?.add(file);
    // Whether it provides zeromq may change with what its re-exports resolve to (a file appears, a package is renamed).
    const reexports = (scan?.reexports ?? []).map((spec) => this.ws.resolveImport(file, spec) ?? "").join("\n");
    if (this.reexportTargets.has(file) && this.reexportTargets.get(file) !== reexports && changedKeys) this.providerDependents(file, changedKeys);
    this.reexportTargets.set(file, reexports);
    return changed;
  }

  private recompute(keys: Set<string>, structureChanged: boolean, values?: ReadonlyMap<string, ValueChange>): Set<string> {
    const beforeSignatures = this.currentSignatures ?? this.fileSignatures(this.current);
    const dirty = new Set<string>();
    for (const [file, result] of this.results) {
      for (const key of keys) {
        if (result.deps.has(key)) {
          dirty.add(file);
          break;
        }
      }
      if (dirty.has(file) || !values) continue;
      for (const [changed, change] of values) {
        if (readsChanged(result.deps, changed, change)) {
          dirty.add(file);
          break;
        }
      }
    }
    for (const key of keys) {
      if (!key.startsWith(IMPORTERS_KEY)) {
        if (!key.startsWith(PACKAGE_KEY) && !key.startsWith(EXISTS_KEY)) dirty.add(key);
        continue;
      }
      // Whoever imports a changed file may start or stop being a candidate.
      for (const importer of this.importers.get(key.slice(IMPORTERS_KEY.length)) ?? []) dirty.add(importer);
    }
    let analyzed = false;
    const reanalyzed = new Set<string>();
    this.lastReanalyzed = reanalyzed;
    for (const file of dirty) {
      if (this.ws.hasFile(file) && this.isCandidate(file)) {
        this.results.set(file, this.analyzeFile(file));
        reanalyzed.add(file);
        analyzed = true;
      } else if (this.results.delete(file)) {
        analyzed = true;
      }
    }
    // No result read the edited text (an unrelated module): the snapshot stays the same object, so
    // findings computed from it stay valid too.
    if (!analyzed && !structureChanged && this.current) return new Set();
    if (structureChanged) this.resetComponents();
    this.current = this.buildSnapshot();
    const afterSignatures = this.fileSignatures(this.current);
    this.currentSignatures = afterSignatures;
    const changed = new Set<string>();
    for (const [file, sig] of afterSignatures) if (!sameTexts(beforeSignatures.get(file), sig)) changed.add(file);
    for (const file of beforeSignatures.keys()) if (!afterSignatures.has(file)) changed.add(file);
    return changed;
  }

  /**
   * One file's sockets. Each file gets its own evaluator: a value cached while analyzing another file
   * would hide from this file's recorder the files it came from, and edits to them would be missed.
   */
  private analyzeFile(file: string): FileResult {
    const recorder = new DependencyRecorder();
    const result: FileResult = { instances: [], contexts: [], proxies: [], globalContextOptions: [], contextSettings: [], deps: recorder.deps, parsed: recorder.parsed };
    try {
      this.ws.track(recorder, () => {
        const sf = this.ws.sourceFile(file);
        if (sf) Object.assign(result, extractFile(sf, new Evaluator(this.ws), this.ws, this, performance.now() + this.fileBudgetMs));
      });
    } catch (err) {
      if (err instanceof AnalysisBudgetExceeded) {
        result.problem = { file, message: `skipped: analyzing it took over ${this.fileBudgetMs} ms (generated or unusually tangled code); its sockets are not reported`, skipped: true };
      } else {
        const reason = err instanceof Error ? err.message : String(err);
        result.problem = { file, message: `analysis failed, results for this file are incomplete: ${reason}`, skipped: false };
      }
    }
    return result;
  }

  private buildSnapshot(): GraphSnapshot {
    const sockets: ZmqSocket[] = [];
    const contexts: ZmqContext[] = [];
    const proxies: ZmqProxy[] = [];
    const globalContextOptions: GraphSnapshot["globalContextOptions"] = [];
    const problems: FileProblem[] = [];
    const parsed = new Set<string>();
    const roles: { socket: ZmqSocket; inst: SocketInstance }[] = [];
    for (const [, result] of this.results) {
      for (const inst of result.instances) {
        const socket = this.socketOf(inst);
        sockets.push(socket);
        if (inst.proxyRoles.length) roles.push({ socket, inst });
      }
      contexts.push(...result.contexts.map((c) => ({ ...c, options: [...c.options] })));
      proxies.push(...result.proxies.map((p) => ({ ...p })));
      // The global context is one per process: a setting matters to the programs that run its file.
      globalContextOptions.push(...result.globalContextOptions.map((o) => ({ ...o, processes: this.programsOf([o.location.file]).processes })));
      if (result.problem) problems.push(result.problem);
      for (const file of result.parsed) parsed.add(file);
    }
    const contextById = new Map(contexts.map((c) => [c.id, c]));
    for (const [, result] of this.results) {
      for (const { context, option } of result.contextSettings) contextById.get(context)?.options.push(option);
    }
    for (const file of new Set([...this.ws.filesWithProblems(), ...parsed])) {
      const p = this.ws.problemOf(file) ?? (parsed.has(file) ? this.ws.parseProblemOf(file) : undefined);
      if (p) problems.push(p);
    }
    sockets.sort(compareSockets);
    const counts = new Map<string, number>();
    for (const s of sockets) {
      const n = (counts.get(s.id) ?? 0) + 1;
      counts.set(s.id, n);
      if (n > 1) s.id = `${s.id}#${n}`;
    }
    const proxyAt = new Map(proxies.map((p) => [`${p.location.file}:${p.location.line}:${p.location.column}`, p]));
    for (const { socket, inst } of roles) {
      for (const { proxy, role } of inst.proxyRoles) {
        const loc = locationOf(proxy);
        const p = proxyAt.get(`${loc.file}:${loc.line}:${loc.column}`);
        if (p) p[role] = socket.id;
      }
    }
    const links = computeLinks(sockets, (f) => this.ws.packageRootOf(f));
    links.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
    problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    return { sockets, links, contexts, proxies, globalContextOptions, problems };
  }

  private hasValueReaders(file: string): boolean {
    const key = VALUES_KEY + file;
    for (const result of this.results.values()) if (result.deps.has(key)) return true;
    return false;
  }

  private digestsOf(sf: ts.SourceFile | undefined): ValueDigests | undefined {
    return sf && valueDigests(sf);
  }

  private resetComponents(): void {
    this.components = undefined;
    this.socketObjects = new WeakMap();
  }

  /** The instance's socket, reused from the last snapshot when it is unchanged (rules cache by object). */
  private socketOf(inst: SocketInstance): ZmqSocket {
    let socket = this.socketObjects.get(inst);
    if (!socket) this.socketObjects.set(inst, (socket = this.toSocket(inst)));
    else socket.id = `${socket.location.file}:${socket.location.line}:${socket.location.column}`;
    return socket;
  }

  private toSocket(inst: SocketInstance): ZmqSocket {
    const location = locationOf(inst.position);
    const socket: ZmqSocket = {
      id: `${location.file}:${location.line}:${location.column}`,
      type: inst.type, api: inst.api, location, holder: inst.holder,
      binds: inst.binds, connects: inst.connects, options: inst.options, subscriptions: inst.subscriptions,
      uses: inst.uses, context: inst.context, lifetime: inst.lifetime, ...this.programsOf(inst.executionFiles),
    };
    if (inst.optionsIncomplete) socket.optionsIncomplete = true;
    if (inst.creation !== inst.position) {
      socket.createdAt = locationOf(inst.creation);
    }
    return socket;
  }

  /** Per file, the texts of everything reported there; socket texts are cached strings, compared by identity first. */
  private fileSignatures(snapshot: GraphSnapshot | undefined): Map<string, string[]> {
    const parts = new Map<string, string[]>();
    const add = (file: string, text: string): void => {
      let list = parts.get(file);
      if (!list) parts.set(file, (list = []));
      list.push(text);
    };
    if (!snapshot) return new Map();
    for (const s of snapshot.sockets) {
      const text = socketJson(s);
      const files = new Set([s.location.file, ...[...s.binds, ...s.connects].map((u) => u.location.file)]);
      if (s.createdAt) files.add(s.createdAt.file);
      for (const file of files) add(file, text);
    }
    const socketFile = new Map(snapshot.sockets.map((s) => [s.id, s.location.file]));
    for (const l of snapshot.links) {
      const text = JSON.stringify(l);
      for (const file of new Set([l.connectLocation.file, l.bindLocation.file, socketFile.get(l.from), socketFile.get(l.to)])) {
        if (file) add(file, text);
      }
    }
    for (const p of snapshot.problems) add(p.file, JSON.stringify(p));
    return parts;
  }
}

function compareSockets(a: ZmqSocket, b: ZmqSocket): number {
  const la = a.location;
  const lb = b.location;
  if (la.file !== lb.file) return la.file < lb.file ? -1 : 1;
  if (la.line !== lb.line) return la.line - lb.line;
  if (la.column !== lb.column) return la.column - lb.column;
  const ca = a.createdAt ? `${a.createdAt.file}:${a.createdAt.line}:${a.createdAt.column}` : "";
  const cb = b.createdAt ? `${b.createdAt.file}:${b.createdAt.line}:${b.createdAt.column}` : "";
  return ca < cb ? -1 : ca > cb ? 1 : 0;
}

