// The runner builds input series only up to the last evaluation (later
// samples are never appended, so never read). These cases would go wrong if
// the cut fell one sample early, or if the series' true end were forgotten.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { engineDeps } from '../../src/unittest/engine-binding.js';
import { runUnitTestFile } from '../../src/unittest/runner.js';

const dir = mkdtempSync(path.join(tmpdir(), 'promforge-horizon-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(name: string, group: string, rules = 'groups: []\n'): { passed: boolean; why: string } {
  writeFileSync(path.join(dir, `${name}-rules.yml`), rules);
  const file = path.join(dir, `${name}.yml`);
  writeFileSync(file, `rule_files: [${name}-rules.yml]\nevaluation_interval: 1m\ntests:\n${group}`);
  const r = runUnitTestFile(file, engineDeps());
  return { passed: r.passed && r.diagnostics.length === 0, why: [...r.diagnostics.map((d) => d.message), ...r.groups.flatMap((g) => g.failures)].join('\n') };
}

const exprTest = (expr: string, at: string, samples: string): string =>
  `    promql_expr_test:\n    - expr: '${expr}'\n      eval_time: ${at}\n      exp_samples: ${samples}\n`;

describe('input series are built up to the last evaluation', () => {
  it('loads the sample that sits exactly on the last evaluation', () => {
    // interval 30s: the 5th position is at 2m, the last evaluation.
    const r = run(
      'edge',
      `  - interval: 30s\n    input_series:\n    - series: x\n      values: '0+1x1000000'\n${exprTest('x', '2m', '[{labels: x, value: 4}]')}`,
    );
    expect(r, r.why).toMatchObject({ passed: true });
  });

  it('judges "expects nothing past the data" by where the series really ends, not where the cut is', () => {
    // The last sample is at 201m: an empty expectation at 90m (x is stale there) is a real check, not a vacuous one.
    const inside = run('inside', `  - interval: 1m\n    input_series:\n    - series: x\n      values: '1 _x200 1'\n${exprTest('x', '90m', '[]')}`);
    expect(inside, inside.why).toMatchObject({ passed: true });
    // Without the late sample, the same expectation is refused as one that cannot fail.
    const past = run('past', `  - interval: 1m\n    input_series:\n    - series: x\n      values: '1 _x200'\n${exprTest('x', '90m', '[]')}`);
    expect(past.passed).toBe(false);
    expect(past.why).toContain('expects nothing, 1h30m0s after the last input sample (0s): it cannot fail');
  });

  it('runs a suite that writes ten million samples for "for ever" and evaluates the first hour', () => {
    const rules = 'groups:\n- name: g\n  rules:\n  - alert: Stopped\n    expr: sum by (i) (running) == 0\n    for: 5m\n';
    const group =
      `  - interval: 1m\n    input_series:\n    - series: running{i="a"}\n      values: '0x10000000'\n    - series: running{i="b"}\n      values: '1x10000000'\n` +
      `    alert_rule_test:\n    - alertname: Stopped\n      eval_time: 50m\n      exp_alerts: [{exp_labels: {i: a}}]\n`;
    const r = run('forever', group, rules);
    expect(r, r.why).toMatchObject({ passed: true });
  });
});
