// The pieces of Go's strconv that text/template and fmt rely on: quoting and
// unquoting literals, parsing numeric literals with Go's syntax, and
// FormatFloat's 'e'/'f'/'g' conversions with Go's rounding (round half to
// even on the exact binary value, shortest round-trip digits for precision -1).

/** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and U+0020. */
export function isGoPrint(cp: number): boolean {
  if (cp === 0x20) return true;
  return /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(String.fromCodePoint(cp));
}

const SIMPLE_ESCAPES: Readonly<Record<number, string>> = {
  0x07: '\\a',
  0x08: '\\b',
  0x0c: '\\f',
  0x0a: '\\n',
  0x0d: '\\r',
  0x09: '\\t',
  0x0b: '\\v',
};

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

function quoteWith(s: string, quote: '"' | "'", asciiOnly: boolean): string {
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    out += escapeRune(cp, quote, asciiOnly);
  }
  return out + quote;
}

function escapeRune(cp: number, quote: string, asciiOnly: boolean): string {
  if (cp === quote.codePointAt(0) || cp === 0x5c) return '\\' + String.fromCodePoint(cp);
  if (asciiOnly ? cp < 0x80 && isGoPrint(cp) : isGoPrint(cp)) return String.fromCodePoint(cp);
  const simple = SIMPLE_ESCAPES[cp];
  if (simple !== undefined) return simple;
  if (cp < 0x20 || cp === 0x7f) return '\\x' + hex(cp, 2);
  if (cp >= 0xd800 && cp <= 0xdfff) return '\\ufffd'; // lone surrogate: Go sees an invalid rune
  if (cp < 0x10000) return '\\u' + hex(cp, 4);
  return '\\U' + hex(cp, 8);
}

/** strconv.Quote */
export function goQuote(s: string): string {
  return quoteWith(s, '"', false);
}

/** strconv.QuoteToASCII */
export function goQuoteASCII(s: string): string {
  return quoteWith(s, '"', true);
}

/** strconv.QuoteRune (invalid code points become U+FFFD, as in Go). */
export function goQuoteRune(cp: number, asciiOnly = false): string {
  const r = cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? 0xfffd : cp;
  return "'" + escapeRune(r, "'", asciiOnly) + "'";
}

/** strconv.CanBackquote */
export function canBackquote(s: string): boolean {
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0xfeff) return false;
    if (cp < 0x20 && cp !== 0x09) return false;
    if (cp === 0x60 || cp === 0x7f) return false;
  }
  return true;
}

/** A result that is either a value or Go's error text. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const SYNTAX: Parsed<never> = { ok: false, error: 'invalid syntax' };

/**
 * strconv.UnquoteChar: decodes the first character or escape of `s`.
 * Returns the code point and the rest of the string.
 */
export function unquoteChar(s: string, quote: string): Parsed<{ cp: number; tail: string }> {
  const first = s.codePointAt(0);
  if (first === undefined) return SYNTAX;
  if (String.fromCodePoint(first) === quote && (quote === "'" || quote === '"')) return SYNTAX;
  if (first !== 0x5c) {
    const len = first > 0xffff ? 2 : 1;
    return { ok: true, value: { cp: first, tail: s.slice(len) } };
  }
  if (s.length <= 1) return SYNTAX;
  const c = s[1]!;
  let rest = s.slice(2);
  const simple: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 0x5c };
  if (c in simple) return { ok: true, value: { cp: simple[c]!, tail: rest } };
  if (c === "'" || c === '"') {
    if (c !== quote) return SYNTAX;
    return { ok: true, value: { cp: c.charCodeAt(0), tail: rest } };
  }
  if (c === 'x' || c === 'u' || c === 'U') {
    const n = c === 'x' ? 2 : c === 'u' ? 4 : 8;
    const digits = rest.slice(0, n);
    if (digits.length < n || !/^[0-9a-fA-F]+$/.test(digits)) return SYNTAX;
    const v = parseInt(digits, 16);
    rest = rest.slice(n);
    if (c === 'x') return { ok: true, value: { cp: v, tail: rest } }; // a single byte
    if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return SYNTAX;
    return { ok: true, value: { cp: v, tail: rest } };
  }
  if (c >= '0' && c <= '7') {
    const digits = s.slice(1, 4);
    if (!/^[0-7]{3}$/.test(digits)) return SYNTAX;
    const v = parseInt(digits, 8);
    if (v > 255) return SYNTAX;
    return { ok: true, value: { cp: v, tail: s.slice(4) } };
  }
  return SYNTAX;
}

