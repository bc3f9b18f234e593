// `promforge query <expr> --samples <file...> (--time T | --start T --end T --step D)`:
// evaluates one PromQL expression against samples written in the `load`
// notation of PromQL test scripts, as an instant or a range query.
import type { CommandModule } from '../program.js';
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE } from '../exit-codes.js';

interface QueryFlags {
  samples?: string[];
  time?: string;
  start?: string;
  end?: string;
  step?: string;
  format?: string;
}

export const queryCommand: CommandModule = {
  register(program, ctx, setExit) {
    program
      .command('query')
      .description('evaluate a PromQL expression against samples in test-script `load` notation')
      .argument('<expr>', 'the PromQL expression')
      .requiredOption('--samples <files...>', 'files with `load <step>` blocks of series')
      .option('--time <t>', 'instant query time: a duration since the epoch (5m), unix seconds, or RFC 3339')
      .option('--start <t>', 'range query start (same forms as --time)')
      .option('--end <t>', 'range query end')
      .option('--step <d>', 'range query step: a duration (1m) or seconds')
      .option('--format <format>', 'text or json', 'text')
      .action(async (expr: string, flags: QueryFlags) => {
        const { io } = ctx;
        const [{ readFile }, path, { parseTimeArg, parseStepArg, formatQueryResult }, { loadSamples }] = await Promise.all([
          import('node:fs/promises'),
          import('node:path'),
          import('../../engine/query-output.js'),
          import('../../promqltest/run-load.js'),
        ]);
        const usage = (msg: string): void => {
          io.stderr(`promforge query: ${msg}\n`);
          setExit(EXIT_USAGE);
        };
        if (flags.format !== 'text' && flags.format !== 'json') return usage(`unknown --format ${JSON.stringify(flags.format)} (text or json)`);
        const isRange = flags.start !== undefined || flags.end !== undefined || flags.step !== undefined;
        if (isRange === (flags.time !== undefined)) return usage('give either --time, or --start, --end and --step');
        const sources: { file: string; text: string }[] = [];
        for (const file of flags.samples ?? []) {
          try {
            sources.push({ file, text: await readFile(path.resolve(io.cwd, file), 'utf8') });
          } catch (e) {
            return usage(`${file}: cannot read: ${(e as Error).message}`);
          }
        }
        const loaded = loadSamples(sources);
        if ('errors' in loaded) {
          for (const e of loaded.errors) io.stderr(`${e}\n`);
          setExit(EXIT_USAGE);
          return;
        }
        const { evaluateInstant, evaluateRange } = await import('../../engine/index.js');
        let result;
        if (isRange) {
          const start = parseTimeArg(flags.start);
          const end = parseTimeArg(flags.end);
          const step = parseStepArg(flags.step);
          if (typeof start === 'string') return usage(`--start: ${start}`);
          if (typeof end === 'string') return usage(`--end: ${end}`);
          if (typeof step === 'string') return usage(`--step: ${step}`);
          result = evaluateRange(expr, start, end, step, loaded.storage);
        } else {
          const t = parseTimeArg(flags.time);
          if (typeof t === 'string') return usage(`--time: ${t}`);
          result = evaluateInstant(expr, t, loaded.storage);
        }
        const out = formatQueryResult(result, expr, flags.format);
        if (out.stdout) io.stdout(out.stdout);
        if (out.stderr) io.stderr(out.stderr);
        setExit('error' in result ? EXIT_PROBLEMS : EXIT_OK);
      });
  },
};
