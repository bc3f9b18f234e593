// Arithmetic on float histograms, following Prometheus's FloatHistogram.Add
// and Sub (model/histogram/float_histogram.go): the operand with the finer
// schema is reduced to the coarser one, zero buckets of different widths are
// reconciled by widening the narrower one, custom-bucket histograms with
// different bounds are mapped onto the bounds they share, and counter reset
// hints are combined. The series notation (`{{A}}+{{B}}x3`) and the engine
// (sum, rate, binary operators) both use these.

import {
  type BucketSpan,
  type CounterResetHint,
  type FloatHistogram,
  type IndexedBucket,
  indexedBuckets,
  spansFromIndexed,
  usesCustomBuckets,
} from './histogram.js';

export type HistogramOpResult =
  | {
      readonly ok: true;
      readonly histogram: FloatHistogram;
      /** A `reset` met a `not_reset`; Prometheus warns about this. */
      readonly counterResetCollision: boolean;
      /** Custom bounds differed and were intersected; Prometheus annotates this. */
      readonly nhcbBoundsReconciled: boolean;
    }
  | { readonly ok: false; readonly error: string };

export const ERR_MIXED_SCHEMAS = 'cannot apply this operation on histograms with a mix of exponential and custom bucket schemas';

/** Prometheus's adjustCounterReset: equal stays, gauge wins, then unknown wins. */
export function combineCounterResetHints(a: CounterResetHint, b: CounterResetHint): { hint: CounterResetHint; collision: boolean } {
  if (a === b) return { hint: a, collision: false };
  if (a === 'gauge' || b === 'gauge') return { hint: 'gauge', collision: false };
  if (a === 'unknown' || b === 'unknown') return { hint: 'unknown', collision: false };
  // Only reset vs not_reset is left: a real conflict.
  return { hint: 'unknown', collision: true };
}

/** Index of the bucket at `targetSchema` that contains bucket `index` of `originSchema`. */
export function targetBucketIndex(index: number, originSchema: number, targetSchema: number): number {
  // Arithmetic shift rounds towards −∞, as Go's >> on int32 does.
  return ((index - 1) >> (originSchema - targetSchema)) + 1;
}

/** Buckets re-binned to a coarser exponential schema (counts of merged buckets summed). */
export function reduceResolution(buckets: readonly IndexedBucket[], originSchema: number, targetSchema: number): IndexedBucket[] {
  if (targetSchema >= originSchema) return [...buckets];
  const out: { index: number; count: number }[] = [];
  for (const b of buckets) {
    const index = targetBucketIndex(b.index, originSchema, targetSchema);
    const last = out[out.length - 1];
    if (last !== undefined && last.index === index) last.count += b.count;
    else out.push({ index, count: b.count });
  }
  return out;
}

/**
 * Upper bound of bucket `index` (exponential schemas) as Prometheus's
 * getBoundExponential computes it. The last finite bucket's bound would be
 * 2^1024, which overflows; Prometheus returns the largest double there so
 * that ±Inf observations keep a bucket of their own.
 *
 * For schema > 0 Prometheus reads 2^(j/2^schema) from a precomputed table;
 * we compute it, which can differ from that table in the last few bits
 * (well inside the test harness's 1e-6 relative tolerance).
 */
export function exponentialBucketUpperBound(index: number, schema: number): number {
  if (schema <= 0) {
    const exp = index * 2 ** -schema;
    return exp === 1024 ? Number.MAX_VALUE : 2 ** exp;
  }
  const perPowerOfTwo = 2 ** schema;
  const fracIndex = ((index % perPowerOfTwo) + perPowerOfTwo) % perPowerOfTwo;
  const exp = Math.floor(index / perPowerOfTwo);
  if (fracIndex === 0 && exp === 1024) return Number.MAX_VALUE;
  // 2^(fracIndex/2^schema) lies in [1, 2); scaling by a power of two is exact.
  return 2 ** (fracIndex / perPowerOfTwo) * 2 ** exp;
}

function mergeBuckets(a: readonly IndexedBucket[], b: readonly IndexedBucket[], sign: 1 | -1): IndexedBucket[] {
  const out: IndexedBucket[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && x.index < y.index)) {
      out.push(x!);
      i++;
    } else if (x === undefined || y.index < x.index) {
      out.push({ index: y.index, count: sign * y.count });
      j++;
    } else {
      out.push({ index: x.index, count: x.count + sign * y.count });
      i++;
      j++;
    }
  }
  return out;
}

/**
 * The zero count `h` would have with a zero bucket of (at least) `threshold`,
 * and the threshold actually needed: when the new threshold falls inside a
 * populated bucket, the whole bucket is absorbed and the threshold grows to
 * its bound, and the scan restarts.
 */
function zeroCountForLargerThreshold(
  h: FloatHistogram,
  pos: readonly IndexedBucket[],
  neg: readonly IndexedBucket[],
  threshold: number,
): { count: number; threshold: number } {
  if (threshold === h.zeroThreshold) return { count: h.zeroCount, threshold };
  for (;;) {
    let count = h.zeroCount;
    let grown = false;
    for (const side of [pos, neg]) {
      for (const b of side) {
        const upper = exponentialBucketUpperBound(b.index, h.schema);
        const lower = exponentialBucketUpperBound(b.index - 1, h.schema);
        if (lower >= threshold) break;
        count += b.count;
        if (upper > threshold) {
          if (b.count !== 0) {
            threshold = upper;
            grown = true;
          }
          break;
        }
      }
      if (grown) break;
    }
    if (!grown) return { count, threshold };
  }
}

