import { describe, it, expect } from 'vitest';
import {
  formatDuration,
  isDurationLiteral,
  isLegacyLabelName,
  isLegacyMetricName,
  parseDuration,
  parseNumber,
  quoteString,
  unquoteString,
} from '../../src/promql/literals.js';

describe('parseDuration (model.ParseDuration)', () => {
  it.each([
    ['0', 0],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['1m30ms', 60_030],
    ['2w', 1_209_600_000],
    ['5y', 157_680_000_000],
    ['1y2w3d4h5m6s7ms', 31_536_000_000 + 1_209_600_000 + 259_200_000 + 14_400_000 + 300_000 + 6_000 + 7],
    ['0s', 0],
  ])('%s = %d ms', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ms });
  });

  it.each([
    ['', 'empty duration string'],
    ['5', 'not a valid duration string: "5"'],
    ['m', 'not a valid duration string: "m"'],
    ['5m1h', 'not a valid duration string: "5m1h"'],
    ['5m1m', 'not a valid duration string: "5m1m"'],
    ['5y1hs', 'unknown unit "hs" in duration "5y1hs"'],
    ['5x', 'unknown unit "x" in duration "5x"'],
    ['-5m', 'not a valid duration string: "-5m"'],
    ['1.5h', 'unknown unit "." in duration "1.5h"'],
    ['300000000y', 'duration out of range'],
  ])('rejects %j: %s', (text, message) => {
    expect(parseDuration(text)).toEqual({ error: message });
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [300_000, '5m'],
    [5_400_000, '1h30m'],
    [60_030, '1m30ms'],
    [1_209_600_000, '2w'],
    [1_296_000_000, '15d'],
    [31_536_000_000, '1y'],
    [-300_000, '-5m'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('isDurationLiteral', () => {
  it('tells durations with units from plain numbers', () => {
    expect(['5m', '1h30m', '10ms', '1y'].map(isDurationLiteral)).toEqual([true, true, true, true]);
    expect(['5', '1.5', '0x1f', 'm', ''].map(isDurationLiteral)).toEqual([false, false, false, false, false]);
  });
});

describe('parseNumber (strconv.ParseInt base 0, then ParseFloat)', () => {
  it.each([
    ['1', 1],
    ['0xc', 12],
    ['0XFF', 255],
    ['0755', 493],
    ['08', 8],
    ['0o17', 15],
    ['0b101', 5],
    ['1_000', 1000],
    ['0x_1F', 31],
    ['5.', 5],
    ['.5', 0.5],
    ['5e-3', 0.005],
    ['+5.5e-3', 0.0055],
    ['-0755', -493],
    ['Inf', Infinity],
    ['+inf', Infinity],
    ['-Infinity', -Infinity],
  ])('%s = %d', (text, value) => {
    expect(parseNumber(text)).toBe(value);
  });

  it('reads NaN in any case', () => {
    expect(parseNumber('NaN')).toBeNaN();
    expect(parseNumber('nan')).toBeNaN();
  });

  it.each(['', 'abc', '1e', '0x', '1.2.3', '--1', '5m'])('rejects %j', (text) => {
    expect(parseNumber(text)).toBeUndefined();
  });
});

describe('unquoteString (Go escapes)', () => {
  it.each([
    ['"abc"', 'abc'],
    ["'a\\'b'", "a'b"],
    ['"a\\"b"', 'a"b'],
    ['`a\\nb`', 'a\\nb'],
    ['"\\a\\b\\f\\n\\r\\t\\v\\\\"', '\x07\b\f\n\r\t\v\\'],
    ['"\\x41\\101\\u00e9\\U0001F600"', 'AAé😀'],
    ['"\\xe2\\x98\\xba"', '☺'],
    ['"é☺"', 'é☺'],
    ['""', ''],
    // Without escapes the literal is its own value; a line break is still refused and a
    // lone surrogate still becomes U+FFFD, as Go's UTF-8 does (the slow path).
    ['"a😀b"', 'a😀b'],
    ['"\ud800x"', '\ufffdx'],
  ])('%s → %j', (literal, value) => {
    expect(unquoteString(literal)).toEqual({ value });
  });

  it.each([
    ['"abc', 'unterminated quoted string', 0],
    ['"a\nb"', 'unterminated quoted string', 2],
    ['"\\c"', "unknown escape sequence U+0063 'c'", 1],
    ['"\\x4"', 'invalid syntax in \\x escape', 1],
    ['"\\u12"', 'invalid syntax in \\u escape', 1],
    ['"\\400"', 'octal escape value > 255', 1],
    ['"\\uD800"', 'escape sequence is an invalid Unicode code point', 1],
    ["'\\\"'", "unknown escape sequence U+0022 '\"'", 1],
  ])('rejects %s: %s (offset of the backslash)', (literal, error, offset) => {
    expect(unquoteString(literal)).toEqual({ error, offset });
  });
});

describe('quoteString (strconv.Quote)', () => {
  it.each([
    ['abc', '"abc"'],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ['\n\t\r\x07\b\f\v', '"\\n\\t\\r\\a\\b\\f\\v"'],
    ['\x01\x7f', '"\\x01\\x7f"'],
    ['é☺', '"é☺"'],
  ])('%j → %s', (value, quoted) => {
    expect(quoteString(value)).toBe(quoted);
    expect(unquoteString(quoted)).toEqual({ value });
  });
});

describe('legacy names', () => {
  it('accepts names that need no quoting', () => {
    expect(isLegacyMetricName('job:up:sum')).toBe(true);
    expect(isLegacyMetricName('my.metric')).toBe(false);
    expect(isLegacyMetricName('1abc')).toBe(false);
    expect(isLegacyLabelName('_a1')).toBe(true);
    expect(isLegacyLabelName('a:b')).toBe(false);
  });
});
