// `promforge query <expr> --samples <file...> (--time T | --start T --end T --step D)`:
// evaluates one PromQL expression against recorded samples — `load` blocks
// of PromQL test scripts (.test), OpenMetrics (.om, .om.gz) or Prometheus API
// JSON — as an instant or a range query.
import { formatFileDiagnostic } from '../../diagnostics.js';
import type { CommandModule } from '../program.js';
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE } from '../exit-codes.js';
import { addPrometheusVersionOption, commandVersion } from '../prometheus-version.js';

interface QueryFlags {
  samples?: string[];
  time?: string;
  start?: string;
  end?: string;
  step?: string;
  format?: string;
  prometheusVersion?: string;
  prometheus?: string;
}

export const queryCommand: CommandModule = {
  register(program, ctx, setExit) {
    addPrometheusVersionOption(
      program
        .command('query')
        .description('evaluate a PromQL expression against recorded samples (.test load blocks, OpenMetrics, API JSON)')
        // `--samples` takes several files, so it also takes an expression
        // written after them: `[expr]` is optional and recovered below.
        .argument('[expr]', 'the PromQL expression (before --samples, or after the sample files)')
        .option('--samples <files...>', 'samples: .test files with `load` blocks, OpenMetrics (.om, .om.gz) or Prometheus API JSON (.json)')
        .option('--time <t>', 'instant query time: a duration since the epoch (5m), unix seconds, or RFC 3339')
        .option('--start <t>', 'range query start (same forms as --time)')
        .option('--end <t>', 'range query end')
        .option('--step <d>', 'range query step: a duration (1m) or seconds')
        .option('--format <format>', 'text or json', 'text')
        .option(
          '--prometheus <url|name>',
          'read the samples the expression needs from a Prometheus-compatible server instead (URL or .promforge.yaml block name; docs/remote.md)',
        ),
    ).action(async (exprArg: string | undefined, flags: QueryFlags) => {
      const { io } = ctx;
      const [{ existsSync }, path, { parseTimeArg, parseStepArg, formatQueryResult }, { looksLikeTestScript, samplesFromTestScript }] = await Promise.all([
        import('node:fs'),
        import('node:path'),
        import('../../engine/query-output.js'),
        import('../../samples/index.js'),
      ]);
      const usage = (msg: string): void => {
        io.stderr(`promforge query: ${msg}\n`);
        setExit(EXIT_USAGE);
      };
      // `query --samples a.om b.om 'expr'`: the variadic option took the
      // expression as its last file. Take it back unless it names a file
      // (then the expression is really missing).
      let expr = exprArg;
      const samples = [...(flags.samples ?? [])];
      if (expr === undefined && samples.length >= 2 && !existsSync(path.resolve(io.cwd, samples[samples.length - 1]!))) expr = samples.pop();
      if (expr === undefined) return usage("missing the PromQL expression: write it before --samples, or after the sample files (query 'up' --samples a.om)");
      if (flags.format !== 'text' && flags.format !== 'json') return usage(`unknown --format ${JSON.stringify(flags.format)} (text or json)`);
      const isRange = flags.start !== undefined || flags.end !== undefined || flags.step !== undefined;
      if (isRange === (flags.time !== undefined)) return usage('give either --time, or --start, --end and --step');
      if ((flags.samples === undefined) === (flags.prometheus === undefined)) return usage('give --samples or --prometheus (one of them)');
      const version = await commandVersion(io.cwd, flags.prometheusVersion);
      if (!version.ok) return usage(version.errors.join('\n'));
      const engineOptions = { prometheusVersion: version.version };
      // A file of load blocks is read as one whatever its name (samples/index.ts),
      // recordings in the other formats go through the sample loaders.
      const series: import('../../samples/types.js').RecordedSeries[] = [];
      const scriptErrors: string[] = [];
      const recordings: string[] = [];
      const { readInputTextSync, cannotRead } = await import('../../fs/read.js');
      for (const file of samples) {
        if (file.endsWith('.gz') || file.endsWith('.json')) {
          recordings.push(file);
          continue;
        }
        const read = readInputTextSync(path.resolve(io.cwd, file));
        if (!read.ok) return usage(cannotRead(file, read.error));
        const text = read.value;
        if (!file.endsWith('.test') && !looksLikeTestScript(text)) {
          recordings.push(file);
          continue;
        }
        const loaded = samplesFromTestScript(text, file, { onlyLoadBlocks: true });
        for (const d of loaded.diagnostics) scriptErrors.push(formatFileDiagnostic(d));
        series.push(...loaded.series);
      }
      if (scriptErrors.length > 0) {
        for (const e of scriptErrors) io.stderr(`${e}\n`);
        setExit(EXIT_USAGE);
        return;
      }
      if (recordings.length > 0) {
        const { loadSampleFiles } = await import('../sample-files.js');
        const r = await loadSampleFiles(io, recordings, { errorsOnly: true });
        if (r.usageErrors > 0 || r.failures > 0) {
          setExit(r.usageErrors > 0 ? EXIT_USAGE : EXIT_PROBLEMS);
          return;
        }
        series.push(...r.series);
      }
      const [{ evaluateInstant, evaluateRange }, { storageOf }] = await Promise.all([import('../../engine/index.js'), import('../../engine/recorded.js')]);
      const times = isRange
        ? { start: parseTimeArg(flags.start), end: parseTimeArg(flags.end), step: parseStepArg(flags.step) }
        : { start: parseTimeArg(flags.time), end: parseTimeArg(flags.time), step: 0 };
      const timeFlag = isRange ? ['--start', '--end', '--step'] : ['--time', '--time', '--time'];
      const { start, end, step } = times;
      if (typeof start === 'string') return usage(`${timeFlag[0]}: ${start}`);
      if (typeof end === 'string') return usage(`${timeFlag[1]}: ${end}`);
      if (typeof step === 'string') return usage(`${timeFlag[2]}: ${step}`);
      if (flags.prometheus !== undefined) {
        const { seriesForExprFromServer } = await import('../server.js');
        const got = await seriesForExprFromServer(io, { server: flags.prometheus, expr, startMs: start, endMs: end }, 'query');
        // Like dryrun: a server that cannot answer means the command could not do its job.
        if ('error' in got) return usage(got.error);
        series.push(...got.series);
      }
      const storage = storageOf(series);
      const result = isRange ? evaluateRange(expr, start, end, step, storage, engineOptions) : evaluateInstant(expr, start, storage, engineOptions);
      const out = formatQueryResult(result, expr, flags.format);
      if (out.stdout) io.stdout(out.stdout);
      if (out.stderr) io.stderr(out.stderr);
      setExit('error' in result ? EXIT_PROBLEMS : EXIT_OK);
    });
  },
};
