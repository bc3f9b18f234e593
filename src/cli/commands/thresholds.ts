// `promforge thresholds`: fit alert thresholds from recorded samples and
// choose them by backtest for an alert budget. Flag parsing, file reading and
// printing only; the work is fitThresholds (src/thresholds/run.ts).
import type { CommandModule } from '../program.js';
import type { CliIo } from '../io.js';
import { exitCode } from '../exit-codes.js';
import type { Outcome } from '../exit-codes.js';
import { addPrometheusVersionOption, commandVersion } from '../prometheus-version.js';

interface ThresholdFlags {
  samples?: string[];
  prometheus?: string;
  signal: string;
  by?: string;
  method: string;
  direction: string;
  for: string;
  keepFiringFor?: string;
  budget?: string;
  incidents?: string;
  exclude?: string[];
  format: string;
  emitRules?: string;
  emitMode: string;
  interval?: string;
  lookbackDelta?: string;
  season: string;
  q?: string;
  k?: string;
  margin?: string;
  restartMask?: string;
  alertName: string;
  severity: string;
  start?: string;
  end?: string;
  report?: string;
  prometheusVersion?: string;
}

const collect = (v: string, acc: string[] = []): string[] => [...acc, v];

export const thresholdsCommand: CommandModule = {
  register(program, ctx, setExit) {
    addPrometheusVersionOption(
      program
        .command('thresholds')
        .description('fit alert thresholds from recorded samples, chosen by backtest for an alert budget')
        .option('--samples <file>', 'recorded samples (repeatable): OpenMetrics (.om, .om.gz), Prometheus API JSON, .test load blocks, CSV', collect)
        .option('--prometheus <url|name>', 'read the history the signal needs from a Prometheus-compatible server instead (needs --start; docs/remote.md)')
        .requiredOption('--signal <promql>', 'the PromQL signal the alert compares, e.g. deriv(go_goroutines[30m])')
        .option('--by <labels>', 'one threshold per value of these labels (comma-separated)')
        .option('--method <method>', 'auto, envelope, quantile, sigma, mad, seasonal or slope', 'quantile')
        .option('--direction <direction>', 'upper, lower or both', 'upper')
        .option('--for <duration>', "the alert's for duration", '0s')
        .option('--keep-firing-for <duration>', 'hysteresis of emitted alerts: keep firing this long after the condition clears')
        .option('--budget <n/week>', 'choose the lowest threshold that would have fired at most N times per week')
        .option('--incidents <file>', 'when the alert should fire: YAML/JSON list of {start, end, labels?}, or a NAB windows.json')
        .option('--exclude <start..end>', 'leave a known-bad window out of fitting (repeatable)', collect)
        .option('--format <format>', 'text, json or yaml (the thresholds table rule packs read)', 'text')
        .option('--emit-rules <file>', 'write a Prometheus rule file with the fitted thresholds')
        .option('--emit-mode <mode>', 'alert (baked thresholds), join (threshold series + group_left) or band (live adaptive band)', 'alert')
        .option('--interval <duration>', "evaluation interval of the signal (default: the data's sample interval, at least 1m)")
        .option('--lookback-delta <duration>', 'how far back instant selectors look (default: 2 × the sample interval when over 5m)')
        .option('--season <season>', 'seasonal baseline: day or week', 'day')
        .option('--q <quantile>', 'quantile for the quantile method without a budget (default 0.99)')
        .option('--k <multiplier>', 'multiplier for sigma/mad/seasonal without a budget (default 3)')
        .option('--margin <share>', 'envelope/auto: widen the fitted [min, max] by this share of its width (default 0.2)')
        .option('--restart-mask <duration>', "ignore this long after a process restart (default: the signal's lookback + the warm-up seen in the data)")
        .option('--alert-name <name>', 'name of emitted alerts', 'FittedThreshold')
        .option('--severity <severity>', 'severity label of emitted alerts', 'warning')
        .option('--start <time>', 'start of the history to use')
        .option('--end <time>', 'end of the history to use (the end of the fitting window)')
        .option('--report <file>', 'write a self-contained HTML report: signal, threshold, budget curve and incidents per group'),
    ).action(async (flags: ThresholdFlags) => {
      setExit(exitCode(await runThresholdsCommand(flags, ctx.io)));
    });
  },
};

const DIRECTIONS = ['upper', 'lower', 'both'] as const;
const FORMATS = ['text', 'json', 'yaml'] as const;

