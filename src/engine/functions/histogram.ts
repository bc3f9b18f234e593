// histogram_quantile and histogram_fraction over classic (`le`-labelled)
// buckets, following promql/quantile.go: buckets are grouped by their labels
// without `le`, sorted, coalesced, corrected for float precision and forced
// monotonic (with an info annotation when that changed anything). Native
// histogram inputs are not supported yet and raise an explicit error.

import type { Call, Expr } from '../../promql/ast.js';
import { type Labels, METRIC_NAME_LABEL, getLabel, labelsKey, withLabel } from '../../model/labels.js';
import { formatFloatForLabel } from '../format.js';
import { parseGoFloat } from '../../go/strconv.js';
import { ANNOTATIONS } from '../annotations.js';
import { EvalError, HISTOGRAM, type StepSeries, type StepValue } from '../types.js';
import type { Evaluator } from '../evaluator.js';
import { SeriesCollector } from '../collect.js';
import type { FunctionImpl } from './types.js';
import { mapHistograms } from './histogram-native.js';
import type { FloatHistogram } from '../../model/histogram.js';
import { allBuckets, nativeHistogramFraction, nativeHistogramQuantile } from '../histogram-buckets.js';
import { CUSTOM_BUCKETS_SCHEMA } from '../../model/histogram.js';
import { kahanSumInc } from '../quantile.js';

export interface Bucket {
  upperBound: number;
  count: number;
}

function coalesce(buckets: Bucket[]): Bucket[] {
  const out: Bucket[] = [];
  for (const b of buckets) {
    const last = out[out.length - 1];
    if (last && last.upperBound === b.upperBound) last.count += b.count;
    else out.push({ ...b });
  }
  return out;
}

/** Go's almost.Equal. */
function almostEqual(a: number, b: number, epsilon: number): boolean {
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (a === b) return true;
  const absSum = Math.abs(a) + Math.abs(b);
  const diff = Math.abs(a - b);
  const minNormal = 2.2250738585072014e-308;
  if (a === 0 || b === 0 || absSum < minNormal) return diff < epsilon * minNormal;
  return diff / Math.min(absSum, Number.MAX_VALUE) < epsilon;
}

/**
 * Ignores numerically insignificant differences between neighbouring
 * cumulative counts, then removes decreases; reports whether a real decrease
 * had to be removed (Prometheus's ensureMonotonicAndIgnoreSmallDeltas).
 */
function ensureMonotonic(buckets: Bucket[]): boolean {
  let forced = false;
  let prev = buckets[0]!.count;
  for (let i = 1; i < buckets.length; i++) {
    const curr = buckets[i]!.count;
    if (curr === prev) continue;
    if (almostEqual(prev, curr, SMALL_DELTA_TOLERANCE)) {
      buckets[i]!.count = prev;
      continue;
    }
    if (curr < prev) {
      buckets[i]!.count = prev;
      forced = true;
      continue;
    }
    prev = curr;
  }
  return forced;
}

const SMALL_DELTA_TOLERANCE = 1e-12;

function prepare(raw: Bucket[]): { buckets: Bucket[]; forced: boolean } | undefined {
  const sorted = [...raw].sort((a, b) => (a.upperBound < b.upperBound ? -1 : a.upperBound > b.upperBound ? 1 : 0));
  if (sorted[sorted.length - 1]!.upperBound !== Infinity) return undefined;
  const buckets = coalesce(sorted);
  const forced = ensureMonotonic(buckets);
  return { buckets, forced };
}

/** The q-quantile of classic buckets, and whether monotonicity had to be forced. */
export function bucketQuantile(q: number, raw: Bucket[]): { value: number; forced: boolean } {
  if (Number.isNaN(q)) return { value: Number.NaN, forced: false };
  if (q < 0) return { value: -Infinity, forced: false };
  if (q > 1) return { value: Infinity, forced: false };
  const prepared = prepare(raw);
  if (!prepared) return { value: Number.NaN, forced: false };
  const { buckets, forced } = prepared;
  if (buckets.length < 2) return { value: Number.NaN, forced: false };
  const observations = buckets[buckets.length - 1]!.count;
  if (observations === 0) return { value: Number.NaN, forced: false };
  let rank = q * observations;
  let b = 0;
  while (b < buckets.length - 1 && !(buckets[b]!.count >= rank)) b++;
  if (b === buckets.length - 1) return { value: buckets[buckets.length - 2]!.upperBound, forced };
  if (b === 0 && buckets[0]!.upperBound <= 0) return { value: buckets[0]!.upperBound, forced };
  let bucketStart = 0;
  const bucketEnd = buckets[b]!.upperBound;
  let count = buckets[b]!.count;
  if (b > 0) {
    bucketStart = buckets[b - 1]!.upperBound;
    count -= buckets[b - 1]!.count;
    rank -= buckets[b - 1]!.count;
  }
  return { value: bucketStart + (bucketEnd - bucketStart) * (rank / count), forced };
}

