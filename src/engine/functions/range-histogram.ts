// Native histograms in range functions: rate/increase/delta (Prometheus's
// histogramRate plus the same extrapolation as for floats), sum_over_time,
// avg_over_time, count/last/first handled generically. Other *_over_time
// functions ignore histograms.

import type { Call } from '../../promql/ast.js';
import type { FloatHistogram } from '../../model/histogram.js';
import { CUSTOM_BUCKETS_SCHEMA, compactHistogram, indexedBuckets, spansFromIndexed } from '../../model/histogram.js';
import { avgOverTime } from '../float-stats.js';
import { addHistograms, subHistograms } from '../../model/histogram-ops.js';
import { METRIC_NAME_LABEL, getLabel } from '../../model/labels.js';
import type { Evaluator } from '../evaluator.js';
import { type Window, windowHistograms, windowFloats } from '../range-window.js';
import { ANNOTATIONS } from '../annotations.js';
import { copyToSchema, detectReset } from '../histogram-reset.js';
import { type Point, interpolateHistograms } from '../histogram-interpolate.js';
import { isStartTimestampReset } from './start-timestamps.js';
import { type KahanHistogram, histogramOverflowed, kahanAddHistogram, kahanHistogramResult } from '../histogram-kahan.js';
import { scaleHistogram } from '../histogram-math.js';
import { search } from '../extended-range.js';

function metricName(w: Window): string {
  return getLabel(w.labels, METRIC_NAME_LABEL) ?? '';
}

function isCustom(h: FloatHistogram): boolean {
  return h.schema === CUSTOM_BUCKETS_SCHEMA;
}

/** The increase over the window's histograms, or undefined (with annotations) when they are incompatible. */
/** A counter reset between two samples, from their start timestamps or their contents. */
function resetBetween(
  prev: { t: number; h: FloatHistogram; st: number },
  curr: { t: number; h: FloatHistogram; st: number },
  prevH: FloatHistogram = prev.h,
): boolean {
  return isStartTimestampReset(prev.st, prev.t, curr.st, curr.t) || detectReset(curr.h, prevH);
}

function histogramIncrease(
  points: { t: number; h: FloatHistogram; st: number }[],
  isCounter: boolean,
  w: Window,
  call: Call,
  ev: Evaluator,
): FloatHistogram | undefined {
  const pos = call.args[0]!.pos;
  const name = metricName(w);
  const annotate = ev.ctx.annotations;
  let prev = points[0]!.h;
  const last = points[points.length - 1]!.h;
  if (isCounter && (prev.counterResetHint === 'gauge' || last.counterResetHint === 'gauge')) annotate.add(ANNOTATIONS.nativeHistogramNotCounter(name, pos));
  let custom = isCustom(prev);
  if (isCounter && points.length > 1) {
    const second = points[1]!.h;
    if (resetBetween(points[0]!, points[1]!)) {
      prev = {
        ...second,
        count: 0,
        sum: 0,
        zeroCount: 0,
        positiveSpans: [],
        negativeSpans: [],
        positiveBuckets: [],
        negativeBuckets: [],
        counterResetHint: 'unknown',
      };
      custom = isCustom(second);
    }
  }
  if (isCustom(last) !== custom) {
    annotate.add(ANNOTATIONS.mixedExponentialCustom(name, pos));
    return undefined;
  }
  let minSchema = Math.min(last.schema, prev.schema);
  for (const p of points.slice(1, -1)) {
    if (!isCounter) continue;
    if (p.h.counterResetHint === 'gauge') annotate.add(ANNOTATIONS.nativeHistogramNotCounter(name, pos));
    if (p.h.schema < minSchema) minSchema = p.h.schema;
    if (isCustom(p.h) !== custom) {
      annotate.add(ANNOTATIONS.mixedExponentialCustom(name, pos));
      return undefined;
    }
  }
  const diff = subHistograms(copyToSchema(last, minSchema), prev);
  if (!diff.ok) {
    annotate.add(ANNOTATIONS.mixedExponentialCustom(name, pos));
    return undefined;
  }
  if (diff.nhcbBoundsReconciled) annotate.add(ANNOTATIONS.customBucketsReconciled('subtraction', pos));
  let h = diff.histogram;
  if (isCounter) {
    let p = prev;
    for (let k = 1; k < points.length; k++) {
      const point = points[k]!;
      if (resetBetween(points[k - 1]!, point, p)) {
        const sum = addHistograms(h, p);
        if (!sum.ok) {
          annotate.add(ANNOTATIONS.mixedExponentialCustom(name, pos));
          return undefined;
        }
        h = sum.histogram;
      }
      p = point.h;
    }
  } else if (points[0]!.h.counterResetHint !== 'gauge' || last.counterResetHint !== 'gauge') {
    annotate.add(ANNOTATIONS.nativeHistogramNotGauge(name, pos));
  }
  return compactHistogram({ ...h, counterResetHint: 'gauge' });
}

