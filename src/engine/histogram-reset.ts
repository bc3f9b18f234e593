// Counter-reset detection and schema conversion for native histograms,
// following Prometheus's FloatHistogram.DetectReset and CopyToSchema.

import { CUSTOM_BUCKETS_SCHEMA, type FloatHistogram, type IndexedBucket, indexedBuckets, spansFromIndexed } from '../model/histogram.js';
import { reduceResolution } from '../model/histogram-ops.js';
import { exponentialBound } from './histogram-buckets.js';

/** The histogram re-binned to a coarser (or equal) exponential schema. */
export function copyToSchema(h: FloatHistogram, schema: number): FloatHistogram {
  if (h.schema === CUSTOM_BUCKETS_SCHEMA || schema >= h.schema) return h;
  const pos = spansFromIndexed(reduceResolution(indexedBuckets(h.positiveSpans, h.positiveBuckets), h.schema, schema), false);
  const neg = spansFromIndexed(reduceResolution(indexedBuckets(h.negativeSpans, h.negativeBuckets), h.schema, schema), false);
  return { ...h, schema, positiveSpans: pos.spans, positiveBuckets: pos.counts, negativeSpans: neg.spans, negativeBuckets: neg.counts };
}

function sameCustomBounds(a: readonly number[] | undefined, b: readonly number[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** Buckets (at `schema`) whose upper bound is above the zero threshold, by index. */
function bucketsAbove(
  spans: FloatHistogram['positiveSpans'],
  counts: readonly number[],
  fromSchema: number,
  schema: number,
  zeroThreshold: number,
): Map<number, number> {
  const out = new Map<number, number>();
  const buckets: IndexedBucket[] =
    fromSchema === CUSTOM_BUCKETS_SCHEMA ? indexedBuckets(spans, counts) : reduceResolution(indexedBuckets(spans, counts), fromSchema, schema);
  for (const b of buckets) {
    if (schema !== CUSTOM_BUCKETS_SCHEMA && exponentialBound(b.index, schema) <= zeroThreshold) continue;
    out.set(b.index, (out.get(b.index) ?? 0) + b.count);
  }
  return out;
}

/** Count of `prev` that falls into a zero bucket widened to `threshold`. */
function zeroCountForThreshold(prev: FloatHistogram, threshold: number): number {
  if (threshold === prev.zeroThreshold) return prev.zeroCount;
  let count = prev.zeroCount;
  for (const [spans, buckets] of [
    [prev.positiveSpans, prev.positiveBuckets],
    [prev.negativeSpans, prev.negativeBuckets],
  ] as const) {
    for (const b of indexedBuckets(spans, buckets)) if (exponentialBound(b.index, prev.schema) <= threshold) count += b.count;
  }
  return count;
}

/** Whether `curr` follows `prev` only after a counter reset. */
export function detectReset(curr: FloatHistogram, prev: FloatHistogram): boolean {
  if (curr.counterResetHint === 'reset') return true;
  if (curr.counterResetHint === 'not_reset') return false;
  if (curr.count < prev.count) return true;
  const currCustom = curr.schema === CUSTOM_BUCKETS_SCHEMA;
  const prevCustom = prev.schema === CUSTOM_BUCKETS_SCHEMA;
  if (currCustom !== prevCustom) return true;
  // Custom buckets with different bounds are reconciled, not a reset; only
  // the total count can tell.
  if (currCustom && !sameCustomBounds(curr.customValues, prev.customValues)) return false;
  if (curr.schema > prev.schema) return true;
  if (curr.zeroThreshold < prev.zeroThreshold) return true;
  if (curr.zeroCount < zeroCountForThreshold(prev, curr.zeroThreshold)) return true;
  const sides = [
    [curr.positiveSpans, curr.positiveBuckets, prev.positiveSpans, prev.positiveBuckets],
    [curr.negativeSpans, curr.negativeBuckets, prev.negativeSpans, prev.negativeBuckets],
  ] as const;
  for (const [cs, cb, ps, pb] of sides) {
    const c = bucketsAbove(cs, cb, curr.schema, curr.schema, curr.zeroThreshold);
    const p = bucketsAbove(ps, pb, prev.schema, curr.schema, curr.zeroThreshold);
    for (const [index, count] of p) if ((c.get(index) ?? 0) < count) return true;
  }
  return false;
}
