// `promforge score`: dry-run rule files over recorded samples and score their
// alerts against labelled incidents (pages, delays, misses, false pages,
// precision/recall, NAB score). Flag parsing and printing only; the work is
// runDryrun and scoreAlerts.
import { formatFileDiagnostic } from '../../diagnostics.js';
import type { CommandModule } from '../program.js';
import type { CliIo } from '../io.js';
import { exitCode } from '../exit-codes.js';
import type { Outcome } from '../exit-codes.js';
import { addPrometheusVersionOption, commandVersion } from '../prometheus-version.js';

interface ScoreFlags {
  samples?: string[];
  prometheus?: string;
  start?: string;
  end?: string;
  incidents: string;
  probation: string;
  interval: string;
  format: string;
  report?: string;
  prometheusVersion?: string;
}

const collect = (v: string, acc: string[] = []): string[] => [...acc, v];

export const scoreCommand: CommandModule = {
  register(program, ctx, setExit) {
    addPrometheusVersionOption(
      program
        .command('score')
        .description('dry-run rules over recorded samples and score their alerts against labelled incidents (NAB score included)')
        .argument('<rules...>', 'rule files or directories')
        .option('--samples <file>', 'recorded samples (repeatable): OpenMetrics, Prometheus API JSON, .test load blocks, CSV', collect)
        .option('--prometheus <url|name>', 'read the samples the rules need from a Prometheus-compatible server instead (needs --start; docs/remote.md)')
        .option('--start <time>', 'first evaluation time (RFC 3339 or unix seconds; default: the first sample)')
        .option('--end <time>', 'last evaluation time (default: the last sample, or now with --prometheus)')
        .requiredOption('--incidents <file>', 'when alerts should fire: YAML/JSON list of {start, end, labels?}, or a NAB windows.json')
        .option('--probation <n>', 'leading data not scored: N rows, N% of the rows, a duration, or "nab" (NAB: min(15%, 750 rows))', '0')
        .option('--interval <duration>', 'evaluation interval of groups without their own', '1m')
        .option('--format <format>', 'text or json', 'text')
        .option('--report <file>', 'write a self-contained HTML report: data, incidents and pages'),
    ).action(async (rules: string[], flags: ScoreFlags) => {
      setExit(exitCode(await runScoreCommand(rules, flags, ctx.io)));
    });
  },
};

