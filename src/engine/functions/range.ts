// Functions over range vectors: rate and friends, *_over_time, deriv,
// predict_linear, changes/resets, double_exponential_smoothing, absent_over_time.
// Each is a kernel over one window (see range-window.ts); the arithmetic
// follows Prometheus's promql/functions.go step by step, including its Kahan
// summation, so results agree to the last bits that the tests check.

import type { Call } from '../../promql/ast.js';
import { METRIC_NAME_LABEL, getLabel } from '../../model/labels.js';
import type { FloatHistogram } from '../../model/histogram.js';
import { ANNOTATIONS } from '../annotations.js';
import { EvalError, type StepValue } from '../types.js';
import type { Evaluator, RangeInput } from '../evaluator.js';
import { type Kernel, type Window, evalRangeFunction, floatCount, windowFloats, windowHasHistograms, matrixArgIndex } from '../range-window.js';
import { floatQuantile } from '../quantile.js';
import { slidingQuantile } from '../sliding-quantile.js';
import { fastPaths } from '../fast-paths.js';
import { avgOverTime, sumOverTime, varianceOverTime } from '../float-stats.js';
import { isStartTimestampReset } from './start-timestamps.js';
import { histogramInstantValue, histogramRate, histogramOverTime } from './range-histogram.js';
import { absentLabels } from './absent.js';
import { extendFloats, extendedRate } from '../extended-range.js';
import { canUseFastRate, extrapolate, fastExtrapolatedRate } from '../rate-fast.js';
import { detectReset } from '../histogram-reset.js';
import { histogramsEqual } from '../binary-histogram.js';
import type { FunctionImpl } from './types.js';
import { linearRegression, regressionStats, slidingRegression, type RegressionUse } from './regression.js';
import { canUseFastRegression, fastRegression } from '../regression-fast.js';
import { FLOAT, newStepSeries } from '../types.js';

const COUNTER_SUFFIXES = ['_total', '_sum', '_count', '_bucket'];

function startTimeOverlaps(prevSt: number, prevT: number, curSt: number): boolean {
  return curSt !== 0 && curSt < prevT && curSt !== prevSt;
}

/**
 * rate/increase/delta: Prometheus's extrapolatedRate, using start timestamps
 * when stored. Works on index ranges of the series arrays (no copies): this
 * is the hot loop of range queries.
 */
function extrapolatedRate(w: Window, isCounter: boolean, isRate: boolean, legacy: boolean, onOverlap?: () => void): number | undefined {
  let ts = w.ts;
  let vs = w.vs;
  let sts = w.sts;
  let lo = w.lo;
  let hi = w.hi;
  if (w.extended || windowHasHistograms(w)) {
    const f = windowFloats(w);
    if (w.extended) return extendedRate(f.ts, f.vs, w.rangeStart, w.rangeEnd, w.rangeMs, w.smoothed, isCounter, isRate);
    ({ ts, vs, sts } = f);
    lo = 0;
    hi = ts.length;
  }
  const n = hi - lo;
  if (n === 0) return undefined;
  const first = vs[lo]!;
  let result = vs[hi - 1]! - first;
  if (isCounter) {
    let overlap = false;
    let prev = first;
    for (let i = lo + 1; i < hi; i++) {
      const cur = vs[i]!;
      if (sts !== undefined) {
        if (!overlap && startTimeOverlaps(sts[i - 1]!, ts[i - 1]!, sts[i]!)) {
          onOverlap?.();
          overlap = true;
        }
        if (cur < prev || isStartTimestampReset(sts[i - 1]!, ts[i - 1]!, sts[i]!, ts[i]!)) result += prev;
      } else if (cur < prev) result += prev;
      prev = cur;
    }
  }
  return extrapolate(
    EXTRAPOLATED,
    0,
    result,
    first,
    ts[lo]!,
    ts[hi - 1]!,
    n,
    w.rangeStart,
    w.rangeEnd,
    w.rangeMs,
    isCounter,
    isRate,
    legacy,
    sts !== undefined ? sts[lo]! : 0,
  )
    ? EXTRAPOLATED[0]!
    : undefined;
}

const EXTRAPOLATED = new Float64Array(1);

