// The PromQL front end's entry point: text → lezer tree → typed AST → type
// check. Returns diagnostics, never throws on user input.
//
// Positions are UTF-16 offsets; Prometheus reports byte offsets. The two
// agree for ASCII input and differ after any non-ASCII character.

import { parser } from '@prometheus-io/lezer-promql';
import type { Tree } from '@lezer/common';
import type { Expr, PosRange, ValueType } from './ast.js';
import type { Diagnostic } from '../diagnostics.js';
import { errorsOf } from '../diagnostics.js';
import { RecentResults } from '../recent-results.js';
import { quotedLiteralEnd } from '../go/strconv.js';
import { Converter } from './convert.js';
import { typeCheck } from './typecheck.js';
import { describeSyntaxError } from './syntax-errors.js';
import { blankSignRuns, planPieces, wrapSigns, type Piece } from './pieces.js';
import { DEFAULT_VERSION, formatVersion, type PrometheusVersion } from '../version/version.js';
import { versionProblems } from './version-check.js';

const error = errorsOf('promql/syntax');

export interface ParseOptions {
  /**
   * Accept experimental syntax and functions (duration expressions, fill
   * modifiers, anchored/smoothed, limitk, experimental functions). On by
   * default; turn off to match a Prometheus without feature flags.
   */
  readonly experimental?: boolean;
  /**
   * The Prometheus version whose syntax and function set apply; default the
   * 3.x target. The grammar is the union of all versions; what an older
   * version lacks is reported from src/version's table.
   */
  readonly version?: PrometheusVersion;
}

export interface ParseResult {
  /** The AST; present only when there are no errors. */
  readonly expr?: Expr;
  /** The value type of the whole expression; present with `expr`. */
  readonly type?: ValueType;
  readonly diagnostics: Diagnostic[];
}

/**
 * How deeply expressions may nest: parentheses, calls, aggregations,
 * subqueries and signs each add a level. Prometheus has no limit short of
 * memory (promtool 2.42 accepts 100,000 nested parentheses, in 22 s); lezer
 * handles a few thousand levels, so deeper text is parsed in pieces
 * (pieces.ts), and every pass over the AST is iterative or bounded
 * (src/promql/deep.ts), so the limit only bounds time and memory: 100,000
 * nested parentheses parse in well under a second.
 */
export const MAX_EXPRESSION_DEPTH = 100_000;

/**
 * How deeply one piece may nest without brackets, i.e. a chain of binary
 * operators (`a or b or c`, one level per operator) under a few hundred
 * brackets. lezer builds no structure below 2,500 tree levels and a
 * right-associative chain (`a ^ b ^ c`) grows its parse stack, cut at
 * 2,800 states; chains are not cut into pieces.
 */
export const MAX_UNBRACKETED_DEPTH = 1000;

const PLAN_PIECES_FROM_LENGTH = 1000;

/**
 * Parses of recent expression texts. One rule file's expressions are parsed
 * by several passes (validation, fmt's rewrite and its meaning check, lint,
 * the evaluator) and a parse is most of their cost: a 90 KB GitLab rule file
 * took 3.5 s to load and format twice, most of it the same parses again.
 * Results are immutable (the AST is readonly; the diagnostics array is
 * copied per caller). Bounded in entries and key size.
 */
const parseCache = new RecentResults<ParseResult>(4096);
const PARSE_CACHE_MAX_TEXT = 16 * 1024;

export function parseExpr(text: string, options: ParseOptions = {}): ParseResult {
  if (text.length > PARSE_CACHE_MAX_TEXT) return parseUncached(text, options);
  const key = `${formatVersion(options.version ?? DEFAULT_VERSION)}\u0000${options.experimental ?? true}\u0000${text}`;
  const r = parseCache.get(key, () => parseUncached(text, options));
  return { ...r, diagnostics: [...r.diagnostics] };
}

