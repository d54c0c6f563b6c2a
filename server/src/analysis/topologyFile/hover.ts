/** Hovers in a topology file: keywords, libzmq names, and what the code does for each declaration. */
import { creationLocations, endpointUses, locationLink, matchOf, programOfComponent, programSockets, socketLine } from "./codeFacts";
import { keywordMarkdown, optionMarkdown, SECURITY_MEANINGS, socketTypeMarkdown } from "./descriptions";
import { uniqueUses } from "./drift";
import { placeholderValues } from "./endpointPattern";
import type { CodeFacts } from "./languageService";
import { locate } from "./locate";
import type { ComponentDecl, SocketDecl, Span, TopologyFile } from "./syntax";

export function hoverAt(text: string, tree: TopologyFile, offset: number, facts: CodeFacts | undefined): { markdown: string; span: Span } | undefined {
  const at = locate(tree, offset, text);
  if (!at) return undefined;
  const markdown = ((): string | undefined => {
    switch (at.kind) {
      case "keyword": return keywordMarkdown(at.keyword);
      case "title": return `**topology** "${tree.title!.value}"`;
      case "type": return socketTypeMarkdown(at.socket.type.value) ?? `\`${at.socket.type.value}\` is not a libzmq socket type.`;
      case "security": return `**security ${at.socket.security!.value}**: ${SECURITY_MEANINGS[at.socket.security!.value]}`;
      case "option": return optionMarkdown(at.option.name.value);
      case "role": return socketHover(at.component, at.socket, facts);
      case "component": return componentHover(at.component, facts);
      case "program": return programHover(at.component, facts);
      case "endpoint": {
        const head = `**${at.endpoint.kind}** \`${at.endpoint.text}\``;
        if (!facts) return head;
        const uses = endpointUses(facts, at.component, at.socket, at.endpoint);
        if (uses.length === 0) return `${head}\n\nNot found in code.`;
        return `${head}\n\nIn code:\n${uses.map((u) => `- \`${u.text}\` at ${locationLink(facts, u.location)}`).join("\n")}`;
      }
      case "placeholder": return placeholderHover(at.placeholder.name, facts);
      case "link-component":
        return at.target ? componentHover(at.target, facts) : `No component \`${at.reference.component.value}\` is declared in this file.`;
      case "link-socket":
        if (at.component && at.target) return socketHover(at.component, at.target, facts);
        return `No socket \`${at.reference.component.value}.${at.reference.socket?.value ?? ""}\` is declared in this file.`;
    }
  })();
  return markdown === undefined ? undefined : { markdown, span: at.span };
}

function socketHover(component: ComponentDecl, socket: SocketDecl, facts: CodeFacts | undefined): string {
  const head = `**socket** \`${component.name.value}.${socket.role.value}\`: ${socket.type.value || "(no type)"}`;
  if (!facts) return head;
  const match = matchOf(facts, socket, component);
  if (!match) return `${head}\n\nNot found in code.`;
  const seen = new Set(creationLocations(match.sockets));
  const lines = match.sockets.filter((s) => seen.delete(s.location)).map((s) => socketLine(facts, s));
  return `${head}\n\nIn code:\n${lines.join("\n")}`;
}

function componentHover(component: ComponentDecl, facts: CodeFacts | undefined): string {
  const lines = [`**component** \`${component.name.value}\``];
  const program = programOfComponent(facts, component);
  const declared = component.program?.value;
  if (program !== undefined) {
    const count = programSockets(facts!, program).length;
    lines.push(`Program \`${program}\`: ${count} socket${count === 1 ? "" : "s"} in code.`);
  } else if (declared !== undefined) {
    lines.push(facts ? `Program \`${declared}\`: not found in code.` : `Program \`${declared}\`.`);
  } else if (facts) {
    lines.push("No program in code matches this component.");
  }
  const declaredSockets = component.sockets.filter((s) => s.role.value !== "").map((s) => `\`${s.role.value}: ${s.type.value}\``);
  if (declaredSockets.length > 0) lines.push(`Declares ${declaredSockets.join(", ")}.`);
  return lines.join("\n\n");
}

function programHover(component: ComponentDecl, facts: CodeFacts | undefined): string {
  const path = component.program!.value;
  const head = `**program** \`${path}\``;
  if (!facts) return head;
  const program = programOfComponent(facts, component);
  if (program === undefined) {
    const known = [...new Set(facts.snapshot.sockets.flatMap((s) => s.components))].sort();
    return `${head}\n\nNo program with ZeroMQ sockets has this name in code.${known.length > 0 ? ` Programs: ${known.map((k) => `\`${k}\``).join(", ")}.` : ""}`;
  }
  const count = programSockets(facts, program).length;
  return `${head}\n\n${count} socket${count === 1 ? "" : "s"} in code.`;
}

/** The values a placeholder takes in the code endpoints its declarations match. */
function placeholderHover(name: string, facts: CodeFacts | undefined): string {
  const head = `**placeholder** \`{${name}}\`: matches any text; it must take one value everywhere the file uses it.`;
  if (!facts) return head;
  const values = new Map<string, string[]>();
  for (const match of facts.report.matches) {
    const uses = uniqueUses(match.sockets);
    for (const endpoint of match.declaration.endpoints) {
      if (!endpoint.placeholders.some((p) => p.name === name)) continue;
      for (const use of uses) {
        if (use.kind !== endpoint.kind) continue;
        const value = placeholderValues(endpoint.text, use.text)?.get(name);
        if (value === undefined) continue;
        let where = values.get(value);
        if (!where) values.set(value, (where = []));
        const label = `\`${match.component.name.value}.${match.declaration.role.value}\` at ${locationLink(facts, use.location)}`;
        if (!where.includes(label)) where.push(label);
      }
    }
  }
  if (values.size === 0) return `${head}\n\nNo value found in code.`;
  const lines = [...values].map(([value, where]) => `- \`${value}\`: ${where.join(", ")}`);
  return `${head}\n\nIn code:\n${lines.join("\n")}`;
}
