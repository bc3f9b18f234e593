// The thresholds report: per group, the signal with the fitted threshold
// (or seasonal band) and the backtested firings, the budget search's curve
// (candidate threshold → alerts per week, see episodeCurve), and the
// incidents with when the chosen threshold would have detected them.

import type { Labels } from '../model/labels.js';
import { getLabel, labelsKey } from '../model/labels.js';
import { backtest, episodeCurve, evaluationsToFire, slidingMin } from '../thresholds/backtest.js';
import type { FitResult, GroupSignal } from '../thresholds/fit.js';
import { seasonBucket } from '../thresholds/fit.js';
import type { IncidentOutcome } from '../thresholds/incidents.js';
import type { ThresholdsRun } from '../thresholds/report.js';
import type { ChartSpec, CurveChartSpec, EnvelopeSpec, IntervalSpec, MarkerSpec, ReportDoc, RuleLineSpec, SectionSpec, TableSpec } from './model.js';
import { chartLines, durationText, isoTime, labelsText, numberText, peak } from './common.js';
import { downsampleEnvelope, downsampleMinMax, relSeconds, roundForDisplay } from './downsample.js';

export interface ThresholdsDocInput {
  /** One run per direction, as `promforge thresholds` computes them. */
  readonly runs: readonly ThresholdsRun[];
  /** The evaluated signal per group, in the order of each run's results. */
  readonly groups: readonly GroupSignal[];
  readonly title?: string;
  readonly topN?: number;
  readonly buckets?: number;
}

/** The fit's score of a value (what the budget search ranks), as fitGroup defines it per method. */
function scorer(fit: FitResult): ((v: number, t: number) => number) | undefined {
  const sign = fit.direction === 'upper' ? 1 : -1;
  switch (fit.method) {
    case 'quantile':
    case 'slope':
    case 'envelope':
      return (v) => sign * v;
    case 'sigma':
    case 'mad':
      return fit.center === undefined || fit.scale === undefined ? undefined : (v) => (sign * (v - fit.center!)) / fit.scale!;
    case 'seasonal': {
      const b = fit.baseline;
      return b === undefined ? undefined : (v, t) => (sign * (v - b.median[seasonBucket(t, b.season)]!)) / b.mad[seasonBucket(t, b.season)]!;
    }
  }
}

/** The score threshold z back in signal units (undefined for seasonal, where x is k itself). */
function thresholdOfScore(fit: FitResult): (z: number) => number {
  const sign = fit.direction === 'upper' ? 1 : -1;
  switch (fit.method) {
    case 'quantile':
    case 'slope':
    case 'envelope':
      return (z) => sign * z;
    case 'sigma':
    case 'mad':
      return (z) => fit.center! + sign * z * fit.scale!;
    case 'seasonal':
      return (z) => z;
  }
}

function budgetCurve(id: string, g: GroupSignal, fit: FitResult, run: ThresholdsRun, buckets: number): CurveChartSpec | undefined {
  const score = scorer(fit);
  if (!score || fit.error) return undefined;
  const L = evaluationsToFire(run.options.forMs, run.options.stepMs);
  const minima = g.series.map((s) => {
    const z = new Float64Array(s.signal.values.length);
    for (let i = 0; i < z.length; i++) {
      const v = s.signal.values[i]!;
      z[i] = Number.isFinite(v) ? score(v, s.signal.times[i]!) : NaN;
    }
    return slidingMin(z, L);
  });
  const curve = episodeCurve(...minima);
  // The budget search counts histories shorter than a day as a day; so does the curve.
  const weeks = Math.max(fit.backtest.weeks, 1 / 7);
  const toX = thresholdOfScore(fit);
  let xs: number[] = [];
  let ys: number[] = [];
  for (let k = 0; k < curve.breakpoints.length; k++) {
    const x = toX(curve.breakpoints[k]!);
    if (!Number.isFinite(x)) continue;
    xs.push(x);
    ys.push(curve.counts[k]! / weeks);
  }
  // Lower thresholds in signal units run the other way: a count holds up to its x.
  const reversed = fit.direction === 'lower' && fit.method !== 'seasonal';
  if (reversed) {
    xs = xs.reverse();
    ys = ys.reverse();
  }
  if (xs.length === 0) return undefined;
  const d = downsampleMinMax(xs, ys, xs[0]!, xs[xs.length - 1]!, buckets);
  const chosen = fit.method === 'seasonal' ? fit.k : fit.threshold;
  const vlines: RuleLineSpec[] =
    chosen !== undefined
      ? [
          {
            at: chosen,
            label: `chosen ${fit.method === 'seasonal' ? 'k' : 'threshold'} ${numberText(chosen)} → ${(fit.backtest.alerts / weeks).toFixed(2)}/week`,
          },
        ]
      : [];
  const budget = run.options.budgetPerWeek;
  return {
    kind: 'curve',
    id,
    title: `budget search (${fit.direction}): alerts per week for each candidate ${fit.method === 'seasonal' ? 'k' : 'threshold'}`,
    note: `an alert "${fit.direction === 'upper' ? '>' : '<'} threshold for ${durationText(run.options.forMs)}" replayed on ${durationText(fit.backtest.weeks * 7 * 86_400_000)} of history`,
    xLabel: fit.method === 'seasonal' ? 'k (MADs from the seasonal median)' : 'threshold',
    yLabel: 'alerts/week',
    x: d.t.map((x) => roundForDisplay(x, 7) ?? 0),
    y: d.v.map((y) => roundForDisplay(y, 5) ?? 0),
    step: reversed ? 'before' : 'after',
    vlines,
    hlines: budget !== undefined ? [{ at: budget, label: `budget ${budget}/week` }] : [],
  };
}

