// The anomaly-benchmark protocol (../shared/anomaly-benchmark/PROTOCOL.md) as
// data, so `npm run bench -- anomaly` and the tests run the very same command
// lines: one `promforge thresholds` invocation for every file (only the paths
// and the end of the fitting period change), the emitted rules evaluated by
// `promforge dryrun` at the group interval the fit wrote (the data's step),
// each firing onset one detection.

import { nabProbationRows } from './nab.js';

/** The detector: auto baseline per file, envelope of the fitting window, both directions, 6h hysteresis. */
export const BENCHMARK_THRESHOLDS_ARGS: readonly string[] = [
  '--signal',
  'value',
  '--method',
  'auto',
  '--direction',
  'both',
  '--keep-firing-for',
  '6h',
  '--alert-name',
  'Anomaly',
];

/** `thresholds` arguments for one file: fit on the probationary period only. */
export function thresholdsArgs(samplesFile: string, rulesFile: string, rowTimesMs: ArrayLike<number>): string[] {
  const probation = nabProbationRows(rowTimesMs.length);
  const end = new Date(rowTimesMs[Math.max(0, probation - 1)]!).toISOString();
  return ['thresholds', '--samples', samplesFile, ...BENCHMARK_THRESHOLDS_ARGS, '--end', end, '--emit-rules', rulesFile];
}

export function dryrunArgs(samplesFile: string, rulesFile: string): string[] {
  return ['dryrun', rulesFile, '--samples', samplesFile, '--format', 'json'];
}

/** Firing onsets (ms) from `promforge dryrun --format json` output. */
export function onsetsFromDryrunJson(json: unknown): number[] {
  const doc = json as { alerts?: { instances?: { intervals?: { firingAt?: { unix?: number } }[] }[] }[] };
  const out: number[] = [];
  for (const a of doc.alerts ?? [])
    for (const i of a.instances ?? []) for (const iv of i.intervals ?? []) if (iv.firingAt?.unix !== undefined) out.push(iv.firingAt.unix * 1000);
  return out.sort((x, y) => x - y);
}
