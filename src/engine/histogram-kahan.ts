// Kahan–Neumaier summation of native histograms, field by field (count,
// sum, zero count and every bucket), as Prometheus's newer aggregations do
// so that huge values that cancel out do not swallow small ones. Operands
// with different zero thresholds or custom bounds fall back to plain
// addition (model/histogram-ops), which reconciles their layouts.

import { CUSTOM_BUCKETS_SCHEMA, type FloatHistogram, indexedBuckets, spansFromIndexed } from '../model/histogram.js';
import { type HistogramOpResult, addHistograms, combineCounterResetHints } from '../model/histogram-ops.js';
import { copyToSchema } from './histogram-reset.js';
import { kahanSumInc } from './quantile.js';

export interface KahanHistogram {
  sum: FloatHistogram;
  /** Field-wise compensation; undefined until a compensated addition happened. */
  comp: FloatHistogram | undefined;
}

function sameCustom(a: FloatHistogram, b: FloatHistogram): boolean {
  const x = a.customValues ?? [];
  const y = b.customValues ?? [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

function bucketMap(spans: FloatHistogram['positiveSpans'], counts: readonly number[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const b of indexedBuckets(spans, counts)) m.set(b.index, b.count);
  return m;
}

function fromMap(m: Map<number, number>): { spans: FloatHistogram['positiveSpans']; counts: number[] } {
  const buckets = [...m.entries()].sort((a, b) => a[0] - b[0]).map(([index, count]) => ({ index, count }));
  const { spans, counts } = spansFromIndexed(buckets, false);
  return { spans, counts };
}

function emptyLike(h: FloatHistogram): FloatHistogram {
  return { ...h, count: 0, sum: 0, zeroCount: 0, positiveSpans: [], negativeSpans: [], positiveBuckets: [], negativeBuckets: [] };
}

/** Adds `h` into `acc` with compensation; returns the model's result flags (ok, collision, reconciled). */
export function kahanAddHistogram(acc: KahanHistogram, h: FloatHistogram): HistogramOpResult {
  const a = acc.sum;
  const customA = a.schema === CUSTOM_BUCKETS_SCHEMA;
  const customH = h.schema === CUSTOM_BUCKETS_SCHEMA;
  if (customA !== customH || a.zeroThreshold !== h.zeroThreshold || (customA && !sameCustom(a, h))) {
    const r = addHistograms(a, h);
    if (r.ok) {
      acc.sum = r.histogram;
      // The compensation no longer matches the layout; fold it in first.
      if (acc.comp) {
        const folded = addHistograms(r.histogram, acc.comp);
        if (folded.ok) acc.sum = folded.histogram;
        acc.comp = undefined;
      }
    }
    return r;
  }
  const schema = Math.min(a.schema, h.schema);
  const x = copyToSchema(a, schema);
  const y = copyToSchema(h, schema);
  const c = copyToSchema(acc.comp ?? emptyLike(x), schema);
  const { hint, collision } = combineCounterResetHints(a.counterResetHint, h.counterResetHint);
  const field = (s: number, inc: number, comp: number): [number, number] => kahanSumInc(inc, s, comp);
  const [count, cCount] = field(x.count, y.count, c.count);
  const [sum, cSum] = field(x.sum, y.sum, c.sum);
  const [zeroCount, cZero] = field(x.zeroCount, y.zeroCount, c.zeroCount);
  const side = (
    xs: FloatHistogram['positiveSpans'],
    xb: readonly number[],
    ys: FloatHistogram['positiveSpans'],
    yb: readonly number[],
    cs: FloatHistogram['positiveSpans'],
    cb: readonly number[],
  ) => {
    const mx = bucketMap(xs, xb);
    const my = bucketMap(ys, yb);
    const mc = bucketMap(cs, cb);
    const outV = new Map<number, number>();
    const outC = new Map<number, number>();
    for (const k of new Set([...mx.keys(), ...my.keys(), ...mc.keys()])) {
      const [v, cv] = field(mx.get(k) ?? 0, my.get(k) ?? 0, mc.get(k) ?? 0);
      outV.set(k, v);
      outC.set(k, cv);
    }
    return { v: fromMap(outV), c: fromMap(outC) };
  };
  const pos = side(x.positiveSpans, x.positiveBuckets, y.positiveSpans, y.positiveBuckets, c.positiveSpans, c.positiveBuckets);
  const neg = side(x.negativeSpans, x.negativeBuckets, y.negativeSpans, y.negativeBuckets, c.negativeSpans, c.negativeBuckets);
  acc.sum = {
    ...x,
    counterResetHint: hint,
    count,
    sum,
    zeroCount,
    positiveSpans: pos.v.spans,
    positiveBuckets: pos.v.counts,
    negativeSpans: neg.v.spans,
    negativeBuckets: neg.v.counts,
  };
  acc.comp = {
    ...x,
    count: cCount,
    sum: cSum,
    zeroCount: cZero,
    positiveSpans: pos.c.spans,
    positiveBuckets: pos.c.counts,
    negativeSpans: neg.c.spans,
    negativeBuckets: neg.c.counts,
  };
  return { ok: true, histogram: acc.sum, counterResetCollision: collision, nhcbBoundsReconciled: false };
}

/** The compensated total. */
export function kahanHistogramResult(acc: KahanHistogram): FloatHistogram {
  if (!acc.comp) return acc.sum;
  const r = addHistograms(acc.sum, { ...acc.comp, counterResetHint: acc.sum.counterResetHint });
  return r.ok ? { ...r.histogram, counterResetHint: acc.sum.counterResetHint } : acc.sum;
}

/** True when any field of the histogram is infinite (the running sum overflowed). */
export function histogramOverflowed(h: FloatHistogram): boolean {
  const inf = (v: number): boolean => v === Infinity || v === -Infinity;
  return inf(h.count) || inf(h.sum) || inf(h.zeroCount) || h.positiveBuckets.some(inf) || h.negativeBuckets.some(inf);
}
