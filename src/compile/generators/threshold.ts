// `threshold`: one alert per row of a thresholds table — the query restricted
// to the row's label set, compared with the row's value (one alert per tier
// when the row has several), plus the table's default for everything else.
import { printExpr } from '../../promql/printer.js';
import { SINGLE_THRESHOLD } from '../thresholds.js';
import { annotationsOf, applyVariant, mergeLabels, num, tableVariants } from './common.js';
import type { GeneratedRule, Generator } from './context.js';

export const thresholdGenerator: Generator = ({ name, params }) => {
  const query = params.promql('query');
  const op = params.oneOf('op', ['>', '>=', '<', '<=', '==', '!='] as const, '>');
  const forMs = params.duration('for');
  const severity = params.string('severity') ?? 'warning';
  const table = params.table('thresholds');
  if (!query || !table) return [];
  // Parenthesised only when an operator inside could bind differently next to the comparison.
  const queryText = query.kind === 'BinaryExpr' ? `(${printExpr(query)})` : printExpr(query);
  const userLabels = params.stringMap('labels');
  const runbook = params.string('runbook_url', false);
  const rules: GeneratedRule[] = [];
  for (const v of tableVariants(table, queryText)) {
    const row = v.row!;
    for (const [tier, value] of [...row.threshold].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const sev = tier === SINGLE_THRESHOLD ? (row.severity ?? severity) : tier;
      rules.push({
        kind: 'alert',
        name,
        exprText: applyVariant(v, `${queryText} ${op} ${num(value)}`),
        ...(forMs !== undefined ? { forMs } : {}),
        labels: mergeLabels([['severity', sev]], userLabels),
        annotations: annotationsOf({
          summary: params.string('summary', false) ?? `${name}: {{ $value | humanize }} ${op} ${num(value)}`,
          description: params.string('description', false),
          runbook_url: runbook,
        }),
      });
    }
  }
  return rules;
};
