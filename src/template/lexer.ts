// The template lexer, following Go's text/template/parse/lex.go state by
// state (trim markers, comments, newlines inside actions, break/continue
// keywords). It lexes the whole input eagerly and stops at the first error
// token, which carries Go's message and the span of the offending input.
// Offsets are UTF-16 indices into the text.

import { goQuote, goRuneDesc } from '../go/strconv.js';

export type TokenType =
  | 'error'
  | 'bool'
  | 'char'
  | 'charConstant'
  | 'comment'
  | 'complex'
  | 'assign'
  | 'declare'
  | 'eof'
  | 'field'
  | 'identifier'
  | 'leftDelim'
  | 'leftParen'
  | 'number'
  | 'pipe'
  | 'rawString'
  | 'rightDelim'
  | 'rightParen'
  | 'space'
  | 'string'
  | 'text'
  | 'variable'
  // keywords
  | 'block'
  | 'break'
  | 'continue'
  | 'dot'
  | 'define'
  | 'else'
  | 'end'
  | 'if'
  | 'nil'
  | 'range'
  | 'template'
  | 'with';

export interface Token {
  readonly type: TokenType;
  /** The token's text; for `error` tokens, Go's message. */
  readonly val: string;
  readonly start: number;
  readonly end: number;
}

const KEYWORDS: ReadonlyMap<string, TokenType> = new Map<string, TokenType>([
  ['.', 'dot'],
  ['block', 'block'],
  ['break', 'break'],
  ['continue', 'continue'],
  ['define', 'define'],
  ['else', 'else'],
  ['end', 'end'],
  ['if', 'if'],
  ['range', 'range'],
  ['nil', 'nil'],
  ['template', 'template'],
  ['with', 'with'],
]);

const KEYWORD_TYPES: ReadonlySet<TokenType> = new Set(KEYWORDS.values());

export function isKeyword(type: TokenType): boolean {
  return KEYWORD_TYPES.has(type);
}

/** Go's item.String(): how "unexpected X" messages show a token. */
export function tokenString(t: Token): string {
  if (t.type === 'eof') return 'EOF';
  if (t.type === 'error') return t.val;
  if (isKeyword(t.type)) return `<${t.val}>`;
  const runes = [...t.val];
  if (runes.length > 10) return goQuote(runes.slice(0, 10).join('')) + '...';
  return goQuote(t.val);
}

const LEFT_DELIM = '{{';
const RIGHT_DELIM = '}}';
const LEFT_COMMENT = '/*';
const RIGHT_COMMENT = '*/';
const EOF = -1;

function isSpace(r: number): boolean {
  return r === 0x20 || r === 0x09 || r === 0x0d || r === 0x0a;
}

function isAlphaNumeric(r: number): boolean {
  if (r === EOF) return false;
  if (r === 0x5f) return true;
  // ASCII (nearly every identifier) without a regular expression per character.
  if (r < 0x80) return (r >= 0x30 && r <= 0x39) || (r >= 0x41 && r <= 0x5a) || (r >= 0x61 && r <= 0x7a);
  return /[\p{L}\p{Nd}]/u.test(String.fromCodePoint(r));
}

/** `}}` at `at`: by character codes, as startsWith is slow on text sliced from a file. */
function rightDelimAt(s: string, at: number): boolean {
  return s.charCodeAt(at) === 0x7d && s.charCodeAt(at + 1) === 0x7d;
}

function isAsciiPrint(r: number): boolean {
  return r >= 0x20 && r < 0x7f;
}

/** Go's %#U: U+0041 'A' */
function formatCodePoint(r: number): string {
  return goRuneDesc(String.fromCodePoint(r));
}

function hasLeftTrimMarker(s: string, at: number): boolean {
  return s[at] === '-' && at + 1 < s.length && isSpace(s.charCodeAt(at + 1));
}

function hasRightTrimMarker(s: string, at: number): boolean {
  return at + 1 < s.length && isSpace(s.charCodeAt(at)) && s[at + 1] === '-';
}

type State = ((l: Lexer) => State) | null;

class Lexer {
  readonly tokens: Token[] = [];
  pos = 0;
  start = 0;
  width = 0;
  parenDepth = 0;

  constructor(readonly input: string) {}

