import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePlainDecimal, parsePlainDecimalIn } from '../../src/go/numbers.js';
import { formatGoG, formatGoPlain, parseGoFloat, parseGoInt, parseGoNumber, parseGoUint, readQuotedString } from '../../src/go/strconv.js';

/** parseGoInt as a number, undefined on any error. */
const goIntValue = (s: string): number | undefined => {
  const r = parseGoInt(s);
  return r.ok ? Number(r.value) : undefined;
};

describe('Go numbers', () => {
  it('parses integers with base prefixes like strconv.ParseInt(s, 0, 64)', () => {
    expect(['0x1F', '0o17', '0b101', '017', '-12', '+7', '1_000', '0x_ff', '0'].map(goIntValue)).toEqual([31, 15, 5, 15, -12, 7, 1000, 255, 0]);
    expect(['08', '1__0', '_1', '1_', '9223372036854775808', '1.0', ''].map(goIntValue)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('falls back to floats like strconv.ParseFloat', () => {
    const values = ['08', '1.5', '.5', '5.', '1e-6', '-Inf', '+infinity', 'inf', 'NaN', '9223372036854775808', '0x1p-2', '1_0.5'].map((s) => {
      const r = parseGoNumber(s);
      return r.ok ? r.value : r.error;
    });
    expect(values).toEqual([8, 1.5, 0.5, 5, 1e-6, -Infinity, Infinity, Infinity, NaN, 9223372036854775808, 0.25, 10.5]);
  });

  it('rejects what Go rejects, with Go error text', () => {
    expect(parseGoFloat('+NaN')).toEqual({ ok: false, error: 'strconv.ParseFloat: parsing "+NaN": invalid syntax', outOfRange: false });
    expect(parseGoFloat('1e')).toEqual({ ok: false, error: 'strconv.ParseFloat: parsing "1e": invalid syntax', outOfRange: false });
    expect(parseGoFloat('0x1')).toEqual({ ok: false, error: 'strconv.ParseFloat: parsing "0x1": invalid syntax', outOfRange: false });
    expect(parseGoFloat('1e999')).toEqual({ ok: false, error: 'strconv.ParseFloat: parsing "1e999": value out of range', outOfRange: true });
    expect(parseGoFloat('infin')).toEqual({ ok: false, error: 'strconv.ParseFloat: parsing "infin": invalid syntax', outOfRange: false });
    expect(parseGoUint('18446744073709551616', 10)).toEqual({
      ok: false,
      error: 'strconv.ParseUint: parsing "18446744073709551616": value out of range',
      outOfRange: true,
    });
    expect(parseGoUint('-1', 10)).toEqual({ ok: false, error: 'strconv.ParseUint: parsing "-1": invalid syntax', outOfRange: false });
  });

  it('parses base 0 and base 10 as Go does, to 64 bits exactly', () => {
    expect(parseGoUint('18446744073709551615')).toEqual({ ok: true, value: 18446744073709551615n });
    expect(parseGoInt('-9223372036854775808')).toEqual({ ok: true, value: -9223372036854775808n });
    expect(parseGoInt('9223372036854775808')).toEqual({
      ok: false,
      error: 'strconv.ParseInt: parsing "9223372036854775808": value out of range',
      outOfRange: true,
    });
    expect(parseGoUint('0x10')).toEqual({ ok: true, value: 16n });
    expect(parseGoUint('0x10', 10)).toEqual({ ok: false, error: 'strconv.ParseUint: parsing "0x10": invalid syntax', outOfRange: false });
    expect(parseGoInt('0_7')).toEqual({ ok: true, value: 7n });
    expect(parseGoFloat('1_23.50_0_0e+1_2')).toEqual({ ok: true, value: 1.235e14 });
    expect(parseGoFloat('0x1.8p1')).toEqual({ ok: true, value: 3 });
    expect(parseGoFloat('\x01')).toEqual({ ok: false, error: 'strconv.ParseFloat: parsing "\\x01": invalid syntax', outOfRange: false });
  });
});

describe('plain decimals (the sample-file fast path)', () => {
  // parsePlainDecimal builds values of up to 15 digits itself (an exact
  // integer over an exact power of ten); they must be Number()'s (and so Go's)
  // nearest double, sign of zero included, and longer texts must still parse.
  const digits = (min: number, max: number): fc.Arbitrary<string> => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));
  const decimal = fc
    .tuple(fc.constantFrom('', '-', '+'), digits(1, 18), fc.option(digits(0, 18), { nil: undefined }))
    .map(([sign, int, frac]) => `${sign}${int}${frac === undefined ? '' : `.${frac}`}`);

  it('gives Number() of the text, bit for bit', () => {
    fc.assert(
      fc.property(decimal, (s) => {
        expect(Object.is(parsePlainDecimal(s), Number(s))).toBe(true);
        // Within a line: only the range is read.
        expect(Object.is(parsePlainDecimalIn(`x{a="1"} ${s} 17`, 9, 9 + s.length), Number(s))).toBe(true);
      }),
      { seed: 230_001, numRuns: 20_000 },
    );
    for (const s of [
      '0',
      '-0',
      '-0.0',
      '+0.000',
      '007',
      '1.',
      '-1.',
      '999999999999999',
      '0.1',
      '0.3',
      '123456789012.345',
      '9007199254740993',
      '1.7976931348623157',
    ]) {
      expect(Object.is(parsePlainDecimal(s), Number(s)), s).toBe(true);
    }
  });

  it('refuses what is not a plain decimal', () => {
    expect(['', '-', '.5', '1.2.3', '1e5', '0x10', '1_0', ' 1', 'NaN', 'Inf', '1,5'].map(parsePlainDecimal)).toEqual(Array(11).fill(undefined));
  });
});

describe('quoted strings', () => {
  it('unquotes the three quote styles', () => {
    expect(readQuotedString('x "a\\"b\\\\" y', 2)).toEqual({ ok: true, value: 'a"b\\', end: 10 });
    expect(readQuotedString("'it\\'s'", 0)).toEqual({ ok: true, value: "it's", end: 7 });
    expect(readQuotedString('`a\\nb`', 0)).toEqual({ ok: true, value: 'a\\nb', end: 6 });
    expect(readQuotedString('"\\U0001F600 \\u00e9 \\351"', 0)).toMatchObject({ ok: true, value: '\u{1F600} é \ufffd' });
  });

  it('reports bad escapes and missing quotes', () => {
    expect(readQuotedString('"a\\\'"', 0)).toEqual({ ok: false, error: "unknown escape sequence U+0027 '''", pos: 2 });
    expect(readQuotedString('"\\x4"', 0)).toEqual({ ok: false, error: 'escape sequence not terminated', pos: 1 });
    expect(readQuotedString('"\\400"', 0)).toEqual({ ok: false, error: 'escape sequence is an invalid Unicode code point', pos: 1 });
    expect(readQuotedString('"abc\ndef"', 0)).toEqual({ ok: false, error: 'unterminated quoted string', pos: 0 });
  });
});

describe('Go %g formatting', () => {
  it('prints shortest digits with Go exponent rules', () => {
    expect([0, -0, 1, 1.5, 100000, 123456, 1e6, 1234567, 0.0001, 0.00001, 1.5e-7, 1e21, -2.5, NaN, Infinity, -Infinity, 0.1 + 0.2].map(formatGoG)).toEqual([
      '0',
      '-0',
      '1',
      '1.5',
      '100000',
      '123456',
      '1e+06',
      '1.234567e+06',
      '0.0001',
      '1e-05',
      '1.5e-07',
      '1e+21',
      '-2.5',
      'NaN',
      '+Inf',
      '-Inf',
      '0.30000000000000004',
    ]);
  });
});

describe("FormatFloat(v, 'f', -1)", () => {
  it('prints shortest digits, never in exponent form', () => {
    expect([0, -0, 1.5, 1e21, 1.5e-7, 123456789012345680000, -2.5, NaN, Infinity, -Infinity].map(formatGoPlain)).toEqual([
      '0',
      '-0',
      '1.5',
      '1000000000000000000000',
      '0.00000015',
      '123456789012345680000',
      '-2.5',
      'NaN',
      '+Inf',
      '-Inf',
    ]);
  });
});
