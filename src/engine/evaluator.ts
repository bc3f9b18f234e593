// The evaluator: walks the AST once per node and produces every node's value
// for all evaluation steps at once (an instant query is a range evaluation
// with one step). Vector-valued nodes are StepSeries: one typed array of
// values per series, indexed by step, so selectors and range functions work
// series by series over contiguous memory and aggregations can fold series
// into groups without per-step allocations.
//
// Errors are raised as EvalError and caught at the API boundary (index.ts),
// where they become Diagnostics; nothing throws past it.

import {
  type AtModifier,
  type DurationExpr,
  type Expr,
  type MatrixSelector,
  type PosRange,
  type SubqueryExpr,
  type VectorSelector,
  allMatchers,
  assertNever,
  children,
  unwrapParens,
} from '../promql/ast.js';
import { strideNodes } from '../promql/deep.js';
import type { FloatHistogram } from '../model/histogram.js';
import type { Labels } from '../model/labels.js';
import { labelsKey } from '../model/labels.js';
import { DUPLICATE_LABELSET } from './collect.js';
import { isStaleNaN } from '../model/stale.js';
import type { AnnotationSet } from './annotations.js';
import type { Storage } from './storage.js';
import { ABSENT, EvalError, FLOAT, HISTOGRAM, type EngineLimits, type MatrixSeries, type StepSeries, type StepValue, newStepSeries } from './types.js';
import { evalAggregate } from './aggregate.js';
import { evalBinary } from './binary.js';
import { FUNCTION_IMPLS } from './functions/index.js';
import { extendFloats, smoothedVectorSelector } from './extended-range.js';
import { scaleHistogram } from './histogram-math.js';
import type { EngineSemantics } from './semantics.js';
import { durationBinary } from '../promql/duration-arith.js';

export interface EvalContext {
  readonly storage: Storage;
  /** Prometheus's `promql-delayed-name-removal` feature: names dropped at the very end. */
  readonly delayedNameRemoval: boolean;
  readonly lookbackMs: number;
  readonly defaultSubqueryStepMs: number;
  /** Version-dependent behaviour (closed or left-open windows, rate extrapolation). */
  readonly semantics: EngineSemantics;
  readonly annotations: AnnotationSet;
  /** The whole query's start, end and step (for start(), end(), step(), range() and `@ start()`). */
  readonly queryStart: number;
  readonly queryEnd: number;
  readonly queryStep: number;
  readonly limits: Required<EngineLimits>;
  /** Samples loaded so far by this query's selectors (series × steps). */
  loadedSamples: number;
}

/** The samples a range function sees for one series: marker-free and sorted. */
export interface RangeSeries {
  readonly labels: Labels;
  /** Subquery results keep their pending name removal. */
  readonly dropName?: boolean;
  readonly ts: Float64Array;
  readonly vs: Float64Array;
  readonly length: number;
  readonly hists: ReadonlyMap<number, FloatHistogram> | undefined;
  readonly sts: Float64Array | undefined;
}

/** A matrix selector or subquery, ready for windowing: window i is (end[i] - rangeMs, end[i]]. */
export interface RangeInput {
  readonly series: readonly RangeSeries[];
  readonly rangeMs: number;
  readonly end: Float64Array;
  readonly anchored: boolean;
  readonly smoothed: boolean;
  readonly fromSubquery: boolean;
  readonly selector: VectorSelector | undefined;
  readonly pos: PosRange;
}

export class Evaluator {
  readonly steps: number;
  /**
   * Set while evaluating the argument of histogram_count/sum/avg: selectors
   * then read histograms with the stats iterator's counter-reset hints.
   */
  statsDecoding = false;

  constructor(
    readonly ctx: EvalContext,
    readonly times: Float64Array,
  ) {
    this.steps = times.length;
  }

  /**
   * Deep expressions: values of the nodes strideNodes picks (see
   * src/promql/deep.ts), computed deepest first before the root, so that
   * the recursion through eval goes at most RECURSION_STRIDE levels down.
   * Kept with the decoding mode they were computed in.
   */
  private readonly precomputed = new Map<Expr, { value: StepValue; statsDecoding: boolean }>();
  private evaluating = false;

