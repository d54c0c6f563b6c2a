// Ordinary TypeScript modules (~98% of the workspace): interfaces, classes and functions that import each other.

const NOUNS = ["ledger", "invoice", "account", "shipment", "catalog", "session", "profile", "report", "schedule", "quota",
  "payment", "order", "ticket", "metric", "audit", "cache", "token", "route", "policy", "asset", "tenant", "batch", "queue", "review"];
const VERBS = ["normalize", "merge", "score", "validate", "index", "rank", "summarize", "reconcile", "project", "partition"];
const FIELDS = ["amount", "weight", "priority", "retries", "offset", "limit", "budget", "latency", "count", "level"];

export const words = { NOUNS, VERBS, FIELDS };

const cap = (s) => s[0].toUpperCase() + s.slice(1);

/** The names a module exports, so importers can call them. */
export function plainExports(id, rng) {
  const base = cap(rng.pick(NOUNS)) + cap(rng.pick(NOUNS)) + id;
  return { record: `${base}Record`, service: `${base}Service`, fn: `compute${base}`, base };
}

/** Import lines for `deps` ({ spec, fn }), each from one module or barrel. */
export function importLines(deps) {
  return deps.map((d) => `import { ${d.fn} } from "${d.spec}";`).join("\n");
}

/** One class method; enough variety in shape that the parser sees real code, not one repeated line. */
function method(rng, names, k, deps) {
  const field = rng.pick(FIELDS);
  const verb = rng.pick(VERBS);
  const call = deps.length ? `${rng.pick(deps).fn}(value)` : "value * 2";
  const shapes = [
    () => `  ${verb}${cap(field)}${k}(threshold: number = ${rng.int(1, 500)}): number {
    let total = 0;
    for (const record of this.items.values()) {
      const value = record.${field};
      if (value > threshold) total += ${call};
      else if (record.tags.includes("${rng.pick(NOUNS)}")) total -= value / ${rng.int(2, 9)};
    }
    return Math.round(total * ${rng.int(10, 99)}) / ${rng.int(10, 99)};
  }`,
    () => `  async ${verb}All${k}(ids: readonly string[]): Promise<${names.record}[]> {
    const found: ${names.record}[] = [];
    for (const id of ids) {
      const record = this.items.get(id);
      if (!record) continue;
      await new Promise<void>((resolve) => setTimeout(resolve, ${rng.int(0, 5)}));
      found.push({ ...record, ${field}: record.${field} + ${rng.int(1, 50)} });
    }
    return found.sort((a, b) => a.${field} - b.${field});
  }`,
    () => `  ${verb}By${cap(field)}${k}(): Map<string, ${names.record}[]> {
    const groups = new Map<string, ${names.record}[]>();
    for (const record of this.items.values()) {
      const key = record.status === "closed" ? "done" : \`\${record.${field} % ${rng.int(3, 17)}}\`;
      const list = groups.get(key) ?? [];
      list.push(record);
      groups.set(key, list);
    }
    return groups;
  }`,
    () => `  describe${k}(id: string): string {
    const record = this.items.get(id);
    if (record === undefined) return \`\${this.label}: no \${id}\`;
    switch (record.status) {
      case "pending":
        return \`\${id} waits (${field} \${record.${field}})\`;
      case "active":
        return \`\${id} runs at \${record.${field}.toFixed(${rng.int(0, 3)})}\`;
      default:
        return \`\${id} closed after \${record.retries} retries\`;
    }
  }`,
  ];
  return rng.pick(shapes)();
}

function freeFunction(rng, names, k, deps) {
  const verb = rng.pick(VERBS);
  const call = deps.length ? `${rng.pick(deps).fn}(acc + item)` : "acc + item";
  return `/** Batch step (${verb}) over ${rng.pick(NOUNS)} values; pure, so callers can memoize it. */
export function ${verb}${names.base}Batch${k}(items: readonly number[], factor = ${rng.int(2, 40)}): number {
  return items.reduce((acc, item, index) => (index % factor === 0 ? ${call} : acc - item / factor), ${rng.int(0, 100)});
}`;
}

/** A whole module of about `targetBytes` characters. */
export function plainModule({ rng, names, deps, targetBytes, extraHeader = "" }) {
  const parts = [];
  const imports = importLines(deps);
  if (imports) parts.push(imports);
  if (extraHeader) parts.push(extraHeader);
  parts.push(`export type ${names.base}Status = "pending" | "active" | "closed";

/** One ${names.base} row as stored; numbers are plain so the record serializes as-is. */
export interface ${names.record} {
  id: string;
  status: ${names.base}Status;
  tags: readonly string[];
${FIELDS.map((f) => `  ${f}: number;`).join("\n")}
}

export const ${names.base.toUpperCase()}_LIMITS = { maxItems: ${rng.int(50, 5000)}, retryDelayMs: ${rng.int(10, 900)} } as const;

export function ${names.fn}(input: number): number {
  ${deps.length ? `return ${deps.map((d) => `${d.fn}(input % ${rng.int(2, 97)})`).join(" + ")} + input;` : `return input * ${rng.int(2, 9)} + ${rng.int(0, 99)};`}
}`);
  const classHead = `export class ${names.service} {
  private readonly items = new Map<string, ${names.record}>();

  constructor(private readonly label: string = "${names.base}") {}

  add(record: ${names.record}): void {
    if (this.items.size >= ${names.base.toUpperCase()}_LIMITS.maxItems) throw new Error(\`\${this.label} is full\`);
    this.items.set(record.id, record);
  }`;
  const methods = [];
  const functions = [];
  let size = parts.join("\n\n").length + classHead.length;
  for (let k = 0; size < targetBytes; k++) {
    const text = k % 4 === 3 ? freeFunction(rng, names, k, deps) : method(rng, names, k, deps);
    (k % 4 === 3 ? functions : methods).push(text);
    size += text.length + 2;
  }
  parts.push(`${classHead}\n\n${methods.join("\n\n")}\n}`);
  if (functions.length) parts.push(functions.join("\n\n"));
  return parts.join("\n\n") + "\n";
}
