import { describe, expect, it } from 'vitest';
import { SourceText, spanOf, utf8LineColumn } from '../../src/positions.js';
import type { PosRange } from '../../src/promql/index.js';
import { prometheusParseErrorText } from '../../src/diagnostics.js';

describe('positions (lowest layer)', () => {
  it('maps UTF-16 offsets to 1-based line:column and back', () => {
    const src = new SourceText('ab\ncdé\n\nx');
    expect(src.positionAt(0)).toEqual({ line: 1, column: 1 });
    expect(src.positionAt(3)).toEqual({ line: 2, column: 1 });
    expect(src.positionAt(6)).toEqual({ line: 2, column: 4 });
    expect(src.positionAt(8)).toEqual({ line: 4, column: 1 });
    expect(src.positionAt(99)).toEqual({ line: 4, column: 2 });
    expect(src.offsetAt({ line: 2, column: 3 })).toBe(5);
    expect(spanOf(src, 1, 4)).toEqual({ offset: 1, endOffset: 4, line: 1, column: 2, endLine: 2, endColumn: 2 });
  });

  it('counts Prometheus parse-error columns in UTF-8 bytes', () => {
    expect(utf8LineColumn('é + x', 4)).toEqual({ line: 1, column: 6 });
    expect(utf8LineColumn('a\nbé c', 5)).toEqual({ line: 2, column: 5 });
    const pos: PosRange = { start: 4, end: 5 };
    expect(prometheusParseErrorText('é + )', { code: 'promql/syntax', severity: 'error', message: 'unexpected ")"', pos })).toBe(
      '1:6: parse error: unexpected ")"',
    );
  });
});