function dropBucketsBelow(buckets: readonly IndexedBucket[], schema: number, threshold: number): IndexedBucket[] {
  return buckets.filter((b) => exponentialBucketUpperBound(b.index - 1, schema) >= threshold);
}

interface Operand {
  readonly h: FloatHistogram;
  pos: IndexedBucket[];
  neg: IndexedBucket[];
  zeroCount: number;
  zeroThreshold: number;
}

function operand(h: FloatHistogram): Operand {
  return {
    h,
    pos: indexedBuckets(h.positiveSpans, h.positiveBuckets),
    neg: indexedBuckets(h.negativeSpans, h.negativeBuckets),
    zeroCount: h.zeroCount,
    zeroThreshold: h.zeroThreshold,
  };
}

/** Widens the narrower zero bucket until both operands share one width. */
function reconcileZeroBuckets(a: Operand, b: Operand): void {
  while (a.zeroThreshold !== b.zeroThreshold) {
    const [narrow, wide] = a.zeroThreshold < b.zeroThreshold ? [a, b] : [b, a];
    const r = zeroCountForLargerThreshold(
      { ...narrow.h, zeroThreshold: narrow.zeroThreshold, zeroCount: narrow.zeroCount },
      narrow.pos,
      narrow.neg,
      wide.zeroThreshold,
    );
    narrow.zeroCount = r.count;
    narrow.zeroThreshold = r.threshold;
    narrow.pos = dropBucketsBelow(narrow.pos, narrow.h.schema, r.threshold);
    narrow.neg = dropBucketsBelow(narrow.neg, narrow.h.schema, r.threshold);
  }
}

/** Maps custom buckets onto a subset of their bounds; bucket k of the result is (bounds[k-1], bounds[k]]. */
function rebinCustomBuckets(buckets: readonly IndexedBucket[], from: readonly number[], to: readonly number[]): IndexedBucket[] {
  const out = new Map<number, number>();
  for (const b of buckets) {
    const upper = b.index < from.length ? from[b.index]! : Infinity;
    let k = to.findIndex((bound) => bound >= upper);
    if (k < 0) k = to.length;
    out.set(k, (out.get(k) ?? 0) + b.count);
  }
  return [...out.entries()].sort((x, y) => x[0] - y[0]).map(([index, count]) => ({ index, count }));
}

function sameBounds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function toSpans(buckets: readonly IndexedBucket[]): { spans: BucketSpan[]; counts: number[] } {
  return spansFromIndexed(buckets, false);
}

function combine(a: FloatHistogram, b: FloatHistogram, sign: 1 | -1): HistogramOpResult {
  if (usesCustomBuckets(a) !== usesCustomBuckets(b)) return { ok: false, error: ERR_MIXED_SCHEMAS };
  const { hint, collision } = combineCounterResetHints(a.counterResetHint, b.counterResetHint);
  const x = operand(a);
  const y = operand(b);
  const count = a.count + sign * b.count;
  const sum = a.sum + sign * b.sum;

  if (usesCustomBuckets(a)) {
    const av = a.customValues ?? [];
    const bv = b.customValues ?? [];
    let customValues = av;
    let reconciled = false;
    if (!sameBounds(av, bv)) {
      reconciled = true;
      const shared = new Set(bv);
      customValues = av.filter((v) => shared.has(v));
      x.pos = rebinCustomBuckets(x.pos, av, customValues);
      y.pos = rebinCustomBuckets(y.pos, bv, customValues);
    }
    const pos = toSpans(mergeBuckets(x.pos, y.pos, sign));
    return {
      ok: true,
      counterResetCollision: collision,
      nhcbBoundsReconciled: reconciled,
      histogram: {
        ...a,
        counterResetHint: hint,
        count,
        sum,
        positiveSpans: pos.spans,
        positiveBuckets: pos.counts,
        customValues: [...customValues],
      },
    };
  }

  const schema = Math.min(a.schema, b.schema);
  x.pos = reduceResolution(x.pos, a.schema, schema);
  x.neg = reduceResolution(x.neg, a.schema, schema);
  y.pos = reduceResolution(y.pos, b.schema, schema);
  y.neg = reduceResolution(y.neg, b.schema, schema);
  const xs = { ...x, h: { ...a, schema } };
  const ys = { ...y, h: { ...b, schema } };
  reconcileZeroBuckets(xs, ys);
  const pos = toSpans(mergeBuckets(xs.pos, ys.pos, sign));
  const neg = toSpans(mergeBuckets(xs.neg, ys.neg, sign));
  return {
    ok: true,
    counterResetCollision: collision,
    nhcbBoundsReconciled: false,
    histogram: {
      counterResetHint: hint,
      schema,
      zeroThreshold: xs.zeroThreshold,
      zeroCount: xs.zeroCount + sign * ys.zeroCount,
      count,
      sum,
      positiveSpans: pos.spans,
      positiveBuckets: pos.counts,
      negativeSpans: neg.spans,
      negativeBuckets: neg.counts,
    },
  };
}

/** a + b, as FloatHistogram.Add. */
export function addHistograms(a: FloatHistogram, b: FloatHistogram): HistogramOpResult {
  return combine(a, b, 1);
}

/** a − b, as FloatHistogram.Sub. */
export function subHistograms(a: FloatHistogram, b: FloatHistogram): HistogramOpResult {
  return combine(a, b, -1);
}
