// Bucket boundaries and iteration of native histograms, as Prometheus's
// FloatHistogram.AllBucketIterator: negative buckets from the most negative
// up, then the zero bucket, then positive buckets upwards. Exponential bucket
// i (schema s) covers (2^((i-1)/2^s), 2^(i/2^s)]; custom bucket i covers
// (custom_values[i-1], custom_values[i]] with -Inf and +Inf at the ends.

import { CUSTOM_BUCKETS_SCHEMA, type FloatHistogram, indexedBuckets } from '../model/histogram.js';

export interface HistogramBucket {
  lower: number;
  upper: number;
  count: number;
}

/** Upper bound of exponential bucket `index` (Prometheus's getBoundExponential). */
export function exponentialBound(index: number, schema: number): number {
  if (schema < 0) {
    const exp = index * 2 ** -schema;
    if (exp === 1024) return Number.MAX_VALUE;
    return 2 ** exp;
  }
  const perPowerOfTwo = 2 ** schema;
  const fracIdx = ((index % perPowerOfTwo) + perPowerOfTwo) % perPowerOfTwo;
  const frac = 2 ** (fracIdx / perPowerOfTwo) / 2;
  const exp = Math.floor(index / perPowerOfTwo) + 1;
  if (frac === 0.5 && exp === 1025) return Number.MAX_VALUE;
  return frac * 2 ** exp;
}

function customBound(index: number, customValues: readonly number[]): number {
  if (index < 0) return -Infinity;
  if (index >= customValues.length) return Infinity;
  return customValues[index]!;
}

/** All buckets in ascending order of their bounds (zero-count buckets included). */
export function allBuckets(h: FloatHistogram): HistogramBucket[] {
  const out: HistogramBucket[] = [];
  if (h.schema === CUSTOM_BUCKETS_SCHEMA) {
    const cv = h.customValues ?? [];
    for (const b of indexedBuckets(h.positiveSpans, h.positiveBuckets)) {
      out.push({ lower: customBound(b.index - 1, cv), upper: customBound(b.index, cv), count: b.count });
    }
    return out;
  }
  const neg = indexedBuckets(h.negativeSpans, h.negativeBuckets);
  for (let k = neg.length - 1; k >= 0; k--) {
    const b = neg[k]!;
    out.push({ lower: -exponentialBound(b.index, h.schema), upper: -exponentialBound(b.index - 1, h.schema), count: b.count });
  }
  if (h.zeroCount > 0) out.push({ lower: -h.zeroThreshold, upper: h.zeroThreshold, count: h.zeroCount });
  for (const b of indexedBuckets(h.positiveSpans, h.positiveBuckets)) {
    out.push({ lower: exponentialBound(b.index - 1, h.schema), upper: exponentialBound(b.index, h.schema), count: b.count });
  }
  return out;
}

function hasBuckets(buckets: readonly number[]): boolean {
  return buckets.length > 0;
}

/** Prometheus's HistogramQuantile for native histograms. */
export function nativeHistogramQuantile(q: number, h: FloatHistogram): number {
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  if (h.count === 0 || Number.isNaN(q)) return Number.NaN;
  const custom = h.schema === CUSTOM_BUCKETS_SCHEMA;
  const forward = Number.isNaN(h.sum) || q < 0.5;
  const buckets = allBuckets(h);
  if (!forward) buckets.reverse();
  let rank = forward ? q * h.count : (1 - q) * h.count;
  let count = 0;
  let bucket: HistogramBucket = { lower: 0, upper: 0, count: 0 };
  for (const b of buckets) {
    bucket = { ...b };
    if (b.count === 0) continue;
    count += b.count;
    if (count >= rank) break;
  }
  if (!custom && bucket.lower < 0 && bucket.upper > 0) {
    if (!hasBuckets(h.negativeBuckets) && hasBuckets(h.positiveBuckets)) bucket.lower = 0;
    else if (!hasBuckets(h.positiveBuckets) && hasBuckets(h.negativeBuckets)) bucket.upper = 0;
  } else if (custom) {
    if (bucket.lower === -Infinity) {
      if (bucket.upper <= 0) return bucket.upper;
      bucket.lower = 0;
    } else if (bucket.upper === Infinity) {
      return bucket.lower;
    }
  }
  if (count > h.count) count = h.count;
  // The rank lies among NaN observations, which have no bucket.
  if (count < rank) return Number.NaN;
  if (forward) rank -= count - bucket.count;
  else rank = count - rank;
  const fraction = rank / bucket.count;
  if (custom || (bucket.lower <= 0 && bucket.upper >= 0)) return bucket.lower + (bucket.upper - bucket.lower) * fraction;
  const logLower = Math.log2(Math.abs(bucket.lower));
  const logUpper = Math.log2(Math.abs(bucket.upper));
  if (bucket.lower > 0) return 2 ** (logLower + (logUpper - logLower) * fraction);
  return -(2 ** (logUpper + (logLower - logUpper) * (1 - fraction)));
}

/** Prometheus's HistogramFraction for native histograms. */
export function nativeHistogramFraction(lower: number, upper: number, h: FloatHistogram): number {
  if (h.count === 0 || Number.isNaN(lower) || Number.isNaN(upper)) return Number.NaN;
  if (lower >= upper) return 0;
  const custom = h.schema === CUSTOM_BUCKETS_SCHEMA;
  let rank = 0;
  let lowerRank = 0;
  let upperRank = 0;
  let lowerSet = false;
  let upperSet = false;
  for (const orig of allBuckets(h)) {
    const b = { ...orig };
    let zeroBucket = false;
    if (b.lower <= 0 && b.upper >= 0) {
      zeroBucket = true;
      if (!hasBuckets(h.negativeBuckets) && hasBuckets(h.positiveBuckets)) b.lower = 0;
      else if (!hasBuckets(h.positiveBuckets) && hasBuckets(h.negativeBuckets)) b.upper = 0;
    }
    const linear = (v: number): number => rank + (b.count * (v - b.lower)) / (b.upper - b.lower);
    const exponential = (v: number): number => {
      const logLower = Math.log2(Math.abs(b.lower));
      const logUpper = Math.log2(Math.abs(b.upper));
      const logV = Math.log2(Math.abs(v));
      const fraction = v > 0 ? (logV - logLower) / (logUpper - logLower) : 1 - (logV - logUpper) / (logLower - logUpper);
      return rank + b.count * fraction;
    };
    if (!lowerSet && b.lower >= lower) {
      lowerRank = rank;
      lowerSet = true;
    }
    if (!upperSet && b.lower >= upper) {
      upperRank = rank;
      upperSet = true;
    }
    if (lowerSet && upperSet) break;
    if (!lowerSet && b.lower < lower && b.upper > lower) {
      lowerRank = custom || zeroBucket ? linear(lower) : exponential(lower);
      lowerSet = true;
    }
    if (!upperSet && b.lower < upper && b.upper > upper) {
      upperRank = custom || zeroBucket ? linear(upper) : exponential(upper);
      upperSet = true;
    }
    if (lowerSet && upperSet) break;
    rank += b.count;
  }
  // With NaN observations (sum is NaN) the buckets hold fewer than count
  // observations; NaNs belong to no fraction.
  const observed = Number.isNaN(h.sum)
    ? Math.min(
        allBuckets(h).reduce((acc, b) => acc + b.count, 0),
        h.count,
      )
    : h.count;
  if (!lowerSet || lowerRank > observed) lowerRank = observed;
  if (!upperSet || upperRank > observed) upperRank = observed;
  return (upperRank - lowerRank) / h.count;
}
