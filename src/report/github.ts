// GitHub Actions workflow commands: annotations on the pull request diff.
import type { Severity } from '../diagnostics.js';
import type { Reporter } from './types.js';
import { sortProblems } from './types.js';

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** Workflow-command escaping: properties escape `,` and `:` too. */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export const githubReporter: Reporter = (input) =>
  sortProblems(input.problems)
    .map((p) => {
      const props = [
        `file=${escapeProperty(p.file)}`,
        `line=${p.line}`,
        `col=${p.column}`,
        `endLine=${p.endLine}`,
        `endColumn=${p.endColumn}`,
        ...(p.source ? [`title=${escapeProperty(p.source)}`] : []),
      ];
      return `::${LEVEL[p.severity]} ${props.join(',')}::${escapeData(p.message)}\n`;
    })
    .join('');
