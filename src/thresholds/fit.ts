// Fitting a threshold per group from an evaluated signal. Every method is a
// transform of the signal into a score z (identity for quantile and slope,
// (v − mean)/σ for sigma, (v − median)/MAD for mad, the same per hour-of-day
// or hour-of-week bucket for seasonal), so the budget search is one and the
// same on every method: find the lowest z at which `score > z for D` fires
// within the budget, then map z back to a threshold (or band multiplier).

import type { Labels } from '../model/labels.js';
import { evaluationsToFire, episodeCurve, lowestThresholdWithin, slidingMin, backtest } from './backtest.js';
import type { BacktestResult, Direction, SignalSeries } from './backtest.js';
import { mad, mean, median, quantileSorted, sorted, stddev } from './stats.js';

export type Method = 'quantile' | 'sigma' | 'mad' | 'seasonal' | 'slope' | 'envelope';
export const METHODS: readonly Method[] = ['quantile', 'sigma', 'mad', 'seasonal', 'slope', 'envelope'];

/**
 * What the fitted signal is measured against: the value itself (`level`), or
 * its change from the same time a day or a week earlier (`day`, `week`: the
 * signal minus the signal `offset 1d`/`offset 7d`, a seasonal-naive forecast's
 * error). `--method auto` picks per group the one whose envelope is narrowest
 * on the fitting window, i.e. the baseline that forecast the group best.
 */
export type Baseline = 'level' | 'day' | 'week';
export const BASELINES: readonly Baseline[] = ['level', 'day', 'week'];

export interface FitOptions {
  readonly method: Method;
  readonly direction: Direction;
  /** Quantile for `quantile`/`slope` without a budget (default 0.99 / 1). */
  readonly q?: number;
  /** Multiplier for sigma/mad/seasonal without a budget (default 3). */
  readonly k?: number;
  readonly season?: 'day' | 'week';
  readonly forMs: number;
  readonly stepMs: number;
  /** Alerts per week allowed; undefined = no budget search. */
  readonly budgetPerWeek?: number;
  /** envelope: how far beyond the fitted [min, max], as a share of max − min (default 0.2). */
  readonly margin?: number;
}

export interface GroupSignal {
  /** The `--by` label values of the group (empty for one global group). */
  readonly group: Labels;
  readonly series: readonly { readonly labels: Labels; readonly signal: SignalSeries }[];
}

export interface SeasonalBaseline {
  readonly season: 'day' | 'week';
  /** Per bucket (hour of day 0–23, or hour of week 0–167 from Monday 00:00 UTC). */
  readonly median: Float64Array;
  readonly mad: Float64Array;
}

export interface FitResult {
  readonly group: Labels;
  readonly method: Method;
  readonly direction: Direction;
  /** The threshold (upper: alert above; lower: alert below). For seasonal, undefined: see `baseline` and `k`. */
  readonly threshold?: number;
  /** The multiplier of sigma/mad/seasonal. */
  readonly k?: number;
  readonly q?: number;
  readonly center?: number;
  readonly scale?: number;
  readonly baseline?: SeasonalBaseline;
  /** envelope: what the signal was measured against (see Baseline); absent = the signal itself. */
  readonly residual?: Baseline;
  /** envelope: the fitting window's [min, max] of the signal. */
  readonly envelope?: { readonly min: number; readonly max: number };
  /** Something the user should know about this group's fit (degenerate data, a fallback taken). */
  readonly note?: string;
  readonly samples: number;
  /** Share of evaluation steps where the signal had a value. */
  readonly coverage: number;
  readonly backtest: { readonly alerts: number; readonly alertsPerWeek: number; readonly firingMs: number; readonly weeks: number };
  /** Why a fit is missing (too little data, no finite samples...). */
  readonly error?: string;
}

const WEEK_MS = 7 * 86_400_000;
const HOUR_MS = 3_600_000;
/** Unix epoch was a Thursday; hour-of-week buckets start on Monday 00:00 UTC. */
const MONDAY_OFFSET_MS = 3 * 86_400_000;

export function seasonBucket(tMs: number, season: 'day' | 'week'): number {
  if (season === 'day') return Math.floor((((tMs % 86_400_000) + 86_400_000) % 86_400_000) / HOUR_MS);
  return Math.floor(((((tMs + MONDAY_OFFSET_MS) % WEEK_MS) + WEEK_MS) % WEEK_MS) / HOUR_MS);
}

