// `leak`: growth-rate leak detection for a gauge that should stay flat
// (go_goroutines, go_memstats_heap_inuse_bytes, process_open_fds, ...).
//
// A leak is a *floor* that keeps rising: the gauge's minimum over a short
// smoothing window drops the bursts of normal load, and `deriv` (least-squares
// slope, the right tool for a gauge — `rate` is for counters) over a longer
// window measures how fast that floor rises. Two kinds of tier:
//   growth_per_hour: slope × 3600 above a static or per-row threshold;
//   exhaust_within:  `predict_linear` of the floor reaches a limit (a number
//                    or a metric such as process_max_fds) within a horizon.
// Guards: an absolute floor (`min_value`, tiny processes never page) and the
// minutes after a restart (`process_start_time_seconds`), whose ramp-up
// looks like growth.
import { dur, num, selectorText, tableVariants, applyVariant, mergeLabels, annotationsOf, type Variant } from './common.js';
import type { GeneratedRule, Generator } from './context.js';
import { rowThreshold } from '../thresholds.js';
import type { Rational } from '../decimal.js';
import { printLabelList } from '../../promql/printer.js';

export const LEAK_TIERS = ['warning', 'critical'] as const;

interface Tier {
  readonly name: (typeof LEAK_TIERS)[number];
  readonly growthPerHour?: Rational;
  readonly exhaustWithinMs?: number;
  readonly forMs?: number;
}

export const leakGenerator: Generator = ({ name, params }) => {
  const metric = params.string('metric');
  if (metric === undefined) return [];
  const matchers = params.selector('selector');
  const smoothingMs = params.duration('smoothing', '10m')!;
  const windowMs = params.duration('window', '1h')!;
  const stepMs = params.duration('step', '1m')!;
  const matchOn = params.labels('match_on', ['job', 'instance']);
  const minValue = params.has('min_value') ? params.number('min_value') : undefined;
  // The slope window still sees the restart until it has slid past it.
  const graceMs = params.duration('restart_grace', dur(windowMs + smoothingMs))!;
  const startMetric = params.string('start_time_metric') ?? 'process_start_time_seconds';
  const limit = params.sub('limit');
  const limitValue = limit?.has('value') ? limit.number('value') : undefined;
  const limitMetric = limit?.string('metric');
  if (limit && (limitValue === undefined) === (limitMetric === undefined)) limit.error(undefined, 'limit: set exactly one of metric or value');
  const table = params.has('thresholds') ? params.table('thresholds') : undefined;

  const tiers: Tier[] = [];
  const tiersNode = params.sub('tiers');
  for (const tierName of tiersNode?.keys() ?? []) {
    const t = tiersNode!.sub(tierName);
    if (!t) continue;
    const tierKey = LEAK_TIERS.find((x) => x === tierName)!;
    const growthPerHour = t.has('growth_per_hour') ? t.number('growth_per_hour') : undefined;
    const exhaustWithinMs = t.duration('exhaust_within');
    if ((growthPerHour === undefined) === (exhaustWithinMs === undefined) && !(table && !t.has('exhaust_within'))) {
      t.error(undefined, `tier ${tierName}: set exactly one of growth_per_hour or exhaust_within`);
      continue;
    }
    if (exhaustWithinMs !== undefined && !limit) {
      t.error('exhaust_within', 'needs a limit (limit.metric or limit.value) to extrapolate to');
      continue;
    }
    const forMs = t.duration('for');
    tiers.push({
      name: tierKey,
      ...(growthPerHour ? { growthPerHour } : {}),
      ...(exhaustWithinMs !== undefined ? { exhaustWithinMs } : {}),
      ...(forMs !== undefined ? { forMs } : {}),
    });
  }
  if (windowMs < 4 * stepMs) params.error('window', `must span at least 4 steps (${dur(4 * stepMs)}) for deriv to fit a slope`);

  const gauge = selectorText(metric, matchers);
  const floorRange = `min_over_time(${gauge}[${dur(smoothingMs)}])[${dur(windowMs)}:${dur(stepMs)}]`;
  const on = `on (${printLabelList(matchOn)})`;
  const guards: string[] = [];
  if (minValue !== undefined) guards.push(`${gauge} > ${num(minValue)}`);
  if (graceMs > 0) guards.push(`${on} (time() - ${selectorText(startMetric, matchers)} > ${String(graceMs / 1000)})`);
  const guard = guards.map((g) => ` and ${g}`).join('');
  const userLabels = params.stringMap('labels');
  const runbook = params.string('runbook_url', false);

  const core = (tier: Tier, v: Variant): string | undefined => {
    const fromTable = v.row ? rowThreshold(v.row, tier.name) : undefined;
    if (tier.exhaustWithinMs !== undefined) {
      const horizonS = fromTable ? num(fromTable) : String(tier.exhaustWithinMs / 1000);
      const limitText = limitValue !== undefined ? num(limitValue) : `${on} ${selectorText(limitMetric ?? '', matchers)}`;
      // Only a rising floor can exhaust the limit; a floor already above it is reported too.
      return `predict_linear(${floorRange}, ${horizonS}) >= ${limitText} and deriv(${floorRange}) > 0`;
    }
    const growth = fromTable ?? tier.growthPerHour;
    if (growth === undefined) return undefined;
    return `deriv(${floorRange}) * 3600 > ${num(growth)}`;
  };

  const rules: GeneratedRule[] = [];
  const variants = tableVariants(table, gauge);
  for (const tier of tiers) {
    for (const v of variants) {
      const c = core(tier, v);
      if (c === undefined) {
        params.error(
          'thresholds',
          `row ${JSON.stringify(Object.fromEntries(v.row?.labels ?? []))} has no value for tier ${tier.name} and the tier sets no growth_per_hour`,
        );
        continue;
      }
      const exprText = applyVariant(v, guard === '' ? c : `(${c})${guard}`);
      const what =
        tier.exhaustWithinMs !== undefined
          ? `${metric} will reach its limit within ${dur(tier.exhaustWithinMs)} at the current growth rate`
          : `${metric} keeps growing (floor rising {{ $value | humanize }} per hour)`;
      const summary = params.string('summary', false) ?? `${metric} is leaking on {{ $labels.instance }}`;
      const description =
        params.string('description', false) ??
        `The ${dur(smoothingMs)} floor of ${metric} on {{ $labels.job }}/{{ $labels.instance }} has risen steadily over the last ${dur(windowMs)}: ${what}.`;
      rules.push({
        kind: 'alert',
        name,
        exprText,
        ...(tier.forMs !== undefined ? { forMs: tier.forMs } : {}),
        labels: mergeLabels([['severity', v.row?.severity ?? tier.name]], userLabels),
        annotations: annotationsOf({ summary, description, runbook_url: runbook }),
      });
    }
  }
  return rules;
};
