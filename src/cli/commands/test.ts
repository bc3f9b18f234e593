// `promforge test`: promtool-compatible rule unit tests.
import type { CommandModule } from '../program.js';
import type { CliIo } from '../io.js';
import { InvalidArgumentError } from 'commander';
import { exitCode } from '../exit-codes.js';
import { withProgress } from '../progress.js';
import type { FileResult } from '../../unittest/runner.js';
import { addPrometheusVersionOption, commandVersion, parseVersionPair } from '../prometheus-version.js';

interface TestFlags {
  run?: string[];
  junit?: string;
  ignoreUnknownFields?: boolean;
  maxSamplesPerTest?: number;
  debug?: boolean;
  prometheusVersion?: string;
  compareVersions?: string;
  format: string;
}

export const testCommand: CommandModule = {
  register(program, ctx, setExit) {
    addPrometheusVersionOption(
      program
        .command('test')
        .description("run rule unit tests in promtool's `test rules` format")
        .argument('<files...>', 'unit test files')
        .option('--run <regex>', 'only run test groups whose name matches (repeatable; joined with |)', (v: string, acc: string[] = []) => [...acc, v])
        .option('--junit <file>', 'also write results as JUnit XML')
        .option('--ignore-unknown-fields', 'accept unknown fields in rule files')
        .option('--max-samples-per-test <n>', 'most input samples one test group may expand to up to its last evaluation (default 5000000)', (v: string) => {
          const n = Number(v);
          if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive integer');
          return n;
        }),
    )
      .option(
        '--compare-versions <a,b>',
        'the upgrade report: run every test under both versions (e.g. 2.42,3) and list each test group, alert and eval_time whose outcome differs, with why; exit 1 when any does',
      )
      .option('--format <format>', 'with --compare-versions: text or json', 'text')
      .action(async (files: string[], flags: TestFlags) => {
        const { io } = ctx;
        const { compileRegex } = await import('../../regex/re2.js');
        for (const r of flags.run ?? []) {
          const compiled = compileRegex(r);
          if (!compiled.ok) {
            io.stderr(`promforge test: invalid --run regular expression ${JSON.stringify(r)}: ${compiled.error}\n`);
            setExit(exitCode({ usageErrors: 1, failures: 0 }));
            return;
          }
        }
        const [{ runUnitTestFile }, { engineDeps }, { junitXml }, path, { writeFileAtomic }, { reportUnitTestFile, unitTestSummary }, { packFileOfTest }] =
          await Promise.all([
            import('../../unittest/runner.js'),
            import('../../unittest/engine-binding.js'),
            import('../../unittest/junit.js'),
            import('node:path'),
            import('../../fs/atomic.js'),
            import('../unit-test-report.js'),
            import('../../compile/pack-files.js'),
          ]);
        if (flags.compareVersions !== undefined) {
          setExit(await compareVersionsReport(files, flags, io));
          return;
        }
        if (flags.format !== 'text') {
          io.stderr('promforge test: --format applies to --compare-versions only\n');
          setExit(exitCode({ usageErrors: 1, failures: 0 }));
          return;
        }
        const resolved = await commandVersion(io.cwd, flags.prometheusVersion);
        if (!resolved.ok) {
          for (const e of resolved.errors) io.stderr(`promforge test: ${e}\n`);
          setExit(exitCode({ usageErrors: resolved.errors.length, failures: 0 }));
          return;
        }
        // Precedence: the flag, then the test file's own prometheusVersion, then the config, then the default.
        const versions =
          resolved.source === 'flag'
            ? { prometheusVersion: resolved.version }
            : resolved.source === 'config'
              ? { defaultPrometheusVersion: resolved.version }
              : {};
        const deps = engineDeps();
        const runOptions = {
          ...versions,
          ...(flags.run ? { run: flags.run } : {}),
          ignoreUnknownFields: flags.ignoreUnknownFields ?? false,
          ...(flags.maxSamplesPerTest ? { maxSamplesPerTest: flags.maxSamplesPerTest } : {}),
        };
        const results = [];
        const summaries: import('../unit-test-report.js').UnitTestFileSummary[] = [];
        let failed = 0;
        let usage = 0;
        for (const f of files) {
          io.stdout(`Unit Testing: ${f}\n`);
          const abs = path.resolve(io.cwd, f);
          // A rule pack's own test, run where it lives: the pack is compiled in memory.
          const packTest = packFileOfTest(abs) ? (await import('../../compile/test-in-place.js')).preparePackTestInPlace(abs, io.cwd) : undefined;
          const r: FileResult = await withProgress(io, `testing ${f}`, 'items', (onProgress) =>
            !packTest
              ? runUnitTestFile(abs, deps, { ...runOptions, onProgress })
              : packTest.source === undefined
                ? { file: abs, diagnostics: packTest.diagnostics, groups: [], passed: false }
                : runUnitTestFile(abs, engineDeps(packTest.inMemoryRuleFiles), { ...runOptions, source: packTest.source, onProgress }),
          );
          results.push({ ...r, file: f });
          const outcome = reportUnitTestFile(io, r);
          summaries.push({ file: f, result: r, outcome });
          if (outcome === 'unreadable') usage++;
          else if (outcome === 'failed') failed++;
        }
        io.stdout(unitTestSummary(summaries));
        if (flags.junit) {
          try {
            await writeFileAtomic(path.resolve(io.cwd, flags.junit), junitXml(results, new Date().toISOString().slice(0, 19)));
          } catch (e) {
            io.stderr(`promforge test: cannot write ${flags.junit}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
            usage++;
          }
        }
        setExit(exitCode({ usageErrors: usage, failures: failed }));
      });
  },
};

/** `test --compare-versions A,B`: the upgrade report (src/unittest/compare-versions.ts). */
async function compareVersionsReport(files: readonly string[], flags: TestFlags, io: CliIo): Promise<number> {
  const usage = (msg: string): number => {
    io.stderr(`promforge test: ${msg}\n`);
    return exitCode({ usageErrors: 1, failures: 0 });
  };
  if (flags.prometheusVersion !== undefined) return usage('give --prometheus-version or --compare-versions, not both');
  if (flags.format !== 'text' && flags.format !== 'json') return usage(`--format must be text or json, got "${flags.format}"`);
  const pair = parseVersionPair(flags.compareVersions ?? '');
  if (!pair.ok) return usage(pair.message);
  const [{ compareTestVersions, comparisonText }, { engineDeps }, path] = await Promise.all([
    import('../../unittest/compare-versions.js'),
    import('../../unittest/engine-binding.js'),
    import('node:path'),
  ]);
  const report = compareTestVersions(
    files.map((f) => path.resolve(io.cwd, f)),
    engineDeps(),
    pair.versions,
    {
      ...(flags.run ? { run: flags.run } : {}),
      ignoreUnknownFields: flags.ignoreUnknownFields ?? false,
      ...(flags.maxSamplesPerTest ? { maxSamplesPerTest: flags.maxSamplesPerTest } : {}),
    },
    (f) => path.relative(io.cwd, f) || f,
  );
  io.stdout(flags.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : comparisonText(report));
  return exitCode({ usageErrors: 0, failures: report.differences.length });
}
