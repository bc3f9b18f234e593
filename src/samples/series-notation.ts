// Prometheus's series description language (promql/parser, "series
// description" mode): `<labels> <item> <item> …`, used by `.test` load blocks,
// expected result lines and promtool's `input_series`. This is our own
// recursive-descent reader of the same language as Prometheus's lexer +
// yacc grammar; error messages follow Prometheus's wording where one exists.
// Positions are UTF-16 offsets into the text given. Inside this module the
// first error unwinds the descent with a private exception class; every
// exported function catches it, so callers only ever see diagnostics.

import type { Diagnostic } from '../diagnostics.js';
import { errorsOf } from '../diagnostics.js';
import type { PosRange } from '../promql/ast.js';
import type { FloatHistogram } from '../model/histogram.js';
import { type Labels, METRIC_NAME_LABEL, labelsFromPairs } from '../model/labels.js';
import { STALE_NAN } from '../model/stale.js';
import { addHistograms, subHistograms } from '../model/histogram-ops.js';
import { parseGoUint, readQuotedString } from '../go/strconv.js';
import { quoteChar } from '../promql/lexer.js';
import { parseHistogramLiteral } from './histogram-literal.js';
import { isAlpha, isAlphaNumeric, isDigit, isSpace, scanNumber, parseNumberToken, type Cursor } from './notation-lexing.js';

const error = errorsOf('samples/syntax');

/** One position of an expanded value sequence. */
export type SequenceValue =
  | { readonly kind: 'omitted' }
  /** A float sample; `STALE_NAN` for `stale` (test it with `isStaleNaN`). */
  | { readonly kind: 'float'; readonly value: number }
  | {
      readonly kind: 'histogram';
      readonly histogram: FloatHistogram;
      /**
       * Whether the literal wrote `counter_reset_hint:` (for `A±BxN`, whether
       * B did). Expected histograms only compare the hint when it was stated.
       */
      readonly hintStated: boolean;
    };

export interface SeriesDescription {
  readonly labels: Labels;
  /** The sequence, or its first `keepValues` positions when that was given. */
  readonly values: readonly SequenceValue[];
  /** How many positions the whole sequence has, kept in `values` or not. */
  readonly positionCount: number;
  /** The index of the sequence's last position that holds a sample (not `_`), -1 when none does. */
  readonly lastSampleIndex: number;
  /** Where the label part (`name{…}`) is in the text. */
  readonly labelsPos: PosRange;
}

