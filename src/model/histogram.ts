// Native histograms, mirroring Prometheus's model/histogram.FloatHistogram.
// Only the float flavour exists here: everything promforge loads (test
// scripts, recorded samples) and computes is a float histogram, as in the
// Prometheus test harness.
//
// Buckets are stored sparsely: `positiveSpans` say which bucket indices are
// present (each span skips `offset` indices after the previous span, the
// first span's offset being the absolute index of its first bucket), and
// `positiveBuckets` holds one *absolute* count per present index, in order.
// Objects are treated as immutable once built; operations return new ones.

import { formatGoG } from '../go/strconv.js';

export type CounterResetHint = 'unknown' | 'reset' | 'not_reset' | 'gauge';

export const COUNTER_RESET_HINTS: readonly CounterResetHint[] = ['unknown', 'reset', 'not_reset', 'gauge'];

export interface BucketSpan {
  /** Gap to the previous span's end (or the absolute start index for the first span). */
  readonly offset: number;
  /** Number of consecutive buckets in this span. */
  readonly length: number;
}

/** The schema of native histograms with custom bucket bounds (NHCB). */
export const CUSTOM_BUCKETS_SCHEMA = -53;
export const EXPONENTIAL_SCHEMA_MIN = -4;
export const EXPONENTIAL_SCHEMA_MAX = 8;

export interface FloatHistogram {
  readonly counterResetHint: CounterResetHint;
  /** −4…8 exponential (bucket growth factor 2^(2^−schema)), or −53 for custom buckets. */
  readonly schema: number;
  /** Half-width of the zero bucket, which covers [−zeroThreshold, zeroThreshold]. */
  readonly zeroThreshold: number;
  readonly zeroCount: number;
  readonly count: number;
  readonly sum: number;
  readonly positiveSpans: readonly BucketSpan[];
  readonly negativeSpans: readonly BucketSpan[];
  readonly positiveBuckets: readonly number[];
  readonly negativeBuckets: readonly number[];
  /** Upper bounds of the custom buckets (schema −53 only), ascending, `+Inf` implied. */
  readonly customValues?: readonly number[];
}

/** An empty histogram with the given schema; the starting point for builders. */
export function emptyHistogram(schema = 0): FloatHistogram {
  return {
    counterResetHint: 'unknown',
    schema,
    zeroThreshold: 0,
    zeroCount: 0,
    count: 0,
    sum: 0,
    positiveSpans: [],
    negativeSpans: [],
    positiveBuckets: [],
    negativeBuckets: [],
  };
}

export function usesCustomBuckets(h: FloatHistogram): boolean {
  return h.schema === CUSTOM_BUCKETS_SCHEMA;
}

/** One populated bucket with its absolute index. */
export interface IndexedBucket {
  readonly index: number;
  readonly count: number;
}

/** The present buckets of one side with absolute indices, in index order. */
export function indexedBuckets(spans: readonly BucketSpan[], buckets: readonly number[]): IndexedBucket[] {
  const out: IndexedBucket[] = [];
  let index = 0;
  let k = 0;
  for (let s = 0; s < spans.length; s++) {
    const span = spans[s]!;
    index += span.offset;
    for (let j = 0; j < span.length; j++) {
      out.push({ index, count: buckets[k] ?? 0 });
      index++;
      k++;
    }
  }
  return out;
}

/**
 * Spans and counts for the given buckets (sorted by index, unique). Buckets
 * with a count of exactly 0 are dropped when `dropZeros` is set, which is the
 * "compacted" form used for comparisons.
 */
export function spansFromIndexed(buckets: readonly IndexedBucket[], dropZeros: boolean): { spans: BucketSpan[]; counts: number[] } {
  const spans: { offset: number; length: number }[] = [];
  const counts: number[] = [];
  let nextIndex = 0;
  for (const b of buckets) {
    if (dropZeros && b.count === 0) continue;
    const last = spans[spans.length - 1];
    if (last !== undefined && b.index === nextIndex) {
      last.length++;
    } else {
      spans.push({ offset: spans.length === 0 ? b.index : b.index - nextIndex, length: 1 });
    }
    counts.push(b.count);
    nextIndex = b.index + 1;
  }
  return { spans, counts };
}

/** The histogram with zero-count buckets removed and spans merged. */
export function compactHistogram(h: FloatHistogram): FloatHistogram {
  const pos = spansFromIndexed(indexedBuckets(h.positiveSpans, h.positiveBuckets), true);
  const neg = spansFromIndexed(indexedBuckets(h.negativeSpans, h.negativeBuckets), true);
  return { ...h, positiveSpans: pos.spans, positiveBuckets: pos.counts, negativeSpans: neg.spans, negativeBuckets: neg.counts };
}

/**
 * The series-notation literal of a histogram, as Prometheus's
 * `FloatHistogram.TestExpression()` prints it in test failure messages:
 * default-valued fields left out, each side as one span (gaps filled with
 * zero buckets), numbers in Go's `%g`.
 */
