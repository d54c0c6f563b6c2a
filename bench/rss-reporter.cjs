// Preloaded with `node --require` when /usr/bin/time is missing: writes the process's peak RSS (KiB) to
// $BENCH_RSS_FILE at exit, so the parent can read it without measuring anything itself.
"use strict";
const fs = require("node:fs");
const out = process.env.BENCH_RSS_FILE;
if (out) process.on("exit", () => fs.writeFileSync(out, String(process.resourceUsage().maxRSS)));
