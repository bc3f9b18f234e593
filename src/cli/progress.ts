// The progress line long commands show on a terminal: loading a large samples
// file, a dry-run's evaluations, threshold fitting, a big unit-test suite.
// One line on stderr, rewritten in place with \r, at most ~10 times a second,
// and only when stderr is a terminal and --quiet is off: piped or redirected
// output, CI logs and tests see nothing. Library code never prints; it takes
// an optional `onProgress(done, total)` callback and the CLI feeds this.

export type ProgressUnit = 'items' | 'bytes';

export interface ProgressSnapshot {
  /** What is being done, e.g. "loading week.om.gz" or "evaluating". */
  readonly label: string;
  readonly done: number;
  /** Unknown while the amount of work is not known yet. */
  readonly total: number | undefined;
  readonly unit: ProgressUnit;
  readonly elapsedMs: number;
}

/** A remaining time as people say it: 45s, 3m05s, 1h20m. */
export function formatEta(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 * 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  return `${(n / (1024 * 1024 * 1024)).toFixed(2)} GiB`;
}

function formatAmount(n: number, unit: ProgressUnit): string {
  return unit === 'bytes' ? formatBytes(n) : String(n);
}

/**
 * The text of one progress line: label, percentage, counts and ETA. The ETA
 * assumes the rest goes at the average rate so far; it is left out until
 * there is a rate to extrapolate from.
 */
export function formatProgress(s: ProgressSnapshot): string {
  const done = Math.max(0, s.done);
  if (s.total === undefined || s.total <= 0) return `${s.label}: ${formatAmount(done, s.unit)}`;
  const total = s.total;
  const shown = Math.min(done, total);
  const percent = Math.floor((100 * shown) / total);
  const counts = s.unit === 'bytes' ? `${formatBytes(shown)}/${formatBytes(total)}` : `${shown}/${total}`;
  const eta = shown > 0 && shown < total && s.elapsedMs > 0 ? `, ETA ${formatEta((s.elapsedMs * (total - shown)) / shown)}` : '';
  return `${s.label}: ${percent}% (${counts}${eta})`;
}

/** One piece of long work being reported. */
export interface ProgressTask {
  update(done: number, total?: number): void;
  /** The work is over: erase the line. */
  end(): void;
}

export interface ProgressLineOptions {
  /** Whether to show anything: stderr is a terminal and --quiet is off. */
  readonly enabled: boolean;
  readonly write: (text: string) => void;
  readonly now?: () => number;
  /** Least time between two redraws (default 100 ms: 10 a second). */
  readonly minIntervalMs?: number;
  /** Show nothing for work that is over this soon (default 300 ms): no flicker on fast runs. */
  readonly delayMs?: number;
  /** Longest line drawn, so it never wraps (default 100 columns). */
  readonly columns?: number;
}

const NOOP_TASK: ProgressTask = { update: () => undefined, end: () => undefined };

/**
 * The single progress line of a command. Other output must not land in the
 * middle of it, so the CLI calls clear() before writing anything else; the
 * next update draws it again.
 */
export class ProgressLine {
  private shownWidth = 0;
  private shownText = '';
  private lastDrawMs = Number.NEGATIVE_INFINITY;
  private current: { label: string; unit: ProgressUnit; startMs: number; done: number; total: number | undefined } | undefined;
  private readonly now: () => number;

  constructor(private readonly options: ProgressLineOptions) {
    this.now = options.now ?? Date.now;
  }

  start(label: string, unit: ProgressUnit = 'items'): ProgressTask {
    if (!this.options.enabled) return NOOP_TASK;
    this.clear();
    const task = { label, unit, startMs: this.now(), done: 0, total: undefined as number | undefined };
    this.current = task;
    this.lastDrawMs = Number.NEGATIVE_INFINITY;
    return {
      update: (done, total) => {
        if (this.current !== task) return;
        task.done = done;
        if (total !== undefined) task.total = total;
        this.draw();
      },
      end: () => {
        if (this.current !== task) return;
        this.clear();
        this.current = undefined;
      },
    };
  }

  /** Erases the line, if one is shown. */
  clear(): void {
    if (this.shownWidth === 0) return;
    this.options.write(`\r${' '.repeat(this.shownWidth)}\r`);
    this.shownWidth = 0;
    this.shownText = '';
  }

  private draw(): void {
    const task = this.current;
    if (!task) return;
    const now = this.now();
    const elapsedMs = now - task.startMs;
    if (elapsedMs < (this.options.delayMs ?? 300) || now - this.lastDrawMs < (this.options.minIntervalMs ?? 100)) return;
    const columns = this.options.columns ?? 100;
    let text = formatProgress({ label: task.label, done: task.done, total: task.total, unit: task.unit, elapsedMs });
    if (text.length > columns) text = `${text.slice(0, columns - 1)}…`;
    if (text === this.shownText) return;
    this.lastDrawMs = now;
    this.shownText = text;
    // Pad over the previous, longer line instead of relying on terminal escapes.
    const pad = Math.max(0, this.shownWidth - text.length);
    this.options.write(`\r${text}${' '.repeat(pad)}`);
    this.shownWidth = text.length;
  }
}

/**
 * Runs `work` under a progress line labelled `label`, handing it the
 * `onProgress(done, total)` callback library functions take; the line is
 * erased when the work settles.
 */
export async function withProgress<T>(
  io: { progress?(label: string, unit?: ProgressUnit): ProgressTask },
  label: string,
  unit: ProgressUnit,
  work: (onProgress: (done: number, total: number) => void) => T | Promise<T>,
): Promise<T> {
  const task = io.progress?.(label, unit) ?? NOOP_TASK;
  try {
    return await work((done, total) => task.update(done, total));
  } finally {
    task.end();
  }
}
