import type { Component } from "./model";
import type { Workspace } from "./workspace";

/**
 * Which program (process) each file runs in. A program is an entry point — package.json main/bin,
 * a script run by `node x`/`ts-node x`/`tsx x`, a `new Worker(x)` target, or a file nothing imports —
 * plus everything it imports.
 */
export class ComponentIndex {
  private readonly entries = new Map<string, Component>();
  private readonly memo = new Map<string, Component[]>();
  /** Worker-thread entry → the files that start it. */
  private readonly spawners = new Map<string, Set<string>>();
  /** Files that may start more Node processes of their program (cluster, child_process). */
  private readonly forkers: string[] = [];
  private multiProcess: Set<string> | undefined;

  constructor(private readonly ws: Workspace, private readonly importersOf: (file: string) => ReadonlySet<string> | undefined) {
    for (const pkg of ws.packageInfos()) {
      this.addEntry(ws.resolvePackageEntry(pkg, pkg.main), "package.json main");
      for (const bin of pkg.bin) this.addEntry(ws.resolvePackageEntry(pkg, bin), "package.json bin");
      for (const script of pkg.scriptTargets) this.addEntry(ws.resolvePackageEntry(pkg, script), "package.json script");
    }
    for (const file of ws.filePaths()) {
      if (ws.scanOf(file)?.startsProcesses) this.forkers.push(file);
      for (const target of ws.scanOf(file)?.workerTargets ?? []) {
        const resolved = ws.resolveImport(file, target.startsWith(".") ? target : `./${target}`) ??
          ws.resolveFrom(ws.packageRootOf(file), `./${target.replace(/^\.\//, "")}`);
        this.addEntry(resolved, "worker thread");
        if (resolved) {
          let set = this.spawners.get(resolved);
          if (!set) this.spawners.set(resolved, (set = new Set()));
          set.add(file);
        }
      }
    }
  }

  private addEntry(file: string | undefined, reason: Component["reason"]): void {
    if (!file || this.entries.has(file)) return;
    this.entries.set(file, { entry: file, name: this.nameOf(file), reason });
  }

  /** Programs that include `file`, sorted by name. */
  componentsOf(file: string): Component[] {
    const cached = this.memo.get(file);
    if (cached) return cached;
    this.solveFrom(file);
    return this.memo.get(file)!;
  }

  /**
   * Tarjan's strongly connected components over the "is imported by" edges reachable from `start`:
   * a file's programs are its own entry plus its importers' programs, and every file in an import
   * cycle shares them. Linear in the edges visited; results are memoized for every file visited.
   */
  private solveFrom(start: string): void {
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const onStack = new Set<string>();
    const stack: string[] = [];
    const work: { file: string; importers: string[]; next: number }[] = [];
    const push = (file: string): void => {
      index.set(file, index.size);
      low.set(file, index.get(file)!);
      stack.push(file);
      onStack.add(file);
      work.push({ file, importers: [...(this.importersOf(file) ?? [])], next: 0 });
    };
    push(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      if (frame.next < frame.importers.length) {
        const importer = frame.importers[frame.next++]!;
        if (this.memo.has(importer)) continue;
        if (!index.has(importer)) push(importer);
        else if (onStack.has(importer)) low.set(frame.file, Math.min(low.get(frame.file)!, index.get(importer)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.file, Math.min(low.get(parent.file)!, low.get(frame.file)!));
      if (low.get(frame.file) !== index.get(frame.file)) continue;
      const members: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        members.push(member);
      } while (member !== frame.file);
      this.settle(members);
    }
  }

  /** All importers outside the cycle are settled already (Tarjan emits components in reverse order). */
  private settle(members: string[]): void {
    const inCycle = new Set(members);
    const found = new Map<string, Component>();
    let importedFromOutside = false;
    for (const file of members) {
      const entry = this.entries.get(file);
      if (entry) found.set(entry.entry, entry);
      for (const importer of this.importersOf(file) ?? []) {
        if (inCycle.has(importer)) continue;
        importedFromOutside = true;
        for (const c of this.memo.get(importer) ?? []) found.set(c.entry, c);
      }
    }
    if (!importedFromOutside && found.size === 0) {
      const root = this.rootComponent(members.sort()[0]!);
      found.set(root.entry, root);
    }
    const result = [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
    for (const file of members) this.memo.set(file, result);
  }

  /**
   * The processes `file` runs in: its programs, with each worker thread replaced by the programs that
   * start it (zeromq.js shares its global context, and so inproc, across the threads of a process).
   */
  processesOf(file: string, seen = new Set<string>()): string[] {
    const names = new Set<string>();
    for (const c of this.componentsOf(file)) {
      const starters = c.reason === "worker thread" ? this.spawners.get(c.entry) : undefined;
      if (!starters || seen.has(c.entry)) {
        names.add(c.name);
        continue;
      }
      seen.add(c.entry);
      for (const starter of starters) for (const p of this.processesOf(starter, seen)) names.add(p);
    }
    return [...names].sort();
  }

  /**
   * Processes (names as `processesOf` gives them) whose program may run as several OS processes: one of
   * the files running in it uses `cluster` or starts Node through `child_process`. Two sockets of such a
   * program may be in different processes (the primary and a worker, a parent and its forked child).
   */
  multiProcessNames(): ReadonlySet<string> {
    if (!this.multiProcess) {
      this.multiProcess = new Set();
      for (const file of this.forkers) for (const p of this.processesOf(file)) this.multiProcess.add(p);
    }
    return this.multiProcess;
  }

  private rootComponent(file: string): Component {
    return { entry: file, name: this.nameOf(file), reason: "not imported" };
  }

  /** The entry path relative to its package root (the file's folder when there is none), without extension. */
  private nameOf(file: string): string {
    const root = this.ws.packageRootOf(file);
    return file.slice(root.length + 1).replace(/\.[cm]?[jt]sx?$/, "");
  }
}
