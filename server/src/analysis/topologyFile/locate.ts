/** What a position in a topology file points at: a declared name, a value, a link reference or a keyword. */
import { isKeyword, tokenize, type Keyword } from "./lexer";
import type { ComponentDecl, EndpointDecl, LinkDecl, OptionRequirement, Placeholder, Reference, SocketDecl, Span, TopologyFile } from "./syntax";

export type Located =
  | { kind: "title"; span: Span }
  | { kind: "component"; component: ComponentDecl; span: Span }
  | { kind: "program"; component: ComponentDecl; span: Span }
  | { kind: "role"; component: ComponentDecl; socket: SocketDecl; span: Span }
  | { kind: "type"; component: ComponentDecl; socket: SocketDecl; span: Span }
  | { kind: "endpoint"; component: ComponentDecl; socket: SocketDecl; endpoint: EndpointDecl; span: Span }
  | { kind: "placeholder"; component: ComponentDecl; socket: SocketDecl; endpoint: EndpointDecl; placeholder: Placeholder; span: Span }
  | { kind: "security"; socket: SocketDecl; span: Span }
  | { kind: "option"; socket: SocketDecl; option: OptionRequirement; span: Span }
  /** `component` of a link side; `target` is the declaration it names, when there is one. */
  | { kind: "link-component"; link: LinkDecl; reference: Reference; target?: ComponentDecl; span: Span }
  /** `.role` of a link side. */
  | { kind: "link-socket"; link: LinkDecl; reference: Reference; component?: ComponentDecl; target?: SocketDecl; span: Span }
  | { kind: "keyword"; keyword: Keyword; span: Span };

/** Whether the cursor touches the span (a cursor just after a word is on it). Empty spans never. */
export function touches(span: Span, offset: number): boolean {
  return span.end > span.start && span.start <= offset && offset <= span.end;
}

export function findComponent(tree: TopologyFile, name: string): ComponentDecl | undefined {
  return name === "" ? undefined : tree.components.find((c) => c.name.value === name);
}

export function findSocket(component: ComponentDecl | undefined, role: string): SocketDecl | undefined {
  return role === "" ? undefined : component?.sockets.find((s) => s.role.value === role);
}

export function locate(tree: TopologyFile, offset: number, text?: string): Located | undefined {
  if (tree.title && touches(tree.title.span, offset)) return { kind: "title", span: tree.title.span };
  for (const component of tree.components) {
    if (touches(component.name.span, offset)) return { kind: "component", component, span: component.name.span };
    if (component.program && touches(component.program.span, offset)) return { kind: "program", component, span: component.program.span };
    for (const socket of component.sockets) {
      if (touches(socket.role.span, offset)) return { kind: "role", component, socket, span: socket.role.span };
      if (touches(socket.type.span, offset)) return { kind: "type", component, socket, span: socket.type.span };
      for (const endpoint of socket.endpoints) {
        if (!touches(endpoint.span, offset)) continue;
        const placeholder = endpoint.placeholders.find((p) => touches(p.span, offset));
        if (placeholder) return { kind: "placeholder", component, socket, endpoint, placeholder, span: placeholder.span };
        return { kind: "endpoint", component, socket, endpoint, span: endpoint.span };
      }
      if (socket.security && touches(socket.security.span, offset)) return { kind: "security", socket, span: socket.security.span };
      for (const option of socket.options) {
        if (touches(option.name.span, offset)) return { kind: "option", socket, option, span: option.name.span };
      }
    }
  }
  for (const link of tree.links) {
    for (const reference of [link.from, link.to]) {
      const target = findComponent(tree, reference.component.value);
      if (touches(reference.component.span, offset)) {
        return { kind: "link-component", link, reference, ...(target ? { target } : {}), span: reference.component.span };
      }
      if (reference.socket && touches(reference.socket.span, offset)) {
        const socket = findSocket(target, reference.socket.value);
        return { kind: "link-socket", link, reference, ...(target ? { component: target } : {}), ...(socket ? { target: socket } : {}), span: reference.socket.span };
      }
    }
  }
  if (text !== undefined) {
    const token = tokenAt(text, offset);
    if (token && token.kind === "keyword" && isKeyword(token.text)) return { kind: "keyword", keyword: token.text, span: token.span };
  }
  return undefined;
}

/** The token under the cursor, lexing only the cursor's line. */
function tokenAt(text: string, offset: number): { kind: string; text: string; span: Span } | undefined {
  const { start, end } = lineBounds(text, offset);
  for (const token of tokenize(text.slice(start, end))) {
    const span = { start: token.span.start + start, end: token.span.end + start };
    if (touches(span, offset) && token.kind !== "newline" && token.kind !== "eof") return { kind: token.kind, text: token.text, span };
  }
  return undefined;
}

/** Start and end (before the line break) of the line holding `offset`. */
export function lineBounds(text: string, offset: number): Span {
  let start = Math.max(0, Math.min(offset, text.length));
  while (start > 0 && text[start - 1] !== "\n" && text[start - 1] !== "\r") start--;
  let end = start;
  while (end < text.length && text[end] !== "\n" && text[end] !== "\r") end++;
  return { start, end };
}
