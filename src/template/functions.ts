// The function tables the parser and executor share. Name sets are derived
// from the implementation tables, so a function can never be known to the
// parser without an implementation behind it.

import { GO_BUILTIN_FUNCTIONS } from './builtins.js';
import type { TemplateFunction } from './function-types.js';
import { PROMETHEUS_FUNCTIONS } from './promfuncs.js';

export type { FunctionContext, ParamType, QueryFunction, QuerySample, TemplateFunction } from './function-types.js';
export { FuncError, PARAM_TYPE_NAMES } from './function-types.js';
export { GO_BUILTIN_FUNCTIONS, PROMETHEUS_FUNCTIONS };

/** Go's predefined functions: always callable. */
export const GO_BUILTIN_FUNCTION_NAMES: ReadonlySet<string> = new Set(Object.keys(GO_BUILTIN_FUNCTIONS));

/** Prometheus's alert/recording-rule template functions (text mode: no `tmpl`). */
export const PROMETHEUS_FUNCTION_NAMES: ReadonlySet<string> = new Set(
  Object.entries(PROMETHEUS_FUNCTIONS)
    .filter(([, f]) => !f.consoleOnly)
    .map(([name]) => name),
);

/** Every function an alert template may call: Go's builtins plus Prometheus's. */
export const TEMPLATE_FUNCTION_NAMES: ReadonlySet<string> = new Set([...GO_BUILTIN_FUNCTION_NAMES, ...PROMETHEUS_FUNCTION_NAMES]);

/** Looks a function up; builtins win, as in Go's findFunction for unshadowed names. */
export function lookupFunction(name: string, allowed: ReadonlySet<string>): { fn: TemplateFunction; builtin: boolean } | undefined {
  if (!allowed.has(name)) return undefined;
  const builtin = GO_BUILTIN_FUNCTIONS[name];
  if (builtin) return { fn: builtin, builtin: true };
  const prom = PROMETHEUS_FUNCTIONS[name];
  return prom ? { fn: prom, builtin: false } : undefined;
}
