// Dry-runs: every rule group evaluated over recorded samples at its interval,
// exactly as Prometheus would (rules in order, outputs written back, alert
// state machine), recording for each alert instance when it was pending,
// firing and resolved, and for each recording rule what it wrote.

import { evaluateInstant, evaluateRange } from '../engine/index.js';
import { storageOf } from '../engine/recorded.js';
import { rangeSteps } from '../rules/range-steps.js';
import type { Labels } from '../model/labels.js';
import { cachedLabelsKey, labelsToRecord } from '../model/labels.js';
import type { RecordedSeries } from '../samples/types.js';
import { GroupEvaluator } from '../rules/group.js';
import type { RuleEvalError } from '../rules/group.js';
import type { EvalGroup, RuleBackend, TemplateExpander } from '../rules/types.js';
import type { PrometheusVersion } from '../version/version.js';
import { type AlertValues, AlertValuesRecorder } from './alert-values.js';

export interface DryrunOptions {
  readonly groups: readonly EvalGroup[];
  readonly series: readonly RecordedSeries[];
  /** Evaluation range (ms); defaults to the samples' first and last timestamps. */
  readonly startMs?: number;
  readonly endMs?: number;
  /** Interval of groups without their own; default 1m. */
  readonly defaultIntervalMs?: number;
  readonly expander: (engineQuery: RuleBackend['query']) => TemplateExpander;
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Evaluate rules through this backend instead of local storage built from
   * `series` (push-down evaluation on a server, src/remote/pushdown.ts).
   */
  readonly backend?: RuleBackend;
  /** Most group evaluations (steps × groups) one run may do; default MAX_DRYRUN_EVALUATIONS. */
  readonly maxEvaluations?: number;
  /** Evaluate with this Prometheus version's semantics (windows, regex `.`, ...); default the 3.x target. */
  readonly prometheusVersion?: PrometheusVersion;
  /** Also record each alerting rule's plotted values (AlertRuleReport.values), for the HTML report. */
  readonly recordValues?: boolean;
}

/** Default for DryrunOptions.maxEvaluations: a year of 1-minute steps for ten groups. */
export const MAX_DRYRUN_EVALUATIONS = 5_000_000;

/** Prometheus timestamps are int64 milliseconds; JavaScript numbers are exact to 2^53. */
function timestampProblem(name: string, ms: number): string | undefined {
  return Number.isSafeInteger(ms) ? undefined : `the ${name} of the range (${ms} ms) is not a representable timestamp (beyond ±2^53 ms, about year 287396)`;
}

export interface AlertInterval {
  readonly pendingAtMs: number;
  firingAtMs?: number;
  resolvedAtMs?: number;
}

export interface AlertInstanceReport {
  readonly labels: Record<string, string>;
  readonly intervals: AlertInterval[];
  /** Intervals that reached firing. */
  firings: number;
  firingMs: number;
  /** Firing → resolved → firing again within 3 evaluation intervals. */
  flaps: number;
  lastValue: number;
  annotations: Record<string, string>;
}

export interface AlertRuleReport {
  readonly group: string;
  readonly name: string;
  readonly forMs: number;
  readonly instances: AlertInstanceReport[];
  /** With `recordValues`: what the rule's expression gave at each evaluation (alert-values.ts). */
  values?: AlertValues;
}

export interface RecordingRuleReport {
  readonly group: string;
  readonly name: string;
  seriesProduced: number;
  samplesWritten: number;
}

export interface DryrunReport {
  readonly startMs: number;
  readonly endMs: number;
  readonly evaluations: number;
  readonly alerts: AlertRuleReport[];
  readonly recordings: RecordingRuleReport[];
  /** Rules that never produced a sample: usually a selector that matches nothing. */
  readonly silentRules: { group: string; name: string; kind: 'alerting' | 'recording' }[];
  readonly errors: RuleEvalError[];
}

/** Every sample's time range, ignoring empty series. */
export function sampleRange(series: readonly RecordedSeries[]): { startMs: number; endMs: number } | undefined {
  let start = Infinity;
  let end = -Infinity;
  for (const s of series) {
    if (s.timestamps.length > 0) {
      start = Math.min(start, s.timestamps[0]!);
      end = Math.max(end, s.timestamps[s.timestamps.length - 1]!);
    }
    if (s.histograms && s.histograms.timestamps.length > 0) {
      start = Math.min(start, s.histograms.timestamps[0]!);
      end = Math.max(end, s.histograms.timestamps[s.histograms.timestamps.length - 1]!);
    }
  }
  return Number.isFinite(start) ? { startMs: start, endMs: end } : undefined;
}

