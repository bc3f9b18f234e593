// The PromQL function signature table, as data: one entry per function, the
// single source of truth for the type checker, the printer, completion and
// the engine (whose implementation table is keyed by the same names, and a
// test checks that both tables have exactly the same keys).
//
// Mirrors Prometheus 3.x's promql/parser/functions.go. `variadic` follows
// Prometheus's meaning: 0 = exactly argTypes.length arguments; n > 0 = the
// last argument type may repeat so that up to argTypes.length - 1 + n
// arguments are accepted (the last one optional); -1 = unbounded repetition.

import type { ValueType } from './ast.js';

export interface FunctionSignature {
  readonly name: string;
  readonly argTypes: readonly ValueType[];
  readonly variadic?: number;
  readonly returnType: ValueType;
  /** Behind Prometheus's `promql-experimental-functions` feature flag. */
  readonly experimental?: boolean;
}

export const FUNCTION_SIGNATURES: readonly FunctionSignature[] = [
  { name: 'abs', argTypes: ['vector'], returnType: 'vector' },
  { name: 'absent', argTypes: ['vector'], returnType: 'vector' },
  { name: 'absent_over_time', argTypes: ['matrix'], returnType: 'vector' },
  { name: 'acos', argTypes: ['vector'], returnType: 'vector' },
  { name: 'acosh', argTypes: ['vector'], returnType: 'vector' },
  { name: 'asin', argTypes: ['vector'], returnType: 'vector' },
  { name: 'asinh', argTypes: ['vector'], returnType: 'vector' },
  { name: 'atan', argTypes: ['vector'], returnType: 'vector' },
  { name: 'atanh', argTypes: ['vector'], returnType: 'vector' },
  { name: 'avg_over_time', argTypes: ['matrix'], returnType: 'vector' },
  { name: 'ceil', argTypes: ['vector'], returnType: 'vector' },
  { name: 'changes', argTypes: ['matrix'], returnType: 'vector' },
  { name: 'clamp', argTypes: ['vector', 'scalar', 'scalar'], returnType: 'vector' },
  { name: 'clamp_max', argTypes: ['vector', 'scalar'], returnType: 'vector' },
  { name: 'clamp_min', argTypes: ['vector', 'scalar'], returnType: 'vector' },
  { name: 'cos', argTypes: ['vector'], returnType: 'vector' },
  { name: 'cosh', argTypes: ['vector'], returnType: 'vector' },
  { name: 'count_over_time', argTypes: ['matrix'], returnType: 'vector' },
  { name: 'days_in_month', argTypes: ['vector'], variadic: 1, returnType: 'vector' },
  { name: 'day_of_month', argTypes: ['vector'], variadic: 1, returnType: 'vector' },
  { name: 'day_of_week', argTypes: ['vector'], variadic: 1, returnType: 'vector' },
  { name: 'day_of_year', argTypes: ['vector'], variadic: 1, returnType: 'vector' },
  { name: 'deg', argTypes: ['vector'], returnType: 'vector' },
  { name: 'delta', argTypes: ['matrix'], returnType: 'vector' },
  { name: 'deriv', argTypes: ['matrix'], returnType: 'vector' },
  { name: 'double_exponential_smoothing', argTypes: ['matrix', 'scalar', 'scalar'], returnType: 'vector', experimental: true },
  { name: 'end', argTypes: [], returnType: 'scalar', experimental: true },
  { name: 'exp', argTypes: ['vector'], returnType: 'vector' },
  { name: 'first_over_time', argTypes: ['matrix'], returnType: 'vector', experimental: true },
  { name: 'floor', argTypes: ['vector'], returnType: 'vector' },
  { name: 'histogram_avg', argTypes: ['vector'], returnType: 'vector' },
  { name: 'histogram_count', argTypes: ['vector'], returnType: 'vector' },
  { name: 'histogram_fraction', argTypes: ['scalar', 'scalar', 'vector'], returnType: 'vector' },
  { name: 'histogram_quantile', argTypes: ['scalar', 'vector'], returnType: 'vector' },
  { name: 'histogram_quantiles', argTypes: ['vector', 'string', 'scalar', 'scalar'], variadic: 9, returnType: 'vector', experimental: true },
  { name: 'histogram_stddev', argTypes: ['vector'], returnType: 'vector' },
  { name: 'histogram_stdvar', argTypes: ['vector'], returnType: 'vector' },
  { name: 'histogram_sum', argTypes: ['vector'], returnType: 'vector' },
  // Prometheus 2.x's name for double_exponential_smoothing; which of the two
  // exists depends on the version (src/version/differences.ts).
  { name: 'holt_winters', argTypes: ['matrix', 'scalar', 'scalar'], returnType: 'vector' },
  { name: 'hour', argTypes: ['vector'], variadic: 1, returnType: 'vector' },
  { name: 'idelta', argTypes: ['matrix'], returnType: 'vector' },
  { name: 'increase', argTypes: ['matrix'], returnType: 'vector' },
  { name: 'info', argTypes: ['vector', 'vector'], variadic: 1, returnType: 'vector', experimental: true },
  { name: 'irate', argTypes: ['matrix'], returnType: 'vector' },
  { name: 'label_join', argTypes: ['vector', 'string', 'string', 'string'], variadic: -1, returnType: 'vector' },
  { name: 'label_replace', argTypes: ['vector', 'string', 'string', 'string', 'string'], returnType: 'vector' },
  { name: 'last_over_time', argTypes: ['matrix'], returnType: 'vector' },
  { name: 'ln', argTypes: ['vector'], returnType: 'vector' },
  { name: 'log10', argTypes: ['vector'], returnType: 'vector' },
  { name: 'log2', argTypes: ['vector'], returnType: 'vector' },
  { name: 'mad_over_time', argTypes: ['matrix'], returnType: 'vector', experimental: true },
  { name: 'max_over_time', argTypes: ['matrix'], returnType: 'vector' },
  { name: 'min_over_time', argTypes: ['matrix'], returnType: 'vector' },
  // Duration functions that Prometheus also accepts as scalar expressions
  // (`min_of(3, 5)`); they are not in functions.go but in the grammar.
  { name: 'max_of', argTypes: ['scalar', 'scalar'], returnType: 'scalar', experimental: true },
  { name: 'min_of', argTypes: ['scalar', 'scalar'], returnType: 'scalar', experimental: true },
  { name: 'minute', argTypes: ['vector'], variadic: 1, returnType: 'vector' },
  { name: 'month', argTypes: ['vector'], variadic: 1, returnType: 'vector' },
  { name: 'pi', argTypes: [], returnType: 'scalar' },
  { name: 'predict_linear', argTypes: ['matrix', 'scalar'], returnType: 'vector' },
  { name: 'present_over_time', argTypes: ['matrix'], returnType: 'vector' },
  { name: 'quantile_over_time', argTypes: ['scalar', 'matrix'], returnType: 'vector' },
  { name: 'rad', argTypes: ['vector'], returnType: 'vector' },
  { name: 'range', argTypes: [], returnType: 'scalar', experimental: true },
  { name: 'rate', argTypes: ['matrix'], returnType: 'vector' },
  { name: 'resets', argTypes: ['matrix'], returnType: 'vector' },
  { name: 'round', argTypes: ['vector', 'scalar'], variadic: 1, returnType: 'vector' },
  { name: 'scalar', argTypes: ['vector'], returnType: 'scalar' },
  { name: 'sgn', argTypes: ['vector'], returnType: 'vector' },
  { name: 'sin', argTypes: ['vector'], returnType: 'vector' },
  { name: 'sinh', argTypes: ['vector'], returnType: 'vector' },
  { name: 'sort', argTypes: ['vector'], returnType: 'vector' },
  { name: 'sort_by_label', argTypes: ['vector', 'string'], variadic: -1, returnType: 'vector', experimental: true },
  { name: 'sort_by_label_desc', argTypes: ['vector', 'string'], variadic: -1, returnType: 'vector', experimental: true },
  { name: 'sort_desc', argTypes: ['vector'], returnType: 'vector' },
  { name: 'sqrt', argTypes: ['vector'], returnType: 'vector' },
  { name: 'start', argTypes: [], returnType: 'scalar', experimental: true },
  { name: 'start_timestamp', argTypes: ['vector'], returnType: 'vector', experimental: true },
  { name: 'step', argTypes: [], returnType: 'scalar', experimental: true },
  { name: 'stddev_over_time', argTypes: ['matrix'], returnType: 'vector' },
  { name: 'stdvar_over_time', argTypes: ['matrix'], returnType: 'vector' },
  { name: 'sum_over_time', argTypes: ['matrix'], returnType: 'vector' },
  { name: 'tan', argTypes: ['vector'], returnType: 'vector' },
  { name: 'tanh', argTypes: ['vector'], returnType: 'vector' },
  { name: 'time', argTypes: [], returnType: 'scalar' },
  { name: 'timestamp', argTypes: ['vector'], returnType: 'vector' },
  { name: 'ts_of_first_over_time', argTypes: ['matrix'], returnType: 'vector', experimental: true },
  { name: 'ts_of_last_over_time', argTypes: ['matrix'], returnType: 'vector', experimental: true },
  { name: 'ts_of_max_over_time', argTypes: ['matrix'], returnType: 'vector', experimental: true },
  { name: 'ts_of_min_over_time', argTypes: ['matrix'], returnType: 'vector', experimental: true },
  { name: 'vector', argTypes: ['scalar'], returnType: 'vector' },
  { name: 'year', argTypes: ['vector'], variadic: 1, returnType: 'vector' },
];

export const FUNCTIONS: ReadonlyMap<string, FunctionSignature> = new Map(FUNCTION_SIGNATURES.map((f) => [f.name, f]));

/** Minimum and maximum (Infinity when unbounded) number of arguments. */
export function arity(f: FunctionSignature): { min: number; max: number } {
  const n = f.argTypes.length;
  const variadic = f.variadic ?? 0;
  if (variadic === 0) return { min: n, max: n };
  if (variadic < 0) return { min: n - 1, max: Infinity };
  return { min: n - 1, max: n - 1 + variadic };
}

/** The expected type of argument i (repeating the last type for variadic functions). */
export function argTypeAt(f: FunctionSignature, i: number): ValueType | undefined {
  if (i < f.argTypes.length) return f.argTypes[i];
  if ((f.variadic ?? 0) === 0) return undefined;
  return f.argTypes[f.argTypes.length - 1];
}
