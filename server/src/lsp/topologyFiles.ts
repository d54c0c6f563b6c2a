import type { Finding } from "../analysis/diagnostics";
import { declaredTopology, describingFolder, type DeclaredTopology } from "../analysis/topologyFile/declared";
import { topologyFileIn } from "../analysis/topologyFile/discovery";
import { joinPath } from "../analysis/paths";

/** Diagnostics of the topology file itself (syntax, duplicates, unknown names) carry this code. */
export const TOPOLOGY_FILE_CODE = "topology-file";

/**
 * The topology files the server knows: which one each workspace folder checks its code against, and the
 * parsed tree of every topology file asked for (open or in effect), parsed again only when its text changes.
 */
export class TopologyFiles {
  private readonly parsed = new Map<string, DeclaredTopology>();
  /** Per folder: the file in effect, or undefined for none (cached until `invalidate`). */
  private readonly inEffect = new Map<string, string | undefined>();
  private readonly rooted = new WeakMap<DeclaredTopology, Map<string, DeclaredTopology>>();
  /** Texts read from disk, kept until the watcher reports a topology file (a recomputation reads none). */
  private readonly onDisk = new Map<string, string | undefined>();

  constructor(
    /** The text of an open document, else undefined. */
    private readonly openText: (file: string) => string | undefined,
    /** The text on disk; undefined when the file is missing or unreadable. */
    private readonly readDisk: (file: string) => string | undefined,
    private readonly warn: (message: string) => void,
  ) {}

  private textOf(file: string): string | undefined {
    const open = this.openText(file);
    if (open !== undefined) return open;
    if (!this.onDisk.has(file)) this.onDisk.set(file, this.readDisk(file));
    return this.onDisk.get(file);
  }

  /** The topology a folder's code is checked against: the `zmqTopology.topologyFile` setting, else the one at its root. */
  forFolder(folder: string, setting: string): DeclaredTopology | undefined {
    const key = `${folder}\n${setting}`;
    if (!this.inEffect.has(key)) this.inEffect.set(key, this.locate(folder, setting));
    const file = this.inEffect.get(key);
    return file === undefined ? undefined : this.get(file, folder);
  }

  /**
   * The parsed file, as its current text reads; with `root`, describing that folder's code only (one
   * object per text and root, so caches keyed by it hold while neither changes).
   */
  get(file: string, root?: string): DeclaredTopology | undefined {
    const base = this.parse(file);
    if (!base || root === undefined) return base;
    let byRoot = this.rooted.get(base);
    if (!byRoot) this.rooted.set(base, (byRoot = new Map()));
    let rooted = byRoot.get(root);
    if (!rooted) byRoot.set(root, (rooted = describingFolder(base, root)));
    return rooted;
  }

  private parse(file: string): DeclaredTopology | undefined {
    const text = this.textOf(file);
    if (text === undefined) {
      this.parsed.delete(file);
      return undefined;
    }
    const known = this.parsed.get(file);
    if (known?.text === text) return known;
    const fresh = declaredTopology(file, text);
    this.parsed.set(file, fresh);
    return fresh;
  }

  /** A topology file appeared, went away or changed on disk: locate them again, and read them again. */
  invalidate(): void {
    this.inEffect.clear();
    this.onDisk.clear();
  }

  /** Every file currently in effect for some folder. */
  filesInEffect(): string[] {
    return [...new Set([...this.inEffect.values()].filter((f): f is string => f !== undefined))];
  }

  private locate(folder: string, setting: string): string | undefined {
    if (setting !== "") {
      const file = joinPath(folder, setting);
      if (this.textOf(file) !== undefined) return file;
      this.warn(`"zmqTopology.topologyFile" names ${setting}, which cannot be read in ${folder}; using the *.zmqtopo file at the folder's root, if any`);
    }
    const found = topologyFileIn(folder);
    if (found.file) return found.file;
    if (!found.several) return undefined;
    const preferred = found.several.find((f) => f.endsWith("/topology.zmqtopo")) ?? found.several[0]!;
    this.warn(`several topology files in ${folder} (${found.several.map((f) => f.slice(folder.length + 1)).join(", ")}): checking against ${preferred.slice(folder.length + 1)}; set "zmqTopology.topologyFile" to choose`);
    return preferred;
  }
}

/** A topology file's own errors as findings, for the diagnostics of its document. */
export function topologyFileFindings(topology: DeclaredTopology): Finding[] {
  return topology.tree.errors.map((e) => ({
    rule: TOPOLOGY_FILE_CODE,
    severity: e.severity,
    location: topology.location(e.span),
    message: e.message,
    related: [],
  }));
}
