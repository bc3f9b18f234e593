// `promforge record`: pull the series a rule set reads from a server into an
// OpenMetrics fixture file (gzipped for .gz), for dry-runs and unit tests.
import { formatFileDiagnostic } from '../../diagnostics.js';
import type { CommandModule } from '../program.js';
import { exitCode } from '../exit-codes.js';

interface RecordFlags {
  prometheus: string;
  start: string;
  end?: string;
  output: string;
  dialect: 'prometheus' | 'thanos' | 'mimir';
}

export const recordCommand: CommandModule = {
  register(program, ctx, setExit) {
    program
      .command('record')
      .description('pull the raw series rule files read from a Prometheus-compatible server into an OpenMetrics fixture')
      .argument('<rules...>', 'rule files or directories: their selectors (through recording rules) decide what is fetched')
      .requiredOption('--prometheus <url|name>', 'server URL, or the name of a prometheus: block in .promforge.yaml')
      .requiredOption('--start <time>', 'first evaluation time the recording must serve (RFC 3339 or unix seconds)')
      .option('--end <time>', 'last evaluation time (default: now)')
      .requiredOption('-o, --output <file>', 'the fixture to write: .om, or .om.gz for gzip')
      .option('--dialect <dialect>', 'rule file dialect: prometheus, thanos or mimir', 'prometheus')
      .action(async (rules: string[], flags: RecordFlags) => {
        const { io } = ctx;
        const usage = (msg: string): void => {
          io.stderr(`promforge record: ${msg}\n`);
          setExit(exitCode({ usageErrors: 1, failures: 0 }));
        };
        const [{ parseTestTime }, { checkFiles }, { evalGroupsFromRuleFile }, path] = await Promise.all([
          import('../../unittest/file.js'),
          import('../../rulefmt/check.js'),
          import('../../rules/from-rulefmt.js'),
          import('node:path'),
        ]);
        const startMs = parseTestTime(flags.start);
        const endMs = flags.end === undefined ? Date.now() : parseTestTime(flags.end);
        if (startMs === undefined) return usage(`--start: cannot parse "${flags.start}" as RFC 3339 or unix seconds`);
        if (endMs === undefined) return usage(`--end: cannot parse "${flags.end}" as RFC 3339 or unix seconds`);
        if (endMs < startMs) return usage('--end is before --start');
        const checked = await checkFiles(rules, { cwd: io.cwd, dialect: flags.dialect, experimental: true });
        for (const u of checked.usageErrors) io.stderr(`promforge record: ${u}\n`);
        const errors = checked.diagnostics.filter((d) => d.severity === 'error');
        for (const d of errors) io.stderr(`${formatFileDiagnostic(d)}\n`);
        if (checked.usageErrors.length > 0 || errors.length > 0) return setExit(exitCode({ usageErrors: checked.usageErrors.length, failures: errors.length }));
        const groups = checked.files.flatMap((f) => evalGroupsFromRuleFile(f));

        const [{ connect, fetchProgress }, { recordFromServer }, { describeRemoteError }] = await Promise.all([
          import('../server.js'),
          import('../../remote/record.js'),
          import('../../remote/client.js'),
        ]);
        const conn = await connect(io, flags.prometheus);
        if ('error' in conn) return usage(conn.error);
        const output = path.resolve(io.cwd, flags.output);
        try {
          const progress = fetchProgress(io);
          const r = await recordFromServer(conn.client, {
            groups,
            startMs,
            endMs,
            file: output,
            ...(progress.onProgress ? { onProgress: progress.onProgress } : {}),
          });
          progress.end();
          for (const w of r.warnings) io.stderr(`promforge record: warning: ${w}\n`);
          if (!r.ok) {
            if (conn.interrupted()) return usage(`interrupted: ${flags.output} not written`);
            return usage(
              `${'kind' in r.error && r.error.kind === 'write' ? r.error.message : describeRemoteError(r.error as import('../../remote/client.js').RemoteError)}; ${flags.output} not written`,
            );
          }
          io.stderr(`wrote ${flags.output}: ${r.series} series, ${r.samples} samples, ${Math.ceil(r.bytes / 1024)} KiB\n`);
          setExit(exitCode({ usageErrors: 0, failures: 0 }));
        } finally {
          conn.close();
        }
      });
  },
};
