// alerts/for: the pending period of an alert. Missing or zero `for` alerts on
// a single bad evaluation; a `for` shorter than the group interval is rounded
// up to it; keep_firing_for shorter than the interval does nothing.

import type { Finding, RuleCheck } from '../../check.js';
import { atField } from '../../check.js';
import { fmtMs } from '../../expr-utils.js';

export interface ForOptions {
  /** Report alerts without `for` (info). */
  readonly requireFor: boolean;
}

export const forCheck: RuleCheck<ForOptions> = {
  scope: 'rule',
  meta: {
    id: 'alerts/for',
    defaultSeverity: 'warning',
    description: 'Missing, zero or redundant `for`, `for` shorter than the group interval, and `keep_firing_for` that cannot take effect.',
    optionsSchema: {
      type: 'object',
      properties: { requireFor: { type: 'boolean' } },
      additionalProperties: false,
    },
  },
  defaults: { requireFor: true },
  check(rule, { options, env }) {
    if (rule.kind !== 'alert') return [];
    const interval = rule.group.intervalMs ?? env.evaluationIntervalMs;
    const findings: Finding[] = [];
    if (rule.forMs === undefined) {
      if (options.requireFor) {
        findings.push(atField('alert has no "for": it fires on the first evaluation that matches, so a single spike pages', 'name', { severity: 'info' }));
      }
    } else if (rule.forMs === 0) {
      findings.push(atField('"for: 0s" is the default and can be removed (the alert fires on the first matching evaluation)', 'for', { severity: 'info' }));
    } else if (rule.forMs < interval) {
      findings.push(
        atField(
          `"for" ${fmtMs(rule.forMs)} is shorter than the group evaluation interval ${fmtMs(interval)}: the alert is pending for at least ${fmtMs(interval)}`,
          'for',
        ),
      );
    }
    if (rule.keepFiringForMs !== undefined) {
      if (rule.keepFiringForMs === 0) {
        findings.push(atField('"keep_firing_for: 0s" is the default and can be removed', 'keep_firing_for', { severity: 'info' }));
      } else if (rule.keepFiringForMs < interval) {
        findings.push(
          atField(
            `"keep_firing_for" ${fmtMs(rule.keepFiringForMs)} is shorter than the group evaluation interval ${fmtMs(interval)}: it has no effect`,
            'keep_firing_for',
          ),
        );
      }
    }
    return findings;
  },
};
