// Native histogram literals of the series notation:
// `{{schema:0 sum:5 count:4 z_bucket:1 z_bucket_w:0.001 buckets:[1 2]
//    n_buckets:[1] offset:1 n_offset:0 custom_values:[1 2] counter_reset_hint:gauge}}`.
// Keys are case-insensitive and may appear once each, in any order; entries
// are separated by whitespace, and whitespace is allowed before `}}` and `]`
// but not after `{{` or `[` (as in Prometheus's grammar). Errors unwind with
// a private exception that `parseHistogramLiteral` turns into a result.

import type { PosRange } from '../promql/ast.js';
import { type CounterResetHint, type FloatHistogram, type BucketSpan, COUNTER_RESET_HINTS } from '../model/histogram.js';
import { parseGoUint } from '../go/strconv.js';
import { type Cursor, isAlpha, isDigit, isSpace, parseNumberToken, scanNumber } from './notation-lexing.js';

export type HistogramLiteralResult =
  | { readonly ok: true; readonly histogram: FloatHistogram; readonly hintStated: boolean; readonly end: number }
  | { readonly ok: false; readonly error: string; readonly pos: PosRange };

/** How the value after each key is written. */
type ValueKind = 'int' | 'signed-number' | 'unsigned-number' | 'bucket-list' | 'hint';

const HISTOGRAM_KEYS: Readonly<Record<string, ValueKind>> = {
  schema: 'int',
  sum: 'signed-number',
  count: 'signed-number',
  z_bucket: 'signed-number',
  z_bucket_w: 'unsigned-number',
  buckets: 'bucket-list',
  n_buckets: 'bucket-list',
  custom_values: 'bucket-list',
  offset: 'int',
  n_offset: 'int',
  counter_reset_hint: 'hint',
};

type HistogramValue = number | number[] | CounterResetHint;

class LiteralError {
  constructor(
    readonly message: string,
    readonly pos: PosRange,
  ) {}
}

function charDesc(text: string, pos: number): string {
  return pos >= text.length ? 'end of input' : JSON.stringify(text[pos]);
}

function readWord(text: string, pos: number): string {
  let end = pos;
  while (end < text.length && isAlpha(text[end]!)) end++;
  return text.slice(pos, end);
}

function readNumber(text: string, pos: number, allowSign: boolean): { value: number; end: number } {
  let sign = 1;
  let p = pos;
  if (allowSign && text[p] === '-') {
    sign = -1;
    p++;
  }
  const c = text[p] ?? '';
  if (isAlpha(c)) {
    const word = readWord(text, p);
    const lower = word.toLowerCase();
    if (lower === 'inf' || lower === 'nan') return { value: sign * (lower === 'inf' ? Infinity : NaN), end: p + word.length };
    throw new LiteralError(`unexpected ${JSON.stringify(word)} in histogram description, expected number`, { start: p, end: p + word.length });
  }
  // Inside `{{…}}` the lexer starts numbers only at a digit (no `.5`).
  if (!isDigit(c)) {
    throw new LiteralError(`histogram description incomplete unexpected: ${charDesc(text, p)}`, { start: p, end: p + 1 });
  }
  const cur: Cursor = { text, pos: p };
  if (!scanNumber(cur)) throw new LiteralError(`bad number syntax: ${JSON.stringify(text.slice(p, cur.pos))}`, { start: p, end: Math.max(cur.pos, p + 1) });
  const parsed = parseNumberToken(text.slice(p, cur.pos));
  if (!parsed.ok) throw new LiteralError(`error parsing number: ${parsed.error}`, { start: p, end: cur.pos });
  return { value: sign * parsed.value, end: cur.pos };
}

function readValue(text: string, pos: number, key: string, kind: ValueKind): { value: HistogramValue; end: number } {
  switch (kind) {
    case 'int': {
      const negative = text[pos] === '-';
      const p = negative ? pos + 1 : pos;
      const cur: Cursor = { text, pos: p };
      if (!isDigit(text[p] ?? '') || !scanNumber(cur)) {
        throw new LiteralError(`histogram description incomplete unexpected: ${charDesc(text, p)}`, { start: p, end: p + 1 });
      }
      const n = parseGoUint(text.slice(p, cur.pos), 10);
      if (!n.ok) throw new LiteralError(`invalid integer for histogram ${key}: ${n.error}`, { start: p, end: cur.pos });
      return { value: negative ? -Number(n.value) : Number(n.value), end: cur.pos };
    }
    case 'signed-number':
    case 'unsigned-number':
      return readNumber(text, pos, kind === 'signed-number');
    case 'bucket-list': {
      if (text[pos] !== '[') throw new LiteralError(`unexpected ${charDesc(text, pos)} in histogram ${key}, expected "["`, { start: pos, end: pos + 1 });
      const values: number[] = [];
      let p = pos + 1;
      for (;;) {
        if (text[p] === ']' && values.length > 0) return { value: values, end: p + 1 };
        if (isSpace(text[p] ?? '') && values.length > 0) {
          while (isSpace(text[p] ?? '')) p++;
          if (text[p] === ']') return { value: values, end: p + 1 };
        }
        if (p >= text.length) throw new LiteralError(`unexpected end of input in histogram ${key}, expected "]"`, { start: p, end: p });
        const c = text[p]!;
        if (!(c === '-' || isDigit(c) || isAlpha(c))) {
          throw new LiteralError(`invalid character in buckets description: ${JSON.stringify(c)}`, { start: p, end: p + 1 });
        }
        const n = readNumber(text, p, true);
        values.push(n.value);
        p = n.end;
        if (text[p] !== ']' && !isSpace(text[p] ?? '')) {
          throw new LiteralError(`invalid character in buckets description: ${charDesc(text, p)}`, { start: p, end: p + 1 });
        }
      }
    }
    case 'hint': {
      const word = readWord(text, pos);
      const hint = COUNTER_RESET_HINTS.find((h) => h === word.toLowerCase());
      if (hint === undefined) {
        throw new LiteralError(`bad counter_reset_hint ${JSON.stringify(word)}, expected one of ${COUNTER_RESET_HINTS.join(', ')}`, {
          start: pos,
          end: pos + Math.max(word.length, 1),
        });
      }
      return { value: hint, end: pos + word.length };
    }
  }
}

