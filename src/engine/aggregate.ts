// Aggregation operators. Groups are computed once per input series (labels
// do not change between steps); the numeric aggregations then fold each step
// into per-group accumulators with the same arithmetic as Prometheus
// (Kahan-compensated sum and mean, Welford-style stddev/stdvar). topk,
// bottomk, limitk, limit_ratio and count_values keep input labels and are
// assembled through a SeriesCollector.

import type { AggregateExpr } from '../promql/ast.js';
import { type Labels, METRIC_NAME_LABEL, getLabel, labelsKey } from '../model/labels.js';
import type { FloatHistogram } from '../model/histogram.js';
import { compactHistogram } from '../model/histogram.js';
import { addHistograms, subHistograms } from '../model/histogram-ops.js';
import { EvalError, FLOAT, HISTOGRAM, type StepSeries, type StepValue, newStepSeries } from './types.js';
import { SeriesCollector, type StepSample } from './collect.js';
import type { Evaluator } from './evaluator.js';
import { ANNOTATIONS, formatGoFloat } from './annotations.js';
import { floatQuantile } from './quantile.js';
import { type MeanAccumulators, kahanAddAt, meanAddAt, meanResultAt, replacesMax, replacesMin } from './aggregate-steps.js';
import { heapFix, heapPush, insertionSort } from './go-heap.js';
import { scaleHistogram } from './histogram-math.js';
import { formatFloatForLabel } from './format.js';
import { limitRatioKeeps } from './limit-ratio.js';
import { unwrapParens } from '../promql/ast.js';
import { CUSTOM_BUCKETS_SCHEMA } from '../model/histogram.js';
import { allBuckets } from './histogram-buckets.js';
import { fastAggregate, hasHistogramSamples, isFastAggregateOp } from './aggregate-fast.js';
import { fastPaths } from './fast-paths.js';
import { type KahanHistogram, histogramOverflowed, kahanAddHistogram, kahanHistogramResult } from './histogram-kahan.js';

const MAX_INT64 = 2 ** 63; // Go's MaxInt64 as a float64 (exactly 2^63)
const MIN_INT64 = -9223372036854775808;

function groupingLabels(ls: Labels, grouping: readonly string[], without: boolean): Labels {
  if (without) {
    const drop = new Set([...grouping, METRIC_NAME_LABEL]);
    return ls.filter((l) => !drop.has(l.name));
  }
  if (grouping.length === 0) return [];
  const keep = new Set(grouping);
  return ls.filter((l) => keep.has(l.name));
}

interface Group {
  labels: Labels;
  out: StepSeries;
}

