import { describe, it, expect } from 'vitest';
import { lintRules, validateLintOptions } from '../../src/lint/lint.js';
import { fromPlainGroups, type LintRule } from '../../src/lint/rule-context.js';
import { CHECKS } from '../../src/lint/checks/index.js';
import type { Expr } from '../../src/promql/ast.js';

function rules(expr: string, extra: Partial<{ alert: string; for: string }> = {}): LintRule[] {
  const built = fromPlainGroups([
    {
      name: 'g',
      rules: [
        {
          alert: extra.alert ?? 'GoroutinesRising',
          expr,
          for: extra.for ?? '5m',
          labels: { severity: 'warning' },
          annotations: { summary: 's', description: 'd' },
        },
      ],
    },
  ]);
  expect(built.errors).toEqual([]);
  return built.rules;
}

describe('lintRules', () => {
  it('runs every check by default', () => {
    const problems = lintRules(rules('rate(go_goroutines[5m]) > 1'));
    expect(problems.map((p) => [p.check, p.severity])).toEqual([['promql/rate', 'error']]);
    expect(problems[0]!.rule).toEqual({ name: 'GoroutinesRising', kind: 'alert', group: 'g', index: 0 });
    expect(problems[0]!.details).toBe(
      '"go_goroutines" is a gauge (from catalog: Number of goroutines that currently exist.). rate() treats every decrease as a counter reset and produces garbage on a gauge.',
    );
  });

  it('a configured severity overrides the check and finding severity; off disables', () => {
    expect(lintRules(rules('rate(go_goroutines[5m]) > 1'), { checks: { 'promql/rate': 'info' } }).map((p) => p.severity)).toEqual(['info']);
    expect(lintRules(rules('rate(go_goroutines[5m]) > 1'), { checks: { 'promql/rate': 'off' } })).toEqual([]);
    expect(lintRules(rules('rate(go_goroutines[5m]) > 1'), { checks: { 'promql/rate': { severity: 'off' } } })).toEqual([]);
  });

  it('merges check options over the defaults', () => {
    const r = rules('up == 0', { alert: 'up_down' });
    expect(lintRules(r, { only: ['alerts/name'] }).map((p) => p.message)).toEqual(['alert name "up_down" does not match CamelCase']);
    expect(lintRules(r, { only: ['alerts/name'], checks: { 'alerts/name': { options: { pattern: '[a-z_]+' } } } })).toEqual([]);
  });

  it('injected metric metadata changes what promql/rate knows', () => {
    const r = rules('rate(queue_depth[5m]) > 1');
    expect(lintRules(r, { only: ['promql/rate'] })).toEqual([]);
    expect(lintRules(r, { only: ['promql/rate'], metricTypes: { fixture: new Map([['queue_depth', 'gauge']]) } }).map((p) => p.check)).toEqual(['promql/rate']);
  });

  it('skips rules whose expr did not parse', () => {
    const built = fromPlainGroups([{ name: 'g', rules: [{ alert: 'Broken', expr: 'rate(go_goroutines[5m]' }] }]);
    expect(built.rules[0]!.expr).toBeUndefined();
    expect(lintRules(built.rules, { only: ['promql/rate', 'promql/counter', 'alerts/comparison'] })).toEqual([]);
  });

  it('reports invalid RE2 in a matcher (an AST the parser would reject)', () => {
    const matcher = { name: 'job', op: '=~' as const, value: '(ab', pos: { start: 3, end: 13 } };
    const expr: Expr = { kind: 'VectorSelector', name: 'up', matchers: [matcher], pos: { start: 0, end: 14 } };
    const [base] = rules('up');
    const problems = lintRules([{ ...base!, exprText: 'up{job=~"(ab"}', expr }], { only: ['promql/regexp'] });
    expect(problems.map((p) => [p.severity, p.location])).toEqual([['error', { kind: 'expr', pos: { start: 3, end: 13 } }]]);
    expect(problems[0]!.message).toMatch(/^invalid regular expression "\(ab": /);
  });
});

describe('validateLintOptions', () => {
  it('accepts valid settings', () => {
    expect(
      validateLintOptions({
        checks: { 'promql/rate': { severity: 'warning', options: { warnBelowScrapeIntervals: 3 } }, 'alerts/name': 'off' },
        only: ['promql/rate'],
      }),
    ).toEqual([]);
  });

  it('reports unknown checks, bad severities and options that do not match the schema', () => {
    expect(
      validateLintOptions({
        checks: {
          'promql/nope': 'off',
          'promql/rate': { severity: 'fatal' as never, options: { warnBelowScrapeIntervals: 0, extra: 1 } },
        },
        only: ['x/y'],
      }),
    ).toEqual([
      'unknown check "promql/nope"',
      'promql/rate: severity must be one of off, error, warning, info',
      'promql/rate: options: unknown option "extra" (known: warnBelowScrapeIntervals, errorBelowScrapeIntervals)',
      'promql/rate: options/warnBelowScrapeIntervals must be >= 1',
      'unknown check "x/y"',
    ]);
  });

  it('every check declares a compilable options schema that accepts its defaults', () => {
    for (const c of CHECKS) {
      expect(validateLintOptions({ checks: { [c.meta.id]: { options: c.defaults as Record<string, unknown> } } }), c.meta.id).toEqual([]);
    }
  });
});
