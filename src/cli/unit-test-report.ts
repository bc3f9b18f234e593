// How a unit test file's outcome is printed, by `promforge test` and by
// `promforge compile --test` alike (promtool's layout: "Unit Testing: f",
// then SUCCESS or FAILED with each failure).
import path from 'node:path';
import type { FileResult } from '../unittest/runner.js';
import type { CliIo } from './io.js';
import { formatFileDiagnostic, isReadError } from '../diagnostics.js';

export type UnitTestOutcome = 'passed' | 'failed' | 'unreadable';

/** Prints one file's result after its "Unit Testing:" line; `shown` names it. */
export function reportUnitTestFile(io: CliIo, r: FileResult): UnitTestOutcome {
  if (r.passed && r.diagnostics.length === 0) {
    io.stdout('  SUCCESS\n\n');
    return 'passed';
  }
  io.stderr('  FAILED:\n');
  for (const d of r.diagnostics) {
    io.stderr(`${formatFileDiagnostic({ ...d, file: path.relative(io.cwd, d.file) || d.file })}\n`);
  }
  for (const g of r.groups) for (const e of g.failures) io.stderr(`${e}\n\n`);
  io.stdout('\n');
  return r.diagnostics.some(isReadError) ? 'unreadable' : 'failed';
}

export interface UnitTestFileSummary {
  /** The file as the user named it. */
  readonly file: string;
  readonly result: FileResult;
  readonly outcome: UnitTestOutcome;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The last line of `promforge test`: how many test groups passed and failed,
 * and which files failed or could not run, so a long run ends with its
 * verdict instead of the last file's output.
 */
export function unitTestSummary(files: readonly UnitTestFileSummary[]): string {
  const groups = files.flatMap((f) => f.result.groups);
  const failedGroups = groups.filter((g) => g.failures.length > 0).length;
  const failedFiles = files.filter((f) => f.outcome === 'failed').map((f) => f.file);
  const unreadable = files.filter((f) => f.outcome === 'unreadable').map((f) => f.file);
  const details = [
    plural(files.length, 'file'),
    ...(failedFiles.length > 0 ? [`failed: ${failedFiles.join(', ')}`] : []),
    ...(unreadable.length > 0 ? [`could not run: ${unreadable.join(', ')}`] : []),
  ];
  return `${plural(groups.length, 'test group')}: ${groups.length - failedGroups} passed, ${failedGroups} failed (${details.join('; ')})\n`;
}
