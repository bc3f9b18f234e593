// rule/duplicate: rules that write the same series. Two recording rules with
// the same name and labels overwrite each other's samples, but only where
// their outputs can coincide: rules selecting disjoint values of a label that
// survives to the output (`code=~"2.."` and `code=~"3.."`) write disjoint
// series and are fine. Two alerts with the same name and labels that are the
// same query (however formatted), or that select overlapping series of one
// metric, create identical alerts Alertmanager cannot tell apart.

import type { Expr } from '../../../promql/ast.js';
import { walk } from '../../../promql/ast.js';
import { printExpr } from '../../../promql/printer.js';
import type { RuleSetCheck, Finding } from '../../check.js';
import { NO_OPTIONS_SCHEMA, atField } from '../../check.js';
import { outputLabels, type LintRule } from '../../rule-context.js';
import { describeSeries, disjointLabel } from '../../../analysis/series-overlap.js';
import { metricNameOf } from '../../../promql/ast.js';

function identity(rule: LintRule): string {
  const labels = Object.entries(outputLabels(rule)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([rule.kind, rule.name, labels]);
}

/** Where `prev` is, as seen from `from` (the file is named only when it differs). */
function where(prev: LintRule, from: LintRule): string {
  const file = prev.group.file !== undefined && prev.group.file !== from.group.file ? ` in ${prev.group.file}` : '';
  return `group "${prev.group.name}"${file}, rule ${prev.index + 1}`;
}

/** The metric name of each vector selector of an expression (undefined: no fixed name, as `{job="a"}`). */
function selectorMetrics(expr: Expr): (string | undefined)[] {
  const names: (string | undefined)[] = [];
  walk(expr, (n) => {
    if (n.kind === 'VectorSelector') names.push(metricNameOf(n));
  });
  return names;
}

/** The metric of an expression with exactly one selector, else undefined. */
function onlyMetric(expr: Expr): string | undefined {
  const names = selectorMetrics(expr);
  return names.length === 1 ? names[0] : undefined;
}

/** The metric names an expression reads, or undefined when some selector has no fixed name: it could read anything. */
function metricsRead(expr: Expr): Set<string> | undefined {
  const names = selectorMetrics(expr);
  return names.includes(undefined) ? undefined : new Set(names as string[]);
}

/** Both expressions read metrics, and no metric is read by both (a metric renamed, recorded under the old name). */
function readDisjointMetrics(a: Expr, b: Expr): { a: string; b: string } | undefined {
  const ma = metricsRead(a);
  const mb = metricsRead(b);
  if (!ma || !mb || ma.size === 0 || mb.size === 0) return undefined;
  for (const m of ma) if (mb.has(m)) return undefined;
  return { a: [...ma].join(', '), b: [...mb].join(', ') };
}

function compare(prev: LintRule, rule: LintRule): Finding | undefined {
  if (!prev.expr || !rule.expr) return undefined;
  const at = where(prev, rule);
  if (rule.kind === 'record') {
    // The same query writes the same values: Prometheus takes a sample equal
    // to the one it has without complaint, so nothing breaks; it is work done
    // twice (often one rule generated into two services' files).
    if (printExpr(prev.expr) === printExpr(rule.expr)) {
      return atField(`recording rule "${rule.name}" duplicates the one in ${at} (same query and labels): the series is computed twice`, 'name', {
        severity: 'warning',
      });
    }
    if (disjointLabel(prev.expr, rule.expr) !== undefined) return undefined;
    const series = describeSeries(rule.name, outputLabels(rule), rule.expr);
    // From different metrics, the outputs meet only while both inputs exist
    // with the same labels: a rename recorded under one name (GitLab's
    // runbooks) usually has one at a time. Likely, not certain: a warning.
    const inputs = readDisjointMetrics(prev.expr, rule.expr);
    if (inputs) {
      return atField(
        `recording rule "${rule.name}" can write the same series as the one in ${at} (${series}) whenever ${inputs.b} and ${inputs.a} both exist with the same labels: their samples then overwrite each other`,
        'name',
        { severity: 'warning' },
      );
    }
    return atField(`recording rule "${rule.name}" can write the same series as the one in ${at} (${series}): their samples overwrite each other`, 'name');
  }
  if (printExpr(prev.expr) === printExpr(rule.expr)) {
    return atField(`alert "${rule.name}" duplicates the one in ${at} (same query and labels): it fires twice`, 'name', { severity: 'warning' });
  }
  const metric = onlyMetric(rule.expr);
  if (metric === undefined || metric !== onlyMetric(prev.expr) || disjointLabel(prev.expr, rule.expr) !== undefined) return undefined;
  return atField(
    `alert "${rule.name}" can select the same series of "${metric}" as the one in ${at} with the same labels: both create identical alerts that Alertmanager cannot tell apart`,
    'name',
    { severity: 'warning' },
  );
}

export const duplicate: RuleSetCheck = {
  scope: 'ruleset',
  meta: {
    id: 'rule/duplicate',
    defaultSeverity: 'error',
    description: 'Recording rules that can write the same series, and alerts that create identical alerts.',
    optionsSchema: NO_OPTIONS_SCHEMA,
  },
  defaults: {},
  check(rules) {
    const byIdentity = new Map<string, LintRule[]>();
    const out: { rule: LintRule; finding: Finding }[] = [];
    for (const rule of rules) {
      const key = identity(rule);
      const earlier = byIdentity.get(key);
      if (!earlier) {
        byIdentity.set(key, [rule]);
        continue;
      }
      // Report against the first earlier rule it can collide with.
      for (const prev of earlier) {
        const finding = compare(prev, rule);
        if (finding) {
          out.push({ rule, finding });
          break;
        }
      }
      earlier.push(rule);
    }
    return out;
  },
};
