// The alert rules of the background articles (fixtures/lint/seed-rules.yml),
// loaded through the rulefmt loader and the lint adapter: promql/rate must
// catch every rate() over the gauge go_goroutines, at exact positions.

import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRuleText } from '../../src/rulefmt/index.js';
import { fromRuleFiles } from '../../src/lint/adapter.js';
import { lintRules } from '../../src/lint/lint.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const path = 'fixtures/lint/seed-rules.yml';

function load() {
  const loaded = loadRuleText(readFileSync(join(repo, path), 'utf8'), path);
  expect(loaded.diagnostics).toEqual([]);
  return fromRuleFiles([loaded.file!]);
}

const GAUGE_RATE = 'rate() over gauge "go_goroutines": rate() is only valid for counters; use deriv() for gauges';

describe('seed rules', () => {
  it('is a valid rule file whose exprs all parse', () => {
    const rules = load();
    expect(rules.map((r) => r.name)).toEqual([
      'HighGoroutineGrowthRate',
      'GoroutineSurge',
      'GoroutineGrowthTrend',
      'SuspectedGoroutineLeak',
      'service:go_goroutines:growth_per_hour',
      'GoThreadsAndGcPressure',
      'GoHeapInuseHigh',
      'status_method:http_requests:rate5m',
      'instance:http_request_duration_seconds_sum:rate5m',
    ]);
    expect(rules.every((r) => r.expr !== undefined)).toBe(true);
  });

  it('promql/rate fires on every rate(go_goroutines...) with exact positions', () => {
    const problems = lintRules(load(), { only: ['promql/rate'] });
    const got = problems.map((p) => ({
      rule: p.rule.name,
      message: p.message,
      severity: p.severity,
      pos: p.location.kind === 'expr' ? [p.location.pos.start, p.location.pos.end] : undefined,
      at: [p.file, p.line, p.column, p.endLine, p.endColumn],
    }));
    const row = (rule: string, start: number, end: number, line: number, column: number, endColumn: number) => ({
      rule,
      message: GAUGE_RATE,
      severity: 'error',
      pos: [start, end],
      at: [path, line, column, line, endColumn],
    });
    expect(got).toEqual([
      row('HighGoroutineGrowthRate', 1, 24, 10, 12, 35),
      row('HighGoroutineGrowthRate', 41, 64, 10, 52, 75),
      row('HighGoroutineGrowthRate', 100, 123, 11, 36, 59),
      row('GoroutineSurge', 7, 30, 23, 22, 45),
      row('GoroutineGrowthTrend', 0, 37, 30, 15, 52),
      row('service:go_goroutines:growth_per_hour', 0, 42, 39, 15, 57),
    ]);
  });

  it('promql/impossible catches the "and" between go_threads and a summary quantile', () => {
    const problems = lintRules(load(), { only: ['promql/impossible'] });
    expect(problems.map((p) => [p.rule.name, p.message, p.line, p.column, p.endLine, p.endColumn])).toEqual([
      [
        'GoThreadsAndGcPressure',
        '"and" can never match: the right-hand side always has "quantile" but the left-hand side (go_threads > 150) cannot; use ignoring(quantile) or on(...)',
        46,
        32,
        46,
        35,
      ],
    ]);
  });

  it('field findings map to the file too', () => {
    // Both are policy checks: configured here as a team would.
    const problems = lintRules(load(), {
      only: ['alerts/annotations', 'alerts/severity'],
      checks: { 'alerts/annotations': { options: { required: ['summary', 'description'] } }, 'alerts/severity': { options: { required: true } } },
    });
    const surge = problems.filter((p) => p.rule.name === 'GoroutineSurge').map((p) => [p.check, p.message, p.line, p.column]);
    // No annotations map: reported at the alert name (line 22, after "- alert: ").
    expect(surge).toEqual([
      ['alerts/annotations', 'alert is missing the "summary" annotation', 22, 16],
      ['alerts/annotations', 'alert is missing the "description" annotation', 22, 16],
      ['alerts/severity', 'alert has no "severity" label', 22, 16],
    ]);
  });
});
