// The expressions a fit is made on and an emitted alert evaluates, derived
// from the user's signal by AST rewrites, so that the numbers fitted here and
// the rule Prometheus runs are the same expression:
//   - sparse data: every instant selector `x` becomes `last_over_time(x[L])`,
//     because Prometheus's 5m lookback finds nothing between samples that are
//     an hour apart (a rule cannot change the server's --query.lookback-delta);
//   - seasonal-naive baselines: `signal - (signal offset 1d)` (or 7d), the
//     error of "same as yesterday" as a forecast;
//   - the signal's own lookback: the longest range or subquery window in it,
//     which is how long a restart stays visible in the signal.

import { assertNever } from '../promql/ast.js';
import type { DurationExpr, Expr, VectorSelector } from '../promql/ast.js';
import { parseExpr } from '../promql/parse.js';
import { printExpr } from '../promql/printer.js';
import { rewriteExpr } from '../compile/transform.js';
import type { Baseline } from './fit.js';

const DEFAULT_LOOKBACK_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

function literal(ms: number): DurationExpr {
  return { kind: 'DurationLiteral', ms, unit: true, pos: { start: 0, end: 0 } };
}

/**
 * The lookback sparse data needs: twice the typical sample interval, rounded
 * up to a minute; undefined when Prometheus's default 5m already covers it.
 */
export function lookbackForInterval(intervalMs: number): number | undefined {
  const need = Math.ceil((2 * intervalMs) / 60_000) * 60_000;
  return need > DEFAULT_LOOKBACK_MS ? need : undefined;
}

/**
 * The share of evaluation steps (over each series' own span) at which the
 * default 5m lookback finds no sample: hourly data stamped at :00:01 and
 * evaluated on the hour misses every step, the same data stamped on the hour
 * misses none. Looks at up to 50 series.
 */
export function defaultLookbackMissRate(series: readonly { readonly timestamps: ArrayLike<number> }[], stepMs: number): number {
  let steps = 0;
  let missed = 0;
  for (const s of series.slice(0, 50)) {
    const ts = s.timestamps;
    if (ts.length < 2) continue;
    let j = 0;
    for (let t = Math.ceil(ts[0]! / stepMs) * stepMs; t <= ts[ts.length - 1]!; t += stepMs) {
      while (j + 1 < ts.length && ts[j + 1]! <= t) j++;
      steps++;
      if (!(ts[j]! <= t && ts[j]! > t - DEFAULT_LOOKBACK_MS)) missed++;
    }
  }
  return steps === 0 ? 0 : missed / steps;
}

/** The median interval between successive samples over all series (undefined with no pairs). */
export function medianSampleInterval(series: readonly { readonly timestamps: ArrayLike<number> }[]): number | undefined {
  const gaps: number[] = [];
  for (const s of series) {
    // A sample of each series' gaps is plenty and keeps this linear in big recordings.
    const stride = Math.max(1, Math.floor(s.timestamps.length / 2000));
    for (let i = stride; i < s.timestamps.length; i += stride) gaps.push((s.timestamps[i]! - s.timestamps[i - stride]!) / stride);
  }
  if (gaps.length === 0) return undefined;
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)];
}

/** `x` → `last_over_time(x[L])` for every instant selector (those inside ranges are left alone). */
export function withLookback(expr: Expr, lookbackMs: number | undefined): Expr {
  if (lookbackMs === undefined) return expr;
  return rewriteExpr(expr, {
    expr: (node) =>
      node.kind === 'VectorSelector' && node.at === undefined
        ? { kind: 'Call', func: 'last_over_time', args: [{ kind: 'MatrixSelector', vector: node, range: literal(lookbackMs), pos: node.pos }], pos: node.pos }
        : node,
  });
}

function shifted(expr: Expr, ms: number): Expr | undefined {
  let modified = false;
  const out = rewriteExpr(expr, {
    selector: (vs: VectorSelector) => {
      if (vs.offset || vs.at) modified = true;
      return { ...vs, offset: literal(ms) };
    },
  });
  // A selector with its own offset or @ would need offset arithmetic; such signals get no seasonal baseline.
  return modified ? undefined : out;
}

const SHIFT_MS: Readonly<Record<Exclude<Baseline, 'level'>, number>> = { day: DAY_MS, week: 7 * DAY_MS };

/** The expression a baseline measures, or undefined when the signal cannot be shifted. */
export function residualExpr(signal: Expr, baseline: Baseline): Expr | undefined {
  switch (baseline) {
    case 'level':
      return signal;
    case 'day':
    case 'week': {
      const past = shifted(signal, SHIFT_MS[baseline]);
      if (!past) return undefined;
      const text = `(${printExpr(signal)}) - (${printExpr(past)})`;
      return parseExpr(text, { experimental: true }).expr;
    }
  }
}

/** How much history a baseline needs before it has a value: its shift. */
export function baselineShiftMs(baseline: Baseline): number {
  return baseline === 'level' ? 0 : SHIFT_MS[baseline];
}

/**
 * How far back the expression looks: a range selector's range, a subquery's
 * range plus what its inner expression looks back (nested windows add up:
 * `deriv(min_over_time(x[10m])[1h:1m])` sees 70m), the largest over operands.
 * Ranges written with step()/range() arithmetic count as 0.
 */
export function signalLookbackMs(expr: Expr): number {
  const ms = (d: DurationExpr): number => (d.kind === 'DurationLiteral' ? d.ms : 0);
  switch (expr.kind) {
    case 'NumberLiteral':
    case 'StringLiteral':
    case 'VectorSelector':
      return 0;
    case 'MatrixSelector':
      return ms(expr.range);
    case 'SubqueryExpr':
      return ms(expr.range) + signalLookbackMs(expr.expr);
    case 'Call':
      return Math.max(0, ...expr.args.map(signalLookbackMs));
    case 'AggregateExpr':
      return Math.max(signalLookbackMs(expr.expr), expr.param ? signalLookbackMs(expr.param) : 0);
    case 'BinaryExpr':
      return Math.max(signalLookbackMs(expr.lhs), signalLookbackMs(expr.rhs));
    case 'UnaryExpr':
    case 'ParenExpr':
      return signalLookbackMs(expr.expr);
    default:
      return assertNever(expr);
  }
}
