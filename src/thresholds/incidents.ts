// Incidents: time ranges (optionally per label set) when an alert SHOULD have
// fired. For the chosen thresholds we report, per incident, when the
// backtested alert first fired inside it (detection delay) or that it missed.

import { parse } from 'yaml';
import type { Labels } from '../model/labels.js';
import { getLabel } from '../model/labels.js';
import { parseTestTime } from '../unittest/file.js';
import { parseCsvTime } from '../samples/csv.js';
import { backtest } from './backtest.js';
import type { FitResult, GroupSignal } from './fit.js';
import { seasonBucket } from './fit.js';

export interface Incident {
  readonly name?: string;
  readonly startMs: number;
  readonly endMs: number;
  /** Only series carrying these labels count (all, when empty). */
  readonly labels: Readonly<Record<string, string>>;
}

export interface IncidentOutcome extends Incident {
  readonly group: Labels;
  readonly detectedAtMs?: number;
}

export interface IncidentReport {
  readonly total: number;
  readonly detected: number;
  readonly medianDelayMs?: number;
  readonly items: IncidentOutcome[];
}

/** RFC 3339, unix seconds, or NAB's `YYYY-MM-DD HH:MM:SS.ffffff` (UTC). */
function incidentTime(v: unknown): number | undefined {
  const text = String(v ?? '');
  return parseTestTime(text) ?? parseCsvTime(text);
}

/**
 * NAB's windows.json: `{ "<dir>/<file>.csv": [[start, end], ...], ... }`.
 * The entry is the one whose key ends the samples file's path, so one
 * windows file serves every data file of a benchmark.
 */
function nabWindows(doc: Record<string, unknown>, samplesPaths: readonly string[]): { list: unknown[] } | { error: string } {
  const norm = (p: string): string => p.replace(/\\/g, '/');
  const keys = Object.keys(doc).filter((k) => samplesPaths.some((p) => norm(p) === norm(k) || norm(p).endsWith(`/${norm(k)}`)));
  if (keys.length === 0) {
    const some = Object.keys(doc).slice(0, 3).join(', ');
    return {
      error: `no entry for ${samplesPaths.join(', ') || 'the samples'} in this windows file (keys look like ${some}${Object.keys(doc).length > 3 ? ', ...' : ''})`,
    };
  }
  const list: unknown[] = [];
  for (const k of keys) {
    const windows = doc[k];
    if (!Array.isArray(windows)) return { error: `${k}: expected a list of [start, end] windows` };
    for (const w of windows) {
      if (!Array.isArray(w) || w.length !== 2) return { error: `${k}: each window must be [start, end]` };
      list.push({ start: w[0], end: w[1], name: `${k} window ${list.length + 1}` });
    }
  }
  return { list };
}

function isNabWindows(doc: unknown): doc is Record<string, unknown> {
  return (
    typeof doc === 'object' &&
    doc !== null &&
    !Array.isArray(doc) &&
    !('incidents' in doc) &&
    Object.values(doc).every((v) => Array.isArray(v) && v.every((w) => Array.isArray(w)))
  );
}

/**
 * Reads `[{start, end, labels?, name?}]` (YAML or JSON; times RFC 3339 or
 * unix seconds), or a NAB-style windows.json, whose entry for the samples
 * file is picked by path (see nabWindows).
 */
export function parseIncidents(text: string, samplesPaths: readonly string[] = []): { incidents: Incident[] } | { error: string } {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    return { error: `incidents file is not valid YAML/JSON: ${(e as Error).message.split('\n')[0]}` };
  }
  let list: unknown;
  if (isNabWindows(doc)) {
    const r = nabWindows(doc, samplesPaths);
    if ('error' in r) return r;
    list = r.list;
  } else list = Array.isArray(doc) ? doc : (doc as { incidents?: unknown })?.incidents;
  if (!Array.isArray(list))
    return { error: 'incidents file must be a list of {start, end, labels?} (or {incidents: [...]}, or NAB windows {file: [[start, end]]})' };
  const out: Incident[] = [];
  for (const [i, item] of list.entries()) {
    const o = item as { start?: unknown; end?: unknown; labels?: unknown; name?: unknown };
    const start = incidentTime(o.start);
    const end = incidentTime(o.end);
    if (start === undefined || end === undefined) return { error: `incident ${i + 1}: start and end must be RFC 3339 times or unix seconds` };
    if (end < start) return { error: `incident ${i + 1}: end is before start` };
    const labels: Record<string, string> = {};
    if (o.labels !== undefined) {
      if (typeof o.labels !== 'object' || o.labels === null) return { error: `incident ${i + 1}: labels must be a mapping` };
      for (const [k, v] of Object.entries(o.labels)) labels[k] = String(v);
    }
    out.push({ startMs: start, endMs: end, labels, ...(typeof o.name === 'string' ? { name: o.name } : {}) });
  }
  return { incidents: out };
}

export function evaluateIncidents(
  incidents: readonly Incident[],
  groups: readonly GroupSignal[],
  fits: readonly FitResult[],
  forMs: number,
  direction: 'upper' | 'lower',
): IncidentReport {
  const sign = direction === 'upper' ? 1 : -1;
  const items: IncidentOutcome[] = [];
  for (const inc of incidents) {
    let detected: number | undefined;
    let group: Labels = [];
    groups.forEach((g, gi) => {
      const fit = fits[gi];
      if (!fit || fit.error) return;
      for (const s of g.series) {
        if (!Object.entries(inc.labels).every(([k, v]) => getLabel(s.labels, k) === v)) continue;
        const threshold =
          fit.method === 'seasonal'
            ? (i: number) => {
                const b = seasonBucket(s.signal.times[i]!, fit.baseline!.season);
                return sign * fit.baseline!.median[b]! + fit.k! * fit.baseline!.mad[b]!;
              }
            : sign * fit.threshold!;
        const values = sign === 1 ? s.signal.values : s.signal.values.map((v) => -v);
        const r = backtest({ times: s.signal.times, values }, threshold, forMs);
        for (const iv of r.intervals) {
          // A firing that began before the incident and is still on counts from the incident's start.
          const firingAt = iv.firingAtMs;
          const stillOn = iv.resolvedAtMs === undefined || iv.resolvedAtMs > inc.startMs;
          if (firingAt <= inc.endMs && stillOn) {
            const at = Math.max(firingAt, inc.startMs);
            if (detected === undefined || at < detected) {
              detected = at;
              group = g.group;
            }
          }
        }
      }
    });
    items.push({ ...inc, group, ...(detected !== undefined ? { detectedAtMs: detected } : {}) });
  }
  const delays = items
    .filter((i) => i.detectedAtMs !== undefined)
    .map((i) => i.detectedAtMs! - i.startMs)
    .sort((a, b) => a - b);
  const medianDelayMs = delays.length === 0 ? undefined : delays[Math.floor((delays.length - 1) / 2)];
  return { total: items.length, detected: delays.length, ...(medianDelayMs !== undefined ? { medianDelayMs } : {}), items };
}
