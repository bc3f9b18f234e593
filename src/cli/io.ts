// The CLI writes through this interface so tests can run commands in-process
// and snapshot exactly what a user would see.

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Reads all of standard input (for `-` arguments). */
  readStdin(): Promise<string>;
  readonly isTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export interface CapturedIo extends CliIo {
  readonly out: string[];
  readonly err: string[];
}

/** An in-memory CliIo for tests. */
export function captureIo(options: { stdin?: string; cwd?: string; env?: Record<string, string> } = {}): CapturedIo {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    readStdin: async () => options.stdin ?? '',
    isTTY: false,
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
  };
}
