// Machine-readable problems: [{check, severity, file, line, column, endLine, endColumn, message}].
import type { Reporter } from './types.js';
import { sortProblems } from './types.js';

export const jsonReporter: Reporter = (input) => {
  const rows = sortProblems(input.problems).map((p) => ({
    check: p.source ?? null,
    severity: p.severity,
    file: p.file,
    line: p.line,
    column: p.column,
    endLine: p.endLine,
    endColumn: p.endColumn,
    message: p.message,
  }));
  return `${JSON.stringify(rows, null, 2)}\n`;
};
