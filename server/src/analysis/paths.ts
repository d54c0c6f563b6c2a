import * as path from "node:path";

/** Analysis paths are absolute with forward slashes on every platform. */
export function normalizePath(p: string): string {
  return path.resolve(p).replace(/\\/g, "/");
}

export function dirname(p: string): string {
  return path.posix.dirname(p);
}

export function joinPath(...parts: string[]): string {
  return path.posix.resolve(...parts);
}

export const SOURCE_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"] as const;

export function isSourceFile(p: string): boolean {
  if (/\.d\.[mc]?ts$/.test(p)) return false;
  return SOURCE_EXTENSIONS.some((ext) => p.endsWith(ext));
}

/** Relative path for output: forward slashes, relative to `base` when inside it. */
export function displayPath(p: string, base: string): string {
  const rel = path.posix.relative(base.replace(/\\/g, "/"), p);
  return rel === "" ? "." : rel;
}
