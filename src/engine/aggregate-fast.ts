// A series-major fast path for sum/avg/count/min/max/group over float-only
// input. Accumulating directly into each group's output arrays, series by
// series, visits memory sequentially; the per-step order of additions (input
// series order) is the same as the step-major general path, so Kahan sums
// and means come out bit-identical.

import { FLOAT, HISTOGRAM, type StepSeries } from './types.js';

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
  const comp = op === 'sum' || op === 'avg' ? outputs.map(() => new Float64Array(steps)) : undefined;
  const count = op === 'avg' || op === 'count' ? outputs.map(() => new Float64Array(steps)) : undefined;
  const mean = op === 'avg' ? outputs.map(() => new Float64Array(steps)) : undefined;
  const incremental = op === 'avg' ? outputs.map(() => new Uint8Array(steps)) : undefined;
  for (let si = 0; si < input.length; si++) {
    const s = input[si]!;
    const g = groupIndex[si]!;
    const out = outputs[g]!;
    const has = s.has;
    const fs = s.f;
    const of = out.f;
    const oh = out.has;
    let any = false;
    switch (op) {
      case 'sum': {
        const c = comp![g]!;
        for (let i = 0; i < steps; i++) {
          if (has[i] !== FLOAT) continue;
          any = true;
          const f = fs[i]!;
          if (oh[i] === 0) {
            oh[i] = FLOAT;
            of[i] = f;
            continue;
          }
          const sum = of[i]!;
          const t = sum + f;
          if (t === Infinity || t === -Infinity) c[i] = 0;
          else if (Math.abs(sum) >= Math.abs(f)) c[i] = c[i]! + (sum - t + f);
          else c[i] = c[i]! + (f - t + sum);
          of[i] = t;
        }
        break;
      }
      case 'avg': {
        const c = comp![g]!;
        const n = count![g]!;
        const m = mean![g]!;
        const inc = incremental![g]!;
        for (let i = 0; i < steps; i++) {
          if (has[i] !== FLOAT) continue;
          any = true;
          const f = fs[i]!;
          if (oh[i] === 0) {
            oh[i] = FLOAT;
            of[i] = f;
            m[i] = f;
            n[i] = 1;
            continue;
          }
          const cnt = n[i]! + 1;
          n[i] = cnt;
          if (!inc[i]) {
            const sum = of[i]!;
            const t = sum + f;
            if (t !== Infinity && t !== -Infinity) {
              c[i] = Math.abs(sum) >= Math.abs(f) ? c[i]! + (sum - t + f) : c[i]! + (f - t + sum);
              of[i] = t;
              continue;
            }
            // The running sum would overflow: switch to an incremental mean.
            inc[i] = 1;
            m[i] = of[i]! / (cnt - 1);
            c[i] = c[i]! / (cnt - 1);
          }
          const q = (cnt - 1) / cnt;
          const base = q * m[i]!;
          const inc2 = f / cnt;
          const bc = q * c[i]!;
          const t = base + inc2;
          if (t === Infinity || t === -Infinity) c[i] = 0;
          else if (Math.abs(base) >= Math.abs(inc2)) c[i] = bc + (base - t + inc2);
          else c[i] = bc + (inc2 - t + base);
          m[i] = t;
        }
        break;
      }
      case 'count': {
        const n = count![g]!;
        for (let i = 0; i < steps; i++) {
          if (has[i] !== FLOAT) continue;
          any = true;
          oh[i] = FLOAT;
          n[i] = n[i]! + 1;
        }
        break;
      }
      case 'group':
        for (let i = 0; i < steps; i++) {
          if (has[i] !== FLOAT) continue;
          any = true;
          oh[i] = FLOAT;
          of[i] = 1;
        }
        break;
      case 'min':
      case 'max':
        for (let i = 0; i < steps; i++) {
          if (has[i] !== FLOAT) continue;
          any = true;
          const f = fs[i]!;
          if (oh[i] === 0) {
            oh[i] = FLOAT;
            of[i] = f;
            continue;
          }
          const cur = of[i]!;
          if ((op === 'max' ? cur < f : cur > f) || Number.isNaN(cur)) of[i] = f;
        }
        break;
    }
    if (any && s.dropName) out.dropName = true;
  }
  for (let g = 0; g < outputs.length; g++) {
    const out = outputs[g]!;
    const of = out.f;
    const oh = out.has;
    for (let i = 0; i < steps; i++) {
      if (oh[i] === 0) continue;
      switch (op) {
        case 'sum':
          of[i] = of[i]! + comp![g]![i]!;
          break;
        case 'avg':
          of[i] = incremental![g]![i] ? mean![g]![i]! + comp![g]![i]! : of[i]! / count![g]![i]! + comp![g]![i]! / count![g]![i]!;
          break;
        case 'count':
          of[i] = count![g]![i]!;
          break;
        default:
          break;
      }
    }
  }
}