async function runScoreCommand(rules: string[], f: ScoreFlags, io: CliIo): Promise<Outcome> {
  const say = (msg: string): void => io.stderr(`promforge score: ${msg}\n`);
  const usage = (msg: string): Outcome => (say(msg), { usageErrors: 1, failures: 0 });
  if (f.format !== 'text' && f.format !== 'json') return usage(`--format must be text or json, got "${f.format}"`);
  const [
    { parseDuration },
    { checkFiles },
    { evalGroupsFromRuleFile },
    { runDryrun },
    { createTemplateExpander },
    { parseIncidents },
    score,
    nab,
    format,
    pathMod,
  ] = await Promise.all([
    import('../../promql/literals.js'),
    import('../../rulefmt/check.js'),
    import('../../rules/from-rulefmt.js'),
    import('../../dryrun/run.js'),
    import('../../rules/template-expander.js'),
    import('../../thresholds/incidents.js'),
    import('../../scoring/score.js'),
    import('../../scoring/nab.js'),
    import('../../scoring/format.js'),
    import('node:path'),
  ]);
  const path = pathMod.default;
  const interval = parseDuration(f.interval);
  if ('error' in interval || interval.ms <= 0) return usage(`--interval: not a valid duration: "${f.interval}"`);
  const probation = /^(\d+)$|^(\d+(?:\.\d+)?)%$|^nab$/i.exec(f.probation.trim());
  const probationDuration = probation ? undefined : parseDuration(f.probation);
  if (!probation && (probationDuration === undefined || 'error' in probationDuration))
    return usage(`--probation must be rows (750), a share (15%), a duration (2d) or "nab"; got "${f.probation}"`);

  const resolved = await commandVersion(io.cwd, f.prometheusVersion);
  if (!resolved.ok) return (resolved.errors.forEach(say), { usageErrors: resolved.errors.length, failures: 0 });
  const version = resolved.version;
  const checked = await checkFiles(rules, { cwd: io.cwd, experimental: true, prometheusVersion: version });
  for (const u of checked.usageErrors) say(u);
  const errors = checked.diagnostics.filter((d) => d.severity === 'error');
  for (const d of errors) io.stderr(`${formatFileDiagnostic(d)}\n`);
  if (checked.usageErrors.length > 0 || errors.length > 0) return { usageErrors: checked.usageErrors.length, failures: errors.length };
  if ((f.samples === undefined) === (f.prometheus === undefined)) return usage('give --samples or --prometheus (one of them)');
  const { parseTestTime } = await import('../../unittest/file.js');
  const startMs = f.start === undefined ? undefined : parseTestTime(f.start);
  if (f.start !== undefined && startMs === undefined) return usage(`--start: cannot parse "${f.start}"`);
  const endMs = f.end === undefined ? (f.prometheus !== undefined ? Date.now() : undefined) : parseTestTime(f.end);
  if (f.end !== undefined && endMs === undefined) return usage(`--end: cannot parse "${f.end}"`);
  if (f.prometheus !== undefined && startMs === undefined) return usage('--start is required with --prometheus');
  const groups = checked.files.flatMap((file) => evalGroupsFromRuleFile(file, version));
  let series;
  if (f.prometheus !== undefined) {
    const { dataFromServer } = await import('../server.js');
    const got = await dataFromServer(
      io,
      { server: f.prometheus, engine: 'local', groups, startMs: startMs!, endMs: endMs!, defaultIntervalMs: interval.ms },
      'score',
    );
    if ('error' in got) return usage(got.error);
    series = got.series;
  } else {
    const { loadSampleFiles } = await import('../sample-files.js');
    const loaded = await loadSampleFiles(io, f.samples ?? [], { errorsOnly: true });
    if (loaded.usageErrors > 0 || loaded.failures > 0) return loaded;
    series = loaded.series;
  }
  const { readInputTextSync, cannotRead } = await import('../../fs/read.js');
  const read = readInputTextSync(path.resolve(io.cwd, f.incidents));
  if (!read.ok) return usage(cannotRead(f.incidents, read.error));
  const incidentsText = read.value;
  const incidents = parseIncidents(
    incidentsText,
    (f.samples ?? []).map((s) => path.resolve(io.cwd, s)),
  );
  if ('error' in incidents) return (say(`${f.incidents}: ${incidents.error}`), { usageErrors: 0, failures: 1 });

  const report = runDryrun({
    groups,
    prometheusVersion: version,
    series,
    ...(startMs !== undefined ? { startMs } : {}),
    ...(endMs !== undefined ? { endMs } : {}),
    defaultIntervalMs: interval.ms,
    expander: () => createTemplateExpander({ externalLabels: [], externalURL: '' }),
  });
  if ('error' in report) return usage(report.error);
  for (const e of report.errors) say(`rule ${e.rule ?? ''} failed to evaluate: ${e.message}`);
  const rowTimesMs = score.rowTimes(series);
  const rows = rowTimesMs.length;
  let probationRows: number;
  if (probation?.[1] !== undefined) probationRows = Number(probation[1]);
  else if (probation?.[2] !== undefined) probationRows = Math.floor((Number(probation[2]) / 100) * rows);
  else if (probation) probationRows = nab.nabProbationRows(rows);
  else probationRows = rows === 0 ? 0 : nab.rowAtOrAfter(rowTimesMs, rowTimesMs[0]! + (probationDuration as { ms: number }).ms);
  const result = score.scoreAlerts({ report, rowTimesMs, incidents: incidents.incidents, probationRows: Math.min(probationRows, rows) });
  if (f.format === 'json') io.stdout(`${JSON.stringify(format.scoreJson(result), null, 2)}\n`);
  else io.stdout(format.scoreText(result));
  if (f.report) {
    const { writeScoreHtmlReport } = await import('../../report-html/score.js');
    const written = await writeScoreHtmlReport(result, report, series, path.resolve(io.cwd, f.report));
    if ('error' in written) return usage(`cannot write ${f.report}: ${written.error}`);
    io.stderr(`wrote ${f.report}: ${written.charts} chart(s), ${Math.ceil(written.bytes / 1024)} KiB\n`);
  }
  return { usageErrors: 0, failures: report.errors.length };
}
