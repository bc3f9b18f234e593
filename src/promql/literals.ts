// Literal syntax shared by the PromQL front end and every other place that
// reads Prometheus notation (rule files, test scripts, fixtures): numbers as
// Go's strconv reads them, durations as Prometheus's model.ParseDuration
// reads them, and strings unquoted as Go's strconv.Unquote does.

import { goQuote, goRuneDesc, parseGoNumber } from '../go/strconv.js';

const DURATION_UNITS_MS: Record<string, number> = {
  y: 365 * 24 * 3600 * 1000,
  w: 7 * 24 * 3600 * 1000,
  d: 24 * 3600 * 1000,
  h: 3600 * 1000,
  m: 60 * 1000,
  s: 1000,
  ms: 1,
};
const UNIT_ORDER = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];

/**
 * Parses a Prometheus duration (`1h30m`, `5m`, `0`), returning milliseconds,
 * or the error message of Prometheus's model.ParseDuration. Units must
 * appear at most once and in decreasing order.
 */
export function parseDuration(text: string): { ms: number } | { error: string } {
  if (text === '0') return { ms: 0 };
  if (text === '') return { error: 'empty duration string' };
  const invalid = { error: `not a valid duration string: ${goQuote(text)}` };
  let rest = text;
  let ns = 0n;
  let lastUnit = -1;
  const limit = (1n << 63n) - 1n;
  while (rest !== '') {
    const digits = /^\d+/.exec(rest)?.[0];
    if (!digits) return invalid;
    rest = rest.slice(digits.length);
    const unit = /^\D*/.exec(rest)![0];
    if (unit === '') return invalid;
    rest = rest.slice(unit.length);
    const idx = UNIT_ORDER.indexOf(unit);
    if (idx < 0) return { error: `unknown unit ${goQuote(unit)} in duration ${goQuote(text)}` };
    if (idx <= lastUnit) return invalid;
    lastUnit = idx;
    // model.ParseDuration's overflow checks: the total is a Go time.Duration,
    // nanoseconds in an int64 (about 292 years).
    const mult = BigInt(DURATION_UNITS_MS[unit]!) * 1_000_000n;
    const v = BigInt(digits);
    if (v > (1n << 63n) / mult) return { error: 'duration out of range' };
    ns += v * mult;
    if (ns > limit) return { error: 'duration out of range' };
  }
  return { ms: Number(ns / 1_000_000n) };
}

/** Formats milliseconds as Prometheus prints durations (`1h30m`, `5m`, `0s`, `-5m`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  let out = '';
  for (const unit of UNIT_ORDER) {
    const size = DURATION_UNITS_MS[unit]!;
    // Prometheus only uses y/w when the whole remainder divides evenly.
    if ((unit === 'y' || unit === 'w') && rest % size !== 0) continue;
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return sign + out;
}

/** True for text that is a duration literal with units (`5m`, `1h30m`), as the lexer tokenises it. */
export function isDurationLiteral(text: string): boolean {
  return /^(\d+(ms|[ywdhms]))+$/.test(text);
}

/**
 * Parses a PromQL number literal the way Prometheus's parser does: first as
 * a Go integer with base prefix (so `0x1f` is 31 and a leading 0 means
 * octal), then as a Go float; `Inf`/`NaN` case-insensitively.
 */
export function parseNumber(text: string): number | undefined {
  const r = parseGoNumber(text);
  if (r.ok) return r.value;
  // A well-formed literal too large for a float64 is ±Inf, as ParseFloat returns it; callers report the range.
  if (r.outOfRange) return text.startsWith('-') ? -Infinity : Infinity;
  return undefined;
}

/**
 * Unquotes a PromQL string literal ("...", '...' or `...`) with Go escape
 * rules. Returns the value or an error message with the offset (within the
 * literal) of the offending escape.
 */
export function unquoteString(literal: string): { value: string } | { error: string; offset: number } {
  const quote = literal[0];
  if (literal.length < 2 || literal[literal.length - 1] !== quote) {
    return { error: 'unterminated quoted string', offset: 0 };
  }
  const body = literal.slice(1, -1);
  if (quote === '`') return { value: body };
  if (quote !== '"' && quote !== "'") return { error: `invalid quote character ${quote}`, offset: 0 };
  // Almost every literal (label values, regexes without escapes) is its own
  // value: no escape, no line break, no surrogate that UTF-8 could not carry.
  // The byte-collecting loop below cost 3% of a corpus lint.
  if (!/[\\\n\ud800-\udfff]/.test(body)) return { value: body };
  // Escapes like \xff produce raw bytes; collect bytes and decode as UTF-8 at the end.
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  const pushText = (s: string): void => {
    for (const b of encoder.encode(s)) bytes.push(b);
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\n') return { error: 'unterminated quoted string', offset: i + 1 };
    if (c !== '\\') {
      // Keep surrogate pairs together.
      const cp = body.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      pushText(ch);
      i += ch.length - 1;
      continue;
    }
    const e = body[i + 1];
    const at = i + 1;
    switch (e) {
      case 'a':
        bytes.push(7);
        i++;
        break;
      case 'b':
        bytes.push(8);
        i++;
        break;
      case 'f':
        bytes.push(12);
        i++;
        break;
      case 'n':
        bytes.push(10);
        i++;
        break;
      case 'r':
        bytes.push(13);
        i++;
        break;
      case 't':
        bytes.push(9);
        i++;
        break;
      case 'v':
        bytes.push(11);
        i++;
        break;
      case '\\':
        bytes.push(92);
        i++;
        break;
      case 'x': {
        const hex = body.slice(i + 2, i + 4);
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) return { error: 'invalid syntax in \\x escape', offset: at };
        bytes.push(parseInt(hex, 16));
        i += 3;
        break;
      }
      case 'u':
      case 'U': {
        const n = e === 'u' ? 4 : 8;
        const hex = body.slice(i + 2, i + 2 + n);
        if (hex.length !== n || !/^[0-9a-fA-F]+$/.test(hex)) return { error: `invalid syntax in \\${e} escape`, offset: at };
        const cp = parseInt(hex, 16);
        if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) return { error: 'escape sequence is an invalid Unicode code point', offset: at };
        pushText(String.fromCodePoint(cp));
        i += 1 + n;
        break;
      }
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7': {
        const oct = body.slice(i + 1, i + 4);
        if (!/^[0-7]{3}$/.test(oct)) return { error: 'invalid syntax in octal escape', offset: at };
        const v = parseInt(oct, 8);
        if (v > 255) return { error: 'octal escape value > 255', offset: at };
        bytes.push(v);
        i += 3;
        break;
      }
      default:
        if (e === quote) {
          bytes.push(e.charCodeAt(0));
          i++;
          break;
        }
        if (e === undefined) return { error: 'unterminated quoted string', offset: at };
        return { error: `unknown escape sequence ${goRuneDesc(e)}`, offset: at };
    }
  }
  return { value: new TextDecoder().decode(new Uint8Array(bytes)) };
}

/** Quotes a string as Prometheus's printer does (Go's strconv.Quote). */
export const quoteString = goQuote;

/** Prometheus's legacy (pre-UTF-8) metric name charset: names that need no quoting. */
export function isLegacyMetricName(name: string): boolean {
  return /^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name);
}

/** Label names that need no quoting. */
export function isLegacyLabelName(name: string): boolean {
  return /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name);
}

/** Go's math.Round: halves round away from zero (JS's Math.round rounds −2.5 to −2). */
export function goRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}