function instantValue(w: Window, isRate: boolean): number | undefined {
  const { ts, vs, sts } = windowFloats(w);
  const n = ts.length;
  if (n < 2) return undefined;
  const prevV = vs[n - 2]!;
  const lastV = vs[n - 1]!;
  let result = lastV;
  const stReset = sts !== undefined && isStartTimestampReset(sts[n - 2]!, ts[n - 2]!, sts[n - 1]!, ts[n - 1]!);
  if (!isRate || !(lastV < prevV || stReset)) result = lastV - prevV;
  const interval = ts[n - 1]! - ts[n - 2]!;
  if (interval === 0) return undefined;
  if (isRate) result /= interval / 1000;
  return result;
}

/**
 * A kernel over the float samples only; windows with no floats produce
 * nothing, and histograms mixed in are ignored with an info (reported via
 * `onIgnoredHistograms`).
 */
function floatKernel(fn: (ts: Float64Array, vs: Float64Array, w: Window) => number | undefined, onIgnoredHistograms?: (w: Window) => void): Kernel {
  return (w) => {
    let { ts, vs } = windowFloats(w);
    if (ts.length > 0 && onIgnoredHistograms && windowHasHistograms(w)) onIgnoredHistograms(w);
    if (w.extended) {
      const ext = extendFloats(ts, vs, w.rangeStart, w.rangeEnd, w.smoothed);
      if (!ext) return undefined;
      ({ ts, vs } = ext);
    }
    if (ts.length === 0) return undefined;
    return fn(ts, vs, w);
  };
}

/**
 * changes()/resets() over a window that may mix floats and histograms, in
 * time order: a switch between kinds counts, histograms compare by equality
 * (changes) or counter-reset detection (resets).
 */
function mixedKernel(kind: 'changes' | 'resets', floatsOnly: (ts: Float64Array, vs: Float64Array, w: Window) => number | undefined): Kernel {
  const plain = floatKernel(floatsOnly);
  return (w) => {
    if (!windowHasHistograms(w)) return plain(w);
    // Samples in time order; anchored windows get their boundary samples first.
    let vs: ArrayLike<number> = w.vs;
    let hs: (i: number) => FloatHistogram | undefined = (i) => w.hists!.get(i);
    let lo = w.lo;
    let hi = w.hi;
    if (w.extended) {
      const ext = extendMixed(w);
      if (!ext) return undefined;
      vs = ext.vs;
      hs = (i) => ext.hs[i];
      lo = 0;
      hi = ext.vs.length;
    }
    let count = 0;
    for (let i = lo + 1; i < hi; i++) {
      const ph = hs(i - 1);
      const ch = hs(i);
      if (!ph && !ch) {
        const p = vs[i - 1]!;
        const c = vs[i]!;
        if (kind === 'resets' ? c < p : !(c === p || (Number.isNaN(c) && Number.isNaN(p)))) count++;
      } else if (!ph || !ch) {
        count++;
      } else if (
        kind === 'resets'
          ? detectReset(ch, ph) || (!w.extended && w.sts !== undefined && isStartTimestampReset(w.sts[i - 1]!, w.ts[i - 1]!, w.sts[i]!, w.ts[i]!))
          : !histogramsEqual(ch, ph)
      ) {
        count++;
      }
    }
    return count;
  };
}

/** An anchored window of mixed samples: boundary samples at the range start and end around the samples inside. */
function extendMixed(w: Window): { vs: number[]; hs: (FloatHistogram | undefined)[] } | undefined {
  const n = w.hi - w.lo;
  if (n === 0) return undefined;
  const at = (k: number): number => w.ts[w.lo + k]!;
  const last = n - 1;
  let first = 0;
  while (first < last && at(first) <= w.rangeStart) first++;
  first = Math.max(0, first - 1);
  if (at(last) <= w.rangeStart) return undefined;
  const value = (k: number): number => w.vs[w.lo + k]!;
  const hist = (k: number): FloatHistogram | undefined => w.hists?.get(w.lo + k);
  const vs = [value(first)];
  const hs = [hist(first)];
  let from = first;
  if (at(first) <= w.rangeStart) from++;
  let to = last;
  if (at(last) >= w.rangeEnd) to--;
  for (let k = from; k <= to; k++) {
    vs.push(value(k));
    hs.push(hist(k));
  }
  vs.push(value(last));
  hs.push(hist(last));
  return { vs, hs };
}

/** max/min/ts_of_* over time: keeps the value for which `better(cur, best)` last held. */
function compareOverTime(better: (cur: number, best: number) => boolean, returnTimestamp: boolean): WindowStat {
  return (ts, vs, lo, hi) => {
    let best = vs[lo]!;
    let bestT = ts[lo]!;
    for (let i = lo; i < hi; i++) {
      if (better(vs[i]!, best)) {
        best = vs[i]!;
        bestT = ts[i]!;
      }
    }
    return returnTimestamp ? bestT / 1000 : best;
  };
}