export function histogramRate(w: Window, call: Call, ev: Evaluator, isCounter: boolean, isRate: boolean): FloatHistogram | undefined {
  const floats = windowFloats(w);
  if (floats.ts.length > 0) {
    ev.ctx.annotations.add(ANNOTATIONS.mixedFloatsHistograms(metricName(w), call.args[0]!.pos));
    return undefined;
  }
  const points = windowHistograms(w);
  if (w.extended) return extendedHistogramRate(points, w, call, ev, isCounter, isRate);
  if (points.length === 0) return undefined;
  let result = points.length > 1 ? histogramIncrease(points, isCounter, w, call, ev) : undefined;
  if (points.length > 1 && !result) return undefined;
  const firstT = points[0]!.t;
  const lastT = points[points.length - 1]!.t;
  const n = points.length - 1;
  let durationToStart = (firstT - w.rangeStart) / 1000;
  let durationToEnd = (w.rangeEnd - lastT) / 1000;
  let sampledInterval = (lastT - firstT) / 1000;
  const average = n > 0 ? sampledInterval / n : 0;
  const threshold = average * 1.1;
  const st0 = points[0]!.st;
  if (isCounter && st0 !== 0 && st0 > w.rangeStart && st0 < firstT) {
    // The first sample's start time is inside the range: count from a zero
    // histogram there instead of extrapolating to the left.
    durationToStart = 0;
    sampledInterval = (lastT - st0) / 1000;
    if (!result) result = points[0]!.h;
    else {
      const sum = addHistograms(result, points[0]!.h);
      if (!sum.ok) return undefined;
      result = sum.histogram;
    }
  } else if (n === 0 || !result) {
    return undefined;
  } else {
    if (durationToStart >= threshold) durationToStart = average / 2;
    if (isCounter && result.count > 0 && points[0]!.h.count >= 0) {
      const durationToZero = sampledInterval * (points[0]!.h.count / result.count);
      if (durationToZero < durationToStart) durationToStart = durationToZero;
    }
  }
  if (durationToEnd >= threshold) durationToEnd = average / 2;
  let factor = sampledInterval !== 0 ? (sampledInterval + durationToStart + durationToEnd) / sampledInterval : 1;
  if (isRate) factor /= w.rangeMs / 1000;
  return scaleHistogram(result, factor);
}

/** sum_over_time / avg_over_time on histograms. */
export function histogramOverTime(name: 'sum_over_time' | 'avg_over_time', w: Window, call: Call, ev: Evaluator): FloatHistogram | number | undefined {
  const points = windowHistograms(w);
  const floats = windowFloats(w);
  if (floats.ts.length > 0) {
    ev.ctx.annotations.add(ANNOTATIONS.mixedFloatsHistograms(metricName(w), call.args[0]!.pos));
    return undefined;
  }
  const pos = call.args[0]!.pos;
  const hints = new Set(points.map((p) => p.h.counterResetHint));
  if (hints.has('reset') && hints.has('not_reset')) ev.ctx.annotations.add(ANNOTATIONS.counterResetCollision('aggregation', pos));
  const check = (r: ReturnType<typeof addHistograms>): FloatHistogram | undefined => {
    if (!r.ok) {
      ev.ctx.annotations.add(ANNOTATIONS.mixedExponentialCustom(metricName(w), pos));
      return undefined;
    }
    if (r.nhcbBoundsReconciled) ev.ctx.annotations.add(ANNOTATIONS.customBucketsReconciled('aggregation', pos));
    return r.histogram;
  };
  // Kahan-compensated sum; the mean divides it unless the running sum overflowed.
  const total: KahanHistogram = { sum: points[0]!.h, comp: undefined };
  for (const p of points.slice(1)) if (!check(kahanAddHistogram(total, p.h))) return undefined;
  const sum = kahanHistogramResult(total);
  if (name === 'sum_over_time') return compactHistogram(sum);
  if (!histogramOverflowed(total.sum)) return compactHistogram(scaleHistogram(sum, 1 / points.length));
  const fieldWise = fieldWiseAverage(points.map((p) => p.h));
  if (fieldWise) return compactHistogram(fieldWise);
  // Incremental mean when the direct sum overflows.
  let acc: FloatHistogram | undefined = points[0]!.h;
  let count = 1;
  for (const p of points.slice(1)) {
    count++;
    const diff = check(subHistograms(scaleHistogram(p.h, 1 / count), scaleHistogram(acc, 1 / count)));
    if (!diff) return undefined;
    acc = check(addHistograms(acc, diff));
    if (!acc) return undefined;
  }
  return compactHistogram(acc);
}

