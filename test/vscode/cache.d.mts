// Types for cache.mjs (used by runElectron.ts).
export declare const VERSIONS: { codeServer: string; node: string; playwrightCore: string; mocha: string };
export interface ToolchainPaths {
  cache: string;
  nodeDir: string;
  node: string;
  codeServerDir: string;
  serverMain: string;
  toolsDir: string;
  toolsModules: string;
}
export declare function cacheDir(): string;
export declare function paths(cache?: string): ToolchainPaths;
export declare function ensureToolchain(): ToolchainPaths;
export declare function ensureTools(): ToolchainPaths;
export declare function checkSystemDeps(opts: { needBuildDeps: boolean }): void;
export declare function duMB(dir: string): number;
export declare function readJson(file: string): unknown;
