// promql/fragile: queries whose result depends on things other than the
// monitored condition: top-k style selection in alerts, and absent() used in
// ways that lose the labels the alert needs.

import type { BinaryExpr, Expr } from '../../../promql/ast.js';
import { isComparisonOp, isSetOp, unwrapParens, walk } from '../../../promql/ast.js';
import { typeOf } from '../../../promql/typecheck.js';
import type { Finding, VisitorCheck } from '../../check.js';
import { NO_OPTIONS_SCHEMA, atExpr } from '../../check.js';
import { METRIC_NAME, labelFlow } from '../../../analysis/label-flow.js';

const RANKING = new Set(['topk', 'bottomk', 'limitk', 'limit_ratio']);

function absentFindings(call: Expr & { kind: 'Call' }): Finding[] {
  const arg = call.args[0] ? unwrapParens(call.args[0]) : undefined;
  if (!arg) return [];
  const vs = arg.kind === 'MatrixSelector' ? arg.vector : arg.kind === 'VectorSelector' ? arg : undefined;
  if (vs) {
    const lost = vs.matchers.filter((m) => m.op !== '=');
    if (lost.length === 0) return [];
    return [
      atExpr(
        `${call.func}() with ${lost.map((m) => `${m.name}${m.op}"${m.value}"`).join(', ')}: only "=" matchers become labels of the result, so ${lost.map((m) => `"${m.name}"`).join(', ')} will be missing`,
        call,
      ),
    ];
  }
  // Only worth saying when the inner expression has labels that will be lost.
  const inner = labelFlow(arg);
  if (inner.closed && [...inner.possible].every((l) => l === METRIC_NAME)) return [];
  return [
    atExpr(`${call.func}() over an expression that is not a plain selector returns a series with no labels`, call, {
      details:
        'absent() can only copy labels from the equality matchers of a selector; alert labels and templates referring to labels of the inner expression will be empty.',
    }),
  ];
}

/** Whether any selector under `e` reads the past with `offset`. */
function hasOffset(e: Expr): boolean {
  let found = false;
  walk(e, (n) => {
    if (found) return false;
    if (n.kind === 'VectorSelector' && n.offset !== undefined) found = true;
    return undefined;
  });
  return found;
}

/**
 * Arithmetic between now and the past (`sum(x) / sum(x offset 30m)`) in an
 * alert without `for`: after a restart or a gap in scraping one side is
 * missing or partial while the other is complete, and the very first
 * evaluation can fire.
 */
function offsetArithmetic(bin: BinaryExpr): boolean {
  if (isComparisonOp(bin.op) || isSetOp(bin.op)) return false;
  if (typeOf(bin.lhs) !== 'vector' || typeOf(bin.rhs) !== 'vector') return false;
  return hasOffset(bin.lhs) !== hasOffset(bin.rhs);
}

/** Calls whose result series are not their argument's. */
const SERIES_MAKING_CALLS: ReadonlySet<string> = new Set(['absent', 'absent_over_time', 'scalar', 'vector']);

/**
 * The nodes whose series become the alert's series: followed through `or`
 * branches, the kept side of filters and joins and series-keeping functions,
 * but not into the other side of a join or comparison (a `topk by (x) (1,
 * info)` that dedupes a join, a threshold), nor into aggregations, which
 * build series of their own.
 */
function seriesSources(expr: Expr): Set<Expr> {
  const out = new Set<Expr>();
  const visit = (e: Expr): void => {
    out.add(e);
    switch (e.kind) {
      case 'ParenExpr':
      case 'UnaryExpr':
        visit(e.expr);
        return;
      case 'Call': {
        if (SERIES_MAKING_CALLS.has(e.func)) return;
        const arg = e.args.find((a) => typeOf(a) === 'vector');
        if (arg) visit(arg);
        return;
      }
      case 'BinaryExpr': {
        const lt = typeOf(e.lhs);
        const rt = typeOf(e.rhs);
        if (lt === 'vector' && rt === 'vector') {
          if (e.op === 'or') {
            visit(e.lhs);
            visit(e.rhs);
          } else visit(e.matching?.card === 'one-to-many' && !isSetOp(e.op) ? e.rhs : e.lhs);
        } else if (lt === 'vector') visit(e.lhs);
        else if (rt === 'vector') visit(e.rhs);
        return;
      }
      default:
        return;
    }
  };
  visit(expr);
  return out;
}

export const fragile: VisitorCheck = {
  scope: 'visitor',
  meta: {
    id: 'promql/fragile',
    defaultSeverity: 'warning',
    description:
      'topk/bottomk/limitk in alerts, arithmetic against offset values in alerts without for, and absent() with regex/negative matchers or over expressions whose labels cannot appear in its result.',
    optionsSchema: NO_OPTIONS_SCHEMA,
  },
  defaults: {},
  create({ rule, report }) {
    const alert = rule.kind === 'alert';
    // Computed at the first ranking aggregation of an alert; most rules have none.
    let sources: Set<Expr> | undefined;
    return {
      AggregateExpr(node) {
        if (RANKING.has(node.op) && alert && (sources ??= seriesSources(rule.expr)).has(node)) {
          report(
            atExpr(
              `${node.op}() in an alert: which series are selected changes between evaluations, so alerts flap as series enter and leave the selection`,
              node,
            ),
          );
        }
      },
      Call(node) {
        if (node.func === 'absent' || node.func === 'absent_over_time') for (const f of absentFindings(node)) report(f);
      },
      BinaryExpr(node) {
        if (alert && !rule.forMs && offsetArithmetic(node)) {
          report(
            atExpr(
              `"${node.op}" between a value and an offset value in an alert without "for": after a restart or a scrape gap one side is incomplete and the alert can fire at once; add "for"`,
              node,
            ),
          );
        }
      },
    };
  },
};
