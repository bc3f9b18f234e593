// The generators, through whole-pack compilation: exact expressions and
// constants for small configurations.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compilePacks } from '../../src/compile/index.js';
import { leRegex } from '../../src/compile/generators/common.js';
import { parseDecimal } from '../../src/compile/decimal.js';
import { packText, tempTree } from './helpers.js';
import { parseExpr } from '../../src/promql/parse.js';
import { printExpr } from '../../src/promql/printer.js';

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
}

function rulesOf(files: Record<string, string>, options: { set?: string[]; injectLabels?: string[] } = {}): Rule[] {
  const dir = tempTree(files);
  const result = compilePacks(['pack'], { cwd: dir, set: options.set ?? [], injectLabels: options.injectLabels ?? [] });
  expect(result.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`)).toEqual([]);
  const doc = parse(result.files[0]!.content) as { groups: { rules: Rule[] }[] };
  return doc.groups.flatMap((g) => g.rules);
}

/** The canonical single-line form of a compiled (pretty-printed) expression. */
const oneLine = (s: string): string => {
  const parsed = parseExpr(s);
  if (!parsed.expr) throw new Error(`compiled expression does not parse: ${s}`);
  return printExpr(parsed.expr);
};

describe('slo generator', () => {
  const sloPack = (period: string, objective: string) =>
    packText({
      rules: [
        '      - generator: slo',
        '        name: Burn',
        '        params:',
        '          slo: api',
        `          objective: ${objective}`,
        `          period: ${period}`,
        '          by: [job]',
        '          sli: { errors: "req_total{code=~\\"5..\\"}", total: "req_total" }',
      ].join('\n'),
    });

  it('records the error ratio for every window and alerts with exact thresholds (30d)', () => {
    const rules = rulesOf({ 'pack/pack.yml': sloPack('30d', '0.999') });
    expect(rules.filter((r) => r.record).map((r) => r.record)).toEqual([
      'slo:error_ratio:rate5m',
      'slo:error_ratio:rate30m',
      'slo:error_ratio:rate1h',
      'slo:error_ratio:rate2h',
      'slo:error_ratio:rate6h',
      'slo:error_ratio:rate1d',
      'slo:error_ratio:rate3d',
    ]);
    expect(oneLine(rules[0]!.expr)).toBe('sum by (job) (rate(req_total{code=~"5.."}[5m])) / sum by (job) (rate(req_total[5m]))');
    const alerts = rules.filter((r) => r.alert);
    expect(alerts.map((a) => [a.labels?.['severity'], oneLine(a.expr)])).toEqual([
      [
        'critical',
        '(slo:error_ratio:rate1h{slo="api"} > 0.0144 and slo:error_ratio:rate5m{slo="api"} > 0.0144) or (slo:error_ratio:rate6h{slo="api"} > 0.006 and slo:error_ratio:rate30m{slo="api"} > 0.006)',
      ],
      [
        'warning',
        '(slo:error_ratio:rate1d{slo="api"} > 0.003 and slo:error_ratio:rate2h{slo="api"} > 0.003) or (slo:error_ratio:rate3d{slo="api"} > 0.001 and slo:error_ratio:rate6h{slo="api"} > 0.001)',
      ],
    ]);
  });

  it('derives factors from a 28d period (13.44, 5.6, 2.8, 14/15)', () => {
    const alerts = rulesOf({ 'pack/pack.yml': sloPack('28d', '0.9995') }).filter((r) => r.alert);
    expect(alerts.map((a) => oneLine(a.expr))).toEqual([
      '(slo:error_ratio:rate1h{slo="api"} > 0.00672 and slo:error_ratio:rate5m{slo="api"} > 0.00672) or (slo:error_ratio:rate6h{slo="api"} > 0.0028 and slo:error_ratio:rate30m{slo="api"} > 0.0028)',
      '(slo:error_ratio:rate1d{slo="api"} > 0.0014 and slo:error_ratio:rate2h{slo="api"} > 0.0014) or (slo:error_ratio:rate3d{slo="api"} > 0.000466666667 and slo:error_ratio:rate6h{slo="api"} > 0.000466666667)',
    ]);
  });

  it('matches every spelling of the le boundary (Prometheus 2 and 3)', () => {
    const re = (v: string) => new RegExp(`^(?:${leRegex(parseDecimal(v)!)})$`);
    expect(leRegex(parseDecimal('0.5')!)).toBe('0\\.50*');
    expect(leRegex(parseDecimal('1')!)).toBe('1(\\.0*)?');
    expect(leRegex(parseDecimal('2500000')!)).toBe('2500000(\\.0*)?|2\\.5e\\+06');
    for (const s of ['1', '1.0', '1.00']) expect(re('1').test(s)).toBe(true);
    for (const s of ['10', '0.1', '1.5', '+Inf']) expect(re('1').test(s)).toBe(false);
    for (const s of ['0.5', '0.50']) expect(re('0.5').test(s)).toBe(true);
    expect(re('0.5').test('0.05')).toBe(false);
    expect(re('2500000').test('2.5e+06')).toBe(true);
    expect(re('0.00005').test('5e-05')).toBe(true);
    expect(re('0.00005').test('0.00005')).toBe(true);
  });

  it('builds the latency error ratio from count minus the good bucket', () => {
    const pack = packText({
      rules: [
        '      - generator: slo',
        '        name: Slow',
        '        params:',
        '          slo: latency',
        '          objective: 0.99',
        '          sli: { histogram: { metric: rpc_seconds, threshold: 0.25 } }',
      ].join('\n'),
    });
    const rules = rulesOf({ 'pack/pack.yml': pack });
    expect(oneLine(rules[0]!.expr)).toBe(
      '(sum(rate(rpc_seconds_count[5m])) - sum(rate(rpc_seconds_bucket{le=~"0\\\\.250*"}[5m]))) / sum(rate(rpc_seconds_count[5m]))',
    );
  });
});

describe('leak generator', () => {
  const leakRules = (extraParams: string[], files: Record<string, string> = {}) =>
    rulesOf({
      ...files,
      'pack/pack.yml': packText({
        rules: [
          '      - generator: leak',
          '        name: Leak',
          '        params:',
          '          metric: g',
          '          match_on: [instance]',
          ...extraParams,
        ].join('\n'),
      }),
    });

  it('slope tiers with the absolute guard and the restart exclusion', () => {
    const rules = leakRules([
      '          min_value: 50',
      '          tiers:',
      '            warning: { growth_per_hour: 10, for: 5m }',
      '            critical: { growth_per_hour: 40 }',
    ]);
    expect(rules.map((r) => [r.labels?.['severity'], r.for, oneLine(r.expr)])).toEqual([
      ['warning', '5m', '(deriv(min_over_time(g[10m])[1h:1m]) * 3600 > 10) and g > 50 and on (instance) (time() - process_start_time_seconds > 4200)'],
      ['critical', undefined, '(deriv(min_over_time(g[10m])[1h:1m]) * 3600 > 40) and g > 50 and on (instance) (time() - process_start_time_seconds > 4200)'],
    ]);
  });

  it('predict_linear to a numeric limit, restart guard off', () => {
    const rules = leakRules([
      '          restart_grace: 0s',
      '          limit: { value: 1000 }',
      '          tiers:',
      '            critical: { exhaust_within: 2h }',
    ]);
    expect(rules.map((r) => oneLine(r.expr))).toEqual([
      'predict_linear(min_over_time(g[10m])[1h:1m], 7200) >= 1000 and deriv(min_over_time(g[10m])[1h:1m]) > 0',
    ]);
  });

  it('per-row thresholds from a thresholds table, and a default for the rest', () => {
    const table = [
      'apiVersion: promforge/v1',
      'kind: Thresholds',
      'key: [job]',
      'rows:',
      '  - labels: { job: web }',
      '    threshold: { warning: 300, critical: 900 }',
      '    method: quantile',
      '    params: { quantile: 0.99, window: 7d }',
      '  - labels: { job: api }',
      '    threshold: 20',
      'default:',
      '  threshold: { warning: 100 }',
      '',
    ].join('\n');
    const rules = leakRules(
      ['          restart_grace: 0s', '          thresholds: ../thresholds/g.yml', '          tiers:', '            warning: { growth_per_hour: 1 }'],
      { 'thresholds/g.yml': table },
    );
    expect(rules.map((r) => oneLine(r.expr))).toEqual([
      'deriv(min_over_time(g{job="api"}[10m])[1h:1m]) * 3600 > 20',
      'deriv(min_over_time(g{job="web"}[10m])[1h:1m]) * 3600 > 300',
      'deriv(min_over_time(g{job!~"api|web"}[10m])[1h:1m]) * 3600 > 100',
    ]);
  });
});

describe('threshold generator', () => {
  it('one alert per row (and tier), the default excluding the rows with unless on a multi-label key', () => {
    const table = [
      'apiVersion: promforge/v1',
      'kind: Thresholds',
      'key: [job, env]',
      'rows:',
      '  - labels: { job: api, env: prod }',
      '    threshold: 0.5',
      '    severity: critical',
      'default:',
      '  threshold: 2',
      '',
    ].join('\n');
    const pack = packText({
      rules: [
        '      - generator: threshold',
        '        name: Slow',
        '        params:',
        '          query: lat_seconds',
        '          thresholds: ../t.yml',
        '          for: 5m',
      ].join('\n'),
    });
    const rules = rulesOf({ 'pack/pack.yml': pack, 't.yml': table });
    expect(rules.map((r) => [r.labels?.['severity'], oneLine(r.expr)])).toEqual([
      ['critical', 'lat_seconds{env="prod",job="api"} > 0.5'],
      ['warning', '(lat_seconds > 2) unless on (job, env) (group by (job, env) (lat_seconds{env="prod",job="api"}))'],
    ]);
  });
});

describe('anomaly generator', () => {
  it('mean ± k·σ band one day back, with a spread floor', () => {
    const pack = packText({
      rules: [
        '      - generator: anomaly',
        '        name: Rps',
        '        params:',
        '          query: sum by (job) (rate(req_total[5m]))',
        '          window: 2h',
        '          seasonality: daily',
        '          multiplier: 2.5',
        '          min_spread: 0.1',
        '          direction: below',
      ].join('\n'),
    });
    const rules = rulesOf({ 'pack/pack.yml': pack });
    expect(rules.map((r) => [r.record ?? r.alert, oneLine(r.expr)])).toEqual([
      ['anomaly:Rps:value', 'sum by (job) (rate(req_total[5m]))'],
      ['anomaly:Rps:center', 'avg_over_time(anomaly:Rps:value[2h] offset 23h)'],
      ['anomaly:Rps:spread', 'clamp_min(stddev_over_time(anomaly:Rps:value[2h] offset 23h), 0.1)'],
      ['anomaly:Rps:upper', 'anomaly:Rps:center + 2.5 * anomaly:Rps:spread'],
      ['anomaly:Rps:lower', 'anomaly:Rps:center - 2.5 * anomaly:Rps:spread'],
      ['Rps', 'anomaly:Rps:value < anomaly:Rps:lower'],
    ]);
  });
});

describe('pack-level injection', () => {
  it('a selector parameter and the cluster label reach generated and plain rules, not recorded series', () => {
    const pack = packText({
      parameters: ['  sel:', '    type: selector', '    default: \'{env="prod"}\'', '  agg:', '    type: labels', '    default: []'].join('\n'),
      extra: ['inject:', '  selectors: [sel]', '  labels: agg'].join('\n'),
      rules: [
        '      - record: job:req:rate5m',
        '        expr: sum by (job) (rate(req_total[5m]))',
        '      - alert: Low',
        '        expr: job:req:rate5m < on (job) min_rps',
      ].join('\n'),
    });
    const rules = rulesOf({ 'pack/pack.yml': pack }, { set: ['agg=cluster,region'] });
    expect(rules.map((r) => oneLine(r.expr))).toEqual([
      'sum by (job, cluster, region) (rate(req_total{env="prod"}[5m]))',
      'job:req:rate5m < on (job, cluster, region) min_rps{env="prod"}',
    ]);
  });
});

describe('imports and values', () => {
  const base = [
    'apiVersion: promforge/v1',
    'kind: RulePack',
    'metadata: { name: base, version: 1.0.0 }',
    'parameters:',
    '  limit: { type: number, default: 5 }',
    '  other: { type: number, default: 1 }',
    'groups:',
    '  - name: base',
    '    rules:',
    '      - alert: Base',
    '        expr: b > {{limit}}',
    '',
  ].join('\n');
  const user = (imports: string) =>
    [
      'apiVersion: promforge/v1',
      'kind: RulePack',
      'metadata: { name: user, version: 1.0.0 }',
      `imports: ${imports}`,
      'groups:',
      '  - name: user',
      '    rules:',
      '      - alert: User',
      '        expr: u > {{limit}}',
      '',
    ].join('\n');

  it('an imported parameter takes global and per-pack values', () => {
    const dir = tempTree({ 'base/pack.yml': base, 'user/pack.yml': user('[{ path: ../base, parameters: [limit] }]') });
    const exprs = (set: string[]) =>
      compilePacks(['base', 'user'], { cwd: dir, set }).files.map((f) => (parse(f.content) as { groups: { rules: Rule[] }[] }).groups[0]!.rules[0]!.expr);
    expect(exprs([])).toEqual(['b > 5', 'u > 5']);
    expect(exprs(['limit=8'])).toEqual(['b > 8', 'u > 8']);
    expect(exprs(['limit=8', 'user.limit=2'])).toEqual(['b > 8', 'u > 2']);
  });

  it('only the listed parameters are imported', () => {
    const dir = tempTree({ 'base/pack.yml': base, 'user/pack.yml': user('[{ path: ../base, parameters: [other] }]') });
    const result = compilePacks(['user'], { cwd: dir });
    expect(result.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`)).toEqual(['user/pack.yml:9:19: unknown parameter "limit"']);
  });

  it('an import cycle is an error at the import', () => {
    const a = user('[{ path: ../b }]').replace('name: user', 'name: a');
    const b = user('[{ path: ../a }]').replace('name: user', 'name: b');
    const result = compilePacks(['a'], { cwd: tempTree({ 'a/pack.yml': a, 'b/pack.yml': b }) });
    expect(result.files).toEqual([]);
    expect(result.diagnostics.map((d) => `${d.file}:${d.line}: ${d.message}`)).toContain('b/pack.yml:4: import cycle: a/pack.yml -> b/pack.yml -> a/pack.yml');
  });
});
