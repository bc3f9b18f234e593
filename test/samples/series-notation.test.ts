import { describe, expect, it } from 'vitest';
import { isStaleNaN } from '../../src/model/stale.js';
import { labelsToRecord } from '../../src/model/labels.js';
import { parseSeriesDescription, parseSeriesLabels, type SequenceValue } from '../../src/samples/series-notation.js';
import { emptyHistogram } from '../../src/model/histogram.js';

function parse(text: string) {
  const r = parseSeriesDescription(text);
  expect(r.diagnostics).toEqual([]);
  return r.series!;
}

/** Floats as numbers, gaps as '_', stale markers as 'stale', histograms as 'H'. */
function flat(values: readonly SequenceValue[]): (number | string)[] {
  return values.map((v) => {
    switch (v.kind) {
      case 'omitted':
        return '_';
      case 'float':
        return isStaleNaN(v.value) ? 'stale' : v.value;
      case 'histogram':
        return 'H';
    }
  });
}

function errorOf(text: string): { message: string; start: number; end: number } {
  const r = parseSeriesDescription(text);
  expect(r.series).toBeUndefined();
  expect(r.diagnostics).toHaveLength(1);
  const d = r.diagnostics[0]!;
  return { message: d.message, start: d.pos.start, end: d.pos.end };
}

describe('series labels', () => {
  it('reads a name with labels, quoted UTF-8 names and Go escapes', () => {
    const s = parse('metric{a="b", "utf8.name"="x", c=\'q\\\'\', d=`raw\\n`, e="\\u00e9\\x41\\101\\t",} 1');
    expect(labelsToRecord(s.labels)).toEqual({ __name__: 'metric', a: 'b', 'utf8.name': 'x', c: "q'", d: 'raw\\n', e: 'éAA\t' });
    expect(s.labelsPos).toEqual({ start: 0, end: 73 });
  });

  it('reads {} and a quoted metric name inside braces', () => {
    expect(parse('{} 1').labels).toEqual([]);
    expect(labelsToRecord(parse('{"my.metric", a="1"} 5').labels)).toEqual({ __name__: 'my.metric', a: '1' });
    expect(labelsToRecord(parse('sum:rate5m 1').labels)).toEqual({ __name__: 'sum:rate5m' });
  });

  it('decodes \\x escapes as UTF-8 bytes', () => {
    expect(labelsToRecord(parse('m{a="\\xc3\\xa9"} 1').labels)).toEqual({ __name__: 'm', a: 'é' });
  });

  it('keeps empty label values as written', () => {
    expect(labelsToRecord(parse('m{u=""} 1').labels)).toEqual({ __name__: 'm', u: '' });
  });

  it('parses labels alone and reports where they end', () => {
    const r = parseSeriesLabels('foo{a="1"}@st', 0);
    expect(r.end).toBe(10);
    expect(labelsToRecord(r.labels!)).toEqual({ __name__: 'foo', a: '1' });
  });

  it.each([
    // Prometheus's lexer rejects a digit inside braces before the grammar sees it (promtool 2.42 agrees).
    ['foo{a="b" 1', "unexpected character inside braces: '1'", 10, 11],
    ['foo{a="b"', 'unexpected end of input inside braces', 9, 9],
    ['foo{a="b', 'unterminated quoted string', 6, 7],
    ['foo{a=`b', 'unterminated raw string', 6, 7],
    ['foo{a="\\q"} 1', "unknown escape sequence U+0071 'q'", 7, 8],
    ['foo{a="\\xZ1"} 1', "illegal character U+005A 'Z' in escape sequence", 9, 10],
    ['foo{a="\\uD800"} 1', 'escape sequence is an invalid Unicode code point', 7, 8],
    ['foo{a=b} 1', 'unexpected identifier "b" in label set, expected string', 6, 7],
    ['foo{a} 1', 'unexpected "}" in label set, expected "="', 5, 6],
    ['foo{=b} 1', 'unexpected "=" in label set, expected identifier or "}"', 4, 5],
    ['foo{a=~"b"} 1', 'unexpected "=" in label set, expected "="', 5, 6],
    ['1 2', 'unexpected number "1" in series description, expected metric name or "{"', 0, 1],
    ['foo{a="b"}1', 'unexpected number "1" in series description, expected space before the values', 10, 11],
  ])('rejects %j', (text, message, start, end) => {
    expect(errorOf(text)).toEqual({ message, start, end });
  });
});

