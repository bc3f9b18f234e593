// deriv()/predict_linear() over plain float series in one fused loop per
// series: the window slides with two indices and the exact integer sums of
// functions/regression.ts live in local variables, with no per-window kernel
// call, Window object or sums object (the general path spent ~70 ns per
// window on those). Windows whose sums cannot be shown exact take
// linearRegression, as the general kernel does; test/engine/regression-fast.test.ts
// compares the result with linearRegression on every window, bit for bit.

import type { RangeInput } from './evaluator.js';
import { lowerBound, windowLowerSlackMs } from './evaluator.js';
import { FLOAT, type StepSeries, newStepSeries } from './types.js';
import type { EngineSemantics } from './semantics.js';
import { fastPaths } from './fast-paths.js';
import { BOUND, eligible, exact, linearRegression, residue, type RegressionStats, type RegressionUse } from './functions/regression.js';

/** Plain float windows only: histograms and anchored/smoothed ranges take the general kernel. */
export function canUseFastRegression(input: RangeInput): boolean {
  if (!fastPaths.enabled) return false;
  if (input.anchored || input.smoothed) return false;
  for (const s of input.series) if (s.hists && s.hists.size > 0) return false;
  return true;
}

/**
 * deriv (horizon undefined) or predict_linear (horizon: its second argument
 * per step) over every window of `input`. Same output as evalRangeFunction
 * with the regression kernel: name dropped, steps with < 2 samples empty.
 */