  eval(expr: Expr): StepValue {
    const pre = this.precomputed.get(expr);
    if (pre && pre.statsDecoding === this.statsDecoding) return pre.value;
    if (this.evaluating) return this.evalOne(expr);
    this.evaluating = true;
    try {
      for (const node of strideNodes(expr, sameEvaluatorChildren)) this.precomputed.set(node, { value: this.evalOne(node), statsDecoding: this.statsDecoding });
      return this.evalOne(expr);
    } finally {
      this.evaluating = false;
      this.precomputed.clear();
    }
  }

  private evalOne(expr: Expr): StepValue {
    const value = this.evalNode(expr);
    // Without delayed removal (a default Prometheus server), a name dropped by
    // a function or operator is gone at once, and duplicates fail right there.
    if (!this.ctx.delayedNameRemoval && value.type === 'vector' && value.series.some((s) => s.dropName)) {
      return { type: 'vector', series: dropNamesNow(value.series, this.steps, expr.pos) };
    }
    return value;
  }

  private evalNode(expr: Expr): StepValue {
    switch (expr.kind) {
      case 'NumberLiteral':
        return { type: 'scalar', f: new Float64Array(this.steps).fill(expr.value) };
      case 'StringLiteral':
        return { type: 'string', value: expr.value };
      case 'ParenExpr':
        return this.eval(expr.expr);
      case 'UnaryExpr':
        return this.evalUnary(expr.op, expr.expr);
      case 'VectorSelector':
        return { type: 'vector', series: this.selectVector(expr) };
      case 'MatrixSelector':
        return this.topLevelMatrix(this.rangeInput(expr));
      case 'SubqueryExpr':
        return this.topLevelMatrix(this.rangeInput(expr));
      case 'Call': {
        const impl = FUNCTION_IMPLS[expr.func];
        if (!impl) throw new EvalError(`unknown function ${expr.func}`, expr.pos);
        return impl(expr, this);
      }
      case 'AggregateExpr':
        return evalAggregate(expr, this);
      case 'BinaryExpr':
        return evalBinary(expr, this);
      default:
        return assertNever(expr);
    }
  }

  evalVector(expr: Expr): StepSeries[] {
    const v = this.eval(expr);
    if (v.type !== 'vector') throw new EvalError(`expected instant vector, got ${v.type}`, expr.pos);
    return v.series;
  }

  evalScalar(expr: Expr): Float64Array {
    const v = this.eval(expr);
    if (v.type !== 'scalar') throw new EvalError(`expected scalar, got ${v.type}`, expr.pos);
    return v.f;
  }

  private evalUnary(op: '+' | '-', inner: Expr): StepValue {
    const v = this.eval(inner);
    if (op === '+') return v;
    if (v.type === 'scalar') return { type: 'scalar', f: v.f.map((x) => -x) };
    if (v.type !== 'vector') throw new EvalError('unary minus needs a scalar or an instant vector', inner.pos);
    return {
      type: 'vector',
      series: v.series.map((s) => {
        const out = newStepSeries(s.labels, true, this.steps);
        out.has.set(s.has);
        for (let i = 0; i < this.steps; i++) {
          if (s.has[i] === FLOAT) out.f[i] = -s.f[i]!;
          // A negated histogram is a gauge.
          else if (s.has[i] === HISTOGRAM) (out.h ??= [])[i] = { ...scaleHistogram(s.h![i]!, -1), counterResetHint: 'gauge' };
        }
        return out;
      }),
    };
  }

  // -------------------------------------------------------------------------
  // Durations, `@` and offsets.

  /** A duration expression in ms (Prometheus computes in float seconds, then truncates to ms). */
  durationMs(d: DurationExpr): number {
    if (d.kind === 'DurationLiteral') return d.ms;
    const seconds = this.durationSeconds(d);
    return Math.trunc(Math.trunc(seconds * 1e9) / 1e6);
  }

  private durationSeconds(d: DurationExpr): number {
    switch (d.kind) {
      case 'DurationLiteral':
        return d.ms / 1000;
      case 'DurationParen':
        return this.durationSeconds(d.expr);
      case 'DurationUnary':
        return d.op === '-' ? -this.durationSeconds(d.expr) : this.durationSeconds(d.expr);
      case 'DurationBinary': {
        const a = this.durationSeconds(d.lhs);
        const b = this.durationSeconds(d.rhs);
        const r = durationBinary(d.op, a, b);
        if (r === undefined) throw new EvalError(d.op === '/' ? 'division by zero' : 'modulo by zero', d.pos);
        return r;
      }
      case 'DurationCall':
        switch (d.func) {
          case 'step':
            return this.ctx.queryStep / 1000;
          case 'range':
            return (this.ctx.queryEnd - this.ctx.queryStart) / 1000;
          case 'min_of':
            return Math.min(...d.args.map((a) => this.durationSeconds(a)));
          case 'max_of':
            return Math.max(...d.args.map((a) => this.durationSeconds(a)));
        }
    }
    return assertNever(d as never);
  }

