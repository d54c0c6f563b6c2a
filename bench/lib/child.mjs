// Runs one measured child process: wall time from spawn to exit, and its peak RSS.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const GNU_TIME = "/usr/bin/time";
const REPORTER = fileURLToPath(new URL("../rss-reporter.cjs", import.meta.url));

let gnuTime;
/** GNU time with -v, if installed; otherwise the --require reporter is used. */
function hasGnuTime() {
  if (gnuTime === undefined) gnuTime = fs.existsSync(GNU_TIME);
  return gnuTime;
}

/**
 * Spawns `node <args>` and resolves with { wallMs, maxRssKb, status, stdoutBytes, stderr }.
 * Standard output is counted and dropped unless `keepStdout` (the CLI report of 50k files is not worth keeping).
 */
export function timeNode(args, { cwd, env, keepStdout = false } = {}) {
  const rssFile = path.join(os.tmpdir(), `bench-rss-${process.pid}-${Date.now()}`);
  const useTime = hasGnuTime();
  const command = useTime ? GNU_TIME : process.execPath;
  const argv = useTime ? ["-v", process.execPath, ...args] : ["--require", REPORTER, ...args];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, argv, { cwd, env: { ...process.env, ...env, BENCH_RSS_FILE: rssFile }, stdio: ["ignore", "pipe", "pipe"] });
    let stdoutBytes = 0;
    const stdout = [];
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdoutBytes += chunk.length;
      if (keepStdout) stdout.push(chunk);
    });
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (status) => {
      const wallMs = performance.now() - started;
      let maxRssKb;
      if (useTime) {
        const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
        maxRssKb = m ? Number(m[1]) : undefined;
        stderr = stderr.replace(/\tCommand being timed:[\s\S]*$/, "");
      } else {
        try {
          maxRssKb = Number(fs.readFileSync(rssFile, "utf8"));
          fs.rmSync(rssFile);
        } catch {
          maxRssKb = undefined;
        }
      }
      resolve({ wallMs, maxRssKb, status, stdoutBytes, stderr, stdout: keepStdout ? Buffer.concat(stdout).toString("utf8") : undefined });
    });
  });
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Nearest-rank percentile. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
