// promql/counter: a counter's raw value is its total since the process
// started; comparing, summing or dividing it is almost never what was meant.

import type { Expr, VectorSelector } from '../../../promql/ast.js';
import { isComparisonOp, isSetOp } from '../../../promql/ast.js';
import type { VisitorCheck } from '../../check.js';
import { NO_OPTIONS_SCHEMA, atExpr } from '../../check.js';
import { selectorName } from '../../expr-utils.js';

/** Functions through which a counter's raw value flows unchanged. */
const PASS_THROUGH_FUNCTIONS: ReadonlySet<string> = new Set(['label_replace', 'label_join', 'sort', 'sort_desc', 'sort_by_label', 'sort_by_label_desc']);

/** Functions whose result depends only on which series are present, not on their values. */
const PRESENCE_FUNCTIONS: ReadonlySet<string> = new Set(['absent']);

/**
 * Whether the value computed at `path[from]` (from `child`) is thrown away
 * further up before anything reads it: it is counted or grouped, or it is
 * the right-hand side of a set operator. `count(sum by (instance, cpu)
 * (node_cpu_seconds_total))` counts CPUs; the sum's value never matters.
 * Comparisons (they filter on the value), range functions and other calls
 * read it.
 */
function valueDiscardedAbove(path: readonly Expr[], from: number, child: Expr): boolean {
  for (let i = from; i >= 0; i--) {
    const parent = path[i]!;
    switch (parent.kind) {
      case 'ParenExpr':
      case 'UnaryExpr':
        break;
      case 'AggregateExpr':
        if (parent.op === 'count' || parent.op === 'group') return true;
        // Only the parameter of count_values/quantile/topk... is a scalar; the values flow on.
        break;
      case 'Call':
        if (PRESENCE_FUNCTIONS.has(parent.func)) return true;
        if (!PASS_THROUGH_FUNCTIONS.has(parent.func)) return false;
        break;
      case 'BinaryExpr':
        if (isSetOp(parent.op)) {
          if (parent.rhs === child) return true;
          break;
        }
        if (isComparisonOp(parent.op)) return false;
        break;
      case 'MatrixSelector':
      case 'SubqueryExpr':
      case 'NumberLiteral':
      case 'StringLiteral':
      case 'VectorSelector':
        return false;
    }
    child = parent;
  }
  return false;
}

/**
 * How the raw value of the selector at the end of `path` is used: undefined
 * when it is not (a range function reads it, or only its presence matters,
 * here or further up), otherwise a verb for the message and the node that
 * uses it.
 */
function rawUse(vs: VectorSelector, path: readonly Expr[]): { verb: string; at: Expr } | undefined {
  const use = firstRawUse(vs, path);
  if (!use || use.verb === 'compared') return use;
  return valueDiscardedAbove(path, use.index - 1, use.at) ? undefined : use;
}

function firstRawUse(vs: VectorSelector, path: readonly Expr[]): { verb: string; at: Expr; index: number } | undefined {
  let child: Expr = vs;
  for (let i = path.length - 1; i >= 0; i--) {
    const parent = path[i]!;
    switch (parent.kind) {
      case 'ParenExpr':
        break;
      case 'MatrixSelector':
      case 'SubqueryExpr':
        return undefined; // a range function reads the samples (rate, increase, ...)
      case 'Call':
        if (!PASS_THROUGH_FUNCTIONS.has(parent.func)) return undefined;
        break;
      case 'AggregateExpr':
        if (parent.op === 'count' || parent.op === 'group' || parent.op === 'count_values') return undefined;
        if (parent.op === 'topk' || parent.op === 'bottomk' || parent.op === 'limitk' || parent.op === 'limit_ratio') break;
        return { verb: `aggregated with ${parent.op}()`, at: parent, index: i };
      case 'BinaryExpr':
        if (isSetOp(parent.op)) {
          if (parent.rhs === child) return undefined; // only the presence of the right-hand side matters
          break;
        }
        if (isComparisonOp(parent.op)) return { verb: 'compared', at: parent, index: i };
        if (parent.op === '/') return { verb: 'divided', at: parent, index: i };
        return { verb: `used in "${parent.op}" arithmetic`, at: parent, index: i };
      case 'UnaryExpr':
        break;
      case 'NumberLiteral':
      case 'StringLiteral':
      case 'VectorSelector':
        return undefined;
    }
    child = parent;
  }
  return undefined;
}

export const counter: VisitorCheck = {
  scope: 'visitor',
  meta: {
    id: 'promql/counter',
    defaultSeverity: 'warning',
    description: 'Counters used raw (compared, aggregated, divided) instead of through rate(), irate() or increase().',
    optionsSchema: NO_OPTIONS_SCHEMA,
  },
  defaults: {},
  create({ env, report }) {
    return {
      VectorSelector(vs, path) {
        const name = selectorName(vs);
        const kind = env.metricTypes.seriesKind(name);
        if ((kind.kind !== 'counter' && kind.kind !== 'bucket') || kind.weak) return;
        const use = rawUse(vs, path);
        if (!use) return;
        const byName = kind.source === 'convention';
        // Gauges named `*_total` (capacities, "total nodes") are common: a name alone is evidence only
        // when the rule set itself also reads the metric as a counter (rate, increase, ...).
        if (byName && !env.ratedMetrics.has(name)) return;
        report(
          atExpr(`counter "${name}" is ${use.verb} without rate(), irate() or increase()`, vs, {
            details: `${byName ? 'Its name says it is a counter (no metadata confirms it). ' : ''}A counter only ever grows (and resets on restart): its raw value is the total since the process started. Use rate()/increase() over a range to get the recent behaviour.`,
            ...(byName ? { severity: 'info' as const } : {}),
          }),
        );
      },
    };
  },
};