  atMs(at: AtModifier | undefined): number | undefined {
    if (!at) return undefined;
    switch (at.kind) {
      case 'timestamp':
        return at.ms;
      case 'start':
        return this.ctx.queryStart;
      case 'end':
        return this.ctx.queryEnd;
    }
  }

  /** The per-step reference time of a selector: `@` (or the step time) minus the offset. */
  private refTimes(at: AtModifier | undefined, offset: DurationExpr | undefined): Float64Array {
    const pinned = this.atMs(at);
    const off = offset ? this.durationMs(offset) : 0;
    const out = new Float64Array(this.steps);
    for (let i = 0; i < this.steps; i++) out[i] = (pinned ?? this.times[i]!) - off;
    return out;
  }

  // -------------------------------------------------------------------------
  // Selectors.

  /** Counts a selection against the series and sample limits before anything is allocated for it. */
  private chargeSelection(series: number, steps: number, pos: PosRange): void {
    const { maxSeriesPerSelector, maxSamples } = this.ctx.limits;
    if (series > maxSeriesPerSelector) throw new EvalError(`selector selects ${series} series, over the limit of ${maxSeriesPerSelector}`, pos);
    this.ctx.loadedSamples += series * steps;
    if (this.ctx.loadedSamples > maxSamples)
      throw new EvalError(`query processing would load too many samples into memory (over the limit of ${maxSamples})`, pos);
  }

  selectVector(vs: VectorSelector): StepSeries[] {
    if (vs.smoothed) return smoothedVectorSelector(vs, this);
    const refs = this.refTimes(vs.at, vs.offset);
    // 2.x's lookback is closed, [ref - lookback, ref]; 3.x's left-open.
    const lookback = this.ctx.lookbackMs + this.ctx.semantics.rangeLowerSlackMs;
    const out: StepSeries[] = [];
    const selected = this.ctx.storage.select(allMatchers(vs), this.ctx.semantics.regexDotMatchesNewline);
    this.chargeSelection(selected.length, this.steps, vs.pos);
    for (const s of selected) {
      const res = newStepSeries(s.labels, false, this.steps);
      const hists = this.statsDecoding ? this.ctx.storage.statsHints(s.hists) : s.hists;
      const sampleT = new Float64Array(this.steps);
      const sampleSt = s.sts ? new Float64Array(this.steps) : undefined;
      let any = false;
      let j = -1; // index of the last sample with ts <= ref
      let prevRef = -Infinity;
      for (let i = 0; i < this.steps; i++) {
        const ref = refs[i]!;
        if (ref < prevRef) j = -1; // refs only go backwards with odd `@` use; restart the scan
        prevRef = ref;
        while (j + 1 < s.length && s.ts[j + 1]! <= ref) j++;
        if (j < 0) continue;
        const t = s.ts[j]!;
        if (t <= ref - lookback) continue;
        const v = s.vs[j]!;
        const h = hists?.get(j);
        if (h) {
          if (isStaleNaN(h.sum)) continue;
          res.has[i] = HISTOGRAM;
          (res.h ??= [])[i] = h;
        } else {
          if (isStaleNaN(v)) continue;
          res.has[i] = FLOAT;
          res.f[i] = v;
        }
        sampleT[i] = t;
        if (sampleSt) sampleSt[i] = s.sts![j]!;
        any = true;
      }
      if (!any) continue;
      res.sampleT = sampleT;
      if (sampleSt) res.sampleSt = sampleSt;
      out.push(res);
    }
    return out;
  }

  /** Evaluates a matrix selector or subquery argument into windows per step. */
  rangeInput(arg: Expr): RangeInput {
    const expr = unwrapParens(arg);
    if (expr.kind === 'MatrixSelector') return this.matrixSelectorInput(expr, arg.pos);
    if (expr.kind === 'SubqueryExpr') return this.subqueryInput(expr, arg.pos);
    throw new EvalError(`expected range vector, got ${expr.kind}`, arg.pos);
  }