/** strconv.Unquote for "...", `...` and '...' literals. */
export function goUnquote(s: string): Parsed<string> {
  if (s.length < 2) return SYNTAX;
  const quote = s[0]!;
  if (quote !== s[s.length - 1]) return SYNTAX;
  const body = s.slice(1, -1);
  if (quote === '`') {
    if (body.includes('`')) return SYNTAX;
    return { ok: true, value: body.replaceAll('\r', '') };
  }
  if (quote !== '"' && quote !== "'") return SYNTAX;
  if (body.includes('\n')) return SYNTAX;
  let out = '';
  let rest = body;
  let count = 0;
  while (rest.length > 0) {
    const r = unquoteChar(rest, quote);
    if (!r.ok) return r;
    out += String.fromCodePoint(r.value.cp);
    rest = r.value.tail;
    count++;
    if (quote === "'" && rest.length > 0) return SYNTAX;
  }
  if (quote === "'" && count !== 1) return SYNTAX;
  return { ok: true, value: out };
}

// ---------------------------------------------------------------------------
// Numeric literals (strconv.ParseInt/ParseUint with base 0, ParseFloat).

const INT_BODY: Readonly<Record<string, RegExp>> = {
  x: /^_?[0-9a-fA-F]+(_[0-9a-fA-F]+)*$/,
  o: /^_?[0-7]+(_[0-7]+)*$/,
  b: /^_?[01]+(_[01]+)*$/,
  legacyOctal: /^[0-7]+(_[0-7]+)*$/,
  decimal: /^[0-9]+(_[0-9]+)*$/,
};

/** Parses an unsigned Go integer literal (no sign); undefined if invalid. */
function parseUnsignedLiteral(s: string): bigint | undefined {
  let body = s;
  let radix: 'x' | 'o' | 'b' | 'legacyOctal' | 'decimal' = 'decimal';
  const p = s.slice(0, 2).toLowerCase();
  if (p === '0x' || p === '0o' || p === '0b') {
    radix = p[1] as 'x' | 'o' | 'b';
    body = s.slice(2);
  } else if (s.length > 1 && s[0] === '0') {
    radix = 'legacyOctal';
    body = s.slice(1);
  }
  if (!INT_BODY[radix]!.test(body)) return undefined;
  const digits = body.replaceAll('_', '');
  const prefix = radix === 'x' ? '0x' : radix === 'o' || radix === 'legacyOctal' ? '0o' : radix === 'b' ? '0b' : '';
  return BigInt(prefix + digits);
}

const MAX_UINT64 = (1n << 64n) - 1n;
const MAX_INT64 = (1n << 63n) - 1n;
const MIN_INT64 = -(1n << 63n);

/** strconv.ParseUint(s, 0, 64) */
export function parseGoUint(s: string): bigint | undefined {
  const v = parseUnsignedLiteral(s);
  return v !== undefined && v <= MAX_UINT64 ? v : undefined;
}

/** strconv.ParseInt(s, 0, 64) */
export function parseGoInt(s: string): bigint | undefined {
  let sign = 1n;
  let body = s;
  if (s[0] === '+' || s[0] === '-') {
    sign = s[0] === '-' ? -1n : 1n;
    body = s.slice(1);
  }
  const v = parseUnsignedLiteral(body);
  if (v === undefined) return undefined;
  const r = sign * v;
  return r >= MIN_INT64 && r <= MAX_INT64 ? r : undefined;
}

/** strconv.ParseFloat(s, 64) for the literal forms the template lexer produces. Range errors give undefined. */
export function parseGoFloat(s: string): number | undefined {
  let sign = 1;
  let body = s;
  if (s[0] === '+' || s[0] === '-') {
    sign = s[0] === '-' ? -1 : 1;
    body = s.slice(1);
  }
  const lower = body.toLowerCase();
  if (lower === 'inf' || lower === 'infinity') return sign * Infinity;
  if (lower === 'nan') return NaN;
  let value: number;
  if (lower.startsWith('0x')) {
    const m = /^0x(_?[0-9a-f]*(?:_[0-9a-f]+)*)(?:\.([0-9a-f_]*))?p([+-]?[0-9_]+)$/.exec(lower);
    if (!m) return undefined;
    const intPart = (m[1] ?? '').replaceAll('_', '');
    const fracPart = (m[2] ?? '').replaceAll('_', '');
    if (intPart.length + fracPart.length === 0) return undefined;
    const mant = BigInt('0x' + (intPart + fracPart || '0'));
    const exp = parseInt(m[3]!.replaceAll('_', ''), 10) - 4 * fracPart.length;
    value = Number(mant) * Math.pow(2, exp);
  } else {
    if (!/^(?:[0-9]+(?:_[0-9]+)*)?(?:\.(?:[0-9]+(?:_[0-9]+)*)?)?(?:e[+-]?[0-9]+(?:_[0-9]+)*)?$/.test(lower)) return undefined;
    if (!/[0-9]/.test(lower.split('e')[0] ?? '')) return undefined;
    value = Number(lower.replaceAll('_', ''));
  }
  if (!Number.isFinite(value)) return undefined;
  return sign * value;
}

