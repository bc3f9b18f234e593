// alerts/annotations: required annotations (summary and description by
// default) and, optionally, patterns their values must match.

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
    description: 'Alerts missing required annotations (summary, description) or with values not matching configured patterns.',
    optionsSchema: {
      type: 'object',
      properties: {
        required: { type: 'array', items: { type: 'string', minLength: 1 } },
        patterns: { type: 'object', additionalProperties: { type: 'string' } },
      },
      additionalProperties: false,
    },
  },
  defaults: { required: ['summary', 'description'], patterns: {} },
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
