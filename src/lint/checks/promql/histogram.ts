// promql/histogram: histogram_quantile() over classic buckets needs the `le`
// label kept by every aggregation, buckets read through rate()/increase(),
// and a quantile within [0, 1].

import type { AggregateExpr, Call, Expr } from '../../../promql/ast.js';
import { unwrapParens, walk } from '../../../promql/ast.js';
import type { Finding, VisitorCheck } from '../../check.js';
import { NO_OPTIONS_SCHEMA, atExpr } from '../../check.js';
import type { MetricTypes } from '../../../knowledge/metric-types.js';
import { canHave, labelFlow } from '../../../analysis/label-flow.js';
import { selectorName, selectorsOf } from '../../expr-utils.js';

function isBucketName(name: string, types: MetricTypes): boolean {
  return types.seriesKind(name).kind === 'bucket' || name.endsWith('_bucket');
}

/** The outermost aggregation inside `expr` whose output has lost `le` while its input had it. */
function aggregationDroppingLe(expr: Expr): AggregateExpr | undefined {
  let found: AggregateExpr | undefined;
  walk(expr, (node) => {
    if (found) return false;
    if (node.kind === 'AggregateExpr' && !canHave(labelFlow(node), 'le') && canHave(labelFlow(node.expr), 'le')) {
      found = node;
      return false;
    }
    return undefined;
  });
  return found;
}

function checkQuantileCall(call: Call, types: MetricTypes): Finding[] {
  const out: Finding[] = [];
  const phi = call.args[0] ? unwrapParens(call.args[0]) : undefined;
  if (phi?.kind === 'NumberLiteral' && (phi.value < 0 || phi.value > 1)) {
    out.push(
      atExpr(`histogram_quantile() quantile ${phi.value} is outside [0, 1]: the result is always ${phi.value < 0 ? '-Inf' : '+Inf'}`, phi, {
        severity: 'error',
      }),
    );
  }
  const arg = call.args[1];
  if (!arg) return out;
  const buckets = selectorsOf(arg).filter(({ vs }) => isBucketName(selectorName(vs), types));
  if (buckets.length === 0) return out;
  if (!canHave(labelFlow(arg), 'le')) {
    const culprit = aggregationDroppingLe(arg);
    out.push(
      atExpr('histogram_quantile() over classic buckets whose "le" label is not kept: the aggregation must keep "le" (e.g. sum by (le, ...))', culprit ?? arg, {
        severity: 'error',
        details: 'Without "le" there are no buckets to interpolate between and the query returns nothing.',
      }),
    );
  }
  for (const { vs, path } of buckets) {
    const underRange = path.some((p) => p.kind === 'MatrixSelector' || p.kind === 'SubqueryExpr');
    if (!underRange) {
      out.push(
        atExpr(`histogram_quantile() over raw bucket counters "${selectorName(vs)}": use rate() or increase() over the buckets`, vs, {
          details: 'Raw bucket counters hold everything since the process started; the quantile then describes the whole lifetime, not recent requests.',
        }),
      );
    }
  }
  return out;
}

export const histogram: VisitorCheck = {
  scope: 'visitor',
  meta: {
    id: 'promql/histogram',
    defaultSeverity: 'warning',
    description: 'histogram_quantile() over classic buckets without "le", over raw bucket counters, or with a quantile outside [0, 1].',
    optionsSchema: NO_OPTIONS_SCHEMA,
  },
  defaults: {},
  create({ env, report }) {
    return {
      Call(node) {
        if (node.func === 'histogram_quantile') for (const f of checkQuantileCall(node, env.metricTypes)) report(f);
      },
    };
  },
};
