// Re-assembling per-step outputs into series. Operations whose output labels
// depend on which samples meet at one step (vector matching, topk,
// count_values, ...) produce a list of samples per step; a SeriesCollector
// folds them back into StepSeries keyed by label set, and rejects two
// samples with the same labels at the same step as Prometheus does.

import type { FloatHistogram } from '../model/histogram.js';
import { type Labels, cachedLabelsKey } from '../model/labels.js';
import { EvalError, FLOAT, HISTOGRAM, type StepSeries, newStepSeries } from './types.js';
import type { PosRange } from '../promql/ast.js';

export const DUPLICATE_LABELSET = 'vector cannot contain metrics with the same labelset';

/** One sample at one step, as the per-step algorithms see it. */
export interface StepSample {
  labels: Labels;
  f: number;
  h: FloatHistogram | undefined;
  dropName: boolean;
}

export class SeriesCollector {
  private readonly byKey = new Map<string, StepSeries>();
  readonly series: StepSeries[] = [];

  constructor(
    private readonly steps: number,
    private readonly pos: PosRange,
  ) {}

  add(step: number, s: StepSample): void {
    const key = cachedLabelsKey(s.labels);
    let out = this.byKey.get(key);
    if (!out) {
      out = newStepSeries(s.labels, s.dropName, this.steps);
      this.byKey.set(key, out);
      this.series.push(out);
    }
    if (out.has[step] !== 0) {
      throw new EvalError(DUPLICATE_LABELSET, this.pos);
    }
    if (s.h) {
      out.has[step] = HISTOGRAM;
      (out.h ??= [])[step] = s.h;
    } else {
      out.has[step] = FLOAT;
      out.f[step] = s.f;
    }
  }
}

/** The samples of a set of series at one step. */
export function samplesAt(series: readonly StepSeries[], step: number): StepSample[] {
  const out: StepSample[] = [];
  for (const s of series) {
    const k = s.has[step];
    if (k === 0) continue;
    out.push({ labels: s.labels, f: s.f[step]!, h: k === HISTOGRAM ? s.h![step] : undefined, dropName: s.dropName });
  }
  return out;
}

/** Like samplesAt, but also reports the index of the series each sample came from. */
export function indexedSamplesAt(series: readonly StepSeries[], step: number): { idx: number[]; samples: StepSample[] } {
  const idx: number[] = [];
  const samples: StepSample[] = [];
  for (let i = 0; i < series.length; i++) {
    const s = series[i]!;
    const k = s.has[step];
    if (k === 0) continue;
    idx.push(i);
    samples.push({ labels: s.labels, f: s.f[step]!, h: k === HISTOGRAM ? s.h![step] : undefined, dropName: s.dropName });
  }
  return { idx, samples };
}

/** Drops series with no point at any step. */
export function nonEmpty(series: StepSeries[]): StepSeries[] {
  return series.filter((s) => s.has.some((k) => k !== 0));
}
