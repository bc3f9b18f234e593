// The leak fixture (the shipped `fixtures/leak/leak.om.gz` scenario, generated
// in memory) cut to a 12-hour slice around the goroutine leak's onset
// (Thursday 2026-01-08 10:30Z), so that backfilling and serving it takes
// seconds: 06:00Z to 18:00Z. The dry-run over it starts an hour in (windows
// need history) and 30 s off the minute, so no sample sits exactly on a
// range-window boundary (where Prometheus 2.x and 3.x differ). The full week
// runs behind PROMFORGE_LONG=1 (see fetch-mode.test.ts).

import { compilePacks } from '../../src/compile/index.js';
import { generateFixture, leakScenario } from '../../src/fixtures/generate.js';
import { labelsFromRecord } from '../../src/model/labels.js';
import { loadRuleText } from '../../src/rulefmt/load.js';
import { evalGroupsFromRuleFile } from '../../src/rules/from-rulefmt.js';
import type { EvalGroup } from '../../src/rules/types.js';
import type { RecordedSeries } from '../../src/samples/types.js';
import { quoteString } from '../../src/promql/literals.js';
import { REPO, SHIPPED_PACKS } from '../compile/helpers.js';

export const LONG = process.env['PROMFORGE_LONG'] === '1';

export interface Slice {
  readonly series: RecordedSeries[];
  readonly fromMs: number;
  readonly toMs: number;
  /** Evaluation range of the dry-run over the slice. */
  readonly startMs: number;
  readonly endMs: number;
}

/**
 * The slice (or with `full` the whole week). `from`/`to` pick a shorter
 * slice; `shiftMs` moves every sample later, so that none sits on a minute
 * boundary (see pushdown.test.ts).
 */
export function leakSlice(full = LONG, o: { from?: string; to?: string; shiftMs?: number } = {}): Slice {
  const f = generateFixture(leakScenario().leak);
  const fromMs = full ? f.timesMs[0]! : Date.parse(o.from ?? '2026-01-08T06:00:00Z');
  const toMs = full ? f.timesMs[f.timesMs.length - 1]! : Date.parse(o.to ?? '2026-01-08T18:00:00Z');
  const lo = f.timesMs.findIndex((t) => t >= fromMs);
  let hi = f.timesMs.findIndex((t) => t > toMs);
  if (hi < 0) hi = f.timesMs.length;
  const timestamps = f.timesMs.slice(lo, hi).map((t) => t + (o.shiftMs ?? 0));
  const series = f.families.flatMap((fam) =>
    fam.series.map((s) => ({ labels: labelsFromRecord({ __name__: s.metric, ...s.labels }), timestamps, values: s.values.slice(lo, hi) })),
  );
  return { series, fromMs, toMs, startMs: fromMs + 3_600_000 + 30_000, endMs: toMs };
}

/** OpenMetrics text with timestamps, as `promtool tsdb create-blocks-from openmetrics` wants it. */
export function toOpenMetrics(series: readonly RecordedSeries[]): string {
  const out: string[] = [];
  for (const s of series) {
    const name = s.labels.find((l) => l.name === '__name__')?.value ?? '';
    const rest = s.labels.filter((l) => l.name !== '__name__');
    const prefix = `${name}{${rest.map((l) => `${l.name}=${quoteString(l.value)}`).join(',')}} `;
    const lines: string[] = [];
    for (let i = 0; i < s.timestamps.length; i++) lines.push(`${prefix}${s.values[i]} ${s.timestamps[i]! / 1000}`);
    out.push(lines.join('\n'));
  }
  return out.join('\n') + '\n# EOF\n';
}

export interface CompiledPacks {
  readonly groups: EvalGroup[];
  readonly files: { path: string; content: string }[];
}

export function shippedPacks(): CompiledPacks {
  const compiled = compilePacks(SHIPPED_PACKS, { cwd: REPO });
  const files = compiled.files.map((f) => ({ path: f.path, content: f.content }));
  const groups = files.flatMap((f) => evalGroupsFromRuleFile(loadRuleText(f.content, f.path).file!));
  return { groups, files };
}
