import type { Component } from "./model";
import { dirname, joinPath } from "./paths";
import type { Workspace } from "./workspace";

/**
 * Which program (process) each file runs in. A program is an entry point — package.json main/bin,
 * a script run by `node x`/`ts-node x`/`tsx x`, a `new Worker(x)` target, or a file nothing imports —
 * plus everything it imports.
 */
export class ComponentIndex {
  private readonly entries = new Map<string, Component>();
  private readonly memo = new Map<string, Component[]>();

  constructor(private readonly ws: Workspace, private readonly importersOf: (file: string) => ReadonlySet<string> | undefined) {
    for (const pkg of ws.packageInfos()) {
      this.addEntry(ws.resolvePackageEntry(pkg, pkg.main), "package.json main");
      for (const bin of pkg.bin) this.addEntry(ws.resolvePackageEntry(pkg, bin), "package.json bin");
      for (const script of pkg.scriptTargets) this.addEntry(ws.resolvePackageEntry(pkg, script), "package.json script");
    }
    for (const file of ws.filePaths()) {
      for (const target of ws.scanOf(file)?.workerTargets ?? []) {
        const resolved = ws.resolveImport(file, target.startsWith(".") ? target : `./${target}`) ??
          ws.resolveImport(joinPath(ws.packageRootOf(file), "x"), `./${target.replace(/^\.\//, "")}`);
        this.addEntry(resolved, "worker thread");
      }
    }
  }

  private addEntry(file: string | undefined, reason: Component["reason"]): void {
    if (!file || this.entries.has(file)) return;
    const root = this.ws.packageRootOf(file);
    const rel = file.startsWith(root + "/") ? file.slice(root.length + 1) : file;
    this.entries.set(file, { entry: file, name: rel.replace(/\.[cm]?[jt]sx?$/, ""), reason });
  }

  /** Programs that include `file`, sorted by name. */
  componentsOf(file: string): Component[] {
    const cached = this.memo.get(file);
    if (cached) return cached;
    const found = new Map<string, Component>();
    const seen = new Set<string>([file]);
    const queue = [file];
    while (queue.length > 0) {
      const current = queue.pop()!;
      const entry = this.entries.get(current);
      if (entry) found.set(current, entry);
      const importers = this.importersOf(current);
      if (!importers || importers.size === 0) {
        if (!entry) found.set(current, this.rootComponent(current));
        continue;
      }
      for (const importer of importers) {
        if (!seen.has(importer)) {
          seen.add(importer);
          queue.push(importer);
        }
      }
    }
    if (found.size === 0) found.set(file, this.rootComponent(file));
    const result = [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
    this.memo.set(file, result);
    return result;
  }

  private rootComponent(file: string): Component {
    const root = this.ws.packageRootOf(file);
    const rel = file.startsWith(root + "/") ? file.slice(root.length + 1) : file.slice(dirname(file).length + 1);
    return { entry: file, name: rel.replace(/\.[cm]?[jt]sx?$/, ""), reason: "not imported" };
  }
}
