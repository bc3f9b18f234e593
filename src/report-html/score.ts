// The `promforge score --report` page: per recorded series its values with
// the labelled incidents shaded, every page marked (detected / false), the
// firing intervals of each alert, and the score tables.

import type { DryrunReport } from '../dryrun/run.js';
import type { RecordedSeries } from '../samples/types.js';
import { labelsToRecord } from '../model/labels.js';
import { PROFILE_NAMES, normalisedScore } from '../scoring/nab.js';
import type { ScoreReport } from '../scoring/score.js';
import { formatDuration } from '../samples/duration.js';
import { downsampleMinMax, relSeconds, roundForDisplay } from './downsample.js';
import type { IntervalSpec, MarkerSpec, ReportDoc, TimeChartSpec } from './model.js';
import { type WrittenReport, writeReportDoc } from './cli.js';

const pct = (x: number | undefined): string => (x === undefined ? '-' : `${(100 * x).toFixed(1)}%`);
const MAX_CHARTS = 20;
const BUCKETS = 1200;

export function scoreReportDoc(score: ScoreReport, report: DryrunReport, series: readonly RecordedSeries[]): ReportDoc {
  const baseMs = report.startMs;
  const rel = (ms: number): number => relSeconds(ms, baseMs);
  const incidents: IntervalSpec[] = score.overall.incidents.map((i) => ({ kind: 'incident', from: rel(i.startMs), to: rel(i.endMs), label: i.name }));
  const firing: IntervalSpec[] = report.alerts.flatMap((a) =>
    a.instances.flatMap((inst) =>
      inst.intervals
        .filter((iv) => iv.firingAtMs !== undefined)
        .map((iv) => ({ kind: 'firing' as const, from: rel(iv.firingAtMs!), to: rel(iv.resolvedAtMs ?? report.endMs), label: a.name })),
    ),
  );
  const markers: MarkerSpec[] = [
    ...score.overall.incidents
      .filter((i) => i.detectedAtMs !== undefined)
      .map((i) => ({ t: rel(i.detectedAtMs!), label: `${i.name}: detected after ${formatDuration(i.delayMs!)}`, kind: 'detected' as const })),
    ...score.overall.incidents
      .filter((i) => i.detectedAtMs === undefined)
      .map((i) => ({ t: rel(i.startMs), label: `${i.name}: missed`, kind: 'missed' as const })),
  ];
  const charts: TimeChartSpec[] = series.slice(0, MAX_CHARTS).map((s, i) => {
    const d = downsampleMinMax(s.timestamps, s.values, report.startMs, report.endMs, BUCKETS);
    const name = Object.entries(labelsToRecord(s.labels))
      .map(([k, v]) => (k === '__name__' ? v : `${k}="${v}"`))
      .join(' ');
    return {
      kind: 'time',
      id: `series-${i}`,
      title: name,
      ...(score.probationRows > 0 && score.scoredFromMs !== undefined
        ? { note: `not scored before ${new Date(score.scoredFromMs).toISOString()} (probationary period)` }
        : {}),
      from: 0,
      to: rel(report.endMs),
      lines: [{ name, t: d.t.map(rel), v: d.v.map((v) => roundForDisplay(v)) }],
      envelopes: [],
      hlines: [],
      intervals: [...incidents, ...firing],
      markers,
    };
  });
  const detectorRows = [...score.alerts, ...(score.alerts.length !== 1 ? [score.overall] : [])].map((d) => [
    d.name,
    String(d.pages),
    String(d.truePages),
    String(d.falsePages),
    `${d.incidents.length - d.missed}/${d.incidents.length}`,
    pct(d.precision),
    pct(d.recall),
  ]);
  return {
    title: 'promforge score',
    summary: [
      `${score.overall.pages} page(s), ${score.overall.incidents.length - score.overall.missed} of ${score.overall.incidents.length} incident(s) detected, ${score.overall.falsePages} false page(s).`,
      `NAB: ${PROFILE_NAMES.map((p) => `${p} ${normalisedScore([score.nab], p).toFixed(1)}`).join(', ')}.`,
    ],
    baseMs,
    sections: [
      {
        title: 'Alerts against incidents',
        summary: [],
        charts,
        tables: [
          { title: 'Per alert', columns: ['alert', 'pages', 'inside incidents', 'false', 'detected', 'precision', 'recall'], rows: detectorRows },
          {
            title: 'Incidents',
            columns: ['incident', 'start', 'end', 'first page', 'delay'],
            rows: score.overall.incidents.map((i) => [
              i.name,
              new Date(i.startMs).toISOString(),
              new Date(i.endMs).toISOString(),
              i.detectedAtMs === undefined ? 'MISSED' : new Date(i.detectedAtMs).toISOString(),
              i.delayMs === undefined ? '-' : formatDuration(i.delayMs),
            ]),
          },
          {
            title: 'NAB score',
            columns: ['profile', 'raw', 'null', 'perfect', 'normalised'],
            rows: PROFILE_NAMES.map((p) => [
              p,
              score.nab.raw[p].toFixed(3),
              String(score.nab.rawNull[p]),
              String(score.nab.rawPerfect[p]),
              normalisedScore([score.nab], p).toFixed(1),
            ]),
          },
        ],
      },
    ],
    notes: series.length > MAX_CHARTS ? [`${series.length - MAX_CHARTS} more series not drawn`] : [],
  };
}

export async function writeScoreHtmlReport(
  score: ScoreReport,
  report: DryrunReport,
  series: readonly RecordedSeries[],
  file: string,
): Promise<WrittenReport | { error: string }> {
  return writeReportDoc(scoreReportDoc(score, report, series), file);
}