function parseUncached(text: string, options: ParseOptions): ParseResult {
  // Brackets nested past the limit are refused before lezer sees them: its
  // error recovery on 100,000 nested parentheses takes many seconds.
  // Shorter text nests at most 500 brackets deep, which lezer parses whole.
  const plan = text.length > PLAN_PIECES_FROM_LENGTH ? planPieces(text, MAX_EXPRESSION_DEPTH) : undefined;
  if (plan?.tooDeep) return tooDeep(plan.tooDeep.pos, plan.tooDeep.limit);
  const top: Piece = { start: 0, end: text.length, signRuns: plan?.topSignRuns ?? [] };
  const pieces = [...(plan?.pieces ?? []), top];
  const normalized = blankSignRuns(
    normalizeForLezer(text),
    pieces.flatMap((p) => p.signRuns),
  );
  const parsed = pieces.length === 1 ? [{ ...parseWithLezer(normalized), at: (o: number) => o }] : parsePieces(normalized, pieces);
  let lezerError: { from: number; to: number } | undefined;
  for (const { error: e, at } of parsed) {
    if (e && (!lezerError || at(e.from) < lezerError.from)) lezerError = { from: at(e.from), to: at(e.to) };
  }
  // Chains of binary operators nest without brackets: measured on the trees.
  if (!lezerError) {
    for (const { tree, at } of parsed) {
      const deep = tooDeepNode(tree);
      if (deep) return tooDeep({ start: at(deep.start), end: at(deep.end) }, MAX_UNBRACKETED_DEPTH);
    }
  }
  const syntax = describeSyntaxError(text, lezerError);
  if (syntax) return { diagnostics: [syntax] };
  const version = options.version ?? DEFAULT_VERSION;
  const grafts = new Map<number, Expr>();
  let expr: Expr | undefined;
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    const { tree, at } = parsed[i]!;
    const node = tree.topNode.firstChild;
    if (!node) return { diagnostics: [error('no expression found in input', { start: piece.start, end: piece.start })] };
    const converter = new Converter(text, { experimental: options.experimental ?? true, version }, at, grafts);
    expr = converter.expr(node);
    if (converter.diagnostics.length > 0) return { diagnostics: converter.diagnostics };
    for (const run of piece.signRuns) expr = wrapSigns(expr, run);
    grafts.set(piece.start, expr);
  }
  const checked = typeCheck(expr!, text);
  if (checked.diagnostics.length > 0) return { diagnostics: checked.diagnostics };
  if (version !== DEFAULT_VERSION) {
    const problems = versionProblems(expr!, version);
    if (problems.length > 0) return { diagnostics: problems.map((p) => error(p.message, p.pos)) };
  }
  return { expr, type: checked.type, diagnostics: [] };
}

/**
 * Parses each piece (innermost first, the whole text last) with the pieces
 * directly inside it written as `_`, and maps each tree's positions back
 * to the text's.
 */
function parsePieces(normalized: string, pieces: readonly Piece[]): (LezerParse & { at: (offset: number) => number })[] {
  const unclaimed: Piece[] = [];
  return pieces.map((piece) => {
    // Pieces come after the pieces inside them: the ones inside this one are at the end of `unclaimed`.
    const inner: Piece[] = [];
    while (unclaimed.length > 0 && unclaimed[unclaimed.length - 1]!.start >= piece.start) inner.unshift(unclaimed.pop()!);
    unclaimed.push(piece);
    let lezerText = '';
    let from = piece.start;
    const holes: { at: number; shift: number }[] = [];
    for (const p of inner) {
      lezerText += normalized.slice(from, p.start);
      holes.push({ at: lezerText.length, shift: p.end - p.start - 1 });
      lezerText += '_';
      from = p.end;
    }
    lezerText += normalized.slice(from, piece.end);
    const at = (offset: number): number => {
      let out = piece.start + offset;
      for (const h of holes) if (h.at < offset) out += h.shift;
      return out;
    };
    return { ...parseWithLezer(lezerText), at };
  });
}

