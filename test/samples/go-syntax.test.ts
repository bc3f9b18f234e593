import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/samples/duration.js';
import { parseGoFloat, parseGoInt, parseGoNumber, parseGoUint, readQuotedString } from '../../src/samples/go-syntax.js';

describe('Go numbers', () => {
  it('parses integers with base prefixes like strconv.ParseInt(s, 0, 64)', () => {
    expect(['0x1F', '0o17', '0b101', '017', '-12', '+7', '1_000', '0x_ff', '0'].map(parseGoInt)).toEqual([31, 15, 5, 15, -12, 7, 1000, 255, 0]);
    expect(['08', '1__0', '_1', '1_', '9223372036854775808', '1.0', ''].map(parseGoInt)).toEqual([
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
    expect(parseGoFloat('+NaN')).toEqual({ ok: false, error: 'strconv.ParseFloat: parsing "+NaN": invalid syntax' });
    expect(parseGoFloat('1e')).toEqual({ ok: false, error: 'strconv.ParseFloat: parsing "1e": invalid syntax' });
    expect(parseGoFloat('0x1')).toEqual({ ok: false, error: 'strconv.ParseFloat: parsing "0x1": invalid syntax' });
    expect(parseGoFloat('1e999')).toEqual({ ok: false, error: 'strconv.ParseFloat: parsing "1e999": value out of range' });
    expect(parseGoFloat('infin')).toEqual({ ok: false, error: 'strconv.ParseFloat: parsing "infin": invalid syntax' });
    expect(parseGoUint('18446744073709551616')).toEqual({ ok: false, error: 'strconv.ParseUint: parsing "18446744073709551616": value out of range' });
    expect(parseGoUint('-1')).toEqual({ ok: false, error: 'strconv.ParseUint: parsing "-1": invalid syntax' });
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

describe('durations', () => {
  it('parses Prometheus durations', () => {
    expect(['0', '0s', '5m', '1h30m', '20s500ms', '1y', '2w', '1d', '10s53ms'].map((s) => parseDuration(s))).toEqual(
      [0, 0, 300_000, 5_400_000, 20_500, 31_536_000_000, 1_209_600_000, 86_400_000, 10_053].map((ms) => ({ ok: true, ms })),
    );
  });

  it('rejects bad durations with Prometheus messages', () => {
    expect(parseDuration('')).toEqual({ ok: false, error: 'empty duration string' });
    expect(parseDuration('1m1h')).toEqual({ ok: false, error: 'not a valid duration string: "1m1h"' });
    expect(parseDuration('-1m')).toEqual({ ok: false, error: 'not a valid duration string: "-1m"' });
    expect(parseDuration('1.5m')).toEqual({ ok: false, error: 'unknown unit "." in duration "1.5m"' });
    expect(parseDuration('5')).toEqual({ ok: false, error: 'not a valid duration string: "5"' });
    expect(parseDuration('300y')).toEqual({ ok: false, error: 'duration out of range' });
  });

  it('prints durations as Prometheus does', () => {
    expect([0, 1, 90_000, 5_400_000, 31_536_000_000, 7_776_000_000, 1_209_600_000, -60_000].map(formatDuration)).toEqual([
      '0s',
      '1ms',
      '1m30s',
      '1h30m',
      '1y',
      '90d',
      '2w',
      '-1m',
    ]);
  });
});

describe('Go %g formatting', () => {
  it('prints shortest digits with Go exponent rules', async () => {
    const { formatGoG } = await import('../../src/samples/go-syntax.js');
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
