// The report data built from small dry-runs and fits whose outcome is known
// by hand: what is drawn, which intervals are shaded (exactly), the tables.
import { describe, expect, it } from 'vitest';
import { labelsFromRecord } from '../../src/model/labels.js';
import { oneBucketHistogram } from '../support/histograms.js';
import { STALE_NAN } from '../../src/model/stale.js';
import type { RecordedSeries } from '../../src/samples/types.js';
import { loadRuleText } from '../../src/rulefmt/load.js';
import { evalGroupsFromRuleFile } from '../../src/rules/from-rulefmt.js';
import { runDryrun } from '../../src/dryrun/run.js';
import { createTemplateExpander } from '../../src/rules/template-expander.js';
import { dryrunReportDoc, renderReportPage, thresholdsReportDoc } from '../../src/report-html/index.js';
import type { ReportDoc, TimeChartSpec, CurveChartSpec } from '../../src/report-html/index.js';
import { fitGroup } from '../../src/thresholds/fit.js';
import type { GroupSignal } from '../../src/thresholds/fit.js';
import { evaluateIncidents } from '../../src/thresholds/incidents.js';

const MIN = 60_000;
const minutes = (n: number) => Float64Array.from({ length: n }, (_, i) => i * MIN);

function dryrunDoc(topN?: number): ReportDoc {
  const rules = `groups:
  - name: queues
    rules:
      - alert: QueueBacklog
        expr: queue_depth > 5
        for: 2m
        labels: {severity: page}
`;
  const groups = evalGroupsFromRuleFile(loadRuleText(rules, 'q.yml').file!);
  const series = [
    {
      labels: labelsFromRecord({ __name__: 'queue_depth', instance: 'a' }),
      timestamps: minutes(11),
      values: Float64Array.from([0, 0, 6, 7, 8, 9, 1, 1, 1, 1, 1]),
    },
    {
      labels: labelsFromRecord({ __name__: 'queue_depth', instance: 'b' }),
      timestamps: minutes(11),
      values: Float64Array.from([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2]),
    },
  ];
  const report = runDryrun({ groups, series, recordValues: true, expander: () => createTemplateExpander({ externalLabels: [], externalURL: '' }) });
  if ('error' in report) throw new Error(report.error);
  return dryrunReportDoc(report, topN !== undefined ? { topN } : {});
}

describe('dry-run report data', () => {
  it('draws the compared signal per series with the threshold, and shades exact pending and firing intervals', () => {
    const doc = dryrunDoc();
    expect(doc.sections.map((s) => s.title)).toEqual(['QueueBacklog {severity="page"}']);
    const chart = doc.sections[0]!.charts[0] as TimeChartSpec;
    expect(chart.title).toBe('queue_depth  (alert when above 5)');
    // Instance a fired (pending at 2m, firing at 4m once `for: 2m` held, resolved at 6m), so it comes first.
    expect(chart.lines.map((l) => l.name)).toEqual(['{instance="a"}', '{instance="b"}']);
    expect(chart.lines[0]!.t).toEqual([0, 60, 120, 180, 240, 300, 360, 420, 480, 540, 600]);
    expect(chart.lines[0]!.v).toEqual([0, 0, 6, 7, 8, 9, 1, 1, 1, 1, 1]);
    expect(chart.hlines).toEqual([{ at: 5, label: 'threshold > 5' }]);
    expect(chart.intervals).toEqual([
      { kind: 'pending', from: 120, to: 240, label: 'pending {instance="a", severity="page"}' },
      { kind: 'firing', from: 240, to: 360, label: 'firing {instance="a", severity="page"}' },
    ]);
    expect(doc.sections[0]!.tables).toEqual([
      {
        title: 'Firings',
        columns: ['instance', 'pending at', 'firing at', 'resolved at', 'firing for'],
        rows: [['{instance="a", severity="page"}', '1970-01-01T00:02:00Z', '1970-01-01T00:04:00Z', '1970-01-01T00:06:00Z', '2m']],
      },
    ]);
  });

  it('summarises series beyond the top N as one min–max band', () => {
    const chart = dryrunDoc(1).sections[0]!.charts[0] as TimeChartSpec;
    expect(chart.lines.map((l) => l.name)).toEqual(['{instance="a"}']);
    expect(chart.envelopes).toEqual([
      {
        name: '1 other series (min–max)',
        kind: 'others',
        t: [0, 60, 120, 180, 240, 300, 360, 420, 480, 540, 600],
        lo: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2],
        hi: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2],
      },
    ]);
  });
});

