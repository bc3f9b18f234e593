// The PromQL front end's entry point: text → lezer tree → typed AST → type
// check. Returns diagnostics, never throws on user input.

import { parser } from '@prometheus-io/lezer-promql';
import type { Tree } from '@lezer/common';
import type { Expr, PosRange, ValueType } from './ast.js';
import type { Diagnostic } from '../diagnostics.js';
import { error } from '../diagnostics.js';
import { Converter } from './convert.js';
import { typeCheck } from './typecheck.js';

export interface ParseOptions {
  /**
   * Accept experimental syntax and functions (duration expressions, fill
   * modifiers, anchored/smoothed, limitk, experimental functions). On by
   * default; turn off to match a Prometheus without feature flags.
   */
  readonly experimental?: boolean;
}

export interface ParseResult {
  /** The AST; present only when there are no errors. */
  readonly expr?: Expr;
  /** The value type of the whole expression; present with `expr`. */
  readonly type?: ValueType;
  readonly diagnostics: Diagnostic[];
}

export function parseExpr(text: string, options: ParseOptions = {}): ParseResult {
  const tree = parser.parse(text);
  const syntax = firstSyntaxError(text, tree);
  if (syntax) return { diagnostics: [syntax] };
  const top = tree.topNode.firstChild;
  if (!top) return { diagnostics: [error('no expression found in input', { start: 0, end: text.length })] };
  const converter = new Converter(text, { experimental: options.experimental ?? true });
  const expr = converter.expr(top);
  if (converter.diagnostics.length > 0) return { diagnostics: converter.diagnostics };
  const checked = typeCheck(expr);
  if (checked.diagnostics.length > 0) return { diagnostics: checked.diagnostics };
  return { expr, type: checked.type, diagnostics: [] };
}

// ---------------------------------------------------------------------------
// Syntax errors. lezer recovers from errors by inserting error nodes; the
// first one (by position) is the one worth reporting, described in terms of
// the token found there.

function firstSyntaxError(text: string, tree: Tree): Diagnostic | undefined {
  let first: PosRange | undefined;
  tree.iterate({
    enter: (n) => {
      if (first) return false;
      if (n.type.isError) {
        first = { start: n.from, end: n.to };
        return false;
      }
      return undefined;
    },
  });
  // Lexical problems lezer accepts as tokens but Prometheus rejects.
  const unterminated = unterminatedString(text, tree);
  if (unterminated && (!first || unterminated.start <= first.start)) {
    return error('unterminated quoted string', unterminated);
  }
  if (!first) return undefined;
  return describeSyntaxError(text, first);
}

function unterminatedString(text: string, tree: Tree): PosRange | undefined {
  let found: PosRange | undefined;
  tree.iterate({
    enter: (n) => {
      if (found) return false;
      if (n.name === 'StringLiteral') {
        const s = text.slice(n.from, n.to);
        const q = s[0]!;
        if (s.length < 2 || s[s.length - 1] !== q || endsWithEscapedQuote(s)) found = { start: n.from, end: n.to };
      }
      return undefined;
    },
  });
  return found;
}

function endsWithEscapedQuote(s: string): boolean {
  if (s[0] === '`') return false;
  let backslashes = 0;
  for (let i = s.length - 2; i > 0 && s[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}

const TOKEN_PATTERNS: [RegExp, string][] = [
  [/^[a-zA-Z_:][a-zA-Z0-9_:]*/, 'identifier'],
  [/^(0x[0-9a-fA-F]+|(\d[\d_]*(\.\d*)?|\.\d+)([eE][+-]?\d+)?[a-z]*)/, 'number'],
  [/^("([^"\\\n]|\\.)*"?|'([^'\\\n]|\\.)*'?|`[^`]*`?)/, 'string'],
];

function describeSyntaxError(text: string, at: PosRange): Diagnostic {
  let start = at.start;
  while (start < text.length && /\s/.test(text[start]!)) start++;
  if (start >= text.length) {
    const msg = unclosedMessage(text) ?? 'unexpected end of input';
    return error(msg, { start: text.length, end: text.length });
  }
  const rest = text.slice(start);
  // An identifier directly followed by "(" that lezer did not know as a function.
  const before = /([a-zA-Z_:][a-zA-Z0-9_:]*)\s*$/.exec(text.slice(0, start));
  if (rest.startsWith('(') && before && !isKeyword(before[1]!)) {
    const name = before[1]!;
    const s = start - (text.slice(0, start).length - before.index);
    return error(`unknown function with name "${name}"`, { start: s, end: s + name.length });
  }
  for (const [re, kind] of TOKEN_PATTERNS) {
    const m = re.exec(rest);
    if (m) return error(`unexpected ${kind} "${m[0]}"`, { start, end: start + m[0].length });
  }
  const ch = String.fromCodePoint(rest.codePointAt(0)!);
  if (ch === ')' && depthBefore(text, start, '(', ')') <= 0) return error("unexpected right parenthesis ')'", { start, end: start + 1 });
  if (ch === '}' && depthBefore(text, start, '{', '}') <= 0) return error("unexpected right brace '}'", { start, end: start + 1 });
  if (ch === ']' && depthBefore(text, start, '[', ']') <= 0) return error("unexpected right bracket ']'", { start, end: start + 1 });
  const op = /^(==|!=|=~|!~|<=|>=|<\/|>\/|[-+*/%^<>=,:@])/.exec(rest);
  const tok = op ? op[0] : ch;
  return error(`unexpected "${tok}"`, { start, end: start + tok.length });
}

const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'offset', 'and', 'or', 'unless', 'atan2', 'fill', 'fill_left', 'fill_right']);

function isKeyword(word: string): boolean {
  return KEYWORDS.has(word.toLowerCase());
}

function depthBefore(text: string, end: number, open: string, close: string): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < end; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote !== '`') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '#') {
      while (i < end && text[i] !== '\n') i++;
    } else if (c === open) depth++;
    else if (c === close) depth--;
  }
  return depth;
}

function unclosedMessage(text: string): string | undefined {
  if (depthBefore(text, text.length, '(', ')') > 0) return 'unclosed left parenthesis';
  if (depthBefore(text, text.length, '{', '}') > 0) return 'unexpected end of input inside braces';
  if (depthBefore(text, text.length, '[', ']') > 0) return 'unclosed left bracket';
  return undefined;
}
