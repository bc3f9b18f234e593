// Evaluating a threshold signal over recorded samples: one range query at
// the evaluation interval, then per series a value per grid step (NaN where
// the expression returned nothing), excluded windows and post-restart
// windows masked out, series grouped by the `--by` labels.

import type { Expr } from '../promql/ast.js';
import { parseExpr } from '../promql/parse.js';
import { type Storage, evaluateRange } from '../engine/index.js';
import { storageOf } from '../engine/recorded.js';
import type { Labels } from '../model/labels.js';
import { getLabel, labelsKey, labelsFromPairs } from '../model/labels.js';
import type { RecordedSeries } from '../samples/types.js';
import { sampleRange } from '../dryrun/run.js';
import type { GroupSignal } from './fit.js';
import { documentedType } from '../promql/typecheck.js';
import type { PrometheusVersion } from '../version/version.js';

export interface SignalOptions {
  readonly signal: string;
  readonly series: readonly RecordedSeries[];
  readonly stepMs: number;
  readonly startMs?: number;
  readonly endMs?: number;
  readonly by: readonly string[];
  /** Windows [start, end] (ms) to leave out of fitting. */
  readonly exclude: readonly { readonly startMs: number; readonly endMs: number }[];
  /**
   * Mask this long after each process restart (from process_start_time_seconds
   * of the same job/instance); 0 = no masking; negative = no masking, but find
   * the restarts (for measuring the warm-up).
   */
  readonly restartMaskMs: number;
  /** Evaluate with this Prometheus version's semantics; default the 3.x target. */
  readonly prometheusVersion?: PrometheusVersion;
}

export interface EvaluatedSignal {
  readonly expr: Expr;
  readonly times: Float64Array;
  readonly groups: GroupSignal[];
  readonly storage: Storage;
  /** Points masked because they followed a restart, for the report. */
  readonly maskedAfterRestart: number;
  /** Process restarts (ms) per processKey, when a restart mask was asked for. */
  readonly restarts: ReadonlyMap<string, readonly number[]>;
}

export function evaluateSignal(o: SignalOptions): EvaluatedSignal | { error: string } {
  const parsed = parseExpr(o.signal, { experimental: true, ...(o.prometheusVersion ? { version: o.prometheusVersion } : {}) });
  if (!parsed.expr) return { error: `the signal is not valid PromQL: ${parsed.diagnostics[0]?.message ?? 'parse error'}` };
  if (parsed.type !== 'vector' && parsed.type !== 'scalar') {
    return {
      error: `the signal must be an instant vector (or scalar), got a ${documentedType(parsed.type!)}: an alert compares an instant vector with a threshold`,
    };
  }
  const range = sampleRange(o.series);
  const startMs = o.startMs ?? range?.startMs;
  const endMs = o.endMs ?? range?.endMs;
  if (startMs === undefined || endMs === undefined) return { error: 'the samples hold no data points' };
  // Every sample kind the range above counts, native histograms included.
  const storage = storageOf(o.series);
  // Align the grid to the interval so evaluation times are round numbers.
  const first = Math.ceil(startMs / o.stepMs) * o.stepMs;
  const r = evaluateRange(parsed.expr, first, endMs, o.stepMs, storage, o.prometheusVersion ? { prometheusVersion: o.prometheusVersion } : {});
  if ('error' in r) return { error: `evaluating the signal failed: ${r.error.message}` };
  if (r.value.type !== 'matrix') return { error: 'evaluating the signal did not give a series per label set' };
  const n = Math.floor((endMs - first) / o.stepMs) + 1;
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) times[i] = first + i * o.stepMs;
  if (r.value.series.length === 0) {
    return {
      error: `the signal returned nothing over ${new Date(first).toISOString()} … ${new Date(endMs).toISOString()}: check the metric names and label matchers; with samples further apart than 5m, instant selectors find nothing between them (see --lookback-delta)`,
    };
  }

  const restarts = o.restartMaskMs !== 0 ? restartTimes(storage, first, endMs, o.stepMs) : new Map<string, number[]>();
  let masked = 0;
  const byGroup = new Map<string, { group: Labels; series: { labels: Labels; signal: { times: Float64Array; values: Float64Array } }[] }>();
  for (const s of r.value.series) {
    const values = new Float64Array(n).fill(NaN);
    for (const p of s.floats) {
      const i = Math.round((p.t - first) / o.stepMs);
      if (i >= 0 && i < n) values[i] = p.f;
    }
    for (const w of o.exclude) {
      for (let i = 0; i < n; i++) if (times[i]! >= w.startMs && times[i]! <= w.endMs) values[i] = NaN;
    }
    const starts = restarts.get(processKey(s.labels)) ?? [];
    for (const st of starts) {
      for (let i = 0; i < n; i++) {
        if (times[i]! >= st && times[i]! < st + o.restartMaskMs && !Number.isNaN(values[i]!)) {
          values[i] = NaN;
          masked++;
        }
      }
    }
    const group = labelsFromPairs(o.by.map((b) => [b, getLabel(s.labels, b) ?? ''] as const));
    const key = labelsKey(group);
    let g = byGroup.get(key);
    if (!g) byGroup.set(key, (g = { group, series: [] }));
    g.series.push({ labels: s.labels, signal: { times, values } });
  }
  const groups = [...byGroup.values()].sort((a, b) => labelsKey(a.group).localeCompare(labelsKey(b.group)));
  return { expr: parsed.expr, times, groups, storage, maskedAfterRestart: masked, restarts };
}

/** Restarts are identified by job and instance, as the scrape target that restarted. */
export function processKey(labels: Labels): string {
  return `${getLabel(labels, 'job') ?? ''}\u0000${getLabel(labels, 'instance') ?? ''}`;
}

/** Process start times (ms) per job/instance within the range, from process_start_time_seconds. */
export function restartTimes(storage: Storage, startMs: number, endMs: number, stepMs: number): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const r = evaluateRange('process_start_time_seconds', startMs, endMs, stepMs, storage);
  if ('error' in r || r.value.type !== 'matrix') return out;
  for (const s of r.value.series) {
    const seen = new Set<number>();
    for (const p of s.floats) seen.add(p.f * 1000);
    out.set(
      processKey(s.labels),
      [...seen].filter((t) => t >= startMs - stepMs && t <= endMs).sort((a, b) => a - b),
    );
  }
  return out;
}
