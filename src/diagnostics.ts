// Diagnostics are values, never exceptions: every layer returns them and the
// CLI decides how to print them and which exit code follows.

import type { PosRange } from './promql/ast.js';

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
}

export function error(message: string, pos: PosRange): Diagnostic {
  return { severity: 'error', message, pos };
}

export function hasErrors(diags: readonly { severity: Severity }[]): boolean {
  return diags.some((d) => d.severity === 'error');
}

/** `file:line:col: severity: message`, the one text form every command prints. */
export function formatFileDiagnostic(d: FileDiagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`;
}
