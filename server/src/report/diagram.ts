import type { ZmqSocket } from "../analysis/model";
import { oneLine } from "./text";
import type { OutputView } from "./view";

interface Cluster {
  name: string;
  sockets: ZmqSocket[];
}

/** Sockets grouped by their first program, so each node is drawn once. */
function clusters(view: OutputView): Cluster[] {
  const byName = new Map<string, Cluster>();
  for (const s of view.snapshot.sockets) {
    const name = view.component(s) || "(no program)";
    let c = byName.get(name);
    if (!c) byName.set(name, (c = { name, sockets: [] }));
    c.sockets.push(s);
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function label(view: OutputView, s: ZmqSocket): string {
  return `${s.type}${s.holder ? ` ${s.holder}` : ""}\n${view.path(s.location.file)}:${s.location.line}`;
}

const dotString = (text: string): string => JSON.stringify(text);

/** Graphviz: one cluster per program, an edge from each connecting socket to the socket it reaches. */
export function dot(view: OutputView): string {
  const nodeIds = new Map(view.snapshot.sockets.map((s, i) => [s.id, `s${i}`]));
  const lines = ["digraph zmq_topology {", "  rankdir=LR;", '  node [shape=box, fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=9];'];
  clusters(view).forEach((c, i) => {
    lines.push(`  subgraph cluster_${i} {`, `    label=${dotString(c.name)};`, "    style=rounded;");
    for (const s of c.sockets) lines.push(`    ${nodeIds.get(s.id)} [label=${dotString(label(view, s))}];`);
    lines.push("  }");
  });
  for (const l of view.snapshot.links) {
    const style = [`label=${dotString(l.endpoint)}`];
    if (!l.compatible) style.push('color="red"', 'fontcolor="red"', "penwidth=2");
    if (!l.certain) style.push("style=dashed");
    lines.push(`  ${nodeIds.get(l.from)} -> ${nodeIds.get(l.to)} [${style.join(", ")}];`);
  }
  lines.push("}");
  return lines.join("\n");
}

const mermaidText = (text: string): string => `"${text.replace(/"/g, "#quot;").replace(/\r?\n/g, "<br/>")}"`;

/** Mermaid flowchart with the same structure as `dot`. */
export function mermaid(view: OutputView): string {
  const nodeIds = new Map(view.snapshot.sockets.map((s, i) => [s.id, `s${i}`]));
  const lines = ["flowchart LR"];
  clusters(view).forEach((c, i) => {
    lines.push(`  subgraph c${i}[${mermaidText(c.name)}]`);
    for (const s of c.sockets) lines.push(`    ${nodeIds.get(s.id)}[${mermaidText(label(view, s))}]`);
    lines.push("  end");
  });
  const incompatible: number[] = [];
  view.snapshot.links.forEach((l, i) => {
    const arrow = l.certain ? "-->" : "-.->";
    lines.push(`  ${nodeIds.get(l.from)} ${arrow}|${mermaidText(oneLine(l.endpoint))}| ${nodeIds.get(l.to)}`);
    if (!l.compatible) incompatible.push(i);
  });
  if (incompatible.length) lines.push(`  linkStyle ${incompatible.join(",")} stroke:#d00,stroke-width:2px,color:#d00`);
  return lines.join("\n");
}
