// A range query's matrix as the samples of each step: what batch rule
// evaluation feeds the alert state machine step by step.

import { type QueryResult, seriesFloatColumns } from '../engine/index.js';
import type { Sample } from './types.js';

export function rangeSteps(r: QueryResult, startMs: number, endMs: number, stepMs: number): { ok: true; steps: Sample[][] } | { ok: false; error: string } {
  if ('error' in r) return { ok: false, error: r.error.message };
  if (r.value.type !== 'matrix') return { ok: false, error: 'rule result is not a vector or scalar' };
  const n = Math.floor((endMs - startMs) / stepMs) + 1;
  const steps: Sample[][] = Array.from({ length: n }, () => []);
  for (const s of r.value.series) {
    // Histogram results are not rule values here; the step-by-step path treats them the same.
    // The columns, not `floats`: reading `floats` would build a point object per sample first.
    const { t, f } = seriesFloatColumns(s);
    for (let j = 0; j < t.length; j++) {
      const k = Math.round((t[j]! - startMs) / stepMs);
      if (k >= 0 && k < n) steps[k]!.push({ labels: s.labels, value: f[j]! });
    }
  }
  return { ok: true, steps };
}
