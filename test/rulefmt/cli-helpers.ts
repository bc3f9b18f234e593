// Runs `promforge check` in-process through commander, the way the CLI does,
// without depending on the command registry.
import { Command, CommanderError } from 'commander';
import { checkCommand } from '../../src/cli/commands/check.js';
import { captureIo } from '../../src/cli/io.js';
import { EXIT_OK, EXIT_USAGE } from '../../src/cli/exit-codes.js';

export interface CheckRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCheck(args: readonly string[], options: { stdin?: string; cwd?: string } = {}): Promise<CheckRun> {
  const io = captureIo(options);
  let exit = EXIT_OK;
  const program = new Command('promforge').exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  checkCommand.register(program, { io, debug: () => false }, (code) => (exit = code));
  for (const sub of program.commands) sub.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  try {
    await program.parseAsync(['check', ...args], { from: 'user' });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    exit = err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  }
  return { code: exit, stdout: io.out.join(''), stderr: io.err.join('') };
}
