import * as fs from "node:fs";
import { joinPath } from "../paths";

export const TOPOLOGY_EXTENSION = ".zmqtopo";

export function isTopologyFile(file: string): boolean {
  return file.endsWith(TOPOLOGY_EXTENSION);
}

/**
 * The topology file of a folder: the one `*.zmqtopo` at its root. With several, `several` names them
 * all and the caller decides (the CLI asks for `--topology`; the server takes `topology.zmqtopo` if present).
 */
export function topologyFileIn(folder: string, list: (dir: string) => string[] = listFolder): { file?: string; several?: string[] } {
  const found = list(folder).filter(isTopologyFile).sort();
  if (found.length === 0) return {};
  if (found.length === 1) return { file: joinPath(folder, found[0]!) };
  return { several: found.map((f) => joinPath(folder, f)) };
}

function listFolder(dir: string): string[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile() || e.isSymbolicLink()).map((e) => e.name);
  } catch {
    return [];
  }
}
