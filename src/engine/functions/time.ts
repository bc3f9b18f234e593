// Time and conversion functions: time(), timestamp(), the calendar functions,
// the query-context functions start()/end()/range()/step(), pi(), scalar(),
// vector() and absent().

import type { Call } from '../../promql/ast.js';
import { unwrapParens } from '../../promql/ast.js';
import { FLOAT, type StepValue, newStepSeries } from '../types.js';
import type { Evaluator } from '../evaluator.js';
import type { FunctionImpl } from './types.js';
import { mapFloats } from './instant.js';
import { absentLabels } from './absent.js';
import { nonEmpty } from '../collect.js';

function constantScalar(ev: Evaluator, v: number): StepValue {
  return { type: 'scalar', f: new Float64Array(ev.steps).fill(v) };
}

/** Go's int64(f) for the calendar functions: NaN and out-of-range values become math.MinInt64 on amd64. */
function unixSeconds(f: number): number {
  if (Number.isNaN(f) || f >= 2 ** 63 || f < -(2 ** 63)) return -(2 ** 63);
  return Math.trunc(f);
}

function dateFunction(fn: (d: Date) => number): FunctionImpl {
  return (call, ev) => {
    if (call.args.length === 0) {
      const s = newStepSeries([], false, ev.steps);
      for (let i = 0; i < ev.steps; i++) {
        s.has[i] = FLOAT;
        s.f[i] = fn(new Date(Math.trunc(ev.times[i]! / 1000) * 1000));
      }
      return { type: 'vector', series: [s] };
    }
    const input = ev.evalVector(call.args[0]!);
    return { type: 'vector', series: mapFloats(input, ev.steps, (f) => fn(new Date(unixSeconds(f) * 1000))) };
  };
}

function daysInMonth(d: Date): number {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
}

function dayOfYear(d: Date): number {
  return Math.round((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
}

function timestampFunction(call: Call, ev: Evaluator): StepValue {
  const arg = unwrapParens(call.args[0]!);
  const input = ev.evalVector(call.args[0]!);
  const useSampleTime = arg.kind === 'VectorSelector';
  const out = input.map((s) => {
    const r = newStepSeries(s.labels, true, ev.steps);
    for (let i = 0; i < ev.steps; i++) {
      if (s.has[i] === 0) continue;
      r.has[i] = FLOAT;
      r.f[i] = (useSampleTime && s.sampleT ? s.sampleT[i]! : ev.times[i]!) / 1000;
    }
    return r;
  });
  return { type: 'vector', series: nonEmpty(out) };
}

export const TIME_FUNCTIONS: Record<string, FunctionImpl> = {
  time: (_call, ev) => ({ type: 'scalar', f: ev.times.map((t) => t / 1000) }),
  pi: (_call, ev) => constantScalar(ev, Math.PI),
  start: (_call, ev) => constantScalar(ev, ev.ctx.queryStart / 1000),
  end: (_call, ev) => constantScalar(ev, ev.ctx.queryEnd / 1000),
  range: (_call, ev) => constantScalar(ev, (ev.ctx.queryEnd - ev.ctx.queryStart) / 1000),
  step: (_call, ev) => constantScalar(ev, ev.ctx.queryStep / 1000),
  timestamp: timestampFunction,
  minute: dateFunction((d) => d.getUTCMinutes()),
  hour: dateFunction((d) => d.getUTCHours()),
  day_of_week: dateFunction((d) => d.getUTCDay()),
  day_of_month: dateFunction((d) => d.getUTCDate()),
  day_of_year: dateFunction(dayOfYear),
  days_in_month: dateFunction(daysInMonth),
  month: dateFunction((d) => d.getUTCMonth() + 1),
  year: dateFunction((d) => d.getUTCFullYear()),
  vector: (call, ev) => {
    const v = ev.evalScalar(call.args[0]!);
    const s = newStepSeries([], false, ev.steps);
    s.f.set(v);
    s.has.fill(FLOAT);
    return { type: 'vector', series: [s] };
  },
  scalar: (call, ev) => {
    const input = ev.evalVector(call.args[0]!);
    const f = new Float64Array(ev.steps);
    for (let i = 0; i < ev.steps; i++) {
      let count = 0;
      let v = Number.NaN;
      // Only float samples count; histograms are ignored.
      for (const s of input) {
        if (s.has[i] !== FLOAT) continue;
        count++;
        v = s.f[i]!;
      }
      f[i] = count === 1 ? v : Number.NaN;
    }
    return { type: 'scalar', f };
  },
  absent: (call, ev) => {
    const input = ev.evalVector(call.args[0]!);
    const out = newStepSeries(absentLabels(call.args[0]!), true, ev.steps);
    for (let i = 0; i < ev.steps; i++) {
      if (input.some((s) => s.has[i] !== 0)) continue;
      out.has[i] = FLOAT;
      out.f[i] = 1;
    }
    return { type: 'vector', series: nonEmpty([out]) };
  },
};
