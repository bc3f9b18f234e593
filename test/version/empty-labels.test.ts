// Issue 15: `{a=""}` means "no label a" everywhere, under 2.x and 3.x alike —
// input series of unit tests, load blocks, samples files, query results,
// rule labels and templated alert labels. Expected labels are the exception:
// promtool (2.42, checked by hand against Debian's) keeps an empty expected
// value, so an expectation written with one cannot match; so do we.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';

function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'promforge-empty-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

async function run(cwd: string, ...args: string[]) {
  const io = captureIo({ cwd });
  const code = await runCli(args, io);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

const RULES = [
  'groups:',
  '  - name: g',
  '    rules:',
  '      - alert: A',
  '        expr: m > 0',
  '        labels:',
  '          empty: ""',
  "          templated: '{{ $labels.absent }}'",
  '          sev: page',
  '      - record: r:m',
  '        expr: m',
  '        labels:',
  '          also_empty: ""',
  '',
].join('\n');

const unitTest = (expAlertLabels: string, expSampleLabels: string) =>
  [
    'rule_files: [rules.yml]',
    'tests:',
    '  - interval: 1m',
    '    input_series:',
    `      - series: 'm{a="x", b=""}'`,
    "        values: '1x10'",
    '    alert_rule_test:',
    '      - eval_time: 5m',
    '        alertname: A',
    '        exp_alerts:',
    `          - exp_labels: ${expAlertLabels}`,
    '    promql_expr_test:',
    '      - expr: \'count by (a, b) (r:m{b=""})\'',
    '        eval_time: 5m',
    '        exp_samples:',
    `          - labels: '${expSampleLabels}'`,
    '            value: 1',
    '',
  ].join('\n');

describe.each(['2.42', '3'])('empty label values under %s', (version) => {
  it('input series, rule labels and templated alert labels lose them; expectations without them pass', async () => {
    const dir = tempDir({ 'rules.yml': RULES, 't.yml': unitTest('{a: x, sev: page}', '{a="x"}') });
    const r = await run(dir, 'test', '--prometheus-version', version, 't.yml');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });

  it('an expectation that writes an empty value fails, as with promtool', async () => {
    const dir = tempDir({ 'rules.yml': RULES, 't.yml': unitTest('{a: x, sev: page, empty: ""}', '{a="x"}') });
    const r = await run(dir, 'test', '--prometheus-version', version, 't.yml');
    expect(r.code).toBe(1);
    expect(r.err).toContain('Labels:{a="x", alertname="A", empty="", sev="page"}');
    expect(r.err).toContain('Labels:{a="x", alertname="A", sev="page"}');
  });

  it('load blocks, OpenMetrics samples and label_replace results have no empty labels', async () => {
    const dir = tempDir({ 's.test': 'load 1m\n  m{a="x", b=""} 1\n', 's.om': '# TYPE m gauge\nm{a="x",b=""} 1 60\n# EOF\n' });
    const q = async (expr: string, samples: string) =>
      (await run(dir, 'query', expr, '--samples', samples, '--time', '1m', '--prometheus-version', version)).out;
    expect(await q('m', 's.test')).toBe('m{a="x"} 1\n');
    expect(await q('m', 's.om')).toBe('m{a="x"} 1\n');
    expect(await q('count by (a, b) (m{b=""})', 's.test')).toBe('{a="x"} 1\n');
    expect(await q('label_replace(m, "a", "", "a", ".*")', 's.test')).toBe('m 1\n');
  });

  it('dry-run alert instances carry no empty labels', async () => {
    const dir = tempDir({ 'rules.yml': RULES, 's.test': 'load 1m\n  m{a="x", b=""} 1 1\n' });
    const r = await run(dir, 'dryrun', 'rules.yml', '--samples', 's.test', '--format', 'json', '--prometheus-version', version);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as { alerts: { instances: { labels: Record<string, string> }[] }[] };
    expect(report.alerts[0]!.instances.map((i) => i.labels)).toEqual([{ a: 'x', alertname: 'A', sev: 'page' }]);
  });
});
