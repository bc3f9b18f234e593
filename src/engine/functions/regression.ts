// deriv() and predict_linear(): Prometheus's least-squares fit, and a
// sliding version of it that gives the same bits without re-reading each
// window.
//
// Why sliding can be exact: Prometheus sums x, y, x·y and x² with Kahan
// (Neumaier) compensation, whose result depends on the order of additions —
// in general no add/remove-as-you-slide scheme reproduces it. But when every
// x and y is an integer and every partial sum and product stays within 2^53,
// each floating-point addition and product is exact, the compensation terms
// stay exactly 0, and the four sums are the true integer sums, whatever the
// order. Integer gauges (goroutines, bytes, fds, queue lengths) at whole-second
// timestamps (scrapes recorded as seconds, subquery steps, rule evaluations)
// are exactly that case. For those windows the sums are kept as exact
// integers while the window slides (each update checked to stay exact), and
// the fit is finished with the very operations Prometheus uses; any other
// window takes the direct computation.
import type { Window } from '../range-window.js';

/**
 * Least squares fit with Kahan (Neumaier) compensated sums, as Prometheus's
 * linearRegression; x is seconds since interceptTime. The four sums are
 * updated inline: this runs for every window of every step, and returning
 * [sum, c] pairs would allocate four arrays per sample.
 */
export function linearRegression(ts: Float64Array, vs: Float64Array, interceptTime: number): [number, number] {
  const n = ts.length;
  let sumX = 0;
  let cX = 0;
  let sumY = 0;
  let cY = 0;
  let sumXY = 0;
  let cXY = 0;
  let sumX2 = 0;
  let cX2 = 0;
  const initY = vs[0]!;
  let constY = true;
  for (let i = 0; i < n; i++) {
    const y = vs[i]!;
    if (constY && i > 0 && y !== initY) constY = false;
    const x = (ts[i]! - interceptTime) / 1e3;
    let t = sumX + x;
    if (t === Infinity || t === -Infinity) cX = 0;
    else if (Math.abs(sumX) >= Math.abs(x)) cX += sumX - t + x;
    else cX += x - t + sumX;
    sumX = t;
    t = sumY + y;
    if (t === Infinity || t === -Infinity) cY = 0;
    else if (Math.abs(sumY) >= Math.abs(y)) cY += sumY - t + y;
    else cY += y - t + sumY;
    sumY = t;
    const xy = x * y;
    t = sumXY + xy;
    if (t === Infinity || t === -Infinity) cXY = 0;
    else if (Math.abs(sumXY) >= Math.abs(xy)) cXY += sumXY - t + xy;
    else cXY += xy - t + sumXY;
    sumXY = t;
    const x2 = x * x;
    t = sumX2 + x2;
    if (t === Infinity || t === -Infinity) cX2 = 0;
    else if (Math.abs(sumX2) >= Math.abs(x2)) cX2 += sumX2 - t + x2;
    else cX2 += x2 - t + sumX2;
    sumX2 = t;
  }
  if (constY) {
    if (initY === Infinity || initY === -Infinity) return [Number.NaN, Number.NaN];
    return [0, initY];
  }
  return fitFromSums(n, sumX + cX, sumY + cY, sumXY + cXY, sumX2 + cX2);
}

/** The end of Prometheus's linearRegression, from the compensated sums. */
function fitFromSums(n: number, sumX: number, sumY: number, sumXY: number, sumX2: number): [number, number] {
  fitInto(SCRATCH, n, sumX, sumY, sumXY, sumX2);
  return [SCRATCH.slope, SCRATCH.intercept];
}

/** A fit's result, written in place: the sliding path runs once per window and must not allocate. */
interface Fit {
  slope: number;
  intercept: number;
}

const SCRATCH: Fit = { slope: 0, intercept: 0 };

/** deriv needs no intercept: `withIntercept` false leaves it unset (two divisions fewer per window). */
function fitInto(out: Fit, n: number, sumX: number, sumY: number, sumXY: number, sumX2: number, withIntercept = true): void {
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  const slope = covXY / varX;
  out.slope = slope;
  if (withIntercept) out.intercept = sumY / n - (slope * sumX) / n;
}

/** Integers of at most this magnitude are exact, and so is any sum or product of them that stays within it. */
const EXACT = 2 ** 53;
/** Bounds are checked in floating point; this margin keeps their own rounding harmless. */
export const BOUND = 2 ** 52;

