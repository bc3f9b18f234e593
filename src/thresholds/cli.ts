// The work behind `promforge thresholds`, separated from argument parsing:
// validate options, load samples, evaluate the signal, fit per group (per
// direction), backtest, score incidents, print and emit.

import path from 'node:path';
import { readFile } from 'node:fs/promises';
import type { CliIo } from '../cli/io.js';
import type { Outcome } from '../cli/exit-codes.js';
import { parseDuration } from '../promql/literals.js';
import { parseTestTime } from '../unittest/file.js';
import { loadSamples } from '../samples/index.js';
import type { RecordedSeries } from '../samples/types.js';
import { writeFileAtomic } from '../fs/atomic.js';
import { METHODS, fitGroup } from './fit.js';
import type { FitOptions, FitResult, Method } from './fit.js';
import { evaluateSignal } from './signal.js';
import { evaluateIncidents, parseIncidents } from './incidents.js';
import type { IncidentReport } from './incidents.js';
import { thresholdsJson, thresholdsText, thresholdsYaml } from './report.js';
import type { ThresholdsRun } from './report.js';
import { EMIT_MODES, emitRules } from './emit-rules.js';
import type { EmitMode } from './emit-rules.js';

export interface ThresholdsCliFlags {
  readonly samples: readonly string[];
  readonly signal: string;
  readonly by?: string;
  readonly method: string;
  readonly direction: string;
  readonly for: string;
  readonly budget?: string;
  readonly incidents?: string;
  readonly exclude?: readonly string[];
  readonly format: string;
  readonly emitRules?: string;
  readonly emitMode: string;
  readonly interval: string;
  readonly season: string;
  readonly q?: string;
  readonly k?: string;
  readonly restartMask?: string;
  readonly alertName: string;
  readonly severity: string;
  readonly start?: string;
  readonly end?: string;
  /** Write a self-contained HTML report here. */
  readonly report?: string;
}