function finiteValues(g: GroupSignal): Float64Array {
  const out: number[] = [];
  for (const s of g.series) for (const v of s.signal.values) if (Number.isFinite(v)) out.push(v);
  return Float64Array.from(out);
}

export function fitGroup(g: GroupSignal, o: FitOptions): FitResult {
  const values = finiteValues(g);
  const totalSteps = g.series.reduce((n, s) => n + s.signal.values.length, 0);
  const first = Math.min(...g.series.map((s) => s.signal.times[0] ?? Infinity));
  const last = Math.max(...g.series.map((s) => s.signal.times[s.signal.times.length - 1] ?? -Infinity));
  const spanMs = Number.isFinite(first) && Number.isFinite(last) ? last - first + o.stepMs : 0;
  const weeks = spanMs / WEEK_MS;
  const base = {
    group: g.group,
    method: o.method,
    direction: o.direction,
    samples: values.length,
    coverage: totalSteps === 0 ? 0 : values.length / totalSteps,
  };
  const fail = (error: string): FitResult => ({ ...base, error, backtest: { alerts: 0, alertsPerWeek: 0, firingMs: 0, weeks } });
  if (values.length < 2) return fail('the signal has fewer than 2 finite samples in this group');
  const sign = o.direction === 'upper' ? 1 : -1;

  // Score transform per method.
  let score: (v: number, t: number) => number;
  let center: number | undefined;
  let scale: number | undefined;
  let baseline: SeasonalBaseline | undefined;
  let note: string | undefined;
  let envelope: { min: number; max: number; threshold: number; note?: string } | undefined;
  switch (o.method) {
    case 'quantile':
    case 'slope':
      score = (v) => sign * v;
      break;
    case 'envelope':
      envelope = envelopeThreshold(values, o.direction, o.margin ?? DEFAULT_MARGIN);
      score = (v) => sign * v;
      break;
    case 'sigma':
      center = mean(values);
      scale = stddev(values);
      if (!(scale > 0)) {
        // A constant group: any change is news. A tiny scale keeps the band just off the constant.
        scale = degenerateScale(center);
        note = `the signal is constant (σ = 0, value ${center}): the band sits just off it, so any change pages`;
      }
      score = (v) => (sign * (v - center!)) / scale!;
      break;
    case 'mad':
      center = median(values);
      scale = mad(values);
      if (!(scale > 0)) {
        // More than half the samples are equal. The mean absolute deviation from the
        // median still sees the rest; a constant group gets a tiny scale as for sigma.
        const c = center;
        const meanAbs = mean(Float64Array.from(values, (v) => Math.abs(v - c)));
        scale = meanAbs > 0 ? meanAbs : degenerateScale(center);
        note =
          meanAbs > 0
            ? 'MAD = 0 (more than half the samples are equal): scaled by the mean absolute deviation instead'
            : `the signal is constant (MAD = 0, value ${center}): the band sits just off it, so any change pages`;
      }
      score = (v) => (sign * (v - center!)) / scale!;
      break;
    case 'seasonal': {
      const season = o.season ?? 'day';
      const needMs = season === 'day' ? 2 * 86_400_000 : 2 * WEEK_MS;
      if (spanMs < needMs)
        return fail(`a ${season}-seasonal baseline needs at least two ${season}s of history; the signal covers ${(spanMs / 86_400_000).toFixed(1)} days`);
      const r = seasonalBaseline(g, season);
      if ('error' in r) return fail(r.error);
      baseline = r;
      score = (v, t) => {
        const b = seasonBucket(t, season);
        return (sign * (v - r.median[b]!)) / r.mad[b]!;
      };
      break;
    }
  }

  const scored = g.series.map((s) => {
    const z = new Float64Array(s.signal.values.length);
    for (let i = 0; i < z.length; i++) {
      const v = s.signal.values[i]!;
      z[i] = Number.isFinite(v) ? score(v, s.signal.times[i]!) : NaN;
    }
    return { times: s.signal.times, values: z };
  });

  let z: number;
  if (envelope) {
    // The envelope is fitted, not searched: a budget on the fitting window would only
    // find its own maximum again, which is exactly what the margin goes beyond.
    z = sign * envelope.threshold;
  } else if (o.budgetPerWeek !== undefined) {
    const L = evaluationsToFire(o.forMs, o.stepMs);
    const curve = episodeCurve(...scored.map((s) => slidingMin(s.values, L)));
    const allowed = Math.floor(o.budgetPerWeek * Math.max(weeks, 1 / 7));
    z = lowestThresholdWithin(curve, allowed);
    if (!Number.isFinite(z)) return fail(`no threshold keeps the alert within ${o.budgetPerWeek}/week`);
  } else {
    const zs = sorted(scored.flatMap((s) => [...s.values].filter((x) => Number.isFinite(x))));
    z = o.method === 'quantile' || o.method === 'slope' ? quantileSorted(o.q ?? (o.method === 'slope' ? 1 : 0.99), zs) : (o.k ?? 3);
  }

  // Replay the chosen threshold on every series (exactly what the emitted alert would do).
  let alerts = 0;
  let firingMs = 0;
  for (const s of scored) {
    const r: BacktestResult = backtest(s, z, o.forMs);
    alerts += r.episodes;
    firingMs += r.firingMs;
  }
  const bt = { alerts, alertsPerWeek: weeks > 0 ? alerts / weeks : alerts, firingMs, weeks };
  switch (o.method) {
    case 'envelope':
      return {
        ...base,
        threshold: envelope!.threshold,
        envelope: { min: envelope!.min, max: envelope!.max },
        ...(envelope!.note ? { note: envelope!.note } : {}),
        backtest: bt,
      };
    case 'quantile':
    case 'slope':
      return { ...base, threshold: sign * z, ...(o.budgetPerWeek === undefined ? { q: o.q ?? (o.method === 'slope' ? 1 : 0.99) } : {}), backtest: bt };
    case 'sigma':
    case 'mad':
      return { ...base, threshold: center! + sign * z * scale!, k: z, center: center!, scale: scale!, ...(note ? { note } : {}), backtest: bt };
    case 'seasonal':
      return { ...base, k: z, baseline: baseline!, backtest: bt };
  }
}