  private matrixSelectorInput(ms: MatrixSelector, pos: PosRange): RangeInput {
    const vs = ms.vector;
    const storage = this.ctx.storage;
    const selected = storage.select(allMatchers(vs), this.ctx.semantics.regexDotMatchesNewline);
    this.chargeSelection(selected.length, this.steps, vs.pos);
    const series = selected.map((s) => {
      const view = storage.rangeView(s);
      const hists = this.statsDecoding ? storage.statsHints(view.hists) : view.hists;
      return { labels: s.labels, ts: view.ts, vs: view.vs, length: view.length, hists, sts: view.sts };
    });
    return {
      series,
      rangeMs: this.durationMs(ms.range),
      end: this.refTimes(vs.at, vs.offset),
      anchored: vs.anchored === true,
      smoothed: vs.smoothed === true,
      fromSubquery: false,
      selector: vs,
      pos,
    };
  }

  private subqueryInput(sq: SubqueryExpr, pos: PosRange): RangeInput {
    const rangeMs = this.durationMs(sq.range);
    const stepMs = sq.step ? this.durationMs(sq.step) : this.ctx.defaultSubqueryStepMs;
    if (stepMs <= 0) throw new EvalError('zero or negative subquery step', pos);
    const ends = this.refTimes(sq.at, sq.offset);
    let minEnd = Infinity;
    let maxEnd = -Infinity;
    for (const e of ends) {
      minEnd = Math.min(minEnd, e);
      maxEnd = Math.max(maxEnd, e);
    }
    // The first timestamp after (end - range) that is a multiple of the step
    // (Go integer division truncates toward zero, so negative times align the same way).
    const lowest = minEnd - rangeMs;
    // Before 3.0.1 the aligned step at exactly end - range is evaluated too.
    let start = stepMs * Math.trunc(lowest / stepMs);
    if (this.ctx.semantics.subqueryLowerSlackMs === 0 ? start <= lowest : start < lowest) start += stepMs;
    const n = start > maxEnd ? 0 : Math.floor((maxEnd - start) / stepMs) + 1;
    if (!(n <= this.ctx.limits.maxSteps))
      throw new EvalError(`subquery would evaluate ${Number.isFinite(n) ? n : 'too many'} steps, over the limit of ${this.ctx.limits.maxSteps}`, pos);
    const innerTimes = new Float64Array(n);
    for (let i = 0; i < n; i++) innerTimes[i] = start + i * stepMs;
    let inner: StepValue | undefined;
    if (n > 0) {
      const sub = new Evaluator(this.ctx, innerTimes);
      sub.statsDecoding = this.statsDecoding;
      inner = sub.eval(sq.expr);
    }
    const series: RangeSeries[] = [];
    const addSeries = (labels: Labels, dropName: boolean, f: Float64Array, has: Uint8Array, h: (FloatHistogram | undefined)[] | undefined): void => {
      let count = 0;
      for (let i = 0; i < n; i++) if (has[i] !== ABSENT) count++;
      if (count === 0) return;
      const ts = new Float64Array(count);
      const vs = new Float64Array(count);
      let hists: Map<number, FloatHistogram> | undefined;
      let j = 0;
      for (let i = 0; i < n; i++) {
        if (has[i] === ABSENT) continue;
        ts[j] = innerTimes[i]!;
        if (has[i] === HISTOGRAM) {
          vs[j] = Number.NaN;
          (hists ??= new Map()).set(j, subqueryHint(h![i]!));
        } else vs[j] = f[i]!;
        j++;
      }
      series.push({ labels, dropName, ts, vs, length: count, hists, sts: undefined });
    };
    if (inner?.type === 'vector') for (const s of inner.series) addSeries(s.labels, s.dropName, s.f, s.has, s.h);
    else if (inner?.type === 'scalar') addSeries([], false, inner.f, new Uint8Array(n).fill(FLOAT), undefined);
    return { series, rangeMs, end: ends, anchored: false, smoothed: false, fromSubquery: true, selector: undefined, pos };
  }

