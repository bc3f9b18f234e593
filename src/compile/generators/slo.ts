// `slo`: multi-window, multi-burn-rate alerts (Google SRE Workbook, "Alerting
// on SLOs", approach 6). For each window the error ratio is recorded; an alert
// fires when both a long and a short window burn the error budget faster than
// `factor`, where factor = (share of the budget spent) × period / long window:
// 2% in 1h and 5% in 6h page, 10% in 1d and in 3d open a ticket. For a 30d
// period these are the workbook's 14.4, 6, 3 and 1.
//
// Thresholds are factor × (1 − objective), computed in exact decimal
// arithmetic. An objective whose threshold reaches 1 is refused: an error
// ratio never exceeds 1, so that alert could never fire.
import { mul, sub, div, compare, fromInteger, parseDecimal, type Rational, formatDecimal } from '../decimal.js';
import type { Expr } from '../../promql/ast.js';
import { printExpr } from '../../promql/printer.js';
import { quoteString } from '../../promql/literals.js';
import { aggregation, annotationsOf, dur, leRegex, mergeLabels, num, selectorText } from './common.js';
import type { GeneratedRule, Generator } from './context.js';

interface BurnWindow {
  readonly tier: 'page' | 'ticket';
  readonly longMs: number;
  readonly shortMs: number;
  /** Share of the period's error budget spent in the long window. */
  readonly budgetShare: string;
}

const H = 3600_000;
const M = 60_000;

/** The workbook's recommended windows (short window = long / 12). */
export const BURN_WINDOWS: readonly BurnWindow[] = [
  { tier: 'page', longMs: 1 * H, shortMs: 5 * M, budgetShare: '0.02' },
  { tier: 'page', longMs: 6 * H, shortMs: 30 * M, budgetShare: '0.05' },
  { tier: 'ticket', longMs: 24 * H, shortMs: 2 * H, budgetShare: '0.1' },
  { tier: 'ticket', longMs: 72 * H, shortMs: 6 * H, budgetShare: '0.1' },
];

const TIER_SEVERITY: Record<BurnWindow['tier'], string> = { page: 'critical', ticket: 'warning' };

export function burnFactor(w: BurnWindow, periodMs: number): Rational {
  return div(mul(parseDecimal(w.budgetShare)!, fromInteger(periodMs)), fromInteger(w.longMs));
}

export const RECORD_PREFIX = 'slo:error_ratio:rate';

export function errorRatioRecord(windowMs: number): string {
  return `${RECORD_PREFIX}${dur(windowMs)}`;
}

export const sloGenerator: Generator = ({ name, params }) => {
  const slo = params.string('slo');
  const objective = params.number('objective');
  const periodMs = params.duration('period', '30d')!;
  const by = params.labels('by', []);
  const sli = params.sub('sli');
  if (slo === undefined || objective === undefined || !sli) {
    if (!sli) params.error(undefined, 'missing sli');
    return [];
  }
  if (compare(objective, fromInteger(0)) <= 0 || compare(objective, fromInteger(1)) >= 0) {
    params.error('objective', `objective ${formatDecimal(objective)} must be a ratio strictly between 0 and 1 (0.999 means 99.9%)`);
    return [];
  }
  const budget = sub(fromInteger(1), objective);
  const thresholds = new Map<BurnWindow, Rational>();
  for (const w of BURN_WINDOWS) {
    const factor = burnFactor(w, periodMs);
    const threshold = mul(factor, budget);
    if (compare(threshold, fromInteger(1)) >= 0) {
      params.error(
        'objective',
        `objective ${formatDecimal(objective)} is infeasible for the ${w.tier} alert on the ${dur(w.longMs)} window: burn factor ${formatDecimal(factor)} × error budget ${formatDecimal(budget)} = ${formatDecimal(threshold)} ≥ 1, and an error ratio can never exceed 1`,
      );
      return [];
    }
    thresholds.set(w, threshold);
  }

  // The error ratio over a window, from errors/total counters or from a histogram.
  let ratio: ((w: string) => string) | undefined;
  const sum = aggregation('sum', by);
  const hist = sli.sub('histogram');
  if (hist) {
    const metric = hist.string('metric');
    const threshold = hist.number('threshold');
    const matchers = hist.selector('selector');
    if (metric === undefined || threshold === undefined) return [];
    const le = [...matchers, { name: 'le', op: '=~' as const, value: leRegex(threshold) }];
    const count = selectorText(`${metric}_count`, matchers);
    const good = selectorText(`${metric}_bucket`, le);
    ratio = (w) => `(${sum}(rate(${count}[${w}])) - ${sum}(rate(${good}[${w}]))) / ${sum}(rate(${count}[${w}]))`;
    if (sli.has('errors') || sli.has('total')) sli.error(undefined, 'sli: use either histogram or errors/total, not both');
  } else {
    const errors = counterSelector(sli.promql('errors'), () => sli.error('errors', 'expected a counter selector such as http_requests_total{code=~"5.."}'));
    const total = counterSelector(sli.promql('total'), () => sli.error('total', 'expected a counter selector such as http_requests_total'));
    if (!sli.has('errors') || !sli.has('total')) sli.error(undefined, 'sli: set histogram, or both errors and total');
    if (errors === undefined || total === undefined) return [];
    ratio = (w) => `${sum}(rate(${errors}[${w}])) / ${sum}(rate(${total}[${w}]))`;
  }

  const windows = [...new Set(BURN_WINDOWS.flatMap((w) => [w.shortMs, w.longMs]))].sort((a, b) => a - b);
  const sloLabel: [string, string] = ['slo', slo];
  const rules: GeneratedRule[] = windows.map((w) => ({
    kind: 'record',
    name: errorRatioRecord(w),
    exprText: ratio!(dur(w)),
    labels: [sloLabel],
    annotations: [],
  }));

  const recorded = (w: number): string => `${errorRatioRecord(w)}{slo=${quoteString(slo)}}`;
  const userLabels = params.stringMap('labels');
  const runbook = params.string('runbook_url', false);
  const objectivePct = formatDecimal(mul(objective, fromInteger(100)));
  for (const tier of ['page', 'ticket'] as const) {
    const ws = BURN_WINDOWS.filter((w) => w.tier === tier);
    const clauses = ws.map((w) => {
      const t = num(thresholds.get(w)!);
      return `(${recorded(w.longMs)} > ${t} and ${recorded(w.shortMs)} > ${t})`;
    });
    const factors = ws.map((w) => `${formatDecimal(burnFactor(w, periodMs))}x over ${dur(w.longMs)}/${dur(w.shortMs)}`).join(', ');
    rules.push({
      kind: 'alert',
      name,
      exprText: clauses.join(' or '),
      labels: mergeLabels([['severity', TIER_SEVERITY[tier]], sloLabel], userLabels),
      annotations: annotationsOf({
        summary: params.string('summary', false) ?? `SLO ${slo} is burning its error budget too fast`,
        description:
          params.string('description', false) ??
          `The ${objectivePct}% ${dur(periodMs)} objective of ${slo} is at risk: the error ratio is {{ $value | humanizePercentage }}, burning the budget at ${factors} (${tier === 'page' ? 'page' : 'ticket'}).`,
        runbook_url: runbook,
      }),
    });
  }
  return rules;
};

/** The text of a plain counter selector (no range, no function). */
function counterSelector(expr: Expr | undefined, bad: () => void): string | undefined {
  if (!expr) return undefined;
  if (expr.kind !== 'VectorSelector' || expr.offset || expr.at) {
    bad();
    return undefined;
  }
  return printExpr(expr);
}
