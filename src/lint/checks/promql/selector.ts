// promql/selector: site policy on selectors, e.g. every selector must filter
// on `job` or `cluster`. Does nothing until configured.

import { walk } from '../../../promql/ast.js';
import { compileAnchoredRegex } from '../../../promql/regex.js';
import type { Finding, RuleCheck } from '../../check.js';
import { atExpr } from '../../check.js';
import { selectorName } from '../../expr-utils.js';

export interface SelectorOptions {
  /** Labels every selector must have a matcher on. */
  readonly requiredMatchers: readonly string[];
  /** Only apply to metrics whose name matches this RE2 regex (anchored); default all. */
  readonly metrics?: string;
  /** Metric names exempt from the requirement (e.g. `up` in absent()). */
  readonly ignoreMetrics: readonly string[];
}

export const selector: RuleCheck<SelectorOptions> = {
  scope: 'rule',
  meta: {
    id: 'promql/selector',
    defaultSeverity: 'warning',
    description: 'Selectors missing required label matchers (configurable policy; off until requiredMatchers is set).',
    optionsSchema: {
      type: 'object',
      properties: {
        requiredMatchers: { type: 'array', items: { type: 'string', minLength: 1 } },
        metrics: { type: 'string' },
        ignoreMetrics: { type: 'array', items: { type: 'string' } },
      },
      additionalProperties: false,
    },
  },
  defaults: { requiredMatchers: [], ignoreMetrics: [] },
  check(rule, { options }) {
    if (!rule.expr || options.requiredMatchers.length === 0) return [];
    const filter = options.metrics !== undefined ? compileAnchoredRegex(options.metrics) : undefined;
    const findings: Finding[] = [];
    walk(rule.expr, (node) => {
      if (node.kind !== 'VectorSelector') return;
      const name = selectorName(node);
      if (options.ignoreMetrics.includes(name)) return;
      if (filter && (!filter.ok || !filter.test(name))) return;
      for (const label of options.requiredMatchers) {
        if (!node.matchers.some((m) => m.name === label)) {
          findings.push(atExpr(`selector ${name || '{...}'} has no matcher on required label "${label}"`, node));
        }
      }
    });
    return findings;
  },
};