  /** A range vector as the final value of an instant query: the window at the (single) step. */
  private topLevelMatrix(input: RangeInput): StepValue {
    if (this.steps !== 1) throw new EvalError('cannot do range evaluation of matrix selector', input.pos);
    const end = input.end[0]!;
    const start = end - input.rangeMs;
    const series: MatrixSeries[] = [];
    if (input.anchored || input.smoothed) {
      const from = start - this.ctx.lookbackMs;
      const to = end + (input.smoothed ? this.ctx.lookbackMs : 0);
      for (const s of input.series) {
        const lo = lowerBound(s.ts, s.length, from);
        const hi = lowerBound(s.ts, s.length, to);
        const ext = extendFloats(s.ts.subarray(lo, hi), s.vs.subarray(lo, hi), start, end, input.smoothed);
        if (ext) series.push({ labels: s.labels, dropName: false, ts: ext.ts, vs: ext.vs, length: ext.ts.length, hists: undefined });
      }
      return { type: 'matrix', series };
    }
    const slack = windowLowerSlackMs(this.ctx.semantics, input);
    for (const s of input.series) {
      const lo = lowerBound(s.ts, s.length, start - slack);
      const hi = lowerBound(s.ts, s.length, end);
      if (hi <= lo) continue;
      let hists: Map<number, FloatHistogram> | undefined;
      if (s.hists) {
        for (let i = lo; i < hi; i++) {
          const h = s.hists.get(i);
          if (h) (hists ??= new Map()).set(i - lo, h);
        }
      }
      series.push({ labels: s.labels, dropName: s.dropName ?? false, ts: s.ts.slice(lo, hi), vs: s.vs.slice(lo, hi), length: hi - lo, hists });
    }
    return { type: 'matrix', series };
  }
}

/** Subquery results forget counter-reset knowledge, as in Prometheus. */
function subqueryHint(h: FloatHistogram): FloatHistogram {
  if (h.counterResetHint === 'reset' || h.counterResetHint === 'not_reset') return { ...h, counterResetHint: 'unknown' };
  return h;
}

/** How far below `end - range` a window over `input` reaches (see EngineSemantics). */
export function windowLowerSlackMs(semantics: EngineSemantics, input: RangeInput): number {
  return input.fromSubquery ? semantics.subqueryLowerSlackMs : semantics.rangeLowerSlackMs;
}

/** First index i in [0, n) with ts[i] > t: the start of a left-open window (t, …]. */
export function lowerBound(ts: Float64Array, n: number, t: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const NAME_LABELS: ReadonlySet<string> = new Set(['__name__', '__type__', '__unit__']);

/**
 * Removes the metric name (and type/unit metadata) from series flagged for it.
 * Series that end up with the same labels merge when they never have a
 * sample at the same step; at a shared step Prometheus fails the query.
 */
export function dropNamesNow(series: StepSeries[], steps: number, pos: PosRange): StepSeries[] {
  const out: StepSeries[] = [];
  const byKey = new Map<string, StepSeries>();
  for (const s of series) {
    if (!s.dropName) {
      out.push(s);
      continue;
    }
    const labels = s.labels.filter((l) => !NAME_LABELS.has(l.name));
    const key = labelsKey(labels);
    const seen = byKey.get(key);
    if (!seen) {
      const renamed: StepSeries = { ...s, labels, dropName: false };
      byKey.set(key, renamed);
      out.push(renamed);
      continue;
    }
    for (let i = 0; i < steps; i++) {
      if (!s.has[i]) continue;
      if (seen.has[i]) throw new EvalError(DUPLICATE_LABELSET, pos);
      seen.has[i] = s.has[i]!;
      seen.f[i] = s.f[i]!;
      if (s.h?.[i]) (seen.h ??= new Array(steps))[i] = s.h[i];
    }
  }
  // A renamed series may now equal one that kept its labels.
  const keys = new Set<string>();
  for (const s of out) {
    const key = labelsKey(s.labels);
    if (keys.has(key)) {
      const first = out.find((x) => x !== s && labelsKey(x.labels) === key)!;
      for (let i = 0; i < steps; i++) if (s.has[i] && first.has[i]) throw new EvalError(DUPLICATE_LABELSET, pos);
    }
    keys.add(key);
  }
  return out;
}

/** The children an evaluator evaluates itself: a subquery's expression is evaluated by another, at its own steps. */
function sameEvaluatorChildren(e: Expr): readonly Expr[] {
  return e.kind === 'SubqueryExpr' || e.kind === 'MatrixSelector' ? [] : children(e);
}