  next(): number {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return EOF;
    }
    const r = this.input.codePointAt(this.pos)!;
    this.width = r > 0xffff ? 2 : 1;
    this.pos += this.width;
    return r;
  }

  peek(): number {
    const r = this.next();
    this.backup();
    return r;
  }

  backup(): void {
    this.pos -= this.width;
  }

  emit(type: TokenType): State {
    this.tokens.push({ type, val: this.input.slice(this.start, this.pos), start: this.start, end: this.pos });
    this.start = this.pos;
    return lexInsideAction;
  }

  ignore(): void {
    this.start = this.pos;
  }

  accept(valid: string): boolean {
    const r = this.next();
    if (r !== EOF && valid.includes(String.fromCodePoint(r))) return true;
    this.backup();
    return false;
  }

  acceptRun(valid: string): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || !valid.includes(String.fromCodePoint(r))) break;
    }
    this.backup();
  }

  /** An error token spanning from the item start to `end` (at least one character when input remains). */
  errorf(message: string, end = this.pos): State {
    const stop = Math.max(end, Math.min(this.start + 1, this.input.length));
    this.tokens.push({ type: 'error', val: message, start: this.start, end: stop });
    return null;
  }

  atRightDelim(): { delim: boolean; trimSpaces: boolean } {
    if (rightDelimAt(this.input, this.pos)) return { delim: true, trimSpaces: false };
    if (hasRightTrimMarker(this.input, this.pos) && rightDelimAt(this.input, this.pos + 2)) {
      return { delim: true, trimSpaces: true };
    }
    return { delim: false, trimSpaces: false };
  }

  atTerminator(): boolean {
    const r = this.peek();
    if (isSpace(r)) return true;
    if (r === EOF) return true;
    if ('.,|:)('.includes(String.fromCodePoint(r))) return true;
    return rightDelimAt(this.input, this.pos);
  }

  scanNumber(): boolean {
    this.accept('+-');
    let digits = '0123456789_';
    if (this.accept('0')) {
      if (this.accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (this.accept('oO')) digits = '01234567_';
      else if (this.accept('bB')) digits = '01_';
    }
    this.acceptRun(digits);
    if (this.accept('.')) this.acceptRun(digits);
    if (digits.length === 11 && this.accept('eE')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    if (digits.length === 23 && this.accept('pP')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    this.accept('i');
    if (isAlphaNumeric(this.peek())) {
      this.next();
      return false;
    }
    return true;
  }
}

function leftTrimLength(s: string, from: number): number {
  let i = from;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i - from;
}

function rightTrimLength(s: string, from: number, to: number): number {
  let i = to;
  while (i > from && isSpace(s.charCodeAt(i - 1))) i--;
  return to - i;
}

function lexText(l: Lexer): State {
  const x = l.input.indexOf(LEFT_DELIM, l.pos);
  if (x >= 0) {
    l.pos = x;
    const trim = hasLeftTrimMarker(l.input, x + LEFT_DELIM.length) ? rightTrimLength(l.input, l.start, x) : 0;
    const textEnd = x - trim;
    if (textEnd > l.start) {
      l.tokens.push({ type: 'text', val: l.input.slice(l.start, textEnd), start: l.start, end: textEnd });
    }
    l.ignore();
    return lexLeftDelim;
  }
  l.pos = l.input.length;
  if (l.pos > l.start) {
    l.tokens.push({ type: 'text', val: l.input.slice(l.start, l.pos), start: l.start, end: l.pos });
    l.start = l.pos;
  }
  l.tokens.push({ type: 'eof', val: '', start: l.pos, end: l.pos });
  return null;
}

function lexLeftDelim(l: Lexer): State {
  l.pos += LEFT_DELIM.length;
  const afterMarker = hasLeftTrimMarker(l.input, l.pos) ? 2 : 0;
  if (l.input.startsWith(LEFT_COMMENT, l.pos + afterMarker)) {
    // The comment token spans the whole {{/* ... */}} action.
    return lexComment;
  }
  l.tokens.push({ type: 'leftDelim', val: LEFT_DELIM, start: l.start, end: l.pos });
  l.pos += afterMarker;
  l.ignore();
  l.parenDepth = 0;
  return lexInsideAction;
}

function lexComment(l: Lexer): State {
  const delimStart = l.start;
  l.pos += hasLeftTrimMarker(l.input, l.pos) ? 2 : 0;
  l.ignore(); // error positions start at the "/*", as Go's do
  l.pos += LEFT_COMMENT.length;
  const x = l.input.indexOf(RIGHT_COMMENT, l.pos);
  if (x < 0) return l.errorf('unclosed comment', l.input.length);
  l.pos = x + RIGHT_COMMENT.length;
  const { delim, trimSpaces } = l.atRightDelim();
  if (!delim) return l.errorf('comment ends before closing delimiter');
  const commentText = l.input.slice(l.start, l.pos);
  if (trimSpaces) l.pos += 2;
  l.pos += RIGHT_DELIM.length;
  l.tokens.push({ type: 'comment', val: commentText, start: delimStart, end: l.pos });
  if (trimSpaces) l.pos += leftTrimLength(l.input, l.pos);
  l.ignore();
  return lexText;
}

function lexRightDelim(l: Lexer): State {
  const { trimSpaces } = l.atRightDelim();
  if (trimSpaces) {
    l.pos += 2;
    l.ignore();
  }
  l.pos += RIGHT_DELIM.length;
  l.tokens.push({ type: 'rightDelim', val: RIGHT_DELIM, start: l.start, end: l.pos });
  l.start = l.pos;
  if (trimSpaces) {
    l.pos += leftTrimLength(l.input, l.pos);
    l.ignore();
  }
  return lexText;
}

function lexInsideAction(l: Lexer): State {
  const { delim } = l.atRightDelim();
  if (delim) {
    if (l.parenDepth === 0) return lexRightDelim;
    return l.errorf('unclosed left paren');
  }
  const r = l.next();
  if (r === EOF) return l.errorf('unclosed action');
  if (isSpace(r)) {
    l.backup(); // the space may start a " -}}"
    return lexSpace;
  }
  const c = String.fromCodePoint(r);
  switch (c) {
    case '=':
      return l.emit('assign');
    case ':':
      if (l.next() !== 0x3d) return l.errorf('expected :=');
      return l.emit('declare');
    case '|':
      return l.emit('pipe');
    case '"':
      return lexQuote;
    case '`':
      return lexRawQuote;
    case '$':
      return lexVariable;
    case "'":
      return lexChar;
    case '(':
      l.parenDepth++;
      return l.emit('leftParen');
    case ')':
      l.parenDepth--;
      if (l.parenDepth < 0) return l.errorf('unexpected right paren');
      return l.emit('rightParen');
  }
  if (c === '.') {
    // ".field" unless a digit follows, in which case it starts a number.
    const nx = l.input.charCodeAt(l.pos);
    if (l.pos >= l.input.length || !(nx >= 0x30 && nx <= 0x39)) return lexField;
  }
  if (c === '.' || c === '+' || c === '-' || (r >= 0x30 && r <= 0x39)) {
    l.backup();
    return lexNumber;
  }
  if (isAlphaNumeric(r)) {
    l.backup();
    return lexIdentifier;
  }
  if (isAsciiPrint(r)) return l.emit('char');
  return l.errorf(`unrecognized character in action: ${formatCodePoint(r)}`);
}

function lexSpace(l: Lexer): State {
  let numSpaces = 0;
  while (isSpace(l.peek())) {
    l.next();
    numSpaces++;
  }
  // A trim-marked closing delimiter " -}}" keeps its space.
  if (hasRightTrimMarker(l.input, l.pos - 1) && rightDelimAt(l.input, l.pos + 1)) {
    l.backup();
    if (numSpaces === 1) return lexInsideAction;
  }
  return l.emit('space');
}

function lexIdentifier(l: Lexer): State {
  for (;;) {
    const r = l.next();
    if (isAlphaNumeric(r)) continue;
    l.backup();
    const word = l.input.slice(l.start, l.pos);
    if (!l.atTerminator()) return badCharacter(l);
    const kw = KEYWORDS.get(word);
    if (kw !== undefined) return l.emit(kw);
    if (word === 'true' || word === 'false') return l.emit('bool');
    return l.emit('identifier');
  }
}

/** "bad character" errors point at the character that does not belong. */
function badCharacter(l: Lexer): State {
  const r = l.peek();
  l.start = l.pos;
  return l.errorf(`bad character ${formatCodePoint(r)}`, l.pos + (r > 0xffff ? 2 : 1));
}

function lexField(l: Lexer): State {
  return lexFieldOrVariable(l, 'field');
}

function lexVariable(l: Lexer): State {
  if (l.atTerminator()) return l.emit('variable');
  return lexFieldOrVariable(l, 'variable');
}

function lexFieldOrVariable(l: Lexer, type: 'field' | 'variable'): State {
  if (l.atTerminator()) return l.emit(type === 'variable' ? 'variable' : 'dot');
  for (;;) {
    const r = l.next();
    if (!isAlphaNumeric(r)) {
      l.backup();
      break;
    }
  }
  if (!l.atTerminator()) return badCharacter(l);
  return l.emit(type);
}

function lexChar(l: Lexer): State {
  for (;;) {
    let r = l.next();
    if (r === 0x5c) {
      r = l.next();
      if (r !== EOF && r !== 0x0a) continue;
    }
    if (r === EOF || r === 0x0a) return l.errorf('unterminated character constant');
    if (r === 0x27) break;
  }
  return l.emit('charConstant');
}

function lexNumber(l: Lexer): State {
  if (!l.scanNumber()) return l.errorf(`bad number syntax: ${goQuote(l.input.slice(l.start, l.pos))}`);
  const sign = l.peek();
  if (sign === 0x2b || sign === 0x2d) {
    // Complex: 1+2i. No spaces, must end in 'i'.
    if (!l.scanNumber() || l.input[l.pos - 1] !== 'i') {
      return l.errorf(`bad number syntax: ${goQuote(l.input.slice(l.start, l.pos))}`);
    }
    return l.emit('complex');
  }
  return l.emit('number');
}

function lexQuote(l: Lexer): State {
  for (;;) {
    let r = l.next();
    if (r === 0x5c) {
      r = l.next();
      if (r !== EOF && r !== 0x0a) continue;
    }
    if (r === EOF || r === 0x0a) return l.errorf('unterminated quoted string');
    if (r === 0x22) break;
  }
  return l.emit('string');
}

function lexRawQuote(l: Lexer): State {
  for (;;) {
    const r = l.next();
    if (r === EOF) return l.errorf('unterminated raw quoted string');
    if (r === 0x60) break;
  }
  return l.emit('rawString');
}

/** Lexes the whole template; the last token is `eof` or `error`. */
export function lex(input: string): Token[] {
  const l = new Lexer(input);
  let state: State = lexText;
  while (state !== null) state = state(l);
  return l.tokens;
}
