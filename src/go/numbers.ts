// Go's strconv number parsing: ParseInt/ParseUint (base 0 with Go's base
// prefixes and `_` separators, or base 10) and ParseFloat, each returning
// the value or Go's NumError text (`strconv.ParseFloat: parsing "x": invalid
// syntax`); and parseGoNumber, how Prometheus reads a number token (integer
// first, then float). Every layer parses Go numbers through here.

import { goQuote } from './quote.js';

/**
 * A number or Go's NumError text; `outOfRange` is NumError's ErrRange (the
 * literal is well-formed, the value does not fit), where Go's ParseFloat
 * still yields ±Inf.
 */
export type ParsedNumber<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string; readonly outOfRange: boolean };

/**
 * Go's rule for `_` in numeric literals (strconv.underscoreOK): only between
 * digits, or between a base prefix and a digit.
 */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s.startsWith('-') || s.startsWith('+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'bBoOxX'.includes(s[1]!)) {
    i = 2;
    saw = '0';
    hex = s[1] === 'x' || s[1] === 'X';
  }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

const MAX_UINT64 = (1n << 64n) - 1n;
const MAX_INT64 = (1n << 63n) - 1n;
const MIN_INT64 = -(1n << 63n);

/** The integer bases Prometheus and text/template use: 0 (Go literal syntax) and 10. */
export type IntBase = 0 | 10;

function numError(fn: string, s: string, what: 'invalid syntax' | 'value out of range'): ParsedNumber<never> {
  return { ok: false, error: `strconv.${fn}: parsing ${goQuote(s)}: ${what}`, outOfRange: what === 'value out of range' };
}

/** The magnitude of an unsigned integer literal in `base`, or undefined when it is not one. */
function unsignedMagnitude(s: string, base: IntBase): bigint | undefined {
  if (base === 10) return /^[0-9]+$/.test(s) ? BigInt(s) : undefined;
  if (!/^(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|0[0-7_]*|[1-9][0-9_]*)$/.test(s) || !underscoreOK(s)) return undefined;
  let body = s.replace(/_/g, '');
  // A bare leading zero means octal; BigInt wants the 0o prefix.
  if (/^0[0-7]+$/.test(body)) body = `0o${body.slice(1)}`;
  return BigInt(body);
}

/** strconv.ParseUint(s, base, 64) */
export function parseGoUint(s: string, base: IntBase = 0): ParsedNumber<bigint> {
  const v = unsignedMagnitude(s, base);
  if (v === undefined) return numError('ParseUint', s, 'invalid syntax');
  if (v > MAX_UINT64) return numError('ParseUint', s, 'value out of range');
  return { ok: true, value: v };
}

/** strconv.ParseInt(s, base, 64) */
export function parseGoInt(s: string, base: IntBase = 0): ParsedNumber<bigint> {
  const negative = s.startsWith('-');
  const body = negative || s.startsWith('+') ? s.slice(1) : s;
  const v = unsignedMagnitude(body, base);
  if (v === undefined) return numError('ParseInt', s, 'invalid syntax');
  const r = negative ? -v : v;
  if (r > MAX_INT64 || r < MIN_INT64) return numError('ParseInt', s, 'value out of range');
  return { ok: true, value: r };
}

function parseHexFloat(s: string): number | undefined {
  const m = /^([+-]?)0[xX]([0-9a-fA-F_]*)(?:\.([0-9a-fA-F_]*))?[pP]([+-]?[0-9_]+)$/.exec(s);
  if (m === null) return undefined;
  const intDigits = m[2]!.replace(/_/g, '');
  const fracDigits = (m[3] ?? '').replace(/_/g, '');
  if (intDigits === '' && fracDigits === '') return undefined;
  const mantissa = Number(BigInt(`0x${intDigits}${fracDigits}`));
  const exp = Number(m[4]!.replace(/_/g, '')) - 4 * fracDigits.length;
  const v = mantissa * 2 ** exp;
  return m[1] === '-' ? -v : v;
}

