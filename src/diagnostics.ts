// Diagnostics are values, never exceptions: every layer returns them and the
// CLI decides how to print them and which exit code follows.

import { utf8LineColumn, type PosRange } from './positions.js';

export type Severity = 'error' | 'warning' | 'info';

/** A problem found in one piece of text; `pos` is relative to that text. */
export interface Diagnostic {
  readonly severity: Severity;
  readonly message: string;
  readonly pos: PosRange;
}

/** A problem located in a file, with 1-based line and column (UTF-16 code units). */
export interface FileDiagnostic {
  readonly severity: Severity;
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** The check or layer that produced it, e.g. `promql/rate` or `rulefmt`. */
  readonly source?: string;
  /**
   * The message as Prometheus words it, where that differs by carrying a
   * position of its own (rulefmt's `could not parse expression: 1:7: parse
   * error: …`). Unit-test failure reports print it, as promtool does.
   */
  readonly prometheusMessage?: string;
}

export function error(message: string, pos: PosRange): Diagnostic {
  return { severity: 'error', message, pos };
}

export function hasErrors(diags: readonly { severity: Severity }[]): boolean {
  return diags.some((d) => d.severity === 'error');
}

/**
 * The source of diagnostics saying an input could not be read at all
 * (missing, permission denied, a directory, not gzip, cut short). Commands
 * exit 2 for these — the input was never looked at — and 1 for problems in
 * what was read; they tell the two apart by this source, not by wording.
 */
export const READ_ERROR_SOURCE = 'read';

/** The diagnostic for an input that could not be read; `reason` from describeReadError. */
export function readErrorDiagnostic(file: string, reason: string): FileDiagnostic {
  return { severity: 'error', message: `cannot read: ${reason}`, file, line: 1, column: 1, endLine: 1, endColumn: 1, source: READ_ERROR_SOURCE };
}

export function isReadError(d: { readonly source?: string }): boolean {
  return d.source === READ_ERROR_SOURCE;
}

/**
 * `file:line:col: severity: message`, the one text form every command
 * prints; an unreadable input has no position: `file: cannot read: reason`.
 */
export function formatFileDiagnostic(d: FileDiagnostic): string {
  if (isReadError(d)) return `${d.file}: ${d.message}`;
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`;
}

// At most MAX_DIAGNOSTICS_PER_FILE diagnostics are printed per file. A
// recording with 200,000 malformed lines is one mistake repeated, and
// 200,000 lines of it bury everything else; the first hundred show the
// pattern and a count says how much more there is.
export const MAX_DIAGNOSTICS_PER_FILE = 100;

/** The lines to print for `diagnostics`, capped per file, with an "… and N more" line per capped file. */
export function diagnosticLines(diagnostics: readonly FileDiagnostic[], perFile = MAX_DIAGNOSTICS_PER_FILE): string[] {
  const shown = new Map<string, number>();
  const omitted = new Map<string, number>();
  const lines: string[] = [];
  for (const d of diagnostics) {
    const n = shown.get(d.file) ?? 0;
    if (n < perFile) {
      shown.set(d.file, n + 1);
      lines.push(formatFileDiagnostic(d));
    } else omitted.set(d.file, (omitted.get(d.file) ?? 0) + 1);
  }
  for (const [file, n] of omitted) lines.push(`${file}: … and ${n} more problem${n === 1 ? '' : 's'} (only the first ${perFile} are shown)`);
  return lines;
}

/** Writes diagnosticLines(diagnostics) through `write`, one per line. */
export function printDiagnostics(write: (text: string) => void, diagnostics: readonly FileDiagnostic[], perFile = MAX_DIAGNOSTICS_PER_FILE): void {
  for (const line of diagnosticLines(diagnostics, perFile)) write(`${line}\n`);
}

/**
 * Prometheus's text for a syntax error in `query` (ParseErr.Error()):
 * `line:col: parse error: message`, counted within the query itself — line
 * from 1, column in UTF-8 bytes after the last line break, from 1. promtool
 * prints this inside its own messages (rulefmt's `could not parse
 * expression: 1:7: parse error: …`, input series errors), so unit-test
 * reports reproduce it.
 */
export function prometheusParseErrorText(query: string, d: Diagnostic): string {
  const { line, column } = utf8LineColumn(query, d.pos.start);
  return `${line}:${column}: parse error: ${d.message}`;
}
