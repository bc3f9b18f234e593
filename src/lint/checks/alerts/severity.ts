// alerts/severity: every alert carries a severity label with one of the
// values the alert routing knows.

import type { Finding, RuleCheck } from '../../check.js';
import { atField } from '../../check.js';

export interface SeverityOptions {
  readonly label: string;
  readonly required: boolean;
  readonly allowed: readonly string[];
}

export const severity: RuleCheck<SeverityOptions> = {
  scope: 'rule',
  meta: {
    id: 'alerts/severity',
    defaultSeverity: 'warning',
    description: 'Alerts without a severity label, or with a value outside the allowed set.',
    optionsSchema: {
      type: 'object',
      properties: {
        label: { type: 'string', minLength: 1 },
        required: { type: 'boolean' },
        allowed: { type: 'array', items: { type: 'string' } },
      },
      additionalProperties: false,
    },
  },
  defaults: { label: 'severity', required: true, allowed: ['critical', 'warning', 'info'] },
  check(rule, { options }) {
    if (rule.kind !== 'alert') return [];
    const value = rule.labels[options.label];
    const findings: Finding[] = [];
    if (value === undefined) {
      if (options.required) findings.push(atField(`alert has no "${options.label}" label`, 'labels'));
    } else if (options.allowed.length > 0 && !options.allowed.includes(value)) {
      findings.push(
        atField(`"${options.label}" is "${value}"; allowed values: ${options.allowed.join(', ')}`, 'labels', { key: options.label, severity: 'error' }),
      );
    }
    return findings;
  },
};
