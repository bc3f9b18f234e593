// Builds the commander program from the command registry and runs it. Every
// command is a thin layer over the library: it parses arguments, calls the
// library (imported lazily, so start-up stays cheap), prints, and returns an
// exit code computed by exit-codes.ts.
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import type { CliIo } from './io.js';
import { COMMANDS } from './commands/index.js';
import { ProgressLine } from './progress.js';

export interface CommandContext {
  readonly io: CliIo;
  /** Set by --debug: internal errors print their stack. */
  readonly debug: () => boolean;
}

/** A command: registers itself on the program; its action resolves to an exit code. */
export interface CommandModule {
  register(program: Command, ctx: CommandContext, setExit: (code: number) => void): void;
}

export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function nodeIo(): CliIo {
  // A reader that goes away (`promforge lint | head`) closes the pipe: further
  // output is dropped and the command finishes with its own exit code,
  // instead of dying on an unhandled EPIPE.
  const closed = { stdout: false, stderr: false };
  const guard = (name: 'stdout' | 'stderr') => (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') closed[name] = true;
    else throw e;
  };
  process.stdout.on('error', guard('stdout'));
  process.stderr.on('error', guard('stderr'));
  return {
    stdout: (t) => void (closed.stdout || process.stdout.write(t)),
    stderr: (t) => void (closed.stderr || process.stderr.write(t)),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    isTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    cwd: process.cwd(),
  };
}

/**
 * The io commands see: any output first erases the progress line, so a
 * message never lands in the middle of it, and `progress` draws on stderr
 * only when that is a terminal and --quiet is off.
 */
function withProgress(io: CliIo, quiet: () => boolean): { io: CliIo; clear: () => void } {
  let line: ProgressLine | undefined;
  const wrapped: CliIo = {
    ...io,
    stdout: (t) => {
      line?.clear();
      io.stdout(t);
    },
    stderr: (t) => {
      line?.clear();
      io.stderr(t);
    },
    progress: (label, unit) => {
      line ??= new ProgressLine({ enabled: (io.stderrIsTTY ?? false) && !quiet(), write: io.stderr, ...(io.now ? { now: io.now } : {}) });
      return line.start(label, unit);
    },
  };
  return { io: wrapped, clear: () => line?.clear() };
}

export async function runCli(argv: readonly string[], outerIo: CliIo): Promise<number> {
  let exit = EXIT_OK;
  let debug = false;
  let quiet = false;
  const progress = withProgress(outerIo, () => quiet);
  const io = progress.io;
  const program = new Command('promforge');
  program
    .description('A toolchain for Prometheus rules: parse, check, lint, evaluate, test and compile.')
    .version(version(), '-V, --version')
    .option('--debug', 'show internal stack traces on unexpected errors')
    .option('-q, --quiet', 'no progress line on stderr during long work')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  program.hook('preAction', (cmd) => {
    debug = Boolean(cmd.optsWithGlobals()['debug']);
    quiet = Boolean(cmd.optsWithGlobals()['quiet']);
  });
  const ctx: CommandContext = { io, debug: () => debug };
  for (const command of COMMANDS) command.register(program, ctx, (code) => (exit = code));
  // Subcommands inherit the overrides so their usage errors become exit codes too.
  for (const sub of program.commands) sub.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    progress.clear();
    return exit;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version "errors" are successful exits.
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT_OK;
      return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    // Anything else is a bug in promforge, not in the user's input.
    const e = err as Error;
    io.stderr(`promforge: internal error: ${e.message}\n`);
    if (debug) io.stderr(`${e.stack ?? ''}\n`);
    else io.stderr('(run with --debug for a stack trace, and please report it)\n');
    return EXIT_USAGE;
  }
}
