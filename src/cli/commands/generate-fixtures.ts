// `promforge generate-fixtures`: the deterministic leak-scenario fixtures.
import type { CommandModule } from '../program.js';
import { exitCode } from '../exit-codes.js';

export const generateFixturesCommand: CommandModule = {
  register(program, ctx, setExit) {
    program
      .command('generate-fixtures')
      .description('write the deterministic leak-scenario sample fixtures (a healthy week and the same week with leaks)')
      .option('--out <dir>', 'output directory', 'fixtures/leak')
      .option('--seed <n>', 'random seed', '42')
      .option('--services <n>', 'number of services', '20')
      .action(async (flags: { out: string; seed: string; services: string }) => {
        const seed = Number(flags.seed);
        const services = Number(flags.services);
        if (!Number.isInteger(seed) || !Number.isInteger(services) || services < 1 || services > 1000) {
          ctx.io.stderr('promforge generate-fixtures: --seed must be an integer and --services an integer from 1 to 1000\n');
          setExit(exitCode({ usageErrors: 1, failures: 0 }));
          return;
        }
        const { writeLeakFixtures } = await import('../../fixtures/write.js');
        const path = await import('node:path');
        try {
          const r = await writeLeakFixtures(path.resolve(ctx.io.cwd, flags.out), seed, services);
          for (const f of r.files) ctx.io.stdout(`wrote ${f}\n`);
          setExit(exitCode({ usageErrors: 0, failures: 0 }));
        } catch (e) {
          ctx.io.stderr(`promforge generate-fixtures: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
          setExit(exitCode({ usageErrors: 1, failures: 0 }));
        }
      });
  },
};
