// Helpers shared by the dry-run and thresholds report builders: turning
// evaluated series on a grid into chart lines (top N drawn, the rest as one
// min–max envelope), and text for times, durations and label sets.

import type { Labels } from '../model/labels.js';
import type { EnvelopeSpec, LineSpec } from './model.js';
import { downsampleEnvelope, downsampleMinMax, envelopeOf, relSeconds, roundForDisplay } from './downsample.js';

export interface GridSeries {
  readonly name: string;
  readonly values: Float64Array;
}

export interface LinesOptions {
  readonly times: Float64Array;
  /** Series in display order: the first `topN` are drawn, the rest summarised. */
  readonly ordered: readonly GridSeries[];
  readonly topN: number;
  readonly buckets: number;
  readonly baseMs: number;
}

export function chartLines(o: LinesOptions): { lines: LineSpec[]; envelopes: EnvelopeSpec[] } {
  const from = o.times[0] ?? 0;
  const to = o.times[o.times.length - 1] ?? from;
  const lines = o.ordered.slice(0, o.topN).map((s) => {
    const d = downsampleMinMax(o.times, s.values, from, to, o.buckets);
    return { name: s.name, t: d.t.map((t) => relSeconds(t, o.baseMs)), v: d.v.map((v) => roundForDisplay(v)) };
  });
  const rest = o.ordered.slice(o.topN);
  const envelopes: EnvelopeSpec[] = [];
  if (rest.length > 0) {
    const env = envelopeOf(
      rest.map((s) => s.values),
      o.times.length,
    );
    const d = downsampleEnvelope(o.times, env.lo, env.hi, from, to, o.buckets);
    envelopes.push({
      name: `${rest.length} other series (min–max)`,
      kind: 'others',
      t: d.t.map((t) => relSeconds(t, o.baseMs)),
      lo: d.lo.map((v) => roundForDisplay(v)),
      hi: d.hi.map((v) => roundForDisplay(v)),
    });
  }
  return { lines, envelopes };
}

/** The largest finite value of a series (−Infinity when none), for ranking. */
export function peak(values: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!) && values[i]! > m) m = values[i]!;
  return m;
}

// Shared with the dry-run text report, so both print times and durations alike.
export { isoTime, formatDuration as durationText } from '../dryrun/format.js';

export function labelsText(labels: Labels | Readonly<Record<string, string>>, skip: readonly string[] = []): string {
  const pairs: [string, string][] = Array.isArray(labels)
    ? (labels as Labels).map((l) => [l.name, l.value])
    : Object.entries(labels as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const shown = pairs.filter(([k]) => !skip.includes(k));
  return `{${shown.map(([k, v]) => `${k}="${v}"`).join(', ')}}`;
}

/** Shortest readable number text for labels and tables. */
export function numberText(v: number): string {
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : v < 0 ? '-Inf' : 'NaN';
  return String(Number(v.toPrecision(6)));
}
