// Character classes and the number scanner of Prometheus's PromQL lexer in
// series-description mode. Kept apart so the series notation, histogram
// literals and the test-script parser agree on what a number token is.

import { parseGoNumber, type ParsedNumber } from '../go/strconv.js';

export interface Cursor {
  readonly text: string;
  pos: number;
}

export function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

export function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

/** Letters and `_` (ASCII only, like the PromQL lexer). */
export function isAlpha(c: string): boolean {
  return c === '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

export function isAlphaNumeric(c: string): boolean {
  return isAlpha(c) || isDigit(c);
}

/**
 * Advances over a number token the way the lexer's scanNumber does with hex
 * disabled (series descriptions): `[.]digits` then digits, one `.`, one
 * exponent with optional sign, `_` between digits. Returns false when the
 * text is not a number token; `c.pos` then marks how far it got, which is
 * what Prometheus quotes in "bad number syntax". A number may be followed by
 * `x` (repetition) but by no other letter or digit.
 */
export function scanNumber(c: Cursor): boolean {
  const { text } = c;
  const start = c.pos;
  const peek = (): string => text[c.pos] ?? '';
  const accept = (set: string): boolean => {
    const ch = peek();
    if (ch !== '' && set.includes(ch)) {
      c.pos++;
      return true;
    }
    return false;
  };
  const DIGITS = '0123456789';
  accept('.');
  accept(DIGITS);
  let dot = false;
  let exponent = false;
  while (peek() !== '' && `${DIGITS}._eE`.includes(peek())) {
    if (peek() === '.' && dot) {
      c.pos++;
      return false;
    }
    if ((peek() === 'e' || peek() === 'E') && exponent) {
      c.pos++;
      return false;
    }
    if (accept('.')) {
      dot = true;
      if (accept('_.')) return false;
      continue;
    }
    if (accept('eE')) {
      exponent = true;
      accept('+-');
      if (accept('._eE') || peek() === '') return false;
      continue;
    }
    if (accept('_')) {
      if (accept('._eE') || peek() === '') return false;
      continue;
    }
    while (accept(DIGITS)) {
      // consume the run
    }
  }
  if (c.pos === start) return false;
  const next = peek();
  return next === 'x' || next === '' || !isAlphaNumeric(next);
}

/** The value of a scanned number token, as Prometheus's parser.number reads it. */
export function parseNumberToken(token: string): ParsedNumber<number> {
  return parseGoNumber(token);
}