// Strict: a true value just above 2^53 can round down to 2^53 itself.
export const exact = (v: number): boolean => v < EXACT && v > -EXACT;

/**
 * A sample can be part of an exact window: integer value and timestamp.
 * (The timestamps' residues mod 1s are compared separately.)
 */
export function eligible(t: number, y: number): boolean {
  return Number.isInteger(y) && Number.isInteger(t) && exact(y) && exact(t);
}

/**
 * t mod 1000 in [0, 1000) for an integer t (|t| < 2^53). Not `%`: on numbers
 * beyond int32 it is a call to fmod, and this runs for every sample added.
 * The quotient is off by at most one where t / 1000 rounds to an integer;
 * q · 1000 and the difference are exact, so one correction fixes it.
 */
export function residue(t: number): number {
  const r = t - Math.floor(t / 1000) * 1000;
  return r < 0 ? r + 1000 : r >= 1000 ? r - 1000 : r;
}

/**
 * Exact integer sums over the current window of one series, relative to a
 * base time (u = (t - base) / 1s is an integer for every sample in the window).
 */
class SlidingSums {
  ts: Float64Array | undefined = undefined;
  vs: Float64Array = new Float64Array(0);
  valid = false;
  lo = 0;
  hi = 0;
  base = 0;
  /** residue() of every timestamp in the window. */
  res = 0;
  su = 0;
  sy = 0;
  suy = 0;
  su2 = 0;
  sAbsY = 0;
  /** Adjacent samples in the window with different values (0: constant window). */
  valueChanges = 0;
  /** No rebuild is tried while the window still holds this sample (it cannot be exact). */
  blockedUntil = -1;

  /** Brings the sums to window [lo, hi) of (ts, vs); false when that window cannot be exact. */
  moveTo(ts: Float64Array, vs: Float64Array, lo: number, hi: number): boolean {
    if (ts !== this.ts || vs !== this.vs) {
      this.ts = ts;
      this.vs = vs;
      this.valid = false;
      this.blockedUntil = -1;
    }
    if (this.valid && lo >= this.lo && hi >= this.hi && lo <= this.hi && this.slide(lo, hi)) return true;
    this.valid = false;
    if (lo <= this.blockedUntil) return false;
    return this.rebuild(lo, hi);
  }

  private rebuild(lo: number, hi: number): boolean {
    const ts = this.ts!;
    const vs = this.vs;
    // The last sample that keeps a window starting at or before it from being exact.
    let blocker = -1;
    for (let i = lo; i < hi; i++) {
      if (!eligible(ts[i]!, vs[i]!)) blocker = i;
      else if (i > lo && residue(ts[i]!) !== residue(ts[i - 1]!)) blocker = i - 1;
    }
    if (blocker >= 0) {
      this.blockedUntil = blocker;
      return false;
    }
    this.base = ts[lo]!;
    this.res = residue(this.base);
    this.lo = lo;
    this.hi = lo;
    this.su = this.sy = this.suy = this.su2 = this.sAbsY = 0;
    this.valueChanges = 0;
    this.valid = true;
    for (let i = lo; i < hi; i++) {
      if (!this.add(i)) {
        // Values too large to stay exact: no use retrying before the window has moved on.
        this.valid = false;
        this.blockedUntil = hi - 1;
        return false;
      }
    }
    return true;
  }

  private slide(lo: number, hi: number): boolean {
    const ts = this.ts!;
    const vs = this.vs;
    for (let i = this.hi; i < hi; i++) {
      if (!eligible(ts[i]!, vs[i]!)) {
        this.blockedUntil = i;
        return false;
      }
      if (i > this.lo && residue(ts[i]!) !== this.res) {
        this.blockedUntil = i - 1;
        return false;
      }
      if (!this.add(i)) return false;
    }
    for (let i = this.lo; i < lo; i++) if (!this.remove(i)) return false;
    return true;
  }

  private add(i: number): boolean {
    const y = this.vs[i]!;
    const u = (this.ts![i]! - this.base) / 1e3;
    if (i > this.lo && y !== this.vs[i - 1]!) this.valueChanges++;
    const uy = u * y;
    const u2 = u * u;
    this.su += u;
    this.sy += y;
    this.suy += uy;
    this.su2 += u2;
    this.sAbsY += Math.abs(y);
    this.hi = i + 1;
    // u only grows (base is the earliest sample), so u·Σ|y| bounds every sum of
    // u·y over the samples still in the window, including after removals.
    return exact(uy) && exact(u2) && exact(this.su) && exact(this.su2) && exact(this.sAbsY) && u * this.sAbsY < BOUND;
  }

