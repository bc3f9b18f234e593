// A re-implementation of the token rules of Prometheus's PromQL lexer
// (promql/parser/lex.go), used only to report errors the way Prometheus
// does. lezer-promql (which builds our syntax tree) tokenises slightly
// differently and says nothing useful when it fails, so parse.ts asks this
// lexer two things: is there a lexical error, and what is the token at the
// position where lezer's parse broke down (described as Prometheus's
// `unexpected <token>` messages describe it).
//
// Positions are UTF-16 offsets into the text (Prometheus uses byte offsets;
// the two agree for ASCII input).

import { goQuote, goQuoteRune, goRuneDesc } from '../go/strconv.js';

export type TokenKind = 'identifier' | 'metricIdentifier' | 'keyword' | 'aggregator' | 'operator' | 'preprocessor' | 'number' | 'duration' | 'string' | 'punct';

export interface Token {
  readonly kind: TokenKind;
  /** The token text as written. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** True for tokens read inside `{...}` (where keywords are plain identifiers). */
  readonly inBraces: boolean;
  /** True for tokens read inside `[...]`. */
  readonly inBrackets: boolean;
}

export interface LexError {
  readonly message: string;
  /** Start of the offending item; Prometheus reports [start, end of input). */
  readonly start: number;
}

export interface LexResult {
  /** The tokens before the first error (comments and whitespace dropped). */
  readonly tokens: Token[];
  readonly error?: LexError;
}

/** Prometheus's keyword table (lex.go `key`), lower-case, with the kind of item each word lexes as. */
const KEYWORDS: ReadonlyMap<string, TokenKind> = new Map([
  ['and', 'operator'],
  ['or', 'operator'],
  ['unless', 'operator'],
  ['atan2', 'operator'],
  ...['sum', 'avg', 'count', 'min', 'max', 'group', 'stddev', 'stdvar', 'topk', 'bottomk', 'count_values', 'quantile', 'limitk', 'limit_ratio'].map(
    (w): [string, TokenKind] => [w, 'aggregator'],
  ),
  ...['offset', 'smoothed', 'anchored', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'fill', 'fill_left', 'fill_right', 'bool'].map(
    (w): [string, TokenKind] => [w, 'keyword'],
  ),
  ...['start', 'end', 'step', 'range'].map((w): [string, TokenKind] => [w, 'preprocessor']),
  ['inf', 'number'],
  ['nan', 'number'],
]);

/** Words recognised inside `[...]` (lex.go `scanDurationKeyword`). */
const DURATION_KEYWORDS = new Set(['step', 'range', 'min_of', 'max_of', 'min', 'max']);