/** Fraction of observations in (lower, upper] for classic buckets, interpolating linearly inside buckets. */
export function bucketFraction(lower: number, upper: number, raw: Bucket[]): { value: number; forced: boolean } {
  const prepared = prepare(raw);
  if (!prepared) return { value: Number.NaN, forced: false };
  const { buckets, forced } = prepared;
  const total = buckets[buckets.length - 1]!.count;
  if (total === 0 || Number.isNaN(lower) || Number.isNaN(upper)) return { value: Number.NaN, forced };
  if (lower >= upper) return { value: 0, forced };
  // Cumulative count at x: interpolation within the bucket containing x.
  const rankAt = (x: number): number => {
    let prevUpper = -Infinity;
    let prevCount = 0;
    for (const b of buckets) {
      const lo = prevUpper === -Infinity ? (b.upperBound > 0 ? 0 : -Infinity) : prevUpper;
      if (x <= b.upperBound) {
        if (x <= lo) return prevCount;
        if (lo === -Infinity || b.upperBound === Infinity) return x === b.upperBound ? b.count : prevCount;
        return prevCount + ((b.count - prevCount) * (x - lo)) / (b.upperBound - lo);
      }
      prevUpper = b.upperBound;
      prevCount = b.count;
    }
    return total;
  };
  return { value: (rankAt(upper) - rankAt(lower)) / total, forced };
}

interface BucketGroup {
  labels: Labels;
  name: string;
  buckets: Bucket[];
}

interface NativeSample {
  labels: Labels;
  h: FloatHistogram;
}

/**
 * What grouping needs of each input series, worked out once per call rather
 * than at every step (the labels do not change between steps): its classic
 * group (the labels without `le`) and upper bound, and the group a native
 * histogram with its labels would collide with.
 */
interface ClassicPlan {
  readonly input: readonly StepSeries[];
  /** Per input series: its group, or -1 where `le` is not a float. */
  readonly groupOf: Int32Array;
  readonly upperBound: Float64Array;
  /** Per input series: the group whose key is the series' whole label set, or -1. */
  readonly collidesWith: Int32Array;
  readonly groupLabels: Labels[];
  readonly groupName: string[];
  /** Per group: the last step it had a bucket at, and the last step it was dropped at. */
  readonly seenAt: Int32Array;
  readonly droppedAt: Int32Array;
  readonly buckets: Bucket[][];
}

function classicPlan(input: readonly StepSeries[]): ClassicPlan {
  const byKey = new Map<string, number>();
  const groupLabels: Labels[] = [];
  const groupName: string[] = [];
  const groupOf = new Int32Array(input.length).fill(-1);
  const upperBound = new Float64Array(input.length);
  input.forEach((s, j) => {
    const parsed = parseGoFloat(getLabel(s.labels, 'le') ?? '');
    if (!parsed.ok) return;
    upperBound[j] = parsed.value;
    const base = s.labels.filter((l) => l.name !== 'le');
    const key = labelsKey(base);
    let g = byKey.get(key);
    if (g === undefined) {
      g = groupLabels.length;
      byKey.set(key, g);
      groupLabels.push(base.filter((l) => l.name !== METRIC_NAME_LABEL));
      groupName.push(getLabel(s.labels, METRIC_NAME_LABEL) ?? '');
    }
    groupOf[j] = g;
  });
  const collidesWith = Int32Array.from(input, (s) => byKey.get(labelsKey(s.labels)) ?? -1);
  const n = groupLabels.length;
  return {
    input,
    groupOf,
    upperBound,
    collidesWith,
    groupLabels,
    groupName,
    seenAt: new Int32Array(n).fill(-1),
    droppedAt: new Int32Array(n).fill(-1),
    buckets: groupLabels.map(() => []),
  };
}

