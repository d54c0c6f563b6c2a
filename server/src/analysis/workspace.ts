import { ts } from "./ts";
import { scanText, type TextScan } from "./imports";
import { dirname, joinPath, resolveSourceFile } from "./paths";
import type { FileProblem } from "./model";
import { VALUES_KEY } from "./valueDeps";

/**
 * Texts longer than this are not parsed: no hand-written ZeroMQ module is this big. (The loader already
 * skips such files on disk; this guards texts that come from elsewhere, an editor's buffer say.)
 */
const MAX_PARSE_CHARS = 2 * 1024 * 1024;

/** Dependency key for the workspace package with a given name. */
export const PACKAGE_KEY = "package:";
/** Dependency key for whether a path is a file of the workspace (module resolution probes it). */
export const EXISTS_KEY = "exists:";

export interface PackageInfo {
  dir: string;
  name?: string;
  main?: string;
  bin: string[];
  /** Files run by `node x` / `ts-node x` / `tsx x` in scripts. */
  scriptTargets: string[];
}

interface FileEntry {
  /** Undefined when dropped to save memory; `readText` brings it back if the file must be parsed. */
  text: string | undefined;
  scan: TextScan;
  /** Why the file could not be loaded (binary, too large, unreadable): reported whether or not it matters. */
  problem?: FileProblem;
  /** Found when parsing; reported only for files the analysis always parses, so results never depend on history. */
  parseProblem?: FileProblem;
  sourceFile?: ts.SourceFile;
  parsed: boolean;
}

/** Records which files (by path) a computation read, so it can be redone when one of them changes. */
export class DependencyRecorder {
  readonly deps = new Set<string>();
  /** Files whose syntax trees were used (their parse problems are worth reporting). */
  readonly parsed = new Set<string>();
  add(key: string): void {
    this.deps.add(key);
  }

  markParsed(file: string): void {
    this.parsed.add(file);
  }
}

/**
 * The parser's first syntax error. `parseDiagnostics` is internal to the compiler; the CLI tests fail
 * if a compiler update renames it (a file with a syntax error must be reported).
 */
function firstSyntaxError(sf: ts.SourceFile): ts.DiagnosticWithLocation | undefined {
  const diagnostics: unknown = (sf as unknown as { parseDiagnostics?: unknown }).parseDiagnostics;
  return Array.isArray(diagnostics) ? (diagnostics[0] as ts.DiagnosticWithLocation | undefined) : undefined;
}

function scriptKind(file: string): ts.ScriptKind {
  if (file.endsWith(".tsx")) return ts.ScriptKind.TSX;
  if (file.endsWith(".jsx")) return ts.ScriptKind.JSX;
  if (/\.[mc]?ts$/.test(file)) return ts.ScriptKind.TS;
  return ts.ScriptKind.JS;
}

/**
 * The workspace's source texts, their cheap text scans, lazily parsed syntax trees, package.json facts
 * and module resolution. Pure: callers feed it text.
 */
export class Workspace {
  private readonly files = new Map<string, FileEntry>();
  private readonly unreadable = new Set<string>();
  private readonly packages = new Map<string, PackageInfo>();
  /** Packages by name; several folders may claim one name (copies, fixtures): the first folder by path wins. */
  private readonly packageByName = new Map<string, PackageInfo[]>();
  private recorder: DependencyRecorder | undefined;

  /**
   * With `readText`, texts of files that never mention ZeroMQ are not kept: most are never parsed,
   * and the few that are (config modules) are read again when needed.
   */
  constructor(private readonly readText?: (file: string) => string | undefined) {}

  /** Sets or replaces a source file's text, with the problem that kept it from loading, if any. */
  setFile(file: string, text: string, problem?: FileProblem, options: { keepText?: boolean } = {}): void {
    const scan = scanText(text);
    const keep = options.keepText === true || !this.readText || scan.mentionsZmq;
    this.files.set(file, { text: keep ? text : undefined, scan, problem, parsed: false });
    if (problem) this.unreadable.add(file);
    else this.unreadable.delete(file);
  }

  removeFile(file: string): boolean {
    this.unreadable.delete(file);
    return this.files.delete(file);
  }

