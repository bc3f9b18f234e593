// Robust statistics for threshold fitting, with the exact definitions
// Prometheus uses where it has one, so a fitted number can be checked against
// `quantile_over_time`, `stddev_over_time`, `mad_over_time` and `deriv`:
//   - quantile: rank q·(n−1) in the sorted values, linear interpolation
//     (promql/quantile.go's `quantile`); q < 0 → −Inf, q > 1 → +Inf;
//   - stddev: population standard deviation (divide by n);
//   - MAD: median of absolute deviations from the median (no scale factor);
//   - slope: least-squares slope of value over time in seconds, as `deriv`.
// NaN inputs must be filtered by callers: every function here assumes finite
// numbers, and returns NaN for an empty input.

/** Sorts a copy ascending. */
export function sorted(values: ArrayLike<number>): Float64Array {
  const copy = Float64Array.from(values as ArrayLike<number>);
  copy.sort();
  return copy;
}

/** Prometheus's quantile over already-sorted values. */
export function quantileSorted(q: number, s: ArrayLike<number>): number {
  const n = s.length;
  if (n === 0 || Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const rank = q * (n - 1);
  const lower = Math.max(0, Math.floor(rank));
  const upper = Math.min(n - 1, lower + 1);
  const weight = rank - Math.floor(rank);
  return s[lower]! * (1 - weight) + s[upper]! * weight;
}

export function quantile(q: number, values: ArrayLike<number>): number {
  return quantileSorted(q, sorted(values));
}

export function median(values: ArrayLike<number>): number {
  return quantile(0.5, values);
}

/** Mean with Kahan summation (as Prometheus's avg_over_time). */
export function mean(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  let sum = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const y = values[i]! - c;
    const t = sum + y;
    c = t - sum - y;
    sum = t;
  }
  return sum / n;
}

/** Population standard deviation (Welford), as `stddev_over_time`. */
export function stddev(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  let m = 0;
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    const d = x - m;
    m += d / (i + 1);
    m2 += d * (x - m);
  }
  return Math.sqrt(m2 / n);
}

/** Median absolute deviation from the median, as `mad_over_time`. */
export function mad(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  const med = median(values);
  const dev = new Float64Array(n);
  for (let i = 0; i < n; i++) dev[i] = Math.abs(values[i]! - med);
  return median(dev);
}

/**
 * Least-squares slope of values over timestamps (ms), per second — what
 * `deriv` returns. Times are taken relative to the first one for precision.
 */
export function slopePerSecond(timesMs: ArrayLike<number>, values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return NaN;
  const t0 = timesMs[0]!;
  let sumX = 0;
  let sumY = 0;
  let sumXY = 0;
  let sumX2 = 0;
  for (let i = 0; i < n; i++) {
    const x = (timesMs[i]! - t0) / 1000;
    const y = values[i]!;
    sumX += x;
    sumY += y;
    sumXY += x * y;
    sumX2 += x * x;
  }
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  return varX === 0 ? NaN : covXY / varX;
}
