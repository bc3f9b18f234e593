// quantile_over_time() over the consecutive windows of a range evaluation
// without sorting each window: the window's values are kept sorted while it
// slides (a removal and an insertion per sample that leaves or enters, each a
// binary search and a block move), so a step costs O(window) memory moves
// instead of an O(n log n) sort with a comparator and a copy. The shipped
// packs' `quantile_over_time(0.5, x[1h])` spent a sixth of a week's dry-run
// sorting.
//
// Results are floatQuantile's (quantile.ts) bit for bit. Its stable sort puts
// NaNs first in input order and keeps -0 and +0 in input order; the sorted
// buffer holds neither NaN nor the sign of zero, so a window whose chosen
// ranks land on a NaN, or on a zero while both signs of zero are in the
// window, is computed by floatQuantile itself (so that even a NaN result
// carries the bits of the NaN floatQuantile picks). test/engine/sliding-quantile.test.ts
// compares the two on random windows.

import type { Window } from './range-window.js';
import { floatQuantile } from './quantile.js';

export interface SlidingQuantile {
  /** floatQuantile(q, the window's values); the window holds float samples only. */
  at(w: Window, q: number): number;
}

export function slidingQuantile(): SlidingQuantile {
  // The window the buffer holds: [lo, hi) of the series whose values are `vs`.
  let vs: Float64Array | undefined;
  let lo = 0;
  let hi = 0;
  let sorted = new Float64Array(64);
  let len = 0;
  let nans = 0;
  let negativeZeros = 0;
  let positiveZeros = 0;

  const grow = (): void => {
    const bigger = new Float64Array(sorted.length * 2);
    bigger.set(sorted.subarray(0, len));
    sorted = bigger;
  };
  /** Index of the first element > v (insertion keeps equal values' order irrelevant: they are identical). */
  const upperBound = (v: number): number => {
    let a = 0;
    let b = len;
    while (a < b) {
      const m = (a + b) >>> 1;
      if (sorted[m]! <= v) a = m + 1;
      else b = m;
    }
    return a;
  };
  /** Zeros are stored as +0; their signs are counted. */
  const countZero = (v: number, by: 1 | -1): void => {
    if (Object.is(v, -0)) negativeZeros += by;
    else positiveZeros += by;
  };
  const add = (v: number): void => {
    if (Number.isNaN(v)) {
      nans++;
      return;
    }
    if (v === 0) {
      countZero(v, 1);
      v = 0;
    }
    if (len === sorted.length) grow();
    const at = upperBound(v);
    sorted.copyWithin(at + 1, at, len);
    sorted[at] = v;
    len++;
  };
  const remove = (v: number): void => {
    if (Number.isNaN(v)) {
      nans--;
      return;
    }
    if (v === 0) {
      countZero(v, -1);
      v = 0;
    }
    // The last element equal to v: one before the first greater.
    const at = upperBound(v) - 1;
    sorted.copyWithin(at, at + 1, len);
    len--;
  };
  const rebuild = (w: Window): void => {
    vs = w.vs;
    lo = w.lo;
    hi = w.hi;
    len = nans = negativeZeros = positiveZeros = 0;
    while (sorted.length < hi - lo) grow();
    for (let k = lo; k < hi; k++) {
      const v = vs[k]!;
      if (Number.isNaN(v)) nans++;
      else {
        if (v === 0) countZero(v, 1);
        // `+ 0` stores -0 as +0: the buffer does not keep the sign of zero.
        sorted[len++] = v + 0;
      }
    }
    sorted.subarray(0, len).sort();
  };

  return {
    at(w, q) {
      if (w.vs === vs && w.lo >= lo && w.hi >= hi && w.lo <= hi) {
        for (let k = lo; k < w.lo; k++) remove(vs[k]!);
        for (let k = hi; k < w.hi; k++) add(vs[k]!);
        lo = w.lo;
        hi = w.hi;
      } else rebuild(w);
      const n = nans + len;
      // floatQuantile's answers that do not depend on the values.
      if (n === 0 || Number.isNaN(q)) return Number.NaN;
      if (q < 0) return -Infinity;
      if (q > 1) return Infinity;
      const rank = q * (n - 1);
      const lower = Math.max(0, Math.floor(rank));
      const upper = Math.min(n - 1, lower + 1);
      const weight = rank - Math.floor(rank);
      if (lower < nans) return floatQuantile(q, Array.from(w.vs.subarray(w.lo, w.hi)));
      let a = sorted[lower - nans]!;
      let b = sorted[upper - nans]!;
      if (a === 0 || b === 0) {
        if (negativeZeros > 0 && positiveZeros > 0) return floatQuantile(q, Array.from(w.vs.subarray(w.lo, w.hi)));
        if (negativeZeros > 0) {
          if (a === 0) a = -0;
          if (b === 0) b = -0;
        }
      }
      return a * (1 - weight) + b * weight;
    },
  };
}
