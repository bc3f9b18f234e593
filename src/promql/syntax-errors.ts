// Syntax errors worded and placed as Prometheus words and places them.
//
// Prometheus reports the first problem it meets while reading tokens left
// to right: either a lexical error (reported from the offending character
// to the end of the input, e.g. `unterminated quoted string`,
// `unexpected character inside braces: ':'`, `unclosed left parenthesis`)
// or a grammar error naming the unexpected token (`unexpected <op:*>`,
// `unexpected identifier "foo" in label matching, expected string`,
// `unexpected end of input`). We get the token stream and lexical errors
// from lexer.ts, the position of the grammar error from lezer's first
// error node, and rebuild Prometheus's message for the token found there.
// The context phrase (`in label matching`, `in grouping opts`...) comes from
// the preceding tokens, which approximates the yacc error rule Prometheus
// would have reduced.

import type { Diagnostic } from '../diagnostics.js';
import { errorsOf } from '../diagnostics.js';
import type { Token } from './lexer.js';
import { describeToken, lexPromQL } from './lexer.js';
import { parseDuration } from './literals.js';

const error = errorsOf('promql/syntax');

const GROUPING_KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);
const DURATION_EXPECTED = 'number, duration, step(), or range()';

/**
 * The first syntax error of `text`, given lezer's first error node (if
 * any). Undefined when the text is syntactically valid for both lezer and
 * Prometheus's lexer.
 */
export function describeSyntaxError(text: string, lezerError: { from: number; to: number } | undefined): Diagnostic | undefined {
  const lexed = lexPromQL(text);
  const { tokens } = lexed;
  if (!lexed.error && tokens.length === 0) return error('no expression found in input', { start: 0, end: 0 });

  // Index of the token lezer stumbled on (tokens.length means end of input).
  let at = tokens.length;
  if (lezerError) {
    const idx = tokens.findIndex((t) => t.end > lezerError.from);
    at = idx < 0 ? tokens.length : idx;
  }

  // Durations the lexer accepts but model.ParseDuration rejects (`5m1h`, `5y1hs`).
  for (let i = 0; i < tokens.length && (lezerError ? i <= at : true); i++) {
    const t = tokens[i]!;
    if (t.kind !== 'duration') continue;
    const d = parseDuration(t.text);
    if ('error' in d) return error(d.error, { start: t.start, end: t.end });
  }

  if (lexed.error && (!lezerError || at >= tokens.length || lexed.error.start <= tokens[at]!.start)) {
    return error(lexed.error.message, { start: lexed.error.start, end: text.length });
  }
  if (!lezerError) return undefined;
  return unexpectedToken(text, tokens, at);
}

function unexpectedToken(text: string, tokens: readonly Token[], at: number): Diagnostic {
  const tok = tokens[at];
  const prev = tokens[at - 1];
  const pos = tok ? { start: tok.start, end: tok.end } : { start: text.length, end: text.length };

  // An identifier followed by "(" is a function call to Prometheus's
  // grammar; when lezer refuses it, the name is not a known function.
  if (tok?.text === '(' && prev?.kind === 'identifier' && !prev.inBraces) {
    return error(`unknown function with name "${prev.text}"`, { start: prev.start, end: prev.end });
  }
  // `f(a,)`: Prometheus names the trailing comma.
  if (tok?.text === ')' && prev?.text === ',' && !isGroupingParen(tokens, openerOf(tokens, at))) {
    return error('trailing commas not allowed in function call args', { start: prev.start, end: prev.end });
  }

  const what = tok ? describeToken(tok) : 'end of input';
  const context = errorContext(tokens, at);
  return error(`unexpected ${what}${context}`, pos);
}

/** The ` in <context>, expected <what>` suffix Prometheus's error rules add. */
function errorContext(tokens: readonly Token[], at: number): string {
  const tok = tokens[at];
  const prev = tokens[at - 1];
  if (!prev) return '';

  if (tok?.inBraces || (prev.inBraces && prev.text !== '}')) {
    if (prev.text === '{' || prev.text === ',') return ' in label matching, expected identifier or "}"';
    if (isMatchOp(prev.text)) return ' in label matching, expected string';
    const before = tokens[at - 2];
    if (prev.kind === 'identifier' || (prev.kind === 'string' && (before?.text === '{' || before?.text === ','))) {
      return prev.kind === 'identifier' ? ' in label matching, expected label matching operator' : ' in label matching, expected "," or "}"';
    }
    return ' in label matching, expected "," or "}"';
  }

  const prevWord = prev.text.toLowerCase();
  // `offset` followed by signs: the offset's duration is still missing.
  let beforeSigns = at - 1;
  while (beforeSigns > 0 && (tokens[beforeSigns]!.text === '-' || tokens[beforeSigns]!.text === '+')) beforeSigns--;
  const offsetToken = tokens[beforeSigns];
  if (offsetToken?.kind === 'keyword' && offsetToken.text.toLowerCase() === 'offset') return ` in offset, expected ${DURATION_EXPECTED}`;
  if (prev.text === '@' || (prev.kind === 'preprocessor' && tokens[at - 2]?.text === '@')) return ' in @, expected timestamp';
  if (prev.kind === 'keyword' && GROUPING_KEYWORDS.has(prevWord) && prevWord !== 'group_left' && prevWord !== 'group_right') {
    return ' in grouping opts, expected "("';
  }

  const opener = openerOf(tokens, at);
  if (isGroupingParen(tokens, opener)) {
    if (prev.text === '(' || prev.text === ',') return ' in grouping opts, expected label';
    return ' in grouping opts, expected "," or ")"';
  }

  if (tok?.inBrackets || (prev.inBrackets && prev.text !== ']')) {
    const afterColon = bracketTokensBefore(tokens, at).some((t) => t.text === ':');
    const operandDone = prev.kind === 'number' || prev.kind === 'duration' || prev.text === ')';
    if (!afterColon) return operandDone ? ' in subquery or range, expected ":" or "]"' : ` in subquery or range selector, expected ${DURATION_EXPECTED}`;
    return operandDone ? ' in subquery selector, expected "]"' : ' in subquery selector, expected number, duration, step(), range(), or "]"';
  }
  return '';
}

function isMatchOp(s: string): boolean {
  return s === '=' || s === '!=' || s === '=~' || s === '!~';
}

/** Index of the unclosed "(" that encloses token `at`, or -1. */
function openerOf(tokens: readonly Token[], at: number): number {
  let depth = 0;
  for (let i = at - 1; i >= 0; i--) {
    const t = tokens[i]!.text;
    if (t === ')') depth++;
    else if (t === '(') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** Whether the "(" at `opener` opens a `by (...)`, `on (...)`... label list. */
function isGroupingParen(tokens: readonly Token[], opener: number): boolean {
  const before = tokens[opener - 1];
  return opener > 0 && before?.kind === 'keyword' && GROUPING_KEYWORDS.has(before.text.toLowerCase());
}

/** The tokens between the last "[" before `at` and `at`. */
function bracketTokensBefore(tokens: readonly Token[], at: number): Token[] {
  for (let i = at - 1; i >= 0; i--) if (tokens[i]!.text === '[') return tokens.slice(i + 1, at);
  return [];
}
