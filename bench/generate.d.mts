// Types of the generator's exports, for the TypeScript that imports it (the unit test, the incremental bench).

export interface Manifest {
  generatorVersion: number;
  size: number;
  seed: number;
  sourceFiles: number;
  configFile: string;
  zmqFiles: string[];
  unrelatedFiles: string[];
  barrels: string[];
  expected: { sockets: number; pairs: number; plantedDefects: Record<string, number> };
}

export const GENERATOR_VERSION: number;
export const MARKER: string;
export const MANIFEST: string;
export function defaultWorkspaceDir(size: number, seed: number): string;
/** Every file as [path relative to the workspace, text], in a fixed order, and the manifest. */
export function buildWorkspace(size: number, seed: number): { files: [string, string][]; manifest: Manifest };
export function ensureWorkspace(options: { size: number; seed?: number; dir?: string; force?: boolean; log?: (line: string) => void }): { dir: string; manifest: Manifest; generatedMs: number };
export function sanityCheck(dir: string, repoRoot: string): { sockets?: number; links?: number; findings: number; byRule: Record<string, number> };
