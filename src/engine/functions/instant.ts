// Helpers for functions over instant vectors: apply a float function sample
// by sample, series by series.

import type { Call } from '../../promql/ast.js';
import { FLOAT, type StepSeries, type StepValue, newStepSeries } from '../types.js';
import type { Evaluator } from '../evaluator.js';
import { nonEmpty } from '../collect.js';

/**
 * Maps every float sample of the first argument through `fn` (which gets the
 * step index for per-step scalar arguments). Histogram samples are dropped,
 * and the metric name is dropped, as for Prometheus's simple math functions.
 */
export function mapFloats(series: readonly StepSeries[], steps: number, fn: (f: number, step: number) => number): StepSeries[] {
  const out: StepSeries[] = [];
  for (const s of series) {
    const r = newStepSeries(s.labels, true, steps);
    for (let i = 0; i < steps; i++) {
      if (s.has[i] !== FLOAT) continue;
      r.has[i] = FLOAT;
      r.f[i] = fn(s.f[i]!, i);
    }
    out.push(r);
  }
  return nonEmpty(out);
}

export function floatFunction(fn: (f: number) => number) {
  return (call: Call, ev: Evaluator): StepValue => ({ type: 'vector', series: mapFloats(ev.evalVector(call.args[0]!), ev.steps, fn) });
}
