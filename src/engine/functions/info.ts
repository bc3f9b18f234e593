// info() enriches series with labels of matching info metrics (target_info
// by default); start_timestamp() reads stored start timestamps.

import { unwrapParens } from '../../promql/ast.js';
import { FLOAT, newStepSeries } from '../types.js';
import { nonEmpty } from '../collect.js';
import type { FunctionImpl } from './types.js';
import { evalInfo } from './info-impl.js';

export const INFO_FUNCTIONS: Record<string, FunctionImpl> = {
  info: evalInfo,
  // The start timestamp (seconds; 0 when unknown) of each selected sample.
  // Only a plain selector carries start timestamps; any other expression yields nothing.
  start_timestamp: (call, ev) => {
    const input = ev.evalVector(call.args[0]!);
    if (unwrapParens(call.args[0]!).kind !== 'VectorSelector') return { type: 'vector', series: [] };
    const out = input.map((s) => {
      const r = newStepSeries(s.labels, true, ev.steps);
      for (let i = 0; i < ev.steps; i++) {
        if (s.has[i] === 0) continue;
        r.has[i] = FLOAT;
        r.f[i] = (s.sampleSt?.[i] ?? 0) / 1000;
      }
      return r;
    });
    return { type: 'vector', series: nonEmpty(out) };
  },
};
