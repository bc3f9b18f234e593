// A range query's matrix as the samples of each step: what batch rule
// evaluation feeds the alert state machine step by step.

import type { QueryResult } from '../engine/index.js';
import type { Sample } from './types.js';

export function rangeSteps(r: QueryResult, startMs: number, endMs: number, stepMs: number): { ok: true; steps: Sample[][] } | { ok: false; error: string } {
  if ('error' in r) return { ok: false, error: r.error.message };
  if (r.value.type !== 'matrix') return { ok: false, error: 'rule result is not a vector or scalar' };
  const n = Math.floor((endMs - startMs) / stepMs) + 1;
  const steps: Sample[][] = Array.from({ length: n }, () => []);
  for (const s of r.value.series) {
    // Histogram results are not rule values here; the step-by-step path treats them the same.
    for (const p of s.floats) {
      const k = Math.round((p.t - startMs) / stepMs);
      if (k >= 0 && k < n) steps[k]!.push({ labels: s.labels, value: p.f });
    }
  }
  return { ok: true, steps };
}
