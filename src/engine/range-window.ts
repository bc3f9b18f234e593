// Sliding windows for functions over range vectors. For each selected series
// the window (end - range, end] advances with the steps over the series'
// typed arrays with two moving indices, so a range evaluation touches each
// sample a small constant number of times instead of re-selecting per step.

import type { Call } from '../promql/ast.js';
import type { FloatHistogram } from '../model/histogram.js';
import type { Labels } from '../model/labels.js';
import { FLOAT, HISTOGRAM, type StepSeries, type StepValue, newStepSeries } from './types.js';
import type { Evaluator, RangeInput } from './evaluator.js';
import { lowerBound, windowLowerSlackMs } from './evaluator.js';
import { checkExtendedSafe } from './extended-range.js';
import { EvalError } from './types.js';

/** One window of one series. Indices [lo, hi) into ts/vs. */
export interface Window {
  ts: Float64Array;
  vs: Float64Array;
  lo: number;
  hi: number;
  hists: ReadonlyMap<number, FloatHistogram> | undefined;
  sts: Float64Array | undefined;
  /** The window is (rangeStart, rangeEnd]. */
  rangeStart: number;
  rangeEnd: number;
  rangeMs: number;
  /** The evaluation time of the step (differs from rangeEnd under offset/@). */
  evalT: number;
  step: number;
  labels: Labels;
  /** Values of the function's scalar arguments at this step, in argument order (matrix argument skipped). */
  args: number[];
  /**
   * Anchored or smoothed selector: [lo, hi) then spans (rangeStart - lookback,
   * rangeEnd] (smoothed: up to rangeEnd + lookback), for extendedRate/extendFloats.
   */
  extended: boolean;
  smoothed: boolean;
}

export type KernelResult = number | FloatHistogram | undefined;
export type Kernel = (w: Window) => KernelResult;

export interface RangeFunctionOptions {
  /** last_over_time and first_over_time act like offset and keep the metric name. */
  readonly keepName?: boolean;
  /** Called once per series after all steps, with whether any float was output. */
  readonly afterSeries?: (labels: Labels, outputFloats: boolean, input: RangeInput) => void;
  /** The range argument, when the caller has evaluated it already. */
  readonly input?: RangeInput;
  /** Called once before windows are computed, with the evaluated scalar args. */
  readonly checkArgs?: (args: Float64Array[], input: RangeInput) => void;
}

export function matrixArgIndex(call: Call): number {
  return call.args.findIndex((a) => {
    let x = a;
    while (x.kind === 'ParenExpr') x = x.expr;
    return x.kind === 'MatrixSelector' || x.kind === 'SubqueryExpr';
  });
}

