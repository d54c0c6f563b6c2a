import * as fs from "node:fs";
import ignore, { type Ignore } from "ignore";
import type { SocketGraph } from "./graph";
import type { FileProblem } from "./model";
import { dirname, isSourceFile, joinPath, normalizePath, resolveSourceFile } from "./paths";

/** Larger files are skipped unread: generated bundles, not hand-written ZeroMQ code. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

const ALWAYS_SKIPPED_DIRS = new Set(["node_modules", ".git", ".hg", ".svn"]);

export interface LoadResult {
  files: number;
  /** Folders and package.json files that could not be read; file problems are in the graph snapshot. */
  problems: FileProblem[];
}

export interface LoadOptions {
  /** Called every few hundred files with the count so far. */
  onProgress?(filesRead: number): void;
  /** More paths to skip, in .gitignore syntax, relative to each folder passed to `loadPaths`. */
  exclude?: readonly string[];
}

/** Reads a file as text, or says in one line why it cannot be analyzed. */
export function readSourceText(file: string): { text: string } | { problem: FileProblem } {
  try {
    const read = readUpTo(file, MAX_FILE_BYTES);
    if ("notRegular" in read) return { problem: { file, message: "skipped: not a regular file", skipped: true } };
    if ("size" in read) {
      return { problem: { file, message: `skipped: ${read.size} bytes is over the ${MAX_FILE_BYTES}-byte limit`, skipped: true } };
    }
    const text = decode(read.bytes);
    if (text.includes("\u0000")) return { problem: { file, message: "skipped: binary content (NUL bytes)", skipped: true } };
    return { text };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { problem: { file, message: `skipped: cannot read (${e.code ?? e.message})`, skipped: true } };
  }
}

/**
 * Opening a FIFO for reading blocks until a writer comes, possibly forever (a path given on the command
 * line, or a file replaced by a FIFO after the walk saw it): open without blocking, then read only
 * regular files. O_NONBLOCK changes nothing for regular files; Windows has no such flag and no FIFOs.
 */
const OPEN_NONBLOCKING = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/** The file's bytes, or its size when that is over `limit`: one open, fstat and read, no stat by path. */
function readUpTo(file: string, limit: number): { bytes: Buffer } | { size: number } | { notRegular: true } {
  const fd = fs.openSync(file, OPEN_NONBLOCKING);
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { notRegular: true };
    const size = stat.size;
    if (size > limit) return { size };
    const buffer = Buffer.allocUnsafe(size);
    let read = 0;
    while (read < size) {
      const n = fs.readSync(fd, buffer, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    return { bytes: read < size ? buffer.subarray(0, read) : buffer };
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes `text` back in the encoding `file` has on disk (UTF-8, UTF-8 with BOM, UTF-16 LE/BE with BOM). */
export function writeSourceText(file: string, text: string): void {
  let head = Buffer.alloc(0);
  try {
    const fd = fs.openSync(file, "r");
    try {
      head = Buffer.alloc(3);
      head = head.subarray(0, fs.readSync(fd, head, 0, 3, 0));
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // A new file: plain UTF-8.
  }
  let bytes: Buffer;
  if (head[0] === 0xff && head[1] === 0xfe) bytes = Buffer.concat([head.subarray(0, 2), Buffer.from(text, "utf16le")]);
  else if (head[0] === 0xfe && head[1] === 0xff) bytes = Buffer.concat([head.subarray(0, 2), Buffer.from(text, "utf16le").swap16()]);
  else if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) bytes = Buffer.concat([head, Buffer.from(text, "utf8")]);
  else bytes = Buffer.from(text, "utf8");
  fs.writeFileSync(file, bytes);
}

/** UTF-8 by default; UTF-16 when the file starts with its byte-order mark. BOMs are dropped. */
function decode(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString("utf16le");
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2));
    swapped.swap16();
    return swapped.toString("utf16le");
  }
  const text = bytes.toString("utf8");
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Loads source files and package.json files under the given paths into the graph, honoring .gitignore
 * files and never descending into node_modules or symlinked folders. Nothing loaded is executed.
 */
export function loadPaths(graph: SocketGraph, paths: readonly string[], options: LoadOptions = {}): LoadResult {
  const result: LoadResult = { files: 0, problems: [] };
  for (const _ of loadSteps(graph, paths, options, result));
  return result;
}

/**
 * `loadPaths` in chunks of `chunkFiles` files, awaiting `pause()` between chunks so a server can answer
 * requests while a large workspace is read. Stops early, with what it has, once `cancelled()` holds.
 */
export async function loadPathsInChunks(
  graph: SocketGraph,
  paths: readonly string[],
  options: LoadOptions & { chunkFiles: number; pause: () => Promise<void>; cancelled?: () => boolean },
): Promise<LoadResult> {
  const result: LoadResult = { files: 0, problems: [] };
  let inChunk = 0;
  for (const _ of loadSteps(graph, paths, options, result)) {
    if (++inChunk < options.chunkFiles) continue;
    inChunk = 0;
    await options.pause();
    if (options.cancelled?.()) break;
  }
  return result;
}

/** The walk behind both loaders: yields after each file it reads. */
function* loadSteps(graph: SocketGraph, paths: readonly string[], options: LoadOptions, result: LoadResult): Generator<void> {
  const addFile = (file: string): void => {
    const read = readSourceText(file);
    result.files++;
    if (result.files % 500 === 0) options.onProgress?.(result.files);
    if ("problem" in read) {
      graph.loadFile(file, "", read.problem);
    } else {
      graph.loadFile(file, read.text);
    }
  };
  const addPackageJson = (dir: string): void => {
    const file = joinPath(dir, "package.json");
    const read = readSourceText(file);
    if ("problem" in read) result.problems.push(read.problem);
    else {
      const problem = graph.loadPackageJson(dir, read.text);
      if (problem) result.problems.push(problem);
    }
  };
  function* walk(dir: string, ignores: { base: string; matcher: Ignore }[]): Generator<void> {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      result.problems.push({ file: dir, message: `skipped folder: cannot read (${(err as NodeJS.ErrnoException).code})`, skipped: true });
      return;
    }
    let scoped = ignores;
    if (entries.some((e) => e.name === ".gitignore" && e.isFile())) {
      const read = readSourceText(joinPath(dir, ".gitignore"));
      if ("text" in read) scoped = [...ignores, { base: dir, matcher: ignore().add(read.text) }];
    }
    const ignored = (path: string, isDir: boolean): boolean =>
      scoped.some(({ base, matcher }) => {
        const rel = path.slice(base.length + 1);
        return rel !== "" && matcher.ignores(isDir ? `${rel}/` : rel);
      });
    if (entries.some((e) => e.name === "package.json" && e.isFile())) addPackageJson(dir);
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!ALWAYS_SKIPPED_DIRS.has(entry.name) && !ignored(path, true)) yield* walk(path, scoped);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && isSourceFile(entry.name) && !ignored(path, false)) {
        if (entry.isSymbolicLink()) {
          try {
            if (!fs.statSync(path).isFile()) continue;
          } catch (err) {
            // ENOENT: the target is gone; ELOOP: links that point at each other.
            result.problems.push({ file: path, message: `skipped: broken symbolic link (${(err as NodeJS.ErrnoException).code})`, skipped: true });
            continue;
          }
        }
        addFile(path);
        yield;
      } else if (!entry.isDirectory() && !entry.isSymbolicLink() && isSourceFile(entry.name) && !ignored(path, false)) {
        // A FIFO, socket or device with a source file's name: said once, never opened.
        result.problems.push({ file: path, message: "skipped: not a regular file", skipped: true });
      }
    }
  }
  for (const p of paths) {
    const abs = normalizePath(p);
    const stat = fs.statSync(abs);
    if (stat.isDirectory()) yield* walk(abs, options.exclude?.length ? [{ base: abs, matcher: ignore().add([...options.exclude]) }] : []);
    else {
      addFile(abs);
      yield;
    }
  }
}

