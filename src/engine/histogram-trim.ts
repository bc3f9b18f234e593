// The experimental trim operators on native histograms: `h </ v` keeps the
// observations below v, `h >/ v` those above. Buckets straddling v are split
// by interpolation (linear for custom buckets and the zero bucket,
// exponential otherwise), and the sum is corrected by the estimated sum of
// the removed observations, as Prometheus's trimHistogram does.

import { CUSTOM_BUCKETS_SCHEMA, type FloatHistogram, compactHistogram, indexedBuckets } from '../model/histogram.js';
import { exponentialBound } from './histogram-buckets.js';

interface Bucket {
  lower: number;
  upper: number;
  count: number;
}

function computeSplit(b: Bucket, rhs: number, isPositive: boolean, isLinear: boolean): number {
  if (rhs <= b.lower) return 0;
  if (rhs >= b.upper) return b.count;
  let fraction: number;
  if (isLinear) fraction = (rhs - b.lower) / (b.upper - b.lower);
  else {
    const logLower = Math.log2(Math.abs(b.lower));
    const logUpper = Math.log2(Math.abs(b.upper));
    const logV = Math.log2(Math.abs(rhs));
    fraction = isPositive ? (logV - logLower) / (logUpper - logLower) : 1 - (logV - logUpper) / (logLower - logUpper);
  }
  return b.count * fraction;
}

function midpoint(b: Bucket, product: number, isLinear: boolean, isPositive: boolean): number {
  if (isLinear) return (b.lower + b.upper) / 2;
  return isPositive ? Math.sqrt(product) : -Math.sqrt(product);
}

/** [count kept, midpoint of the removed part] for the open-ended buckets. */
function infinityBucket(upperTrim: boolean, b: Bucket, rhs: number): [number, number] {
  if (b.lower === -Infinity) {
    if (upperTrim) {
      if (rhs >= b.upper) return [b.count, 0];
      if (rhs >= 0 && b.upper > rhs && b.upper !== Infinity) return [(b.count * rhs) / b.upper, (rhs + b.upper) / 2];
      return [0, b.upper];
    }
    if (rhs <= b.lower) return [b.count, 0];
    if (rhs >= 0 && b.upper > rhs && b.upper !== Infinity) return [b.count * (1 - rhs / b.upper), rhs / 2];
    return [0, b.upper];
  }
  if (upperTrim) return [0, b.lower];
  if (rhs <= b.lower) return [b.count, 0];
  return [0, b.lower];
}

function bucketTrim(b: Bucket, rhs: number, upperTrim: boolean, isPositive: boolean, custom: boolean): [number, number] {
  if (b.lower === -Infinity || b.upper === Infinity) return infinityBucket(upperTrim, b, rhs);
  const under = computeSplit(b, rhs, isPositive, custom);
  if (upperTrim) return [under, midpoint(b, Math.abs(b.lower) * Math.abs(rhs), custom, isPositive)];
  return [b.count - under, midpoint(b, Math.abs(rhs) * Math.abs(b.upper), custom, isPositive)];
}

function bound(index: number, h: FloatHistogram): number {
  if (h.schema !== CUSTOM_BUCKETS_SCHEMA) return exponentialBound(index, h.schema);
  const cv = h.customValues ?? [];
  if (index < 0) return -Infinity;
  return index >= cv.length ? Infinity : cv[index]!;
}

export function trimHistogram(h: FloatHistogram, rhs: number, upperTrim: boolean): FloatHistogram {
  const custom = h.schema === CUSTOM_BUCKETS_SCHEMA;
  const positive = [...h.positiveBuckets];
  const negative = [...h.negativeBuckets];
  let updatedCount = 0;
  let removedSum = 0;
  let hasPositive = false;
  let hasNegative = false;

  indexedBuckets(h.positiveSpans, h.positiveBuckets).forEach((ib, i) => {
    const b: Bucket = { lower: bound(ib.index - 1, h), upper: bound(ib.index, h), count: ib.count };
    if (b.count === 0) return;
    if (custom) {
      if (b.upper <= 0) hasNegative = true;
      else {
        if (b.lower < 0) hasNegative = true;
        hasPositive = true;
      }
    } else hasPositive = true;
    let [keep, mid] = bucketTrim(b, rhs, upperTrim, true, custom);
    const entirelyKept = upperTrim ? b.upper <= rhs : b.lower >= rhs;
    const straddles = upperTrim ? b.lower < rhs : b.upper > rhs;
    if (entirelyKept) updatedCount += b.count;
    else if (straddles) {
      removedSum += (b.count - keep) * mid;
      positive[i] = keep;
      updatedCount += keep;
    } else {
      if (!custom) mid = Math.sqrt(b.lower * b.upper);
      removedSum += b.count * mid;
      positive[i] = 0;
    }
  });

  indexedBuckets(h.negativeSpans, h.negativeBuckets).forEach((ib, i) => {
    const b: Bucket = { lower: -bound(ib.index, h), upper: -bound(ib.index - 1, h), count: ib.count };
    if (b.count === 0) return;
    hasNegative = true;
    const [keep, mid] = bucketTrim(b, rhs, upperTrim, false, custom);
    const entirelyKept = upperTrim ? b.upper <= rhs : b.lower >= rhs;
    const straddles = upperTrim ? b.lower < rhs : b.upper > rhs;
    if (entirelyKept) updatedCount += b.count;
    else if (straddles) {
      removedSum += (b.count - keep) * mid;
      negative[i] = keep;
      updatedCount += keep;
    } else {
      removedSum += b.count * Math.sqrt(b.lower * b.upper);
      negative[i] = 0;
    }
  });

  let zeroCount = h.zeroCount;
  if (zeroCount > 0) {
    let keep = computeSplit({ lower: -h.zeroThreshold, upper: h.zeroThreshold, count: zeroCount }, rhs, true, true);
    if (!upperTrim) keep = zeroCount - keep;
    zeroCount = keep;
    updatedCount += keep;
  }

  let sum = 0;
  if (updatedCount !== 0) {
    sum = h.sum - removedSum;
    if (!hasNegative && sum < 0) sum = 0;
    if (!hasPositive && sum > 0) sum = 0;
  }
  return compactHistogram({ ...h, positiveBuckets: positive, negativeBuckets: negative, zeroCount, count: updatedCount, sum });
}
