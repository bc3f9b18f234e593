// promql/nan: sum()/avg()/stddev()/stdvar() over a division propagate NaN:
// one series with a zero denominator (0/0) turns the whole aggregate into NaN.

import type { BinaryExpr, Expr } from '../../../promql/ast.js';
import { isComparisonOp, unwrapParens, walk } from '../../../promql/ast.js';
import { typeOf } from '../../../promql/typecheck.js';
import type { Finding, RuleCheck } from '../../check.js';
import { NO_OPTIONS_SCHEMA, atExpr } from '../../check.js';

/** Aggregations whose result is NaN as soon as one input is NaN. */
const NAN_PROPAGATING = new Set(['sum', 'avg', 'stddev', 'stdvar']);

/** Whether a denominator is protected from being zero (filtered with a comparison, clamped, or a non-zero constant). */
function guardedDenominator(rhs: Expr): boolean {
  const u = unwrapParens(rhs);
  if (typeOf(u) === 'scalar') return !(u.kind === 'NumberLiteral' && u.value === 0);
  if (u.kind === 'BinaryExpr' && isComparisonOp(u.op) && !u.returnBool) return true;
  if (u.kind === 'Call' && (u.func === 'clamp_min' || u.func === 'clamp')) return true;
  return false;
}

export const nan: RuleCheck = {
  scope: 'rule',
  meta: {
    id: 'promql/nan',
    defaultSeverity: 'warning',
    description: 'Divisions inside sum/avg/stddev/stdvar whose denominator can be zero, turning the aggregate into NaN.',
    optionsSchema: NO_OPTIONS_SCHEMA,
  },
  defaults: {},
  check(rule) {
    if (!rule.expr) return [];
    const findings: Finding[] = [];
    const reported = new Set<BinaryExpr>();
    walk(rule.expr, (node) => {
      if (node.kind !== 'AggregateExpr' || !NAN_PROPAGATING.has(node.op)) return;
      walk(node.expr, (inner) => {
        // A nested aggregation is judged on its own.
        if (inner.kind === 'AggregateExpr') return false;
        if (inner.kind === 'BinaryExpr' && inner.op === '/' && typeOf(inner.rhs) === 'vector' && !guardedDenominator(inner.rhs) && !reported.has(inner)) {
          reported.add(inner);
          findings.push(
            atExpr(`division inside ${node.op}() can yield NaN when the denominator is 0, making the whole ${node.op}() NaN`, inner, {
              details: `Divide after aggregating (${node.op}(a) / ${node.op}(b)) or filter the denominator (a / (b > 0)).`,
            }),
          );
        }
        return undefined;
      });
    });
    return findings;
  },
};