/**
 * Classic bucket groups and native histogram samples at one step, groups in
 * the order of their first bucket. A native histogram with the same labels
 * as a classic group (minus `le`) makes both ambiguous: the group is dropped
 * with a warning and the native sample skipped.
 */
function classicGroups(
  call: Call,
  ev: Evaluator,
  plan: ClassicPlan,
  step: number,
  arg = call.args[call.args.length - 1]!,
): { groups: BucketGroup[]; natives: NativeSample[] } {
  const { input, groupOf, seenAt, droppedAt, buckets } = plan;
  const order: number[] = [];
  const nativeSeries: number[] = [];
  for (let j = 0; j < input.length; j++) {
    const s = input[j]!;
    const kind = s.has[step];
    if (kind === 0) continue;
    if (kind === HISTOGRAM) {
      nativeSeries.push(j);
      continue;
    }
    const g = groupOf[j]!;
    if (g < 0) {
      ev.ctx.annotations.add(ANNOTATIONS.badBucketLabel(getLabel(s.labels, METRIC_NAME_LABEL) ?? '', getLabel(s.labels, 'le') ?? '', arg.pos));
      continue;
    }
    if (seenAt[g] !== step) {
      seenAt[g] = step;
      buckets[g] = [];
      order.push(g);
    }
    buckets[g]!.push({ upperBound: plan.upperBound[j]!, count: s.f[step]! });
  }
  const natives: NativeSample[] = [];
  for (const j of nativeSeries) {
    const s = input[j]!;
    const g = plan.collidesWith[j]!;
    if (g >= 0 && seenAt[g] === step && droppedAt[g] !== step) {
      ev.ctx.annotations.add(ANNOTATIONS.mixedClassicNativeHistograms(getLabel(s.labels, METRIC_NAME_LABEL) ?? '', arg.pos));
      droppedAt[g] = step;
      continue;
    }
    natives.push({ labels: s.labels, h: s.h![step]! });
  }
  const groups: BucketGroup[] = [];
  for (const g of order) if (droppedAt[g] !== step) groups.push({ labels: plan.groupLabels[g]!, name: plan.groupName[g]!, buckets: buckets[g]! });
  return { groups, natives };
}

/** Evaluates a histogram_quantile/fraction argument, which needs whole histograms (no stats decoding). */
function evalFullHistograms(expr: Expr, ev: Evaluator): StepSeries[] {
  const saved = ev.statsDecoding;
  ev.statsDecoding = false;
  try {
    return ev.evalVector(expr);
  } finally {
    ev.statsDecoding = saved;
  }
}

function bucketFunction(
  call: Call,
  ev: Evaluator,
  scalarArgs: Float64Array[],
  compute: (args: number[], b: Bucket[]) => { value: number; forced: boolean },
  computeNative: (args: number[], h: FloatHistogram) => number,
): StepValue {
  const plan = classicPlan(evalFullHistograms(call.args[call.args.length - 1]!, ev));
  const collector = new SeriesCollector(ev.steps, call.pos);
  for (let i = 0; i < ev.steps; i++) {
    const { groups, natives } = classicGroups(call, ev, plan, i);
    const args = scalarArgs.map((a) => a[i]!);
    for (const n of natives) {
      const value = computeNative(args, n.h);
      if (Number.isNaN(n.h.sum)) {
        const name = getLabel(n.labels, METRIC_NAME_LABEL) ?? '';
        const pos = call.args[call.args.length - 1]!.pos;
        ev.ctx.annotations.add(
          call.func === 'histogram_fraction'
            ? ANNOTATIONS.fractionNaNObservations(name, pos)
            : ANNOTATIONS.quantileNaNObservations(Number.isNaN(value), name, pos),
        );
      }
      collector.add(i, { labels: n.labels, f: value, h: undefined, dropName: true });
    }
    for (const g of groups) {
      if (g.buckets.length === 0) continue;
      const { value, forced } = compute(
        scalarArgs.map((a) => a[i]!),
        g.buckets,
      );
      if (forced && call.func === 'histogram_quantile') {
        ev.ctx.annotations.add(ANNOTATIONS.histogramQuantileForcedMonotonicity(g.name, call.args[1]!.pos));
      }
      collector.add(i, { labels: g.labels, f: value, h: undefined, dropName: true });
    }
  }
  return { type: 'vector', series: collector.series };
}