export const DEFAULT_MARGIN = 0.2;

function degenerateScale(center: number): number {
  return Math.max(1e-9, 1e-6 * Math.abs(center));
}

/**
 * The envelope threshold: the fitting window's maximum (upper) or minimum
 * (lower), widened by `margin` × (max − min). A constant window has no width
 * to scale by; the threshold then sits just off the constant (a relative
 * 1e-6, at least 1e-9), so any change of the value pages and nothing fails.
 */
export function envelopeThreshold(
  values: ArrayLike<number>,
  direction: Direction,
  margin: number,
): { min: number; max: number; threshold: number; note?: string } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const floor = Math.max(1e-9, 1e-6 * Math.max(Math.abs(min), Math.abs(max)));
  const width = max - min;
  const pad = width > 0 ? Math.max(margin * width, floor) : floor;
  const threshold = direction === 'upper' ? max + pad : min - pad;
  return { min, max, threshold, ...(width > 0 ? {} : { note: `the signal was constant (${min}) on the fitting window: any change pages` }) };
}

function seasonalBaseline(g: GroupSignal, season: 'day' | 'week'): SeasonalBaseline | { error: string } {
  const buckets = season === 'day' ? 24 : 168;
  const perBucket: number[][] = Array.from({ length: buckets }, () => []);
  for (const s of g.series) {
    for (let i = 0; i < s.signal.values.length; i++) {
      const v = s.signal.values[i]!;
      if (Number.isFinite(v)) perBucket[seasonBucket(s.signal.times[i]!, season)]!.push(v);
    }
  }
  const med = new Float64Array(buckets);
  const dev = new Float64Array(buckets);
  for (let b = 0; b < buckets; b++) {
    const vs = perBucket[b]!;
    if (vs.length < 2) return { error: `hour bucket ${b} of the ${season} has fewer than 2 samples` };
    med[b] = median(vs);
    // A floor keeps a perfectly flat bucket from dividing by zero.
    dev[b] = Math.max(mad(vs), 1e-9 * Math.max(1, Math.abs(med[b]!)));
  }
  return { season, median: med, mad: dev };
}