/**
 * Loads `texts` (open documents) and the local files they import, transitively, up to `maxFiles` files:
 * enough to analyze what an editor shows before the whole workspace has been read.
 */
export function loadWithLocalImports(graph: SocketGraph, texts: ReadonlyMap<string, string>, maxFiles = 200): void {
  const queue = [...texts.keys()];
  const loaded = new Set(queue);
  for (const [file, text] of texts) graph.loadFile(file, text);
  const isFile = (candidate: string): boolean => {
    try {
      return fs.statSync(candidate).isFile();
    } catch {
      return false;
    }
  };
  while (queue.length > 0 && loaded.size < maxFiles) {
    const file = queue.shift()!;
    for (const spec of graph.ws.scanOf(file)?.specifiers ?? []) {
      if (!spec.startsWith(".")) continue;
      const target = resolveSourceFile(joinPath(dirname(file), spec), isFile);
      if (target === undefined || loaded.has(target) || loaded.size >= maxFiles) continue;
      loaded.add(target);
      const read = readSourceText(target);
      if ("text" in read) {
        graph.loadFile(target, read.text);
        queue.push(target);
      }
    }
  }
}

/**
 * Whether `loadPaths(graph, [root], { exclude })` would skip `file`: under node_modules or .git, or
 * matched by `exclude` or by a .gitignore between `root` and the file. For files that appear later.
 */
export function isSkippedUnder(root: string, file: string, exclude: readonly string[] = []): boolean {
  if (!file.startsWith(`${root}/`)) return false;
  const parts = file.slice(root.length + 1).split("/");
  if (parts.slice(0, -1).some((p) => ALWAYS_SKIPPED_DIRS.has(p))) return true;
  const scopes: { base: string; matcher: Ignore }[] = exclude.length ? [{ base: root, matcher: ignore().add([...exclude]) }] : [];
  let dir = root;
  for (let i = 0; i < parts.length; i++) {
    const gitignore = joinPath(dir, ".gitignore");
    if (fs.existsSync(gitignore)) {
      const read = readSourceText(gitignore);
      if ("text" in read) scopes.push({ base: dir, matcher: ignore().add(read.text) });
    }
    // Folders are tested as folders (`dist/`), the file itself as a file, as the walk does.
    const path = `${dir}/${parts[i]}`;
    const isDir = i < parts.length - 1;
    if (scopes.some(({ base, matcher }) => matcher.ignores(isDir ? `${path.slice(base.length + 1)}/` : path.slice(base.length + 1)))) return true;
    dir = path;
  }
  return false;
}
