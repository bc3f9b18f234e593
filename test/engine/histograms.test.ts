// Native histograms: bucket math, quantiles, rates and the storage's
// counter-reset-hint model, with values worked out by hand.
import { describe, expect, it } from 'vitest';
import { Storage, evaluateInstant } from '../../src/engine/index.js';
import type { FloatHistogram } from '../../src/model/histogram.js';
import { exponentialBound, nativeHistogramFraction, nativeHistogramQuantile } from '../../src/engine/histogram-buckets.js';
import { detectReset } from '../../src/engine/histogram-reset.js';
import { lbls, ok } from './helpers.js';

/** Schema 0: positive buckets (0.5,1], (1,2], (2,4] holding `counts`. */
function hist(counts: [number, number, number], sum: number, hint: FloatHistogram['counterResetHint'] = 'unknown'): FloatHistogram {
  return {
    counterResetHint: hint,
    schema: 0,
    zeroThreshold: 0,
    zeroCount: 0,
    count: counts[0] + counts[1] + counts[2],
    sum,
    positiveSpans: [{ offset: 0, length: 3 }],
    negativeSpans: [],
    positiveBuckets: counts,
    negativeBuckets: [],
  };
}

describe('bucket math', () => {
  it('computes exponential bucket bounds', () => {
    expect(exponentialBound(0, 0)).toBe(1);
    expect(exponentialBound(2, 0)).toBe(4);
    expect(exponentialBound(1, 1)).toBeCloseTo(Math.SQRT2, 15);
    expect(exponentialBound(-1, 0)).toBe(0.5);
  });
  it('interpolates quantiles exponentially inside a bucket', () => {
    // Rank 2 of 4 from the top: 1 in (2,4], then halfway through (1,2] on a log scale.
    expect(nativeHistogramQuantile(0.5, hist([1, 2, 1], 6))).toBeCloseTo(Math.SQRT2, 15);
    expect(nativeHistogramQuantile(1.5, hist([1, 2, 1], 6))).toBe(Infinity);
  });
  it('computes fractions', () => {
    expect(nativeHistogramFraction(-Infinity, 2, hist([1, 2, 1], 6))).toBe(0.75);
    expect(nativeHistogramFraction(1, 1, hist([1, 2, 1], 6))).toBe(0);
  });
  it('detects counter resets from counts and hints', () => {
    expect(detectReset(hist([1, 2, 1], 6), hist([1, 1, 1], 5))).toBe(false);
    expect(detectReset(hist([0, 2, 1], 6), hist([1, 1, 1], 5))).toBe(true);
    expect(detectReset(hist([0, 2, 1], 6, 'not_reset'), hist([1, 1, 1], 5))).toBe(false);
  });
});

describe('histograms in queries', () => {
  const s = new Storage();
  const l = lbls('req_duration');
  // Counter histogram: one observation per bucket per minute.
  for (let i = 0; i <= 5; i++) s.appendHistogram(l, i * 60_000, hist([i, i, i], 3 * i));

  it('reads back counter-reset hints as Prometheus storage does', () => {
    const hints = [0, 60_000, 120_000].map((t) => {
      const res = ok(evaluateInstant('req_duration', t, s));
      if (res.value.type !== 'vector') throw new Error('expected vector');
      return res.value.samples[0]!.h!.counterResetHint;
    });
    expect(hints).toEqual(['unknown', 'not_reset', 'not_reset']);
  });

  it('computes histogram_count and histogram_sum', () => {
    const res = ok(evaluateInstant('histogram_count(req_duration) + histogram_sum(req_duration)', 5 * 60_000, s));
    if (res.value.type !== 'vector') throw new Error('expected vector');
    expect(res.value.samples.map((x) => x.f)).toEqual([30]);
  });

  it('rates a counter histogram bucket by bucket', () => {
    // Samples 1m..5m in (0, 5m]: each bucket grows 4 in 240s; extrapolated to the
    // zero point (60s before the first sample) gives 5 per bucket over 300s.
    const res = ok(evaluateInstant('rate(req_duration[5m])', 5 * 60_000, s));
    if (res.value.type !== 'vector') throw new Error('expected vector');
    const h = res.value.samples[0]!.h!;
    expect(h.counterResetHint).toBe('gauge');
    expect(h.positiveBuckets.map((b) => b * 300)).toEqual([5, 5, 5].map((x) => expect.closeTo(x, 12)));
    expect(h.count * 300).toBeCloseTo(15, 12);
  });

  it('takes quantiles of native histograms', () => {
    const res = ok(evaluateInstant('histogram_quantile(0.5, req_duration)', 5 * 60_000, s));
    if (res.value.type !== 'vector') throw new Error('expected vector');
    // 15 observations, 5 per bucket: rank 7.5 from the top is halfway into (1,2].
    expect(res.value.samples[0]!.f).toBeCloseTo(Math.SQRT2, 12);
  });
});
