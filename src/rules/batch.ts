// Batch evaluation of rules. Evaluating a rule at every evaluation time is
// the same as one range query over those times, as long as the rule cannot
// see anything written after the time it is evaluated at: no `@`, no
// negative or step-dependent offsets, no query-context functions, and every
// rule output it reads already written in full. Such rules are evaluated
// with one step-major range query instead of thousands of instant queries
// (the engine is built for that); everything else falls back to per-step
// evaluation, so results are identical either way.

import type { DurationExpr, Expr } from '../promql/ast.js';
import { metricNameOf, walk } from '../promql/ast.js';

/** Functions whose value depends on the query as a whole, not on the evaluation time. */
const QUERY_CONTEXT_FUNCTIONS = new Set(['start', 'end', 'step', 'range']);

function durationLooksAhead(d: DurationExpr | undefined, isOffset: boolean): boolean {
  if (!d) return false;
  if (d.kind === 'DurationLiteral') return isOffset && d.ms < 0;
  // Duration expressions may depend on step() or range(), or be negative: play safe.
  return true;
}

/**
 * Whether `expr` can be evaluated as a range query: nothing in it looks at
 * data after the evaluation time, and every metric it reads is either not a
 * rule output (`ruleOutputs`) or already fully written (`available`).
 */
export function isBatchable(expr: Expr, ruleOutputs: ReadonlySet<string>, available: ReadonlySet<string>): boolean {
  let ok = true;
  walk(expr, (node) => {
    if (!ok) return false;
    switch (node.kind) {
      case 'VectorSelector': {
        if (node.at || durationLooksAhead(node.offset, true)) ok = false;
        const name = metricNameOf(node);
        if (name === undefined) {
          // Without a fixed name it may read any rule output.
          for (const out of ruleOutputs) if (!available.has(out)) ok = false;
        } else if (ruleOutputs.has(name) && !available.has(name)) ok = false;
        break;
      }
      case 'MatrixSelector':
        if (durationLooksAhead(node.range, false)) ok = false;
        break;
      case 'SubqueryExpr':
        if (node.at || durationLooksAhead(node.offset, true) || durationLooksAhead(node.range, false) || durationLooksAhead(node.step, false)) ok = false;
        break;
      case 'Call':
        if (QUERY_CONTEXT_FUNCTIONS.has(node.func)) ok = false;
        break;
      default:
        break;
    }
    return undefined;
  });
  return ok;
}