/** irate/idelta over the last two samples when histograms are involved. */
export function histogramInstantValue(w: Window, call: Call, ev: Evaluator, isRate: boolean): FloatHistogram | undefined {
  if (w.hi - w.lo < 2) return undefined;
  const name = metricName(w);
  const pos = call.args[0]!.pos;
  const i0 = w.hi - 2;
  const i1 = w.hi - 1;
  const h0 = w.hists?.get(i0);
  const h1 = w.hists?.get(i1);
  const interval = w.ts[i1]! - w.ts[i0]!;
  if (interval === 0) return undefined;
  if (!h0 || !h1) {
    ev.ctx.annotations.add(ANNOTATIONS.mixedFloatsHistograms(name, pos));
    return undefined;
  }
  if (isRate && (h1.counterResetHint === 'gauge' || h0.counterResetHint === 'gauge')) ev.ctx.annotations.add(ANNOTATIONS.nativeHistogramNotCounter(name, pos));
  if (!isRate && (h1.counterResetHint !== 'gauge' || h0.counterResetHint !== 'gauge')) ev.ctx.annotations.add(ANNOTATIONS.nativeHistogramNotGauge(name, pos));
  let result = h1;
  const reset = isStartTimestampReset(w.sts?.[i0] ?? 0, w.ts[i0]!, w.sts?.[i1] ?? 0, w.ts[i1]!) || detectReset(h1, h0);
  if (!isRate || !reset) {
    const diff = subHistograms(h1, h0);
    if (!diff.ok) {
      ev.ctx.annotations.add(ANNOTATIONS.mixedExponentialCustom(name, pos));
      return undefined;
    }
    if (diff.nhcbBoundsReconciled) ev.ctx.annotations.add(ANNOTATIONS.customBucketsReconciled('subtraction', pos));
    result = diff.histogram;
  }
  result = compactHistogram({ ...result, counterResetHint: 'gauge' });
  return isRate ? scaleHistogram(result, 1000 / interval) : result;
}

