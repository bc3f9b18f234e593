// A native histogram as Prometheus's FloatHistogram.TestExpression() writes
// it (`{{schema:1 count:4 sum:10 buckets:[1 2 1]}}`): the notation promtool
// prints in failures and compares expected histograms by.

import type { FloatHistogram } from '../model/histogram.js';
import { indexedBuckets, usesCustomBuckets } from '../model/histogram.js';
import { formatFloat } from '../template/strconv.js';

const g = (v: number): string => formatFloat(v, 'g', -1);

/** One side's buckets as a single span: leading/trailing empty buckets dropped, inner gaps filled with 0. */
function oneSpan(spans: FloatHistogram['positiveSpans'], buckets: readonly number[]): { offset: number; counts: number[] } | undefined {
  const present = indexedBuckets(spans, buckets).filter((b) => b.count !== 0);
  if (present.length === 0) return undefined;
  const first = present[0]!.index;
  const counts = new Array<number>(present[present.length - 1]!.index - first + 1).fill(0);
  for (const b of present) counts[b.index - first] = b.count;
  return { offset: first, counts };
}

export function histogramTestExpression(h: FloatHistogram): string {
  const res: string[] = [];
  if (h.schema !== 0) res.push(`schema:${h.schema}`);
  if (h.count !== 0) res.push(`count:${g(h.count)}`);
  if (h.sum !== 0) res.push(`sum:${g(h.sum)}`);
  if (h.zeroCount !== 0) res.push(`z_bucket:${g(h.zeroCount)}`);
  if (h.zeroThreshold !== 0) res.push(`z_bucket_w:${g(h.zeroThreshold)}`);
  if (usesCustomBuckets(h)) res.push(`custom_values:[${(h.customValues ?? []).map(g).join(' ')}]`);
  if (h.counterResetHint !== 'unknown') res.push(`counter_reset_hint:${h.counterResetHint}`);
  const pos = oneSpan(h.positiveSpans, h.positiveBuckets);
  if (pos) {
    if (pos.offset !== 0) res.push(`offset:${pos.offset}`);
    res.push(`buckets:[${pos.counts.map(g).join(' ')}]`);
  }
  const neg = oneSpan(h.negativeSpans, h.negativeBuckets);
  if (neg) {
    if (neg.offset !== 0) res.push(`n_offset:${neg.offset}`);
    res.push(`n_buckets:[${neg.counts.map(g).join(' ')}]`);
  }
  return `{{${res.join(' ')}}}`;
}
