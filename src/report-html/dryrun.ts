// The dry-run report: per alerting rule, the value of its expression over
// time per series (the compared signal with its threshold line when the
// expression is `signal <op> constant`), the pending and firing intervals
// exactly as the dry run recorded them, and a table of them.
//
// The dry run keeps alert states, not values, so the values are evaluated
// here again as one range query per rule over the same samples (recording
// rules first, in order, so alerts reading them see their output).

import { Storage, evaluateRange } from '../engine/index.js';
import type { Labels } from '../model/labels.js';
import { labelsFromPairs } from '../model/labels.js';
import type { AlertInstanceReport, AlertRuleReport, DryrunReport } from '../dryrun/run.js';
import type { EvalAlertingRule, EvalGroup } from '../rules/types.js';
import type { RecordedSeries } from '../samples/types.js';
import { printExpr } from '../promql/printer.js';
import type { ChartSpec, IntervalSpec, ReportDoc, SectionSpec, TableSpec } from './model.js';
import { splitThreshold } from './threshold-split.js';
import type { ThresholdSplit } from './threshold-split.js';
import { chartLines, durationText, isoTime, labelsText, numberText, peak } from './common.js';
import { relSeconds } from './downsample.js';

export interface AlertValues {
  readonly rule: EvalAlertingRule;
  readonly report: AlertRuleReport;
  readonly split?: ThresholdSplit;
  /** What is drawn: the compared signal, or the whole expression. */
  readonly plotted: string;
  readonly times: Float64Array;
  readonly series: { readonly labels: Labels; readonly values: Float64Array }[];
  readonly error?: string;
}

export interface AlertValuesInput {
  readonly report: DryrunReport;
  readonly groups: readonly EvalGroup[];
  readonly series: readonly RecordedSeries[];
  readonly defaultIntervalMs: number;
}

/** Evaluates every alerting rule's plotted expression on its group's evaluation grid. */
export function evaluateAlertValues(o: AlertValuesInput): AlertValues[] {
  const storage = new Storage();
  for (const s of o.series) if (s.timestamps.length > 0) storage.appendMany(s.labels, s.timestamps, s.values);
  const { startMs, endMs } = o.report;
  const out: AlertValues[] = [];
  let alertIndex = 0;
  for (const g of o.groups) {
    const stepMs = g.intervalMs ?? o.defaultIntervalMs;
    const n = Math.floor((endMs - startMs) / stepMs) + 1;
    const times = new Float64Array(n);
    for (let i = 0; i < n; i++) times[i] = startMs + i * stepMs;
    const lastMs = times[n - 1]!;
    for (const rule of g.rules) {
      const r = evaluateRange(rule.kind === 'alerting' ? (splitThreshold(rule.expr)?.signal ?? rule.expr) : rule.expr, startMs, lastMs, stepMs, storage);
      const matrix = 'error' in r || r.value.type !== 'matrix' ? [] : r.value.series;
      if (rule.kind === 'recording') {
        for (const s of matrix) {
          const labels = labelsFromPairs([...s.labels.filter((l) => l.name !== '__name__').map((l) => [l.name, l.value] as const), ...rule.labels, ['__name__', rule.name] as const]);
          storage.appendMany(labels, s.floats.map((p) => p.t), s.floats.map((p) => p.f));
        }
        continue;
      }
      const report = o.report.alerts[alertIndex++];
      if (!report) break;
      const split = splitThreshold(rule.expr);
      const series = matrix.map((s) => {
        const values = new Float64Array(n).fill(NaN);
        for (const p of s.floats) {
          const i = Math.round((p.t - startMs) / stepMs);
          if (i >= 0 && i < n) values[i] = p.f;
        }
        return { labels: s.labels, values };
      });
      out.push({
        rule,
        report,
        ...(split ? { split } : {}),
        plotted: printExpr(split?.signal ?? rule.expr),
        times,
        series,
        ...('error' in r ? { error: r.error.message } : r.value.type !== 'matrix' ? { error: `the expression gives a ${r.value.type}` } : {}),
      });
    }
  }
  return out;
}

export interface DryrunDocOptions {
  readonly title?: string;
  /** Series drawn as lines per chart; the rest become one min–max band. */
  readonly topN?: number;
  /** Time buckets per chart (about its width in pixels). */
  readonly buckets?: number;
  /** Most interval rows per table (all intervals are still shaded). */
  readonly maxTableRows?: number;
}

/** A series belongs to an alert instance when its labels agree with the instance's (rule labels may override). */
function instancesOf(labels: Labels, instances: readonly AlertInstanceReport[], ruleLabelNames: ReadonlySet<string>): AlertInstanceReport[] {
  return instances.filter((inst) => labels.every((l) => l.name === '__name__' || ruleLabelNames.has(l.name) || inst.labels[l.name] === l.value));
}

function intervalsOf(inst: AlertInstanceReport, endMs: number, baseMs: number): IntervalSpec[] {
  const name = labelsText(inst.labels, ['alertname']);
  const out: IntervalSpec[] = [];
  for (const iv of inst.intervals) {
    const end = iv.resolvedAtMs ?? endMs;
    const pendingEnd = iv.firingAtMs ?? end;
    if (pendingEnd > iv.pendingAtMs) out.push({ kind: 'pending', from: relSeconds(iv.pendingAtMs, baseMs), to: relSeconds(pendingEnd, baseMs), label: `pending ${name}` });
    if (iv.firingAtMs !== undefined) out.push({ kind: 'firing', from: relSeconds(iv.firingAtMs, baseMs), to: relSeconds(end, baseMs), label: `firing ${name}` });
  }
  return out;
}

