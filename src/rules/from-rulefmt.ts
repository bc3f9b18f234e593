// Builds the evaluation model from a validated rule file: durations to
// milliseconds, group labels merged under rule labels (rule labels win, as
// in Prometheus 3.x), parsed expressions.

import type { RuleFile, LabelMap } from '../rulefmt/model.js';
import type { EvalGroup, EvalRule } from './types.js';
import type { Expr } from '../promql/ast.js';
import { parseExpr } from '../promql/parse.js';
import { printExpr } from '../promql/printer.js';
import type { PrometheusVersion } from '../version/version.js';

/**
 * The expression a Prometheus rule actually runs: rules query with
 * `expr.String()`, which sorts each selector's matchers by their text, and
 * matcher order is visible in absent()'s labels (`absent(x{j="a", j!~"b"})`
 * keeps no `j`, but printed as `x{j!~"b",j="a"}` it keeps `j="a"`).
 */
function asPrometheusRuns(expr: Expr, version: PrometheusVersion | undefined): Expr {
  const text = printExpr(expr);
  // Only absent() and absent_over_time() can tell matcher orders apart.
  if (!text.includes('absent')) return expr;
  const reparsed = parseExpr(text, version ? { version } : {});
  return reparsed.expr ?? expr;
}

function pairs(map: LabelMap | undefined): [string, string][] {
  return (map?.entries ?? []).map((e) => [e.name.value, e.value.value]);
}

/** Rule labels override group labels with the same name. */
function mergeLabels(group: [string, string][], rule: [string, string][]): [string, string][] {
  const out = new Map(group);
  for (const [k, v] of rule) out.set(k, v);
  return [...out];
}

/** The groups of a rule file whose rules all parsed (callers check diagnostics first). */
export function evalGroupsFromRuleFile(file: RuleFile, version?: PrometheusVersion): EvalGroup[] {
  return file.groups.map((g) => {
    const groupLabels = pairs(g.labels);
    const rules: EvalRule[] = [];
    for (const r of g.rules) {
      if (!r.expr.expr) continue;
      const labels = mergeLabels(groupLabels, pairs(r.labels));
      const expr = asPrometheusRuns(r.expr.expr, version);
      if (r.kind === 'recording') rules.push({ kind: 'recording', name: r.record.value, expr, labels });
      else {
        rules.push({
          kind: 'alerting',
          name: r.alert.value,
          expr,
          labels,
          annotations: pairs(r.annotations),
          forMs: r.for?.value.ms ?? 0,
          keepFiringForMs: r.keepFiringFor?.value.ms ?? 0,
        });
      }
    }
    return {
      name: g.name.value,
      ...(g.interval ? { intervalMs: g.interval.value.ms } : {}),
      queryOffsetMs: g.queryOffset?.value.ms ?? g.evaluationDelay?.value.ms ?? 0,
      limit: g.limit?.value ?? 0,
      rules,
      file: file.path,
    };
  });
}
