// Extended range selectors (experimental in Prometheus 3.x):
//   - `x[5m] anchored`: the window also sees the last sample before its start
//     (within the lookback delta), and its boundaries take the values of the
//     nearest samples, so increase()/rate() need no extrapolation;
//   - `x[5m] smoothed` / `x smoothed`: boundary values are linearly
//     interpolated between the samples around them (looking up to the
//     lookback delta beyond either end).
// Only a few functions accept them; others fail with Prometheus's message.

import type { VectorSelector } from '../promql/ast.js';
import { allMatchers } from '../promql/ast.js';
import { EvalError, FLOAT, HISTOGRAM, type StepSeries, newStepSeries } from './types.js';
import { CUSTOM_BUCKETS_SCHEMA, type FloatHistogram } from '../model/histogram.js';
import { METRIC_NAME_LABEL, getLabel } from '../model/labels.js';
import { ANNOTATIONS } from './annotations.js';
import { interpolateHistograms } from './histogram-interpolate.js';
import type { Evaluator } from './evaluator.js';

export const ANCHORED_SAFE_FUNCTIONS: readonly string[] = ['changes', 'delta', 'increase', 'rate', 'resets'];
export const SMOOTHED_SAFE_FUNCTIONS: readonly string[] = ['delta', 'increase', 'rate'];

/** Prometheus's error for an extended selector under a function that does not support it. */
export function checkExtendedSafe(func: string, anchored: boolean, smoothed: boolean, pos: { start: number; end: number }): void {
  if (anchored && !ANCHORED_SAFE_FUNCTIONS.includes(func)) {
    throw new EvalError(`anchored modifier can only be used with: ${ANCHORED_SAFE_FUNCTIONS.join(', ')} - not with ${func}`, pos);
  }
  if (smoothed && !SMOOTHED_SAFE_FUNCTIONS.includes(func)) {
    throw new EvalError(`smoothed modifier can only be used with: ${SMOOTHED_SAFE_FUNCTIONS.join(', ')} - not with ${func}`, pos);
  }
}

/** Linear interpolation at t; a counter that went down is taken to restart from 0. */
export function interpolate(t1: number, y1: number, t2: number, y2: number, t: number, isCounter: boolean): number {
  const from = isCounter && y2 < y1 ? 0 : y1;
  return from + ((y2 - from) * (t - t1)) / (t2 - t1);
}

/** Go's sort.Search(n, pred) over indices [0, n). */
export function search(n: number, pred: (i: number) => boolean): number {
  let i = 0;
  let j = n;
  while (i < j) {
    const h = (i + j) >>> 1;
    if (!pred(h)) i = h + 1;
    else j = h;
  }
  return i;
}

interface Boundaries {
  first: number;
  last: number;
  left: number;
  right: number;
}

/** The boundary samples and values of an extended window over raw samples ts/vs (length n ≥ 1). */
function boundaries(
  ts: ArrayLike<number>,
  vs: ArrayLike<number>,
  n: number,
  mint: number,
  maxt: number,
  smoothed: boolean,
  isCounter: boolean,
): Boundaries | undefined {
  let last = n - 1;
  const first = Math.max(0, search(last, (i) => ts[i]! > mint) - 1);
  if (smoothed) last = search(last, (i) => ts[i]! >= maxt);
  // No data inside the range: only before it, or (smoothed) only after it.
  if (ts[last]! <= mint || ts[first]! > maxt) return undefined;
  const left =
    smoothed && ts[first]! < mint && first + 1 < n ? interpolate(ts[first]!, vs[first]!, ts[first + 1]!, vs[first + 1]!, mint, isCounter) : vs[first]!;
  const right = smoothed && last > 0 && ts[last]! > maxt ? interpolate(ts[last - 1]!, vs[last - 1]!, ts[last]!, vs[last]!, maxt, isCounter) : vs[last]!;
  return { first, last, left, right };
}

/** rate/increase/delta over an anchored or smoothed window (no extrapolation). */
export function extendedRate(
  ts: Float64Array,
  vs: Float64Array,
  mint: number,
  maxt: number,
  rangeMs: number,
  smoothed: boolean,
  isCounter: boolean,
  isRate: boolean,
): number | undefined {
  const n = ts.length;
  if (n === 0) return undefined;
  const b = boundaries(ts, vs, n, mint, maxt, smoothed, isCounter);
  if (!b) return undefined;
  let result = b.right - b.left;
  if (isCounter) {
    let first = b.first;
    let last = b.last;
    if (ts[first]! <= mint) first++;
    if (ts[last]! >= maxt) last--;
    let prev = b.left;
    for (let i = first; i <= last; i++) {
      if (vs[i]! < prev) result += prev;
      prev = vs[i]!;
    }
    if (b.right < prev) result += prev;
  }
  return isRate ? result / (rangeMs / 1000) : result;
}