// ---------------------------------------------------------------------------
// lezer-promql's tokenizer is narrower than Prometheus's lexer in a few
// places. Rather than fork the grammar we hand lezer a same-length copy of
// the text with those spots rewritten; the converter always reads token
// text from the original, so values and positions are unaffected.
//   - `5.` (a number ending in a dot) is valid in Go and Prometheus; lezer
//     wants digits after the dot, so it sees `50` (the converter reads "5.").
//   - `step()`, `range()`, `min_of(...)`, `max_of(...)` are keywords that
//     Prometheus matches case-insensitively; lezer only knows lower case.
//   - `min_of(a, b)`/`max_of(a, b)` used as expressions (not inside a
//     range or offset) are not function calls to lezer, and `step()` or
//     `range()` inside arithmetic trip its grammar; when the first parse
//     fails, these names are shown to lezer as same-length functions
//     (`minute`, `time`, `month`) and the parse is retried.
//   - Hex literals: lezer knows neither `0X` nor underscores in them
//     (`0x_ff`, valid in Go); it sees `0x` and `0` instead.
//   - `offset` as a metric name (`offset{a="b"}`, allowed by Prometheus's
//     grammar) is shown to lezer as the identifier `offsex`.
//   - `holt_winters(...)` (2.x only; gone from lezer-promql's grammar) is
//     shown to lezer as `day_of_month(...)`; the converter reads the real
//     name and src/version decides whether the version has it.
//   - Comments are blanked out.
//   - `constructor` and `__proto__` (as a metric or label name): lezer-promql
//     looks identifiers up, lower-cased, in plain objects of keywords, where
//     these two find Object.prototype's members and become garbage tokens.
//     lezer sees a same-length run of `x` instead.

/** A lezer tree and its first error node (found once: the parse is judged by it twice). */
interface LezerParse {
  readonly tree: Tree;
  readonly error: { from: number; to: number } | undefined;
}

