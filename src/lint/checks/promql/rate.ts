// promql/rate: rate/irate/increase/resets only make sense on counters, over a
// range that holds enough samples, and over series whose resets are visible.

import type { Call, Expr } from '../../../promql/ast.js';
import { unwrapParens } from '../../../promql/ast.js';
import type { Finding, VisitorCheck } from '../../check.js';
import { atExpr } from '../../check.js';
import { COUNTER_FUNCTIONS, COUNTER_FUNCTION_ALTERNATIVES, constantDurationMs, fmtMs, matrixSelectorOf, selectorName } from '../../expr-utils.js';

export interface RateOptions {
  /** Ranges shorter than this many scrape intervals get a warning. */
  readonly warnBelowScrapeIntervals: number;
  /** Ranges shorter than this many scrape intervals are errors (when the scrape interval is configured). */
  readonly errorBelowScrapeIntervals: number;
}

/** The aggregation under a subquery, if the subquery's expression is one (through parens). */
function aggregationUnderSubquery(arg: Expr | undefined): Expr | undefined {
  const u = arg ? unwrapParens(arg) : undefined;
  if (u?.kind !== 'SubqueryExpr') return undefined;
  const inner = unwrapParens(u.expr);
  return inner.kind === 'AggregateExpr' ? inner : undefined;
}

export const rate: VisitorCheck<RateOptions> = {
  scope: 'visitor',
  meta: {
    id: 'promql/rate',
    defaultSeverity: 'error',
    description: 'rate(), irate(), increase() and resets() over non-counters, over too short a range, or over a subquery of an aggregation.',
    optionsSchema: {
      type: 'object',
      properties: {
        warnBelowScrapeIntervals: { type: 'number', minimum: 1 },
        errorBelowScrapeIntervals: { type: 'number', minimum: 1 },
      },
      additionalProperties: false,
    },
  },
  defaults: { warnBelowScrapeIntervals: 4, errorBelowScrapeIntervals: 2 },
  create({ options, env, report }) {
    return {
      Call(node) {
        if (COUNTER_FUNCTIONS.has(node.func)) for (const f of checkCall(node)) report(f);
      },
    };

    function checkCall(call: Call): Finding[] {
      const out: Finding[] = [];
      const arg = call.args[0];
      const matrix = arg ? unwrapParens(arg) : undefined;
      const vs = matrixSelectorOf(arg);
      const alternative = COUNTER_FUNCTION_ALTERNATIVES.get(call.func) ?? 'deriv';
      if (vs) {
        const name = selectorName(vs);
        const kind = env.metricTypes.seriesKind(name);
        if (kind.kind === 'gauge') {
          // Metadata says so: an error. Inferred from a recording rule's expression: a warning,
          // since inference cannot see every way a rule keeps counter-ness.
          const inferred = kind.source === 'recording';
          out.push(
            atExpr(`${call.func}() over gauge "${name}": ${call.func}() is only valid for counters; use ${alternative}() for gauges`, call, {
              details: `"${name}" is ${inferred ? 'inferred to be a gauge from the recording rule that writes it' : `a gauge (from ${kind.source}${kind.help ? `: ${kind.help}` : ''})`}. ${call.func}() treats every decrease as a counter reset and produces garbage on a gauge.`,
              ...(inferred ? { severity: 'warning' as const } : {}),
            }),
          );
        }
        const range = matrix?.kind === 'MatrixSelector' ? matrix.range : undefined;
        const ms = range ? constantDurationMs(range) : undefined;
        const scrape = env.scrapeIntervalMs;
        if (range && ms !== undefined && ms < options.warnBelowScrapeIntervals * scrape) {
          // With an assumed scrape interval the finding is a hint: below 2x it is a warning, otherwise info.
          const belowError = ms < options.errorBelowScrapeIntervals * scrape;
          const severity = env.scrapeIntervalConfigured ? (belowError ? 'error' : 'warning') : belowError ? 'warning' : 'info';
          const assumed = env.scrapeIntervalConfigured ? '' : ' (assumed; configure the scrape interval)';
          out.push(
            atExpr(
              `${call.func}() range ${fmtMs(ms)} is shorter than ${options.warnBelowScrapeIntervals}x the scrape interval ${fmtMs(scrape)}${assumed}`,
              range.pos,
              {
                severity,
                details: `${call.func}() needs at least two samples in the range; with a ${fmtMs(scrape)} scrape interval a ${fmtMs(ms)} range often holds fewer, and the result has gaps.`,
              },
            ),
          );
        }
        return out;
      }
      if (matrix?.kind !== 'SubqueryExpr') return out;
      const agg = aggregationUnderSubquery(arg);
      if (agg) {
        out.push(
          atExpr(`${call.func}() over a subquery of an aggregation: counter resets of the individual series are hidden by the aggregation`, call, {
            details: `Aggregate after ${call.func}(): e.g. sum(${call.func}(x[5m])) instead of ${call.func}(sum(x)[5m:]).`,
          }),
        );
        return out;
      }
      const innerKind = env.metricTypes.exprKind(matrix.expr);
      if (innerKind === 'gauge') {
        out.push(atExpr(`${call.func}() over a subquery whose values are not a counter; use ${alternative}()`, call, { severity: 'warning' }));
      }
      return out;
    }
  },
};
