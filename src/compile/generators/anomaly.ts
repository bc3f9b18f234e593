// `anomaly`: a band around the recent (or seasonal) normal of a series and an
// alert when the series leaves it.
//   stddev (adaptive): center = mean, spread = standard deviation;
//   mad (robust):      center = median, spread = 1.4826 × median absolute
//                      deviation, which a few outliers cannot drag along
//                      (1.4826 makes it estimate σ for normal data).
// Seasonality compares with the same time of the previous day or week: the
// statistics are taken over a window centred one season ago, so a daily
// peak is not an anomaly. The multiplier (k in center ± k·spread) is a
// parameter or comes per label set from a thresholds table; `min_spread`
// keeps a flat series from alerting on noise.
import { printExpr } from '../../promql/printer.js';
import type { Rational } from '../decimal.js';
import { parseDecimal } from '../decimal.js';
import { rowThreshold } from '../thresholds.js';
import { annotationsOf, applyVariant, dur, mergeLabels, num, tableVariants } from './common.js';
import type { GeneratedRule, Generator } from './context.js';

const SEASON_MS = { none: 0, daily: 24 * 3600_000, weekly: 7 * 24 * 3600_000 } as const;
/** 1/Φ⁻¹(3/4): scales the MAD to a consistent estimate of σ. */
const MAD_SCALE = '1.4826';

export const anomalyGenerator: Generator = ({ name, params }) => {
  const query = params.promql('query');
  const method = params.oneOf('method', ['stddev', 'mad'] as const, 'stddev');
  const windowMs = params.duration('window', '1h')!;
  const seasonality = params.oneOf('seasonality', ['none', 'daily', 'weekly'] as const, 'none');
  const multiplier: Rational = (params.has('multiplier') ? params.number('multiplier') : undefined) ?? parseDecimal('3')!;
  const minSpread = params.has('min_spread') ? params.number('min_spread') : undefined;
  const direction = params.oneOf('direction', ['both', 'above', 'below'] as const, 'both');
  const forMs = params.duration('for', '15m');
  const severity = params.string('severity') ?? 'warning';
  const table = params.has('thresholds') ? params.table('thresholds') : undefined;
  if (!query) {
    if (!params.has('query')) params.error(undefined, 'missing query');
    return [];
  }
  const seasonMs = SEASON_MS[seasonality];
  if (seasonMs > 0 && windowMs > seasonMs) params.error('window', `must not exceed the ${seasonality} season (${dur(seasonMs)})`);

  const rec = (part: string): string => `anomaly:${name}:${part}`;
  // Centre the statistics window one season back (or end it now without seasonality).
  const offsetMs = seasonMs > 0 ? seasonMs - windowMs / 2 : 0;
  const range = (metric: string): string => `${metric}[${dur(windowMs)}]${offsetMs > 0 ? ` offset ${dur(offsetMs)}` : ''}`;
  const rules: GeneratedRule[] = [{ kind: 'record', name: rec('value'), exprText: printExpr(query), labels: [], annotations: [] }];
  const floor = (spread: string): string => (minSpread ? `clamp_min(${spread}, ${num(minSpread)})` : spread);
  if (method === 'stddev') {
    rules.push({ kind: 'record', name: rec('center'), exprText: `avg_over_time(${range(rec('value'))})`, labels: [], annotations: [] });
    rules.push({ kind: 'record', name: rec('spread'), exprText: floor(`stddev_over_time(${range(rec('value'))})`), labels: [], annotations: [] });
  } else {
    rules.push({ kind: 'record', name: rec('center'), exprText: `quantile_over_time(0.5, ${range(rec('value'))})`, labels: [], annotations: [] });
    rules.push({ kind: 'record', name: rec('abs_deviation'), exprText: `abs(${rec('value')} - ${rec('center')})`, labels: [], annotations: [] });
    rules.push({
      kind: 'record',
      name: rec('spread'),
      exprText: floor(`${MAD_SCALE} * quantile_over_time(0.5, ${rec('abs_deviation')}[${dur(windowMs)}])`),
      labels: [],
      annotations: [],
    });
  }
  const userLabels = params.stringMap('labels');
  const runbook = params.string('runbook_url', false);
  for (const v of tableVariants(table, rec('value'))) {
    const k = v.row ? (rowThreshold(v.row, 'multiplier') ?? multiplier) : multiplier;
    const upper = applyVariant(v, `${rec('center')} + ${num(k)} * ${rec('spread')}`);
    const lower = applyVariant(v, `${rec('center')} - ${num(k)} * ${rec('spread')}`);
    rules.push({ kind: 'record', name: rec('upper'), exprText: upper, labels: [], annotations: [] });
    rules.push({ kind: 'record', name: rec('lower'), exprText: lower, labels: [], annotations: [] });
  }
  const leaves = {
    both: `${rec('value')} > ${rec('upper')} or ${rec('value')} < ${rec('lower')}`,
    above: `${rec('value')} > ${rec('upper')}`,
    below: `${rec('value')} < ${rec('lower')}`,
  }[direction];
  rules.push({
    kind: 'alert',
    name,
    exprText: leaves,
    ...(forMs !== undefined ? { forMs } : {}),
    labels: mergeLabels([['severity', severity]], userLabels),
    annotations: annotationsOf({
      summary: params.string('summary', false) ?? `${name}: value outside its normal band`,
      description:
        params.string('description', false) ??
        `{{ $value | humanize }} is outside the ${method === 'mad' ? 'median ± k·MAD' : 'mean ± k·σ'} band of the last ${dur(windowMs)}${seasonMs > 0 ? ` one ${seasonality === 'daily' ? 'day' : 'week'} ago` : ''}.`,
      runbook_url: runbook,
    }),
  });
  return rules;
};