/** Evaluates a function with one range-vector argument and scalar others, window by window. */
export function evalRangeFunction(call: Call, ev: Evaluator, kernel: Kernel, options: RangeFunctionOptions = {}): StepValue {
  const mi = matrixArgIndex(call);
  const scalarArgs: Float64Array[] = [];
  for (let j = 0; j < call.args.length; j++) if (j !== mi) scalarArgs.push(ev.evalScalar(call.args[j]!));
  const input = options.input ?? ev.rangeInput(call.args[mi]!);
  options.checkArgs?.(scalarArgs, input);
  const steps = ev.steps;
  const out: StepSeries[] = [];
  const w: Window = {
    ts: new Float64Array(0),
    vs: new Float64Array(0),
    lo: 0,
    hi: 0,
    hists: undefined,
    sts: undefined,
    rangeStart: 0,
    rangeEnd: 0,
    rangeMs: input.rangeMs,
    evalT: 0,
    step: 0,
    labels: [],
    args: new Array<number>(scalarArgs.length).fill(0),
    extended: input.anchored || input.smoothed,
    smoothed: input.smoothed,
  };
  if (w.extended) checkExtendedSafe(call.func, input.anchored, input.smoothed, call.pos);
  const lookback = ev.ctx.lookbackMs;
  // Selection reaches `slack` ms below the window start (2.x's closed windows);
  // w.rangeStart stays the true start, which extrapolation measures from.
  const extendBefore = (w.extended ? lookback : 0) + windowLowerSlackMs(ev.ctx.semantics, input);
  const extendAfter = input.smoothed ? lookback : 0;
  const ends = input.end;
  let monotonic = true;
  for (let i = 1; i < steps; i++) if (ends[i]! < ends[i - 1]!) monotonic = false;

  const rangeMs = input.rangeMs;
  const evalTimes = ev.times;
  const nArgs = scalarArgs.length;
  for (const s of input.series) {
    const res = newStepSeries(s.labels, options.keepName ? (s.dropName ?? false) : true, steps);
    const resF = res.f;
    const resHas = res.has;
    let any = false;
    let anyFloat = false;
    const ts = s.ts;
    const length = s.length;
    w.ts = ts;
    w.vs = s.vs;
    w.hists = s.hists;
    w.sts = s.sts;
    w.labels = s.labels;
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < steps; i++) {
      const end = ends[i]!;
      const start = end - rangeMs;
      const from = start - extendBefore;
      const to = end + extendAfter;
      if (monotonic) {
        while (lo < length && ts[lo]! <= from) lo++;
        if (hi < lo) hi = lo;
        while (hi < length && ts[hi]! <= to) hi++;
      } else {
        lo = lowerBound(ts, length, from);
        hi = lowerBound(ts, length, to);
      }
      if (hi <= lo) continue;
      if (w.extended && windowHasHistogramsIn(s.hists, lo, hi) && !EXTENDED_HISTOGRAM_FUNCTIONS.has(call.func)) {
        throw new EvalError('smoothed and anchored modifiers do not work with native histograms', call.pos);
      }
      w.lo = lo;
      w.hi = hi;
      w.rangeStart = start;
      w.rangeEnd = end;
      w.evalT = evalTimes[i]!;
      w.step = i;
      for (let j = 0; j < nArgs; j++) w.args[j] = scalarArgs[j]![i]!;
      const r = kernel(w);
      if (r === undefined) continue;
      any = true;
      if (typeof r === 'number') {
        resHas[i] = FLOAT;
        resF[i] = r;
        anyFloat = true;
      } else {
        resHas[i] = HISTOGRAM;
        (res.h ??= [])[i] = r;
      }
    }
    options.afterSeries?.(s.labels, anyFloat, input);
    if (any) out.push(res);
  }
  return { type: 'vector', series: out };
}

/** Functions that handle native histograms under anchored/smoothed selectors. */
const EXTENDED_HISTOGRAM_FUNCTIONS: ReadonlySet<string> = new Set(['rate', 'increase', 'delta', 'changes', 'resets']);

function windowHasHistogramsIn(hists: ReadonlyMap<number, FloatHistogram> | undefined, lo: number, hi: number): boolean {
  if (!hists || hists.size === 0) return false;
  for (let i = lo; i < hi; i++) if (hists.has(i)) return true;
  return false;
}

/** True when the window holds at least one histogram sample. */
export function windowHasHistograms(w: Window): boolean {
  if (!w.hists || w.hists.size === 0) return false;
  for (let i = w.lo; i < w.hi; i++) if (w.hists.has(i)) return true;
  return false;
}

/** Number of float samples in the window. */
export function floatCount(w: Window): number {
  if (!w.hists || w.hists.size === 0) return w.hi - w.lo;
  let n = 0;
  for (let i = w.lo; i < w.hi; i++) if (!w.hists.has(i)) n++;
  return n;
}

/** The float samples of a window as [timestamps, values] (copies only when histograms are mixed in). */
export function windowFloats(w: Window): { ts: Float64Array; vs: Float64Array; sts: Float64Array | undefined } {
  if (!windowHasHistograms(w)) return { ts: w.ts.subarray(w.lo, w.hi), vs: w.vs.subarray(w.lo, w.hi), sts: w.sts?.subarray(w.lo, w.hi) };
  const ts: number[] = [];
  const vs: number[] = [];
  const sts: number[] = [];
  for (let i = w.lo; i < w.hi; i++) {
    if (w.hists!.has(i)) continue;
    ts.push(w.ts[i]!);
    vs.push(w.vs[i]!);
    sts.push(w.sts?.[i] ?? 0);
  }
  return { ts: Float64Array.from(ts), vs: Float64Array.from(vs), sts: w.sts ? Float64Array.from(sts) : undefined };
}

/** The histogram samples of a window, in time order. */
export function windowHistograms(w: Window): { t: number; h: FloatHistogram; st: number }[] {
  const out: { t: number; h: FloatHistogram; st: number }[] = [];
  if (!w.hists) return out;
  for (let i = w.lo; i < w.hi; i++) {
    const h = w.hists.get(i);
    if (h) out.push({ t: w.ts[i]!, h, st: w.sts?.[i] ?? 0 });
  }
  return out;
}
