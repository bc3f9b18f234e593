// The `@`-pinned re-runs of FORMAT.md §5.1(b): every selector and subquery
// without a numeric `@` gets `@ T`, except inside a subquery that is pinned
// (or was already), and queries calling evaluation-time-dependent functions
// are not re-run at all.

import type { AtModifier, Expr, PosRange } from '../promql/ast.js';
import { assertNever } from '../promql/ast.js';

/** Functions whose value depends on the evaluation time even with pinned arguments. */
export const AT_UNSAFE_FUNCTIONS: ReadonlySet<string> = new Set([
  'days_in_month',
  'day_of_month',
  'day_of_week',
  'day_of_year',
  'hour',
  'minute',
  'month',
  'year',
  'predict_linear',
  'time',
  'timestamp',
  'start',
  'end',
  'range',
  'step',
]);

function callsUnsafeFunction(e: Expr): boolean {
  let found = false;
  const visit = (n: Expr): void => {
    if (found) return;
    if (n.kind === 'Call' && AT_UNSAFE_FUNCTIONS.has(n.func)) found = true;
    switch (n.kind) {
      case 'Call':
        n.args.forEach(visit);
        break;
      case 'AggregateExpr':
        if (n.param) visit(n.param);
        visit(n.expr);
        break;
      case 'BinaryExpr':
        visit(n.lhs);
        visit(n.rhs);
        break;
      case 'ParenExpr':
      case 'UnaryExpr':
      case 'SubqueryExpr':
        visit(n.expr);
        break;
      case 'MatrixSelector':
      case 'VectorSelector':
      case 'NumberLiteral':
      case 'StringLiteral':
        break;
      default:
        assertNever(n);
    }
  };
  visit(e);
  return found;
}

function pinned(at: AtModifier | undefined, ms: number, pos: PosRange): AtModifier {
  if (at && at.kind === 'timestamp') return at;
  return { kind: 'timestamp', ms, pos };
}

/** The query with every eligible selector pinned at `ms`, or undefined when re-runs do not apply. */
export function pinSelectors(expr: Expr, ms: number): Expr | undefined {
  if (callsUnsafeFunction(expr)) return undefined;
  const go = (n: Expr): Expr => {
    switch (n.kind) {
      case 'NumberLiteral':
      case 'StringLiteral':
        return n;
      case 'VectorSelector':
        return { ...n, at: pinned(n.at, ms, n.pos) };
      case 'MatrixSelector':
        return { ...n, vector: { ...n.vector, at: pinned(n.vector.at, ms, n.vector.pos) } };
      case 'SubqueryExpr':
        // Selectors inside a pinned subquery keep their own timing.
        return { ...n, at: pinned(n.at, ms, n.pos) };
      case 'Call':
        return { ...n, args: n.args.map(go) };
      case 'AggregateExpr':
        return { ...n, expr: go(n.expr), ...(n.param ? { param: go(n.param) } : {}) };
      case 'BinaryExpr':
        return { ...n, lhs: go(n.lhs), rhs: go(n.rhs) };
      case 'UnaryExpr':
      case 'ParenExpr':
        return { ...n, expr: go(n.expr) };
      default:
        return assertNever(n);
    }
  };
  return go(expr);
}

/** Evaluation times (ms) of the re-runs for an instant query at `t`. */
export function atRerunTimes(t: number): number[] {
  if (t === 0) return [-1000, 0, 1000];
  return [-10 * t, 0, Math.trunc(t / 5), t, 10 * t];
}