export function runDryrun(o: DryrunOptions): DryrunReport | { error: string } {
  const range = sampleRange(o.series);
  const startMs = o.startMs ?? range?.startMs;
  const endMs = o.endMs ?? range?.endMs;
  if (startMs === undefined || endMs === undefined) return { error: 'the samples hold no data points, and no --start/--end was given' };
  if (endMs < startMs) return { error: 'the end of the range is before its start' };
  const badTime = timestampProblem('start', startMs) ?? timestampProblem('end', endMs);
  if (badTime) return { error: badTime };
  const maxEvaluations = o.maxEvaluations ?? MAX_DRYRUN_EVALUATIONS;
  const planned = o.groups.reduce((n, g) => n + Math.floor((endMs - startMs) / (g.intervalMs ?? o.defaultIntervalMs ?? 60_000)) + 1, 0);
  if (!(planned <= maxEvaluations)) {
    return {
      error: `the range would take ${Number.isFinite(planned) ? planned : 'too many'} group evaluations, over the limit of ${maxEvaluations}: narrow it with --start/--end`,
    };
  }

  const storage = storageOf(o.series);
  const engineOptions = o.prometheusVersion ? { prometheusVersion: o.prometheusVersion } : {};
  const query: RuleBackend['query'] = (expr, t) => {
    const r = evaluateInstant(expr, t, storage, engineOptions);
    if ('error' in r) return { ok: false, error: r.error.message };
    if (r.value.type === 'vector') return { ok: true, samples: r.value.samples.map((s) => ({ labels: s.labels, value: s.f })) };
    if (r.value.type === 'scalar') return { ok: true, samples: [{ labels: [], value: r.value.v }] };
    return { ok: false, error: 'rule result is not a vector or scalar' };
  };
  const backend: RuleBackend = o.backend ?? {
    query,
    append: (labels, t, v) => storage.append(labels, t, v),
    appendMany: (labels, ts, vs) => storage.appendMany(labels, ts, vs),
    queryRange: (expr, start, end, step) => rangeSteps(evaluateRange(expr, start, end, step, storage, engineOptions), start, end, step),
  };
  const expander = o.expander(backend.query);

  const alerts: AlertRuleReport[] = [];
  const recordings: RecordingRuleReport[] = [];
  const produced = new Map<string, boolean>();
  const errors: RuleEvalError[] = [];
  const evaluators = o.groups.map((g) => {
    const ev = new GroupEvaluator(g, backend, expander);
    const intervalMs = g.intervalMs ?? o.defaultIntervalMs ?? 60_000;
    const alertReports = g.rules.map((r): AlertRuleReport | undefined =>
      r.kind === 'alerting' ? { group: g.name, name: r.name, forMs: r.forMs, instances: [] } : undefined,
    );
    const recorders = g.rules.map((r) => (o.recordValues && r.kind === 'alerting' ? new AlertValuesRecorder(g, r, startMs, endMs, intervalMs) : undefined));
    const recReports = g.rules.map((r) => (r.kind === 'recording' ? { group: g.name, name: r.name, seriesProduced: 0, samplesWritten: 0 } : undefined));
    for (const a of alertReports) if (a) alerts.push(a);
    for (const r of recReports) if (r) recordings.push(r);
    return {
      g,
      ev,
      intervalMs,
      next: startMs,
      alertReports,
      recReports,
      recorders,
      instances: g.rules.map(() => new Map<string, AlertInstanceReport>()),
      recSeries: g.rules.map(() => new Set<string>()),
      recLabelsSeen: g.rules.map(() => new Set<Labels>()),
    };
  });
  for (const g of o.groups) for (const r of g.rules) produced.set(`${g.name}\u0000${r.name}`, false);

  // Rules that allow it are evaluated as one range query per rule (see rules/batch.ts).
  const outputs = new Set(['ALERTS', 'ALERTS_FOR_STATE', ...o.groups.flatMap((g) => g.rules.filter((r) => r.kind === 'recording').map((r) => r.name))]);
  const available = new Set<string>();
  for (const e of evaluators) e.ev.prepare(startMs, startMs + Math.floor((endMs - startMs) / e.intervalMs) * e.intervalMs, e.intervalMs, outputs, available);
  // A server that evaluates the rules answers only their own expressions: there is nothing local to read values from.
  const recordLocally = o.backend === undefined;
  if (recordLocally) for (const e of evaluators) for (const r of e.recorders) r?.prepare(backend, outputs, available);

  const total = evaluators.reduce((n, e) => n + Math.floor((endMs - startMs) / e.intervalMs) + 1, 0);
  let done = 0;
  // Groups with different intervals are interleaved in time order, so a
  // rule reading another group's output sees what Prometheus would.
  for (;;) {
    let e = evaluators[0];
    for (const x of evaluators) if (e === undefined || x.next < e.next) e = x;
    if (!e || e.next > endMs) break;
    const t = e.next;
    e.next += e.intervalMs;
    const cur = e;
    errors.push(
      ...cur.ev.evaluate(t, (rec) => {
        const i = cur.g.rules.indexOf(rec.rule);
        if (rec.count > 0) produced.set(`${cur.g.name}\u0000${rec.rule.name}`, true);
        if (recordLocally) cur.recorders[i]?.observe(backend, t);
        const rr = cur.recReports[i];
        if (rr) {
          rr.samplesWritten += rec.count;
          // A batch-written rule hands out the same label objects at every
          // step: only a label set not seen before is keyed.
          const seen = cur.recLabelsSeen[i]!;
          const keys = cur.recSeries[i]!;
          rec.forEachLabels((labels) => {
            if (seen.has(labels)) return;
            seen.add(labels);
            keys.add(cachedLabelsKey(labels));
          });
          rr.seriesProduced = keys.size;
        }
      }),
    );
    cur.g.rules.forEach((rule, i) => {
      if (rule.kind !== 'alerting') return;
      observeAlerts(cur.ev.alertStates[i]!.active, cur.instances[i]!, cur.alertReports[i]!, t, cur.intervalMs);
    });
    done++;
    if (o.onProgress && done % 500 === 0) o.onProgress(done, total);
  }
  o.onProgress?.(total, total);

  for (const e of evaluators) {
    e.recorders.forEach((r, i) => {
      if (r)
        e.alertReports[i]!.values = recordLocally
          ? r.finish()
          : { ...r.finish(), unavailable: 'the server evaluated the rules (--engine remote): no values to draw' };
    });
  }
  // Close what is still open at the end; firing time counts to the end of the range.
  for (const a of alerts) {
    for (const inst of a.instances) {
      const last = inst.intervals[inst.intervals.length - 1];
      if (last && last.firingAtMs !== undefined && last.resolvedAtMs === undefined) inst.firingMs += endMs - last.firingAtMs;
    }
    a.instances.sort((x, y) => JSON.stringify(x.labels).localeCompare(JSON.stringify(y.labels)));
  }
  const silentRules = o.groups.flatMap((g) =>
    g.rules.filter((r) => !produced.get(`${g.name}\u0000${r.name}`)).map((r) => ({ group: g.name, name: r.name, kind: r.kind })),
  );
  return { startMs, endMs, evaluations: done, alerts, recordings, silentRules, errors };
}

