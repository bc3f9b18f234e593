// Backtesting `signal > threshold for D` on an evaluated signal, for every
// candidate threshold at once.
//
// With evaluations every `step`, Prometheus's alert fires once the condition
// has held at L = ceil(D / step) + 1 consecutive evaluations (pending at the
// first, firing when `ts - activeAt >= for`). Let m[i] be the minimum of the
// signal over evaluations i..i+L-1 (a sliding-window minimum; a missing value
// counts as −∞ because the alert resets). The alert is firing at evaluation
// i+L-1 exactly when m[i] > θ, and consecutive such i form one firing
// episode. So the number of episodes at threshold θ is the number of i with
// m[i-1] ≤ θ < m[i]: each i contributes +1 on the interval [m[i-1], m[i]).
// Sorting those interval ends gives episodes(θ) for all θ in O(n log n),
// instead of re-running the alert per candidate.

export type Direction = 'upper' | 'lower';

export interface SignalSeries {
  /** Evaluation timestamps (ms), evenly spaced by `stepMs`. */
  readonly times: Float64Array;
  /** Signal values; NaN where the expression returned nothing. */
  readonly values: Float64Array;
}

/** Sliding-window minimum over `window` consecutive points (deque), NaN as −∞. */
export function slidingMin(values: Float64Array, window: number): Float64Array {
  const n = values.length;
  const out = new Float64Array(Math.max(0, n - window + 1));
  if (window <= 0 || n < window) return out;
  const v = (i: number): number => (Number.isNaN(values[i]!) ? -Infinity : values[i]!);
  const dq = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) {
    while (tail > head && v(dq[tail - 1]!) >= v(i)) tail--;
    dq[tail++] = i;
    if (dq[head]! <= i - window) head++;
    if (i >= window - 1) out[i - window + 1] = v(dq[head]!);
  }
  return out;
}

/** Consecutive evaluations needed for an alert with `for` = forMs to fire. */
export function evaluationsToFire(forMs: number, stepMs: number): number {
  return Math.ceil(forMs / stepMs) + 1;
}

/**
 * episodes(θ) as a step function: sorted breakpoints and the episode count on
 * each interval. `countAt(θ)` looks one threshold up.
 */
export interface EpisodeCurve {
  /** Ascending thresholds where the count changes. */
  readonly breakpoints: Float64Array;
  /** counts[k] holds for θ in [breakpoints[k], breakpoints[k+1]); below the first, `below`. */
  readonly counts: Int32Array;
  readonly below: number;
  countAt(threshold: number): number;
}

/** The episode curve of one series' window minima, or of several series summed. */
export function episodeCurve(...minimaPerSeries: Float64Array[]): EpisodeCurve {
  // Each i contributes +1 on [m[i-1], m[i]) (m[-1] = −∞).
  const starts: number[] = [];
  const ends: number[] = [];
  for (const minima of minimaPerSeries) {
    let prev = -Infinity;
    for (let i = 0; i < minima.length; i++) {
      const cur = minima[i]!;
      if (cur > prev) {
        starts.push(prev);
        ends.push(cur);
      }
      prev = cur;
    }
  }
  const events: [number, number][] = [];
  let below = 0;
  for (let k = 0; k < starts.length; k++) {
    if (starts[k] === -Infinity) below++;
    else events.push([starts[k]!, +1]);
    events.push([ends[k]!, -1]);
  }
  events.sort((a, b) => a[0] - b[0]);
  const breakpoints: number[] = [];
  const counts: number[] = [];
  let count = below;
  for (let k = 0; k < events.length;) {
    const x = events[k]![0];
    while (k < events.length && events[k]![0] === x) count += events[k++]![1];
    breakpoints.push(x);
    counts.push(count);
  }
  const bp = Float64Array.from(breakpoints);
  const cs = Int32Array.from(counts);
  return {
    breakpoints: bp,
    counts: cs,
    below,
    countAt(threshold: number): number {
      // Last breakpoint <= threshold.
      let lo = 0;
      let hi = bp.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (bp[mid]! <= threshold) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return found === -1 ? below : cs[found]!;
    },
  };
}

/**
 * The lowest threshold (most sensitive) at which the alert fires at most
 * `maxEpisodes` times. Returns the smallest breakpoint from which the count
 * stays within budget for every higher threshold, so a slightly higher value
 * never pages more; +Inf when the budget cannot be met even at the top.
 */
export function lowestThresholdWithin(curve: EpisodeCurve, maxEpisodes: number): number {
  const { breakpoints, counts } = curve;
  // Walk from the top down while the count stays within budget.
  let k = breakpoints.length - 1;
  let answer = Infinity;
  while (k >= 0 && counts[k]! <= maxEpisodes) {
    answer = breakpoints[k]!;
    k--;
  }
  // Below the lowest window minimum the alert would fire all the time (one
  // endless episode): never a useful threshold, so the walk stops there.
  return answer;
}

export interface BacktestResult {
  readonly episodes: number;
  /** Firing intervals [start, end) in ms; end = the first evaluation not firing. */
  readonly intervals: { readonly pendingAtMs: number; readonly firingAtMs: number; readonly resolvedAtMs?: number }[];
  readonly firingMs: number;
}

/** Replays `value > threshold for forMs` over the signal directly (for reports and cross-checks). */
export function backtest(signal: SignalSeries, threshold: number | ((i: number) => number), forMs: number): BacktestResult {
  const thresholdAt = typeof threshold === 'number' ? () => threshold : threshold;
  const { times, values } = signal;
  const intervals: { pendingAtMs: number; firingAtMs: number; resolvedAtMs?: number }[] = [];
  let activeAt: number | undefined;
  let firing: { pendingAtMs: number; firingAtMs: number; resolvedAtMs?: number } | undefined;
  let firingMs = 0;
  for (let i = 0; i < values.length; i++) {
    const t = times[i]!;
    const v = values[i]!;
    if (!Number.isNaN(v) && v > thresholdAt(i)) {
      activeAt ??= t;
      if (!firing && t - activeAt >= forMs) {
        firing = { pendingAtMs: activeAt, firingAtMs: t };
        intervals.push(firing);
      }
      if (firing && i + 1 < values.length) firingMs += times[i + 1]! - t;
    } else {
      if (firing) firing.resolvedAtMs = t;
      firing = undefined;
      activeAt = undefined;
    }
  }
  return { episodes: intervals.length, intervals, firingMs };
}
