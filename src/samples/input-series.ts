// promtool rule unit tests' `input_series`: entries of
// `{series: 'name{…}', values: '1+1x10 _ stale'}` with the test group's
// `interval`. promtool turns them into a `load <interval>` block, so the
// notation and its rules are exactly the series notation's: value k is at
// k × interval from 0, and when two entries share a label set the later
// one replaces the earlier.

import type { Diagnostic } from '../diagnostics.js';
import type { Labels } from '../model/labels.js';
import { labelsKey } from '../model/labels.js';
import { parseSeriesLabels, parseValueSequence, type SequenceValue } from './series-notation.js';
import { type RecordedSeries, SeriesAccumulator } from './types.js';

export interface InputSeriesEntry {
  readonly series: string;
  readonly values: string;
}

/** A problem in one entry; `pos` is relative to that entry's `series` or `values` string. */
export interface InputSeriesDiagnostic extends Diagnostic {
  readonly index: number;
  readonly field: 'series' | 'values';
}

/** Adds an expanded value sequence to `acc`: value k at startMs + k × stepMs, gaps skipped. */
/** `startOffsets[k]`: the k-th sample's start timestamp relative to it (`.test` `@st` lines). */
export function addSequence(
  acc: SeriesAccumulator,
  labels: Labels,
  values: readonly SequenceValue[],
  stepMs: number,
  startMs = 0,
  startOffsets?: readonly (number | undefined)[],
): void {
  acc.touch(labels);
  values.forEach((v, k) => {
    const t = startMs + k * stepMs;
    const offset = startOffsets?.[k];
    const st = offset === undefined ? 0 : t + offset;
    switch (v.kind) {
      case 'omitted':
        return;
      case 'float':
        acc.addFloat(labels, t, v.value, st);
        return;
      case 'histogram':
        acc.addHistogram(labels, t, v.histogram, st);
        return;
    }
  });
}

export function loadInputSeries(entries: readonly InputSeriesEntry[], intervalMs: number): { series: RecordedSeries[]; diagnostics: InputSeriesDiagnostic[] } {
  const diagnostics: InputSeriesDiagnostic[] = [];
  const parsed = new Map<string, { labels: Labels; values: SequenceValue[] }>();
  entries.forEach((entry, index) => {
    const series = entry.series.trim();
    const lead = entry.series.length - entry.series.trimStart().length;
    const lab = parseSeriesLabels(series);
    if (lab.labels === undefined || lab.end !== series.length) {
      const diags: Diagnostic[] =
        lab.diagnostics.length > 0
          ? [...lab.diagnostics]
          : [
              {
                code: 'samples/syntax',
                severity: 'error',
                message: `unexpected text after the label set: ${JSON.stringify(series.slice(lab.end))}`,
                pos: { start: lab.end, end: series.length },
              },
            ];
      for (const d of diags) diagnostics.push({ ...d, pos: { start: d.pos.start + lead, end: d.pos.end + lead }, index, field: 'series' });
      return;
    }
    const vals = parseValueSequence(entry.values);
    if (vals.values === undefined) {
      for (const d of vals.diagnostics) diagnostics.push({ ...d, index, field: 'values' });
      return;
    }
    const key = labelsKey(lab.labels);
    parsed.delete(key);
    parsed.set(key, { labels: lab.labels, values: vals.values });
  });
  const acc = new SeriesAccumulator(false);
  for (const { labels, values } of parsed.values()) addSequence(acc, labels, values, intervalMs);
  return { series: acc.finish(), diagnostics };
}