export function evalAggregate(e: AggregateExpr, ev: Evaluator): StepValue {
  const steps = ev.steps;
  const grouping = [...e.grouping].sort();
  if (e.op === 'count_values') return countValues(e, ev, grouping);

  let params: Float64Array | undefined;
  if (e.param) params = ev.evalScalar(e.param);
  const input = ev.evalVector(e.expr);

  // Group membership, computed once.
  const groupIndex = new Int32Array(input.length);
  const groups: Group[] = [];
  const byKey = new Map<string, number>();
  for (let si = 0; si < input.length; si++) {
    const labels = groupingLabels(input[si]!.labels, grouping, e.without);
    const key = labelsKey(labels);
    let gi = byKey.get(key);
    if (gi === undefined) {
      gi = groups.length;
      byKey.set(key, gi);
      groups.push({ labels, out: newStepSeries(labels, false, steps) });
    }
    groupIndex[si] = gi;
  }

  switch (e.op) {
    case 'topk':
    case 'bottomk':
    case 'limitk':
    case 'limit_ratio':
      return { type: 'vector', series: selectK(e, ev, input, groupIndex, groups.length, params!) };
    case 'quantile': {
      const p = params!;
      const paramPos = e.param!.pos;
      for (const q of p) {
        if (Number.isNaN(q) || q < 0 || q > 1) ev.ctx.annotations.add(ANNOTATIONS.invalidQuantile(q, paramPos));
      }
      break;
    }
    default:
      break;
  }

  if (fastPaths.enabled && isFastAggregateOp(e.op) && !hasHistogramSamples(input)) {
    const outputs = groups.map((g) => g.out);
    fastAggregate(e.op, input, groupIndex, outputs, steps);
    return { type: 'vector', series: outputs.filter((s) => s.has.some((k) => k !== 0)) };
  }

  const n = groups.length;
  const seen = new Uint8Array(n);
  const val = new Float64Array(n);
  const comp = new Float64Array(n);
  const mean = new Float64Array(n);
  const count = new Float64Array(n);
  const incremental = new Uint8Array(n);
  const meanAcc: MeanAccumulators = { sums: val, comps: comp, means: mean, counts: count, incremental };
  const hasFloat = new Uint8Array(n);
  const hasHist = new Uint8Array(n);
  const invalid = new Uint8Array(n);
  const dropName = new Uint8Array(n);
  const resetSeen = new Uint8Array(n);
  const notResetSeen = new Uint8Array(n);
  const noteHint = (g: number, h: FloatHistogram): void => {
    if (h.counterResetHint === 'reset') resetSeen[g] = 1;
    else if (h.counterResetHint === 'not_reset') notResetSeen[g] = 1;
  };
  /** Adds or subtracts histograms for a group; on incompatible schemas marks the group invalid with a warning. */
  const combine = (g: number, res: ReturnType<typeof addHistograms>, s: StepSeries): FloatHistogram | undefined => {
    if (!res.ok) {
      ev.ctx.annotations.add(ANNOTATIONS.mixedExponentialCustom(getLabel(s.labels, METRIC_NAME_LABEL) ?? '', exprPos));
      invalid[g] = 1;
      return undefined;
    }
    if (res.nhcbBoundsReconciled) ev.ctx.annotations.add(ANNOTATIONS.customBucketsReconciled('aggregation', exprPos));
    return res.histogram;
  };
  const hist: (FloatHistogram | undefined)[] = new Array(n);
  /** Kahan-compensated histogram sums (sum, and avg unless the sum overflows). */
  const kahan: (KahanHistogram | undefined)[] = new Array(n);
  const values: number[][] = [];
  const exprPos = e.expr.pos;
  const op = e.op;

  for (let i = 0; i < steps; i++) {
    seen.fill(0);
    for (let si = 0; si < input.length; si++) {
      const s = input[si]!;
      const kind = s.has[i];
      if (kind === 0) continue;
      const g = groupIndex[si]!;
      const f = s.f[i]!;
      const h = kind === HISTOGRAM ? s.h![i] : undefined;
      if (!seen[g]) {
        seen[g] = 1;
        val[g] = f;
        mean[g] = f;
        comp[g] = 0;
        count[g] = 1;
        incremental[g] = 0;
        hasFloat[g] = 0;
        hasHist[g] = 0;
        invalid[g] = 0;
        resetSeen[g] = 0;
        notResetSeen[g] = 0;
        hist[g] = undefined;
        dropName[g] = s.dropName ? 1 : 0;
        switch (op) {
          case 'sum':
          case 'avg':
            kahan[g] = undefined;
            if (h) {
              hist[g] = h;
              kahan[g] = { sum: h, comp: undefined };
              hasHist[g] = 1;
              noteHint(g, h);
            } else hasFloat[g] = 1;
            break;
          case 'stddev':
          case 'stdvar':
            if (h) {
              seen[g] = 0;
              ev.ctx.annotations.add(ANNOTATIONS.histogramIgnoredInAggregation(op, exprPos));
            } else val[g] = Number.isFinite(f) || ev.ctx.semantics.loneNonFiniteStddevIsZero ? 0 : Number.NaN;
            break;
          case 'quantile':
            if (h) {
              seen[g] = 0;
              ev.ctx.annotations.add(ANNOTATIONS.histogramIgnoredInAggregation(op, exprPos));
            }
            values[g] = [f];
            break;
          case 'group':
            val[g] = 1;
            break;
          case 'min':
          case 'max':
            if (h) {
              seen[g] = 0;
              ev.ctx.annotations.add(ANNOTATIONS.histogramIgnoredInAggregation(op, exprPos));
            }
            break;
          default:
            break;
        }
        continue;
      }
      if (invalid[g]) continue;
      if (s.dropName) dropName[g] = 1;
      switch (op) {
        case 'sum':
          if (h) {
            hasHist[g] = 1;
            const acc = hist[g];
            if (acc) {
              noteHint(g, h);
              const sum = combine(g, kahanAddHistogram(kahan[g]!, h), s);
              if (sum) hist[g] = sum;
            }
          } else {
            hasFloat[g] = 1;
            kahanAddAt(val, comp, g, f);
          }
          break;
        case 'avg':
          count[g] = count[g]! + 1;
          if (h) {
            hasHist[g] = 1;
            const acc = hist[g];
            if (acc) {
              noteHint(g, h);
              if (!combine(g, kahanAddHistogram(kahan[g]!, h), s)) continue;
              const left = scaleHistogram(h, 1 / count[g]!);
              const right = scaleHistogram(acc, 1 / count[g]!);
              const diff = combine(g, subHistograms(left, right), s);
              if (!diff) continue;
              const sum = combine(g, addHistograms(acc, diff), s);
              if (!sum) continue;
              hist[g] = sum;
            }
          } else {
            hasFloat[g] = 1;
            meanAddAt(meanAcc, g, f);
          }
          break;
        case 'group':
          break;
        case 'max':
          if (h) {
            ev.ctx.annotations.add(ANNOTATIONS.histogramIgnoredInAggregation(op, exprPos));
            continue;
          }
          if (replacesMax(val[g]!, f)) val[g] = f;
          break;
        case 'min':
          if (h) {
            ev.ctx.annotations.add(ANNOTATIONS.histogramIgnoredInAggregation(op, exprPos));
            continue;
          }
          if (replacesMin(val[g]!, f)) val[g] = f;
          break;
        case 'count':
          count[g] = count[g]! + 1;
          break;
        case 'stddev':
        case 'stdvar':
          if (h) {
            ev.ctx.annotations.add(ANNOTATIONS.histogramIgnoredInAggregation(op, exprPos));
            continue;
          }
          count[g] = count[g]! + 1;
          {
            const delta = f - mean[g]!;
            mean[g] = mean[g]! + delta / count[g]!;
            val[g] = val[g]! + delta * (f - mean[g]!);
          }
          break;
        case 'quantile':
          if (h) {
            ev.ctx.annotations.add(ANNOTATIONS.histogramIgnoredInAggregation(op, exprPos));
            continue;
          }
          values[g]!.push(f);
          break;
        default:
          throw new EvalError(`unexpected aggregation ${op}`, e.pos);
      }
    }

    for (let g = 0; g < n; g++) {
      if (!seen[g]) continue;
      let f = val[g]!;
      let h: FloatHistogram | undefined;
      switch (op) {
        case 'avg':
        case 'sum':
          if (hasFloat[g] && hasHist[g]) {
            ev.ctx.annotations.add(ANNOTATIONS.mixedFloatsHistogramsAggregation(exprPos));
            continue;
          }
          if (invalid[g]) continue;
          if (resetSeen[g] && notResetSeen[g]) ev.ctx.annotations.add(ANNOTATIONS.counterResetCollision('aggregation', exprPos));
          if (hasHist[g]) {
            const k = kahan[g]!;
            if (op === 'sum') h = compactHistogram(kahanHistogramResult(k));
            // The direct mean of the compensated sum, unless the sum overflowed.
            else if (!histogramOverflowed(k.sum)) h = compactHistogram(scaleHistogram(kahanHistogramResult(k), 1 / count[g]!));
            else h = compactHistogram(hist[g]!);
          } else if (op === 'sum') f = val[g]! + comp[g]!;
          else f = meanResultAt(meanAcc, g);
          break;
        case 'count':
          f = count[g]!;
          break;
        case 'stdvar':
          f = val[g]! / count[g]!;
          break;
        case 'stddev':
          f = Math.sqrt(val[g]! / count[g]!);
          break;
        case 'quantile':
          f = floatQuantile(params![i]!, values[g]!);
          break;
        default:
          break;
      }
      const out = groups[g]!.out;
      if (h) {
        out.has[i] = HISTOGRAM;
        (out.h ??= [])[i] = h;
      } else {
        out.has[i] = FLOAT;
        out.f[i] = f;
      }
      if (dropName[g]) out.dropName = true;
    }
  }
  return { type: 'vector', series: groups.map((g) => g.out).filter((s) => s.has.some((k) => k !== 0)) };
}