  private remove(i: number): boolean {
    const y = this.vs[i]!;
    const u = (this.ts![i]! - this.base) / 1e3;
    if (i + 1 < this.hi && this.vs[i + 1]! !== y) this.valueChanges--;
    this.su -= u;
    this.sy -= y;
    this.suy -= u * y;
    this.su2 -= u * u;
    this.sAbsY -= Math.abs(y);
    this.lo = i + 1;
    // Exact: each remaining sum is bounded by sums checked when its terms were added
    // (|Σy| ≤ Σ|y|, |Σu·y| ≤ u_max·Σ|y|; u and u² are non-negative).
    return true;
  }
}

/**
 * The fit of window [lo, hi) with x = (t - interceptTime) / 1s, from the
 * sliding sums, into `out`; false when it cannot be shown to equal
 * linearRegression's bits (the caller then computes it directly).
 */
function exactFit(s: SlidingSums, interceptTime: number, out: Fit, withIntercept: boolean): boolean {
  const n = s.hi - s.lo;
  const ts = s.ts!;
  const first = ts[s.lo]!;
  // deriv's intercept time is the window's first sample, eligible by construction.
  if (interceptTime !== first && (!Number.isInteger(interceptTime) || !exact(interceptTime) || residue(interceptTime) !== s.res)) return false;
  if (s.valueChanges === 0) {
    // linearRegression's constant-series answer (an integer value is finite).
    out.slope = 0;
    out.intercept = s.vs[s.lo]!;
    return true;
  }
  const a = (interceptTime - s.base) / 1e3;
  // linearRegression's own sums must be exact too: its x = u - a; bound every partial sum and product.
  const maxAbsX = Math.max(Math.abs((first - interceptTime) / 1e3), Math.abs((ts[s.hi - 1]! - interceptTime) / 1e3));
  if (n * maxAbsX > BOUND || maxAbsX * s.sAbsY > BOUND || n * maxAbsX * maxAbsX > BOUND || s.sAbsY > BOUND) return false;
  const na = n * a;
  const aSy = a * s.sy;
  const twoSuMinusNa = 2 * s.su - na;
  const aTimes = a * twoSuMinusNa;
  if (!exact(na) || !exact(aSy) || !exact(twoSuMinusNa) || !exact(aTimes)) return false;
  // `+ 0` turns a -0 into +0, as linearRegression's sums (which start at +0) never are -0.
  const sumX = s.su - na + 0;
  const sumXY = s.suy - aSy + 0;
  const sumX2 = s.su2 - aTimes + 0;
  fitInto(out, n, sumX, s.sy + 0, sumXY, sumX2, withIntercept);
  return true;
}

export type RegressionUse = 'deriv' | 'predict_linear';

/** How many windows took each path (tests check the exact path is really taken). */
export interface RegressionStats {
  exact: number;
  direct: number;
}

/** Set by tests only: every sliding regression counts its windows here. */
export const regressionStats: { current?: RegressionStats } = {};

/**
 * A kernel step for deriv/predict_linear over plain float windows (the
 * caller handles histograms and anchored/smoothed ranges): the exact sliding
 * fit where it applies, else linearRegression on the window.
 */
export function slidingRegression(use: RegressionUse, stats: RegressionStats | undefined = regressionStats.current): (w: Window) => number | undefined {
  const sums = new SlidingSums();
  const fit: Fit = { slope: 0, intercept: 0 };
  const isDeriv = use === 'deriv';
  return (w) => {
    const n = w.hi - w.lo;
    if (n < 2) return undefined;
    const interceptTime = isDeriv ? w.ts[w.lo]! : w.evalT;
    const exactly = sums.moveTo(w.ts, w.vs, w.lo, w.hi) && exactFit(sums, interceptTime, fit, !isDeriv);
    if (stats) {
      if (exactly) stats.exact++;
      else stats.direct++;
    }
    if (!exactly) [fit.slope, fit.intercept] = linearRegression(w.ts.subarray(w.lo, w.hi), w.vs.subarray(w.lo, w.hi), interceptTime);
    return isDeriv ? fit.slope : fit.slope * w.args[0]! + fit.intercept;
  };
}
