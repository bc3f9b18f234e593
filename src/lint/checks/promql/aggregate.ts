// promql/aggregate: site policy on aggregations: labels every aggregation
// must keep (e.g. `cluster`, for routing) or must strip (e.g. `instance`, for
// cardinality). Does nothing until configured.

import type { AggregateExpr } from '../../../promql/ast.js';
import { walk } from '../../../promql/ast.js';
import type { Finding, RuleCheck } from '../../check.js';
import { atExpr } from '../../check.js';

export interface AggregateOptions {
  readonly keep: readonly string[];
  readonly strip: readonly string[];
  /** Only for rules of this kind (default both). */
  readonly kind?: 'alert' | 'record';
}

/** Aggregations whose output keeps its input labels unchanged. */
const LABEL_PRESERVING = new Set(['topk', 'bottomk', 'limitk', 'limit_ratio']);

function keeps(agg: AggregateExpr, label: string): boolean {
  return agg.without ? !agg.grouping.includes(label) : agg.grouping.includes(label);
}

export const aggregate: RuleCheck<AggregateOptions> = {
  scope: 'rule',
  meta: {
    id: 'promql/aggregate',
    defaultSeverity: 'warning',
    description: 'Aggregations that drop labels that must be kept or keep labels that must be stripped (configurable policy).',
    optionsSchema: {
      type: 'object',
      properties: {
        keep: { type: 'array', items: { type: 'string', minLength: 1 } },
        strip: { type: 'array', items: { type: 'string', minLength: 1 } },
        kind: { enum: ['alert', 'record'] },
      },
      additionalProperties: false,
    },
  },
  defaults: { keep: [], strip: [] },
  check(rule, { options }) {
    if (!rule.expr || (options.kind !== undefined && options.kind !== rule.kind)) return [];
    const findings: Finding[] = [];
    walk(rule.expr, (node) => {
      if (node.kind !== 'AggregateExpr' || LABEL_PRESERVING.has(node.op)) return;
      for (const l of options.keep) {
        if (!keeps(node, l)) findings.push(atExpr(`${node.op}() drops label "${l}", which must be kept`, node));
      }
      for (const l of options.strip) {
        if (keeps(node, l)) findings.push(atExpr(`${node.op}() keeps label "${l}", which must be stripped`, node));
      }
    });
    return findings;
  },
};
