// A range query's matrix as the samples of each step: what batch rule
// evaluation feeds the alert state machine step by step. The per-step
// samples are made when first read: recording rules write the columns.

import { type QueryResult, seriesFloatColumns } from '../engine/index.js';
import type { RangeSeriesColumns, RangeStepsResult, Sample } from './types.js';

/** The step a result timestamp belongs to, or -1 outside the `steps` steps from `startMs`. */
export function stepIndexOf(t: number, startMs: number, stepMs: number, steps: number): number {
  const k = Math.round((t - startMs) / stepMs);
  return k >= 0 && k < steps ? k : -1;
}

export function rangeSteps(r: QueryResult, startMs: number, endMs: number, stepMs: number): RangeStepsResult {
  if ('error' in r) return { ok: false, error: r.error.message };
  if (r.value.type !== 'matrix') return { ok: false, error: 'rule result is not a vector or scalar' };
  const n = Math.floor((endMs - startMs) / stepMs) + 1;
  // Histogram results are not rule values here; the step-by-step path treats them the same.
  // The columns, not `floats`: reading `floats` would build a point object per sample first.
  const series: RangeSeriesColumns[] = r.value.series.map((s) => ({ labels: s.labels, ...seriesFloatColumns(s) }));
  let steps: Sample[][] | undefined;
  return {
    ok: true,
    series,
    get steps(): Sample[][] {
      if (steps) return steps;
      steps = Array.from({ length: n }, () => []);
      for (const { labels, t, f } of series) {
        for (let j = 0; j < t.length; j++) {
          const k = stepIndexOf(t[j]!, startMs, stepMs, n);
          if (k >= 0) steps[k]!.push({ labels, value: f[j]! });
        }
      }
      return steps;
    },
  };
}
