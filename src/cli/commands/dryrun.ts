// `promforge dryrun`: evaluate rule files over recorded samples and show what
// every alert would have done.
import { formatFileDiagnostic } from '../../diagnostics.js';
import type { CommandModule } from '../program.js';
import { exitCode } from '../exit-codes.js';
import { addPrometheusVersionOption, commandVersion, parseVersionPair } from '../prometheus-version.js';
import type { CliIo } from '../io.js';

interface DryrunFlags {
  samples?: string[];
  start?: string;
  end?: string;
  interval: string;
  format: string;
  emitTest?: string;
  report?: string;
  dialect: 'prometheus' | 'thanos' | 'mimir';
  prometheus?: string;
  engine?: string;
  prometheusVersion?: string;
  compareVersions?: string;
}

const collect = (v: string, acc: string[] = []): string[] => [...acc, v];

export const dryrunCommand: CommandModule = {
  register(program, ctx, setExit) {
    addPrometheusVersionOption(
      program
        .command('dryrun')
        .description('evaluate rule groups over recorded samples: alert timelines, recording-rule output, silent rules')
        .argument('<rules...>', 'rule files or directories')
        .option('--samples <file>', 'recorded samples: OpenMetrics (.om, .om.gz), Prometheus API JSON (.json) or .test load blocks (repeatable)', collect)
        .option('--prometheus <url|name>', 'read samples from a Prometheus-compatible server instead (URL or .promforge.yaml block name; docs/remote.md)')
        .option('--engine <engine>', 'with --prometheus: local (fetch raw samples, evaluate here) or remote (the server evaluates each rule)', 'local')
        .option('--start <time>', 'start of the evaluation range (RFC 3339 or unix seconds; default: first sample)')
        .option('--end <time>', 'end of the evaluation range (default: last sample)')
        .option('--interval <duration>', 'evaluation interval of groups without their own', '1m')
        .option('--format <format>', 'text or json', 'text')
        .option('--emit-test <file>', 'write a promtool unit test pinning the observed alerts')
        .option('--dialect <dialect>', 'rule file dialect: prometheus, thanos or mimir', 'prometheus')
        .option('--report <file>', 'write a self-contained HTML report with a chart per alert')
        .option(
          '--compare-versions <a,b>',
          'the upgrade report: dry-run under both versions (e.g. 2.42,3) and list every alert instance whose intervals differ, with why; exit 1 when any does',
        ),
    ).action(async (rules: string[], flags: DryrunFlags) => {
      const { io } = ctx;
      const usage = (msg: string): void => {
        io.stderr(`promforge dryrun: ${msg}\n`);
        setExit(exitCode({ usageErrors: 1, failures: 0 }));
      };
      if (flags.format !== 'text' && flags.format !== 'json') return usage(`--format must be text or json, got "${flags.format}"`);
      if ((flags.samples === undefined) === (flags.prometheus === undefined)) return usage('give --samples or --prometheus (one of them)');
      if (flags.engine !== 'local' && flags.engine !== 'remote') return usage(`--engine must be local or remote, got "${flags.engine}"`);
      if (flags.engine === 'remote' && flags.prometheus === undefined) return usage('--engine remote needs --prometheus');
      if (flags.prometheus !== undefined && flags.start === undefined) return usage('--start is required with --prometheus');
      if (flags.engine === 'remote' && flags.emitTest) return usage('--emit-test needs the raw samples: use --engine local');
      const [{ parseDuration }, { parseTestTime }] = await Promise.all([import('../../promql/literals.js'), import('../../unittest/file.js')]);
      const interval = parseDuration(flags.interval);
      if ('error' in interval || interval.ms <= 0) return usage(`--interval: not a valid duration: "${flags.interval}"`);
      const startMs = flags.start === undefined ? undefined : parseTestTime(flags.start);
      // A server has no "last sample": its range ends now unless --end says otherwise.
      const endMs = flags.end === undefined ? (flags.prometheus !== undefined ? Date.now() : undefined) : parseTestTime(flags.end);
      if (flags.start !== undefined && startMs === undefined) return usage(`--start: cannot parse "${flags.start}" as RFC 3339 or unix seconds`);
      if (flags.end !== undefined && endMs === undefined) return usage(`--end: cannot parse "${flags.end}" as RFC 3339 or unix seconds`);
      if (flags.compareVersions !== undefined) {
        if (flags.prometheusVersion !== undefined) return usage('give --prometheus-version or --compare-versions, not both');
        if (flags.prometheus !== undefined || flags.emitTest || flags.report)
          return usage('--compare-versions works on --samples only, without --emit-test and --report');
        const pair = parseVersionPair(flags.compareVersions);
        if (!pair.ok) return usage(pair.message);
        setExit(
          await compareVersionsReport(rules, flags, io, {
            versions: pair.versions,
            intervalMs: interval.ms,
            ...(startMs !== undefined ? { startMs } : {}),
            ...(endMs !== undefined ? { endMs } : {}),
          }),
        );
        return;
      }
      const resolved = await commandVersion(io.cwd, flags.prometheusVersion);
      if (!resolved.ok) return usage(resolved.errors.join('\n'));
      const version = resolved.version;

      const [{ checkFiles }, { evalGroupsFromRuleFile }, { runDryrun }, { dryrunText, dryrunJson }, { queryingTemplateExpander }] = await Promise.all([
        import('../../rulefmt/check.js'),
        import('../../rules/from-rulefmt.js'),
        import('../../dryrun/run.js'),
        import('../../dryrun/format.js'),
        import('../../dryrun/expander.js'),
      ]);
      const checked = await checkFiles(rules, { cwd: io.cwd, dialect: flags.dialect, experimental: true, prometheusVersion: version });
      for (const u of checked.usageErrors) io.stderr(`promforge dryrun: ${u}\n`);
      const errors = checked.diagnostics.filter((d) => d.severity === 'error');
      for (const d of errors) io.stderr(`${formatFileDiagnostic(d)}\n`);
      if (checked.usageErrors.length > 0 || errors.length > 0) {
        setExit(exitCode({ usageErrors: checked.usageErrors.length, failures: errors.length }));
        return;
      }
      const path = await import('node:path');
      const groups = checked.files.flatMap((f) => evalGroupsFromRuleFile(f, version));
      const series = [];
      let backend: import('../../rules/types.js').RuleBackend | undefined;
      if (flags.prometheus !== undefined) {
        const { dataFromServer } = await import('../server.js');
        const got = await dataFromServer(
          io,
          { server: flags.prometheus, engine: flags.engine, groups, startMs: startMs!, endMs: endMs!, defaultIntervalMs: interval.ms },
          'dryrun',
        );
        if ('error' in got) return usage(got.error);
        series.push(...got.series);
        backend = got.backend;
      }
      const { loadSampleFiles } = await import('../sample-files.js');
      const loadedSamples = await loadSampleFiles(io, flags.samples ?? []);
      if (loadedSamples.usageErrors > 0 || loadedSamples.failures > 0) {
        setExit(exitCode(loadedSamples));
        return;
      }
      series.push(...loadedSamples.series);
      const evaluating = io.progress?.('evaluating rule groups');
      const report = runDryrun({
        groups,
        series,
        ...(startMs !== undefined ? { startMs } : {}),
        ...(endMs !== undefined ? { endMs } : {}),
        ...(backend ? { backend } : {}),
        defaultIntervalMs: interval.ms,
        prometheusVersion: version,
        recordValues: flags.report !== undefined,
        expander: queryingTemplateExpander(version),
        ...(evaluating ? { onProgress: (done: number, total: number) => evaluating.update(done, total) } : {}),
      });
      evaluating?.end();
      if ('error' in report) return usage(report.error);
      const unicode = !/^(C|POSIX)?$/.test(io.env['LC_ALL'] ?? io.env['LANG'] ?? 'en_US.UTF-8');
      if (flags.format === 'json') io.stdout(`${JSON.stringify(dryrunJson(report), null, 2)}\n`);
      else io.stdout(dryrunText(report, { unicode }));
      if (flags.report) {
        const { writeDryrunHtmlReport } = await import('../../report-html/cli.js');
        const written = await writeDryrunHtmlReport(report, path.resolve(io.cwd, flags.report), unicode);
        if ('error' in written) return usage(`cannot write ${flags.report}: ${written.error}`);
        if (flags.format === 'text') io.stdout(written.sparklines);
        io.stderr(`wrote ${flags.report}: ${written.charts} chart(s), ${Math.ceil(written.bytes / 1024)} KiB\n`);
      }
      if (flags.emitTest) {
        const { writeSnapshotTest } = await import('../../dryrun/snapshot.js');
        const testFile = path.resolve(io.cwd, flags.emitTest);
        const ruleFiles = checked.files.map((f) => path.relative(path.dirname(testFile), path.resolve(io.cwd, f.path)));
        try {
          const r = await writeSnapshotTest(report, { ruleFiles, groups, series, intervalMs: interval.ms }, testFile);
          io.stderr(`wrote ${flags.emitTest}: ${r.checks} alert checks${r.passed ? '' : ' (WARNING: the snapshot does not pass; please report)'}\n`);
          for (const f of r.failures) io.stderr(`${f}\n`);
        } catch (e) {
          return usage(`cannot write ${flags.emitTest}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        }
      }
      // Evaluation errors mean a rule is broken on real data: that is a problem in the input.
      setExit(exitCode({ usageErrors: 0, failures: report.errors.length }));
    });
  },
};

/** `dryrun --compare-versions A,B`: the upgrade report for alerts (src/dryrun/compare-versions.ts). */
async function compareVersionsReport(
  ruleFiles: readonly string[],
  flags: DryrunFlags,
  io: CliIo,
  o: {
    versions: readonly [import('../../version/version.js').PrometheusVersion, import('../../version/version.js').PrometheusVersion];
    intervalMs: number;
    startMs?: number;
    endMs?: number;
  },
): Promise<number> {
  const [{ loadRulesUnderVersions, rejectedRulesText }, { compareDryrunVersions, dryrunComparisonText }, { createTemplateExpander }] = await Promise.all([
    import('../../dryrun/versioned-rules.js'),
    import('../../dryrun/compare-versions.js'),
    import('../../rules/template-expander.js'),
  ]);
  const rules = await loadRulesUnderVersions(ruleFiles, o.versions, { cwd: io.cwd, dialect: flags.dialect });
  switch (rules.kind) {
    case 'usage-errors':
      for (const u of rules.messages) io.stderr(`promforge dryrun: ${u}\n`);
      return exitCode({ usageErrors: rules.messages.length, failures: 0 });
    case 'rejected':
      io.stdout(rejectedRulesText(rules));
      return exitCode({ usageErrors: 0, failures: rules.rejections.length });
    case 'loaded':
      break;
  }
  const groups = rules.groups;
  const { loadSampleFiles } = await import('../sample-files.js');
  const samples = await loadSampleFiles(io, flags.samples ?? []);
  if (samples.usageErrors > 0 || samples.failures > 0) return exitCode(samples);
  const report = compareDryrunVersions({
    versions: o.versions,
    groups,
    series: samples.series,
    ...(o.startMs !== undefined ? { startMs: o.startMs } : {}),
    ...(o.endMs !== undefined ? { endMs: o.endMs } : {}),
    defaultIntervalMs: o.intervalMs,
    expander: () => createTemplateExpander({ externalLabels: [], externalURL: '' }),
  });
  if ('error' in report) {
    io.stderr(`promforge dryrun: ${report.error}\n`);
    return exitCode({ usageErrors: 1, failures: 0 });
  }
  io.stdout(flags.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : dryrunComparisonText(report));
  return exitCode({ usageErrors: 0, failures: report.differences.length });
}
