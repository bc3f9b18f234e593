// promql/selector: site policy on selectors, e.g. every selector must filter
// on `job` or `cluster`. Does nothing until configured.

import { compileAnchoredRegex } from '../../../promql/regex.js';
import type { VisitorCheck } from '../../check.js';
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

export const selector: VisitorCheck<SelectorOptions> = {
  scope: 'visitor',
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
  create({ options, report }) {
    if (options.requiredMatchers.length === 0) return undefined;
    const filter = options.metrics !== undefined ? compileAnchoredRegex(options.metrics) : undefined;
    return {
      VectorSelector(node) {
        const name = selectorName(node);
        if (options.ignoreMetrics.includes(name)) return;
        if (filter && (!filter.ok || !filter.test(name))) return;
        for (const label of options.requiredMatchers) {
          if (!node.matchers.some((m) => m.name === label)) {
            report(atExpr(`selector ${name || '{...}'} has no matcher on required label "${label}"`, node));
          }
        }
      },
    };
  },
};
