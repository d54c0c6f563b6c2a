import type { SourceLocation } from "./model";

export type Severity = "error" | "warning" | "information" | "hint";

export interface RelatedInformation {
  location: SourceLocation;
  message: string;
}

/** A replacement of `[start, end)` (UTF-16 offsets into the analyzed text of `file`). */
export interface TextEdit {
  file: string;
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** "suppress" fixes only silence the finding; `--fix` and fix-all apply "quickfix" ones. */
  kind: "quickfix" | "suppress";
  /** Changes behaviour in a way the user must weigh (e.g. sends that start failing): offered in the editor, never applied by `--fix`. */
  manual?: boolean;
}

export interface Finding {
  rule: string;
  severity: Severity;
  location: SourceLocation;
  message: string;
  related: RelatedInformation[];
  /** The rule's own fix first, when it has one; the suppression comment last. */
  fixes?: Fix[];
  /** Shown faded (`unnecessary`) or struck through (`deprecated`) by editors. */
  tags?: ("unnecessary" | "deprecated")[];
}

export const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { error: 0, warning: 1, information: 2, hint: 3 };

export function isSeverity(value: unknown): value is Severity {
  return value === "error" || value === "warning" || value === "information" || value === "hint";
}
