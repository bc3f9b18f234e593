// Incidents: time ranges (optionally per label set) when an alert SHOULD have
// fired. For the chosen thresholds we report, per incident, when the
// backtested alert first fired inside it (detection delay) or that it missed.

import { parse } from 'yaml';
import type { Labels } from '../model/labels.js';
import { getLabel } from '../model/labels.js';
import { parseTestTime } from '../unittest/file.js';
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

/** Reads `[{start, end, labels?, name?}]` (YAML or JSON; times RFC 3339 or unix seconds). */
export function parseIncidents(text: string): { incidents: Incident[] } | { error: string } {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    return { error: `incidents file is not valid YAML/JSON: ${(e as Error).message.split('\n')[0]}` };
  }
  const list = Array.isArray(doc) ? doc : (doc as { incidents?: unknown })?.incidents;
  if (!Array.isArray(list)) return { error: 'incidents file must be a list of {start, end, labels?} (or {incidents: [...]})' };
  const out: Incident[] = [];
  for (const [i, item] of list.entries()) {
    const o = item as { start?: unknown; end?: unknown; labels?: unknown; name?: unknown };
    const start = parseTestTime(String(o.start ?? ''));
    const end = parseTestTime(String(o.end ?? ''));
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

export function evaluateIncidents(incidents: readonly Incident[], groups: readonly GroupSignal[], fits: readonly FitResult[], forMs: number, direction: 'upper' | 'lower'): IncidentReport {
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
  const delays = items.filter((i) => i.detectedAtMs !== undefined).map((i) => i.detectedAtMs! - i.startMs).sort((a, b) => a - b);
  const medianDelayMs = delays.length === 0 ? undefined : delays[Math.floor((delays.length - 1) / 2)];
  return { total: items.length, detected: delays.length, ...(medianDelayMs !== undefined ? { medianDelayMs } : {}), items };
}
