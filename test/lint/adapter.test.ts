import { describe, it, expect } from 'vitest';
import { loadRuleText } from '../../src/rulefmt/index.js';
import { fromRuleFiles } from '../../src/lint/adapter.js';
import { lintRules } from '../../src/lint/lint.js';

const TEXT = `groups:
  - name: api
    interval: 10m
    rules:
      - record: job:requests:rate5m
        expr: sum by (job) (rate(http_requests_total[5m]))
      - alert: ApiDown
        expr: |
          sum by (job) (up{job="api"})
            == 0
        for: 30s
        labels:
          severity: page
        annotations:
          summary: "Instance {{ $labels.instance }} is down"
          description: "d"
`;

function load() {
  const loaded = loadRuleText(TEXT, 'rules.yml');
  expect(loaded.diagnostics).toEqual([]);
  return fromRuleFiles([loaded.file!]);
}

function at(checks: string[]) {
  const policy = { checks: { 'alerts/severity': { options: { allowed: ['critical'] } } } };
  return lintRules(load(), { only: checks, ...policy }).map((p) => [p.check, p.file, p.line, p.column, p.endLine, p.endColumn]);
}

describe('rulefmt adapter', () => {
  it('builds lint rules with names, durations, labels and group', () => {
    const [rec, alert] = load();
    expect(rec).toMatchObject({ kind: 'record', name: 'job:requests:rate5m', index: 0, labels: {}, annotations: {} });
    expect(alert).toMatchObject({
      kind: 'alert',
      name: 'ApiDown',
      index: 1,
      forMs: 30_000,
      labels: { severity: 'page' },
      annotations: { summary: 'Instance {{ $labels.instance }} is down', description: 'd' },
    });
    expect(alert!.exprText).toBe('sum by (job) (up{job="api"})\n  == 0\n');
    expect(alert!.group.name).toBe('api');
    expect(alert!.group.intervalMs).toBe(600_000);
    expect(alert!.group.rules).toHaveLength(2);
  });

  it('maps field findings to the YAML value', () => {
    expect(at(['alerts/for', 'alerts/severity', 'group/interval'])).toEqual([
      ['alerts/for', 'rules.yml', 11, 14, 11, 17],
      ['alerts/severity', 'rules.yml', 13, 21, 13, 25],
      ['group/interval', 'rules.yml', 3, 15, 3, 18],
    ]);
  });

  it('maps a template reference inside an annotation to its characters', () => {
    // `instance` inside the quoted summary on line 15.
    expect(at(['alerts/template'])).toEqual([['alerts/template', 'rules.yml', 15, 41, 15, 49]]);
  });

  it('maps expr offsets through a block scalar', () => {
    const problems = lintRules(load(), { only: ['alerts/comparison', 'promql/fragile', 'promql/impossible', 'promql/regexp', 'alerts/template'] });
    expect(problems.map((p) => p.check)).toEqual(['alerts/template']);
    const rate = lintRules(load(), { only: ['promql/rate'], scrapeIntervalMs: 120_000 });
    // `5m` in `rate(http_requests_total[5m])` on line 6.
    expect(rate.map((p) => [p.severity, p.line, p.column, p.endLine, p.endColumn])).toEqual([['warning', 6, 54, 6, 56]]);
  });
});
