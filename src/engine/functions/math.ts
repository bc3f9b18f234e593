// Element-wise math: abs, ceil, floor, exp, sqrt, logarithms, sgn, deg/rad,
// trigonometry, round and clamp*.

import type { FunctionImpl } from './types.js';
import { floatFunction, mapFloats } from './instant.js';

/** JS rounds half away from zero only for positives; Go's math.Round is away from zero. Prometheus round() uses floor(x*k+0.5)/k. */
function roundTo(f: number, toNearest: number): number {
  const inverse = 1 / toNearest;
  return Math.floor(f * inverse + 0.5) / inverse;
}

function sgn(f: number): number {
  if (f < 0) return -1;
  if (f > 0) return 1;
  return f;
}

export const MATH_FUNCTIONS: Record<string, FunctionImpl> = {
  min_of: (call, ev) => {
    const a = ev.evalScalar(call.args[0]!);
    const b = ev.evalScalar(call.args[1]!);
    return { type: 'scalar', f: a.map((x, i) => Math.min(x, b[i]!)) };
  },
  max_of: (call, ev) => {
    const a = ev.evalScalar(call.args[0]!);
    const b = ev.evalScalar(call.args[1]!);
    return { type: 'scalar', f: a.map((x, i) => Math.max(x, b[i]!)) };
  },
  abs: floatFunction(Math.abs),
  ceil: floatFunction(Math.ceil),
  floor: floatFunction(Math.floor),
  exp: floatFunction(Math.exp),
  sqrt: floatFunction(Math.sqrt),
  ln: floatFunction(Math.log),
  log2: floatFunction(Math.log2),
  log10: floatFunction(Math.log10),
  sgn: floatFunction(sgn),
  deg: floatFunction((f) => (f * 180) / Math.PI),
  rad: floatFunction((f) => (f * Math.PI) / 180),
  sin: floatFunction(Math.sin),
  cos: floatFunction(Math.cos),
  tan: floatFunction(Math.tan),
  asin: floatFunction(Math.asin),
  acos: floatFunction(Math.acos),
  atan: floatFunction(Math.atan),
  sinh: floatFunction(Math.sinh),
  cosh: floatFunction(Math.cosh),
  tanh: floatFunction(Math.tanh),
  asinh: floatFunction(Math.asinh),
  acosh: floatFunction(Math.acosh),
  atanh: floatFunction(Math.atanh),
  round: (call, ev) => {
    const to = call.args[1] ? ev.evalScalar(call.args[1]) : undefined;
    return { type: 'vector', series: mapFloats(ev.evalVector(call.args[0]!), ev.steps, (f, i) => roundTo(f, to ? to[i]! : 1)) };
  },
  clamp: (call, ev) => {
    const input = ev.evalVector(call.args[0]!);
    const lo = ev.evalScalar(call.args[1]!);
    const hi = ev.evalScalar(call.args[2]!);
    const series = mapFloats(input, ev.steps, (f, i) => Math.max(lo[i]!, Math.min(hi[i]!, f)));
    // clamp with max < min returns nothing at that step.
    for (const s of series) for (let i = 0; i < ev.steps; i++) if (hi[i]! < lo[i]!) s.has[i] = 0;
    return { type: 'vector', series: series.filter((s) => s.has.some((k) => k !== 0)) };
  },
  clamp_min: (call, ev) => {
    const lo = ev.evalScalar(call.args[1]!);
    return { type: 'vector', series: mapFloats(ev.evalVector(call.args[0]!), ev.steps, (f, i) => Math.max(lo[i]!, f)) };
  },
  clamp_max: (call, ev) => {
    const hi = ev.evalScalar(call.args[1]!);
    return { type: 'vector', series: mapFloats(ev.evalVector(call.args[0]!), ev.steps, (f, i) => Math.min(hi[i]!, f)) };
  },
};
