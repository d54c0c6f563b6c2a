import type { SourceLocation } from "./model";

export type Severity = "error" | "warning" | "information" | "hint";

export interface RelatedInformation {
  location: SourceLocation;
  message: string;
}

export interface Finding {
  rule: string;
  severity: Severity;
  location: SourceLocation;
  message: string;
  related: RelatedInformation[];
}

export const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { error: 0, warning: 1, information: 2, hint: 3 };

export function isSeverity(value: unknown): value is Severity {
  return value === "error" || value === "warning" || value === "information" || value === "hint";
}