// The values drawn are the ones the dry run evaluated, from its own storage. A
// second evaluation in the report used to rebuild storage from the float
// samples only and rewrite recording-rule output by hand.
describe('dry-run report values come from the dry run', () => {
  const doc = (rules: string, series: RecordedSeries[]): ReportDoc => {
    const groups = evalGroupsFromRuleFile(loadRuleText(rules, 'r.yml').file!);
    const report = runDryrun({ groups, series, recordValues: true, expander: () => createTemplateExpander({ externalLabels: [], externalURL: '' }) });
    if ('error' in report) throw new Error(report.error);
    return dryrunReportDoc(report);
  };
  const histogram = oneBucketHistogram;

  it('draws alerts over native histograms (they used to be dropped: "the expression returned nothing")', () => {
    const rules = `groups:
  - name: h
    rules:
      - alert: ManyRequests
        expr: histogram_count(requests) > 3
`;
    const series: RecordedSeries[] = [
      {
        labels: labelsFromRecord({ __name__: 'requests', instance: 'a' }),
        timestamps: new Float64Array(),
        values: new Float64Array(),
        histograms: { timestamps: minutes(5), values: [1, 2, 5, 6, 2].map(histogram) },
      },
    ];
    const chart = doc(rules, series).sections[0]!.charts[0] as TimeChartSpec;
    expect(chart.title).toBe('histogram_count(requests)  (alert when above 3)');
    expect(chart.note).toBeUndefined();
    expect(chart.lines.map((l) => [l.name, l.v])).toEqual([['{instance="a"}', [1, 2, 5, 6, 2]]]);
    expect(chart.intervals).toEqual([{ kind: 'firing', from: 120, to: 240, label: 'firing {instance="a"}' }]);
  });

  it('draws recording-rule output as the dry run wrote it, staleness markers included (a rewrite without them drew the series on to 6m)', () => {
    const rules = `groups:
  - name: jobs
    rules:
      - record: job:up:sum
        expr: sum by (job) (up)
      - alert: JobUp
        expr: job:up:sum > 0
`;
    const series: RecordedSeries[] = [
      { labels: labelsFromRecord({ __name__: 'up', job: 'a', instance: '1' }), timestamps: minutes(4), values: Float64Array.from([1, 1, 1, STALE_NAN]) },
      { labels: labelsFromRecord({ __name__: 'other' }), timestamps: minutes(9), values: new Float64Array(9) },
    ];
    const chart = doc(rules, series).sections[0]!.charts[0] as TimeChartSpec;
    expect(chart.title).toBe('job:up:sum  (alert when above 0)');
    // The dry run's alert resolved at 3m, when the recorded series went stale; the drawn line ends there too.
    expect(chart.intervals).toEqual([{ kind: 'firing', from: 0, to: 180, label: 'firing {job="a"}' }]);
    expect(chart.lines.map((l) => [l.name, l.t, l.v])).toEqual([['{job="a"}', [0, 60, 120, 180], [1, 1, 1, null]]]);
  });
});

describe('thresholds report data', () => {
  // One series 1,3,2,5,1 (a minute apart), alert `> θ` with for 0: θ in [1,2) fires once
  // (3,2,5 in a row), [2,3) twice (3 and 5), [3,5) once, from 5 never. Five minutes of
  // history count as a day (1/7 week), so alerts/week = 7 × episodes. A budget of
  // 7/week allows one episode: the lowest threshold from which it stays within is 3.
  const group: GroupSignal = {
    group: labelsFromRecord({ job: 'x' }),
    series: [{ labels: labelsFromRecord({ job: 'x', instance: 'i' }), signal: { times: minutes(5), values: Float64Array.from([1, 3, 2, 5, 1]) } }],
  };
  const options = { method: 'quantile' as const, direction: 'upper' as const, forMs: 0, stepMs: MIN, budgetPerWeek: 7 };
  const fit = fitGroup(group, options);
  const incidents = evaluateIncidents([{ name: 'spike', startMs: 2.5 * MIN, endMs: 4 * MIN, labels: { job: 'x' } }], [group], [fit], 0, 'upper');
  const doc = thresholdsReportDoc({ runs: [{ signal: 'x', by: ['job'], options, startMs: 0, endMs: 4 * MIN, results: [fit], incidents }], groups: [group] });

  it('fits the threshold the budget allows', () => {
    expect(fit.threshold).toBe(3);
  });

  it('draws the budget curve as candidate threshold → alerts per week', () => {
    const curve = doc.sections[0]!.charts[1] as CurveChartSpec;
    expect(curve.kind).toBe('curve');
    expect(curve.x).toEqual([1, 2, 3, 5]);
    expect(curve.y).toEqual([7, 14, 7, 0]);
    expect(curve.step).toBe('after');
    expect(curve.vlines).toEqual([{ at: 3, label: 'chosen threshold 3 → 7.00/week' }]);
    expect(curve.hlines).toEqual([{ at: 7, label: 'budget 7/week' }]);
  });

  it('marks the backtested firing, the incident and its detection delay', () => {
    const chart = doc.sections[0]!.charts[0] as TimeChartSpec;
    expect(chart.hlines).toEqual([{ at: 3, label: 'upper threshold 3' }]);
    expect(chart.intervals).toEqual([
      { kind: 'firing', from: 180, to: 240, label: 'firing {instance="i", job="x"}' },
      { kind: 'incident', from: 150, to: 240, label: 'incident spike' },
    ]);
    expect(chart.markers).toEqual([{ t: 180, label: 'detected after 30s', kind: 'detected' }]);
    expect(doc.sections[0]!.tables[1]!.rows).toEqual([['spike', '1970-01-01T00:02:30Z', '1970-01-01T00:04:00Z', '1970-01-01T00:03:00Z', '30s']]);
    expect(doc.summary).toContain('incidents: 1 of 1 detected, median delay 30s');
  });
});

describe('the page', () => {
  it('inlines everything, references nothing outside, and embeds data that cannot close its script element', () => {
    const doc: ReportDoc = { title: 'a </script><b>', summary: ['x</script>'], baseMs: 0, sections: [], notes: [] };
    const html = renderReportPage(doc);
    expect(html).not.toMatch(/<script[^>]*\ssrc=|<link\b|<img\b|url\(|https?:\/\//i);
    expect(html.match(/<\/script>/g)?.length).toBe(3);
    const data = /<script type="application\/json" id="promforge-data">([^<]*)<\/script>/.exec(html);
    expect(JSON.parse(data![1]!)).toEqual(doc);
    expect(html).toContain('<title>a &lt;/script&gt;&lt;b&gt;</title>');
  });
});
