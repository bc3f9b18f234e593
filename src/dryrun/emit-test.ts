// `dryrun --emit-test`: a promtool-format unit test that pins what the
// dry-run observed — snapshot tests for alerts. Input series are the samples
// on the evaluation grid (only series some rule selects), in compact
// notation; alert checks are placed where each alert started firing and
// where nothing fired. Expected alerts are filled in by running the test
// itself, so labels and annotations are exactly what rules produce.

import { stringify } from 'yaml';
import type { RecordedSeries } from '../samples/types.js';
import type { EvalGroup } from '../rules/types.js';
import { allMatchers, walk } from '../promql/ast.js';
import type { LabelMatcher } from '../promql/ast.js';
import { matcherTest } from '../engine/storage.js';
import { getLabel, labelsToSeriesString } from '../model/labels.js';
import { formatDuration } from '../promql/literals.js';
import { isStaleNaN } from '../model/stale.js';
import type { DryrunReport } from './run.js';

export interface EmitOptions {
  readonly ruleFiles: readonly string[];
  readonly groups: readonly EvalGroup[];
  readonly series: readonly RecordedSeries[];
  readonly intervalMs: number;
  /** How many alert checks at most (default 50). */
  readonly maxChecks?: number;
}

export interface EmittedTest {
  readonly startMs: number;
  readonly yaml: (expected: ReadonlyMap<string, readonly { labels: Record<string, string>; annotations: Record<string, string> }[]>) => string;
  readonly checks: readonly { readonly evalTimeMs: number; readonly alertname: string }[];
}

function selectorsOf(groups: readonly EvalGroup[]): LabelMatcher[][] {
  const out: LabelMatcher[][] = [];
  for (const g of groups) for (const r of g.rules) walk(r.expr, (n) => void (n.kind === 'VectorSelector' && out.push(allMatchers(n))));
  return out;
}

/** Values on the grid start + k·interval, compressed with `AxN` and `A+BxN` runs. */
export function gridValues(s: RecordedSeries, startMs: number, endMs: number, intervalMs: number): string {
  const n = Math.floor((endMs - startMs) / intervalMs) + 1;
  const vals: (number | undefined)[] = new Array(n).fill(undefined);
  for (let i = 0; i < s.timestamps.length; i++) {
    const t = s.timestamps[i]!;
    if (t < startMs || t > endMs) continue;
    // The last sample at or before a grid point within one interval stands for it.
    const k = Math.ceil((t - startMs) / intervalMs);
    if (k < n) vals[k] = isStaleNaN(s.values[i]!) ? undefined : s.values[i]!;
  }
  const out: string[] = [];
  for (let i = 0; i < n;) {
    const v = vals[i];
    if (v === undefined) {
      let j = i;
      while (j < n && vals[j] === undefined) j++;
      out.push(j - i === 1 ? '_' : `_x${j - i}`);
      i = j;
      continue;
    }
    const next = vals[i + 1];
    const step = next === undefined ? 0 : next - v;
    let j = i + 1;
    while (j < n && vals[j] !== undefined && vals[j]! - vals[j - 1]! === step) j++;
    const runs = j - i - 1;
    const num = (x: number): string => (Number.isNaN(x) ? 'NaN' : x === Infinity ? 'Inf' : x === -Infinity ? '-Inf' : String(x));
    if (runs === 0 || (runs === 1 && step !== 0)) {
      // Short or irregular: plain values read best.
      out.push(num(v));
      if (runs === 1) out.push(num(vals[i + 1]!));
    } else if (runs === 1) out.push(num(v), num(v));
    else if (step === 0) out.push(`${num(v)}x${runs}`);
    else out.push(`${num(v)}${step > 0 ? '+' : '-'}${num(Math.abs(step))}x${runs}`);
    i = j;
  }
  return out.join(' ');
}

export function planUnitTest(report: DryrunReport, o: EmitOptions): EmittedTest {
  const selectors = selectorsOf(o.groups);
  const tests = selectors.map((ms) => ms.map((m) => ({ m, test: matcherTest(m) })));
  const wanted = o.series.filter((s) => tests.some((ms) => ms.every(({ m, test }) => test(getLabel(s.labels, m.name) ?? ''))));
  const inputSeries = wanted.map((s) => ({ series: labelsToSeriesString(s.labels), values: gridValues(s, report.startMs, report.endMs, o.intervalMs) }));

  // Check times: where each alert first fired, one interval before that, and the start.
  const maxChecks = o.maxChecks ?? 50;
  const checks = new Map<string, { evalTimeMs: number; alertname: string }>();
  const add = (t: number, alertname: string): void => {
    const rel = Math.max(0, Math.round((t - report.startMs) / o.intervalMs) * o.intervalMs);
    if (checks.size < maxChecks) checks.set(`${rel}\u0000${alertname}`, { evalTimeMs: rel, alertname });
  };
  for (const a of report.alerts) {
    add(report.startMs, a.name);
    const firings = a.instances.flatMap((i) => i.intervals.map((iv) => iv.firingAtMs).filter((t): t is number => t !== undefined)).sort((x, y) => x - y);
    for (const t of firings.slice(0, 5)) {
      add(t, a.name);
      add(t - o.intervalMs, a.name);
    }
  }
  const sortedChecks = [...checks.values()].sort((x, y) => x.evalTimeMs - y.evalTimeMs || x.alertname.localeCompare(y.alertname));
  const yaml = (expected: ReadonlyMap<string, readonly { labels: Record<string, string>; annotations: Record<string, string> }[]>): string => {
    const doc = {
      rule_files: [...o.ruleFiles],
      evaluation_interval: formatDuration(o.intervalMs),
      tests: [
        {
          name: 'dryrun snapshot',
          interval: formatDuration(o.intervalMs),
          // promtool before 3.x has no start_timestamp: leave it out when it is the epoch.
          ...(report.startMs !== 0 ? { start_timestamp: new Date(report.startMs).toISOString() } : {}),
          input_series: inputSeries,
          alert_rule_test: sortedChecks.map((c) => ({
            eval_time: formatDuration(c.evalTimeMs),
            alertname: c.alertname,
            exp_alerts: (expected.get(`${c.evalTimeMs}\u0000${c.alertname}`) ?? []).map((a) => ({
              exp_labels: Object.fromEntries(Object.entries(a.labels).filter(([k]) => k !== 'alertname')),
              ...(Object.keys(a.annotations).length > 0 ? { exp_annotations: a.annotations } : {}),
            })),
          })),
        },
      ],
    };
    return `# Generated by promforge dryrun --emit-test: a snapshot of the alerts observed on recorded samples.\n${stringify(doc, { lineWidth: 0 })}`;
  };
  return { startMs: report.startMs, yaml, checks: sortedChecks };
}
