// The upgrade report for dry runs (`promforge dryrun --compare-versions A,B`):
// the same rules over the same samples under two Prometheus versions, and
// every alert instance whose pending/firing/resolved intervals differ, with
// the reasons src/upgrade/diagnose.ts finds (a sample on a window's edge at
// the evaluation where the two runs part, a regex meeting a newline, ...).

import type { Expr } from '../promql/ast.js';
import type { RecordedSeries } from '../samples/types.js';
import type { EvalGroup } from '../rules/types.js';
import { type Reason, diagnose, withRecordingDependencies } from '../upgrade/diagnose.js';
import { type PrometheusVersion, formatVersion } from '../version/version.js';
import { type AlertInterval, type DryrunOptions, type DryrunReport, runDryrun } from './run.js';

export interface AlertIntervalDifference {
  readonly group: string;
  readonly alert: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The instance's intervals under versions[0] and versions[1] (empty: it never became pending). */
  readonly intervals: readonly [readonly AlertInterval[], readonly AlertInterval[]];
  /** The first evaluation time (ms) at which the two runs disagree about the instance. */
  readonly firstDifferenceMs: number;
  readonly reasons: readonly Reason[];
}

export interface DryrunComparison {
  readonly versions: readonly [string, string];
  readonly startMs: number;
  readonly endMs: number;
  readonly differences: readonly AlertIntervalDifference[];
}

export interface DryrunComparisonOptions extends Omit<DryrunOptions, 'groups' | 'prometheusVersion' | 'onProgress'> {
  readonly versions: readonly [PrometheusVersion, PrometheusVersion];
  /** The rule groups as each version loads them (a version may parse rules differently). */
  readonly groups: readonly [readonly EvalGroup[], readonly EvalGroup[]];
}

/** Dry-runs under both versions and lists the alert instances whose intervals differ. */
export function compareDryrunVersions(o: DryrunComparisonOptions): DryrunComparison | { error: string } {
  const reports: DryrunReport[] = [];
  for (const [i, v] of o.versions.entries()) {
    const r = runDryrun({ ...o, groups: o.groups[i]!, prometheusVersion: v });
    if ('error' in r) return r;
    reports.push(r);
  }
  const [a, b] = reports as [DryrunReport, DryrunReport];
  const instances = (r: DryrunReport): Map<string, { group: string; alert: string; labels: Record<string, string>; intervals: AlertInterval[] }> => {
    const out = new Map<string, { group: string; alert: string; labels: Record<string, string>; intervals: AlertInterval[] }>();
    for (const rule of r.alerts) {
      for (const inst of rule.instances)
        out.set(JSON.stringify([rule.group, rule.name, inst.labels]), { group: rule.group, alert: rule.name, labels: inst.labels, intervals: inst.intervals });
    }
    return out;
  };
  const ia = instances(a);
  const ib = instances(b);
  const differences: AlertIntervalDifference[] = [];
  for (const key of [...new Set([...ia.keys(), ...ib.keys()])].sort()) {
    const x = ia.get(key);
    const y = ib.get(key);
    const inst = (x ?? y)!;
    const xi = x?.intervals ?? [];
    const yi = y?.intervals ?? [];
    if (JSON.stringify(xi) === JSON.stringify(yi)) continue;
    const boundaries = (ivs: readonly AlertInterval[]): number[] =>
      ivs.flatMap((iv) => [iv.pendingAtMs, iv.firingAtMs, iv.resolvedAtMs].filter((t): t is number => t !== undefined));
    const bx = new Set(boundaries(xi));
    const by = new Set(boundaries(yi));
    const differing = [...bx]
      .filter((t) => !by.has(t))
      .concat([...by].filter((t) => !bx.has(t)))
      .sort((p, q) => p - q);
    const first = differing[0] ?? a.startMs;
    const last = differing[differing.length - 1] ?? first;
    differences.push({
      group: inst.group,
      alert: inst.alert,
      labels: inst.labels,
      intervals: [xi, yi],
      firstDifferenceMs: first,
      reasons: reasonsFor(o, inst.group, inst.alert, first, last),
    });
  }
  return { versions: [formatVersion(o.versions[0]), formatVersion(o.versions[1])], startMs: a.startMs, endMs: a.endMs, differences };
}

/** At most this many evaluations are searched for an edge sample per instance. */
const MAX_DIAGNOSED_EVALUATIONS = 500;

function reasonsFor(o: DryrunComparisonOptions, group: string, alert: string, firstMs: number, lastMs: number): Reason[] {
  const groups = o.groups[0].length > 0 ? o.groups[0] : o.groups[1];
  const g = groups.find((x) => x.name === group);
  const rule = g?.rules.find((r) => r.kind === 'alerting' && r.name === alert);
  const recording = new Map<string, Expr>();
  for (const x of groups) for (const r of x.rules) if (r.kind === 'recording') recording.set(r.name, r.expr);
  const intervalMs = g?.intervalMs ?? o.defaultIntervalMs ?? 60_000;
  const startMs = o.startMs ?? firstMs;
  // The evaluation where the runs part is at or just before the first differing boundary.
  const times: number[] = [];
  for (let t = Math.max(startMs, firstMs - intervalMs); t <= lastMs && times.length < MAX_DIAGNOSED_EVALUATIONS; t += intervalMs) times.push(t);
  return diagnose({
    exprs: rule ? withRecordingDependencies([rule.expr], recording) : [],
    evalTimesMs: times,
    series: o.series.map((s: RecordedSeries) => ({ labels: s.labels, times: s.timestamps })),
    versions: o.versions,
    defaultSubqueryStepMs: intervalMs,
    showTime: (ms) => new Date(ms).toISOString().replace('.000Z', 'Z'),
  });
}

function intervalsText(ivs: readonly AlertInterval[]): string {
  if (ivs.length === 0) return 'never pending';
  const t = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
  return ivs
    .map(
      (iv) =>
        `pending ${t(iv.pendingAtMs)}${iv.firingAtMs !== undefined ? `, firing ${t(iv.firingAtMs)}` : ''}${iv.resolvedAtMs !== undefined ? `, resolved ${t(iv.resolvedAtMs)}` : ''}`,
    )
    .join('; ');
}

export function dryrunComparisonText(c: DryrunComparison): string {
  const [a, b] = c.versions;
  const t = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
  const lines = [
    `Prometheus ${a} vs ${b}, dry run ${t(c.startMs)} … ${t(c.endMs)}: ${c.differences.length === 0 ? 'no alert differs' : `${c.differences.length} alert instance(s) differ`}`,
  ];
  for (const d of c.differences) {
    const labels = Object.entries(d.labels)
      .filter(([k]) => k !== 'alertname')
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(', ');
    lines.push('', `group ${d.group}, alert ${d.alert}{${labels}}, first differs at ${t(d.firstDifferenceMs)}`);
    lines.push(`  under ${a}: ${intervalsText(d.intervals[0])}`, `  under ${b}: ${intervalsText(d.intervals[1])}`);
    for (const r of d.reasons) lines.push(`    - ${r.message} [${r.difference}]`);
  }
  return `${lines.join('\n')}\n`;
}