function incidentMatches(inc: IncidentOutcome, g: GroupSignal): boolean {
  return g.series.some((s) => Object.entries(inc.labels).every(([k, v]) => getLabel(s.labels, k) === v));
}

function fitText(fit: FitResult): string {
  if (fit.error) return `no threshold: ${fit.error}`;
  if (fit.method === 'seasonal') return `median ± ${numberText(fit.k!)}·MAD (${fit.baseline?.season})`;
  return `${fit.direction === 'upper' ? '>' : '<'} ${numberText(fit.threshold!)}`;
}

export function thresholdsReportDoc(o: ThresholdsDocInput): ReportDoc {
  const topN = o.topN ?? 6;
  const buckets = o.buckets ?? 1000;
  const first = o.runs[0];
  const baseMs = first?.startMs ?? 0;
  const sections: { s: SectionSpec; rank: number }[] = o.groups.map((g, gi) => {
    const times = g.series[0]?.signal.times ?? new Float64Array(0);
    const fits = o.runs.map((r) => r.results[gi]).filter((f): f is FitResult => f !== undefined);
    const upper = fits.some((f) => f.direction === 'upper') || fits.length === 0;
    const ranked = [...g.series].sort((a, b) =>
      upper ? peak(b.signal.values) - peak(a.signal.values) : peak(a.signal.values.map((v) => -v)) - peak(b.signal.values.map((v) => -v)),
    );
    const { lines, envelopes } = chartLines({
      times,
      ordered: ranked.map((s) => ({ name: labelsText(s.labels, ['__name__']), values: s.signal.values })),
      topN,
      buckets,
      baseMs,
    });
    const hlines: RuleLineSpec[] = [];
    const bands: EnvelopeSpec[] = [];
    const intervals: IntervalSpec[] = [];
    const markers: MarkerSpec[] = [];
    const rows: string[][] = [];
    for (const run of o.runs) {
      const fit = run.results[gi];
      if (!fit) continue;
      const sign = fit.direction === 'upper' ? 1 : -1;
      if (!fit.error && fit.method !== 'seasonal' && fit.threshold !== undefined)
        hlines.push({ at: fit.threshold, label: `${fit.direction} threshold ${numberText(fit.threshold)}` });
      let thresholdAt: ((i: number, t: number) => number) | undefined;
      if (!fit.error && fit.method === 'seasonal' && fit.baseline && fit.k !== undefined) {
        const b = fit.baseline;
        const k = fit.k;
        const lo = new Float64Array(times.length);
        const hi = new Float64Array(times.length);
        times.forEach((t, i) => {
          const bucket = seasonBucket(t, b.season);
          // The side the alert watches: from the median up (upper) or down (lower).
          lo[i] = sign === 1 ? b.median[bucket]! : b.median[bucket]! - k * b.mad[bucket]!;
          hi[i] = sign === 1 ? b.median[bucket]! + k * b.mad[bucket]! : b.median[bucket]!;
        });
        const d = downsampleEnvelope(times, lo, hi, times[0] ?? 0, times[times.length - 1] ?? 0, buckets);
        bands.push({
          name: `${fit.direction} band: median ${sign === 1 ? '+' : '−'} ${numberText(k)}·MAD`,
          kind: 'band',
          t: d.t.map((t) => relSeconds(t, baseMs)),
          lo: d.lo.map((v) => roundForDisplay(v)),
          hi: d.hi.map((v) => roundForDisplay(v)),
        });
        // Same bound as evaluateIncidents uses, on the sign-flipped signal.
        thresholdAt = (_i, t) => sign * b.median[seasonBucket(t, b.season)]! + k * b.mad[seasonBucket(t, b.season)]!;
      } else if (!fit.error && fit.threshold !== undefined) {
        const th = sign * fit.threshold;
        thresholdAt = () => th;
      }
      if (thresholdAt) {
        for (const s of g.series) {
          const values = sign === 1 ? s.signal.values : s.signal.values.map((v) => -v);
          const at = thresholdAt;
          const r = backtest({ times: s.signal.times, values }, (i) => at(i, s.signal.times[i]!), run.options.forMs);
          const name = labelsText(s.labels, ['__name__']);
          for (const iv of r.intervals) {
            const end = iv.resolvedAtMs ?? run.endMs;
            if (iv.firingAtMs > iv.pendingAtMs)
              intervals.push({ kind: 'pending', from: relSeconds(iv.pendingAtMs, baseMs), to: relSeconds(iv.firingAtMs, baseMs), label: `pending ${name}` });
            intervals.push({ kind: 'firing', from: relSeconds(iv.firingAtMs, baseMs), to: relSeconds(end, baseMs), label: `firing ${name}` });
          }
        }
      }
      rows.push([
        fit.direction,
        fitText(fit),
        fit.error ? '-' : fit.backtest.alertsPerWeek.toFixed(2),
        fit.error ? '-' : durationText(fit.backtest.firingMs),
        String(fit.samples),
        `${(fit.coverage * 100).toFixed(1)}%`,
      ]);
    }
    const incidentRows: string[][] = [];
    for (const inc of first?.incidents?.items ?? []) {
      if (!incidentMatches(inc, g)) continue;
      const name = inc.name ?? labelsText(inc.labels);
      intervals.push({ kind: 'incident', from: relSeconds(inc.startMs, baseMs), to: relSeconds(inc.endMs, baseMs), label: `incident ${name}` });
      const here = inc.detectedAtMs !== undefined && labelsKey(inc.group) === labelsKey(g.group);
      if (here)
        markers.push({ t: relSeconds(inc.detectedAtMs!, baseMs), label: `detected after ${durationText(inc.detectedAtMs! - inc.startMs)}`, kind: 'detected' });
      else
        markers.push({
          t: relSeconds(inc.startMs, baseMs),
          label: inc.detectedAtMs === undefined ? 'missed' : `detected in ${labelsText(inc.group)}`,
          kind: 'missed',
        });
      incidentRows.push([
        name,
        isoTime(inc.startMs),
        isoTime(inc.endMs),
        inc.detectedAtMs !== undefined ? isoTime(inc.detectedAtMs) : 'missed',
        inc.detectedAtMs !== undefined ? durationText(inc.detectedAtMs - inc.startMs) || '0s' : '—',
      ]);
    }
    const key = labelsText(g.group as Labels);
    const charts: ChartSpec[] = [
      {
        kind: 'time',
        id: `group-${gi}-signal`,
        title: `${first?.signal ?? 'signal'}  ${g.group.length ? key : '(all series)'}`,
        from: relSeconds(times[0] ?? baseMs, baseMs),
        to: relSeconds(times[times.length - 1] ?? baseMs, baseMs),
        lines,
        envelopes: [...bands, ...envelopes],
        hlines,
        intervals,
        markers,
      },
      ...o.runs.flatMap((run, ri) => {
        const fit = run.results[gi];
        const c = fit ? budgetCurve(`group-${gi}-budget-${ri}`, g, fit, run, buckets) : undefined;
        return c ? [c] : [];
      }),
    ];
    const tables: TableSpec[] = [
      { title: 'Fitted thresholds (backtested)', columns: ['direction', 'threshold', 'alerts/week', 'firing', 'samples', 'coverage'], rows },
    ];
    if (incidentRows.length > 0)
      tables.push({ title: 'Incidents', columns: ['incident', 'start', 'end', 'detected at', 'detection delay'], rows: incidentRows });
    const firingCount = intervals.filter((i) => i.kind === 'firing').length;
    return {
      rank: incidentRows.length > 0 ? 0 : firingCount > 0 ? 1 : 2,
      s: {
        title: g.group.length ? key : '(all series)',
        summary: [
          `${g.series.length} series · ${fits.map(fitText).join(' · ')} · ${firingCount} backtested firing(s)${incidentRows.length ? ` · ${incidentRows.length} incident(s)` : ''}`,
        ],
        charts,
        tables,
      },
    };
  });
  const inc = first?.incidents;
  const opts = first?.options;
  return {
    title: o.title ?? 'promforge thresholds',
    summary: [
      `signal: ${first?.signal ?? '?'}${first && first.by.length ? ` by (${first.by.join(', ')})` : ''}`,
      opts
        ? `method ${opts.method}, direction ${o.runs.map((r) => r.options.direction).join(' and ')}, for ${durationText(opts.forMs)}, step ${durationText(opts.stepMs)}${opts.budgetPerWeek !== undefined ? `, budget ${opts.budgetPerWeek}/week` : ''}`
        : '',
      first ? `history ${isoTime(first.startMs)} → ${isoTime(first.endMs)} · ${o.groups.length} group(s)` : '',
      inc
        ? `incidents: ${inc.detected} of ${inc.total} detected${inc.medianDelayMs !== undefined ? `, median delay ${durationText(inc.medianDelayMs) || '0s'}` : ''}`
        : '',
    ].filter((s) => s !== ''),
    baseMs,
    sections: sections.sort((a, b) => a.rank - b.rank).map((x) => x.s),
    notes: [
      `Lines show at most ${topN} series per group (highest peaks first); the others are drawn as one min–max band. Series are downsampled to the minimum and maximum per ${buckets}th of the range; firing intervals and incident times are exact.`,
      'The budget curve counts firing episodes of the alert at every candidate threshold on the fitting history (after masking); the chosen threshold is the lowest within the budget.',
    ],
  };
}