// ---------------------------------------------------------------------------
// topk, bottomk, limitk, limit_ratio.

function sampleOf(s: StepSeries, i: number): StepSample {
  return { labels: s.labels, f: s.f[i]!, h: s.has[i] === HISTOGRAM ? s.h![i] : undefined, dropName: s.dropName };
}

const byValueLess = (a: StepSample, b: StepSample): boolean => Number.isNaN(a.f) || a.f < b.f;
const byReverseValueLess = (a: StepSample, b: StepSample): boolean => Number.isNaN(a.f) || a.f > b.f;

function selectK(e: AggregateExpr, ev: Evaluator, input: StepSeries[], groupIndex: Int32Array, groupCount: number, params: Float64Array): StepSeries[] {
  const steps = ev.steps;
  const op = e.op;
  let max = -Infinity;
  let min = Infinity;
  let anyNaN = false;
  for (const p of params) {
    if (Number.isNaN(p)) anyNaN = true;
    else {
      max = Math.max(max, p);
      min = Math.min(min, p);
    }
  }
  if (op === 'limit_ratio') {
    if (max === 0 && min === 0 && !anyNaN) return [];
    if (anyNaN) throw new EvalError('Ratio value is NaN', e.param!.pos);
    if (max > 1) ev.ctx.annotations.add(ANNOTATIONS.invalidRatio(max, 1, e.param!.pos));
    if (min < -1) ev.ctx.annotations.add(ANNOTATIONS.invalidRatio(min, -1, e.param!.pos));
  } else {
    if (max < 1 && !anyNaN) return [];
    if (anyNaN) throw new EvalError('Parameter value is NaN', e.param!.pos);
    if (min <= MIN_INT64) throw new EvalError(`Scalar value ${min} underflows int64`, e.param!.pos);
    if (max >= MAX_INT64) throw new EvalError(`Scalar value ${max} overflows int64`, e.param!.pos);
  }
  const collector = new SeriesCollector(steps, e.pos);
  for (let i = 0; i < steps; i++) {
    const p = params[i]!;
    const heaps: (StepSample[] | undefined)[] = new Array(groupCount);
    let k = 0;
    let r = 0;
    if (op === 'limit_ratio') {
      if (p === 0) continue;
      r = Math.max(-1, Math.min(1, p));
    } else {
      k = Math.min(Math.trunc(p), input.length);
      if (k < 1) continue;
    }
    for (let si = 0; si < input.length; si++) {
      const s = input[si]!;
      const kind = s.has[i];
      if (kind === 0) continue;
      const f = s.f[i]!;
      const g = groupIndex[si]!;
      let heap = heaps[g];
      if (!heap) heaps[g] = heap = [];
      switch (op) {
        case 'topk':
        case 'bottomk': {
          if (kind === HISTOGRAM) {
            ev.ctx.annotations.add(ANNOTATIONS.histogramIgnoredInAggregation(op, e.pos));
            break;
          }
          const less = op === 'topk' ? byValueLess : byReverseValueLess;
          // Samples are only materialised when they enter a heap: most do not.
          if (heap.length < k) heapPush(heap, sampleOf(s, i), less);
          else if ((op === 'topk' ? heap[0]!.f < f : heap[0]!.f > f) || (Number.isNaN(heap[0]!.f) && !Number.isNaN(f))) {
            heap[0] = sampleOf(s, i);
            if (k > 1) heapFix(heap, 0, less);
          }
          break;
        }
        case 'limitk':
          if (heap.length < k) heapPush(heap, sampleOf(s, i), byValueLess);
          break;
        case 'limit_ratio':
          if (limitRatioKeeps(r, s.labels)) heapPush(heap, sampleOf(s, i), byValueLess);
          break;
        default:
          break;
      }
    }
    for (const heap of heaps) {
      if (!heap) continue;
      if (op === 'topk') insertionSort(heap, (a, b) => byValueLess(b, a));
      else if (op === 'bottomk') insertionSort(heap, (a, b) => byReverseValueLess(b, a));
      for (const s of heap) collector.add(i, s);
    }
  }
  return collector.series;
}

