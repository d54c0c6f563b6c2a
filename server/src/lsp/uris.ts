import { fileURLToPath, pathToFileURL } from "node:url";
import { normalizePath } from "../analysis/paths";

/** The analysis keys files by absolute path with forward slashes; the protocol by URI. */
export function uriToFile(uri: string): string | undefined {
  if (!uri.startsWith("file:")) return undefined;
  return normalizePath(fileURLToPath(uri));
}

export function fileToUri(file: string): string {
  return pathToFileURL(file).href;
}
