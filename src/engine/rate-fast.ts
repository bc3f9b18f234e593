// The hot path of range queries: rate()/increase()/delta() over plain float
// series (no histograms, no start timestamps, no anchored/smoothed). One
// tight loop per series slides the window with two indices over the typed
// arrays and computes Prometheus's extrapolatedRate inline — the same
// arithmetic as functions/range.ts, without per-window objects or calls.

import type { RangeInput } from './evaluator.js';
import { FLOAT, type StepSeries, newStepSeries } from './types.js';
import type { EngineSemantics } from './semantics.js';
import { windowLowerSlackMs } from './evaluator.js';

const LONG_WINDOW_MS = 60 * 60 * 1000;
const LONG_WINDOW_SAMPLES = 64;

export function canUseFastRate(input: RangeInput): boolean {
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
  const rangeSeconds = rangeMs / 1000;
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
    // [1d] or [3d] at 1m steps) cost O(1) per step instead of O(window).
    // Short windows keep Prometheus's exact summation order.
    let resetSum: Float64Array | undefined;
    if (isCounter && rangeMs >= LONG_WINDOW_MS) {
      resetSum = new Float64Array(len);
      for (let k = 1; k < len; k++) resetSum[k] = resetSum[k - 1]! + (vs[k]! < vs[k - 1]! ? vs[k - 1]! : 0);
    }
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
      const firstT = ts[lo]!;
      const lastT = ts[hi - 1]!;
      let durationToStart = (firstT - start) / 1000;
      let durationToEnd = (end - lastT) / 1000;
      const sampledInterval = (lastT - firstT) / 1000;
      const average = sampledInterval / (n - 1);
      if (legacy) {
        const f = legacyExtrapolationFactor(durationToStart, durationToEnd, sampledInterval, average, isCounter, result, first);
        oh[i] = FLOAT;
        of[i] = result * (isRate ? f / rangeSeconds : f);
        any = true;
        continue;
      }
      const threshold = average * 1.1;
      if (durationToStart >= threshold) durationToStart = average / 2;
      if (isCounter && result > 0 && first >= 0) {
        const durationToZero = sampledInterval * (first / result);
        if (durationToZero < durationToStart) durationToStart = durationToZero;
      }
      if (durationToEnd >= threshold) durationToEnd = average / 2;
      let factor = sampledInterval !== 0 ? (sampledInterval + durationToStart + durationToEnd) / sampledInterval : 1;
      if (isRate) factor /= rangeSeconds;
      oh[i] = FLOAT;
      of[i] = result * factor;
      any = true;
    }
    outputFloats.push(any);
    if (any) series.push(out);
  }
  return { series, outputFloats };
}
