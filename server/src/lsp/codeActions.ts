import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit as LspTextEdit, type WorkspaceEdit } from "vscode-languageserver";
import type { Finding, TextEdit } from "../analysis/diagnostics";
import { fixesToApply, socketOptionEdits, type OptionLiteral } from "../analysis/fixes";
import type { ZmqSocket } from "../analysis/model";
import type { SourceAccess } from "../analysis/rules/rule";
import type { SocketType } from "../analysis/socketTypes";
import { DIAGNOSTIC_SOURCE, toDiagnostic } from "./diagnostics";

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.zmqTopology`;

/** Socket types whose `send` can wait (no peer, or the high-water mark reached) instead of dropping. */
const SEND_CAN_BLOCK = new Set<SocketType>(["REQ", "REP", "DEALER", "PUSH", "PAIR", "CLIENT", "SERVER", "SCATTER", "CHANNEL", "PEER"]);

/** What code actions need from the server: the analyzed texts, and the URI each file is open under. */
export interface ActionContext {
  sources: SourceAccess;
  uriOf(file: string): string;
  /** False when the editor's text differs from the analyzed one: offsets would land in the wrong place. */
  isCurrent(file: string): boolean;
  /** Offsets to positions in files that are not sources (topology files); undefined when unknown. */
  positionsIn?(file: string): ((offset: number) => { line: number; character: number }) | undefined;
}

/** Quick fixes and suppressions of the diagnostics in the request, from the findings they came from. */
export function quickFixes(params: CodeActionParams, findings: readonly Finding[], ctx: ActionContext): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
    const finding = findings.find((f) => sameDiagnostic(toDiagnostic(f), diagnostic));
    if (!finding?.fixes) continue;
    const preferred = finding.fixes.find((f) => f.kind === "quickfix" && !f.manual);
    for (const fix of finding.fixes) {
      const edit = workspaceEdit(fix.edits, ctx);
      if (!edit) continue;
      const action: CodeAction = { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit };
      if (fix === preferred) action.isPreferred = true;
      actions.push(action);
    }
  }
  return actions;
}

/** Every automatic fix of the file's findings at once (`source.fixAll.zmqTopology`). */
export function fixAll(findingsInFile: readonly Finding[], ctx: ActionContext): CodeAction | undefined {
  const { byFile, count } = fixesToApply(findingsInFile);
  if (count === 0) return undefined;
  const edit = workspaceEdit([...byFile.values()].flat(), ctx);
  return edit && { title: `Fix all ZeroMQ topology problems (${count})`, kind: FIX_ALL_KIND, edit };
}

/** "Add timeouts and linger" for a socket at the cursor: the options not set yet, as in the rules' fixes. */
export function addTimeoutsRefactor(socket: ZmqSocket, ctx: ActionContext): CodeAction | undefined {
  const set = new Set(socket.options.map((o) => o.name));
  const wanted: Record<string, OptionLiteral> = { receiveTimeout: 5000, linger: 0 };
  if (SEND_CAN_BLOCK.has(socket.type)) wanted["sendTimeout"] = 5000;
  const options = Object.fromEntries(Object.entries(wanted).filter(([name]) => !set.has(name)));
  if (Object.keys(options).length === 0) return undefined;
  const edits = socketOptionEdits(socket, options, ctx.sources);
  const edit = edits && workspaceEdit(edits, ctx);
  return edit && { title: "Add timeouts and linger to this socket", kind: CodeActionKind.RefactorRewrite, edit };
}

/** Analysis edits (UTF-16 offsets into the analyzed text) as LSP edits; undefined when a text is stale. */
function workspaceEdit(edits: readonly TextEdit[], ctx: ActionContext): WorkspaceEdit | undefined {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const e of edits) {
    const sf = ctx.sources.sourceFile(e.file);
    const positionOf = sf ? (offset: number) => sf.getLineAndCharacterOfPosition(offset) : ctx.positionsIn?.(e.file);
    if (!positionOf || !ctx.isCurrent(e.file)) return undefined;
    const start = positionOf(e.start);
    const end = positionOf(e.end);
    (changes[ctx.uriOf(e.file)] ??= []).push({ range: { start, end }, newText: e.newText });
  }
  return { changes };
}

function sameDiagnostic(a: Diagnostic, b: Diagnostic): boolean {
  return a.code === b.code && a.message === b.message && a.range.start.line === b.range.start.line &&
    a.range.start.character === b.range.start.character && a.range.end.line === b.range.end.line && a.range.end.character === b.range.end.character;
}
