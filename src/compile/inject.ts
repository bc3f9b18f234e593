// AST injection, the two transformations a pack applies to every expression:
//   - selector injection: a `selector` parameter's matchers are added to every
//     vector selector (or only to those of the named metrics), wherever the
//     selector sits: inside functions, subqueries, binary expressions, with
//     `offset`/`@` modifiers kept;
//   - label injection (mimirtool's `rules prepare`): a label such as `cluster`
//     is added to every `by (...)` grouping and every `on (...)` matching, so
//     aggregations and joins never merge series of different clusters.
//     `without (...)` and `ignoring (...)` already keep the label and are left
//     alone, as are aggregations that do not group (`topk` keeps its input's
//     labels anyway, but its `by` clause is still extended).
import { metricNameOf, type Expr, type LabelMatcher } from '../promql/ast.js';
import type { SelectorMatcher } from './params.js';
import { rewriteExpr } from './transform.js';

export interface SelectorInjection {
  readonly matchers: readonly SelectorMatcher[];
  /** When set, only selectors of these metric names get the matchers. */
  readonly metrics?: readonly string[];
  /** Selectors of these metrics are left alone (series recorded by the pack itself, already filtered). */
  readonly exceptMetrics?: ReadonlySet<string>;
}

/** Adds matchers to vector selectors; a matcher identical to one already present is not repeated. */
export function injectSelector(expr: Expr, injection: SelectorInjection): Expr {
  if (injection.matchers.length === 0) return expr;
  const only = injection.metrics ? new Set(injection.metrics) : undefined;
  return rewriteExpr(expr, {
    selector: (vs) => {
      const name = metricNameOf(vs);
      if (only && (name === undefined || !only.has(name))) return vs;
      if (name !== undefined && injection.exceptMetrics?.has(name)) return vs;
      const added: LabelMatcher[] = [];
      for (const m of injection.matchers) {
        const present = [...vs.matchers, ...added].some((x) => x.name === m.name && x.op === m.op && x.value === m.value);
        if (!present) added.push({ ...m, pos: vs.pos });
      }
      return added.length === 0 ? vs : { ...vs, matchers: [...vs.matchers, ...added] };
    },
  });
}

/** Adds labels to every `by (...)` and `on (...)` clause (and gives plain aggregations a `by`). */
export function injectGroupingLabels(expr: Expr, labels: readonly string[]): Expr {
  if (labels.length === 0) return expr;
  const extend = (list: readonly string[]): string[] => [...list, ...labels.filter((l) => !list.includes(l))];
  return rewriteExpr(expr, {
    expr: (node) => {
      if (node.kind === 'AggregateExpr' && !node.without) {
        return { ...node, grouping: extend(node.grouping), hasGrouping: true };
      }
      if (node.kind === 'BinaryExpr' && node.matching?.on && node.matching.explicit) {
        return { ...node, matching: { ...node.matching, matchingLabels: extend(node.matching.matchingLabels) } };
      }
      return node;
    },
  });
}
