// What an alert's value ($value) measures, when its expression makes that
// clear: a per-second rate (rate/irate/deriv), a size in bytes or a duration
// in seconds (by Prometheus's unit-suffix naming convention). alerts/template
// uses it to hint at humanize functions where a template prints the raw
// float (0.016666666666666666, 1073741824, 86400).
//
// The unit follows the value, not the labels: through parentheses, filters
// (a comparison keeps its vector side's value), set operations, aggregations
// and functions that keep the unit, and through recording rules. Anything
// that changes the meaning (count, round, a ratio, scaling a size) ends it:
// an unknown unit never produces a hint.

import type { Expr } from '../promql/ast.js';
import { assertNever, isComparisonOp, metricNameOf, unwrapParens } from '../promql/ast.js';
import { typeOf } from '../promql/typecheck.js';
import { KIND_PRESERVING_FUNCTIONS } from '../knowledge/metric-types.js';

export type ValueUnit = 'rate' | 'bytes' | 'duration';

export interface UnitSource {
  readonly unit: ValueUnit;
  /** The node that gives the value its unit (a rate() call, a `_bytes` selector, `time() - x`). */
  readonly node: Expr;
}

/** Functions whose result value has the unit of their (first series) argument. */
const UNIT_KEEPING_FUNCTIONS: ReadonlySet<string> = new Set([
  // Those that pass their argument's series through keep its unit too.
  ...KIND_PRESERVING_FUNCTIONS,
  'abs',
  'clamp',
  'clamp_min',
  'clamp_max',
  'max_over_time',
  'min_over_time',
  'avg_over_time',
  'quantile_over_time',
  'predict_linear',
]);

/** Functions producing a per-second rate of their argument. */
const RATE_FUNCTIONS: ReadonlySet<string> = new Set(['rate', 'irate', 'deriv']);

/** Selectors whose values are timestamps (seconds since the epoch), not durations. */
const TIMESTAMP_NAME = /(?:timestamp|time)_seconds$/;

function selectorUnit(name: string | undefined): ValueUnit | undefined {
  if (!name) return undefined;
  if (name.endsWith('_bytes')) return 'bytes';
  if (name.endsWith('_seconds') && !TIMESTAMP_NAME.test(name)) return 'duration';
  return undefined;
}

/** Aggregations whose result is one of (or between) their input values. */
const VALUE_PICKING_AGGREGATIONS: ReadonlySet<string> = new Set(['min', 'max', 'avg', 'topk', 'bottomk', 'limitk', 'limit_ratio', 'quantile']);

/** Whether an expression yields timestamps: `time()`, `timestamp(x)` or a `*_timestamp_seconds` series, also picked by min/max/... */
function isTimestamp(expr: Expr): boolean {
  const e = unwrapParens(expr);
  switch (e.kind) {
    case 'Call': {
      if (e.func === 'time' || e.func === 'timestamp') return true;
      const arg = UNIT_KEEPING_FUNCTIONS.has(e.func) ? e.args.find((a) => typeOf(a) === 'vector' || typeOf(a) === 'matrix') : undefined;
      return arg !== undefined && isTimestamp(arg);
    }
    case 'AggregateExpr':
      return VALUE_PICKING_AGGREGATIONS.has(e.op) && isTimestamp(e.expr);
    case 'MatrixSelector':
      return isTimestamp(e.vector);
    case 'VectorSelector':
      return TIMESTAMP_NAME.test(metricNameOf(e) ?? '');
    default:
      return false;
  }
}

function isNumber(expr: Expr): boolean {
  const e = unwrapParens(expr);
  return e.kind === 'NumberLiteral' || (e.kind === 'UnaryExpr' && isNumber(e.expr));
}

/** `vector(<number>)`: the constant fallback of `x or vector(0)`, which does not change x's unit. */
function isConstantVector(expr: Expr): boolean {
  const e = unwrapParens(expr);
  return e.kind === 'Call' && e.func === 'vector' && e.args[0] !== undefined && isNumber(e.args[0]);
}