/** strconv.ParseFloat(s, 64) */
export function parseGoFloat(s: string): ParsedNumber<number> {
  const plain = parsePlainDecimal(s);
  if (plain !== undefined) return { ok: true, value: plain };
  // Go accepts a sign before "inf"/"infinity" but not before "nan".
  const special = /^([+-]?)(inf|infinity)$/i.exec(s);
  if (special !== null) return { ok: true, value: special[1] === '-' ? -Infinity : Infinity };
  if (/^nan$/i.test(s)) return { ok: true, value: NaN };
  if (!underscoreOK(s)) return numError('ParseFloat', s, 'invalid syntax');
  let value: number | undefined;
  if (/^[+-]?0[xX]/.test(s)) {
    value = parseHexFloat(s);
  } else if (/^[+-]?([0-9][0-9_]*\.?[0-9_]*|\.[0-9][0-9_]*)([eE][+-]?[0-9][0-9_]*)?$/.test(s)) {
    value = Number(s.replace(/_/g, ''));
  }
  if (value === undefined || Number.isNaN(value)) return numError('ParseFloat', s, 'invalid syntax');
  if (!Number.isFinite(value)) return numError('ParseFloat', s, 'value out of range');
  return { ok: true, value };
}

/** 10^0 … 10^15, each exactly a double. */
const POWERS_OF_TEN = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * The value of `[+-]?digits[.digits]` (what sample files hold on almost every
 * line), or undefined for any other text, out-of-range values included.
 * Scanned by hand: ParseFloat's general path runs five regular expressions.
 * Both Go and JavaScript round a decimal to the nearest double, so Number()
 * gives ParseFloat's value.
 */
export function parsePlainDecimal(s: string): number | undefined {
  return parsePlainDecimalIn(s, 0, s.length);
}

/** parsePlainDecimal of `text.slice(from, to)`, without making the slice (sample lines hold two numbers each). */
export function parsePlainDecimalIn(text: string, from: number, to: number): number | undefined {
  const sign = text.charCodeAt(from);
  let i = sign === 45 || sign === 43 ? from + 1 : from; // - +
  const digitsFrom = i;
  // The digits as an integer, while it stays exact (15 digits are below 2^53).
  let mantissa = 0;
  let fractionDigits = 0;
  for (; i < to && isDecimalDigit(text.charCodeAt(i)); i++) mantissa = mantissa * 10 + (text.charCodeAt(i) - 48);
  const intDigits = i - digitsFrom;
  if (intDigits === 0) return undefined;
  if (i < to) {
    if (text.charCodeAt(i) !== 46) return undefined; // .
    for (i++; i < to; i++) {
      const c = text.charCodeAt(i);
      if (!isDecimalDigit(c)) return undefined;
      mantissa = mantissa * 10 + (c - 48);
      fractionDigits++;
    }
  }
  // An exact integer over an exact power of ten is one correctly rounded
  // division: the nearest double, as Number() (and Go) give it, without
  // converting the string again (Number() on a line's slice was most of this).
  if (intDigits + fractionDigits <= 15) {
    const magnitude = fractionDigits === 0 ? mantissa : mantissa / POWERS_OF_TEN[fractionDigits]!;
    return sign === 45 ? -magnitude : magnitude;
  }
  const value = Number(text.slice(from, to));
  return Number.isFinite(value) ? value : undefined;
}

function isDecimalDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * How Prometheus reads a number token (parser.number, promqltest
 * parseNumber): first strconv.ParseInt(s, 0, 64) (so `010` is 8 and `0x1F`
 * is 31), then strconv.ParseFloat; the error is ParseFloat's.
 */
export function parseGoNumber(s: string): ParsedNumber<number> {
  const asInt = parseGoInt(s);
  if (asInt.ok) return { ok: true, value: Number(asInt.value) };
  return parseGoFloat(s);
}
