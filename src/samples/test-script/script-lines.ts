// Line handling shared by the `.test` script parsers: the file is split on
// `\n`, every line trimmed (Go's strings.TrimSpace), comment lines become
// empty lines, and diagnostics are placed by line and column in the original
// text.

import type { FileDiagnostic } from '../../diagnostics.js';
import type { Diagnostic } from '../../diagnostics.js';

export interface ScriptLine {
  /** 1-based line number. */
  readonly number: number;
  /** Trimmed text; '' for blank and comment lines. */
  readonly text: string;
  /** UTF-16 offset of `text` within the raw line (its indentation). */
  readonly indent: number;
}

// Go's unicode.IsSpace set (JS's trim() also strips U+FEFF, Go's does not).
const LEADING_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
const TRAILING_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/;

export function splitScriptLines(source: string): ScriptLine[] {
  return source.split('\n').map((raw, i) => {
    const lead = LEADING_SPACE.exec(raw)?.[0].length ?? 0;
    const text = raw.slice(lead).replace(TRAILING_SPACE, '');
    return { number: i + 1, text: text.startsWith('#') ? '' : text, indent: lead };
  });
}

/** Collects diagnostics for one file, positioned by script line. */
export class ScriptDiagnostics {
  readonly list: FileDiagnostic[] = [];

  constructor(private readonly file: string) {}

  /** An error spanning [start, end) of `line.text` (whole line when omitted). */
  error(line: ScriptLine, message: string, start = 0, end = line.text.length): void {
    const s = Math.max(0, Math.min(start, line.text.length));
    const e = Math.max(s, Math.min(end, line.text.length));
    this.list.push({
      code: 'samples/syntax',
      severity: 'error',
      message,
      file: this.file,
      line: line.number,
      column: line.indent + s + 1,
      endLine: line.number,
      endColumn: line.indent + e + 1,
      source: 'promqltest',
    });
  }

  /** Re-places diagnostics whose positions are offsets into `line.text` after `offset`. */
  fromText(line: ScriptLine, diags: readonly Diagnostic[], offset = 0, prefix = ''): void {
    for (const d of diags) this.error(line, prefix + d.message, offset + d.pos.start, offset + d.pos.end);
  }

  get hasErrors(): boolean {
    return this.list.length > 0;
  }
}
