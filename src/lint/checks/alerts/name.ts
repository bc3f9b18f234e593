// alerts/name: alert names in CamelCase (Prometheus's convention), so they
// read the same in every receiver and can be matched reliably.

import { compileAnchoredRegex } from '../../../promql/regex.js';
import type { RuleCheck } from '../../check.js';
import { atField } from '../../check.js';

export interface AlertNameOptions {
  /** RE2 regex (anchored) alert names must match. */
  readonly pattern: string;
}

export const alertName: RuleCheck<AlertNameOptions> = {
  scope: 'rule',
  meta: {
    id: 'alerts/name',
    defaultSeverity: 'info',
    description: 'Alert names that are not CamelCase (or do not match the configured pattern).',
    optionsSchema: {
      type: 'object',
      properties: { pattern: { type: 'string' } },
      additionalProperties: false,
    },
  },
  defaults: { pattern: '[A-Z][A-Za-z0-9]*' },
  check(rule, { options }) {
    if (rule.kind !== 'alert') return [];
    const re = compileAnchoredRegex(options.pattern);
    if (!re.ok) return [atField(`invalid alert name pattern "${options.pattern}": ${re.error}`, 'name', { severity: 'error' })];
    if (re.test(rule.name)) return [];
    return [atField(`alert name "${rule.name}" does not match ${options.pattern === '[A-Z][A-Za-z0-9]*' ? 'CamelCase' : `"${options.pattern}"`}`, 'name')];
  },
};