/** histogram_quantiles(v, "label", q1, q2, …): one output series per quantile, labelled with it. */
function histogramQuantiles(call: Call, ev: Evaluator): StepValue {
  const [vecArg, labelArg, ...qArgs] = call.args;
  const labelValue = ev.eval(labelArg!);
  if (labelValue.type !== 'string') throw new EvalError('expected a label name', labelArg!.pos);
  const label = labelValue.value;
  const qs = qArgs.map((a) => ev.evalScalar(a));
  qs.forEach((q, k) => {
    for (const v of q) if (Number.isNaN(v) || v < 0 || v > 1) ev.ctx.annotations.add(ANNOTATIONS.invalidQuantile(v, qArgs[k]!.pos));
  });
  const plan = classicPlan(evalFullHistograms(vecArg!, ev));
  const collector = new SeriesCollector(ev.steps, call.pos);
  for (let i = 0; i < ev.steps; i++) {
    const { groups, natives } = classicGroups(call, ev, plan, i, vecArg!);
    for (const n of natives) {
      for (const q of qs) {
        const value = nativeHistogramQuantile(q[i]!, n.h);
        if (Number.isNaN(n.h.sum))
          ev.ctx.annotations.add(ANNOTATIONS.quantileNaNObservations(Number.isNaN(value), getLabel(n.labels, METRIC_NAME_LABEL) ?? '', vecArg!.pos));
        collector.add(i, { labels: withLabel(n.labels, label, formatFloatForLabel(q[i]!)), f: value, h: undefined, dropName: true });
      }
    }
    for (const g of groups) {
      if (g.buckets.length === 0) continue;
      for (const q of qs) {
        const { value, forced } = bucketQuantile(q[i]!, g.buckets);
        if (forced) ev.ctx.annotations.add(ANNOTATIONS.histogramQuantileForcedMonotonicity(g.name, vecArg!.pos));
        collector.add(i, { labels: withLabel(g.labels, label, formatFloatForLabel(q[i]!)), f: value, h: undefined, dropName: true });
      }
    }
  }
  return { type: 'vector', series: collector.series };
}

/**
 * Estimated variance of the observations: each bucket's count sits at its
 * geometric mean (exponential buckets), arithmetic mean (custom buckets) or
 * 0 (zero bucket), Kahan-summed as in Prometheus.
 */
function histogramVariance(h: FloatHistogram): number {
  const mean = h.sum / h.count;
  let variance = 0;
  let c = 0;
  const custom = h.schema === CUSTOM_BUCKETS_SCHEMA;
  for (const b of allBuckets(h)) {
    if (b.count === 0) continue;
    let val: number;
    if (custom) val = (b.upper + b.lower) / 2;
    else if (b.lower <= 0 && b.upper >= 0) val = 0;
    else {
      val = Math.sqrt(b.upper * b.lower);
      if (b.upper < 0) val = -val;
    }
    const delta = val - mean;
    [variance, c] = kahanSumInc(b.count * delta * delta, variance, c);
  }
  return (variance + c) / h.count;
}

export const HISTOGRAM_FUNCTIONS: Record<string, FunctionImpl> = {
  histogram_quantile: (call, ev) => {
    const q = ev.evalScalar(call.args[0]!);
    for (const v of q) if (Number.isNaN(v) || v < 0 || v > 1) ev.ctx.annotations.add(ANNOTATIONS.invalidQuantile(v, call.args[0]!.pos));
    return bucketFunction(
      call,
      ev,
      [q],
      ([qv], b) => bucketQuantile(qv!, b),
      ([qv], h) => nativeHistogramQuantile(qv!, h),
    );
  },
  histogram_fraction: (call, ev) => {
    const lower = ev.evalScalar(call.args[0]!);
    const upper = ev.evalScalar(call.args[1]!);
    return bucketFunction(
      call,
      ev,
      [lower, upper],
      ([lo, up], b) => bucketFraction(lo!, up!, b),
      ([lo, up], h) => nativeHistogramFraction(lo!, up!, h),
    );
  },
  histogram_count: mapHistograms((h) => h.count),
  histogram_sum: mapHistograms((h) => h.sum),
  histogram_avg: mapHistograms((h) => h.sum / h.count),
  histogram_stddev: mapHistograms((h) => Math.sqrt(histogramVariance(h))),
  histogram_stdvar: mapHistograms(histogramVariance),
  histogram_quantiles: histogramQuantiles,
};
