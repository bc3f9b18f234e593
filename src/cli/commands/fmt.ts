// `promforge fmt`: canonical PromQL in rule files, layout and comments kept.
// `fmt -` formats standard input to standard output.
import type { CommandModule } from '../program.js';
import { exitCode } from '../exit-codes.js';
import { formatFileDiagnostic } from '../../diagnostics.js';

interface FmtFlags {
  check?: boolean;
  maxWidth?: string;
  keepLayout?: boolean;
  dialect?: 'prometheus' | 'thanos' | 'mimir';
}

export const fmtCommand: CommandModule = {
  register(program, ctx, setExit) {
    program
      .command('fmt')
      .description('rewrite PromQL in rule files to canonical form, keeping YAML comments, key order and layout')
      .argument('[paths...]', 'rule files or directories (default: .); - reads standard input and writes the result to standard output')
      .option('--check', 'write nothing; exit 1 when a file would change')
      .option('--max-width <n>', 'pretty-print expressions longer than this over several lines', '100')
      .option('--keep-layout', 'leave expressions written over several lines as they are (less churn); one-line ones are still canonicalised')
      .option('--dialect <dialect>', 'rule file dialect: prometheus, thanos or mimir', 'prometheus')
      .action(async (paths: string[], flags: FmtFlags) => {
        const { io } = ctx;
        const usage = (message: string): void => {
          io.stderr(`promforge fmt: ${message}\n`);
          setExit(exitCode({ usageErrors: 1, failures: 0 }));
        };
        const maxWidth = Number(flags.maxWidth);
        if (!Number.isInteger(maxWidth) || maxWidth < 20) return usage(`--max-width must be a whole number ≥ 20, got "${flags.maxWidth}"`);
        if (paths.includes('-') && paths.length > 1) return usage('- (standard input) cannot be combined with other paths');
        const options = { maxWidth, dialect: flags.dialect ?? 'prometheus', layout: flags.keepLayout ? 'keep-multiline' : 'canonical' } as const;

        if (paths[0] === '-') {
          const { formatRuleText } = await import('../../fmt/format.js');
          const text = await io.readStdin();
          const r = formatRuleText(text, '<stdin>', options);
          for (const d of r.diagnostics) io.stderr(`${formatFileDiagnostic(d)}\n`);
          if (r.text === undefined) return setExit(exitCode({ usageErrors: 0, failures: 1 }));
          if (flags.check) {
            if (r.changed) io.stdout('<stdin>: would reformat\n');
          } else io.stdout(r.text);
          return setExit(exitCode({ usageErrors: 0, failures: flags.check && r.changed ? 1 : 0 }));
        }

        const { formatFiles } = await import('../../fmt/files.js');
        const result = await formatFiles(paths.length > 0 ? paths : ['.'], { ...options, cwd: io.cwd, checkOnly: flags.check === true });
        for (const e of result.usageErrors) io.stderr(`promforge fmt: ${e}\n`);
        let ioErrors = 0;
        let failures = 0;
        let formatted = 0;
        for (const o of result.outcomes) {
          switch (o.status) {
            case 'unchanged':
              for (const d of o.diagnostics) io.stderr(`${formatFileDiagnostic(d)}\n`);
              break;
            case 'formatted':
            case 'would-reformat':
              for (const d of o.diagnostics) io.stderr(`${formatFileDiagnostic(d)}\n`);
              io.stdout(`${o.file}: ${o.status === 'formatted' ? 'formatted' : 'would reformat'}\n`);
              formatted++;
              if (o.status === 'would-reformat') failures++;
              break;
            case 'invalid':
              for (const d of o.diagnostics) io.stderr(`${formatFileDiagnostic(d)}\n`);
              failures++;
              break;
            case 'skipped':
              io.stderr(`promforge fmt: ${o.file}: ${o.note}\n`);
              break;
            case 'io-error':
              io.stderr(`promforge fmt: ${o.file}: ${o.message}\n`);
              ioErrors++;
              break;
          }
        }
        if (flags.check && formatted === 0 && failures === 0) {
          const ruleFiles = result.outcomes.filter((o) => o.status === 'unchanged').length;
          io.stdout(`${ruleFiles} file(s) already formatted\n`);
        }
        setExit(exitCode({ usageErrors: result.usageErrors.length + ioErrors, failures }));
      });
  },
};
