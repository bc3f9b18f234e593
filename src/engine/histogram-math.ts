// Small FloatHistogram arithmetic the engine needs beyond model/histogram-ops.

import type { FloatHistogram } from '../model/histogram.js';

/** Every count and the sum multiplied by `factor` (negative factors allowed, as Prometheus's Mul). */
export function scaleHistogram(h: FloatHistogram, factor: number): FloatHistogram {
  return {
    ...h,
    zeroCount: h.zeroCount * factor,
    count: h.count * factor,
    sum: h.sum * factor,
    positiveBuckets: h.positiveBuckets.map((b) => b * factor),
    negativeBuckets: h.negativeBuckets.map((b) => b * factor),
  };
}
