import { describe, expect, it } from 'vitest';
import { injectGroupingLabels, injectSelector } from '../../src/compile/inject.js';
import { parseExpr } from '../../src/promql/parse.js';
import { printExpr } from '../../src/promql/printer.js';

function parse(text: string) {
  const r = parseExpr(text);
  if (!r.expr) throw new Error(`test expression does not parse: ${text}: ${r.diagnostics[0]?.message}`);
  return r.expr;
}

const envProd = [{ name: 'env', op: '=' as const, value: 'prod' }];

describe('selector injection', () => {
  const cases: [string, string][] = [
    ['up', 'up{env="prod"}'],
    ['rate(http_requests_total{code="500"}[5m])', 'rate(http_requests_total{code="500",env="prod"}[5m])'],
    ['foo offset 1h', 'foo{env="prod"} offset 1h'],
    ['foo[5m] @ 100', 'foo{env="prod"}[5m] @ 100.000'],
    ['max_over_time(rate(foo[1m])[10m:1m] offset 5m)', 'max_over_time(rate(foo{env="prod"}[1m])[10m:1m] offset 5m)'],
    ['sum by (job) (a) / on (job) group_left () b', 'sum by (job) (a{env="prod"}) / on (job) group_left () b{env="prod"}'],
    ['topk(3, -x) > 2', 'topk(3, -x{env="prod"}) > 2'],
    ['label_replace(y, "a", "$1", "b", "(.*)")', 'label_replace(y{env="prod"}, "a", "$1", "b", "(.*)")'],
    ['vector(1) + scalar(z)', 'vector(1) + scalar(z{env="prod"})'],
    // An identical matcher is not repeated.
    ['w{env="prod"}', 'w{env="prod"}'],
  ];
  for (const [input, expected] of cases) {
    it(`${input}`, () => {
      expect(printExpr(injectSelector(parse(input), { matchers: envProd }))).toBe(expected);
      // The expected text is itself what the printer makes of it: nothing else changed.
      expect(printExpr(parse(expected))).toBe(expected);
    });
  }

  it('restricts injection to the named metrics', () => {
    const out = injectSelector(parse('a / on (job) b + c'), { matchers: envProd, metrics: ['b'] });
    expect(printExpr(out)).toBe('a / on (job) b{env="prod"} + c');
  });

  it('leaves series recorded by the pack alone', () => {
    const out = injectSelector(parse('job:rate:5m > on (job) raw'), { matchers: envProd, exceptMetrics: new Set(['job:rate:5m']) });
    expect(printExpr(out)).toBe('job:rate:5m > on (job) raw{env="prod"}');
  });
});

describe('grouping label injection', () => {
  const cases: [string, string][] = [
    ['sum by (job) (rate(x[5m]))', 'sum by (job, cluster) (rate(x[5m]))'],
    ['sum(x)', 'sum by (cluster) (x)'],
    ['sum without (instance) (x)', 'sum without (instance) (x)'],
    ['a / on (job) b', 'a / on (job, cluster) b'],
    ['a / ignoring (code) b', 'a / ignoring (code) b'],
    ['a and b', 'a and b'],
    ['a * on (job) group_left (team) b', 'a * on (job, cluster) group_left (team) b'],
    ['sum by (cluster, job) (x)', 'sum by (cluster, job) (x)'],
    ['max_over_time(sum by (job) (x)[1h:5m])', 'max_over_time(sum by (job, cluster) (x)[1h:5m])'],
    ['histogram_quantile(0.99, sum by (le) (rate(b[5m])))', 'histogram_quantile(0.99, sum by (le, cluster) (rate(b[5m])))'],
    ['topk by (job) (3, x)', 'topk by (job, cluster) (3, x)'],
  ];
  for (const [input, expected] of cases) {
    it(`${input}`, () => {
      expect(printExpr(injectGroupingLabels(parse(input), ['cluster']))).toBe(expected);
      expect(printExpr(parse(expected))).toBe(expected);
    });
  }
});
