// The hot path of range queries: rate()/increase()/delta() over plain float
// series (no histograms, no start timestamps, no anchored/smoothed). One
// tight loop per series slides the window with two indices over the typed
// arrays, without per-window objects; the extrapolation is the one function
// the general kernel in functions/range.ts uses too (test/engine/fast-paths.test.ts
// checks that the two paths agree bit for bit).

import type { RangeInput } from './evaluator.js';
import { FLOAT, type StepSeries, newStepSeries } from './types.js';
import type { EngineSemantics } from './semantics.js';
import { windowLowerSlackMs } from './evaluator.js';
import { fastPaths } from './fast-paths.js';

const LONG_WINDOW_MS = 60 * 60 * 1000;
const LONG_WINDOW_SAMPLES = 64;

export function canUseFastRate(input: RangeInput): boolean {
  if (!fastPaths.enabled) return false;
  if (input.anchored || input.smoothed) return false;
  for (const s of input.series) if ((s.hists && s.hists.size > 0) || s.sts) return false;
  return true;
}

/**
 * Prometheus before 2.51 (#13725, see src/version/differences.ts): the
 * extrapolation towards the start is limited to the counter's zero point
 * first, and only then compared with 1.1 average intervals.
 */
export function legacyExtrapolationFactor(
  durationToStart: number,
  durationToEnd: number,
  sampledInterval: number,
  average: number,
  isCounter: boolean,
  result: number,
  first: number,
): number {
  let toStart = durationToStart;
  if (isCounter && result > 0 && first >= 0) {
    const durationToZero = sampledInterval * (first / result);
    if (durationToZero < toStart) toStart = durationToZero;
  }
  const threshold = average * 1.1;
  let interval = sampledInterval;
  interval += toStart < threshold ? toStart : average / 2;
  interval += durationToEnd < threshold ? durationToEnd : average / 2;
  return interval / sampledInterval;
}

/**
 * The end of Prometheus's extrapolatedRate, shared by the general kernel
 * (functions/range.ts) and the fast path below: `result` (last - first, plus
 * counter resets) of n samples from firstT to lastT, extrapolated over the
 * window (rangeStart, rangeEnd]. `st0` is the first sample's start timestamp
 * (0: unknown). The value goes to out[at] (a double returned from a call that
 * is not inlined would be boxed, once per window); false, and nothing
 * written, for one sample without a usable start timestamp.
 */
export function extrapolate(
  out: Float64Array,
  at: number,
  result: number,
  first: number,
  firstT: number,
  lastT: number,
  n: number,
  rangeStart: number,
  rangeEnd: number,
  rangeMs: number,
  isCounter: boolean,
  isRate: boolean,
  legacy: boolean,
  st0: number,
): boolean {
  let durationToStart = (firstT - rangeStart) / 1000;
  let durationToEnd = (rangeEnd - lastT) / 1000;
  let sampledInterval = (lastT - firstT) / 1000;
  const averageDurationBetweenSamples = n > 1 ? sampledInterval / (n - 1) : 0;
  const extrapolationThreshold = averageDurationBetweenSamples * 1.1;
  if (isCounter && st0 !== 0 && st0 > rangeStart && st0 < firstT) {
    // The first sample's start time lies inside the range: assume a zero
    // sample there instead of extrapolating to the left.
    durationToStart = 0;
    sampledInterval = (lastT - st0) / 1000;
    result += first;
  } else if (n === 1) {
    return false;
  } else if (legacy) {
    const f = legacyExtrapolationFactor(durationToStart, durationToEnd, sampledInterval, averageDurationBetweenSamples, isCounter, result, first);
    out[at] = result * (isRate ? f / (rangeMs / 1000) : f);
    return true;
  } else {
    if (durationToStart >= extrapolationThreshold) durationToStart = averageDurationBetweenSamples / 2;
    if (isCounter) {
      // Counters cannot go below zero: extrapolate at most to where the counter would be zero.
      let durationToZero = durationToStart;
      if (result > 0 && first >= 0) durationToZero = sampledInterval * (first / result);
      if (durationToZero < durationToStart) durationToStart = durationToZero;
    }
  }
  if (durationToEnd >= extrapolationThreshold) durationToEnd = averageDurationBetweenSamples / 2;
  let factor = sampledInterval !== 0 ? (sampledInterval + durationToStart + durationToEnd) / sampledInterval : 1;
  if (isRate) factor /= rangeMs / 1000;
  out[at] = result * factor;
  return true;
}

