// promql/aggregate: site policy on aggregations: labels every aggregation
// must keep (e.g. `cluster`, for routing) or must strip (e.g. `instance`, for
// cardinality). Does nothing until configured.

import type { AggregateExpr, Expr } from '../../../promql/ast.js';
import { children } from '../../../promql/ast.js';
import { outputLabels } from '../../rule-context.js';
import type { NodeHandlers, VisitorCheck } from '../../check.js';
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

/**
 * The operands whose labels reach the result: both sides of `or` and of
 * one-to-one arithmetic, the left of `and`/`unless`, the "many" side of
 * group_left/group_right (the other side only contributes copied labels).
 */
function outputOperands(node: Expr): readonly Expr[] {
  if (node.kind !== 'BinaryExpr') return children(node);
  if (node.op === 'and' || node.op === 'unless') return [node.lhs];
  const card = node.matching?.card;
  if (card === 'many-to-one') return [node.lhs];
  if (card === 'one-to-many') return [node.rhs];
  return [node.lhs, node.rhs];
}

export const aggregate: VisitorCheck<AggregateOptions> = {
  scope: 'visitor',
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
  create({ rule, options, report }) {
    if (options.kind !== undefined && options.kind !== rule.kind) return undefined;
    // A label the rule sets itself is on the output whatever the query does.
    const keep = options.keep.filter((l) => !(l in outputLabels(rule)));
    if (keep.length === 0 && options.strip.length === 0) return undefined;
    // The walk goes down the paths whose labels reach the result: each node on
    // one gets the labels still in question from its parent, and a node that
    // did not get any is off those paths (its children are skipped). An
    // aggregation that strips a label settles it for everything below; one
    // that keeps a label that must be kept passes the question to its input.
    const inQuestion = new Map<Expr, { readonly mustKeep: readonly string[]; readonly mustStrip: readonly string[] }>([
      [rule.expr, { mustKeep: keep, mustStrip: options.strip }],
    ]);
    const visit = (node: Expr): boolean | void => {
      const labels = inQuestion.get(node);
      inQuestion.delete(node);
      if (!labels || (labels.mustKeep.length === 0 && labels.mustStrip.length === 0)) return false;
      const { mustKeep, mustStrip } = labels;
      if (node.kind === 'AggregateExpr' && !LABEL_PRESERVING.has(node.op)) {
        for (const l of mustKeep) if (!keeps(node, l)) report(atExpr(`${node.op}() drops label "${l}", which must be kept`, node));
        for (const l of mustStrip) if (keeps(node, l)) report(atExpr(`${node.op}() keeps label "${l}", which must be stripped`, node));
        // Reported or settled here either way; only kept labels still depend on the input.
        inQuestion.set(node.expr, { mustKeep: mustKeep.filter((l) => keeps(node, l)), mustStrip: [] });
        return undefined;
      }
      for (const child of outputOperands(node)) inQuestion.set(child, labels);
      return undefined;
    };
    // Every kind that has children; selectors and literals have none to pass the question to.
    const handlers: NodeHandlers = {
      MatrixSelector: visit,
      SubqueryExpr: visit,
      Call: visit,
      AggregateExpr: visit,
      BinaryExpr: visit,
      UnaryExpr: visit,
      ParenExpr: visit,
    };
    return handlers;
  },
};
