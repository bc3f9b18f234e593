// Dry-run reports for people (a timeline per alert) and for machines (JSON
// with RFC 3339 and unix-second timestamps, schema in schemas/dryrun.schema.json).

import type { DryrunReport } from './run.js';

/** RFC 3339 without milliseconds when they are zero. */
export const isoTime = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
const iso = isoTime;
const unix = (ms: number): number => ms / 1000;

/** A duration for people: the two largest of d/h/m/s (`1d23h`, `25m`). */
export function formatDuration(ms: number): string {
  if (ms <= 0) return '0s';
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  for (const [unit, size] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.slice(0, 2).join('');
}

function labelText(labels: Record<string, string>): string {
  const keys = Object.keys(labels)
    .filter((k) => k !== 'alertname')
    .sort();
  return `{${keys.map((k) => `${k}="${labels[k]}"`).join(', ')}}`;
}

/** A one-line picture of when an instance fired over the whole range. */
export function timelineBar(
  report: DryrunReport,
  intervals: readonly { pendingAtMs: number; firingAtMs?: number; resolvedAtMs?: number }[],
  width = 48,
  unicode = true,
): string {
  const span = Math.max(1, report.endMs - report.startMs);
  const cells = new Array<number>(width).fill(0);
  const mark = (from: number, to: number, level: number): void => {
    const a = Math.max(0, Math.floor(((from - report.startMs) / span) * width));
    const b = Math.min(width - 1, Math.floor(((to - report.startMs) / span) * width));
    for (let i = a; i <= b; i++) cells[i] = Math.max(cells[i]!, level);
  };
  for (const iv of intervals) {
    const end = iv.resolvedAtMs ?? report.endMs;
    mark(iv.pendingAtMs, iv.firingAtMs ?? end, 1);
    if (iv.firingAtMs !== undefined) mark(iv.firingAtMs, end, 2);
  }
  const glyphs = unicode ? ['·', '░', '█'] : ['.', 'p', '#'];
  return cells.map((c) => glyphs[c]!).join('');
}

export function dryrunText(r: DryrunReport, options: { unicode?: boolean } = {}): string {
  const out: string[] = [];
  out.push(`Dry run ${iso(r.startMs)} → ${iso(r.endMs)}: ${r.evaluations} group evaluations`);
  out.push('');
  for (const a of r.alerts) {
    const firing = a.instances.reduce((n, i) => n + i.firings, 0);
    const instancesFiring = a.instances.filter((i) => i.firings > 0).length;
    out.push(
      `alert ${a.name} (group ${a.group}${a.forMs ? `, for ${formatDuration(a.forMs)}` : ''}): ${firing} firing(s) on ${instancesFiring} of ${a.instances.length} instance(s)`,
    );
    for (const inst of a.instances) {
      out.push(
        `  ${labelText(inst.labels)}  ${timelineBar(r, inst.intervals, 48, options.unicode ?? true)}  fired ${inst.firings}×, ${formatDuration(inst.firingMs)} firing${inst.flaps ? `, ${inst.flaps} flap(s)` : ''}`,
      );
      for (const iv of inst.intervals) {
        const parts = [`pending ${iso(iv.pendingAtMs)}`];
        if (iv.firingAtMs !== undefined) parts.push(`firing ${iso(iv.firingAtMs)}`);
        parts.push(iv.resolvedAtMs !== undefined ? `resolved ${iso(iv.resolvedAtMs)}` : 'still active at the end');
        out.push(`      ${parts.join(' → ')}`);
      }
    }
    out.push('');
  }
  for (const rec of r.recordings) out.push(`record ${rec.name} (group ${rec.group}): ${rec.seriesProduced} series, ${rec.samplesWritten} samples written`);
  if (r.recordings.length > 0) out.push('');
  for (const s of r.silentRules) out.push(`warning: ${s.kind} rule ${s.name} (group ${s.group}) never produced anything: check its selectors`);
  for (const e of r.errors.slice(0, 20)) out.push(`error: rule ${e.rule} (group ${e.group}) at ${iso(e.timeMs)}: ${e.message}`);
  if (r.errors.length > 20) out.push(`error: ... and ${r.errors.length - 20} more evaluation errors`);
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

export function dryrunJson(r: DryrunReport): unknown {
  const t = (ms: number | undefined) => (ms === undefined ? null : { rfc3339: iso(ms), unix: unix(ms) });
  return {
    start: t(r.startMs),
    end: t(r.endMs),
    evaluations: r.evaluations,
    alerts: r.alerts.map((a) => ({
      name: a.name,
      group: a.group,
      forSeconds: a.forMs / 1000,
      instances: a.instances.map((i) => ({
        labels: i.labels,
        firings: i.firings,
        firingSeconds: i.firingMs / 1000,
        flaps: i.flaps,
        intervals: i.intervals.map((iv) => ({ pendingAt: t(iv.pendingAtMs), firingAt: t(iv.firingAtMs), resolvedAt: t(iv.resolvedAtMs) })),
      })),
    })),
    recordings: r.recordings,
    silentRules: r.silentRules,
    errors: r.errors.map((e) => ({ group: e.group, rule: e.rule, at: t(e.timeMs), message: e.message })),
  };
}
