// promtool's `--lint=duplicate-rules`: two rules in one file with the same
// name (record or alert) and the same labels (group labels merged with the
// rule's, as in Prometheus 3.x) would write the same series. A warning.
import type { FileDiagnostic } from '../diagnostics.js';
import type { Rule, RuleFile, RuleGroup } from './model.js';
import { ruleName } from './model.js';
import { fileDiagnostic } from './positions.js';

/** Rule labels over group labels, sorted by name: the identity of the output series. */
function labelKey(group: RuleGroup, rule: Rule): string {
  const merged = new Map<string, string>();
  for (const { name, value } of group.labels?.entries ?? []) merged.set(name.value, value.value);
  for (const { name, value } of rule.labels?.entries ?? []) merged.set(name.value, value.value);
  return JSON.stringify([...merged].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function findDuplicateRules(file: RuleFile): FileDiagnostic[] {
  const out: FileDiagnostic[] = [];
  // Keyed per PrometheusRule document: each resource is its own rule file.
  const first = new Map<string, { group: RuleGroup; rule: Rule }>();
  for (const group of file.groups) {
    for (const rule of group.rules) {
      const key = JSON.stringify([group.resource?.document ?? -1, ruleName(rule), labelKey(group, rule)]);
      const earlier = first.get(key);
      if (!earlier) {
        first.set(key, { group, rule });
        continue;
      }
      const where = `rule ${earlier.rule.index + 1} of group ${JSON.stringify(earlier.group.name.value)} (line ${earlier.rule.span.line})`;
      out.push(
        fileDiagnostic(
          file.path,
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
