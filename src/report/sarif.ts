// SARIF 2.1.0, for GitHub code scanning and other SARIF consumers.
import type { Severity } from '../diagnostics.js';
import type { Reporter } from './types.js';
import { sortProblems } from './types.js';

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };

export const sarifReporter: Reporter = (input) => {
  const problems = sortProblems(input.problems);
  const ruleIds = [...new Set(problems.map((p) => p.source ?? 'promforge'))].sort();
  const known = new Map((input.checks ?? []).map((c) => [c.id, c]));
  const rules = ruleIds.map((id) => {
    const c = known.get(id);
    return {
      id,
      ...(c
        ? {
            shortDescription: { text: c.description },
            helpUri: c.helpUri,
            defaultConfiguration: { level: LEVEL[c.defaultSeverity] },
          }
        : {}),
    };
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'promforge', version: input.toolVersion, informationUri: 'https://github.com/promforge/promforge', rules } },
        results: problems.map((p) => ({
          ruleId: p.source ?? 'promforge',
          ruleIndex: ruleIds.indexOf(p.source ?? 'promforge'),
          level: LEVEL[p.severity],
          message: { text: p.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: p.file.split('\\').join('/') },
                region: { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn },
              },
            },
          ],
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
