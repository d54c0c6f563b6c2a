/** The realistic sources the randomized tests start from, and the seeded PRNG they draw with. */
import * as fs from "node:fs";
import * as path from "node:path";

export type Rng = () => number;

/** A small, fast PRNG (mulberry32): numbers in [0, 1), the same sequence for the same seed. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SOURCE = /\.(?:[cm]?[jt]sx?)$/;

/** The corpus: every source file of examples/ and test/fixtures/, keyed by a virtual path under `root`. */
export function loadCorpus(repo: string, root = "/ws"): { files: Map<string, string>; packages: Map<string, string> } {
  const files = new Map<string, string>();
  const packages = new Map<string, string>();
  const walk = (dir: string, virtual: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name === "node_modules") continue;
      const real = path.join(dir, entry.name);
      const v = `${virtual}/${entry.name}`;
      if (entry.isDirectory()) walk(real, v);
      else if (entry.name === "package.json") packages.set(virtual, fs.readFileSync(real, "utf8"));
      else if (SOURCE.test(entry.name) && !entry.name.endsWith(".d.ts")) files.set(v, fs.readFileSync(real, "utf8"));
    }
  };
  walk(path.join(repo, "examples"), `${root}/examples`);
  walk(path.join(repo, "test/fixtures"), `${root}/fixtures`);
  return { files, packages };
}
