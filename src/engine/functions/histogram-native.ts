// Functions that read a property of native histogram samples. Float samples
// are ignored, as in Prometheus.

import type { FloatHistogram } from '../../model/histogram.js';
import { FLOAT, HISTOGRAM, type StepSeries, newStepSeries } from '../types.js';
import type { FunctionImpl } from './types.js';
import { nonEmpty } from '../collect.js';

export function mapHistograms(fn: (h: FloatHistogram) => number): FunctionImpl {
  return (call, ev) => {
    const saved = ev.statsDecoding;
    ev.statsDecoding = true;
    let input: StepSeries[];
    try {
      input = ev.evalVector(call.args[0]!);
    } finally {
      ev.statsDecoding = saved;
    }
    const out: StepSeries[] = [];
    for (const s of input) {
      const r = newStepSeries(s.labels, true, ev.steps);
      for (let i = 0; i < ev.steps; i++) {
        if (s.has[i] !== HISTOGRAM) continue;
        r.has[i] = FLOAT;
        r.f[i] = fn(s.h![i]!);
      }
      out.push(r);
    }
    return { type: 'vector', series: nonEmpty(out) };
  };
}
