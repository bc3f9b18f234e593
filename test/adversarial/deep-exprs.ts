// Deeply nested PromQL (issue #21, item 8) shared by the hostile-input table
// and the promtool differential: rules nested 10,000 deep (200 for nested
// subqueries, whose evaluation recurses through one evaluator per level),
// written as promforge and Prometheus print them, and a unit test of their
// values at 5m for x{a="1"} = 1+1x10.

export const DEEP_EXPRS: readonly [string, string, string][] = [
  [`${'('.repeat(10_000)}x${')'.repeat(10_000)}`, '{__name__="x", a="1"}', '6'],
  [`${'abs('.repeat(10_000)}x${')'.repeat(10_000)}`, '{a="1"}', '6'],
  [`${'-'.repeat(10_000)}x`, '{a="1"}', '6'],
  [`${'sum by (a) ('.repeat(10_000)}x${')'.repeat(10_000)}`, '{a="1"}', '6'],
  [`${'max_over_time('.repeat(200)}x${'[5m:1m])'.repeat(200)}`, '{a="1"}', '6'],
];
/** A rule file recording `exprs`. */
export const deepRules = (exprs = DEEP_EXPRS): string =>
  `groups:\n- name: g\n  rules:\n${exprs.map(([e], i) => `  - record: a:b${i}\n    expr: ${JSON.stringify(e)}\n`).join('')}`;
/** A unit test (of deepRules in r.yml) of the values of `exprs`. */
export const deepTest = (exprs = DEEP_EXPRS): string =>
  `rule_files: [r.yml]\nevaluation_interval: 1m\ntests:\n- interval: 1m\n  input_series: [{series: 'x{a="1"}', values: '1+1x10'}]\n  promql_expr_test:\n${exprs.map(([e, labels, value]) => `  - {expr: ${JSON.stringify(e)}, eval_time: 5m, exp_samples: [{labels: '${labels}', value: ${value}}]}\n`).join('')}`;
export const DEEP_TEST = deepTest();
export const DEEP_RULES = deepRules();
