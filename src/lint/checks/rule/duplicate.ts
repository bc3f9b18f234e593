// rule/duplicate: two recording rules writing the same series (same name and
// labels) overwrite each other's samples; two identical alerts page twice.

import type { RuleSetCheck, Finding } from '../../check.js';
import { NO_OPTIONS_SCHEMA, atField } from '../../check.js';
import type { LintRule } from '../../rule-context.js';

function identity(rule: LintRule): string {
  const labels = Object.entries(rule.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const base = JSON.stringify([rule.kind, rule.name, labels]);
  // Alerts with the same name and labels but different queries are a common, valid pattern.
  return rule.kind === 'alert' ? `${base}${JSON.stringify(rule.exprText.trim())}` : base;
}

/** Where `prev` is, as seen from `from` (the file is named only when it differs). */
function where(prev: LintRule, from: LintRule): string {
  const file = prev.group.file !== undefined && prev.group.file !== from.group.file ? ` in ${prev.group.file}` : '';
  return `group "${prev.group.name}"${file}, rule ${prev.index + 1}`;
}

export const duplicate: RuleSetCheck = {
  scope: 'ruleset',
  meta: {
    id: 'rule/duplicate',
    defaultSeverity: 'error',
    description: 'Recording rules writing the same series, and identical alerting rules.',
    optionsSchema: NO_OPTIONS_SCHEMA,
  },
  defaults: {},
  check(rules) {
    const first = new Map<string, LintRule>();
    const out: { rule: LintRule; finding: Finding }[] = [];
    for (const rule of rules) {
      const key = identity(rule);
      const prev = first.get(key);
      if (!prev) {
        first.set(key, rule);
        continue;
      }
      const message =
        rule.kind === 'record'
          ? `recording rule "${rule.name}" writes the same series as the one in ${where(prev, rule)}: their samples overwrite each other`
          : `alert "${rule.name}" duplicates the one in ${where(prev, rule)} (same query and labels): it fires twice`;
      out.push({ rule, finding: atField(message, 'name', rule.kind === 'alert' ? { severity: 'warning' } : {}) });
    }
    return out;
  },
};