function doubleExponentialSmoothing(vs: Float64Array, sf: number, tf: number): number | undefined {
  const l = vs.length;
  if (l < 2) return undefined;
  let s0 = 0;
  let s1 = vs[0]!;
  let b = vs[1]! - vs[0]!;
  for (let i = 1; i < l; i++) {
    const x = sf * vs[i]!;
    if (i - 1 !== 0) b = tf * (s1 - s0) + (1 - tf) * b;
    const y = (1 - sf) * (s1 + b);
    s0 = s1;
    s1 = x + y;
  }
  return s1;
}

/** Go's %f: six decimals. */
function goFixed(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return v.toFixed(6);
}

function nonCounterInfo(call: Call, ev: Evaluator) {
  return (labels: readonly { name: string; value: string }[], outputFloats: boolean): void => {
    const name = getLabel(labels, METRIC_NAME_LABEL);
    if (name === undefined || name === '' || !outputFloats) return;
    if (COUNTER_SUFFIXES.some((s) => name.endsWith(s))) return;
    ev.ctx.annotations.add(ANNOTATIONS.possibleNonCounter(name, call.args[0]!.pos));
  };
}

/** rate/increase/delta on plain float series take the fused loop of rate-fast.ts. */
function tryFastRate(call: Call, ev: Evaluator, isCounter: boolean, isRate: boolean): StepValue | RangeInput {
  const input = ev.rangeInput(call.args[0]!);
  if (!canUseFastRate(input)) return input;
  const { series, outputFloats } = fastExtrapolatedRate(input, ev.steps, isCounter, isRate, ev.ctx.semantics);
  if (isCounter) {
    const info = nonCounterInfo(call, ev);
    input.series.forEach((s, k) => info(s.labels, outputFloats[k]!));
  }
  return { type: 'vector', series };
}

/** deriv/predict_linear on plain float series take the fused loop of regression-fast.ts. */
function tryFastRegression(call: Call, ev: Evaluator, use: RegressionUse): StepValue | RangeInput {
  const input = ev.rangeInput(call.args[0]!);
  if (!canUseFastRegression(input)) return input;
  const horizon = use === 'predict_linear' ? ev.evalScalar(call.args[1]!) : undefined;
  return { type: 'vector', series: fastRegression(input, use, ev.times, horizon, ev.ctx.semantics, regressionStats.current) };
}

function counterRate(isRate: boolean): FunctionImpl {
  return (call, ev) => {
    const fast = tryFastRate(call, ev, true, isRate);
    if ('type' in fast) return fast;
    let current: Window | undefined;
    const onOverlap = (): void => {
      const name = getLabel(current?.labels ?? [], METRIC_NAME_LABEL) ?? '';
      ev.ctx.annotations.add(ANNOTATIONS.startTimeOverlap(name, call.args[0]!.pos));
    };
    return evalRangeFunction(
      call,
      ev,
      (w) => {
        if (windowHasHistograms(w)) return histogramRate(w, call, ev, true, isRate);
        current = w;
        return extrapolatedRate(w, true, isRate, ev.ctx.semantics.legacyRateExtrapolation, onOverlap);
      },
      { afterSeries: nonCounterInfo(call, ev), input: fast },
    );
  };
}

/** A statistic over the float values ts/vs in [lo, hi). */
type WindowStat = (ts: Float64Array, vs: Float64Array, lo: number, hi: number) => number | undefined;

/**
 * An *_over_time function over floats: pure-float windows are read in place
 * (index ranges, no copies); histograms mixed in are dropped with an info,
 * except for sum/avg_over_time, which aggregate histogram windows.
 */
function simpleOverTime(fn: WindowStat, name: string, keepName = false): FunctionImpl {
  return (call, ev) =>
    evalRangeFunction(
      call,
      ev,
      (w) => {
        if (windowHasHistograms(w)) {
          if (name === 'sum_over_time' || name === 'avg_over_time') return histogramOverTime(name, w, call, ev);
          // Other functions ignore histogram samples (with an info when floats remain).
          const { ts, vs } = windowFloats(w);
          if (ts.length === 0) return undefined;
          ev.ctx.annotations.add(ANNOTATIONS.histogramIgnoredInMixedRange(getLabel(w.labels, METRIC_NAME_LABEL) ?? '', call.args[0]!.pos));
          return fn(ts, vs, 0, ts.length);
        }
        if (w.hi <= w.lo) return undefined;
        return fn(w.ts, w.vs, w.lo, w.hi);
      },
      { keepName },
    );
}

