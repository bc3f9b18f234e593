// Small pieces of Go syntax that Prometheus's formats inherit: number parsing
// with strconv.ParseInt(s, 0, 64) falling back to strconv.ParseFloat (what
// both the PromQL parser and the test harness do), and PromQL/Go string
// literals. Each returns a result or an error message; nothing throws.

export type GoNumberResult = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly error: string };

/**
 * Go's rule for `_` in numeric literals: only between digits, or between a
 * base prefix and a digit (strconv.underscoreOK).
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

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/** strconv.ParseInt(s, 0, 64) converted to float64, or undefined on any error. */
export function parseGoInt(s: string): number | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|0[0-7_]*|[1-9][0-9_]*)$/.exec(s);
  if (m === null || !underscoreOK(s)) return undefined;
  let body = m[2]!.replace(/_/g, '');
  // A bare leading zero means octal; BigInt wants the 0o prefix.
  if (/^0[0-7]+$/.test(body)) body = `0o${body.slice(1)}`;
  let n = BigInt(body);
  if (m[1] === '-') n = -n;
  if (n > INT64_MAX || n < INT64_MIN) return undefined;
  return Number(n);
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

/** strconv.ParseFloat(s, 64), with Go's error text. */
export function parseGoFloat(s: string): GoNumberResult {
  const syntax: GoNumberResult = { ok: false, error: `strconv.ParseFloat: parsing ${goQuoteAscii(s)}: invalid syntax` };
  // Go accepts a sign before "inf"/"infinity" but not before "nan".
  const special = /^([+-]?)(inf|infinity)$/i.exec(s);
  if (special !== null) return { ok: true, value: special[1] === '-' ? -Infinity : Infinity };
  if (/^nan$/i.test(s)) return { ok: true, value: NaN };
  if (!underscoreOK(s)) return syntax;
  let value: number | undefined;
  if (/^[+-]?0[xX]/.test(s)) {
    value = parseHexFloat(s);
  } else if (/^[+-]?([0-9][0-9_]*\.?[0-9_]*|\.[0-9][0-9_]*)([eE][+-]?[0-9][0-9_]*)?$/.test(s)) {
    value = Number(s.replace(/_/g, ''));
  }
  if (value === undefined || Number.isNaN(value)) return syntax;
  if (!Number.isFinite(value)) return { ok: false, error: `strconv.ParseFloat: parsing ${goQuoteAscii(s)}: value out of range` };
  return { ok: true, value };
}

/**
 * How Prometheus reads a number token (parser.number, promqltest parseNumber):
 * first as an integer with Go base prefixes (so `010` is 8 and `0x1F` is 31),
 * then as a float.
 */
export function parseGoNumber(s: string): GoNumberResult {
  const asInt = parseGoInt(s);
  if (asInt !== undefined) return { ok: true, value: asInt };
  return parseGoFloat(s);
}

/** strconv.ParseUint(s, 10, 64), used for repetition counts. */
export function parseGoUint(s: string): { ok: true; value: number } | { ok: false; error: string } {
  if (!/^[0-9]+$/.test(s)) return { ok: false, error: `strconv.ParseUint: parsing ${goQuoteAscii(s)}: invalid syntax` };
  const n = BigInt(s);
  if (n > 2n ** 64n - 1n) return { ok: false, error: `strconv.ParseUint: parsing ${goQuoteAscii(s)}: value out of range` };
  return { ok: true, value: Number(n) };
}

/** Go's %q for the simple strings that appear in number errors. */
export function goQuoteAscii(s: string): string {
  return JSON.stringify(s);
}

export type QuotedStringResult =
  | { readonly ok: true; readonly value: string; readonly end: number }
  | { readonly ok: false; readonly error: string; readonly pos: number };

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  a: 0x07,
  b: 0x08,
  f: 0x0c,
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  v: 0x0b,
  '\\': 0x5c,
};

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8');

/**
 * Reads a PromQL string literal starting at `start` (which holds `"`, `'` or
 * a backtick) and returns its value and the index just past the closing
 * quote. Escapes follow the PromQL lexer and Go's strconv.Unquote: `\xHH` and
 * octal escapes produce raw bytes, so the value is assembled as UTF-8 and
 * decoded at the end. Errors carry the position of the offending character.
 */
export function readQuotedString(text: string, start: number): QuotedStringResult {
  const quote = text[start];
  if (quote !== '"' && quote !== "'" && quote !== '`') {
    return { ok: false, error: 'expected a quoted string', pos: start };
  }
  if (quote === '`') {
    const close = text.indexOf('`', start + 1);
    if (close < 0) return { ok: false, error: 'unterminated raw string', pos: start };
    return { ok: true, value: text.slice(start + 1, close), end: close + 1 };
  }
  const bytes: number[] = [];
  let i = start + 1;
  for (;;) {
    if (i >= text.length || text[i] === '\n') return { ok: false, error: 'unterminated quoted string', pos: start };
    const c = text[i]!;
    if (c === quote) break;
    if (c !== '\\') {
      const cp = text.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      for (const b of utf8.encode(ch)) bytes.push(b);
      i += ch.length;
      continue;
    }
    const escPos = i;
    const e = text[i + 1];
    if (e === undefined) return { ok: false, error: 'escape sequence not terminated', pos: escPos };
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined || e === quote) {
      bytes.push(simple ?? e.charCodeAt(0));
      i += 2;
      continue;
    }
    let digits: number;
    let base: number;
    let max: number;
    let first: number;
    if (e >= '0' && e <= '7') {
      [digits, base, max, first] = [3, 8, 255, i + 1];
    } else if (e === 'x') {
      [digits, base, max, first] = [2, 16, 255, i + 2];
    } else if (e === 'u') {
      [digits, base, max, first] = [4, 16, 0x10ffff, i + 2];
    } else if (e === 'U') {
      [digits, base, max, first] = [8, 16, 0x10ffff, i + 2];
    } else {
      return { ok: false, error: `unknown escape sequence ${goRuneDesc(e)}`, pos: escPos };
    }
    let x = 0;
    for (let k = 0; k < digits; k++) {
      const d = text[first + k];
      const v = d === undefined ? 16 : parseInt(d, 16);
      if (d === undefined || d === quote || d === '\n') {
        return { ok: false, error: 'escape sequence not terminated', pos: escPos };
      }
      if (Number.isNaN(v) || v >= base) return { ok: false, error: `illegal character ${goRuneDesc(d)} in escape sequence`, pos: first + k };
      x = x * base + v;
    }
    if (x > max || (x >= 0xd800 && x < 0xe000)) {
      return { ok: false, error: 'escape sequence is an invalid Unicode code point', pos: escPos };
    }
    if (e === 'u' || e === 'U') {
      for (const b of utf8.encode(String.fromCodePoint(x))) bytes.push(b);
    } else {
      bytes.push(x);
    }
    i = first + digits;
  }
  return { ok: true, value: utf8Decoder.decode(new Uint8Array(bytes)), end: i + 1 };
}

/** Go's %#U: `U+0027 '''`. */
function goRuneDesc(ch: string): string {
  const cp = ch.codePointAt(0)!;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')} '${ch}'`;
}


export { formatGoG } from '../model/go-format.js';
