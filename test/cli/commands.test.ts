// Exit codes and output of fmt, test and check, run in-process as a user would.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';

function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'promforge-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

async function run(cwd: string, ...args: string[]) {
  const io = captureIo({ cwd });
  const code = await runCli(args, io);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

const UGLY = 'groups:\n  - name: a # keep\n    rules:\n      - record: job:up:sum\n        expr: sum(up)by(job)\n';

describe('promforge fmt', () => {
  it('--check exits 1 and writes nothing when a file would change', async () => {
    const dir = tempDir({ 'r.yml': UGLY });
    const r = await run(dir, 'fmt', '--check', 'r.yml');
    expect(r).toMatchObject({ code: 1, out: 'r.yml: would reformat\n' });
    expect(readFileSync(path.join(dir, 'r.yml'), 'utf8')).toBe(UGLY);
  });

  it('rewrites in place, then --check passes', async () => {
    const dir = tempDir({ 'r.yml': UGLY });
    expect((await run(dir, 'fmt', 'r.yml')).code).toBe(0);
    expect(readFileSync(path.join(dir, 'r.yml'), 'utf8')).toBe(UGLY.replace('sum(up)by(job)', 'sum by (job) (up)'));
    expect(await run(dir, 'fmt', '--check', 'r.yml')).toMatchObject({ code: 0, out: '1 file(s) already formatted\n' });
  });

  it('reports files with errors (exit 1) and missing paths (exit 2)', async () => {
    const dir = tempDir({ 'bad.yml': 'groups:\n  - name: a\n    rules:\n      - record: x\n        expr: sum(\n' });
    const bad = await run(dir, 'fmt', 'bad.yml');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^bad\.yml:5:\d+: error: /);
    expect((await run(dir, 'fmt', 'nope.yml')).code).toBe(2);
  });
});

describe('promforge test', () => {
  const rules = 'groups:\n  - name: g\n    rules:\n      - alert: Down\n        expr: up == 0\n        for: 1m\n';
  const test = (exp: string) =>
    `rule_files: [rules.yml]\ntests:\n  - interval: 1m\n    input_series:\n      - series: 'up{job="a"}'\n        values: '1 0 0 0'\n    alert_rule_test:\n      - eval_time: 3m\n        alertname: Down\n        exp_alerts:${exp}\n`;

  it('passes, fails with promtool-style output, and writes JUnit', async () => {
    const dir = tempDir({ 'rules.yml': rules, 'ok.yml': test('\n          - exp_labels: {job: a}'), 'bad.yml': test(' []') });
    const ok = await run(dir, 'test', 'ok.yml');
    expect(ok).toMatchObject({ code: 0, out: 'Unit Testing: ok.yml\n  SUCCESS\n\n1 test group: 1 passed, 0 failed (1 file)\n' });
    const bad = await run(dir, 'test', 'bad.yml', '--junit', 'junit.xml');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('    alertname: Down, time: 3m, \n        exp:[], \n        got:[\n            0:');
    const xml = readFileSync(path.join(dir, 'junit.xml'), 'utf8');
    expect(xml).toContain('<testsuite name="bad.yml" tests="1" failures="1" errors="0"');
    expect(xml).toContain('<failure message="alertname: Down, time: 3m,">');
  });

  it('ends with a summary of groups and the files that failed or could not run', async () => {
    const twoGroups =
      test('\n          - exp_labels: {job: a}') + "  - name: second\n    interval: 1m\n    input_series:\n      - series: up\n        values: '1'\n";
    const dir = tempDir({ 'rules.yml': rules, 'ok.yml': twoGroups, 'bad.yml': test(' []') });
    const r = await run(dir, 'test', 'ok.yml', 'bad.yml', 'gone.yml');
    expect(r.code).toBe(2);
    expect(r.out.endsWith('\n3 test groups: 2 passed, 1 failed (3 files; failed: bad.yml; could not run: gone.yml)\n')).toBe(true);
  });

  it('names unnamed test groups in JUnit by file and index, named ones by name', async () => {
    const named = test(' []').replace('  - interval: 1m', '  - name: down alert\n    interval: 1m');
    const dir = tempDir({ 'rules.yml': rules, 'two.yml': test(' []') + named.slice(named.indexOf('  - name:')) });
    const r = await run(dir, 'test', 'two.yml', '--junit', 'junit.xml');
    expect(r.code).toBe(1);
    const cases = [...readFileSync(path.join(dir, 'junit.xml'), 'utf8').matchAll(/<testcase name="([^"]*)" classname="([^"]*)"/g)].map((m) => [m[1], m[2]]);
    expect(cases).toEqual([
      ['two.yml#0', 'two.yml'],
      ['down alert', 'two.yml'],
    ]);
  });

  it('fails clearly on a missing rule file, a bad series and an unreadable test file', async () => {
    const dir = tempDir({
      'missing.yml': test(' []').replace('rules.yml', 'nowhere.yml'),
      'series.yml': test(' []').replace('\'up{job="a"}\'', '\'up{job="a"\''),
      'rules.yml': rules,
    });
    // A rule file that is not there is unreadable input, like a missing test file.
    const missing = await run(dir, 'test', 'missing.yml');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('nowhere.yml: cannot read: ENOENT: no such file or directory');
    const series = await run(dir, 'test', 'series.yml');
    expect(series.code).toBe(1);
    // The series' place, then promtool's own text for the parse error.
    expect(series.err).toMatch(/series\.yml:5:\d+: 1:\d+: parse error: unexpected character inside braces: /);
    expect((await run(dir, 'test', 'absent.yml')).code).toBe(2);
    expect(existsSync(path.join(dir, 'junit.xml'))).toBe(false);
  });

  it('refuses empty expectations far past the input data (they could never fail)', async () => {
    const dir = tempDir({ 'rules.yml': rules, 'late.yml': test(' []').replace('eval_time: 3m', 'eval_time: 5h') });
    const r = await run(dir, 'test', 'late.yml');
    expect(r.code).toBe(1);
    expect(r.err).toContain('line 8: alert_rule_test for Down at eval_time 5h expects nothing, 4h57m0s after the last input sample (3m0s): it cannot fail');
  });

  it('rejects an invalid --run regex with exit 2', async () => {
    const dir = tempDir({});
    expect(await run(dir, 'test', 'x.yml', '--run', '(')).toMatchObject({ code: 2 });
  });
});

