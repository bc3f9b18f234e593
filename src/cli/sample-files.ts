// Loading the recorded-samples files a command was given (--samples), the
// same way for dryrun, thresholds, score and query: each file's problems are
// printed (capped per file), an unreadable file makes the run a usage/I-O
// failure (exit 2) and a malformed one a problem in the input (exit 1).
import path from 'node:path';
import { printDiagnostics } from '../diagnostics.js';
import { outcomeOf } from './exit-codes.js';
import type { RecordedSeries } from '../samples/types.js';
import type { CliIo } from './io.js';
import { withProgress } from './progress.js';

export interface LoadedSampleFiles {
  readonly series: RecordedSeries[];
  /** Files that could not be read at all. */
  readonly usageErrors: number;
  /** Error diagnostics in files that were read. */
  readonly failures: number;
}

/**
 * Loads every file (names as the user wrote them, relative to io.cwd) and
 * prints its diagnostics to stderr; `errorsOnly` leaves warnings and notes out.
 */
export async function loadSampleFiles(io: CliIo, files: readonly string[], options: { errorsOnly?: boolean } = {}): Promise<LoadedSampleFiles> {
  const { loadSamples } = await import('../samples/index.js');
  const series: RecordedSeries[] = [];
  let usageErrors = 0;
  let failures = 0;
  for (const file of files) {
    const loaded = await withProgress(io, `loading ${file}`, 'bytes', (onProgress) =>
      loadSamples(path.resolve(io.cwd, file), { displayName: file, onProgress }),
    );
    printDiagnostics(io.stderr, options.errorsOnly ? loaded.diagnostics.filter((d) => d.severity === 'error') : loaded.diagnostics);
    const outcome = outcomeOf(loaded.diagnostics);
    usageErrors += outcome.usageErrors;
    failures += outcome.failures;
    series.push(...loaded.series);
  }
  return { series, usageErrors, failures };
}