export interface SeriesDescriptionResult {
  /** Present when there were no errors. */
  readonly series?: SeriesDescription;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Default upper bound on the values one description may expand to.
 * Prometheus has none; `1x100000000000` would exhaust memory, so we refuse
 * it instead, before allocating. Each expanded value costs ~50 bytes while
 * parsing, so the default stays well under a default Node heap.
 */
export const MAX_EXPANDED_VALUES = 5_000_000;

export interface ExpansionLimits {
  /** Most values the description may expand to (default MAX_EXPANDED_VALUES). */
  readonly maxValues?: number;
  /** Replaces the default "series expands to more than N values" message. */
  readonly limitMessage?: string;
}

export interface SeriesDescriptionLimits extends ExpansionLimits {
  /**
   * Build only the first `keepValues` positions; later ones are counted
   * (`positionCount`, `lastSampleIndex`) but not built, and do not count
   * against `maxValues`. For readers that can never look past some time:
   * real promtool suites write `0x10000000` (ten million zeros) to mean "for
   * ever" and evaluate the first hour. Float items cost nothing past the
   * kept part; a histogram `A+BxN` item is still combined to its end, since
   * a later combination could fail.
   */
  readonly keepValues?: number;
}

export interface LabelsResult {
  readonly labels?: Labels;
  /** Index just past the label part. */
  readonly end: number;
  readonly diagnostics: readonly Diagnostic[];
}

class NotationError {
  constructor(
    readonly message: string,
    readonly pos: PosRange,
  ) {}
}

/** The diagnostic for a caught error, its range clamped to the text (end-of-input errors point just past it). */
function toDiagnostic(text: string, e: NotationError): Diagnostic {
  const start = Math.min(e.pos.start, text.length);
  return error(e.message, { start, end: Math.max(start, Math.min(e.pos.end, text.length)) });
}

// Words the PromQL lexer turns into tokens that cannot start a metric name in
// a series description (everything else, including aggregators such as
// `sum`, is accepted as a name by the grammar's metric_identifier rule).
const NON_METRIC_WORDS: ReadonlySet<string> = new Set(['inf', 'nan', 'bool', 'on', 'ignoring', 'group_left', 'group_right', 'atan2']);

function describeAt(text: string, pos: number): string {
  if (pos >= text.length) return 'end of input';
  const c = text[pos]!;
  if (isAlpha(c) || c === ':') {
    let end = pos;
    while (end < text.length && (isAlphaNumeric(text[end]!) || text[end] === ':')) end++;
    return `identifier ${JSON.stringify(text.slice(pos, end))}`;
  }
  if (isDigit(c)) {
    let end = pos;
    while (end < text.length && /[0-9._eE]/.test(text[end]!)) end++;
    return `number ${JSON.stringify(text.slice(pos, end))}`;
  }
  if (c === '"' || c === "'" || c === '`') return 'string';
  if (isSpace(c)) return '<space>';
  return JSON.stringify(c);
}

function skipSpaces(text: string, pos: number): number {
  while (pos < text.length && isSpace(text[pos]!)) pos++;
  return pos;
}

/**
 * Reads the label part of a series description at `start`: `name`,
 * `name{…}` or `{…}`. Quoted names are allowed inside the braces, and a bare
 * quoted string there is the metric name.
 */
export function parseSeriesLabels(text: string, start = 0): LabelsResult {
  try {
    const r = readLabels(text, start);
    return { labels: r.labels, end: r.end, diagnostics: [] };
  } catch (e) {
    if (e instanceof NotationError) return { end: start, diagnostics: [toDiagnostic(text, e)] };
    throw e;
  }
}

function readLabels(text: string, start: number): { labels: Labels; end: number } {
  const pairs: [string, string][] = [];
  let pos = start;
  let name: string | undefined;
  const c = text[pos];
  if (c !== undefined && (isAlpha(c) || c === ':')) {
    while (pos < text.length && (isAlphaNumeric(text[pos]!) || text[pos] === ':')) pos++;
    name = text.slice(start, pos);
    if (NON_METRIC_WORDS.has(name.toLowerCase())) {
      throw new NotationError(`unexpected ${describeKeyword(name)} in series description, expected metric name or "{"`, { start, end: pos });
    }
  } else if (c !== '{') {
    throw new NotationError(`unexpected ${describeAt(text, pos)} in series description, expected metric name or "{"`, { start: pos, end: pos + 1 });
  }
  if (text[pos] === '{' && text[pos + 1] !== '{') pos = readLabelSet(text, pos, pairs);
  // The name written before the braces overrides a `__name__` inside them.
  if (name !== undefined) pairs.push([METRIC_NAME_LABEL, name]);
  return { labels: labelsFromPairs(pairs), end: pos };
}

function describeKeyword(word: string): string {
  const lower = word.toLowerCase();
  return lower === 'inf' || lower === 'nan' ? `number ${JSON.stringify(word)}` : `<${lower}>`;
}

/**
 * Prometheus's lexer rejects some characters inside braces before its parser
 * sees a token (lex.go lexInsideBraces), so `up{a="b" 0}` is "unexpected
 * character inside braces: '0'", not a grammar error; the same wording here.
 * Undefined when the character starts a token the grammar then rejects.
 */
function insideBracesLexError(text: string, at: number): string | undefined {
  const c = text[at]!;
  if (isSpace(c) || isAlpha(c) || c === ',' || c === '=' || c === '}' || c === '#' || c === '"' || c === "'" || c === '`') return undefined;
  if (c === '!') {
    const n = text[at + 1];
    return n === '~' || n === '=' ? undefined : `unexpected character after '!' inside braces: ${quoteChar(n)}`;
  }
  if (c === '{') return `unexpected left brace ${quoteChar(c)}`;
  return `unexpected character inside braces: ${quoteChar(String.fromCodePoint(text.codePointAt(at)!))}`;
}

/** Reads `{ item, item, … }` from the `{` at `open`; returns the index after `}`. */
function readLabelSet(text: string, open: number, pairs: [string, string][]): number {
  let pos = skipSpaces(text, open + 1);
  const unexpected = (at: number, expected: string): NotationError => {
    if (at >= text.length) return new NotationError('unexpected end of input inside braces', { start: at, end: at });
    const lexical = insideBracesLexError(text, at);
    if (lexical !== undefined) return new NotationError(lexical, { start: at, end: at + 1 });
    return new NotationError(`unexpected ${describeAt(text, at)} in label set, expected ${expected}`, { start: at, end: at + 1 });
  };
  if (text[pos] === '}') return pos + 1;
  for (;;) {
    // One item: `name="v"`, `"name"="v"` or a bare `"metric name"`.
    const c = text[pos];
    let labelName: string;
    if (c !== undefined && isAlpha(c)) {
      const nameStart = pos;
      while (pos < text.length && isAlphaNumeric(text[pos]!)) pos++;
      labelName = text.slice(nameStart, pos);
    } else if (c === '"' || c === "'" || c === '`') {
      const q = readQuotedString(text, pos);
      if (!q.ok) throw new NotationError(q.error, { start: q.pos, end: q.pos + 1 });
      labelName = q.value;
      pos = q.end;
    } else {
      throw unexpected(pos, 'identifier or "}"');
    }
    pos = skipSpaces(text, pos);
    if (text[pos] === '=' && text[pos + 1] !== '~') {
      pos = skipSpaces(text, pos + 1);
      const q = text[pos];
      if (q !== '"' && q !== "'" && q !== '`') throw unexpected(pos, 'string');
      const v = readQuotedString(text, pos);
      if (!v.ok) throw new NotationError(v.error, { start: v.pos, end: v.pos + 1 });
      pairs.push([labelName, v.value]);
      pos = skipSpaces(text, v.end);
    } else if (c === '"' || c === "'" || c === '`') {
      pairs.push([METRIC_NAME_LABEL, labelName]);
    } else {
      throw unexpected(pos, '"="');
    }
    if (text[pos] === '}') return pos + 1;
    if (text[pos] !== ',') throw unexpected(pos, '"," or "}"');
    pos = skipSpaces(text, pos + 1);
    if (text[pos] === '}') return pos + 1;
  }
}

/** Parses a whole series description: labels, then whitespace-separated value items. */
export function parseSeriesDescription(text: string, limits: SeriesDescriptionLimits = {}): SeriesDescriptionResult {
  try {
    const start = skipSpaces(text, 0);
    const { labels, end } = readLabels(text, start);
    const labelsPos = { start, end };
    if (end < text.length && !isSpace(text[end]!)) {
      throw new NotationError(`unexpected ${describeAt(text, end)} in series description, expected space before the values`, { start: end, end: end + 1 });
    }
    const sink = readValues(text, end, limits, limits.keepValues ?? Infinity);
    return { series: { labels, values: sink.out, positionCount: sink.count, lastSampleIndex: sink.lastSample, labelsPos }, diagnostics: [] };
  } catch (e) {
    if (e instanceof NotationError) return { diagnostics: [toDiagnostic(text, e)] };
    throw e;
  }
}

/**
 * Parses only a value sequence (no labels), as used by `@st` lines and by
 * callers that have the labels already.
 */
export function parseValueSequence(text: string, start = 0, limits: ExpansionLimits = {}): { values?: SequenceValue[]; diagnostics: readonly Diagnostic[] } {
  try {
    return { values: readValues(text, start, limits, Infinity).out, diagnostics: [] };
  } catch (e) {
    if (e instanceof NotationError) return { diagnostics: [toDiagnostic(text, e)] };
    throw e;
  }
}

/** The values read so far and the most there may be. */
interface ValueSink {
  /** The kept positions: the first `keep` of them. */
  readonly out: SequenceValue[];
  readonly max: number;
  readonly keep: number;
  readonly message: string;
  /** Positions read so far, kept or not. */
  count: number;
  /** The index of the last position read that holds a sample, -1 before one. */
  lastSample: number;
}

/** How many of the next `n` positions are kept. */
function keptOf(sink: ValueSink, n: number): number {
  return Math.max(0, Math.min(n, sink.keep - sink.count));
}

/** Counts `n` positions read (their kept part already in `out`), samples when `holdSamples`. */
function advance(sink: ValueSink, n: number, holdSamples: boolean): void {
  if (n > 0 && holdSamples) sink.lastSample = sink.count + n - 1;
  sink.count += n;
}

/** Appends `n` positions holding `v`; those past the kept part are only counted. */
function putRepeated(sink: ValueSink, v: SequenceValue, n: number): void {
  const kept = keptOf(sink, n);
  for (let i = 0; i < kept; i++) sink.out.push(v);
  advance(sink, n, v.kind !== 'omitted');
}

function tooMany(sink: ValueSink, pos: PosRange): NotationError {
  return new NotationError(sink.message, pos);
}

function readValues(text: string, from: number, limits: ExpansionLimits, keep: number): ValueSink {
  const max = limits.maxValues ?? MAX_EXPANDED_VALUES;
  const sink: ValueSink = { out: [], max, keep, message: limits.limitMessage ?? `series expands to more than ${max} values`, count: 0, lastSample: -1 };
  let pos = from;
  for (;;) {
    pos = skipSpaces(text, pos);
    if (pos >= text.length) return sink;
    const itemStart = pos;
    pos = readItem(text, pos, sink);
    if (pos < text.length && !isSpace(text[pos]!)) {
      throw new NotationError(`unexpected ${describeAt(text, pos)} in series values`, { start: pos, end: pos + 1 });
    }
    if (sink.out.length > sink.max) throw tooMany(sink, { start: itemStart, end: pos });
  }
}

/**
 * Reads `x<uint>` at `pos` (which holds the `x`); returns count and end.
 * Refuses, before anything is allocated, a count that would take the sink
 * past its limit (`extra` values are added besides the `times` repeats);
 * positions past the kept part count only when `builtToEnd` (they are
 * computed even though they are not kept).
 */
function readRepetition(text: string, pos: number, sink: ValueSink, extra: number, builtToEnd = false): { times: number; end: number } {
  const c: Cursor = { text, pos: pos + 1 };
  const tokStart = c.pos;
  if (!scanNumber(c)) {
    throw new NotationError(
      c.pos === tokStart
        ? `unexpected ${describeAt(text, tokStart)} in series values, expected number`
        : `bad number syntax: ${JSON.stringify(text.slice(tokStart, c.pos))}`,
      { start: tokStart, end: Math.max(c.pos, tokStart + 1) },
    );
  }
  const tok = text.slice(tokStart, c.pos);
  const n = parseGoUint(tok, 10);
  if (!n.ok) throw new NotationError(`invalid repetition in series values: ${n.error}`, { start: tokStart, end: c.pos });
  const times = Number(n.value);
  const built = builtToEnd ? times + extra : keptOf(sink, times + extra);
  if (sink.out.length + built > sink.max) throw tooMany(sink, { start: tokStart, end: c.pos });
  return { times, end: c.pos };
}

/** A number token with an optional sign (`-1`, `+Inf`, `2.5e3`, `NaN`). */
function readSignedNumber(text: string, pos: number, context: string): { value: number; end: number } {
  let sign = 1;
  let p = pos;
  if (text[p] === '+' || text[p] === '-') {
    if (text[p] === '-') sign = -1;
    p++;
  }
  const c = text[p];
  if (c !== undefined && isAlpha(c)) {
    let end = p;
    while (end < text.length && (isAlphaNumeric(text[end]!) || text[end] === ':')) end++;
    const word = text.slice(p, end);
    const lower = word.toLowerCase();
    if (lower === 'inf' || lower === 'nan') {
      return { value: sign * (lower === 'inf' ? Infinity : NaN), end };
    }
    throw new NotationError(`unexpected identifier ${JSON.stringify(word)} in ${context}, expected number`, { start: p, end });
  }
  if (c === undefined || !(isDigit(c) || (c === '.' && isDigit(text[p + 1] ?? '')))) {
    throw new NotationError(`unexpected ${describeAt(text, p)} in ${context}, expected number`, { start: p, end: p + 1 });
  }
  const cur: Cursor = { text, pos: p };
  if (!scanNumber(cur)) {
    throw new NotationError(`bad number syntax: ${JSON.stringify(text.slice(p, cur.pos))}`, { start: p, end: Math.max(cur.pos, p + 1) });
  }
  const parsed = parseNumberToken(text.slice(p, cur.pos));
  if (!parsed.ok) throw new NotationError(`error parsing number: ${parsed.error}`, { start: p, end: cur.pos });
  return { value: sign * parsed.value, end: cur.pos };
}

const OMITTED: SequenceValue = { kind: 'omitted' };

function readItem(text: string, pos: number, sink: ValueSink): number {
  const c = text[pos]!;
  if (c === '{' && text[pos + 1] === '{') return readHistogramItem(text, pos, sink);
  if (c === '_') {
    if (text[pos + 1] === 'x') {
      const r = readRepetition(text, pos + 1, sink, 0);
      putRepeated(sink, OMITTED, r.times);
      return r.end;
    }
    if (pos + 1 < text.length && isAlphaNumeric(text[pos + 1]!)) {
      throw new NotationError(`unexpected ${describeAt(text, pos + 1)} in series values`, { start: pos + 1, end: pos + 2 });
    }
    putRepeated(sink, OMITTED, 1);
    return pos + 1;
  }
  if (isAlpha(c)) {
    let end = pos;
    while (end < text.length && (isAlphaNumeric(text[end]!) || text[end] === ':')) end++;
    const word = text.slice(pos, end);
    if (word === 'stale') {
      putRepeated(sink, { kind: 'float', value: STALE_NAN }, 1);
      return end;
    }
    const lower = word.toLowerCase();
    if (lower !== 'inf' && lower !== 'nan') {
      throw new NotationError(`unexpected identifier ${JSON.stringify(word)} in series values, expected number or "stale"`, { start: pos, end });
    }
  } else if (!(c === '+' || c === '-' || isDigit(c) || c === '.')) {
    throw new NotationError(`unexpected character in series sequence: ${JSON.stringify(c)}`, { start: pos, end: pos + 1 });
  }
  const base = readSignedNumber(text, pos, 'series values');
  let p = base.end;
  if (text[p] === 'x') {
    const r = readRepetition(text, p, sink, 1);
    // One shared (readonly) value: `1x1000000` in a real suite was a million objects to collect.
    putRepeated(sink, { kind: 'float', value: base.value }, r.times + 1);
    return r.end;
  }
  if (text[p] === '+' || text[p] === '-') {
    const step = readSignedNumber(text, p, 'series values');
    p = step.end;
    if (text[p] !== 'x') {
      throw new NotationError(`unexpected ${describeAt(text, p)} in series values, expected "x"`, { start: p, end: p + 1 });
    }
    const r = readRepetition(text, p, sink, 1);
    // Repeated addition, not base + i*step: Prometheus accumulates, and the
    // last bit can differ.
    let v = base.value;
    const kept = keptOf(sink, r.times + 1);
    for (let i = 0; i < kept; i++) {
      sink.out.push({ kind: 'float', value: v });
      v += step.value;
    }
    advance(sink, r.times + 1, true);
    return r.end;
  }
  putRepeated(sink, { kind: 'float', value: base.value }, 1);
  return p;
}

function readHistogramItem(text: string, pos: number, sink: ValueSink): number {
  const first = parseHistogramLiteral(text, pos);
  if (!first.ok) throw new NotationError(first.error, first.pos);
  let p = first.end;
  const op = text[p];
  if (op === 'x') {
    const r = readRepetition(text, p, sink, 1);
    putRepeated(sink, { kind: 'histogram', histogram: first.histogram, hintStated: first.hintStated }, r.times + 1);
    return r.end;
  }
  if (op !== '+' && op !== '-') {
    putRepeated(sink, { kind: 'histogram', histogram: first.histogram, hintStated: first.hintStated }, 1);
    return p;
  }
  if (text[p + 1] !== '{' || text[p + 2] !== '{') {
    throw new NotationError(`unexpected ${describeAt(text, p + 1)} in series values, expected "{{"`, { start: p + 1, end: p + 2 });
  }
  const inc = parseHistogramLiteral(text, p + 1);
  if (!inc.ok) throw new NotationError(inc.error, inc.pos);
  p = inc.end;
  if (text[p] !== 'x') {
    throw new NotationError(`unexpected ${describeAt(text, p)} in series values, expected "x"`, { start: p, end: p + 1 });
  }
  const r = readRepetition(text, p, sink, 1, true);
  const combine = op === '+' ? addHistograms : subHistograms;
  let cur = first.histogram;
  putRepeated(sink, { kind: 'histogram', histogram: cur, hintStated: inc.hintStated }, 1);
  for (let i = 1; i <= r.times; i++) {
    if (cur.schema > inc.histogram.schema) {
      throw new NotationError(`error combining histograms: cannot merge from schema ${inc.histogram.schema} to ${cur.schema}`, { start: pos, end: r.end });
    }
    const res = combine(cur, inc.histogram);
    if (!res.ok) throw new NotationError(`error combining histograms: ${res.error}`, { start: pos, end: r.end });
    cur = res.histogram;
    putRepeated(sink, { kind: 'histogram', histogram: cur, hintStated: inc.hintStated }, 1);
  }
  return r.end;
}