/**
 * Counter-reset corrections as prefix sums, or undefined when they could
 * round differently from adding the corrections one by one in window order:
 * only integer values whose sums stay below 2^53 are summed exactly in any
 * order (the general path adds them to last - first, so that is bounded too).
 */
function exactResetPrefix(vs: Float64Array, len: number): Float64Array | undefined {
  const prefix = new Float64Array(len);
  let maxAbs = 0;
  for (let k = 0; k < len; k++) {
    const v = vs[k]!;
    if (!Number.isInteger(v)) return undefined;
    const a = Math.abs(v);
    if (a > maxAbs) maxAbs = a;
    if (k > 0) prefix[k] = prefix[k - 1]! + (v < vs[k - 1]! ? vs[k - 1]! : 0);
  }
  return len === 0 || 2 * maxAbs + prefix[len - 1]! < 2 ** 52 ? prefix : undefined;
}

export function fastExtrapolatedRate(
  input: RangeInput,
  steps: number,
  isCounter: boolean,
  isRate: boolean,
  semantics: EngineSemantics,
): { series: StepSeries[]; outputFloats: boolean[] } {
  const ends = input.end;
  const slack = windowLowerSlackMs(semantics, input);
  const legacy = semantics.legacyRateExtrapolation;
  const rangeMs = input.rangeMs;
  let monotonic = true;
  for (let i = 1; i < steps; i++) if (ends[i]! < ends[i - 1]!) monotonic = false;
  const series: StepSeries[] = [];
  const outputFloats: boolean[] = [];
  for (const s of input.series) {
    const ts = s.ts;
    const vs = s.vs;
    const len = s.length;
    const out = newStepSeries(s.labels, true, steps);
    const of = out.f;
    const oh = out.has;
    let any = false;
    let lo = 0;
    let hi = 0;
    // Counter-reset corrections as prefix sums, so long windows (rate over
    // [1d] or [3d] at 1m steps) cost O(1) per step instead of O(window),
    // where that gives the same bits as Prometheus's summation order.
    const resetSum = isCounter && rangeMs >= LONG_WINDOW_MS ? exactResetPrefix(vs, len) : undefined;
    for (let i = 0; i < steps; i++) {
      const end = ends[i]!;
      const start = end - rangeMs;
      if (!monotonic) {
        lo = 0;
        hi = 0;
      }
      while (lo < len && ts[lo]! <= start - slack) lo++;
      if (hi < lo) hi = lo;
      while (hi < len && ts[hi]! <= end) hi++;
      const n = hi - lo;
      if (n < 2) continue;
      const first = vs[lo]!;
      let result = vs[hi - 1]! - first;
      if (resetSum && n > LONG_WINDOW_SAMPLES) {
        result += resetSum[hi - 1]! - resetSum[lo]!;
      } else if (isCounter) {
        let prev = first;
        for (let k = lo + 1; k < hi; k++) {
          const cur = vs[k]!;
          if (cur < prev) result += prev;
          prev = cur;
        }
      }
      extrapolate(of, i, result, first, ts[lo]!, ts[hi - 1]!, n, start, end, rangeMs, isCounter, isRate, legacy, 0);
      oh[i] = FLOAT;
      any = true;
    }
    outputFloats.push(any);
    if (any) series.push(out);
  }
  return { series, outputFloats };
}