export const RANGE_FUNCTIONS: Record<string, FunctionImpl> = {
  rate: counterRate(true),
  increase: counterRate(false),
  delta: (call, ev) => {
    const fast = tryFastRate(call, ev, false, false);
    if ('type' in fast) return fast;
    return evalRangeFunction(
      call,
      ev,
      (w) => (windowHasHistograms(w) ? histogramRate(w, call, ev, false, false) : extrapolatedRate(w, false, false, ev.ctx.semantics.legacyRateExtrapolation)),
      {
        input: fast,
      },
    );
  },
  irate: (call, ev) => evalRangeFunction(call, ev, (w) => (windowHasHistograms(w) ? histogramInstantValue(w, call, ev, true) : instantValue(w, true))),
  idelta: (call, ev) => evalRangeFunction(call, ev, (w) => (windowHasHistograms(w) ? histogramInstantValue(w, call, ev, false) : instantValue(w, false))),
  deriv: (call, ev) => {
    const fast = tryFastRegression(call, ev, 'deriv');
    if ('type' in fast) return fast;
    return evalRangeFunction(
      call,
      ev,
      regressionKernel(
        'deriv',
        floatKernel((ts, vs) => (ts.length < 2 ? undefined : linearRegression(ts, vs, ts[0]!)[0]), ignoredHistogramsInfo(call, ev)),
      ),
      { input: fast },
    );
  },
  predict_linear: (call, ev) => {
    const fast = tryFastRegression(call, ev, 'predict_linear');
    if ('type' in fast) return fast;
    return evalRangeFunction(
      call,
      ev,
      regressionKernel(
        'predict_linear',
        floatKernel(
          (ts, vs, w) => {
            if (ts.length < 2) return undefined;
            const [slope, intercept] = linearRegression(ts, vs, w.evalT);
            return slope * w.args[0]! + intercept;
          },
          ignoredHistogramsInfo(call, ev),
        ),
      ),
      { input: fast },
    );
  },
  changes: (call, ev) =>
    evalRangeFunction(
      call,
      ev,
      mixedKernel('changes', (_ts, vs) => {
        let changes = 0;
        for (let i = 1; i < vs.length; i++) {
          const cur = vs[i]!;
          const prev = vs[i - 1]!;
          if (!(cur === prev || (Number.isNaN(cur) && Number.isNaN(prev)))) changes++;
        }
        return changes;
      }),
    ),
  resets: (call, ev) =>
    evalRangeFunction(
      call,
      ev,
      mixedKernel('resets', (ts, vs, w) => {
        const sts = w.extended ? undefined : windowFloats(w).sts;
        let resets = 0;
        for (let i = 1; i < vs.length; i++) {
          if (vs[i]! < vs[i - 1]! || (sts !== undefined && isStartTimestampReset(sts[i - 1]!, ts[i - 1]!, sts[i]!, ts[i]!))) resets++;
        }
        return resets;
      }),
    ),
  avg_over_time: simpleOverTime((_ts, vs, lo, hi) => avgOverTime(vs, lo, hi), 'avg_over_time'),
  sum_over_time: simpleOverTime((_ts, vs, lo, hi) => sumOverTime(vs, lo, hi), 'sum_over_time'),
  count_over_time: (call, ev) => evalRangeFunction(call, ev, (w) => w.hi - w.lo),
  present_over_time: (call, ev) => evalRangeFunction(call, ev, () => 1),
  max_over_time: simpleOverTime(
    compareOverTime((cur, best) => cur > best || Number.isNaN(best), false),
    'max_over_time',
  ),
  min_over_time: simpleOverTime(
    compareOverTime((cur, best) => cur < best || Number.isNaN(best), false),
    'min_over_time',
  ),
  ts_of_max_over_time: simpleOverTime(
    compareOverTime((cur, best) => cur >= best || Number.isNaN(best), true),
    'ts_of_max_over_time',
  ),
  ts_of_min_over_time: simpleOverTime(
    compareOverTime((cur, best) => cur <= best || Number.isNaN(best), true),
    'ts_of_min_over_time',
  ),
  stddev_over_time: simpleOverTime((_ts, vs, lo, hi) => Math.sqrt(varianceOverTime(vs, lo, hi)), 'stddev_over_time'),
  stdvar_over_time: simpleOverTime((_ts, vs, lo, hi) => varianceOverTime(vs, lo, hi), 'stdvar_over_time'),
  mad_over_time: simpleOverTime((_ts, vs, lo, hi) => {
    const values = Array.from(vs.subarray(lo, hi));
    // A NaN sample makes the result NaN rather than being sorted away.
    if (values.some((v) => Number.isNaN(v))) return Number.NaN;
    const median = floatQuantile(0.5, values);
    return floatQuantile(
      0.5,
      values.map((v) => Math.abs(v - median)),
    );
  }, 'mad_over_time'),
  quantile_over_time: (call, ev) => {
    const sliding = fastPaths.enabled ? slidingQuantile() : undefined;
    return evalRangeFunction(
      call,
      ev,
      (w) => {
        if (sliding && !w.extended && !windowHasHistograms(w)) return sliding.at(w, w.args[0]!);
        const { vs } = windowFloats(w);
        if (vs.length === 0) return undefined;
        if (windowHasHistograms(w)) ignoredHistogramsInfo(call, ev)(w);
        return floatQuantile(w.args[0]!, Array.from(vs));
      },
      {
        checkArgs: ([q]) => {
          for (const v of q!) if (Number.isNaN(v) || v < 0 || v > 1) ev.ctx.annotations.add(ANNOTATIONS.invalidQuantile(v, call.args[0]!.pos));
        },
      },
    );
  },
  last_over_time: (call, ev) =>
    evalRangeFunction(
      call,
      ev,
      (w) => {
        const i = w.hi - 1;
        return w.hists?.get(i) ?? w.vs[i]!;
      },
      { keepName: true },
    ),
  first_over_time: (call, ev) => evalRangeFunction(call, ev, (w) => w.hists?.get(w.lo) ?? w.vs[w.lo]!, { keepName: true }),
  ts_of_last_over_time: (call, ev) => evalRangeFunction(call, ev, (w) => w.ts[w.hi - 1]! / 1000),
  ts_of_first_over_time: (call, ev) => evalRangeFunction(call, ev, (w) => w.ts[w.lo]! / 1000),
  double_exponential_smoothing: (call, ev) => doubleExponentialSmoothingCall(call, ev),
  // The same function under its Prometheus 2.x name.
  holt_winters: (call, ev) => doubleExponentialSmoothingCall(call, ev),
  absent_over_time: absentOverTime,
};