describe('series values', () => {
  it('expands the value items', () => {
    const s = parse('m 1 2 _ stale 3+2x4 1-1x3 _x5 2x3');
    expect(flat(s.values)).toEqual([1, 2, '_', 'stale', 3, 5, 7, 9, 11, 1, 0, -1, -2, '_', '_', '_', '_', '_', 2, 2, 2, 2]);
  });

  it('reads signed numbers, Inf and NaN in any case, exponents and octal-looking integers', () => {
    const s = parse('m -2+4x3 +Inf -inf NaN nan 1e3 .5 2. 9.98e+307 010 08 1_000 -0');
    expect(flat(s.values)).toEqual([-2, 2, 6, 10, Infinity, -Infinity, NaN, NaN, 1000, 0.5, 2, 9.98e307, 8, 8, 1000, -0]);
  });

  it('reads 0x10 as zero repeated, not hex', () => {
    expect(flat(parse('m 0x10').values)).toEqual(Array(11).fill(0));
  });

  it('accumulates the step by repeated addition', () => {
    const values = parse('m 0+0.1x3').values.map((v) => (v.kind === 'float' ? v.value : undefined));
    expect(values).toEqual([0, 0.1, 0.2, 0.30000000000000004]);
  });

  it('allows tabs and trailing spaces, and no values at all', () => {
    expect(flat(parse('m\t1\t\t2  ').values)).toEqual([1, 2]);
    expect(parse('m').values).toEqual([]);
    expect(parse('m{a="1"}   ').values).toEqual([]);
  });

  it.each([
    ['m 1m', 'bad number syntax: "1"', 2, 3],
    ['m NaNx3', 'unexpected identifier "NaNx3" in series values, expected number or "stale"', 2, 7],
    ['m foo', 'unexpected identifier "foo" in series values, expected number or "stale"', 2, 5],
    ['m 1+2', 'unexpected end of input in series values, expected "x"', 5, 5],
    ['m 1x1.5', 'invalid repetition in series values: strconv.ParseUint: parsing "1.5": invalid syntax', 4, 7],
    ['m 1x', 'unexpected end of input in series values, expected number', 4, 4],
    ['m 1e', 'bad number syntax: "1e"', 2, 4],
    ['m 1.2.3', 'bad number syntax: "1.2."', 2, 6],
    ['m 1e400', 'error parsing number: strconv.ParseFloat: parsing "1e400": value out of range', 2, 7],
    ['m 1 ,', 'unexpected character in series sequence: ","', 4, 5],
    ['m 1,2', 'unexpected "," in series values', 3, 4],
    ['m - 1', 'unexpected <space> in series values, expected number', 3, 4],
    ['m stalex2', 'unexpected identifier "stalex2" in series values, expected number or "stale"', 2, 9],
  ])('rejects %j', (text, message, start, end) => {
    expect(errorOf(text)).toEqual({ message, start, end });
  });
});