function observeAlerts(
  active: ReadonlyMap<string, { labels: Labels; annotations: Labels; phase: string; value: number }>,
  seen: Map<string, AlertInstanceReport>,
  report: AlertRuleReport,
  t: number,
  intervalMs: number,
): void {
  for (const [key, a] of active) {
    let inst = seen.get(key);
    if (!inst) {
      inst = { labels: labelsToRecord(a.labels), intervals: [], firings: 0, firingMs: 0, flaps: 0, lastValue: a.value, annotations: {} };
      seen.set(key, inst);
      report.instances.push(inst);
    }
    inst.lastValue = a.value;
    inst.annotations = labelsToRecord(a.annotations);
    let open = inst.intervals[inst.intervals.length - 1];
    if (a.phase === 'inactive') {
      if (open && open.resolvedAtMs === undefined) open.resolvedAtMs = t;
      continue;
    }
    if (!open || open.resolvedAtMs !== undefined) {
      const prev = open;
      open = { pendingAtMs: t };
      inst.intervals.push(open);
      if (prev?.resolvedAtMs !== undefined && prev.firingAtMs !== undefined && t - prev.resolvedAtMs <= 3 * intervalMs) inst.flaps++;
    }
    if (a.phase === 'firing' && open.firingAtMs === undefined) {
      open.firingAtMs = t;
      inst.firings++;
    }
  }
  // Instances that vanished (pending alerts are dropped at once) end their interval.
  for (const [key, inst] of seen) {
    if (active.has(key)) continue;
    const open = inst.intervals[inst.intervals.length - 1];
    if (open && open.resolvedAtMs === undefined) {
      open.resolvedAtMs = t;
      if (open.firingAtMs !== undefined) inst.firingMs += t - open.firingAtMs;
    }
  }
  // Firing time of intervals resolved through the inactive state.
  for (const [key, a] of active) {
    if (a.phase !== 'inactive') continue;
    const inst = seen.get(key)!;
    const open = inst.intervals[inst.intervals.length - 1];
    if (open && open.resolvedAtMs === t && open.firingAtMs !== undefined) inst.firingMs += t - open.firingAtMs;
  }
}
