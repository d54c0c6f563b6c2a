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

/**
 * The source file an import of `base` (a path without or with an extension) means, as TypeScript's
 * bundler resolution finds it: `./x.js` may be `x.ts`, `./x` may be `x.tsx` or `x/index.ts`.
 */
export function resolveSourceFile(base: string, exists: (candidate: string) => boolean): string | undefined {
  const jsExt = /\.(m|c)?jsx?$/.exec(base);
  if (jsExt) {
    const stem = base.slice(0, -jsExt[0].length);
    const tsExts = jsExt[1] === "m" ? [".mts"] : jsExt[1] === "c" ? [".cts"] : base.endsWith("x") ? [".tsx"] : [".ts", ".tsx"];
    for (const ext of tsExts) if (exists(stem + ext)) return stem + ext;
    if (exists(base)) return base;
  }
  if (SOURCE_EXTENSIONS.some((ext) => base.endsWith(ext)) && exists(base)) return base;
  for (const ext of SOURCE_EXTENSIONS) if (exists(base + ext)) return base + ext;
  for (const ext of SOURCE_EXTENSIONS) if (exists(`${base}/index${ext}`)) return `${base}/index${ext}`;
  return undefined;
}

export function isSourceFile(p: string): boolean {
  if (/\.d\.[mc]?ts$/.test(p)) return false;
  return SOURCE_EXTENSIONS.some((ext) => p.endsWith(ext));
}

/** Relative path for output: forward slashes, relative to `base` when inside it. */
export function displayPath(p: string, base: string): string {
  const rel = path.posix.relative(base.replace(/\\/g, "/"), p);
  return rel === "" ? "." : rel;
}
