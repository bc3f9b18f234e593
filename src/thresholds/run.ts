// The library behind `promforge thresholds`: from recorded series and typed
// options to fitted thresholds per group and direction, with the notes a
// user should see. No flag parsing, no printing, no files: the CLI layer
// (src/cli/commands/thresholds.ts) does those.

import type { Expr } from '../promql/ast.js';
import { printExpr } from '../promql/printer.js';
import { getLabel, labelsKey } from '../model/labels.js';
import type { RecordedSeries } from '../samples/types.js';
import type { Direction } from './backtest.js';
import { BASELINES, fitGroup } from './fit.js';
import type { Baseline, FitOptions, FitResult, GroupSignal, Method } from './fit.js';
import { evaluateSignal } from './signal.js';
import type { EvaluatedSignal } from './signal.js';
import { evaluateIncidents } from './incidents.js';
import type { Incident } from './incidents.js';
import type { ThresholdsRun } from './report.js';
import { baselineShiftMs, defaultLookbackMissRate, lookbackForInterval, medianSampleInterval, residualExpr, withLookback } from './baselines.js';
import { observedRestartMask } from './warmup.js';
import type { RestartMask } from './warmup.js';
import { parseExpr } from '../promql/parse.js';

/** `auto` = the envelope method on the best-forecasting baseline per group. */
export type MethodChoice = Method | 'auto';

