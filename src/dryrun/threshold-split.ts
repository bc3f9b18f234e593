// Finding the threshold in an alert expression, so the report can draw the
// signal (also where it is below the threshold, which the alert's own output
// hides) together with the threshold line. Recognised shapes:
//   signal > 0.5            0.5 < signal         (signal > 0.5) and on(...) guard
// The left side of `and`/`unless` decides which series alert, so a guard on
// the right (e.g. "not just restarted") keeps the left side's threshold.

import type { ComparisonOp, Expr } from '../promql/ast.js';

export interface ThresholdSplit {
  /** The compared expression (without the comparison). */
  readonly signal: Expr;
  /** Operator with the signal on the left: `signal op threshold`. */
  readonly op: ComparisonOp;
  readonly threshold: number;
}

const FLIPPED: Readonly<Record<ComparisonOp, ComparisonOp>> = { '>': '<', '<': '>', '>=': '<=', '<=': '>=', '==': '==', '!=': '!=' };
const COMPARISONS = new Set<string>(Object.keys(FLIPPED));

/** A constant written as a number, possibly signed and parenthesised. */
function constantOf(e: Expr): number | undefined {
  switch (e.kind) {
    case 'NumberLiteral':
      return e.value;
    case 'ParenExpr':
      return constantOf(e.expr);
    case 'UnaryExpr': {
      const v = constantOf(e.expr);
      return v === undefined ? undefined : e.op === '-' ? -v : v;
    }
    default:
      return undefined;
  }
}

export function splitThreshold(e: Expr): ThresholdSplit | undefined {
  switch (e.kind) {
    case 'ParenExpr':
      return splitThreshold(e.expr);
    case 'BinaryExpr': {
      if (e.op === 'and' || e.op === 'unless') return splitThreshold(e.lhs);
      if (!COMPARISONS.has(e.op) || e.returnBool) return undefined;
      const op = e.op as ComparisonOp;
      const rhs = constantOf(e.rhs);
      if (rhs !== undefined && constantOf(e.lhs) === undefined) return { signal: e.lhs, op, threshold: rhs };
      const lhs = constantOf(e.lhs);
      if (lhs !== undefined && rhs === undefined) return { signal: e.rhs, op: FLIPPED[op], threshold: lhs };
      return undefined;
    }
    default:
      return undefined;
  }
}