describe('native histogram literals', () => {
  it('reads every key', () => {
    const s = parse('m {{schema:1 sum:-5 count:4 z_bucket:1 z_bucket_w:0.001 buckets:[1 2] n_buckets:[3] offset:-1 n_offset:2 counter_reset_hint:gauge}}');
    expect(s.values).toEqual([
      {
        kind: 'histogram',
        hintStated: true,
        histogram: {
          counterResetHint: 'gauge',
          schema: 1,
          zeroThreshold: 0.001,
          zeroCount: 1,
          count: 4,
          sum: -5,
          positiveSpans: [{ offset: -1, length: 2 }],
          positiveBuckets: [1, 2],
          negativeSpans: [{ offset: 2, length: 1 }],
          negativeBuckets: [3],
        },
      },
    ]);
  });

  it('reads {{}}, custom values, case-insensitive keys and a space before }} and ]', () => {
    const s = parse('m {{}} {{ }} {{SCHEMA:-53 custom_values:[1 2 ] buckets:[0 1 2] sum:NaN }}x1');
    expect(s.values).toHaveLength(4);
    expect(s.values[0]).toEqual({ kind: 'histogram', histogram: emptyHistogram(), hintStated: false });
    expect(s.values[1]).toEqual(s.values[0]);
    const last = s.values[3]!;
    expect(last.kind === 'histogram' && last.histogram).toMatchObject({ schema: -53, customValues: [1, 2], positiveBuckets: [0, 1, 2] });
    expect(last.kind === 'histogram' && Number.isNaN(last.histogram.sum)).toBe(true);
  });

  it('expands {{A}}+{{B}}xN with histogram addition and takes the hint flag from B', () => {
    const s = parse('m {{sum:6 count:5 buckets:[2 2 1]}}+{{sum:2 count:3 buckets:[1 1 1] counter_reset_hint:gauge}}x2');
    const hs = s.values.map((v) =>
      v.kind === 'histogram' ? [v.histogram.count, v.histogram.sum, v.histogram.positiveBuckets, v.histogram.counterResetHint, v.hintStated] : v,
    );
    expect(hs).toEqual([
      [5, 6, [2, 2, 1], 'unknown', true],
      [8, 8, [3, 3, 2], 'gauge', true],
      [11, 10, [4, 4, 3], 'gauge', true],
    ]);
  });

  it('expands {{A}}-{{B}}xN with subtraction and mixes with floats', () => {
    const s = parse('m 1 {{count:10 sum:10}}-{{count:1 sum:2}}x2 _');
    expect(s.values.map((v) => (v.kind === 'histogram' ? [v.histogram.count, v.histogram.sum] : v.kind))).toEqual([
      'float',
      [10, 10],
      [9, 8],
      [8, 6],
      'omitted',
    ]);
  });

  it.each([
    ['m {{schema:1 schema:2}}', 'duplicate key "schema" in histogram', 13, 19],
    ['m {{foo:1}}', 'bad histogram descriptor found: "foo"', 4, 7],
    ['m {{sum 1}}', 'missing `:` for histogram descriptor', 4, 7],
    ['m {{sum:1,count:2}}', 'histogram description incomplete unexpected: ","', 9, 10],
    ['m {{sum:+1}}', 'histogram description incomplete unexpected: "+"', 8, 9],
    ['m {{buckets:[1 +2]}}', 'invalid character in buckets description: "+"', 15, 16],
    ['m {{buckets:[]}}', 'invalid character in buckets description: "]"', 13, 14],
    ['m {{ sum:1}}', 'unexpected space after "{{" in histogram description', 4, 5],
    ['m {{sum:1', 'unexpected end of input in histogram description, expected "}}"', 2, 9],
    ['m {{counter_reset_hint:maybe}}', 'bad counter_reset_hint "maybe", expected one of unknown, reset, not_reset, gauge', 23, 28],
    ['m {{sum:1}}+{{sum:1}}', 'unexpected end of input in series values, expected "x"', 21, 21],
    ['m {{sum:1}}+1x2', 'unexpected number "1" in series values, expected "{{"', 12, 13],
    ['m {{schema:1}}+{{schema:0}}x2', 'error combining histograms: cannot merge from schema 0 to 1', 2, 29],
    [
      'm {{schema:-53}}+{{schema:0}}x1',
      'error combining histograms: cannot apply this operation on histograms with a mix of exponential and custom bucket schemas',
      2,
      31,
    ],
  ])('rejects %j', (text, message, start, end) => {
    expect(errorOf(text)).toEqual({ message, start, end });
  });
});