/** rate/increase/delta of histograms over an anchored or smoothed window (Prometheus's extendedHistogramRate). */
function extendedHistogramRate(h: Point[], w: Window, call: Call, ev: Evaluator, isCounter: boolean, isRate: boolean): FloatHistogram | undefined {
  const pos = call.args[0]!.pos;
  const name = metricName(w);
  const annotate = ev.ctx.annotations;
  const mixed = (): undefined => {
    annotate.add(ANNOTATIONS.mixedExponentialCustom(name, pos));
    return undefined;
  };
  const reconciled = (op: 'addition' | 'subtraction'): void => annotate.add(ANNOTATIONS.customBucketsReconciled(op, pos));
  const rangeStart = w.rangeStart;
  const rangeEnd = w.rangeEnd;
  let last = h.length - 1;
  const first = Math.max(0, search(last, (i) => h[i]!.t > rangeStart) - 1);
  if (w.smoothed) last = search(last, (i) => h[i]!.t >= rangeEnd);
  if (h[last]!.t <= rangeStart) return undefined;
  if (w.smoothed && h[first]!.t > rangeEnd) return undefined;
  const custom = isCustom(h[first]!.h);
  for (let i = first; i <= last; i++) {
    if (isCustom(h[i]!.h) !== custom) return mixed();
    if (isCounter && h[i]!.h.counterResetHint === 'gauge') annotate.add(ANNOTATIONS.nativeHistogramNotCounter(name, pos));
  }
  const left = w.smoothed && h[first]!.t < rangeStart ? interpolateHistograms(h[first]!, h[first + 1]!, rangeStart, isCounter, reconciled) : h[first]!.h;
  if (!left) return mixed();
  const right = w.smoothed && last > 0 && h[last]!.t > rangeEnd ? interpolateHistograms(h[last - 1]!, h[last]!, rangeEnd, isCounter, reconciled) : h[last]!.h;
  if (!right) return mixed();
  if (!isCounter && (left.counterResetHint !== 'gauge' || right.counterResetHint !== 'gauge')) annotate.add(ANNOTATIONS.nativeHistogramNotGauge(name, pos));
  const diff = subHistograms(right, left);
  if (!diff.ok) return mixed();
  if (diff.nhcbBoundsReconciled) reconciled('subtraction');
  let result = diff.histogram;
  if (isCounter) {
    // Resets strictly inside the window; the boundaries are `left` and `right`.
    let from = first + 1;
    let prev = left;
    if (w.smoothed && h[first]!.t < rangeStart && detectReset(h[first + 1]!.h, h[first]!.h)) {
      prev = h[first + 1]!.h;
      from++;
    }
    const to = last - 1;
    let correction: FloatHistogram | undefined;
    const addCorrection = (x: FloatHistogram): boolean => {
      if (!correction) {
        correction = x;
        return true;
      }
      const r = addHistograms(correction, x);
      if (!r.ok) return false;
      if (r.nhcbBoundsReconciled) reconciled('addition');
      correction = r.histogram;
      return true;
    };
    if (from <= to + 1) {
      for (let i = from; i <= to; i++) {
        if (detectReset(h[i]!.h, prev) && !addCorrection(prev)) return mixed();
        prev = h[i]!.h;
      }
      if (detectReset(right, prev) && !addCorrection(prev)) return mixed();
    }
    if (correction) {
      const r = addHistograms(result, correction);
      if (!r.ok) return mixed();
      if (r.nhcbBoundsReconciled) reconciled('addition');
      result = r.histogram;
    }
  }
  if (isRate) result = scaleHistogram(result, 1 / (w.rangeMs / 1000));
  return compactHistogram({ ...result, counterResetHint: 'gauge' });
}

/**
 * The mean of histograms with one layout, computed field by field with the
 * float avg_over_time algorithm (Kahan sum, switching to an incremental mean
 * for a field whose sum overflows). Undefined when layouts differ.
 */
function fieldWiseAverage(hs: FloatHistogram[]): FloatHistogram | undefined {
  const first = hs[0]!;
  const schema = Math.min(...hs.map((h) => h.schema));
  if (hs.some((h) => isCustom(h) !== isCustom(first) || h.zeroThreshold !== first.zeroThreshold)) return undefined;
  if (isCustom(first) && hs.some((h) => JSON.stringify(h.customValues) !== JSON.stringify(first.customValues))) return undefined;
  const aligned = hs.map((h) => copyToSchema(h, schema));
  const avg = (values: number[]): number => avgOverTime(Float64Array.from(values));
  const side = (pick: (h: FloatHistogram) => { spans: FloatHistogram['positiveSpans']; counts: readonly number[] }) => {
    const maps = aligned.map((h) => {
      const { spans, counts } = pick(h);
      return new Map(indexedBuckets(spans, counts).map((b) => [b.index, b.count] as const));
    });
    const keys = [...new Set(maps.flatMap((m) => [...m.keys()]))].sort((a, b) => a - b);
    return spansFromIndexed(
      keys.map((index) => ({ index, count: avg(maps.map((m) => m.get(index) ?? 0)) })),
      false,
    );
  };
  const pos = side((h) => ({ spans: h.positiveSpans, counts: h.positiveBuckets }));
  const neg = side((h) => ({ spans: h.negativeSpans, counts: h.negativeBuckets }));
  return {
    ...aligned[0]!,
    count: avg(aligned.map((h) => h.count)),
    sum: avg(aligned.map((h) => h.sum)),
    zeroCount: avg(aligned.map((h) => h.zeroCount)),
    positiveSpans: pos.spans,
    positiveBuckets: pos.counts,
    negativeSpans: neg.spans,
    negativeBuckets: neg.counts,
  };
}
