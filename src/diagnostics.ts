// Diagnostics are values, never exceptions: every layer returns them and the
// CLI decides how to print them and which exit code follows.

import { utf8LineColumn, type PosRange } from './positions.js';

export type Severity = 'error' | 'warning' | 'info';

/**
 * What a diagnostic is about, one entry per kind. `exit` says what the kind
 * means for a command's exit code (src/cli/exit-codes.ts): `usage` — the
 * input could not be looked at (exit 2); `problem` — a problem in what was
 * read (exit 1 when it is an error, or at/above --fail-on). Commands decide
 * by code, never by a message's wording.
 */
export const DIAGNOSTIC_CODES = {
  'io/cannot-read': {
    exit: 'usage',
    about: 'an input could not be read at all: missing, permission denied, a directory, not gzip, cut short, over the input limit',
  },
  'yaml/syntax': { exit: 'problem', about: 'YAML that go-yaml refuses (or warns about)' },
  'limit/yaml-depth': { exit: 'problem', about: 'YAML nested deeper than promforge reads' },
  'limit/too-many-problems': { exit: 'problem', about: 'the count of problems left out after the first ones of a file' },
  'rulefmt/schema': { exit: 'problem', about: "a rule file's shape checked against its JSON schema" },
  'rulefmt/rule-file': { exit: 'problem', about: "Prometheus's rule-file validation (rulefmt), documents and groups" },
  'rulefmt/duplicate-rules': { exit: 'problem', about: 'two rules that write the same series' },
  'promql/syntax': { exit: 'problem', about: 'a PromQL expression that does not parse' },
  'promql/type': { exit: 'problem', about: "a PromQL expression that parses but fails Prometheus's type checks" },
  'template/syntax': { exit: 'problem', about: 'a Go text/template that does not parse' },
  'template/exec': { exit: 'problem', about: 'a Go text/template that fails when executed' },
  'engine/eval': { exit: 'problem', about: 'a query the engine cannot evaluate' },
  'samples/syntax': { exit: 'problem', about: "a sample file's content (OpenMetrics, API JSON, CSV, load blocks, tsdb dump)" },
  'samples/format': { exit: 'problem', about: 'a sample file whose format is not recognised' },
  'samples/note': { exit: 'problem', about: 'something in a sample file promforge reads differently or ignores' },
  'promqltest/load': { exit: 'problem', about: 'a PromQL test script load command that failed' },
  'unittest/test-file': { exit: 'problem', about: "a promtool unit-test file's content" },
  'unittest/rule-files': { exit: 'problem', about: "a unit-test file's rule_files that match nothing" },
  'config/invalid': { exit: 'problem', about: 'a .promforge.yaml problem' },
  'compile/pack': { exit: 'problem', about: 'a rule pack, its parameters or its output' },
  'fmt/left-as-written': { exit: 'problem', about: 'something fmt did not rewrite (PromQL comments, a rewrite that would change meaning)' },
  'lint/skipped-file': { exit: 'problem', about: 'a file lint does not look at' },
  'lint/disable-comment': { exit: 'problem', about: 'a promforge-disable comment that names no check' },
} as const satisfies Record<string, { readonly exit: 'usage' | 'problem'; readonly about: string }>;

/** A registered code, or `lint/<check-id>` for a lint check's finding. */
export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES | `lint/${string}/${string}`;

/** The code of a finding of lint check `id` (`promql/rate` → `lint/promql/rate`). */
export function lintCode(checkId: string): DiagnosticCode {
  return `lint/${checkId}` as DiagnosticCode;
}

/** Whether diagnostics with `code` mean the command could not look at its input (exit 2) rather than a problem in it. */
export function isUsageCode(code: DiagnosticCode): boolean {
  return code in DIAGNOSTIC_CODES && DIAGNOSTIC_CODES[code as keyof typeof DIAGNOSTIC_CODES].exit === 'usage';
}

/** A problem found in one piece of text; `pos` is relative to that text. */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly pos: PosRange;
}

/** A problem located in a file, with 1-based line and column (UTF-16 code units). */
export interface FileDiagnostic {
  readonly code: DiagnosticCode;
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

/** The error constructor of one layer: `const error = errorsOf('promql/syntax')`. */
export function errorsOf(code: DiagnosticCode): (message: string, pos: PosRange) => Diagnostic {
  return (message, pos) => ({ code, severity: 'error', message, pos });
}

export function hasErrors(diags: readonly { severity: Severity }[]): boolean {
  return diags.some((d) => d.severity === 'error');
}

/** A diagnostic about a whole file, at 1:1 (no position of its own: a missing file, a `--set` flag). */
export function wholeFileDiagnostic(code: DiagnosticCode, severity: Severity, file: string, message: string, source?: string): FileDiagnostic {
  return { code, severity, message, file, line: 1, column: 1, endLine: 1, endColumn: 1, ...(source !== undefined ? { source } : {}) };
}

/**
 * The diagnostic for an input that could not be read at all (missing,
 * permission denied, a directory, not gzip, cut short); `reason` from
 * describeReadError. Its code makes commands exit 2 — the input was never
 * looked at — where problems in what was read exit 1.
 */
export function readErrorDiagnostic(file: string, reason: string): FileDiagnostic {
  return wholeFileDiagnostic('io/cannot-read', 'error', file, `cannot read: ${reason}`, 'read');
}

export function isReadError(d: { readonly code: DiagnosticCode }): boolean {
  return d.code === 'io/cannot-read';
}

/**
 * `file:line:col: severity: message`, the one text form every command
 * prints; an unreadable input has no position: `file: cannot read: reason`.
 */
export function formatFileDiagnostic(d: FileDiagnostic, style: { readonly severity?: (severity: Severity) => string } = {}): string {
  if (isReadError(d)) return `${d.file}: ${d.message}`;
  return `${d.file}:${d.line}:${d.column}: ${style.severity ? style.severity(d.severity) : d.severity}: ${d.message}`;
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
