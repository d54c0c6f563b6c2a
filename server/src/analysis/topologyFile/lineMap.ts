/** Offsets ↔ 0-based lines and UTF-16 columns, and spans → the project's 1-based SourceLocation. */
import type { SourceLocation } from "../model";
import type { Span } from "./syntax";

export interface LinePosition {
  line: number;
  column: number;
}

export class LineMap {
  /** Offset where each line starts; `\r\n`, `\n` and a lone `\r` each end a line. */
  private readonly lineStarts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 13 /* \r */ && text.charCodeAt(i + 1) === 10) continue;
      if (ch === 10 || ch === 13) this.lineStarts.push(i + 1);
    }
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  position(offset: number): LinePosition {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, column: clamped - this.lineStarts[low]! };
  }

  /** A column past the end of its line is clamped to the line's end (as LSP asks); so is a line past the end. */
  offset(line: number, column: number): number {
    if (line < 0) return 0;
    if (line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[line]!;
    return start + Math.max(0, Math.min(column, this.lineContentEnd(line) - start));
  }

  /** Where the line's text ends, before its line break. */
  private lineContentEnd(line: number): number {
    let end = this.lineStarts[line + 1] ?? this.text.length;
    if (end > this.lineStarts[line]! && this.text[end - 1] === "\n") end--;
    if (end > this.lineStarts[line]! && this.text[end - 1] === "\r") end--;
    return end;
  }
}

/** 1-based line and column, end column exclusive, as `ast.ts` makes them for code. */
export function spanToLocation(file: string, lineMap: LineMap, span: Span): SourceLocation {
  const start = lineMap.position(span.start);
  const end = lineMap.position(span.end);
  return { file, line: start.line + 1, column: start.column + 1, endLine: end.line + 1, endColumn: end.column + 1 };
}