const COMPARISON_WORD: Readonly<Record<string, string>> = { '>': 'above', '>=': 'at or above', '<': 'below', '<=': 'at or below', '==': 'equal to', '!=': 'not equal to' };

export function dryrunReportDoc(report: DryrunReport, values: readonly AlertValues[], o: DryrunDocOptions = {}): ReportDoc {
  const topN = o.topN ?? 6;
  const buckets = o.buckets ?? 1000;
  const maxRows = o.maxTableRows ?? 200;
  const baseMs = report.startMs;
  const sections: SectionSpec[] = values.map((a, index) => {
    const ruleLabelNames = new Set(a.rule.labels.map(([k]) => k));
    const ranked = a.series
      .map((s) => {
        const insts = instancesOf(s.labels, a.report.instances, ruleLabelNames);
        return { s, firingMs: insts.reduce((n, i) => n + i.firingMs, 0), intervals: insts.reduce((n, i) => n + i.intervals.length, 0), peak: peak(s.values) };
      })
      .sort((x, y) => y.firingMs - x.firingMs || y.intervals - x.intervals || y.peak - x.peak);
    const { lines, envelopes } = chartLines({
      times: a.times,
      ordered: ranked.map((r) => ({ name: labelsText(r.s.labels, ['__name__']), values: r.s.values })),
      topN,
      buckets,
      baseMs,
    });
    const intervals = a.report.instances.flatMap((inst) => intervalsOf(inst, report.endMs, baseMs));
    const firings = a.report.instances.reduce((n, i) => n + i.firings, 0);
    const firingInstances = a.report.instances.filter((i) => i.firings > 0).length;
    const chart: ChartSpec = {
      kind: 'time',
      id: `alert-${index}`,
      title: a.split ? `${a.plotted}  (alert when ${COMPARISON_WORD[a.split.op]} ${numberText(a.split.threshold)})` : a.plotted,
      ...(a.error ? { note: `evaluation error: ${a.error}` } : a.series.length === 0 ? { note: 'the expression returned nothing over the range' } : {}),
      from: relSeconds(report.startMs, baseMs),
      to: relSeconds(report.endMs, baseMs),
      lines,
      envelopes,
      hlines: a.split ? [{ at: a.split.threshold, label: `threshold ${a.split.op} ${numberText(a.split.threshold)}` }] : [],
      intervals,
      markers: [],
    };
    // The table lists firings; intervals that stayed pending are only counted (they are shaded on the chart).
    const rows = a.report.instances.flatMap((inst) =>
      inst.intervals
        .filter((iv) => iv.firingAtMs !== undefined)
        .map((iv) => [
          labelsText(inst.labels, ['alertname']),
          isoTime(iv.pendingAtMs),
          isoTime(iv.firingAtMs!),
          iv.resolvedAtMs !== undefined ? isoTime(iv.resolvedAtMs) : 'still firing at the end',
          durationText((iv.resolvedAtMs ?? report.endMs) - iv.firingAtMs!),
        ]),
    );
    const pendingOnly = a.report.instances.reduce((n, inst) => n + inst.intervals.filter((iv) => iv.firingAtMs === undefined).length, 0);
    const table: TableSpec = {
      title: `Firings${rows.length > maxRows ? ` (first ${maxRows} of ${rows.length})` : ''}`,
      columns: ['instance', 'pending at', 'firing at', 'resolved at', 'firing for'],
      rows: rows.slice(0, maxRows),
    };
    const ruleLabels = a.rule.labels.length ? ` ${labelsText(Object.fromEntries(a.rule.labels))}` : '';
    return {
      title: `${a.report.name}${ruleLabels}`,
      summary: [
        `group ${a.report.group} · for ${durationText(a.report.forMs)} · ${firings} firing(s) on ${firingInstances} of ${a.report.instances.length} instance(s) · ${pendingOnly} pending interval(s) that never fired · ${a.series.length} series plotted`,
        `expr: ${printExpr(a.rule.expr)}`,
      ],
      charts: [chart],
      tables: rows.length > 0 ? [table] : [],
    };
  });
  // Alerts that fired first, then those that were pending, then the quiet ones.
  const rank = (i: number): number => {
    const a = values[i]!.report;
    return a.instances.some((x) => x.firings > 0) ? 0 : a.instances.length > 0 ? 1 : 2;
  };
  const order = sections.map((s, i) => ({ s, r: rank(i), i })).sort((x, y) => x.r - y.r || x.i - y.i);
  const totalFirings = report.alerts.reduce((n, a) => n + a.instances.reduce((m, i) => m + i.firings, 0), 0);
  return {
    title: o.title ?? 'promforge dry run',
    summary: [
      `${isoTime(report.startMs)} → ${isoTime(report.endMs)} · ${report.evaluations} group evaluations`,
      `${report.alerts.length} alerting rule(s), ${totalFirings} firing(s) in total; ${report.recordings.length} recording rule(s); ${report.errors.length} evaluation error(s)`,
    ],
    baseMs,
    sections: order.map((x) => x.s),
    notes: [
      ...report.silentRules.map((s) => `${s.kind} rule ${s.name} (group ${s.group}) never produced anything: check its selectors`),
      `Lines show at most ${topN} series per chart (those that fired longest first); the others are drawn as one min–max band. Series are downsampled to the minimum and maximum per ${buckets}th of the range; pending and firing intervals are exact.`,
    ],
  };
}