function doubleExponentialSmoothingCall(call: Call, ev: Evaluator): StepValue {
  return evalRangeFunction(call, ev, (w) => {
    const sf = w.args[0]!;
    const tf = w.args[1]!;
    if (sf <= 0 || sf >= 1) throw new EvalError(`invalid smoothing factor. Expected: 0 < sf < 1, got: ${goFixed(sf)}`, call.pos);
    if (tf <= 0 || tf >= 1) throw new EvalError(`invalid trend factor. Expected: 0 < tf < 1, got: ${goFixed(tf)}`, call.pos);
    const n = floatCount(w);
    if (n > 0 && windowHasHistograms(w)) ignoredHistogramsInfo(call, ev)(w);
    if (n < 2) return undefined;
    return doubleExponentialSmoothing(windowFloats(w).vs, sf, tf);
  });
}

/**
 * deriv/predict_linear: plain float windows slide (regression.ts, same bits);
 * windows with histograms or anchored/smoothed ranges take `general`.
 */
function regressionKernel(use: RegressionUse, general: Kernel): Kernel {
  const plain = slidingRegression(use);
  return (w) => (w.extended || windowHasHistograms(w) ? general(w) : plain(w));
}

function ignoredHistogramsInfo(call: Call, ev: Evaluator): (w: Window) => void {
  return (w) => ev.ctx.annotations.add(ANNOTATIONS.histogramIgnoredInMixedRange(getLabel(w.labels, METRIC_NAME_LABEL) ?? '', call.args[0]!.pos));
}

function absentOverTime(call: Call, ev: Evaluator): StepValue {
  const inner = evalRangeFunction(call, ev, () => 1);
  const steps = ev.steps;
  const out = newStepSeries(absentLabels(call.args[matrixArgIndex(call)]!), true, steps);
  let any = false;
  if (inner.type === 'vector') {
    for (let i = 0; i < steps; i++) {
      if (inner.series.some((s) => s.has[i] !== 0)) continue;
      out.has[i] = FLOAT;
      out.f[i] = 1;
      any = true;
    }
  }
  return { type: 'vector', series: any ? [out] : [] };
}