/** Parses a `{{…}}` literal whose `{{` is at `start`. */
export function parseHistogramLiteral(text: string, start: number): HistogramLiteralResult {
  try {
    return readLiteral(text, start);
  } catch (e) {
    if (e instanceof LiteralError) return { ok: false, error: e.message, pos: e.pos };
    throw e;
  }
}

function readLiteral(text: string, start: number): HistogramLiteralResult {
  const entries = new Map<string, HistogramValue>();
  let p = start + 2;
  const closesAt = (i: number): boolean => text[i] === '}' && text[i + 1] === '}';
  if (isSpace(text[p] ?? '')) {
    let q = p;
    while (isSpace(text[q] ?? '')) q++;
    if (!closesAt(q)) throw new LiteralError('unexpected space after "{{" in histogram description', { start: p, end: q });
    p = q;
  }
  while (!closesAt(p)) {
    if (p >= text.length) throw new LiteralError('unexpected end of input in histogram description, expected "}}"', { start, end: p });
    const c = text[p]!;
    if (!isAlpha(c)) throw new LiteralError(`histogram description incomplete unexpected: ${JSON.stringify(c)}`, { start: p, end: p + 1 });
    const word = readWord(text, p);
    const key = word.toLowerCase();
    const kind = HISTOGRAM_KEYS[key];
    const wordPos = { start: p, end: p + word.length };
    if (kind === undefined) throw new LiteralError(`bad histogram descriptor found: ${JSON.stringify(word)}`, wordPos);
    if (text[wordPos.end] !== ':') throw new LiteralError('missing `:` for histogram descriptor', wordPos);
    if (entries.has(key)) throw new LiteralError(`duplicate key ${JSON.stringify(key)} in histogram`, wordPos);
    const v = readValue(text, wordPos.end + 1, key, kind);
    entries.set(key, v.value);
    p = v.end;
    if (closesAt(p)) break;
    if (p >= text.length) throw new LiteralError('unexpected end of input in histogram description, expected "}}"', { start, end: p });
    if (!isSpace(text[p] ?? '')) {
      throw new LiteralError(`histogram description incomplete unexpected: ${charDesc(text, p)}`, { start: p, end: p + 1 });
    }
    while (isSpace(text[p] ?? '')) p++;
  }
  return { ok: true, histogram: buildHistogram(entries), hintStated: entries.has('counter_reset_hint'), end: p + 2 };
}

function num(entries: ReadonlyMap<string, HistogramValue>, key: string): number {
  const v = entries.get(key);
  return typeof v === 'number' ? v : 0;
}

function list(entries: ReadonlyMap<string, HistogramValue>, key: string): number[] | undefined {
  const v = entries.get(key);
  return Array.isArray(v) ? v : undefined;
}

function side(entries: ReadonlyMap<string, HistogramValue>, bucketsKey: string, offsetKey: string): { spans: BucketSpan[]; buckets: number[] } {
  const buckets = list(entries, bucketsKey) ?? [];
  // As in Prometheus: one span covering the whole list, none for an empty list.
  const spans = buckets.length > 0 ? [{ offset: num(entries, offsetKey), length: buckets.length }] : [];
  return { spans, buckets };
}

function buildHistogram(entries: ReadonlyMap<string, HistogramValue>): FloatHistogram {
  const pos = side(entries, 'buckets', 'offset');
  const neg = side(entries, 'n_buckets', 'n_offset');
  const hint = entries.get('counter_reset_hint');
  const customValues = list(entries, 'custom_values');
  return {
    counterResetHint: typeof hint === 'string' ? hint : 'unknown',
    schema: num(entries, 'schema'),
    zeroThreshold: num(entries, 'z_bucket_w'),
    zeroCount: num(entries, 'z_bucket'),
    count: num(entries, 'count'),
    sum: num(entries, 'sum'),
    positiveSpans: pos.spans,
    positiveBuckets: pos.buckets,
    negativeSpans: neg.spans,
    negativeBuckets: neg.buckets,
    ...(customValues !== undefined ? { customValues } : {}),
  };
}
