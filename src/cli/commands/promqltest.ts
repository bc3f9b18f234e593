// `promforge promqltest [files...]`: runs Prometheus-style PromQL `.test`
// scripts (see docs/engine.md and conformance/FORMAT.md) against the engine.
// Prints every failing eval with file:line, the expression, and what was
// expected versus what came back; lists deliberately skipped evals per file;
// ends with `N passed, M failed[, K skipped]`.
import { formatFileDiagnostic } from '../../diagnostics.js';
import type { CommandModule } from '../program.js';
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE } from '../exit-codes.js';

interface PromqltestFlags {
  verbose?: boolean;
  nativeHistograms?: boolean;
}

export const promqltestCommand: CommandModule = {
  register(program, ctx, setExit) {
    program
      .command('promqltest')
      .description('run PromQL .test scripts (load/eval/clear) against the promforge engine')
      .argument('<files...>', '.test files to run')
      .option('-v, --verbose', 'also list every passing and skipped eval')
      .option('--native-histograms', 'run evals that touch native histograms instead of skipping them (support is incomplete)')
      .action(async (files: string[], flags: PromqltestFlags) => {
        const { io } = ctx;
        const [{ readInputTextSync, cannotRead }, path, { runTestScript, summarize }] = await Promise.all([
          import('../../fs/read.js'),
          import('node:path'),
          import('../../promqltest/run.js'),
        ]);
        const results = [];
        let usageErrors = 0;
        for (const file of files) {
          const read = readInputTextSync(path.resolve(io.cwd, file));
          if (!read.ok) {
            io.stderr(`${cannotRead(file, read.error)}\n`);
            usageErrors++;
            continue;
          }
          const source = read.value;
          const result = runTestScript(source, file, { skipNativeHistograms: !flags.nativeHistograms });
          results.push(result);
          for (const d of result.diagnostics) io.stdout(`${formatFileDiagnostic(d)}\n`);
          const skipped = new Map<string, number>();
          for (const o of result.outcomes) {
            if (o.status === 'failed') {
              io.stdout(`${o.file}:${o.line}: FAIL ${o.query}\n    ${(o.message ?? '').replace(/\n/g, '\n    ')}\n`);
            } else if (o.status === 'skipped') {
              const reason = o.message ?? 'skipped';
              skipped.set(reason, (skipped.get(reason) ?? 0) + 1);
              if (flags.verbose) io.stdout(`${o.file}:${o.line}: SKIP ${o.query} (${reason})\n`);
            } else if (flags.verbose) {
              io.stdout(`${o.file}:${o.line}: ok ${o.query}\n`);
            }
          }
          for (const [reason, n] of skipped) io.stdout(`${file}: ${n} eval${n === 1 ? '' : 's'} skipped: ${reason}\n`);
        }
        const { passed, failed, skipped } = summarize(results);
        io.stdout(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`);
        setExit(usageErrors > 0 ? EXIT_USAGE : failed > 0 ? EXIT_PROBLEMS : EXIT_OK);
      });
  },
};
