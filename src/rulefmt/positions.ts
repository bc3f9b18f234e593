// Mapping positions inside a value (a PromQL or template diagnostic's `pos`)
// to file spans, and spans to FileDiagnostics. Later layers (lint, test) use
// these to report findings inside `expr:` at the right file line:column.
import type { Diagnostic, DiagnosticCode, FileDiagnostic, Severity } from '../diagnostics.js';
import type { PosRange } from '../positions.js';
import { spanOf, type SourceSpan, type SourceText } from '../positions.js';
import type { LocatedString } from './model.js';

/** The file span of value[start, end) of a string read from a scalar. */
export function valueRangeSpan(source: SourceText, str: LocatedString, start: number, end: number): SourceSpan {
  const map = str.map;
  if (!map) return str.span;
  const clamp = (i: number): number => Math.max(0, Math.min(Math.trunc(i), map.value.length));
  if (start >= map.value.length) {
    // "End of input": report right after the last visible character, not after
    // the trailing line breaks a block scalar keeps.
    let k = map.value.length - 1;
    while (k > 0 && /\s/.test(map.value[k] ?? '')) k--;
    const after = k >= 0 ? (map.offsets[k] ?? str.span.offset) + 1 : str.span.offset;
    return spanOf(source, after, after);
  }
  const a = map.offsets[clamp(start)] ?? str.span.offset;
  // The end maps through the last character, so a span never runs past a line break it does not cover.
  const lastChar = clamp(end) - 1;
  const b = end > start && lastChar >= clamp(start) ? (map.offsets[lastChar] ?? a) + 1 : a;
  return spanOf(source, a, Math.max(a, b));
}

/** A diagnostic positioned in a file span. */
export function fileDiagnostic(file: string, code: DiagnosticCode, severity: Severity, message: string, span: SourceSpan, source?: string): FileDiagnostic {
  return {
    code,
    severity,
    message,
    file,
    line: span.line,
    column: span.column,
    endLine: span.endLine,
    endColumn: span.endColumn,
    ...(source !== undefined ? { source } : {}),
  };
}

/** Moves a diagnostic about a value (pos relative to the value) to the file. */
export function mapValueDiagnostic(file: string, source: SourceText, str: LocatedString, d: Diagnostic, prefix: string, sourceName: string): FileDiagnostic {
  const pos: PosRange = d.pos;
  return fileDiagnostic(file, d.code, d.severity, `${prefix}${d.message}`, valueRangeSpan(source, str, pos.start, pos.end), sourceName);
}
