// The score report as text for people and JSON for tools.

import { formatDuration } from '../samples/duration.js';
import { PROFILE_NAMES, normalisedScore } from './nab.js';
import type { DetectorScore, ScoreReport } from './score.js';

const pct = (x: number | undefined): string => (x === undefined ? '-' : `${(100 * x).toFixed(1)}%`);
const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

function detectorLines(d: DetectorScore): string[] {
  const lines = [
    `${d.name}: ${d.pages} page(s), ${d.truePages} inside incidents, ${d.falsePages} false; ${d.incidents.length - d.missed}/${d.incidents.length} incidents detected; precision ${pct(d.precision)}, recall ${pct(d.recall)}`,
  ];
  for (const i of d.incidents) {
    lines.push(`  ${i.name} ${iso(i.startMs)} … ${iso(i.endMs)}: ${i.delayMs === undefined ? 'MISSED' : `detected after ${formatDuration(i.delayMs)}`}`);
  }
  return lines;
}

export function scoreText(r: ScoreReport): string {
  const lines: string[] = [];
  lines.push(`rows: ${r.rows}, probationary period: ${r.probationRows} row(s)${r.scoredFromMs !== undefined ? ` (scored from ${iso(r.scoredFromMs)})` : ''}`);
  for (const n of r.outsideData) lines.push(`note: ${n} covers no data row and is not scored`);
  lines.push('');
  for (const a of r.alerts) lines.push(...detectorLines(a));
  if (r.alerts.length !== 1) lines.push(...detectorLines(r.overall));
  lines.push('');
  lines.push('NAB score (all alerts as one detector):');
  for (const p of PROFILE_NAMES) {
    lines.push(
      `  ${p.padEnd(20)} raw ${r.nab.raw[p].toFixed(3).padStart(8)}  normalised ${normalisedScore([r.nab], p).toFixed(1).padStart(6)}  (null ${r.nab.rawNull[p]}, perfect ${r.nab.rawPerfect[p]})`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export function scoreJson(r: ScoreReport): unknown {
  const detector = (d: DetectorScore): unknown => ({
    name: d.name,
    pages: d.pages,
    truePages: d.truePages,
    falsePages: d.falsePages,
    missed: d.missed,
    precision: d.precision ?? null,
    recall: d.recall ?? null,
    incidents: d.incidents.map((i) => ({
      name: i.name,
      start: iso(i.startMs),
      end: iso(i.endMs),
      detectedAt: i.detectedAtMs === undefined ? null : iso(i.detectedAtMs),
      delaySeconds: i.delayMs === undefined ? null : i.delayMs / 1000,
    })),
  });
  return {
    rows: r.rows,
    probationRows: r.probationRows,
    alerts: r.alerts.map(detector),
    overall: detector(r.overall),
    nab: {
      detections: r.nab.detections,
      windows: r.nab.windows.map((w) => ({ firstRow: w.first, lastRow: w.last, detectedRow: w.detectedRow ?? null, position: w.position ?? null })),
      falsePositives: r.nab.falsePositives,
      raw: r.nab.raw,
      rawNull: r.nab.rawNull,
      rawPerfect: r.nab.rawPerfect,
      normalised: Object.fromEntries(PROFILE_NAMES.map((p) => [p, normalisedScore([r.nab], p)])),
    },
    outsideData: r.outsideData,
  };
}
