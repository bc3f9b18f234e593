// `promforge check`: load and validate rule files exactly as Prometheus does.
// Problems go to stdout as `file:line:col: severity: message` (or JSON), then
// a summary line; usage and I/O errors go to stderr. Exit 0 valid, 1 invalid
// (or warnings with --strict), 2 usage/I-O.
import type { CommandModule } from '../program.js';
import { exitCode } from '../exit-codes.js';
import { printDiagnostics } from '../../diagnostics.js';
import { addPrometheusVersionOption, commandVersion } from '../prometheus-version.js';

interface CheckFlags {
  dialect: string;
  ignoreUnknownFields?: boolean;
  format: string;
  strict?: boolean;
  prometheusVersion?: string;
}

const DIALECT_CHOICES = ['prometheus', 'thanos', 'mimir'] as const;
const FORMAT_CHOICES = ['text', 'json'] as const;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export const checkCommand: CommandModule = {
  register(program, ctx, setExit) {
    addPrometheusVersionOption(
      program
        .command('check')
        .description('validate rule files (plain, PrometheusRule resources, Mimir/Thanos dialects) as Prometheus loads them')
        .argument('[paths...]', 'rule files or directories (walked for *.yml/*.yaml); - reads standard input')
        .option('--dialect <dialect>', `accept the fields of: ${DIALECT_CHOICES.join(', ')}`, 'prometheus')
        .option('--ignore-unknown-fields', 'do not report fields Prometheus does not know')
        .option('--format <format>', `output format: ${FORMAT_CHOICES.join(', ')}`, 'text')
        .option('--strict', 'fail (exit 1) on warnings too'),
    ).action(async (paths: string[], flags: CheckFlags) => {
      const { io } = ctx;
      const dialect = DIALECT_CHOICES.find((d) => d === flags.dialect);
      const format = FORMAT_CHOICES.find((f) => f === flags.format);
      const usage: string[] = [];
      if (!dialect) usage.push(`unknown --dialect ${JSON.stringify(flags.dialect)} (expected ${DIALECT_CHOICES.join(', ')})`);
      if (!format) usage.push(`unknown --format ${JSON.stringify(flags.format)} (expected ${FORMAT_CHOICES.join(', ')})`);
      if (paths.length === 0) usage.push('no rule files given (pass files, directories, or - for standard input)');
      const version = await commandVersion(io.cwd, flags.prometheusVersion);
      if (!version.ok) usage.push(...version.errors);
      if (usage.length > 0 || !dialect || !format || !version.ok) {
        for (const u of usage) io.stderr(`promforge check: ${u}\n`);
        setExit(exitCode({ usageErrors: usage.length, failures: 0 }));
        return;
      }
      const { checkFiles } = await import('../../rulefmt/check.js');
      const result = await checkFiles(paths, {
        dialect,
        ignoreUnknownFields: flags.ignoreUnknownFields === true,
        prometheusVersion: version.version,
        readStdin: () => io.readStdin(),
        cwd: io.cwd,
      });
      const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
      const warnings = result.diagnostics.filter((d) => d.severity === 'warning').length;
      const failures = errors + (flags.strict ? warnings : 0);
      const invalidFiles = new Set(result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.file)).size;
      for (const u of result.usageErrors) io.stderr(`promforge check: ${u}\n`);
      const { skipNote } = await import('../../fs/classify.js');
      for (const s of result.skipped) io.stderr(`promforge check: ${s.file}: ${skipNote(s.classification)}\n`);
      if (format === 'json') {
        const summary = { files: result.fileCount, invalidFiles, errors, warnings, valid: failures === 0 && result.usageErrors.length === 0 };
        const files = result.files.map((f) => ({
          path: f.path,
          format: f.format,
          groups: f.groups.length,
          rules: f.groups.reduce((n, g) => n + g.rules.length, 0),
        }));
        const skipped = result.skipped.map((s) => ({ path: s.file, kind: s.classification.kind, reason: s.classification.reason }));
        // The JSON keeps its documented fields; diagnostic codes are not part of it (yet).
        const diagnostics = result.diagnostics.map(({ code: _code, ...d }) => d);
        io.stdout(`${JSON.stringify({ summary, files, skipped, diagnostics, usageErrors: result.usageErrors }, null, 2)}\n`);
      } else {
        printDiagnostics(io.stdout, result.diagnostics);
        const rules = result.files.reduce((n, f) => n + f.groups.reduce((m, g) => m + g.rules.length, 0), 0);
        const verdict = failures === 0 && result.usageErrors.length === 0 ? 'valid' : 'INVALID';
        io.stdout(
          `${verdict}: ${plural(result.fileCount, 'file')} checked (${plural(rules, 'rule')}), ${plural(invalidFiles, 'invalid file')}, ` +
            `${plural(errors, 'error')}, ${plural(warnings, 'warning')}` +
            `${result.skipped.length > 0 ? `; ${plural(result.skipped.length, 'file')} skipped (not rule files)` : ''}\n`,
        );
      }
      setExit(exitCode({ usageErrors: result.usageErrors.length, failures }));
    });
  },
};
