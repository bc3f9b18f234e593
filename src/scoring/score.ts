// Scoring alerts against labelled incidents: what a dry-run's alerts did,
// per alert and for the rule set as one detector. A page is an alert's
// firing onset (an alert that keeps firing pages once), placed at the first
// data row at or after the onset, as the benchmark protocol places them.
// Per alert: pages, delay per incident (first onset inside it), missed
// incidents, false pages (onsets outside every incident), precision and
// recall; for the whole rule set also the NAB score (nab.ts).

import type { DryrunReport } from '../dryrun/run.js';
import type { Incident } from '../thresholds/incidents.js';
import { rowAtOrAfter, scoreNabFile, windowRows } from './nab.js';
import type { NabFileScore, RowWindow } from './nab.js';

export interface IncidentResult {
  readonly name: string;
  readonly startMs: number;
  readonly endMs: number;
  /** The first page inside the incident (undefined: missed). */
  readonly detectedAtMs?: number;
  readonly delayMs?: number;
}

export interface DetectorScore {
  /** `AlertName{labels}`, or `all alerts` for the rule set as one detector. */
  readonly name: string;
  /** Onsets after the probationary period. */
  readonly pages: number;
  readonly truePages: number;
  readonly falsePages: number;
  readonly incidents: readonly IncidentResult[];
  readonly missed: number;
  /** truePages / pages (undefined without pages). */
  readonly precision?: number;
  /** detected incidents / incidents (undefined without incidents). */
  readonly recall?: number;
}

export interface ScoreReport {
  readonly rows: number;
  readonly probationRows: number;
  /** The first time that is scored (the row after the probationary period). */
  readonly scoredFromMs?: number;
  readonly alerts: readonly DetectorScore[];
  readonly overall: DetectorScore;
  readonly nab: NabFileScore;
  /** Incidents that cover no data row (cannot be scored). */
  readonly outsideData: readonly string[];
}

export interface ScoreInput {
  readonly report: DryrunReport;
  /** Times of the data rows (all samples' timestamps, ascending, unique). */
  readonly rowTimesMs: Float64Array;
  readonly incidents: readonly Incident[];
  readonly probationRows: number;
}

interface Page {
  readonly atMs: number;
  readonly row: number;
}

function detectorScore(name: string, pages: readonly Page[], incidents: readonly { inc: Incident; name: string; rows: RowWindow }[]): DetectorScore {
  const inside = (p: Page, w: RowWindow): boolean => p.row >= w.first && p.row <= w.last;
  const results: IncidentResult[] = incidents.map(({ inc, name: n, rows }) => {
    const hit = pages.find((p) => inside(p, rows));
    return { name: n, startMs: inc.startMs, endMs: inc.endMs, ...(hit ? { detectedAtMs: hit.atMs, delayMs: Math.max(0, hit.atMs - inc.startMs) } : {}) };
  });
  const truePages = pages.filter((p) => incidents.some((i) => inside(p, i.rows))).length;
  const detected = results.filter((r) => r.detectedAtMs !== undefined).length;
  return {
    name,
    pages: pages.length,
    truePages,
    falsePages: pages.length - truePages,
    incidents: results,
    missed: results.length - detected,
    ...(pages.length > 0 ? { precision: truePages / pages.length } : {}),
    ...(results.length > 0 ? { recall: detected / results.length } : {}),
  };
}

function labelsMatch(want: Readonly<Record<string, string>>, have: Readonly<Record<string, string>>): boolean {
  return Object.entries(want).every(([k, v]) => have[k] === v);
}

export function scoreAlerts(input: ScoreInput): ScoreReport {
  const { rowTimesMs, probationRows } = input;
  const rows = rowTimesMs.length;
  const outsideData: string[] = [];
  const windows: { inc: Incident; name: string; rows: RowWindow }[] = [];
  input.incidents.forEach((inc, i) => {
    const name = inc.name ?? `incident ${i + 1}`;
    const w = windowRows(rowTimesMs, inc.startMs, inc.endMs);
    if (w) windows.push({ inc, name, rows: w });
    else outsideData.push(name);
  });
  const pageOf = (atMs: number): Page | undefined => {
    const row = rowAtOrAfter(rowTimesMs, atMs);
    return row >= probationRows && row < rows ? { atMs, row } : undefined;
  };
  const alerts: DetectorScore[] = [];
  const all: Page[] = [];
  for (const rule of input.report.alerts) {
    for (const inst of rule.instances) {
      const pages = inst.intervals.flatMap((iv) => (iv.firingAtMs === undefined ? [] : [pageOf(iv.firingAtMs)].filter((p): p is Page => p !== undefined)));
      const labels = Object.entries(inst.labels).filter(([k]) => k !== 'alertname');
      const name = `${rule.name}${labels.length ? `{${labels.map(([k, v]) => `${k}="${v}"`).join(', ')}}` : ''}`;
      alerts.push(
        detectorScore(
          name,
          pages,
          windows.filter((w) => labelsMatch(w.inc.labels, inst.labels)),
        ),
      );
      all.push(...pages);
    }
  }
  all.sort((a, b) => a.atMs - b.atMs);
  return {
    rows,
    probationRows,
    ...(probationRows < rows ? { scoredFromMs: rowTimesMs[probationRows]! } : {}),
    alerts,
    overall: detectorScore('all alerts', all, windows),
    nab: scoreNabFile(
      rows,
      probationRows,
      windows.map((w) => w.rows),
      all.map((p) => p.row),
    ),
    outsideData,
  };
}

/** The data rows of a recording: every float sample's timestamp, once. */
export function rowTimes(series: readonly { readonly timestamps: Float64Array }[]): Float64Array {
  if (series.length === 1) return series[0]!.timestamps;
  const set = new Set<number>();
  for (const s of series) for (const t of s.timestamps) set.add(t);
  return Float64Array.from([...set].sort((a, b) => a - b));
}
