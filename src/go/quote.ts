// Go's strconv quoting and unquoting: Quote/QuoteToASCII/QuoteRune (Go's %q),
// UnquoteChar/Unquote, %#U, and reading a PromQL string literal in place
// (the PromQL lexer's escapes are Go's). Every layer quotes through here.

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
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

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

/**
 * Where a quoted literal starting at `start` (`"`, `'` or a backtick) ends
 * without reading its value: the index of its closing quote, or of the line
 * break or end of text that cuts an unterminated one short. A backslash
 * escapes the next character except inside backticks.
 */
export function quotedLiteralEnd(text: string, start: number): number {
  const quote = text[start];
  let j = start + 1;
  while (j < text.length && text[j] !== quote && !(quote !== '`' && text[j] === '\n')) j += quote !== '`' && text[j] === '\\' ? 2 : 1;
  return j;
}

export type QuotedStringResult =
  { readonly ok: true; readonly value: string; readonly end: number } | { readonly ok: false; readonly error: string; readonly pos: number };

const ESCAPE_BYTES: Readonly<Record<string, number>> = {
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
    const simple = ESCAPE_BYTES[e];
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

/** Go's %#U: `U+0027 '''`, the character itself only when printable. */
export function goRuneDesc(ch: string): string {
  const cp = ch.codePointAt(0)!;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return isGoPrint(cp) ? `${hex} '${ch}'` : hex;
}