// ---------------------------------------------------------------------------
// FormatFloat

/** A decimal digit string d with the decimal point dp digits from its start. */
interface Decimal {
  digits: string;
  dp: number;
}

/** The exact decimal expansion of a finite, non-negative double. */
function exactDecimal(x: number): Decimal {
  if (x === 0) return { digits: '', dp: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const expBits = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let exp2: number;
  if (expBits === 0) exp2 = -1074;
  else {
    mant |= 1n << 52n;
    exp2 = expBits - 1075;
  }
  let digits: string;
  let dp: number;
  if (exp2 >= 0) {
    digits = (mant << BigInt(exp2)).toString();
    dp = digits.length;
  } else {
    const k = -exp2;
    digits = (mant * 5n ** BigInt(k)).toString();
    dp = digits.length - k;
  }
  return trimZeros({ digits, dp });
}

function trimZeros(d: Decimal): Decimal {
  let end = d.digits.length;
  while (end > 0 && d.digits[end - 1] === '0') end--;
  let start = 0;
  while (start < end && d.digits[start] === '0') start++;
  if (start === end) return { digits: '', dp: 0 };
  return { digits: d.digits.slice(start, end), dp: d.dp - start };
}

/** Go's decimal.Round(nd): keep nd digits, round half to even. */
function roundDecimal(d: Decimal, nd: number): Decimal {
  if (nd < 0 || nd >= d.digits.length) return d;
  const next = d.digits[nd]!;
  let up: boolean;
  if (next === '5' && nd + 1 === d.digits.length) up = nd > 0 && (d.digits.charCodeAt(nd - 1) - 48) % 2 === 1;
  else up = next >= '5';
  if (!up) return trimZeros({ digits: d.digits.slice(0, nd), dp: d.dp });
  let i = nd - 1;
  while (i >= 0 && d.digits[i] === '9') i--;
  if (i < 0) return { digits: '1', dp: d.dp + 1 };
  const digits = d.digits.slice(0, i) + String.fromCharCode(d.digits.charCodeAt(i) + 1);
  return { digits, dp: d.dp };
}

/** Shortest digits that round-trip (what Go's Ryū shortest mode produces). */
function shortestDecimal(x: number): Decimal {
  if (x === 0) return { digits: '', dp: 0 };
  const [mant, exp] = x.toExponential().split('e') as [string, string];
  const digits = mant.replace('.', '');
  return trimZeros({ digits, dp: parseInt(exp, 10) + 1 });
}

function fmtE(neg: boolean, d: Decimal, prec: number, fmt: 'e' | 'E'): string {
  let out = neg ? '-' : '';
  out += d.digits.length > 0 ? d.digits[0] : '0';
  if (prec > 0) {
    out += '.';
    for (let i = 1; i <= prec; i++) out += i < d.digits.length ? d.digits[i] : '0';
  }
  out += fmt;
  let exp = d.digits.length === 0 ? 0 : d.dp - 1;
  if (exp < 0) {
    out += '-';
    exp = -exp;
  } else out += '+';
  return out + (exp < 10 ? '0' + exp : String(exp));
}

function fmtF(neg: boolean, d: Decimal, prec: number): string {
  let out = neg ? '-' : '';
  if (d.dp > 0) {
    const m = Math.min(d.digits.length, d.dp);
    out += d.digits.slice(0, m) + '0'.repeat(d.dp - m);
  } else out += '0';
  if (prec > 0) {
    out += '.';
    for (let i = 1; i <= prec; i++) {
      const j = d.dp + i - 1;
      out += j >= 0 && j < d.digits.length ? d.digits[j] : '0';
    }
  }
  return out;
}

export type FloatFormat = 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'x' | 'X' | 'b';

/** strconv.FormatFloat(x, fmt, prec, 64); prec -1 means shortest. */
export function formatFloat(x: number, fmt: FloatFormat, prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  const neg = x < 0 || Object.is(x, -0);
  const abs = Math.abs(x);
  if (fmt === 'x' || fmt === 'X') return formatHexFloat(neg, abs, prec, fmt);
  if (fmt === 'b') return formatBinaryFloat(neg, abs);
  const shortest = prec < 0;
  let d: Decimal;
  if (shortest) {
    d = shortestDecimal(abs);
    if (fmt === 'e' || fmt === 'E') prec = Math.max(d.digits.length - 1, 0);
    else if (fmt === 'f' || fmt === 'F') prec = Math.max(d.digits.length - d.dp, 0);
    else prec = d.digits.length;
  } else {
    d = exactDecimal(abs);
    if (fmt === 'e' || fmt === 'E') d = roundDecimal(d, prec + 1);
    else if (fmt === 'f' || fmt === 'F') d = roundDecimal(d, d.dp + prec);
    else {
      if (prec === 0) prec = 1;
      d = roundDecimal(d, prec);
    }
  }
  switch (fmt) {
    case 'e':
    case 'E':
      return fmtE(neg, d, prec, fmt);
    case 'f':
    case 'F':
      return fmtF(neg, d, prec);
    case 'g':
    case 'G': {
      let eprec = prec;
      if (eprec > d.digits.length && d.digits.length >= d.dp) eprec = d.digits.length;
      if (shortest) eprec = 6;
      const exp = d.dp - 1;
      if (exp < -4 || exp >= eprec) {
        if (prec > d.digits.length) prec = d.digits.length;
        return fmtE(neg, d, prec - 1, fmt === 'g' ? 'e' : 'E');
      }
      if (prec > d.dp) prec = d.digits.length;
      return fmtF(neg, d, Math.max(prec - d.dp, 0));
    }
  }
}

function floatBits(x: number): { mant: bigint; exp: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const expBits = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  if (expBits === 0) return { mant, exp: -1074 };
  mant |= 1n << 52n;
  return { mant, exp: expBits - 1075 };
}

/** %b: decimalless scientific notation with a power-of-two exponent. */
function formatBinaryFloat(neg: boolean, abs: number): string {
  const { mant, exp } = floatBits(abs);
  return (neg ? '-' : '') + mant.toString() + 'p' + (exp >= 0 ? '+' : '-') + Math.abs(exp);
}

/** %x: -0x1.23abcp+20, with the mantissa shifted so its leading digit is 1. */
function formatHexFloat(neg: boolean, abs: number, prec: number, fmt: 'x' | 'X'): string {
  let { mant, exp } = floatBits(abs);
  if (mant === 0n) exp = 0;
  else {
    // Normalise: leading 1 at bit 60 (so 15 hex digits follow the point).
    while (mant < 1n << 60n) {
      mant <<= 1n;
      exp--;
    }
    exp += 60;
  }
  // mant now has its leading 1 at bit 60; the fraction is bits 59..0 (15 hex digits).
  let frac = mant & ((1n << 60n) - 1n);
  let lead = mant === 0n ? 0n : 1n;
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(4 * (15 - prec));
    const half = 1n << (shift - 1n);
    const rem = frac & ((1n << shift) - 1n);
    frac >>= shift;
    if (rem > half || (rem === half && (frac & 1n) === 1n)) {
      frac += 1n;
      if (frac >> BigInt(4 * prec) !== 0n) {
        frac = 0n;
        lead += 1n;
        if (lead === 2n) {
          lead = 1n;
          exp++;
        }
      }
    }
  }
  let digits = prec >= 0 && prec < 15 ? (prec === 0 ? '' : frac.toString(16).padStart(prec, '0')) : frac.toString(16).padStart(15, '0');
  if (prec < 0) digits = digits.replace(/0+$/, '');
  else if (prec > 15) digits = digits + '0'.repeat(prec - 15);
  let out = (neg ? '-' : '') + '0x' + lead.toString() + (digits.length > 0 ? '.' + digits : '') + 'p' + (exp >= 0 ? '+' : '-') + String(Math.abs(exp)).padStart(2, '0');
  if (fmt === 'X') out = out.toUpperCase();
  return out;
}