/** The window as synthetic boundary samples at mint and maxt around the real samples inside. */
export function extendFloats(
  ts: Float64Array,
  vs: Float64Array,
  mint: number,
  maxt: number,
  smoothed: boolean,
): { ts: Float64Array; vs: Float64Array } | undefined {
  const n = ts.length;
  if (n === 0) return undefined;
  const b = boundaries(ts, vs, n, mint, maxt, smoothed, false);
  if (!b) return undefined;
  let first = b.first;
  let last = b.last;
  if (ts[first]! <= mint) first++;
  if (ts[last]! >= maxt) last--;
  const count = Math.max(last - first + 1, 0);
  const outT = new Float64Array(count + 2);
  const outV = new Float64Array(count + 2);
  outT[0] = mint;
  outV[0] = b.left;
  for (let i = 0; i < count; i++) {
    outT[i + 1] = ts[first + i]!;
    outV[i + 1] = vs[first + i]!;
  }
  outT[count + 1] = maxt;
  outV[count + 1] = b.right;
  return { ts: outT, vs: outV };
}

/** `x smoothed` as an instant vector: the value interpolated at each step time. */
export function smoothedVectorSelector(vs: VectorSelector, ev: Evaluator): StepSeries[] {
  const lookback = ev.ctx.lookbackMs;
  const pinned = ev.atMs(vs.at);
  const offset = vs.offset ? ev.durationMs(vs.offset) : 0;
  const storage = ev.ctx.storage;
  const out: StepSeries[] = [];
  for (const s of storage.select(allMatchers(vs), ev.ctx.semantics.regexDotMatchesNewline)) {
    const view = storage.rangeView(s);
    const name = getLabel(s.labels, METRIC_NAME_LABEL) ?? '';
    const res = newStepSeries(s.labels, false, ev.steps);
    let any = false;
    for (let i = 0; i < ev.steps; i++) {
      const t = (pinned ?? ev.times[i]!) - offset;
      // Samples in (t - lookback, t + lookback].
      let lo = 0;
      while (lo < view.length && view.ts[lo]! <= t - lookback) lo++;
      let hi = lo;
      while (hi < view.length && view.ts[hi]! <= t + lookback) hi++;
      if (hi === lo) continue;
      let k = lo;
      while (k < hi && view.ts[k]! < t) k++;
      if (view.hists && view.hists.size > 0) {
        let hists = 0;
        for (let x = lo; x < hi; x++) if (view.hists.has(x)) hists++;
        if (hists > 0 && hists < hi - lo) {
          ev.ctx.annotations.add(ANNOTATIONS.mixedFloatsHistograms(name, vs.pos));
          continue;
        }
        if (hists > 0) {
          const at = (x: number) => ({ t: view.ts[x]!, h: view.hists!.get(x)! });
          let h: FloatHistogram | undefined;
          if (k < hi && view.ts[k] === t) h = at(k).h;
          else if (k > lo && k < hi) {
            const p = at(k - 1);
            const n = at(k);
            if ((p.h.schema === CUSTOM_BUCKETS_SCHEMA) !== (n.h.schema === CUSTOM_BUCKETS_SCHEMA)) {
              ev.ctx.annotations.add(ANNOTATIONS.mixedExponentialCustom(name, vs.pos));
              continue;
            }
            // Counter histograms (anything but gauges) restart from zero across a reset.
            h = interpolateHistograms(p, n, t, n.h.counterResetHint !== 'gauge', () => undefined);
          } else if (k > lo) h = at(k - 1).h;
          if (!h) continue;
          res.has[i] = HISTOGRAM;
          (res.h ??= [])[i] = h;
          any = true;
          continue;
        }
      }
      let v: number;
      if (k < hi && view.ts[k] === t) v = view.vs[k]!;
      else if (k > lo && k < hi) v = interpolate(view.ts[k - 1]!, view.vs[k - 1]!, view.ts[k]!, view.vs[k]!, t, false);
      else if (k > lo) v = view.vs[k - 1]!;
      else continue;
      res.has[i] = FLOAT;
      res.f[i] = v;
      any = true;
    }
    if (any) out.push(res);
  }
  return out;
}
