// rule/dependency: a rule reading a recording rule's output. Within one group
// rules run in order, so reading a rule defined later sees the previous
// cycle's value; across groups there is no ordering at all; and reading a
// `level:metric:op` name no rule defines finds nothing.

import type { Expr } from '../../../promql/ast.js';
import { metricNameOf, walk } from '../../../promql/ast.js';
import type { Finding, RuleSetCheck } from '../../check.js';
import { atExpr } from '../../check.js';
import type { LintRule } from '../../rule-context.js';

export interface DependencyOptions {
  /** Report reads of colon-named series no linted rule defines (turn off when linting a subset of files). */
  readonly reportUndefined: boolean;
  /** Report reads of recording rules evaluated in another group (info). */
  readonly reportOtherGroup: boolean;
}

function readsSeries(expr: Expr): boolean {
  let found = false;
  walk(expr, (n) => {
    if (n.kind === 'VectorSelector') found = true;
    return !found;
  });
  return found;
}

export const dependency: RuleSetCheck<DependencyOptions> = {
  scope: 'ruleset',
  meta: {
    id: 'rule/dependency',
    defaultSeverity: 'warning',
    description: 'Rules reading recording rules that are defined later in the group, in another group, or nowhere.',
    optionsSchema: {
      type: 'object',
      properties: { reportUndefined: { type: 'boolean' }, reportOtherGroup: { type: 'boolean' } },
      additionalProperties: false,
    },
  },
  defaults: { reportUndefined: true, reportOtherGroup: true },
  check(rules, { options }) {
    const producers = new Map<string, LintRule[]>();
    for (const r of rules) if (r.kind === 'record') producers.set(r.name, [...(producers.get(r.name) ?? []), r]);
    const out: { rule: LintRule; finding: Finding }[] = [];
    for (const rule of rules) {
      if (!rule.expr) continue;
      walk(rule.expr, (node) => {
        if (node.kind !== 'VectorSelector') return;
        const name = metricNameOf(node);
        if (name === undefined) return;
        const defs = producers.get(name);
        if (!defs) {
          // A leading colon is skipped: some exporters (TensorFlow Serving) export such names.
          if (options.reportUndefined && name.includes(':') && !name.startsWith(':')) {
            out.push({ rule, finding: atExpr(`"${name}" looks like a recording rule output but no rule defines it`, node) });
          }
          return;
        }
        if (defs.some((d) => d.group === rule.group && d.index < rule.index)) return;
        const later = defs.find((d) => d.group === rule.group);
        if (later) {
          const self = later === rule;
          out.push({
            rule,
            finding: atExpr(
              self
                ? `rule reads its own output "${name}": it sees the previous evaluation's value`
                : `"${name}" is recorded later in the same group (rule ${later.index + 1}): this rule reads the previous evaluation's value`,
              node,
            ),
          });
          return;
        }
        // Alerts tolerate a value one interval old; a recording rule of a constant is never stale.
        if (options.reportOtherGroup && rule.kind === 'record' && defs.some((d) => d.expr !== undefined && readsSeries(d.expr))) {
          const d = defs[0]!;
          out.push({
            rule,
            finding: atExpr(
              `"${name}" is recorded in another group ("${d.group.name}"): groups are not evaluated in order, so this rule may read a value up to one interval old`,
              node,
              {
                severity: 'info',
              },
            ),
          });
        }
      });
    }
    return out;
  },
};