async function runThresholdsCommand(f: ThresholdFlags, io: CliIo): Promise<Outcome> {
  const [{ parseDuration }, { parseTestTime }, fit, { fitThresholds }, { EMIT_MODES, emitRules }, report, { parseIncidents }, pathMod] = await Promise.all([
    import('../../promql/literals.js'),
    import('../../unittest/file.js'),
    import('../../thresholds/fit.js'),
    import('../../thresholds/run.js'),
    import('../../thresholds/emit-rules.js'),
    import('../../thresholds/report.js'),
    import('../../thresholds/incidents.js'),
    import('node:path'),
  ]);
  const path = pathMod.default;
  const say = (msg: string): void => io.stderr(`promforge thresholds: ${msg}\n`);
  const usage = (msg: string): Outcome => (say(msg), { usageErrors: 1, failures: 0 });
  const problem = (msg: string): Outcome => (say(msg), { usageErrors: 0, failures: 1 });

  const methods = ['auto', ...fit.METHODS];
  if (!methods.includes(f.method)) return usage(`--method must be one of ${methods.join(', ')}; got "${f.method}"`);
  if (!(DIRECTIONS as readonly string[]).includes(f.direction)) return usage(`--direction must be upper, lower or both; got "${f.direction}"`);
  if (!(FORMATS as readonly string[]).includes(f.format)) return usage(`--format must be text, json or yaml; got "${f.format}"`);
  if (!(EMIT_MODES as readonly string[]).includes(f.emitMode)) return usage(`--emit-mode must be one of ${EMIT_MODES.join(', ')}; got "${f.emitMode}"`);
  if (f.method === 'auto' && f.emitMode !== 'alert')
    return usage('--method auto fits each group on its own baseline, which only --emit-mode alert can express');
  if (f.season !== 'day' && f.season !== 'week') return usage(`--season must be day or week; got "${f.season}"`);
  const dur = (name: string, text: string | undefined): number | undefined | string => {
    if (text === undefined) return undefined;
    const d = parseDuration(text);
    return 'error' in d ? `${name}: ${d.error}` : d.ms;
  };
  const durations = {
    forMs: dur('--for', f.for),
    keepMs: dur('--keep-firing-for', f.keepFiringFor),
    stepMs: dur('--interval', f.interval),
    lookbackMs: dur('--lookback-delta', f.lookbackDelta),
    restartMaskMs: dur('--restart-mask', f.restartMask),
  };
  for (const d of Object.values(durations)) if (typeof d === 'string') return usage(d);
  const { forMs, keepMs, stepMs, lookbackMs, restartMaskMs } = durations as Record<keyof typeof durations, number | undefined>;
  if (stepMs === 0) return usage('--interval must be positive');
  if (lookbackMs === 0) return usage('--lookback-delta must be positive');
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
  const numbers = { qv: num('--q', f.q, 0, 1), kv: num('--k', f.k, 0, 1e6), margin: num('--margin', f.margin, 0, 1e6) };
  for (const v of Object.values(numbers)) if (typeof v === 'string') return usage(v);
  const { qv, kv, margin } = numbers as Record<keyof typeof numbers, number | undefined>;
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
  const resolved = await commandVersion(io.cwd, f.prometheusVersion);
  if (!resolved.ok) return (resolved.errors.forEach(say), { usageErrors: resolved.errors.length, failures: 0 });

  if ((f.samples === undefined) === (f.prometheus === undefined)) return usage('give --samples or --prometheus (one of them)');
  if (f.prometheus !== undefined && startMs === undefined) return usage('--start is required with --prometheus');
  const series = [];
  if (f.prometheus !== undefined) {
    const { seriesForExprFromServer } = await import('../server.js');
    const got = await seriesForExprFromServer(io, { server: f.prometheus, expr: f.signal, startMs: startMs!, endMs: endMs ?? Date.now() }, 'thresholds');
    if ('error' in got) return usage(got.error);
    series.push(...got.series);
  }
  const { loadSampleFiles } = await import('../sample-files.js');
  const loaded = await loadSampleFiles(io, f.samples ?? [], { errorsOnly: true });
  if (loaded.usageErrors > 0 || loaded.failures > 0) return loaded;
  series.push(...loaded.series);
  let incidents;
  if (f.incidents) {
    const { readInputTextSync, cannotRead } = await import('../../fs/read.js');
    const read = readInputTextSync(path.resolve(io.cwd, f.incidents));
    if (!read.ok) return usage(cannotRead(f.incidents, read.error));
    const text = read.value;
    const parsed = parseIncidents(
      text,
      (f.samples ?? []).map((s) => path.resolve(io.cwd, s)),
    );
    if ('error' in parsed) return problem(`${f.incidents}: ${parsed.error}`);
    incidents = parsed.incidents;
  }

  const by = (f.by ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const directions = f.direction === 'both' ? (['upper', 'lower'] as const) : [f.direction as 'upper' | 'lower'];
  const fitting = io.progress?.('fitting thresholds');
  const result = fitThresholds({
    ...(fitting ? { onProgress: (done: number, total: number) => fitting.update(done, total) } : {}),
    prometheusVersion: resolved.version,
    series,
    signal: f.signal,
    by,
    method: f.method as 'auto',
    directions,
    forMs: forMs ?? 0,
    ...(stepMs !== undefined ? { stepMs } : {}),
    ...(lookbackMs !== undefined ? { lookbackMs } : {}),
    ...(budgetPerWeek !== undefined ? { budgetPerWeek } : {}),
    ...(qv !== undefined ? { q: qv } : {}),
    ...(kv !== undefined ? { k: kv } : {}),
    ...(margin !== undefined ? { margin } : {}),
    season: f.season,
    exclude,
    ...(restartMaskMs !== undefined ? { restartMaskMs } : {}),
    ...(startMs !== undefined ? { startMs } : {}),
    ...(endMs !== undefined ? { endMs } : {}),
    ...(incidents ? { incidents } : {}),
  });
  fitting?.end();
  if ('error' in result) return problem(result.error);
  const { runs } = result;
  for (const n of result.notes) io.stderr(`note: ${n}\n`);
  for (const fail of result.failures) say(fail);

  if (f.format === 'json') io.stdout(`${JSON.stringify(runs.length === 1 ? report.thresholdsJson(runs[0]!) : runs.map(report.thresholdsJson), null, 2)}\n`);
  else if (f.format === 'yaml') io.stdout(runs.map((r) => report.thresholdsYaml(r)).join('---\n'));
  else io.stdout(runs.map(report.thresholdsText).join('\n'));

  if (f.report) {
    const { writeThresholdsHtmlReport } = await import('../../report-html/cli.js');
    const written = await writeThresholdsHtmlReport({ runs, groups: result.groups }, path.resolve(io.cwd, f.report));
    if ('error' in written) return usage(`cannot write ${f.report}: ${written.error}`);
    io.stderr(`wrote ${f.report}: ${written.charts} chart(s), ${Math.ceil(written.bytes / 1024)} KiB\n`);
  }
  const fitted = runs.some((r) => r.results.some((x) => !x.error));
  if (f.emitRules) {
    const text = runs
      .map((r, i) =>
        emitRules({
          mode: f.emitMode as 'alert',
          signal: f.signal,
          expr: result.expr,
          residualExprs: result.residualExprs,
          by,
          options: r.options,
          results: r.results,
          startMs: r.startMs,
          endMs: r.endMs,
          alertName: runs.length > 1 ? `${f.alertName}${r.options.direction === 'upper' ? 'High' : 'Low'}` : f.alertName,
          severity: f.severity,
          restartGuardMs: result.restartMaskMs,
          ...(keepMs ? { keepFiringForMs: keepMs } : {}),
          intervalMs: result.stepMs,
          recordName: `promforge:${f.alertName.replace(/[^a-zA-Z0-9_]/g, '_').toLowerCase()}${runs.length > 1 ? `_${r.options.direction}` : ''}`,
        }).replace(i > 0 ? /^[\s\S]*?\ngroups:\n/ : /^$/, ''),
      )
      .join('');
    // Check what we emit as Prometheus would load it: a rule file that does
    // not load is never written.
    const { loadRuleText } = await import('../../rulefmt/load.js');
    const invalid = loadRuleText(text, f.emitRules).diagnostics.filter((d) => d.severity === 'error');
    if (invalid.length > 0)
      return usage(`not writing ${f.emitRules}: the emitted rules would not load: ${invalid[0]!.line}:${invalid[0]!.column}: ${invalid[0]!.message}`);
    const { writeFileAtomic } = await import('../../fs/atomic.js');
    try {
      await writeFileAtomic(path.resolve(io.cwd, f.emitRules), text);
      io.stderr(`wrote ${f.emitRules}\n`);
    } catch (e) {
      return usage(`cannot write ${f.emitRules}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  // A group without a threshold is reported above; the run fails only when no group got one.
  return { usageErrors: 0, failures: fitted ? 0 : Math.max(1, result.failures.length) };
}