const FILL_KEYWORDS = new Set(['fill', 'fill_left', 'fill_right']);

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isAlpha = (c: string | undefined): boolean => c !== undefined && (c === '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
const isAlphaNumeric = (c: string | undefined): boolean => isAlpha(c) || isDigit(c);
const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** Go's `%q` of a single character (`unexpected character: '.'`); the end of input is U+FFFD, as in lex.go. */
export function quoteChar(ch: string | undefined): string {
  return goQuoteRune(ch === undefined ? -1 : ch.codePointAt(0)!);
}

/**
 * How Prometheus names a token in `unexpected ...` messages (lex.go
 * `Item.desc`): `<op:*>`, `<by>`, `<aggr:sum>`, `identifier "foo"`,
 * `number "5"`, `"("`...
 */
export function describeToken(t: Token): string {
  switch (t.kind) {
    case 'identifier':
      return `identifier ${goQuote(t.text)}`;
    case 'metricIdentifier':
      return `metric identifier ${goQuote(t.text)}`;
    case 'keyword':
      return `<${t.text}>`;
    case 'aggregator':
      return `<aggr:${t.text}>`;
    case 'operator':
      return `<op:${t.text}>`;
    case 'number':
    case 'duration':
    case 'string':
      return `${t.kind} ${quoteItemValue(t.text)}`;
    case 'preprocessor':
      return quoteItemValue(t.text);
    case 'punct':
      // `=`, `,`, brackets: lex.go prints these quoted, but the operators
      // among them (`-`, `==`, `@`...) as `<op:...>`.
      return PUNCT_OPERATORS.has(t.text) ? `<op:${t.text}>` : goQuote(t.text);
    default:
      return t.kind satisfies never;
  }
}

const PUNCT_OPERATORS = new Set(['+', '-', '*', '/', '%', '^', '==', '!=', '<=', '<', '>=', '>', '</', '>/', '=~', '!~', '@']);

/** lex.go `Item.String`: long values are cut to 10 characters. */
function quoteItemValue(v: string): string {
  const chars = [...v];
  return chars.length > 10 ? `${goQuote(chars.slice(0, 10).join(''))}...` : goQuote(v);
}

/** Lexes PromQL text as Prometheus's lexer does, up to the first error. */
export function lexPromQL(text: string): LexResult {
  const tokens: Token[] = [];
  let pos = 0;
  let parenDepth = 0;
  let braceOpen = false;
  let bracketOpen = false;
  let gotColon = false;
  let gotDuration = false;
  // True right after `[` and after `(`/operators inside brackets: lex.go's lexDurationExpr state.
  let durationState = false;

  const push = (kind: TokenKind, start: number, end: number): void => {
    tokens.push({ kind, text: text.slice(start, end), start, end, inBraces: braceOpen, inBrackets: bracketOpen });
  };
  const fail = (message: string, start: number): LexResult => ({ tokens, error: { message, start } });

  while (true) {
    // Whitespace and comments.
    while (pos < text.length && (isSpace(text[pos]) || text[pos] === '#')) {
      if (text[pos] === '#') while (pos < text.length && text[pos] !== '\n' && text[pos] !== '\r') pos++;
      else pos++;
    }
    const start = pos;
    const c = text[pos];

    if (braceOpen) {
      if (c === undefined) return fail('unexpected end of input inside braces', start);
      if (isAlpha(c)) {
        let p = pos;
        while (isAlphaNumeric(text[p])) p++;
        push('identifier', start, p);
        pos = p;
        continue;
      }
      if (c === ',') {
        push('punct', start, ++pos);
        continue;
      }
      if (c === '"' || c === "'" || c === '`') {
        const r = lexString(text, pos);
        if ('error' in r) return fail(r.error, start);
        push('string', start, r.end);
        pos = r.end;
        continue;
      }
      if (c === '=') {
        pos += text[pos + 1] === '~' ? 2 : 1;
        push('punct', start, pos);
        continue;
      }
      if (c === '!') {
        const n = text[pos + 1];
        if (n !== '~' && n !== '=') return fail(`unexpected character after '!' inside braces: ${quoteChar(n)}`, start);
        pos += 2;
        push('punct', start, pos);
        continue;
      }
      if (c === '{') return fail(`unexpected left brace ${quoteChar(c)}`, start);
      if (c === '}') {
        push('punct', start, ++pos);
        braceOpen = false;
        continue;
      }
      return fail(`unexpected character inside braces: ${quoteChar(String.fromCodePoint(text.codePointAt(pos)!))}`, start);
    }

    if (durationState) {
      // lex.go lexDurationExpr: the first token after `[` (and after `(` and operators).
      if (c === undefined) return fail('unexpected end of input in duration expression', start);
      if (c === ']' || c === ':' || c === ',' || '+-*/%^()'.includes(c)) {
        // Handled below like lexStatements does, with the duration-state checks.
        if (c === ':') {
          if (!gotDuration) return fail('unexpected colon before duration in duration expression', pos + 1);
          if (gotColon) return fail('unexpected repeated colon in duration expression', pos + 1);
        }
      } else if (isAlpha(c)) {
        const word = readWord(text, pos);
        if (!DURATION_KEYWORDS.has(word.toLowerCase())) return fail(`unexpected character in duration expression: ${quoteChar(c)}`, start);
      } else if (!(isDigit(c) || (c === '.' && isDigit(text[pos + 1])))) {
        return fail(`unexpected character in duration expression: ${quoteChar(String.fromCodePoint(text.codePointAt(pos)!))}`, start);
      }
    }

    if (c === undefined) {
      if (parenDepth !== 0) return fail('unclosed left parenthesis', start);
      if (bracketOpen) return fail('unclosed left bracket', start);
      return { tokens };
    }

    if (isDigit(c) || (c === '.' && isDigit(text[pos + 1]))) {
      const r = scanNumberOrDuration(text, pos);
      if ('error' in r) return fail(r.error, start);
      push(r.kind, start, r.end);
      pos = r.end;
      if (bracketOpen) gotDuration = true;
      durationState = false;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      const r = lexString(text, pos);
      if ('error' in r) return fail(r.error, r.errorStart ?? start);
      push('string', start, r.end);
      pos = r.end;
      durationState = false;
      continue;
    }
    if (isAlpha(c) || c === ':') {
      if (bracketOpen) {
        if (c === ':') {
          if (gotColon) return fail(`unexpected colon ${quoteChar(c)}`, start);
          push('punct', start, ++pos);
          gotColon = true;
          durationState = false;
          continue;
        }
        const word = readWord(text, pos);
        if (DURATION_KEYWORDS.has(word.toLowerCase())) {
          push(word.toLowerCase().startsWith('m') ? 'aggregator' : 'preprocessor', start, pos + word.length);
          pos += word.length;
          continue;
        }
        return fail(`unexpected character: ${quoteChar(c)}, expected ':'`, start);
      }
      let p = pos;
      while (isAlphaNumeric(text[p]) || text[p] === ':') p++;
      const word = text.slice(pos, p);
      const kw = KEYWORDS.get(word.toLowerCase());
      let kind: TokenKind = kw ?? (word.includes(':') ? 'metricIdentifier' : 'identifier');
      // fill/fill_left/fill_right are keywords only before "(".
      if (kw && FILL_KEYWORDS.has(word.toLowerCase()) && !/^\s*\(/.test(text.slice(p))) kind = 'identifier';
      push(kind, start, p);
      pos = p;
      continue;
    }

    const two = text.slice(pos, pos + 2);
    switch (c) {
      case '(':
        push('punct', start, ++pos);
        parenDepth++;
        continue;
      case ')':
        pos++;
        parenDepth--;
        if (parenDepth < 0) return fail(`unexpected right parenthesis ${quoteChar(c)}`, pos);
        push('punct', start, pos);
        continue;
      case '{':
        push('punct', start, ++pos);
        braceOpen = true;
        continue;
      case '[':
        if (bracketOpen) return fail(`unexpected left bracket ${quoteChar(c)}`, start);
        bracketOpen = true;
        push('punct', start, ++pos);
        gotColon = false;
        gotDuration = false;
        durationState = true;
        continue;
      case ']':
        if (!bracketOpen) return fail(`unexpected right bracket ${quoteChar(c)}`, start);
        push('punct', start, ++pos);
        bracketOpen = false;
        durationState = false;
        continue;
      case ',':
      case '*':
      case '/':
      case '%':
      case '+':
      case '-':
      case '^':
      case '@':
        push('punct', start, ++pos);
        continue;
      case '=':
        if (two === '=~') return fail(`unexpected character after '=': ${quoteChar('~')}`, start);
        pos += two === '==' ? 2 : 1;
        push('punct', start, pos);
        continue;
      case '!':
        if (two !== '!=') return fail(`unexpected character after '!': ${quoteChar(text[pos + 1])}`, start);
        pos += 2;
        push('punct', start, pos);
        continue;
      case '<':
      case '>':
        // `<=`/`>=`, and the native-histogram trim operators `</`/`>/`.
        pos += text[pos + 1] === '=' || text[pos + 1] === '/' ? 2 : 1;
        push('punct', start, pos);
        continue;
      default:
        return fail(`unexpected character: ${quoteChar(String.fromCodePoint(text.codePointAt(pos)!))}`, start);
    }
  }
}

function readWord(text: string, pos: number): string {
  let p = pos;
  while (isAlpha(text[p])) p++;
  return text.slice(pos, p);
}

/**
 * lex.go `lexString`/`lexRawString`/`lexEscape`: a quoted string starting at
 * `pos`, validating escapes. Errors are reported at the string's start.
 */
function lexString(text: string, pos: number): { end: number } | { error: string; errorStart?: number } {
  const quote = text[pos]!;
  let p = pos + 1;
  if (quote === '`') {
    const close = text.indexOf('`', p);
    if (close < 0) return { error: 'unterminated raw string' };
    return { end: close + 1 };
  }
  while (true) {
    const c = text[p];
    if (c === undefined || c === '\n') return { error: 'unterminated quoted string' };
    p++;
    if (c === quote) return { end: p };
    if (c !== '\\') continue;
    const e = text[p];
    if (e === undefined) return { error: 'escape sequence not terminated' };
    p++;
    let digits = 0;
    let base = 0;
    let max = 0;
    let ch: string | undefined = e;
    if ('abfnrtv\\'.includes(e) || e === quote) continue;
    if (e >= '0' && e <= '7') {
      [digits, base, max] = [3, 8, 255];
    } else if (e === 'x' || e === 'u' || e === 'U') {
      [digits, base, max] = e === 'x' ? [2, 16, 255] : e === 'u' ? [4, 16, 0x10ffff] : [8, 16, 0x10ffff];
      ch = text[p++];
    } else {
      return { error: `unknown escape sequence ${goRuneDesc(String.fromCodePoint(text.codePointAt(p - 1)!))}` };
    }
    let value = 0;
    while (digits > 0) {
      const d = ch === undefined ? 16 : parseInt(ch, 16);
      if (Number.isNaN(d) || d >= base) {
        if (ch === undefined) return { error: 'escape sequence not terminated' };
        return { error: `illegal character ${goRuneDesc(ch)} in escape sequence` };
      }
      value = value * base + d;
      digits--;
      if (digits > 0) ch = text[p++];
    }
    if (value > max || (value >= 0xd800 && value < 0xe000)) return { error: 'escape sequence is an invalid Unicode code point' };
  }
}

/**
 * lex.go `lexNumberOrDuration`: a number (decimal, hex, float with
 * underscores) or a duration (`5m`, `1h30m`), or the error Prometheus gives.
 */
function scanNumberOrDuration(text: string, start: number): { kind: 'number' | 'duration'; end: number } | { error: string } {
  const afterNumber = scanNumber(text, start);
  if (afterNumber.ok) return { kind: 'number', end: afterNumber.pos };
  const dur = acceptRemainingDuration(text, afterNumber.pos);
  if (dur.ok) return { kind: 'duration', end: dur.pos };
  return { error: `bad number or duration syntax: ${goQuote(text.slice(start, dur.pos))}` };
}

/** lex.go's `accept`: consumes the character at `cur.pos` when it is one of `valid`. */
function accepter(text: string, cur: { pos: number }): (valid: string) => boolean {
  return (valid) => {
    const c = text[cur.pos];
    if (c !== undefined && valid.includes(c)) {
      cur.pos++;
      return true;
    }
    return false;
  };
}

/**
 * lex.go `scanNumber`, with its exact consumption (the position it stops
 * at is part of the error message). Returns ok and the position after the
 * scanned characters.
 */
function scanNumber(text: string, start: number): { ok: boolean; pos: number } {
  const cur = { pos: start };
  const peek = (): string | undefined => text[cur.pos];
  const accept = accepter(text, cur);
  let digits = '0123456789';
  if (accept('0')) {
    if (accept('xX')) {
      accept('_');
      digits = '0123456789abcdefABCDEF';
    }
  }
  accept('.');
  accept(digits);
  let dotConsumed = false;
  let exponentConsumed = false;
  const loopSet = (): string => digits + '._eE';
  while (peek() !== undefined && loopSet().includes(peek()!)) {
    if (peek() === '.' && dotConsumed) {
      accept('.');
      return { ok: false, pos: cur.pos };
    }
    if ((peek() === 'e' || peek() === 'E') && exponentConsumed && digits.length === 10) {
      accept('eE');
      return { ok: false, pos: cur.pos };
    }
    if (accept('.')) {
      dotConsumed = true;
      if (accept('_.')) return { ok: false, pos: cur.pos };
      if (digits.length > 10) return { ok: false, pos: cur.pos };
      continue;
    }
    if (digits.length === 10 && accept('eE')) {
      exponentConsumed = true;
      accept('+-');
      if (accept('._eE') || peek() === undefined) return { ok: false, pos: cur.pos };
      continue;
    }
    if (accept('_')) {
      if (accept('._eE') || peek() === undefined) return { ok: false, pos: cur.pos };
      continue;
    }
    while (peek() !== undefined && digits.includes(peek()!)) cur.pos++;
  }
  if (cur.pos === start) return { ok: false, pos: cur.pos };
  return { ok: !isAlphaNumeric(peek()), pos: cur.pos };
}

/** lex.go `acceptRemainingDuration`, continuing from where scanNumber stopped. */
function acceptRemainingDuration(text: string, from: number): { ok: boolean; pos: number } {
  const cur = { pos: from };
  const accept = accepter(text, cur);
  if (!accept('smhdwy')) return { ok: false, pos: cur.pos };
  accept('s');
  while (accept('0123456789')) {
    while (accept('0123456789')) {
      // consume
    }
    if (!accept('smhdw')) return { ok: false, pos: cur.pos };
    accept('s');
  }
  const next = text[cur.pos];
  if (next !== undefined) cur.pos++;
  if (isAlphaNumeric(next)) return { ok: false, pos: cur.pos };
  return { ok: true, pos: next !== undefined ? cur.pos - 1 : cur.pos };
}
