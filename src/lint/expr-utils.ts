// Small helpers the checks share for reading expressions.

import type { Expr, PosRange, VectorSelector } from '../promql/ast.js';
import { metricNameOf, unwrapParens, walk } from '../promql/ast.js';
import { formatDuration } from '../promql/literals.js';

/** The source text of a node (or range) of the rule's expression. */
export function sourceOf(exprText: string, node: Expr | PosRange): string {
  const pos = 'kind' in node ? node.pos : node;
  return exprText.slice(pos.start, pos.end);
}

export { constantDurationMs } from '../promql/duration-arith.js';

export function fmtMs(ms: number): string {
  return formatDuration(ms);
}

/** Every vector selector in an expression with its ancestor path. */
export function selectorsOf(expr: Expr): { vs: VectorSelector; path: readonly Expr[] }[] {
  const out: { vs: VectorSelector; path: readonly Expr[] }[] = [];
  walk(expr, (node, path) => {
    if (node.kind === 'VectorSelector') out.push({ vs: node, path: [...path] });
  });
  return out;
}

/** The vector selector a range-function argument reads, through parens. */
export function matrixSelectorOf(arg: Expr | undefined): VectorSelector | undefined {
  const u = arg ? unwrapParens(arg) : undefined;
  return u?.kind === 'MatrixSelector' ? u.vector : undefined;
}

export function selectorName(vs: VectorSelector): string {
  return metricNameOf(vs) ?? '';
}

/** Functions that read counters correctly (they handle resets). */
export const COUNTER_FUNCTIONS: ReadonlySet<string> = new Set(['rate', 'irate', 'increase', 'resets']);

/** Functions meant for gauges, with the counter function to use instead. */
export const GAUGE_FUNCTION_ALTERNATIVES: ReadonlyMap<string, string> = new Map([
  ['deriv', 'rate'],
  ['predict_linear', 'rate'],
  ['delta', 'increase'],
  ['idelta', 'irate'],
  ['double_exponential_smoothing', 'rate'],
]);

/** Counter functions and the gauge function to use instead on a gauge. */
export const COUNTER_FUNCTION_ALTERNATIVES: ReadonlyMap<string, string> = new Map([
  ['rate', 'deriv'],
  ['irate', 'deriv'],
  ['increase', 'delta'],
  ['resets', 'changes'],
]);
