// promql/nan: sum()/avg()/stddev()/stdvar() propagate NaN and Inf: one series
// whose division or modulo has a zero divisor (0/0, x%0) turns the whole
// aggregate into NaN. Divisors are judged by what they can hold: literals,
// vector(), clamp bounds, comparison guards (`b > 0` keeps no zeros,
// `b >= 0` keeps them, `b > bool 0` yields them), and recording rules whose
// own expression can produce NaN are followed through the rule set.

import type { AggregateExpr, BinaryExpr, Expr } from '../../../promql/ast.js';
import { isComparisonOp, metricNameOf, unwrapParens, walk } from '../../../promql/ast.js';
import { typeOf } from '../../../promql/typecheck.js';
import type { VisitorCheck } from '../../check.js';
import { NO_OPTIONS_SCHEMA, atExpr } from '../../check.js';

/** Aggregations whose result is NaN as soon as one input is NaN. */
const NAN_PROPAGATING = new Set(['sum', 'avg', 'stddev', 'stdvar']);

function literal(e: Expr | undefined): number | undefined {
  const u = e ? unwrapParens(e) : undefined;
  if (u?.kind === 'NumberLiteral') return u.value;
  if (u?.kind === 'UnaryExpr' && u.op === '-') {
    const v = literal(u.expr);
    return v === undefined ? undefined : -v;
  }
  return undefined;
}

/** Whether a comparison filter `x op c` can keep x == 0. */
function filterKeepsZero(op: string, c: number): boolean {
  switch (op) {
    case '>':
      return c < 0;
    case '>=':
      return c <= 0;
    case '<':
      return c > 0;
    case '<=':
      return c >= 0;
    case '==':
      return c === 0;
    case '!=':
      return c !== 0;
    default:
      return true;
  }
}

const MIRRORED: Readonly<Record<string, string>> = { '>': '<', '<': '>', '>=': '<=', '<=': '>=', '==': '==', '!=': '!=' };

/** Whether a divisor can be zero. Unknown series can; guards and constants are read. */
function canBeZero(divisor: Expr): boolean {
  const u = unwrapParens(divisor);
  const c = literal(u);
  if (c !== undefined) return c === 0;
  if (u.kind === 'Call') {
    const [lo, hi] =
      u.func === 'clamp_min'
        ? [literal(u.args[1]), undefined]
        : u.func === 'clamp_max'
          ? [undefined, literal(u.args[1])]
          : [literal(u.args[1]), literal(u.args[2])];
    switch (u.func) {
      case 'vector':
        return u.args[0] ? canBeZero(u.args[0]) : true;
      case 'clamp_min':
        return !(lo !== undefined && lo > 0);
      case 'clamp_max':
        return !(hi !== undefined && hi < 0);
      case 'clamp':
        return !((lo !== undefined && lo > 0) || (hi !== undefined && hi < 0));
      default:
        return typeOf(u) !== 'scalar'; // scalar(...), time(): not a per-series zero
    }
  }
  if (u.kind === 'BinaryExpr' && isComparisonOp(u.op)) {
    if (u.returnBool) return true; // 0 or 1
    const right = literal(u.rhs);
    const left = literal(u.lhs);
    if (right !== undefined) return filterKeepsZero(u.op, right);
    if (left !== undefined) return filterKeepsZero(MIRRORED[u.op] ?? u.op, left);
    return false; // compared with another series: a guard we cannot evaluate, trusted
  }
  return typeOf(u) === 'vector';
}

function isUnsafeDivision(n: Expr): n is BinaryExpr {
  return n.kind === 'BinaryExpr' && (n.op === '/' || n.op === '%') && (typeOf(n.lhs) === 'vector' || typeOf(n.rhs) === 'vector') && canBeZero(n.rhs);
}

/** Whether a recording rule's output can be NaN or Inf: it divides by something that can be zero, here or in a rule it reads. */
function recordingProducesNaN(name: string, recordings: ReadonlyMap<string, Expr>, visiting: Set<string>): boolean {
  const expr = recordings.get(name);
  if (!expr || visiting.has(name)) return false;
  visiting.add(name);
  let unsafe = false;
  walk(expr, (n) => {
    if (unsafe) return false;
    if (isUnsafeDivision(n)) unsafe = true;
    else if (n.kind === 'VectorSelector') {
      const m = metricNameOf(n);
      if (m !== undefined && recordingProducesNaN(m, recordings, visiting)) unsafe = true;
    }
    return undefined;
  });
  return unsafe;
}

export const nan: VisitorCheck = {
  scope: 'visitor',
  meta: {
    id: 'promql/nan',
    defaultSeverity: 'warning',
    description:
      'Divisions and modulos inside sum/avg/stddev/stdvar whose divisor can be zero, or recording rules that can be NaN, turning the aggregate into NaN.',
    optionsSchema: NO_OPTIONS_SCHEMA,
  },
  defaults: {},
  create({ rule, env, report }) {
    // Each division or selector is reported once per rule.
    const reported = new Set<Expr>();
    return {
      AggregateExpr(agg) {
        if (NAN_PROPAGATING.has(agg.op)) inspect(agg);
      },
    };

    function inspect(agg: AggregateExpr): void {
      walk(agg.expr, (inner) => {
        // A nested aggregation is judged on its own.
        if (inner.kind === 'AggregateExpr') return false;
        if (reported.has(inner)) return undefined;
        if (isUnsafeDivision(inner)) {
          reported.add(inner);
          const what = inner.op === '/' ? 'division' : 'modulo';
          report(
            atExpr(`${what} inside ${agg.op}() can yield NaN when the divisor is 0, making the whole ${agg.op}() NaN`, inner, {
              details: `Divide after aggregating (${agg.op}(a) / ${agg.op}(b)) or filter the divisor (a / (b > 0)).`,
            }),
          );
        } else if (inner.kind === 'VectorSelector') {
          const name = metricNameOf(inner);
          if (name !== undefined && name !== rule.name && recordingProducesNaN(name, env.recordings, new Set([rule.name]))) {
            reported.add(inner);
            report(
              atExpr(`recording rule "${name}" can produce NaN (it divides by a value that can be 0), making the whole ${agg.op}() NaN`, inner, {
                severity: 'info',
              }),
            );
          }
        }
        return undefined;
      });
    }
  },
};
