// rule/name: recording rule names follow `level:metric:operations`, so a
// reader knows the aggregation level, the source metric and what was done.

import { compileAnchoredRegex } from '../../../promql/regex.js';
import type { RuleCheck } from '../../check.js';
import { atField } from '../../check.js';

export interface RecordNameOptions {
  /** RE2 regex (anchored) recording rule names must match. */
  readonly pattern: string;
}

// The level may be empty (`:metric:op`, used for results without labels, e.g. in the Thanos mixin).
const LEVEL_METRIC_OPERATIONS = '[a-zA-Z0-9_]*:[a-zA-Z_][a-zA-Z0-9_:]*:[a-zA-Z0-9_]+';

export const recordName: RuleCheck<RecordNameOptions> = {
  scope: 'rule',
  meta: {
    id: 'rule/name',
    defaultSeverity: 'info',
    description: 'Recording rule names not following level:metric:operations.',
    optionsSchema: {
      type: 'object',
      properties: { pattern: { type: 'string' } },
      additionalProperties: false,
    },
  },
  defaults: { pattern: LEVEL_METRIC_OPERATIONS },
  check(rule, { options }) {
    if (rule.kind !== 'record') return [];
    const re = compileAnchoredRegex(options.pattern);
    if (!re.ok) return [atField(`invalid recording rule name pattern "${options.pattern}": ${re.error}`, 'name', { severity: 'error' })];
    if (re.test(rule.name)) return [];
    const expected = options.pattern === LEVEL_METRIC_OPERATIONS ? 'level:metric:operations' : `"${options.pattern}"`;
    return [atField(`recording rule name "${rule.name}" does not follow ${expected}`, 'name')];
  },
};