describe('many problems in one file', () => {
  it('prints the first 100 per file and how many more there are', async () => {
    const bad = Array.from({ length: 250 }, (_, i) => `up{job="a"} not-a-number ${i}`).join('\n');
    const dir = tempDir({ 'rules.yml': 'groups:\n  - name: g\n    rules:\n      - record: r\n        expr: up\n', 'bad.om': `${bad}\n# EOF\n` });
    const r = await run(dir, 'dryrun', 'rules.yml', '--samples', 'bad.om');
    expect(r.code).toBe(1);
    const lines = r.err.trimEnd().split('\n');
    expect(lines.filter((l) => /^bad\.om:\d+:\d+: error: /.test(l))).toHaveLength(100);
    expect(lines[0]).toMatch(/^bad\.om:1:\d+: error: /);
    expect(lines.at(-1)).toBe('bad.om: … and 150 more problems (only the first 100 are shown)');
  });
});

describe('promforge generate-fixtures', () => {
  it.each([1, 2, 7])('--services %i puts the leaks on services that exist: the leak week differs from the healthy one', async (services) => {
    const dir = tempDir({});
    const r = await run(dir, 'generate-fixtures', '--out', 'f', '--services', String(services));
    expect(r.code).toBe(0);
    const { gunzipSync } = await import('node:zlib');
    const healthy = gunzipSync(readFileSync(path.join(dir, 'f/healthy.om.gz'))).toString();
    const leak = gunzipSync(readFileSync(path.join(dir, 'f/leak.om.gz'))).toString();
    expect(leak).not.toBe(healthy);
    const events = (JSON.parse(readFileSync(path.join(dir, 'f/events.json'), 'utf8')) as { leak: { leaks: { service: string; kind: string }[] } }).leak;
    expect(events.leaks.map((l) => l.kind).sort()).toEqual(['goroutines', 'heap']);
    // A scan per leak, not a set of every job label of the week's ~100 MB of text.
    for (const l of events.leaks) expect(healthy.includes(`job="${l.service}"`), l.service).toBe(true);
    // Two services or more: the two leaks are on different services.
    if (services > 1) expect(new Set(events.leaks.map((l) => l.service)).size).toBe(2);
  });
});