export interface ThresholdsRequest {
  readonly series: readonly RecordedSeries[];
  readonly signal: string;
  readonly by: readonly string[];
  readonly method: MethodChoice;
  readonly directions: readonly Direction[];
  readonly forMs: number;
  /** Evaluation interval; default: the data's sample interval, at least 1m. */
  readonly stepMs?: number;
  /** Lookback for instant selectors; default: 2 × the sample interval when that exceeds 5m. */
  readonly lookbackMs?: number;
  readonly budgetPerWeek?: number;
  readonly q?: number;
  readonly k?: number;
  readonly margin?: number;
  readonly season: 'day' | 'week';
  readonly exclude: readonly { readonly startMs: number; readonly endMs: number }[];
  /** Ignore this long after a process restart; default: derived from the signal and the data (warmup.ts). */
  readonly restartMaskMs?: number;
  readonly startMs?: number;
  readonly endMs?: number;
  readonly incidents?: readonly Incident[];
  /** Evaluate the signal with this Prometheus version's semantics; default the 3.x target. */
  readonly prometheusVersion?: import('../version/version.js').PrometheusVersion;
  /**
   * Called as the work advances: steps done of the steps planned (signal
   * evaluations, then one fit per group and direction). The total grows once
   * the groups are known.
   */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface ThresholdsResult {
  readonly runs: ThresholdsRun[];
  /** Per run, the evaluated group behind each result (same order). */
  readonly groups: readonly GroupSignal[];
  /** The signal as evaluated (with the lookback rewrite when sparse). */
  readonly expr: Expr;
  /** The expression per baseline that results with `residual` were fitted on. */
  readonly residualExprs: ReadonlyMap<Baseline, Expr>;
  readonly stepMs: number;
  readonly lookbackMs?: number;
  readonly restartMaskMs: number;
  readonly maskedAfterRestart: number;
  readonly startMs: number;
  readonly endMs: number;
  /** Things to tell the user (stderr notes); never errors. */
  readonly notes: readonly string[];
  /** Groups without a threshold, per direction, with why. */
  readonly failures: readonly string[];
}

const MINUTE_MS = 60_000;

function groupName(r: { readonly group: FitResult['group'] }): string {
  return r.group.length ? `{${r.group.map((l) => `${l.name}="${l.value}"`).join(', ')}}` : 'all series';
}

export function fitThresholds(req: ThresholdsRequest): ThresholdsResult | { error: string } {
  const notes: string[] = [];
  const interval = medianSampleInterval(req.series);
  const stepMs = req.stepMs ?? Math.max(MINUTE_MS, Math.round((interval ?? MINUTE_MS) / 1000) * 1000);
  // The lookback grows only where the default one would lose data (more than 1 step in 20).
  const lookbackMs =
    req.lookbackMs ?? (interval === undefined || defaultLookbackMissRate(req.series, stepMs) <= 0.05 ? undefined : lookbackForInterval(interval));
  const parsed = parseExpr(req.signal, { experimental: true, ...(req.prometheusVersion ? { version: req.prometheusVersion } : {}) });
  if (!parsed.expr) return { error: `the signal is not valid PromQL: ${parsed.diagnostics[0]?.message ?? 'parse error'}` };
  const levelText = printExpr(withLookback(parsed.expr, lookbackMs));
  const evaluate = (expr: string, restartMaskMs: number): EvaluatedSignal | { error: string } =>
    evaluateSignal({
      signal: expr,
      series: req.series,
      stepMs,
      ...(req.startMs !== undefined ? { startMs: req.startMs } : {}),
      ...(req.endMs !== undefined ? { endMs: req.endMs } : {}),
      by: req.by,
      exclude: req.exclude,
      restartMaskMs,
      ...(req.prometheusVersion ? { prometheusVersion: req.prometheusVersion } : {}),
    });
  const sparseHint = (error: string): { error: string } => {
    const hint =
      interval !== undefined && interval > stepMs
        ? ` The samples are ${Math.round(interval / 1000)}s apart but the interval is ${stepMs / 1000}s: try --interval ${Math.round(interval / 1000)}s.`
        : '';
    return { error: `${error}${hint}` };
  };
  let restart: RestartMask = { maskMs: req.restartMaskMs ?? 0 };
  const probeRestarts = req.restartMaskMs === undefined && req.series.some((s) => getLabel(s.labels, '__name__') === 'process_start_time_seconds');
  let stepsDone = 0;
  let stepsPlanned = (probeRestarts ? 1 : 0) + 1 + (req.method === 'auto' ? BASELINES.filter((b) => b !== 'level').length : 0);
  const step = (): void => req.onProgress?.(++stepsDone, stepsPlanned);
  if (probeRestarts) {
    const probe = evaluate(levelText, -1);
    step();
    if ('error' in probe) return sparseHint(probe.error);
    restart = observedRestartMask(probe, stepMs);
  }
  if (restart.note) notes.push(restart.note);
  const level = evaluate(levelText, restart.maskMs);
  step();
  if ('error' in level) return sparseHint(level.error);
  if (lookbackMs !== undefined && req.lookbackMs === undefined) {
    notes.push(
      `samples are ~${Math.round((interval ?? 0) / 1000)}s apart and the default 5m lookback misses them at many evaluations: instant selectors read the last sample within ${lookbackMs / MINUTE_MS}m (last_over_time), in the fit and in emitted rules`,
    );
  }

  const residualExprs = new Map<Baseline, Expr>();
  residualExprs.set('level', level.expr);
  const candidates = new Map<Baseline, EvaluatedSignal>([['level', level]]);
  const method: Method = req.method === 'auto' ? 'envelope' : req.method;
  if (req.method === 'auto') {
    const span = level.times.length > 0 ? level.times[level.times.length - 1]! - level.times[0]! : 0;
    for (const b of BASELINES) {
      // A shifted baseline needs at least one shift of history with values to compare.
      if (b === 'level' || span < 2 * baselineShiftMs(b)) continue;
      const e = residualExpr(level.expr, b);
      if (!e) continue;
      const r = evaluate(printExpr(e), restart.maskMs);
      step();
      if ('error' in r) continue;
      candidates.set(b, r);
      residualExprs.set(b, r.expr);
    }
  }

  // Per group, the baseline it is fitted on (auto: the narrowest envelope).
  const chosen: { group: GroupSignal; baseline?: Baseline }[] = level.groups.map((g) => {
    if (req.method !== 'auto') return { group: g };
    const key = labelsKey(g.group);
    const levelCount = finiteCount(g);
    let best: { group: GroupSignal; baseline: Baseline; width: number } = { group: g, baseline: 'level', width: width(g) };
    for (const [b, ev] of candidates) {
      if (b === 'level') continue;
      const cg = ev.groups.find((x) => labelsKey(x.group) === key);
      // A baseline seen on a sliver of the window says little about how it forecasts.
      if (!cg || finiteCount(cg) < 0.3 * levelCount) continue;
      const w = width(cg);
      if (w < best.width) best = { group: cg, baseline: b, width: w };
    }
    return best;
  });

  const nonFinite = level.groups.reduce(
    (n, g) => n + g.series.reduce((m, s) => m + s.signal.values.filter((v) => !Number.isNaN(v) && !Number.isFinite(v)).length, 0),
    0,
  );
  if (nonFinite > 0) notes.push(`${nonFinite} ±Inf value(s) of the signal were left out of fitting`);
  if (level.maskedAfterRestart > 0)
    notes.push(`${level.maskedAfterRestart} evaluation(s) within ${restart.maskMs / MINUTE_MS}m after a process restart were left out`);

  const failures: string[] = [];
  const runs: ThresholdsRun[] = [];
  // Baselines skipped above did no work: the plan now is what is left.
  stepsPlanned = stepsDone + chosen.length * req.directions.length;
  for (const direction of req.directions) {
    const options: FitOptions = {
      method,
      direction,
      ...(req.q !== undefined ? { q: req.q } : {}),
      ...(req.k !== undefined ? { k: req.k } : {}),
      ...(req.margin !== undefined ? { margin: req.margin } : {}),
      season: req.season,
      forMs: req.forMs,
      stepMs,
      ...(req.budgetPerWeek !== undefined ? { budgetPerWeek: req.budgetPerWeek } : {}),
    };
    const results: FitResult[] = chosen.map((c) => {
      const r = fitGroup(c.group, options);
      step();
      return c.baseline && c.baseline !== 'level' ? { ...r, residual: c.baseline } : c.baseline ? { ...r, residual: 'level' } : r;
    });
    for (const r of results) {
      if (r.error) failures.push(`${groupName(r)}${req.directions.length > 1 ? ` (${direction})` : ''}: no threshold: ${r.error}`);
      else if (r.note && direction === req.directions[0]) notes.push(`${groupName(r)}: ${r.note}`);
    }
    const groups = chosen.map((c) => c.group);
    const incidents = req.incidents ? evaluateIncidents(req.incidents, groups, results, req.forMs, direction) : undefined;
    runs.push({
      signal: req.signal,
      by: req.by,
      options,
      startMs: level.times[0]!,
      endMs: level.times[level.times.length - 1]!,
      results,
      ...(incidents ? { incidents } : {}),
    });
  }
  return {
    runs,
    groups: chosen.map((c) => c.group),
    expr: level.expr,
    residualExprs,
    stepMs,
    ...(lookbackMs !== undefined ? { lookbackMs } : {}),
    restartMaskMs: restart.maskMs,
    maskedAfterRestart: level.maskedAfterRestart,
    startMs: level.times[0]!,
    endMs: level.times[level.times.length - 1]!,
    notes,
    failures,
  };
}

function finiteCount(g: GroupSignal): number {
  let n = 0;
  for (const s of g.series) for (const v of s.signal.values) if (Number.isFinite(v)) n++;
  return n;
}

/** max − min of the group's finite values (+Inf when it has none). */
function width(g: GroupSignal): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of g.series) {
    for (const v of s.signal.values) {
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return hi >= lo ? hi - lo : Infinity;
}