export function histogramTestExpression(h: FloatHistogram): string {
  const parts: string[] = [];
  if (h.schema !== 0) parts.push(`schema:${h.schema}`);
  if (h.count !== 0) parts.push(`count:${formatGoG(h.count)}`);
  if (h.sum !== 0) parts.push(`sum:${formatGoG(h.sum)}`);
  if (h.zeroCount !== 0) parts.push(`z_bucket:${formatGoG(h.zeroCount)}`);
  if (h.zeroThreshold !== 0) parts.push(`z_bucket_w:${formatGoG(h.zeroThreshold)}`);
  if (usesCustomBuckets(h)) parts.push(`custom_values:[${(h.customValues ?? []).map(formatGoG).join(' ')}]`);
  if (h.counterResetHint !== 'unknown') parts.push(`counter_reset_hint:${h.counterResetHint}`);
  const sides = [
    ['buckets', 'offset', h.positiveSpans, h.positiveBuckets],
    ['n_buckets', 'n_offset', h.negativeSpans, h.negativeBuckets],
  ] as const;
  for (const [bucketsKey, offsetKey, spans, counts] of sides) {
    // Compacting with an unlimited gap leaves one span: drop zeros, then fill the gaps.
    const present = indexedBuckets(spans, counts).filter((b) => b.count !== 0);
    const first = present[0];
    if (first === undefined) continue;
    if (first.index !== 0) parts.push(`${offsetKey}:${first.index}`);
    const filled: number[] = [];
    let next = first.index;
    for (const b of present) {
      for (; next < b.index; next++) filled.push(0);
      filled.push(b.count);
      next = b.index + 1;
    }
    parts.push(`${bucketsKey}:[${filled.map(formatGoG).join(' ')}]`);
  }
  return `{{${parts.join(' ')}}}`;
}

/**
 * Why this histogram may not be stored, or undefined when it may. Mirrors
 * Prometheus's `FloatHistogram.Validate` (the checks storage applies on
 * append); the messages follow Prometheus's wording.
 */
export function histogramValidationError(h: FloatHistogram): string | undefined {
  const custom = usesCustomBuckets(h);
  if (!custom && (h.schema < EXPONENTIAL_SCHEMA_MIN || h.schema > EXPONENTIAL_SCHEMA_MAX)) {
    return `histogram has an invalid schema, which must be between ${EXPONENTIAL_SCHEMA_MIN} and ${EXPONENTIAL_SCHEMA_MAX} for exponential buckets, or ${CUSTOM_BUCKETS_SCHEMA} for custom buckets, got schema ${h.schema}`;
  }
  const sides = [
    ['negative', h.negativeSpans, h.negativeBuckets],
    ['positive', h.positiveSpans, h.positiveBuckets],
  ] as const;
  for (const [side, spans, buckets] of sides) {
    let total = 0;
    for (let i = 0; i < spans.length; i++) {
      const span = spans[i]!;
      if (i > 0 && span.offset < 0) {
        return `${side} side: span number ${i + 1} with offset ${span.offset}: histogram has a span whose offset is negative`;
      }
      total += span.length;
    }
    if (total !== buckets.length) {
      return `${side} side: spans need ${total} buckets, have ${buckets.length} buckets: histogram spans specify different number of buckets than provided`;
    }
    for (let i = 0; i < buckets.length; i++) {
      const c = buckets[i]!;
      if (c < 0) {
        return `${side} side: bucket number ${i + 1} has observation count of ${c}: histogram has a bucket whose observation count is negative`;
      }
    }
  }
  if (custom) {
    if (h.zeroCount !== 0 || h.zeroThreshold !== 0) return 'custom buckets: must have zero threshold of 0 and zero count of 0';
    if (h.negativeSpans.length > 0 || h.negativeBuckets.length > 0) return 'custom buckets: must not have negative buckets';
    const cv = h.customValues ?? [];
    for (let i = 1; i < cv.length; i++) {
      if (!(cv[i]! > cv[i - 1]!)) return `custom buckets: previous bound is ${cv[i - 1]} and current is ${cv[i]}: custom buckets must be in increasing order`;
    }
    const last = indexedBuckets(h.positiveSpans, h.positiveBuckets).at(-1);
    if (last !== undefined && (last.index < 0 || last.index > cv.length)) {
      return `custom buckets: the total length of span is ${last.index + 1}, must be less than or equal to ${cv.length + 1}: histogram custom bounds are too few`;
    }
  } else if (h.customValues !== undefined && h.customValues.length > 0) {
    return 'histogram with exponential schema must not have custom bounds';
  }
  if (h.count < 0) return `histogram has a negative count of observations: ${h.count}`;
  if (h.zeroCount < 0) return `histogram has a zero bucket whose observation count is negative: ${h.zeroCount}`;
  return undefined;
}
