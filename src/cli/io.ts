// The CLI writes through this interface so tests can run commands in-process
// and snapshot exactly what a user would see.
import type { ProgressTask, ProgressUnit } from './progress.js';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Reads all of standard input (for `-` arguments). */
  readStdin(): Promise<string>;
  readonly isTTY: boolean;
  /** Whether stderr is a terminal: the progress line shows only then. */
  readonly stderrIsTTY?: boolean;
  /** The clock progress ETAs are measured with (tests pass a fake one). */
  readonly now?: () => number;
  /**
   * Starts a progress line for long work (progress.ts); runCli provides it,
   * and it draws nothing unless stderr is a terminal and --quiet is off.
   */
  progress?(label: string, unit?: ProgressUnit): ProgressTask;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export interface CapturedIo extends CliIo {
  readonly out: string[];
  readonly err: string[];
}

/** An in-memory CliIo for tests. */
export function captureIo(options: { stdin?: string; cwd?: string; env?: Record<string, string>; stderrIsTTY?: boolean; now?: () => number } = {}): CapturedIo {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    readStdin: async () => options.stdin ?? '',
    isTTY: false,
    ...(options.stderrIsTTY !== undefined ? { stderrIsTTY: options.stderrIsTTY } : {}),
    ...(options.now ? { now: options.now } : {}),
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
  };
}
