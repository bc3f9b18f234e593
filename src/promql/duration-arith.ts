// Arithmetic of duration expressions (`5m * 2`, `1h % 7m`, `2 ^ 3 * 1s`):
// Prometheus computes them in float seconds. Shared by the evaluator, which
// turns a zero divisor into an evaluation error, and by the remote planner,
// which only estimates windows and treats it as unknown.

import type { DurationBinary, DurationExpr } from './ast.js';
import { assertNever } from './ast.js';

/** `a op b` in seconds, or undefined for a division or modulo by zero (an error in Prometheus). */
export function durationBinary(op: DurationBinary['op'], a: number, b: number): number | undefined {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? undefined : a / b;
    case '%':
      return b === 0 ? undefined : a % b;
    case '^':
      return Math.pow(a, b);
  }
}

/** The value of a duration expression in ms when it does not depend on the query (`step()`, `range()` do), else undefined. */
export function constantDurationMs(d: DurationExpr): number | undefined {
  switch (d.kind) {
    case 'DurationLiteral':
      return d.ms;
    case 'DurationParen':
      return constantDurationMs(d.expr);
    case 'DurationUnary': {
      const v = constantDurationMs(d.expr);
      return v === undefined ? undefined : d.op === '-' ? -v : v;
    }
    case 'DurationBinary': {
      const a = constantDurationMs(d.lhs);
      const b = constantDurationMs(d.rhs);
      if (a === undefined || b === undefined) return undefined;
      const seconds = durationBinary(d.op, a / 1000, b / 1000);
      return seconds === undefined ? undefined : seconds * 1000;
    }
    case 'DurationCall': {
      if (d.func === 'step' || d.func === 'range') return undefined;
      const vs = d.args.map(constantDurationMs);
      if (vs.some((v) => v === undefined)) return undefined;
      return d.func === 'min_of' ? Math.min(...(vs as number[])) : Math.max(...(vs as number[]));
    }
    default:
      return assertNever(d);
  }
}