export function fastRegression(
  input: RangeInput,
  use: RegressionUse,
  evalTimes: Float64Array,
  horizon: Float64Array | undefined,
  semantics: EngineSemantics,
  stats: RegressionStats | undefined,
): StepSeries[] {
  const steps = evalTimes.length;
  const ends = input.end;
  const slack = windowLowerSlackMs(semantics, input);
  const rangeMs = input.rangeMs;
  const isDeriv = use === 'deriv';
  let monotonic = true;
  for (let i = 1; i < steps; i++) if (ends[i]! < ends[i - 1]!) monotonic = false;
  const out: StepSeries[] = [];
  // u of every sample in the sums, written when it is added: removal and the
  // fit read it back instead of dividing again (divisions dominate this loop).
  let maxLen = 0;
  for (const s of input.series) if (s.length > maxLen) maxLen = s.length;
  const us = new Float64Array(maxLen);
  for (const s of input.series) {
    const ts = s.ts;
    const vs = s.vs;
    const len = s.length;
    const res = newStepSeries(s.labels, true, steps);
    const resF = res.f;
    const resHas = res.has;
    let any = false;
    let lo = 0;
    let hi = 0;
    // The sums of regression.ts's SlidingSums over [wlo, whi), u = (t - base) / 1s.
    let valid = false;
    let wlo = 0;
    let whi = 0;
    let base = 0;
    let baseResidue = 0;
    let su = 0;
    let sy = 0;
    let suy = 0;
    let su2 = 0;
    let sAbsY = 0;
    let valueChanges = 0;
    let blockedUntil = -1;
    for (let i = 0; i < steps; i++) {
      const end = ends[i]!;
      const from = end - rangeMs - slack;
      if (monotonic) {
        while (lo < len && ts[lo]! <= from) lo++;
        if (hi < lo) hi = lo;
        while (hi < len && ts[hi]! <= end) hi++;
      } else {
        lo = lowerBound(ts, len, from);
        hi = lowerBound(ts, len, end);
      }
      const n = hi - lo;
      if (n < 2) continue;

      // Slide: drop [wlo, lo), then add [whi, hi) below.
      let rebuilt = false;
      if (valid && lo >= wlo && hi >= whi && lo <= whi) {
        for (let k = wlo; k < lo; k++) {
          const y = vs[k]!;
          const u = us[k]!;
          if (k + 1 < whi && vs[k + 1]! !== y) valueChanges--;
          su -= u;
          sy -= y;
          suy -= u * y;
          su2 -= u * u;
          sAbsY -= Math.abs(y);
        }
        // Exact: each remaining sum is bounded by sums checked when its terms were added.
        wlo = lo;
      } else valid = false;
      if (!valid && lo > blockedUntil) {
        // Rebuild from lo, unless a sample in the window keeps it from being exact.
        let blocker = -1;
        for (let k = lo; k < hi; k++) {
          if (!eligible(ts[k]!, vs[k]!)) blocker = k;
          else if (k > lo && residue(ts[k]!) !== residue(ts[k - 1]!)) blocker = k - 1;
        }
        if (blocker >= 0) blockedUntil = blocker;
        else {
          base = ts[lo]!;
          baseResidue = residue(base);
          wlo = whi = lo;
          su = sy = suy = su2 = sAbsY = 0;
          valueChanges = 0;
          valid = rebuilt = true;
        }
      }
      if (valid) {
        for (let k = whi; k < hi; k++) {
          const t = ts[k]!;
          const y = vs[k]!;
          if (!eligible(t, y)) {
            blockedUntil = k;
            valid = false;
            break;
          }
          // t's residue mod 1s differs from base's (regression.ts's residue()
          // test, without its division): d = t - base is not a multiple of 1000.
          const d = t - base;
          const u = d / 1e3;
          if (!(exact(d) && Number.isInteger(u) && u * 1e3 === d)) {
            blockedUntil = k - 1;
            valid = false;
            break;
          }
          us[k] = u;
          if (k > wlo && y !== vs[k - 1]!) valueChanges++;
          const uy = u * y;
          const u2 = u * u;
          su += u;
          sy += y;
          suy += uy;
          su2 += u2;
          sAbsY += Math.abs(y);
          // u only grows (base is the earliest sample), so u·Σ|y| bounds every sum of u·y still in the window.
          if (!(exact(uy) && exact(u2) && exact(su) && exact(su2) && exact(sAbsY) && u * sAbsY < BOUND)) {
            valid = false;
            // Values too large to stay exact: no use retrying before the window has moved on.
            if (rebuilt) blockedUntil = hi - 1;
            break;
          }
        }
        whi = hi;
      }

      const first = ts[lo]!;
      const interceptTime = isDeriv ? first : evalTimes[i]!;
      let slope = 0;
      let intercept = 0;
      let exactly = false;
      // regression.ts's exactFit, inline.
      if (valid && (isDeriv || (Number.isInteger(interceptTime) && exact(interceptTime) && residue(interceptTime) === baseResidue))) {
        if (valueChanges === 0) {
          intercept = vs[lo]!;
          exactly = true;
        } else {
          // For deriv, a = u of the first sample and x = u - a, exact integers (no division).
          const a = isDeriv ? us[lo]! : (interceptTime - base) / 1e3;
          const x0 = isDeriv ? 0 : Math.abs((first - interceptTime) / 1e3);
          const x1 = isDeriv ? us[hi - 1]! - a : Math.abs((ts[hi - 1]! - interceptTime) / 1e3);
          const maxAbsX = x0 > x1 ? x0 : x1;
          if (!(n * maxAbsX > BOUND || maxAbsX * sAbsY > BOUND || n * maxAbsX * maxAbsX > BOUND || sAbsY > BOUND)) {
            const na = n * a;
            const aSy = a * sy;
            const twoSuMinusNa = 2 * su - na;
            const aTimes = a * twoSuMinusNa;
            if (exact(na) && exact(aSy) && exact(twoSuMinusNa) && exact(aTimes)) {
              // `+ 0` turns a -0 into +0, as linearRegression's sums (which start at +0) never are -0.
              const sumX = su - na + 0;
              const sumY = sy + 0;
              const covXY = suy - aSy + 0 - (sumX * sumY) / n;
              const varX = su2 - aTimes + 0 - (sumX * sumX) / n;
              slope = covXY / varX;
              if (!isDeriv) intercept = sumY / n - (slope * sumX) / n;
              exactly = true;
            }
          }
        }
      }
      if (stats) {
        if (exactly) stats.exact++;
        else stats.direct++;
      }
      if (!exactly) [slope, intercept] = linearRegression(ts.subarray(lo, hi), vs.subarray(lo, hi), interceptTime);
      resF[i] = isDeriv ? slope : slope * horizon![i]! + intercept;
      resHas[i] = FLOAT;
      any = true;
    }
    if (any) out.push(res);
  }
  return out;
}
