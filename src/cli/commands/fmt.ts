// `promforge fmt`: canonical PromQL in rule files, layout and comments kept.
import type { CommandModule } from '../program.js';
import { exitCode } from '../exit-codes.js';

interface FmtFlags {
  check?: boolean;
  diff?: boolean;
  maxWidth?: string;
  dialect?: 'prometheus' | 'thanos' | 'mimir';
}

export const fmtCommand: CommandModule = {
  register(program, ctx, setExit) {
    program
      .command('fmt')
      .description('rewrite PromQL in rule files to canonical form, keeping YAML comments, key order and layout')
      .argument('[paths...]', 'rule files or directories (default: .)')
      .option('--check', 'write nothing; exit 1 when a file would change')
      .option('--max-width <n>', 'pretty-print expressions longer than this over several lines', '100')
      .option('--dialect <dialect>', 'rule file dialect: prometheus, thanos or mimir', 'prometheus')
      .action(async (paths: string[], flags: FmtFlags) => {
        const { io } = ctx;
        const [{ expandPaths }, { formatRuleText }, fs, { writeFileAtomic }, path] = await Promise.all([
          import('../../rulefmt/check.js'),
          import('../../fmt/format.js'),
          import('node:fs/promises'),
          import('../../fs/atomic.js'),
          import('node:path'),
        ]);
        const maxWidth = Number(flags.maxWidth);
        if (!Number.isInteger(maxWidth) || maxWidth < 20) {
          io.stderr(`promforge fmt: --max-width must be a whole number ≥ 20, got "${flags.maxWidth}"\n`);
          setExit(exitCode({ usageErrors: 1, failures: 0 }));
          return;
        }
        const expanded = await expandPaths(paths.length > 0 ? paths : ['.'], io.cwd);
        for (const e of expanded.errors) io.stderr(`promforge fmt: ${e}\n`);
        let wouldChange = 0;
        let ioErrors = 0;
        let problems = 0;
        for (const file of expanded.files) {
          let text: string;
          try {
            text = await fs.readFile(path.resolve(io.cwd, file), 'utf8');
          } catch (e) {
            io.stderr(`promforge fmt: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
            ioErrors++;
            continue;
          }
          const r = formatRuleText(text, file, { maxWidth, dialect: flags.dialect ?? 'prometheus' });
          for (const d of r.diagnostics) io.stderr(`${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}\n`);
          if (r.diagnostics.some((d) => d.severity === 'error')) {
            problems++;
            continue;
          }
          if (!r.changed || r.text === undefined) continue;
          wouldChange++;
          if (flags.check) io.stdout(`${file}: would reformat\n`);
          else {
            try {
              await writeFileAtomic(path.resolve(io.cwd, file), r.text);
              io.stdout(`${file}: formatted\n`);
            } catch (e) {
              io.stderr(`promforge fmt: cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
              ioErrors++;
            }
          }
        }
        if (flags.check && wouldChange === 0 && problems === 0) io.stdout(`${expanded.files.length} file(s) already formatted\n`);
        setExit(exitCode({ usageErrors: expanded.errors.length + ioErrors, failures: problems + (flags.check ? wouldChange : 0) }));
      });
  },
};
