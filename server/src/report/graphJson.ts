import type { OutputView } from "./view";

/** `graph --format json`: the documented, stable shape other tools consume. */
export function graphJson(view: OutputView): string {
  const { snapshot } = view;
  return JSON.stringify({
    version: 1,
    sockets: snapshot.sockets.map((s) => ({
      id: view.id(s.id),
      type: s.type,
      file: view.path(s.location.file),
      line: s.location.line,
      column: s.location.column,
      component: view.component(s),
      binds: s.binds.map((b) => b.text),
      connects: s.connects.map((c) => c.text),
      options: view.options(s),
    })),
    links: snapshot.links.map((l) => ({ from: view.id(l.from), to: view.id(l.to), endpoint: l.endpoint, compatible: l.compatible })),
  }, null, 2);
}
