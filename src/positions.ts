// Positions, the lowest layer's own types: a range of UTF-16 offsets inside
// one text (every AST node's and every Diagnostic's `pos`), and offsets →
// 1-based line:column for one file's text (FileDiagnostic). Columns count
// UTF-16 code units everywhere in promforge. Every layer above uses these;
// promql/ast.ts and yaml/ re-export them so their public API is unchanged.

/** Half-open UTF-16 offsets [start, end) into the text a value was parsed from. */
export interface PosRange {
  readonly start: number;
  readonly end: number;
}

export interface LineCol {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column in UTF-16 code units. */
  readonly column: number;
}

/** The text of one file plus an index of its line starts, built once. */
export class SourceText {
  readonly text: string;
  private readonly lineStarts: number[];

  constructor(text: string) {
    this.text = text;
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10 /* \n */) starts.push(i + 1);
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Position of a UTF-16 offset; offsets past the end clamp to the end. */
  positionAt(offset: number): LineCol {
    const off = Math.max(0, Math.min(offset, this.text.length));
    // Binary search for the last line start <= off.
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= off) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: off - (this.lineStarts[lo] ?? 0) + 1 };
  }

  /** Offset of a 1-based line:column (inverse of positionAt). */
  offsetAt(pos: LineCol): number {
    const start = this.lineStarts[Math.max(0, Math.min(pos.line - 1, this.lineStarts.length - 1))] ?? 0;
    return Math.min(this.text.length, start + Math.max(0, pos.column - 1));
  }
}

/** A span in a file, as offsets and as 1-based line:column (end exclusive). */
export interface SourceSpan {
  readonly offset: number;
  readonly endOffset: number;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export function spanOf(source: SourceText, start: number, end: number): SourceSpan {
  const a = source.positionAt(start);
  const b = source.positionAt(Math.max(start, end));
  return { offset: start, endOffset: Math.max(start, end), line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
}

/**
 * The 1-based line and column of `offset` inside `text` as Prometheus's
 * parser reports them (ParseErr.Error()): the column counts UTF-8 bytes after
 * the last line break, not UTF-16 code units. promtool prints these inside its
 * own messages, so reports that reproduce them need the same counting.
 */
export function utf8LineColumn(text: string, offset: number): LineCol {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lastBreak = before.lastIndexOf('\n');
  const line = before.split('\n').length;
  return { line, column: Buffer.byteLength(before.slice(lastBreak + 1), 'utf8') + 1 };
}
