// promtool's `--lint=duplicate-rules`: two rules in one file with the same
// name (record or alert) and the same labels (group labels merged with the
// rule's, as in Prometheus 3.x) would write the same series. A warning.
// Unlike promtool, rules whose queries select disjoint values of a label that
// survives to the output (`code=~"2.."` / `code=~"3.."`) are not reported:
// they cannot write the same series.
import type { FileDiagnostic } from '../diagnostics.js';
import type { Rule, RuleFile, RuleGroup } from './model.js';
import { ruleName } from './model.js';
import { fileDiagnostic } from './positions.js';
import { disjointLabel } from '../analysis/series-overlap.js';

/** Rule labels over group labels, sorted by name: the identity of the output series. */
function labelKey(group: RuleGroup, rule: Rule): string {
  const merged = new Map<string, string>();
  for (const { name, value } of group.labels?.entries ?? []) merged.set(name.value, value.value);
  for (const { name, value } of rule.labels?.entries ?? []) merged.set(name.value, value.value);
  return JSON.stringify([...merged].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Both queries parsed and their outputs provably differ in some label. */
function canTellApart(a: Rule, b: Rule): boolean {
  return a.expr.expr !== undefined && b.expr.expr !== undefined && disjointLabel(a.expr.expr, b.expr.expr) !== undefined;
}

export function findDuplicateRules(file: RuleFile): FileDiagnostic[] {
  const out: FileDiagnostic[] = [];
  // Keyed per PrometheusRule document: each resource is its own rule file.
  const seen = new Map<string, { group: RuleGroup; rule: Rule }[]>();
  for (const group of file.groups) {
    for (const rule of group.rules) {
      const key = JSON.stringify([group.resource?.document ?? -1, ruleName(rule), labelKey(group, rule)]);
      const same = seen.get(key) ?? [];
      if (same.length === 0) seen.set(key, same);
      const earlier = same.find((e) => !canTellApart(e.rule, rule));
      same.push({ group, rule });
      if (!earlier) continue;
      const where = `rule ${earlier.rule.index + 1} of group ${JSON.stringify(earlier.group.name.value)} (line ${earlier.rule.span.line})`;
      out.push(
        fileDiagnostic(
          file.path,
          'rulefmt/duplicate-rules',
          'warning',
          `duplicate rule: ${JSON.stringify(ruleName(rule))} has the same name and labels as ${where}; both write the same series`,
          rule.span,
          'rulefmt/duplicate-rules',
        ),
      );
    }
  }
  return out;
}
