/** The outline of a topology file: title, components with their sockets (endpoints and options inside), links. */
import type { SymbolData } from "./languageService";
import type { Reference, Span, TopologyFile } from "./syntax";

/** Editors reject empty symbol names: a name still being typed shows as this. */
const UNNAMED = "(unnamed)";

export function documentSymbols(tree: TopologyFile): SymbolData[] {
  const symbols: SymbolData[] = [];
  if (tree.title) symbols.push({ name: tree.title.value || UNNAMED, kind: "topology", span: tree.title.span, selection: tree.title.span, children: [] });
  for (const component of tree.components) {
    const sockets: SymbolData[] = component.sockets.map((socket) => {
      const children: SymbolData[] = [
        ...socket.endpoints.map((e): SymbolData => ({ name: e.text, detail: e.kind, kind: "endpoint", span: e.statementSpan, selection: e.span, children: [] })),
        ...socket.options.map((o): SymbolData => ({
          name: o.name.value, detail: `${o.comparison.value} ${JSON.stringify(o.value.value)}`, kind: "option", span: o.statementSpan, selection: o.name.span, children: [],
        })),
      ].sort((a, b) => a.span.start - b.span.start);
      return { name: socket.role.value || UNNAMED, detail: socket.type.value, kind: "socket", span: socket.span, selection: within(socket.role.span, socket.span), children };
    });
    symbols.push({
      name: component.name.value || UNNAMED,
      ...(component.program ? { detail: component.program.value } : {}),
      kind: "component", span: component.span, selection: within(component.name.span, component.span), children: sockets,
    });
  }
  for (const link of tree.links) {
    symbols.push({ name: `${referenceText(link.from)} -> ${referenceText(link.to)}`, kind: "link", span: link.span, selection: link.span, children: [] });
  }
  return symbols.sort((a, b) => a.span.start - b.span.start);
}

function referenceText(reference: Reference): string {
  const component = reference.component.value || "?";
  return reference.socket ? `${component}.${reference.socket.value || "?"}` : component;
}

/** The selection must lie inside the full span (a missing name is a zero-width span at its place). */
function within(selection: Span, span: Span): Span {
  if (selection.start >= span.start && selection.end <= span.end) return selection;
  return { start: span.start, end: span.start };
}