/** Parses text already normalised for lezer (normalizeForLezer). */
function parseWithLezer(normalized: string): LezerParse {
  const tree = lezerParse(normalized);
  const error = firstErrorNode(tree);
  if (!error) return { tree, error };
  const withMinMaxCalls = normalized
    .replace(/\b(?:min_of|max_of)(?=\s*\()/g, 'minute')
    .replace(/\bstep(?=\s*\()/g, 'time')
    .replace(/\brange(?=\s*\()/g, 'month');
  if (withMinMaxCalls === normalized) return { tree, error };
  const retry = lezerParse(withMinMaxCalls);
  const retryError = firstErrorNode(retry);
  return retryError ? { tree, error } : { tree: retry, error: undefined };
}

/**
 * lezer's LR driver, minus one of its guards. After more than 300
 * reductions of one left-associative production over 2,000+ characters
 * (`a or b or ... ` with ~300 operands) it forces the parse out of the
 * production to keep trees shallow, which turns valid PromQL into a syntax
 * error at an arbitrary operand; Prometheus has no such limit. The counter
 * it keeps for this is pinned at 0. The depth this allows is bounded by our
 * own limit (MAX_UNBRACKETED_DEPTH), checked before anything recurses.
 */
function lezerParse(text: string): Tree {
  const parse = parser.startParse(text);
  Object.defineProperty(parse, 'bigReductionCount', { get: () => 0, set: () => undefined });
  for (;;) {
    const tree = parse.advance();
    if (tree) return tree;
  }
}

/** Lower-case words that a lookup in a plain object finds on Object.prototype (see above). */
const LEZER_PROTOTYPE_KEYS: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype).filter((k) => k === k.toLowerCase()));

function normalizeForLezer(text: string): string {
  // Unchanged text is copied in runs (from `copied` to where a rewrite
  // starts), not a character at a time.
  let out = '';
  let copied = 0;
  const rewrite = (from: number, to: number, replacement: string): void => {
    out += text.slice(copied, from) + replacement;
    copied = to;
  };
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    // Strings are copied unchanged; comments become spaces (lezer would
    // otherwise put LineComment nodes among an expression's children).
    if (code === 34 || code === 39 || code === 96) {
      i = quotedLiteralEnd(text, i) + 1;
      continue;
    }
    if (code === 35) {
      let j = i;
      while (j < text.length && text.charCodeAt(j) !== 10) j++;
      rewrite(i, j, ' '.repeat(j - i));
      i = j;
      continue;
    }
    // Each pattern runs only where its first character is: most characters
    // between tokens are none of them.
    const hex = code === 48 ? /^0[xX][0-9a-fA-F_]+/.exec(text.slice(i, i + 400))?.[0] : undefined;
    if (hex) {
      rewrite(i, i + hex.length, `0x${hex.slice(2).replace(/_/g, '0')}`);
      i += hex.length;
      continue;
    }
    const wordStart = (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 58;
    const word = wordStart ? /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(text.slice(i, i + 64))?.[0] : undefined;
    if (word) {
      const lower = word.toLowerCase();
      const end = i + word.length;
      if (lower === 'offset' && isMetricNamePosition(text, i, word.length)) rewrite(i, end, 'offsex');
      else if (LEZER_PROTOTYPE_KEYS.has(lower)) rewrite(i, end, 'x'.repeat(word.length));
      else {
        const keywordCandidate = lower === 'step' || lower === 'range' || lower === 'min_of' || lower === 'max_of';
        if ((keywordCandidate || word === 'holt_winters') && /^\s*\(/.test(text.slice(end))) {
          // 2.x's holt_winters left lezer-promql's grammar with 3.0; lezer sees a same-length function.
          const shown = keywordCandidate ? lower : 'day_of_month';
          if (shown !== word) rewrite(i, end, shown);
        }
      }
      i = end;
      continue;
    }
    const number = (code >= 48 && code <= 57) || code === 46 ? /^(?:\d[\d_]*(?:\.\d*)?|\.\d+)/.exec(text.slice(i, i + 400))?.[0] : undefined;
    if (number) {
      // `5.` followed by something that cannot continue a number.
      const next = text[i + number.length];
      if (number.endsWith('.') && (next === undefined || !/[0-9A-Za-z_.]/.test(next))) rewrite(i, i + number.length, `${number.slice(0, -1)}0`);
      i += number.length;
      continue;
    }
    i++;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * Whether the word at `i` stands where an expression starts (or is
 * followed by `{`), so `offset` there is a metric name, not the modifier.
 */
function isMetricNamePosition(text: string, i: number, length: number): boolean {
  // Scanned by hand, not with regular expressions over the text before `i`:
  // `/\s+$/` on a long run of spaces that does not end the string backtracks
  // quadratically (100 KB of spaces before `offset` took 30 s).
  let after = i + length;
  while (after < text.length && isSpace(text.charCodeAt(after))) after++;
  if (text[after] === '{') return true;
  let end = i;
  while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
  if (end === 0 || '(,+-*/%^=<>'.includes(text[end - 1]!)) return true;
  let start = end;
  while (start > 0 && /[A-Za-z0-9_:]/.test(text[start - 1]!)) start--;
  return /^(?:and|or|unless|atan2|bool)$/i.test(text.slice(start, end));
}

/** JavaScript's `\s` for the characters PromQL text can hold between tokens. */
function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0xfeff ||
    c === 0x2028 ||
    c === 0x2029 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x1680 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** The first expression node of a syntactically valid tree nested more than MAX_UNBRACKETED_DEPTH expressions deep. */
function tooDeep(pos: PosRange, limit: number): ParseResult {
  return { diagnostics: [error(`expression nests more than ${limit} levels deep (promforge's limit; split it up, e.g. into recording rules)`, pos)] };
}

function tooDeepNode(tree: Tree): PosRange | undefined {
  let depth = 0;
  let at: PosRange | undefined;
  tree.iterate({
    enter: (n) => {
      if (at) return false;
      if (!n.type.is('Expr')) return undefined;
      if (++depth > MAX_UNBRACKETED_DEPTH) {
        at = { start: n.from, end: n.to };
        return false;
      }
      return undefined;
    },
    leave: (n) => {
      if (n.type.is('Expr')) depth--;
    },
  });
  return at;
}

function firstErrorNode(tree: Tree): { from: number; to: number } | undefined {
  let first: { from: number; to: number } | undefined;
  tree.iterate({
    enter: (n) => {
      if (first) return false;
      if (n.type.isError) {
        first = { from: n.from, to: n.to };
        return false;
      }
      return undefined;
    },
  });
  return first;
}
