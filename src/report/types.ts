// What every reporter receives: located problems plus the file texts (for
// source excerpts), and what a reporter needs to know about its terminal.

import type { FileDiagnostic } from '../diagnostics.js';
import type { CheckInfo } from '../lint/check-info.js';

export type { CheckInfo };

export interface ReportInput {
  readonly problems: readonly FileDiagnostic[];
  /** File path → text, for printing source lines under problems. */
  readonly sources: ReadonlyMap<string, string>;
  /** Check metadata for formats that describe rules (SARIF). */
  readonly checks?: readonly CheckInfo[];
  readonly toolVersion: string;
}

export interface TerminalInfo {
  /** Colours are used only on a TTY and never when NO_COLOR is set. */
  readonly color: boolean;
}

export type Reporter = (input: ReportInput, terminal: TerminalInfo) => string;

export function wantsColor(isTTY: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  return isTTY && (env['NO_COLOR'] === undefined || env['NO_COLOR'] === '') && env['TERM'] !== 'dumb';
}

/** Problems in a stable order: file, line, column, then check id. */
export function sortProblems(problems: readonly FileDiagnostic[]): FileDiagnostic[] {
  return [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || (a.source ?? '').localeCompare(b.source ?? ''));
}
