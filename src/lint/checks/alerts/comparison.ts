// alerts/comparison: an alert fires for every series its query returns. A
// query without a filtering condition (comparison, and/unless, absent)
// returns every series all the time, so the alert always fires.

import type { Expr } from '../../../promql/ast.js';
import { assertNever, isComparisonOp } from '../../../promql/ast.js';
import type { VisitorCheck } from '../../check.js';
import { NO_OPTIONS_SCHEMA, atExpr } from '../../check.js';

const FILTERING_FUNCTIONS = new Set(['absent', 'absent_over_time']);

/** Whether the expression can return fewer series than its selectors (a condition filters them). */
function hasCondition(e: Expr): boolean {
  switch (e.kind) {
    case 'NumberLiteral':
    case 'StringLiteral':
    case 'VectorSelector':
    case 'MatrixSelector':
      return false;
    case 'ParenExpr':
    case 'UnaryExpr':
    case 'SubqueryExpr':
      return hasCondition(e.expr);
    case 'AggregateExpr':
      return hasCondition(e.expr);
    case 'Call':
      return FILTERING_FUNCTIONS.has(e.func) || e.args.some(hasCondition);
    case 'BinaryExpr':
      if (isComparisonOp(e.op)) return !e.returnBool || hasCondition(e.lhs) || hasCondition(e.rhs);
      if (e.op === 'and' || e.op === 'unless') return true;
      if (e.op === 'or') return hasCondition(e.lhs) && hasCondition(e.rhs);
      // Arithmetic between vectors only returns series that match on both sides.
      return hasCondition(e.lhs) || hasCondition(e.rhs);
    default:
      return assertNever(e);
  }
}

export const comparison: VisitorCheck = {
  scope: 'visitor',
  meta: {
    id: 'alerts/comparison',
    defaultSeverity: 'warning',
    description: 'Alert queries without a condition, which fire for every series all the time.',
    optionsSchema: NO_OPTIONS_SCHEMA,
  },
  defaults: {},
  create({ rule, report }) {
    if (rule.kind !== 'alert') return undefined;
    let readsSeries = false;
    return {
      VectorSelector() {
        readsSeries = true;
      },
      // Whether the query has a condition is a property of its whole shape (how
      // `or`, `and` and comparisons combine), decided from the root once it is known
      // to read a series.
      ruleEnd() {
        // `vector(1)` style alerts (Watchdog) are meant to always fire.
        if (!readsSeries || hasCondition(rule.expr)) return;
        const top = rule.expr.kind === 'BinaryExpr' && rule.expr.returnBool;
        report(
          atExpr(
            top
              ? 'alert query uses a "bool" comparison: it returns 0 or 1 for every series, so the alert always fires'
              : 'alert query has no condition (comparison, and/unless, absent): it fires for every series it returns',
            rule.expr,
          ),
        );
      },
    };
  },
};