export async function runThresholdsCli(f: ThresholdsCliFlags, io: CliIo): Promise<Outcome> {
  const usage = (msg: string): Outcome => {
    io.stderr(`promforge thresholds: ${msg}\n`);
    return { usageErrors: 1, failures: 0 };
  };
  const problem = (msg: string): Outcome => {
    io.stderr(`promforge thresholds: ${msg}\n`);
    return { usageErrors: 0, failures: 1 };
  };
  if (!METHODS.includes(f.method as Method)) return usage(`--method must be one of ${METHODS.join(', ')}; got "${f.method}"`);
  if (!['upper', 'lower', 'both'].includes(f.direction)) return usage(`--direction must be upper, lower or both; got "${f.direction}"`);
  if (!['text', 'json', 'yaml'].includes(f.format)) return usage(`--format must be text, json or yaml; got "${f.format}"`);
  if (!EMIT_MODES.includes(f.emitMode as EmitMode)) return usage(`--emit-mode must be one of ${EMIT_MODES.join(', ')}; got "${f.emitMode}"`);
  if (f.season !== 'day' && f.season !== 'week') return usage(`--season must be day or week; got "${f.season}"`);
  const dur = (name: string, text: string): number | string => {
    const d = parseDuration(text);
    return 'error' in d ? `${name}: ${d.error}` : d.ms;
  };
  const forMs = dur('--for', f.for);
  const stepMs = dur('--interval', f.interval);
  if (typeof forMs === 'string') return usage(forMs);
  if (typeof stepMs === 'string' || stepMs <= 0) return usage(typeof stepMs === 'string' ? stepMs : '--interval must be positive');
  const restartMaskMs = f.restartMask !== undefined ? dur('--restart-mask', f.restartMask) : f.method === 'slope' ? 30 * 60_000 : 0;
  if (typeof restartMaskMs === 'string') return usage(restartMaskMs);
  let budgetPerWeek: number | undefined;
  if (f.budget !== undefined) {
    const m = /^(\d+(?:\.\d+)?)(?:\/w(?:eek)?)?$/.exec(f.budget.trim());
    if (!m) return usage(`--budget must look like 2/week (alerts per week); got "${f.budget}"`);
    budgetPerWeek = Number(m[1]);
  }
  const num = (name: string, text: string | undefined, lo: number, hi: number): number | undefined | string => {
    if (text === undefined) return undefined;
    const v = Number(text);
    return Number.isFinite(v) && v >= lo && v <= hi ? v : `${name} must be a number in [${lo}, ${hi}]; got "${text}"`;
  };
  const qv = num('--q', f.q, 0, 1);
  const kv = num('--k', f.k, 0, 1e6);
  if (typeof qv === 'string') return usage(qv);
  if (typeof kv === 'string') return usage(kv);
  const exclude: { startMs: number; endMs: number }[] = [];
  for (const x of f.exclude ?? []) {
    const [a, b] = x.split('..');
    const s = a === undefined ? undefined : parseTestTime(a);
    const e = b === undefined ? undefined : parseTestTime(b);
    if (s === undefined || e === undefined || e < s) return usage(`--exclude must be START..END (RFC 3339 or unix seconds); got "${x}"`);
    exclude.push({ startMs: s, endMs: e });
  }
  const startMs = f.start === undefined ? undefined : parseTestTime(f.start);
  const endMs = f.end === undefined ? undefined : parseTestTime(f.end);
  if (f.start !== undefined && startMs === undefined) return usage(`--start: cannot parse "${f.start}"`);
  if (f.end !== undefined && endMs === undefined) return usage(`--end: cannot parse "${f.end}"`);

  const series: RecordedSeries[] = [];
  for (const file of f.samples) {
    const loaded = await loadSamples(path.resolve(io.cwd, file));
    if (loaded.diagnostics.some((d) => d.message.startsWith('cannot read'))) return usage(`cannot read samples file ${file}`);
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
    for (const d of errors) io.stderr(`${d.file}:${d.line}:${d.column}: error: ${d.message}\n`);
    if (errors.length > 0) return { usageErrors: 0, failures: errors.length };
    series.push(...loaded.series);
  }
  const by = (f.by ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  const signal = evaluateSignal({
    signal: f.signal,
    series,
    stepMs,
    ...(startMs !== undefined ? { startMs } : {}),
    ...(endMs !== undefined ? { endMs } : {}),
    by,
    exclude,
    restartMaskMs,
  });
  if ('error' in signal) return problem(signal.error);
  const nonFinite = signal.groups.reduce((n, g) => n + g.series.reduce((m, s) => m + s.signal.values.filter((v) => !Number.isNaN(v) && !Number.isFinite(v)).length, 0), 0);
  if (nonFinite > 0) io.stderr(`promforge thresholds: note: ${nonFinite} ±Inf value(s) of the signal were left out of fitting\n`);

  const directions: ('upper' | 'lower')[] = f.direction === 'both' ? ['upper', 'lower'] : [f.direction as 'upper' | 'lower'];
  const runs: ThresholdsRun[] = [];
  let failed = 0;
  for (const direction of directions) {
    const options: FitOptions = {
      method: f.method as Method,
      direction,
      ...(qv !== undefined ? { q: qv } : {}),
      ...(kv !== undefined ? { k: kv } : {}),
      season: f.season,
      forMs,
      stepMs,
      ...(budgetPerWeek !== undefined ? { budgetPerWeek } : {}),
    };
    const results: FitResult[] = signal.groups.map((g) => fitGroup(g, options));
    for (const r of results) {
      if (!r.error) continue;
      failed++;
      const g = r.group.length ? `{${r.group.map((l) => `${l.name}="${l.value}"`).join(', ')}}` : 'all series';
      io.stderr(`promforge thresholds: ${g}: no threshold: ${r.error}\n`);
    }
    let incidents: IncidentReport | undefined;
    if (f.incidents) {
      let text: string;
      try {
        text = await readFile(path.resolve(io.cwd, f.incidents), 'utf8');
      } catch (e) {
        return usage(`cannot read ${f.incidents}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      const parsed = parseIncidents(text);
      if ('error' in parsed) return problem(`${f.incidents}: ${parsed.error}`);
      incidents = evaluateIncidents(parsed.incidents, signal.groups, results, forMs, direction);
    }
    runs.push({ signal: f.signal, by, options, startMs: signal.times[0]!, endMs: signal.times[signal.times.length - 1]!, results, ...(incidents ? { incidents } : {}) });
  }

  if (f.format === 'json') io.stdout(`${JSON.stringify(runs.length === 1 ? thresholdsJson(runs[0]!) : runs.map(thresholdsJson), null, 2)}\n`);
  else if (f.format === 'yaml') io.stdout(runs.map((r) => thresholdsYaml(r)).join('---\n'));
  else io.stdout(runs.map(thresholdsText).join('\n'));
  if (signal.maskedAfterRestart > 0) io.stderr(`note: ${signal.maskedAfterRestart} evaluation(s) within ${restartMaskMs / 60_000}m after a process restart were left out\n`);

  if (f.report) {
    const { writeThresholdsHtmlReport } = await import('../report-html/cli.js');
    const written = await writeThresholdsHtmlReport({ runs, groups: signal.groups }, path.resolve(io.cwd, f.report));
    if ('error' in written) return usage(`cannot write ${f.report}: ${written.error}`);
    io.stderr(`wrote ${f.report}: ${written.charts} chart(s), ${Math.ceil(written.bytes / 1024)} KiB\n`);
  }

  if (f.emitRules) {
    const text = runs
      .map((r, i) =>
        emitRules({
          mode: f.emitMode as EmitMode,
          signal: f.signal,
          expr: signal.expr,
          by,
          options: r.options,
          results: r.results,
          startMs: r.startMs,
          endMs: r.endMs,
          alertName: runs.length > 1 ? `${f.alertName}${r.options.direction === 'upper' ? 'High' : 'Low'}` : f.alertName,
          severity: f.severity,
          restartGuardMs: restartMaskMs,
          recordName: `promforge:${f.alertName.replace(/[^a-zA-Z0-9_]/g, '_').toLowerCase()}${runs.length > 1 ? `_${r.options.direction}` : ''}`,
        }).replace(i > 0 ? /^[\s\S]*?\ngroups:\n/ : /^$/, ''),
      )
      .join('');
    try {
      await writeFileAtomic(path.resolve(io.cwd, f.emitRules), text);
      io.stderr(`wrote ${f.emitRules}\n`);
    } catch (e) {
      return usage(`cannot write ${f.emitRules}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  return { usageErrors: 0, failures: failed };
}
