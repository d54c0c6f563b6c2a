// Turns the results object into the stdout table and the Markdown table (same rows and columns).

const fmt = (v, digits = 1) => (v === undefined || v === null || Number.isNaN(v) ? "–" : v.toFixed(digits));
const sec = (ms) => fmt(ms === undefined ? undefined : ms / 1000, 2);
const ms = (v) => fmt(v, v !== undefined && v < 10 ? 1 : 0);
const triple = (s) => (s ? `${ms(s.p50)} / ${ms(s.p95)} / ${ms(s.max)}` : "–");

/** [header, cell(size result)] per column. */
const COLUMNS = [
  ["files", (r) => String(r.size)],
  ["CLI cold s", (r) => sec(r.cli?.medianMs)],
  ["CLI + topology s", (r) => sec(r.topology?.medianMs)],
  ["floor s", (r) => sec(r.floor?.medianMs)],
  ["CLI/floor", (r) => fmt(r.ratios.cliOverFloor, 1)],
  ["ESLint s", (r) => (r.eslint?.skipped ? "skipped" : sec(r.eslint?.wallMs))],
  ["ESLint/CLI", (r) => fmt(r.ratios.eslintOverCli, 1)],
  ["incr. zmq ms p50/p95/max", (r) => triple(r.incremental?.byKind.zmq)],
  ["incr. config ms", (r) => triple(r.incremental?.byKind.config)],
  ["incr. unrelated ms", (r) => triple(r.incremental?.byKind.unrelated)],
  ["LSP zmq ms p50/p95", (r) => (r.lsp ? `${ms(r.lsp.zmq.p50)} / ${ms(r.lsp.zmq.p95)}` : "–")],
  ["LSP config ms p50/p95", (r) => (r.lsp ? `${ms(r.lsp.config.p50)} / ${ms(r.lsp.config.p95)}` : "–")],
  ["LSP topology ms p50/p95", (r) => (r.lsp?.topology ? `${ms(r.lsp.topology.p50)} / ${ms(r.lsp.topology.p95)}` : "–")],
  ["RSS CLI / server MB", (r) => `${fmt(r.cli?.medianRssMb, 0)} / ${fmt(r.lsp?.ready.hwmMb, 0)}`],
  ["×10k time", (r) => fmt(r.ratios.cliOverTenK, 2)],
];

export function textTable(rows) {
  const cells = [COLUMNS.map(([h]) => h), ...rows.map((r) => COLUMNS.map(([, cell]) => cell(r)))];
  const widths = COLUMNS.map((_, c) => Math.max(...cells.map((row) => row[c].length)));
  return cells.map((row) => row.map((v, c) => v.padStart(widths[c])).join("  ")).join("\n");
}

export function markdownTable(rows, machine) {
  const lines = [
    `| ${COLUMNS.map(([h]) => h).join(" | ")} |`,
    `| ${COLUMNS.map(() => "---:").join(" | ")} |`,
    ...rows.map((r) => `| ${COLUMNS.map(([, cell]) => cell(r)).join(" | ")} |`),
  ];
  const where = `${machine.cpu}, ${machine.cores} cores, ${fmt(machine.totalMemGb, 0)} GB, Node ${machine.node}, commit ${machine.commit.slice(0, 7)}`;
  return `${lines.join("\n")}\n\nMedians of ${rows.map((r) => `${r.runs} run${r.runs === 1 ? "" : "s"} at ${r.size}`).join(", ")}; ${where}. ` +
    "Incremental: graph.update + snapshot + runRules per single-file edit. LSP: didChange to the last publish it causes (debounceMs 0).\n";
}