// ---------------------------------------------------------------------------
// count_values.

function countValues(e: AggregateExpr, ev: Evaluator, grouping: string[]): StepValue {
  const param = e.param ? unwrapParens(e.param) : undefined;
  if (!param || param.kind !== 'StringLiteral') throw new EvalError('count_values needs a string parameter', e.pos);
  const valueLabel = param.value;
  // U+FFFD stands for bytes that were not valid UTF-8 in the query text.
  if (valueLabel === '' || valueLabel.includes('\uFFFD')) throw new EvalError(`invalid label name ${JSON.stringify(valueLabel)}`, param.pos);
  const effectiveGrouping = e.without ? grouping : [...grouping, valueLabel].sort();
  const input = ev.evalVector(e.expr);
  const collector = new SeriesCollector(ev.steps, e.pos);
  for (let i = 0; i < ev.steps; i++) {
    const counts = new Map<string, { labels: Labels; n: number }>();
    for (const s of input) {
      const kind = s.has[i];
      if (kind === 0) continue;
      const text = kind === FLOAT ? formatFloatForLabel(s.f[i]!) : histogramString(s.h![i]!);
      const metric = s.labels.filter((l) => l.name !== valueLabel);
      metric.push({ name: valueLabel, value: text });
      metric.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const labels = groupingLabels(metric, effectiveGrouping, e.without);
      const key = labelsKey(labels);
      const c = counts.get(key);
      if (c) c.n++;
      else counts.set(key, { labels, n: 1 });
    }
    for (const { labels, n } of counts.values()) collector.add(i, { labels, f: n, h: undefined, dropName: false });
  }
  return { type: 'vector', series: collector.series };
}

/** Prometheus's FloatHistogram.String(): count, sum, then the non-empty buckets with their bounds. */
function histogramString(h: FloatHistogram): string {
  const parts = [`count:${formatGoFloat(h.count)}`, `sum:${formatGoFloat(h.sum)}`];
  const custom = h.schema === CUSTOM_BUCKETS_SCHEMA;
  for (const b of allBuckets(h)) {
    if (b.count === 0) continue;
    const lo = formatGoFloat(b.lower);
    const hi = formatGoFloat(b.upper);
    let range: string;
    if (!custom && b.lower === -h.zeroThreshold && b.upper === h.zeroThreshold && b.count === h.zeroCount && b.lower < 0) range = `[${lo},${hi}]`;
    else if (b.upper <= 0 && !custom) range = `[${lo},${hi})`;
    else range = `(${lo},${hi}]`;
    parts.push(`${range}:${formatGoFloat(b.count)}`);
  }
  return `{${parts.join(', ')}}`;
}