describe('histogram literal numbers', () => {
  it('accepts exponents, Inf and NaN but no leading dot, as the lexer does', () => {
    const s = parse('m {{sum:1e3 count:Inf z_bucket:-NaN buckets:[1.5 -2]}}');
    const h = s.values[0]!.kind === 'histogram' ? s.values[0]!.histogram : undefined;
    expect([h?.sum, h?.count, Number.isNaN(h?.zeroCount), h?.positiveBuckets]).toEqual([1000, Infinity, true, [1.5, -2]]);
    expect(errorOf('m {{sum:.5}}')).toEqual({ message: 'histogram description incomplete unexpected: "."', start: 8, end: 9 });
    expect(errorOf('m {{buckets:[.5]}}')).toEqual({ message: 'invalid character in buckets description: "."', start: 13, end: 14 });
  });
});

describe('histogram test expressions', () => {
  it('prints literals back like FloatHistogram.TestExpression()', async () => {
    const { histogramTestExpression } = await import('../../src/model/histogram.js');
    const text = (t: string) => {
      const v = parse(`m ${t}`).values[0]!;
      return v.kind === 'histogram' ? histogramTestExpression(v.histogram) : '';
    };
    expect(text('{{}}')).toBe('{{}}');
    expect(
      text('{{schema:1 sum:-5 count:4 z_bucket:1 z_bucket_w:0.001 buckets:[0 1 0 0 2 0] n_buckets:[3] offset:-1 n_offset:2 counter_reset_hint:gauge}}'),
    ).toBe('{{schema:1 count:4 sum:-5 z_bucket:1 z_bucket_w:0.001 counter_reset_hint:gauge buckets:[1 0 0 2] n_offset:2 n_buckets:[3]}}');
    expect(text('{{schema:-53 custom_values:[0.5 1e6] buckets:[1 2] count:3e6}}')).toBe('{{schema:-53 count:3e+06 custom_values:[0.5 1e+06] buckets:[1 2]}}');
  });
});

describe('keeping only the first positions (keepValues)', () => {
  // Items of every kind, so a cut can fall inside a repetition, a gap run, a step sequence or a histogram run.
  const ITEMS = ['1', '_', 'stale', '3+2x4', '1-1x3', '_x5', '2x3', '{{count:1}}', '{{count:1}}x2', '{{count:1}}+{{count:2}}x3', 'NaN', '0x0', '_x0'];

  it('builds the first k positions exactly as the full sequence has them, and counts the rest', () => {
    let seed = 7;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 300; round++) {
      const items = Array.from({ length: 1 + next(8) }, () => ITEMS[next(ITEMS.length)]!);
      const text = `m ${items.join(' ')}`;
      const full = parse(text);
      const lastSample = full.values.reduce((last, v, i) => (v.kind === 'omitted' ? last : i), -1);
      expect([full.positionCount, full.lastSampleIndex], text).toEqual([full.values.length, lastSample]);
      for (const k of [0, 1, 2, next(full.values.length + 2), full.values.length, full.values.length + 3]) {
        const cut = parseSeriesDescription(text, { keepValues: k }).series!;
        expect(cut.values, `${text} keep ${k}`).toEqual(full.values.slice(0, k));
        expect([cut.positionCount, cut.lastSampleIndex], `${text} keep ${k}`).toEqual([full.values.length, lastSample]);
      }
    }
  });

  it('counts float runs past the kept part without building them, and they do not count against the limit', () => {
    const s = parseSeriesDescription('m 0x100000000000 1+1x100000000000 _x5', { keepValues: 3, maxValues: 10 }).series!;
    expect(flat(s.values)).toEqual([0, 0, 0]);
    expect([s.positionCount, s.lastSampleIndex]).toEqual([200_000_000_007, 200_000_000_001]);
    // Without the cut, the same text is refused before anything is allocated.
    expect(parseSeriesDescription('m 0x100000000000', { maxValues: 10 }).diagnostics[0]?.message).toBe('series expands to more than 10 values');
    // The kept part is still limited.
    expect(parseSeriesDescription('m 0x100', { keepValues: 50, maxValues: 10 }).diagnostics[0]?.message).toBe('series expands to more than 10 values');
  });

  it('still combines a histogram step sequence to its end (a later step could fail), so its whole length counts', () => {
    const r = parseSeriesDescription('m {{count:1}}+{{count:1}}x100', { keepValues: 2, maxValues: 10 });
    expect(r.diagnostics[0]?.message).toBe('series expands to more than 10 values');
  });
});