  /** Files loaded with a problem (unreadable, binary, too large), without visiting every file. */
  filesWithProblems(): IterableIterator<string> {
    return this.unreadable.values();
  }

  hasFile(file: string): boolean {
    return this.files.has(file);
  }

  filePaths(): IterableIterator<string> {
    return this.files.keys();
  }

  /** Folders with a loaded package.json. */
  packageDirs(): IterableIterator<string> {
    return this.packages.keys();
  }

  scanOf(file: string): TextScan | undefined {
    return this.files.get(file)?.scan;
  }

  /** Why the file could not be loaded, if so. */
  problemOf(file: string): FileProblem | undefined {
    return this.files.get(file)?.problem;
  }

  /** What parsing the file found (syntax errors, too large or too deep to parse); call after `sourceFile`. */
  parseProblemOf(file: string): FileProblem | undefined {
    return this.files.get(file)?.parseProblem;
  }


  setPackageJson(dir: string, text: string): FileProblem | undefined {
    this.removePackageJson(dir);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      return { file: joinPath(dir, "package.json"), message: `invalid JSON: ${(err as Error).message}`, skipped: true };
    }
    if (typeof json !== "object" || json === null) return undefined;
    const pkg = json as Record<string, unknown>;
    const info: PackageInfo = { dir, bin: [], scriptTargets: [] };
    if (typeof pkg["name"] === "string") info.name = pkg["name"];
    if (typeof pkg["main"] === "string") info.main = pkg["main"];
    const bin = pkg["bin"];
    if (typeof bin === "string") info.bin.push(bin);
    else if (bin && typeof bin === "object") {
      for (const v of Object.values(bin)) if (typeof v === "string") info.bin.push(v);
    }
    const scripts = pkg["scripts"];
    if (scripts && typeof scripts === "object") {
      for (const cmd of Object.values(scripts)) {
        if (typeof cmd !== "string") continue;
        for (const m of cmd.matchAll(/\b(?:node|ts-node|ts-node-esm|tsx|bun|nodemon)\s+(?:--?[\w-]+(?:[= ][^\s-][^\s]*)?\s+)*([^\s&|;]+\.[cm]?[jt]sx?)\b/g)) {
          info.scriptTargets.push(m[1]!);
        }
      }
    }
    this.packages.set(dir, info);
    if (info.name) {
      const list = [...(this.packageByName.get(info.name) ?? []), info].sort((a, b) => (a.dir < b.dir ? -1 : 1));
      this.packageByName.set(info.name, list);
    }
    return undefined;
  }

  removePackageJson(dir: string): void {
    const old = this.packages.get(dir);
    if (old?.name) {
      const list = (this.packageByName.get(old.name) ?? []).filter((p) => p !== old);
      if (list.length) this.packageByName.set(old.name, list);
      else this.packageByName.delete(old.name);
    }
    this.packages.delete(dir);
  }

  packageNameAt(dir: string): string | undefined {
    return this.packages.get(dir)?.name;
  }

  packageInfos(): IterableIterator<PackageInfo> {
    return this.packages.values();
  }

  /** The nearest package.json folder at or above the file, or the file's folder. */
  packageRootOf(file: string): string {
    for (let dir = dirname(file); ; dir = dirname(dir)) {
      if (this.packages.has(dir)) return dir;
      const parent = dirname(dir);
      if (parent === dir) return dirname(file);
    }
  }

  /** Records a dependency of the computation being tracked (an importer set, say). */
  record(key: string): void {
    this.recorder?.add(key);
  }

  /** Runs `fn` recording every file it reads into `recorder`. */
  track<T>(recorder: DependencyRecorder, fn: () => T): T {
    const previous = this.recorder;
    this.recorder = recorder;
    try {
      return fn();
    } finally {
      this.recorder = previous;
    }
  }

  /** The parsed file, parsing it on first use; undefined for unknown, skipped or oversized files. */
  sourceFile(file: string): ts.SourceFile | undefined {
    this.recorder?.add(file);
    return this.parsed(file);
  }

  /**
   * The parsed file, for the evaluator reading the values of its declarations: the computation depends on
   * the declarations it reads (valueDeps.ts), not on the whole file.
   */
  sourceFileForValues(file: string): ts.SourceFile | undefined {
    this.recorder?.add(VALUES_KEY + file);
    return this.parsed(file);
  }

  /** The parse, if the file has been parsed already (no dependency recorded): what an edit replaces. */
  parsedBefore(file: string): ts.SourceFile | undefined {
    return this.files.get(file)?.sourceFile;
  }

  private parsed(file: string): ts.SourceFile | undefined {
    this.recorder?.markParsed(file);
    const entry = this.files.get(file);
    if (!entry || entry.problem?.skipped) return undefined;
    if (!entry.parsed) {
      entry.parsed = true;
      const text = entry.text ?? this.readText?.(file) ?? "";
      if (text.length > MAX_PARSE_CHARS) {
        entry.parseProblem = { file, message: `not parsed: ${text.length} characters is over the ${MAX_PARSE_CHARS}-character limit`, skipped: true };
        return undefined;
      }
      try {
        // JSDoc comments mean nothing to the analysis: not parsing them saves a good part of the parse.
        entry.sourceFile = ts.createSourceFile(file, text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, true, scriptKind(file));
        // TypeScript turns backslashes in the name into slashes; on POSIX `a\b.ts` is a real file name, and the
        // name is the key of every location and fix edit (--fix would write to `a/b.ts`), so keep it exact.
        entry.sourceFile.fileName = file;
      } catch (err) {
        // The parser recurses per nesting level: absurdly deep code can exhaust the stack.
        const reason = err instanceof RangeError ? "nesting is too deep to parse" : (err as Error).message;
        entry.parseProblem = { file, message: `skipped: ${reason}`, skipped: true };
        return undefined;
      }
      const first = firstSyntaxError(entry.sourceFile);
      if (first) {
        const { line, character } = entry.sourceFile.getLineAndCharacterOfPosition(first.start);
        const message = ts.flattenDiagnosticMessageText(first.messageText, " ");
        entry.parseProblem = { file, message: `syntax error at ${line + 1}:${character + 1}: ${message} (analyzed with error recovery)`, skipped: false };
      }
    }
    return entry.sourceFile;
  }


  /** Resolves an import specifier to a workspace file, or undefined for packages outside the workspace. */
  resolveImport(fromFile: string, specifier: string): string | undefined {
    return this.resolveFrom(dirname(fromFile), specifier);
  }

  /** Resolves a specifier as if imported from a file in `dir`. */
  resolveFrom(dir: string, specifier: string): string | undefined {
    if (specifier.startsWith(".") || specifier.startsWith("/")) {
      return this.resolveAsFile(joinPath(dir, specifier));
    }
    const parts = specifier.split("/");
    const nameLength = specifier.startsWith("@") ? 2 : 1;
    const name = parts.slice(0, nameLength).join("/");
    this.recorder?.add(PACKAGE_KEY + name);
    const pkg = this.packageByName.get(name)?.[0];
    if (!pkg) return undefined;
    const sub = parts.slice(nameLength).join("/");
    if (sub) return this.resolveAsFile(joinPath(pkg.dir, sub)) ?? this.resolveAsFile(joinPath(pkg.dir, "src", sub));
    return this.resolvePackageEntry(pkg, pkg.main) ?? this.resolveAsFile(joinPath(pkg.dir, "src/index"));
  }

  /** Resolves package.json `main`/`bin`-style paths, mapping build output (dist/x.js) back to sources (src/x.ts). */
  resolvePackageEntry(pkg: PackageInfo, target: string | undefined): string | undefined {
    if (!target) return this.resolveAsFile(joinPath(pkg.dir, "index"));
    const direct = this.resolveAsFile(joinPath(pkg.dir, target));
    if (direct) return direct;
    const mapped = target.replace(/^(?:\.\/)?(?:dist|build|lib|out)\//, "src/");
    return mapped !== target ? this.resolveAsFile(joinPath(pkg.dir, mapped)) : undefined;
  }

  private probe(candidate: string): boolean {
    this.recorder?.add(EXISTS_KEY + candidate);
    return this.files.has(candidate);
  }

  private resolveAsFile(base: string): string | undefined {
    return resolveSourceFile(base, (candidate) => this.probe(candidate));
  }
}
