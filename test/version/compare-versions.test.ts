// The upgrade report on small fixtures: which checks it lists, the reason it
// gives, and that following the suggested fix makes the difference go away.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';
import { compareTestFile, extendValues } from '../../src/unittest/compare-versions.js';
import { engineDeps } from '../../src/unittest/engine-binding.js';
import { parsePrometheusVersion, type PrometheusVersion } from '../../src/version/version.js';

function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'promforge-compare-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

async function run(cwd: string, ...args: string[]) {
  const io = captureIo({ cwd });
  const code = await runCli(args, io);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

const version = (v: string): PrometheusVersion => {
  const p = parsePrometheusVersion(v);
  if (!p.ok) throw new Error(p.message);
  return p.version;
};
const V2_3 = [version('2.42'), version('3')] as const;

const RULES =
  'groups:\n  - name: g\n    rules:\n      - alert: Low\n        expr: free < 10\n      - record: job:free:min\n        expr: min by (job) (free)\n      - alert: LowJob\n        expr: job:free:min < 10\n';
const edgeTest = (values: string, alertname = 'Low') =>
  `rule_files: [rules.yml]\nevaluation_interval: 1m\ntests:\n  - name: edge\n    interval: 1m\n    input_series:\n      - series: 'free{job="a"}'\n        values: '${values}'\n    alert_rule_test:\n      - eval_time: 5m\n        alertname: ${alertname}\n        exp_alerts:\n          - exp_labels: {job: a}\n`;

describe('compareTestFile', () => {
  it('lists an alert whose only sample sits on the 5m lookback edge, and suggests an extension that fixes it', () => {
    const dir = tempDir({ 'rules.yml': RULES, 't.yml': edgeTest('5'), 'fixed.yml': edgeTest(extendValues('5', 5)!) });
    const c = compareTestFile(path.join(dir, 't.yml'), engineDeps(), V2_3, {}, 't.yml');
    expect(c.passed).toEqual([true, false]);
    expect(c.differences).toHaveLength(1);
    const d = c.differences[0]!;
    expect(d).toMatchObject({ group: 'edge', check: { kind: 'alert', alertname: 'Low', evalTime: '5m' }, outcomes: ['passes', 'fails'] });
    expect(d.reasons.map((r) => r.difference)).toEqual(['left-open-windows']);
    expect(d.reasons[0]!.message).toBe(
      'the input sample of free{job="a"} at 0s is exactly on the lower edge of the 5m lookback of free at 5m: included under 2.42.0, left out under 3.14.0; extend the series, e.g. `5x5`',
    );
    expect(compareTestFile(path.join(dir, 'fixed.yml'), engineDeps(), V2_3).differences).toEqual([]);
  });

  it('finds the difference when the two versions word the eval_time differently (2.x prints 60m as 1h)', () => {
    const alert = edgeTest('_x55 5').replace('eval_time: 5m', 'eval_time: 60m');
    const expr = `rule_files: []\ntests:\n  - interval: 1m\n    input_series:\n      - series: 'free'\n        values: '_x55 5'\n    promql_expr_test:\n      - expr: 'count(free)'\n        eval_time: 60m\n        exp_samples:\n          - value: 1\n`;
    const dir = tempDir({ 'rules.yml': RULES, 'alert.yml': alert, 'expr.yml': expr });
    const a = compareTestFile(path.join(dir, 'alert.yml'), engineDeps(), V2_3);
    expect(a.passed).toEqual([true, false]);
    expect(a.differences.map((d) => [d.check, d.reasons.map((r) => r.difference)])).toEqual([
      [{ kind: 'alert', alertname: 'Low', evalTime: '1h' }, ['left-open-windows']],
    ]);
    const e = compareTestFile(path.join(dir, 'expr.yml'), engineDeps(), V2_3);
    expect(e.passed).toEqual([true, false]);
    expect(e.differences.map((d) => [d.check, d.outcomes])).toEqual([[{ kind: 'promql', expr: 'count(free)', evalTime: '1h' }, ['passes', 'fails']]]);
  });

  it('follows recording rules to the input the alert reads', () => {
    const dir = tempDir({ 'rules.yml': RULES, 't.yml': edgeTest('5', 'LowJob').replace('exp_labels: {job: a}', 'exp_labels: {job: a}') });
    const c = compareTestFile(path.join(dir, 't.yml'), engineDeps(), V2_3);
    expect(c.differences.map((d) => d.reasons.map((r) => r.difference))).toEqual([['left-open-windows']]);
    expect(c.differences[0]!.reasons[0]!.message).toContain('lookback of free at 5m');
  });

  it('names a regex whose `.` meets a newline in a promql_expr_test', () => {
    const test = `rule_files: []\ntests:\n  - interval: 1m\n    input_series:\n      - series: 'm{a="x\\ny"}'\n        values: '1x10'\n    promql_expr_test:\n      - expr: 'count(m{a=~"x.y"})'\n        eval_time: 5m\n        exp_samples:\n          - labels: '{}'\n            value: 1\n`;
    const dir = tempDir({ 't.yml': test });
    const c = compareTestFile(path.join(dir, 't.yml'), engineDeps(), V2_3);
    expect(c.differences).toHaveLength(1);
    expect(c.differences[0]).toMatchObject({
      group: '#0',
      check: { kind: 'promql', expr: 'count(m{a=~"x.y"})', evalTime: '5m' },
      outcomes: ['fails', 'passes'],
    });
    expect(c.differences[0]!.reasons.map((r) => r.difference)).toEqual(['regex-dot-matches-newline']);
  });

  it('names the renamed function when the rules load under one version only', () => {
    const rules = 'groups:\n  - name: g\n    rules:\n      - record: hw\n        expr: holt_winters(m[5m], 0.5, 0.5)\n';
    const test = `rule_files: [rules.yml]\ntests:\n  - interval: 1m\n    input_series:\n      - series: 'm'\n        values: '1+1x10'\n    promql_expr_test:\n      - expr: 'count(m)'\n        eval_time: 5m\n        exp_samples:\n          - value: 1\n`;
    const dir = tempDir({ 'rules.yml': rules, 't.yml': test });
    const c = compareTestFile(path.join(dir, 't.yml'), engineDeps(), V2_3);
    expect(c.differences).toHaveLength(1);
    expect(c.differences[0]).toMatchObject({ check: { kind: 'group' }, outcomes: ['passes', 'fails'] });
    expect(c.differences[0]!.reasons.map((r) => r.difference)).toEqual(['holt-winters-renamed']);
    expect(c.differences[0]!.reasons[0]!.message).toContain('holt_winters is double_exponential_smoothing from 3.0.0');
  });

  it('lists nothing when both versions agree, including failures both share', () => {
    const dir = tempDir({ 'rules.yml': RULES, 'ok.yml': edgeTest('5x10'), 'bad.yml': edgeTest('50x10') });
    expect(compareTestFile(path.join(dir, 'ok.yml'), engineDeps(), V2_3)).toMatchObject({ passed: [true, true], differences: [] });
    expect(compareTestFile(path.join(dir, 'bad.yml'), engineDeps(), V2_3)).toMatchObject({ passed: [false, false], differences: [] });
  });
});

describe('extendValues', () => {
  it.each([
    ['5', 5, '5x5'],
    ['1 2', 3, '1 2x3'],
    ['0x3', 5, '0x8'],
    ['1+1x4', 2, '1+1x6'],
    ['1 _', 2, undefined],
    ['1 stale', 2, undefined],
    ['1', 0, undefined],
  ])('%s + %i more → %s', (values, more, out) => {
    expect(extendValues(values, more)).toBe(out);
  });
});

describe('promforge test --compare-versions', () => {
  it('prints the report and exits 1 when an outcome differs, 0 when none does; JSON too', async () => {
    const dir = tempDir({ 'rules.yml': RULES, 't.yml': edgeTest('5'), 'ok.yml': edgeTest('5x10') });
    const r = await run(dir, 'test', '--compare-versions', '2.42,3', 't.yml', 'ok.yml');
    expect(r.code).toBe(1);
    expect(r.out).toBe(
      [
        'Prometheus 2.42.0 vs 3.14.0: 2 test file(s); 2 pass under 2.42.0, 1 under 3.14.0; 1 outcome(s) differ in 1 file(s)',
        '',
        't.yml',
        '  test group edge, alert Low at eval_time 5m: passes under 2.42.0, fails under 3.14.0',
        '    - the input sample of free{job="a"} at 0s is exactly on the lower edge of the 5m lookback of free at 5m: included under 2.42.0, left out under 3.14.0; extend the series, e.g. `5x5` [left-open-windows]',
        '',
      ].join('\n'),
    );
    const ok = await run(dir, 'test', '--compare-versions', '2.42,3', 'ok.yml');
    expect(ok).toMatchObject({ code: 0, out: 'Prometheus 2.42.0 vs 3.14.0: 1 test file(s); 1 pass under 2.42.0, 1 under 3.14.0; no outcome differs\n' });
    const json = JSON.parse((await run(dir, 'test', '--compare-versions', '2.42,3', '--format', 'json', 't.yml')).out) as {
      versions: string[];
      differences: { file: string; outcomes: string[]; reasons: { difference: string }[] }[];
    };
    expect(json.versions).toEqual(['2.42.0', '3.14.0']);
    expect(json.differences.map((d) => [d.file, d.outcomes, d.reasons.map((x) => x.difference)])).toEqual([
      ['t.yml', ['passes', 'fails'], ['left-open-windows']],
    ]);
  });

  it.each([
    [['--compare-versions', '2.42'], 'two versions separated by a comma'],
    [['--compare-versions', '2.42,1.0'], 'unsupported Prometheus version "1.0"'],
    [['--compare-versions', '2.42,3', '--prometheus-version', '3'], 'not both'],
    [['--compare-versions', '2.42,3', '--format', 'xml'], '--format must be text or json'],
  ])('%j is a usage error', async (args, message) => {
    const dir = tempDir({ 'rules.yml': RULES, 't.yml': edgeTest('5') });
    const r = await run(dir, 'test', ...args, 't.yml');
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });
});

describe('promforge dryrun --compare-versions', () => {
  const rules = 'groups:\n  - name: g\n    interval: 1m\n    rules:\n      - alert: Low\n        expr: free < 10\n';
  it('lists the alert instance whose intervals differ, with the edge sample', async () => {
    // Samples at 0 and 5m: at 10m the last one is exactly 5m old.
    const dir = tempDir({ 'rules.yml': rules, 's.test': 'load 5m\n  free{job="a"} 5 5\n' });
    const r = await run(dir, 'dryrun', '--compare-versions', '2.42,3', 'rules.yml', '--samples', 's.test', '--start', '0', '--end', '900');
    expect(r.code).toBe(1);
    expect(r.out.split('\n').slice(0, 5)).toEqual([
      'Prometheus 2.42.0 vs 3.14.0, dry run 1970-01-01T00:00:00Z … 1970-01-01T00:15:00Z: 1 alert instance(s) differ',
      '',
      'group g, alert Low{job="a"}, first differs at 1970-01-01T00:10:00Z',
      '  under 2.42.0: pending 1970-01-01T00:00:00Z, firing 1970-01-01T00:00:00Z, resolved 1970-01-01T00:11:00Z',
      '  under 3.14.0: pending 1970-01-01T00:00:00Z, firing 1970-01-01T00:00:00Z, resolved 1970-01-01T00:10:00Z',
    ]);
    expect(r.out).toContain(
      'the input sample of free{job="a"} at 1970-01-01T00:05:00Z is exactly on the lower edge of the 5m lookback of free at 1970-01-01T00:10:00Z: included under 2.42.0, left out under 3.14.0; add a sample after it [left-open-windows]',
    );
    const same = await run(
      dir,
      'dryrun',
      '--compare-versions',
      '2.42,2.55',
      'rules.yml',
      '--samples',
      's.test',
      '--start',
      '0',
      '--end',
      '900',
      '--format',
      'json',
    );
    expect(same.code).toBe(0);
    expect((JSON.parse(same.out) as { differences: unknown[] }).differences).toEqual([]);
  });

  it('reports rules that one version does not load', async () => {
    const dir = tempDir({
      'rules.yml': 'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: holt_winters(free[10m], 0.5, 0.5) < 10\n',
      's.test': 'load 1m\n  free 5x10\n',
    });
    const r = await run(dir, 'dryrun', '--compare-versions', '2.42,3', 'rules.yml', '--samples', 's.test');
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      'under 3.14.0: rules.yml:5:15: error: group "g", rule 1, "A": could not parse expression: unknown function with name "holt_winters"',
    );
    expect(r.out).toContain('[holt-winters-renamed]');
  });
});
