// A series-major fast path for sum/avg/count/min/max/group over float-only
// input. Accumulating directly into each group's output arrays, series by
// series, visits memory sequentially; the per-step order of additions (input
// series order) is the same as the step-major general path, and the
// arithmetic of each sample is the same functions (aggregate-steps.ts), so
// results come out bit-identical (test/engine/fast-paths.test.ts checks it).

import { FLOAT, HISTOGRAM, type StepSeries } from './types.js';
import { type MeanAccumulators, kahanAddAt, meanAddAt, meanResultAt, replacesMax, replacesMin } from './aggregate-steps.js';

export type FastAggregateOp = 'sum' | 'avg' | 'count' | 'min' | 'max' | 'group';

export function isFastAggregateOp(op: string): op is FastAggregateOp {
  return op === 'sum' || op === 'avg' || op === 'count' || op === 'min' || op === 'max' || op === 'group';
}

export function hasHistogramSamples(input: readonly StepSeries[]): boolean {
  for (const s of input) if (s.h && s.has.includes(HISTOGRAM)) return true;
  return false;
}

/** Fills `outputs` (one per group, all absent initially). */
export function fastAggregate(op: FastAggregateOp, input: readonly StepSeries[], groupIndex: Int32Array, outputs: readonly StepSeries[], steps: number): void {
  const comp = op === 'sum' ? outputs.map(() => new Float64Array(steps)) : undefined;
  const counts = op === 'avg' || op === 'count' ? outputs.map(() => new Float64Array(steps)) : undefined;
  // avg's running sum is the output array itself; its result replaces it at the end.
  const means: MeanAccumulators[] | undefined =
    op === 'avg'
      ? outputs.map((out, g) => ({
          sums: out.f,
          comps: new Float64Array(steps),
          means: new Float64Array(steps),
          counts: counts![g]!,
          incremental: new Uint8Array(steps),
        }))
      : undefined;
  for (let si = 0; si < input.length; si++) {
    const s = input[si]!;
    const g = groupIndex[si]!;
    const out = outputs[g]!;
    const has = s.has;
    const fs = s.f;
    const of = out.f;
    const oh = out.has;
    const c = comp?.[g];
    const n = counts?.[g];
    const m = means?.[g];
    let any = false;
    for (let i = 0; i < steps; i++) {
      if (has[i] !== FLOAT) continue;
      any = true;
      const f = fs[i]!;
      if (oh[i] === 0) {
        // The group's first sample at this step, as the general path starts a group.
        oh[i] = FLOAT;
        of[i] = op === 'group' ? 1 : f;
        if (n) n[i] = 1;
        if (m) m.means[i] = f;
        continue;
      }
      switch (op) {
        case 'sum':
          kahanAddAt(of, c!, i, f);
          break;
        case 'avg':
          n![i] = n![i]! + 1;
          meanAddAt(m!, i, f);
          break;
        case 'count':
          n![i] = n![i]! + 1;
          break;
        case 'group':
          break;
        case 'max':
          if (replacesMax(of[i]!, f)) of[i] = f;
          break;
        case 'min':
          if (replacesMin(of[i]!, f)) of[i] = f;
          break;
      }
    }
    if (any && s.dropName) out.dropName = true;
  }
  if (op !== 'sum' && op !== 'avg' && op !== 'count') return;
  for (let g = 0; g < outputs.length; g++) {
    const out = outputs[g]!;
    const of = out.f;
    const oh = out.has;
    for (let i = 0; i < steps; i++) {
      if (oh[i] === 0) continue;
      if (op === 'sum') of[i] = of[i]! + comp![g]![i]!;
      else if (op === 'avg') of[i] = meanResultAt(means![g]!, i);
      else of[i] = counts![g]![i]!;
    }
  }
}
