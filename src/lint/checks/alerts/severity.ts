// alerts/severity: a site's label policy for alert routing: alerts carry a
// severity label (configurable name) with one of the values its routes know.
// Vocabularies differ per organisation (`critical`/`warning`, `page`/`task`,
// `s1`..`s4`), so there is no built-in list: the check does nothing until
// `required` or `allowed` is configured. Group labels count: Prometheus 3.x
// adds a group's `labels:` to every rule of the group.

import type { Finding, RuleCheck } from '../../check.js';
import { atField } from '../../check.js';
import { outputLabels } from '../../rule-context.js';

export interface SeverityOptions {
  readonly label: string;
  /** Alerts must carry the label (from the rule or its group). */
  readonly required: boolean;
  /** Values the label may take, on any rule that carries it (recording rules too); empty: any value. */
  readonly allowed: readonly string[];
}

export const severity: RuleCheck<SeverityOptions> = {
  scope: 'rule',
  meta: {
    id: 'alerts/severity',
    defaultSeverity: 'warning',
    description: 'Label policy (opt-in): alerts without the configured severity label, or rules with a value outside the configured set.',
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
  defaults: { label: 'severity', required: false, allowed: [] },
  check(rule, { options }) {
    const own = rule.labels[options.label];
    const value = own ?? outputLabels(rule)[options.label];
    const findings: Finding[] = [];
    if (value === undefined) {
      if (options.required && rule.kind === 'alert') findings.push(atField(`alert has no "${options.label}" label`, 'labels'));
    } else if (options.allowed.length > 0 && !options.allowed.includes(value)) {
      const from = own === undefined ? ' (from the group labels)' : '';
      findings.push(
        atField(
          `"${options.label}" is "${value}"${from}; allowed values: ${options.allowed.join(', ')}`,
          'labels',
          own === undefined ? {} : { key: options.label },
        ),
      );
    }
    return findings;
  },
};
