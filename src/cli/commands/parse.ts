// `promforge parse`: parse and type-check one PromQL expression, print its
// type and canonical (or pretty) form, or the errors with line:col.
import type { CommandModule } from '../program.js';
import { EXIT_OK, EXIT_PROBLEMS } from '../exit-codes.js';

interface ParseFlags {
  json?: boolean;
  pretty?: boolean;
  experimental?: boolean;
}

export const parseCommand: CommandModule = {
  register(program, ctx, setExit) {
    program
      .command('parse')
      .description('parse and type-check a PromQL expression; print its type and canonical form')
      .argument('<expr>', 'the PromQL expression, or - to read it from standard input')
      .option('--json', 'print {type, expr, ast} (or {errors}) as JSON')
      .option('--pretty', 'print the multi-line pretty form instead of the single-line canonical form')
      .option('--no-experimental', 'reject experimental syntax and functions, like Prometheus without feature flags')
      .action(async (exprArg: string, flags: ParseFlags) => {
        const { io } = ctx;
        const text = exprArg === '-' ? (await io.readStdin()).replace(/\n$/, '') : exprArg;
        const [{ parseExpr }, { printExpr }, { prettyPrint }, { SourceText }] = await Promise.all([
          import('../../promql/parse.js'),
          import('../../promql/printer.js'),
          import('../../promql/pretty.js'),
          import('../../positions.js'),
        ]);
        const result = parseExpr(text, { experimental: flags.experimental !== false });
        if (!result.expr || !result.type) {
          if (flags.json) {
            const errors = result.diagnostics.map((d) => ({ message: d.message, start: d.pos.start, end: d.pos.end }));
            io.stdout(`${JSON.stringify({ errors }, null, 2)}\n`);
          } else {
            const source = new SourceText(text);
            for (const d of result.diagnostics) {
              const { line, column } = source.positionAt(d.pos.start);
              io.stderr(`${line}:${column}: ${d.message}\n`);
            }
          }
          setExit(EXIT_PROBLEMS);
          return;
        }
        const printed = flags.pretty ? prettyPrint(result.expr) : printExpr(result.expr);
        if (flags.json) io.stdout(`${JSON.stringify({ type: result.type, expr: printed, ast: result.expr }, null, 2)}\n`);
        else io.stdout(`type: ${result.type}\n${printed}\n`);
        setExit(EXIT_OK);
      });
  },
};
