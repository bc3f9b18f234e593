// `promforge lint`: rulefmt validity plus the semantic check catalog, with
// config (.promforge.yaml), inline disables, reporters and safe fixes.
import type { CommandModule } from '../program.js';
import { exitCode } from '../exit-codes.js';
import { addPrometheusVersionOption, resolvePrometheusVersion } from '../prometheus-version.js';
import { formatFileDiagnostic } from '../../diagnostics.js';
import type { LintRunOptions, LintRunResult } from '../../lint/run.js';
import { buildId } from '../build-id.js';

interface LintFlags {
  format: string;
  failOn: string;
  config?: string;
  metadata?: string;
  samples?: string[];
  scrapeInterval?: string;
  dialect?: 'prometheus' | 'thanos' | 'mimir';
  fix?: boolean;
  prometheus?: string;
  prometheusVersion?: string;
  cache?: boolean;
  cacheLocation?: string;
}

// The default --cache directory (relative to the working directory, as ESLint's .eslintcache).
const DEFAULT_CACHE_LOCATION_TEXT = '.promforgecache';

/** runLint, or with --cache the cached run (src/lint-cache), each module imported only when used. */
async function lintWithOptionalCache(options: LintRunOptions, flags: LintFlags, toolVersion: string, notice: (m: string) => void): Promise<LintRunResult> {
  if (!flags.cache) return (await import('../../lint/run.js')).runLint(options);
  const { runLintCached } = await import('../../lint-cache/index.js');
  const build = buildId();
  return runLintCached(options, {
    location: flags.cacheLocation ?? DEFAULT_CACHE_LOCATION_TEXT,
    toolVersion: build ? `${toolVersion}+${build}` : toolVersion,
    notice,
  });
}

const SEVERITY_RANK = { info: 0, warning: 1, error: 2 } as const;
const collect = (v: string, acc: string[] = []): string[] => [...acc, v];

export const lintCommand: CommandModule = {
  register(program, ctx, setExit) {
    addPrometheusVersionOption(
      program
        .command('lint')
        .description('lint rule files: validity and semantic checks (rate on gauges, labels templates use but queries drop, ...)')
        .argument('[paths...]', 'rule files or directories (default: the config include globs, or .)')
        .option('--format <format>', 'text, json, sarif or github', 'text')
        .option('--fail-on <severity>', 'exit 1 when a problem at or above this severity remains: error, warning or info', 'error')
        .option('--config <file>', 'config file (default: .promforge.yaml found upward)')
        .option('--metadata <file>', "metric types from Prometheus's /api/v1/metadata JSON")
        .option('--samples <file>', 'metric types from the # TYPE lines of recorded samples (repeatable)', collect)
        .option('--scrape-interval <duration>', 'scrape interval, for range-length checks (default 1m)')
        .option('--dialect <dialect>', 'rule file dialect: prometheus, thanos or mimir')
        .option('--prometheus <url|name>', 'a server for metric types and existence checks (promql/series); URL or .promforge.yaml block name')
        .option('--fix', 'apply safe fixes (static regex to equality, redundant anchors, rate to deriv on known gauges)')
        .option('--cache', 'reuse the result of an earlier run when no linted file, config or input changed')
        .option('--cache-location <dir>', `directory of --cache entries (default ${DEFAULT_CACHE_LOCATION_TEXT})`),
    ).action(async (paths: string[], flags: LintFlags) => {
      const { io } = ctx;
      const usage = (msg: string): void => {
        io.stderr(`promforge lint: ${msg}\n`);
        setExit(exitCode({ usageErrors: 1, failures: 0 }));
      };
      const [{ REPORTERS, isReportFormat, wantsColor }, { loadConfigWhenPresent }] = await Promise.all([
        import('../../report/index.js'),
        import('../../config/find.js'),
      ]);
      if (!isReportFormat(flags.format)) return usage(`--format must be one of text, json, sarif, github; got "${flags.format}"`);
      if (!(flags.failOn in SEVERITY_RANK)) return usage(`--fail-on must be error, warning or info; got "${flags.failOn}"`);
      const flagVersion = resolvePrometheusVersion(flags.prometheusVersion);
      if (!flagVersion.ok) return usage(flagVersion.message);
      const cfg = await loadConfigWhenPresent(io.cwd, flags.config);
      if (cfg.diagnostics.length > 0) {
        for (const d of cfg.diagnostics) io.stderr(`${formatFileDiagnostic(d)}\n`);
        setExit(exitCode({ usageErrors: 1, failures: 0 }));
        return;
      }
      const resolved = resolvePrometheusVersion(flags.prometheusVersion, cfg.config);
      if (!resolved.ok) return usage(resolved.message);
      let conn: import('../server.js').Connection | undefined;
      if (flags.prometheus !== undefined) {
        const c = await (await import('../server.js')).connect(io, flags.prometheus, flags.config);
        if ('error' in c) return usage(c.error);
        conn = c;
      }
      const serverFactSource =
        (client: import('../../remote/client.js').PromClient): import('../../lint/run.js').ServerFactSource =>
        async (rules, wantTypes) =>
          (await import('../../remote/lint-server.js')).fromServer(client, rules, wantTypes);
      const options: LintRunOptions = {
        ...(conn ? { server: serverFactSource(conn.client) } : {}),
        paths,
        cwd: io.cwd,
        config: cfg.config,
        ...(flags.metadata ? { metadataFile: flags.metadata } : {}),
        samples: flags.samples ?? [],
        ...(flags.scrapeInterval ? { scrapeInterval: flags.scrapeInterval } : {}),
        ...(flags.dialect ? { dialect: flags.dialect } : {}),
        fix: flags.fix ?? false,
        prometheusVersion: resolved.version,
        readStdin: io.readStdin,
      };
      const { version } = await import('../program.js');
      const result = await lintWithOptionalCache(options, flags, version(), (m) => io.stderr(`promforge lint: ${m}\n`)).finally(() => conn?.close());
      for (const u of result.usageErrors) io.stderr(`promforge lint: ${u}\n`);
      const out = REPORTERS[flags.format](
        { problems: result.problems, sources: result.sources, checks: result.checks, toolVersion: version() },
        { color: flags.format === 'text' && wantsColor(io.isTTY, io.env) },
      );
      io.stdout(out);
      for (const f of result.fixed) io.stderr(`fixed ${f.fixes} problem(s) in ${f.file}\n`);
      const threshold = SEVERITY_RANK[flags.failOn as keyof typeof SEVERITY_RANK];
      const failures = result.problems.filter((p) => SEVERITY_RANK[p.severity] >= threshold).length;
      setExit(exitCode({ usageErrors: result.usageErrors.length, failures }));
    });
  },
};