/**
 * The unit of an expression's value, when known. `recordings` maps recording
 * rule names to their expressions, so `job:errors:rate5m` carries rate().
 */
export function valueUnit(expr: Expr, recordings: ReadonlyMap<string, Expr>, seen: ReadonlySet<string> = new Set()): UnitSource | undefined {
  const unit = (e: Expr): UnitSource | undefined => valueUnit(e, recordings, seen);
  const e = unwrapParens(expr);
  switch (e.kind) {
    case 'NumberLiteral':
    case 'StringLiteral':
      return undefined;
    case 'VectorSelector': {
      const name = metricNameOf(e);
      const recorded = name !== undefined && !seen.has(name) ? recordings.get(name) : undefined;
      if (recorded) return valueUnit(recorded, recordings, new Set([...seen, name!]));
      const u = selectorUnit(name);
      return u ? { unit: u, node: e } : undefined;
    }
    case 'MatrixSelector':
      return unit(e.vector);
    case 'SubqueryExpr':
      return unit(e.expr);
    case 'ParenExpr':
      return unit(e.expr);
    case 'UnaryExpr':
      return unit(e.expr);
    case 'Call': {
      if (RATE_FUNCTIONS.has(e.func)) return { unit: 'rate', node: e };
      if (!UNIT_KEEPING_FUNCTIONS.has(e.func)) return undefined;
      const arg = e.args.find((a) => typeOf(a) === 'vector' || typeOf(a) === 'matrix');
      return arg ? unit(arg) : undefined;
    }
    case 'AggregateExpr': {
      const op = e.op;
      switch (op) {
        case 'sum':
        case 'avg':
        case 'min':
        case 'max':
        case 'topk':
        case 'bottomk':
        case 'limitk':
        case 'limit_ratio':
        case 'quantile':
        case 'stddev':
          return unit(e.expr);
        case 'count':
        case 'count_values':
        case 'group':
        case 'stdvar':
          return undefined;
        default:
          return assertNever(op);
      }
    }
    case 'BinaryExpr': {
      if (e.returnBool) return undefined;
      const lt = typeOf(e.lhs);
      const rt = typeOf(e.rhs);
      if (e.op === 'and' || e.op === 'unless') return unit(e.lhs);
      if (e.op === 'or') {
        if (isConstantVector(e.rhs)) return unit(e.lhs);
        if (isConstantVector(e.lhs)) return unit(e.rhs);
        const [a, b] = [unit(e.lhs), unit(e.rhs)];
        return a && b && a.unit === b.unit ? a : undefined;
      }
      if (isComparisonOp(e.op)) {
        // `x == 0` always yields the constant it was compared with: nothing to humanize.
        if (e.op === '==' && (isNumber(e.lhs) || isNumber(e.rhs))) return undefined;
        // A filter keeps the vector side's value (the LHS between two vectors, the RHS of group_right).
        if (lt === 'vector' && rt === 'vector') return unit(e.matching?.card === 'one-to-many' ? e.rhs : e.lhs);
        return unit(lt === 'vector' ? e.lhs : e.rhs);
      }
      if (e.op === '-' && isTimestamp(e.lhs) && isTimestamp(e.rhs)) return { unit: 'duration', node: e };
      if (e.op === '+' || e.op === '-') {
        const [a, b] = [unit(e.lhs), unit(e.rhs)];
        if (isNumber(e.rhs)) return a;
        if (isNumber(e.lhs)) return b;
        return a && b && a.unit === b.unit ? a : undefined;
      }
      // Scaling a rate keeps it a raw per-second float; scaling a size or a duration converts its unit.
      if ((e.op === '*' || e.op === '/') && isNumber(e.rhs)) {
        const a = unit(e.lhs);
        return a?.unit === 'rate' ? a : undefined;
      }
      if (e.op === '*' && isNumber(e.lhs)) {
        const b = unit(e.rhs);
        return b?.unit === 'rate' ? b : undefined;
      }
      return undefined;
    }
    default:
      return assertNever(e);
  }
}
