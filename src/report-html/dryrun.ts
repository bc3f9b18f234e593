// The dry-run report: per alerting rule, the value of its expression over
// time per series (the compared signal with its threshold line when the
// expression is `signal <op> constant`), the pending and firing intervals
// exactly as the dry run recorded them, and a table of them.
//
// The values are the ones the dry run recorded as it evaluated
// (`runDryrun({ recordValues: true })`, src/dryrun/alert-values.ts): this
// file only lays them out.

import type { Labels } from '../model/labels.js';
import type { AlertInstanceReport, AlertRuleReport, DryrunReport } from '../dryrun/run.js';
import type { AlertValues } from '../dryrun/alert-values.js';
import { printExpr } from '../promql/printer.js';
import type { ChartSpec, IntervalSpec, ReportDoc, SectionSpec, TableSpec } from './model.js';
import { chartLines, durationText, isoTime, labelsText, numberText, peak } from './common.js';
import { relSeconds } from './downsample.js';

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
    if (pendingEnd > iv.pendingAtMs)
      out.push({ kind: 'pending', from: relSeconds(iv.pendingAtMs, baseMs), to: relSeconds(pendingEnd, baseMs), label: `pending ${name}` });
    if (iv.firingAtMs !== undefined)
      out.push({ kind: 'firing', from: relSeconds(iv.firingAtMs, baseMs), to: relSeconds(end, baseMs), label: `firing ${name}` });
  }
  return out;
}

const COMPARISON_WORD: Readonly<Record<string, string>> = {
  '>': 'above',
  '>=': 'at or above',
  '<': 'below',
  '<=': 'at or below',
  '==': 'equal to',
  '!=': 'not equal to',
};

/** An alerting rule's outcome and the values its dry run recorded. */
interface DrawnAlert {
  readonly report: AlertRuleReport;
  readonly values: AlertValues;
}

/** The report of a dry run made with `recordValues: true` (alerts without recorded values get no section). */
export function dryrunReportDoc(report: DryrunReport, o: DryrunDocOptions = {}): ReportDoc {
  const drawn: DrawnAlert[] = report.alerts.flatMap((a) => (a.values ? [{ report: a, values: a.values }] : []));
  const undrawn = report.alerts.length - drawn.length;
  const topN = o.topN ?? 6;
  const buckets = o.buckets ?? 1000;
  const maxRows = o.maxTableRows ?? 200;
  const baseMs = report.startMs;
  const sections: SectionSpec[] = drawn.map(({ report: a, values: v }, index) => {
    const ruleLabelNames = new Set(v.rule.labels.map(([k]) => k));
    const ranked = v.series
      .map((s) => {
        const insts = instancesOf(s.labels, a.instances, ruleLabelNames);
        return { s, firingMs: insts.reduce((n, i) => n + i.firingMs, 0), intervals: insts.reduce((n, i) => n + i.intervals.length, 0), peak: peak(s.values) };
      })
      .sort((x, y) => y.firingMs - x.firingMs || y.intervals - x.intervals || y.peak - x.peak);
    const { lines, envelopes } = chartLines({
      times: v.times,
      ordered: ranked.map((r) => ({ name: labelsText(r.s.labels, ['__name__']), values: r.s.values })),
      topN,
      buckets,
      baseMs,
    });
    const intervals = a.instances.flatMap((inst) => intervalsOf(inst, report.endMs, baseMs));
    const firings = a.instances.reduce((n, i) => n + i.firings, 0);
    const firingInstances = a.instances.filter((i) => i.firings > 0).length;
    const chart: ChartSpec = {
      kind: 'time',
      id: `alert-${index}`,
      title: v.split ? `${printExpr(v.plotted)}  (alert when ${COMPARISON_WORD[v.split.op]} ${numberText(v.split.threshold)})` : printExpr(v.plotted),
      ...(v.unavailable
        ? { note: v.unavailable }
        : v.error
          ? { note: `evaluation error: ${v.error}` }
          : v.series.length === 0
            ? { note: 'the expression returned nothing over the range' }
            : {}),
      from: relSeconds(report.startMs, baseMs),
      to: relSeconds(report.endMs, baseMs),
      lines,
      envelopes,
      hlines: v.split ? [{ at: v.split.threshold, label: `threshold ${v.split.op} ${numberText(v.split.threshold)}` }] : [],
      intervals,
      markers: [],
    };
    // The table lists firings; intervals that stayed pending are only counted (they are shaded on the chart).
    const rows = a.instances.flatMap((inst) =>
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
    const pendingOnly = a.instances.reduce((n, inst) => n + inst.intervals.filter((iv) => iv.firingAtMs === undefined).length, 0);
    const table: TableSpec = {
      title: `Firings${rows.length > maxRows ? ` (first ${maxRows} of ${rows.length})` : ''}`,
      columns: ['instance', 'pending at', 'firing at', 'resolved at', 'firing for'],
      rows: rows.slice(0, maxRows),
    };
    const ruleLabels = v.rule.labels.length ? ` ${labelsText(Object.fromEntries(v.rule.labels))}` : '';
    return {
      title: `${a.name}${ruleLabels}`,
      summary: [
        `group ${a.group} · for ${durationText(a.forMs)} · ${firings} firing(s) on ${firingInstances} of ${a.instances.length} instance(s) · ${pendingOnly} pending interval(s) that never fired · ${v.series.length} series plotted`,
        `expr: ${printExpr(v.rule.expr)}`,
      ],
      charts: [chart],
      tables: rows.length > 0 ? [table] : [],
    };
  });
  // Alerts that fired first, then those that were pending, then the quiet ones.
  const rank = (i: number): number => {
    const a = drawn[i]!.report;
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
      ...(undrawn > 0 ? [`${undrawn} alerting rule(s) have no recorded values (a dry run without recordValues) and are not drawn`] : []),
      ...report.silentRules.map((s) => `${s.kind} rule ${s.name} (group ${s.group}) never produced anything: check its selectors`),
      `Lines show at most ${topN} series per chart (those that fired longest first); the others are drawn as one min–max band. Series are downsampled to the minimum and maximum per ${buckets}th of the range; pending and firing intervals are exact.`,
    ],
  };
}
