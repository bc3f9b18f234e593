// How a unit test file's outcome is printed, by `promforge test` and by
// `promforge compile --test` alike (promtool's layout: "Unit Testing: f",
// then SUCCESS or FAILED with each failure).
import path from 'node:path';
import type { FileResult } from '../unittest/runner.js';
import type { CliIo } from './io.js';
import { isReadError } from '../diagnostics.js';

export type UnitTestOutcome = 'passed' | 'failed' | 'unreadable';

/** Prints one file's result after its "Unit Testing:" line; `shown` names it. */
export function reportUnitTestFile(io: CliIo, r: FileResult): UnitTestOutcome {
  if (r.passed && r.diagnostics.length === 0) {
    io.stdout('  SUCCESS\n\n');
    return 'passed';
  }
  io.stderr('  FAILED:\n');
  for (const d of r.diagnostics) {
    const file = path.relative(io.cwd, d.file) || d.file;
    io.stderr(isReadError(d) ? `${file}: ${d.message}\n` : `${file}:${d.line}:${d.column}: ${d.message}\n`);
  }
  for (const g of r.groups) for (const e of g.failures) io.stderr(`${e}\n\n`);
  io.stdout('\n');
  return r.diagnostics.some(isReadError) ? 'unreadable' : 'failed';
}
