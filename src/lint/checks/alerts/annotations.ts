// alerts/annotations: a site's annotation policy: annotations every alert
// must have and patterns their values must match. Which annotations a team
// requires (summary, description, runbook_url, dashboard...) is its own
// convention, so nothing is required until configured.

import { compileAnchoredRegex } from '../../../promql/regex.js';
import type { Finding, RuleCheck } from '../../check.js';
import { atField } from '../../check.js';

export interface AnnotationsOptions {
  readonly required: readonly string[];
  /** Annotation name → RE2 regex (anchored) its value must match. */
  readonly patterns: Readonly<Record<string, string>>;
}

export const annotations: RuleCheck<AnnotationsOptions> = {
  scope: 'rule',
  meta: {
    id: 'alerts/annotations',
    defaultSeverity: 'warning',
    description: 'Annotation policy (opt-in): alerts missing configured annotations, or with values not matching configured patterns.',
    optionsSchema: {
      type: 'object',
      properties: {
        required: { type: 'array', items: { type: 'string', minLength: 1 } },
        patterns: { type: 'object', additionalProperties: { type: 'string' } },
      },
      additionalProperties: false,
    },
  },
  defaults: { required: [], patterns: {} },
  check(rule, { options }) {
    if (rule.kind !== 'alert') return [];
    const findings: Finding[] = [];
    for (const name of options.required) {
      const value = rule.annotations[name];
      if (value === undefined) findings.push(atField(`alert is missing the "${name}" annotation`, 'annotations'));
      else if (value.trim() === '') findings.push(atField(`annotation "${name}" is empty`, 'annotations', { key: name }));
    }
    for (const [name, pattern] of Object.entries(options.patterns)) {
      const value = rule.annotations[name];
      if (value === undefined) continue;
      const re = compileAnchoredRegex(pattern);
      if (!re.ok) findings.push(atField(`invalid pattern for annotation "${name}": ${re.error}`, 'annotations', { key: name, severity: 'error' }));
      else if (!re.test(value)) findings.push(atField(`annotation "${name}" does not match the required pattern "${pattern}"`, 'annotations', { key: name }));
    }
    return findings;
  },
};
