// `promforge lint` end to end: output formats, exit codes, config, inline disables and --fix.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';

function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'promforge-lint-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

async function lint(cwd: string, ...args: string[]) {
  const io = captureIo({ cwd });
  const code = await runCli(['lint', ...args], io);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

const RULES = [
  'groups:',
  '  - name: go',
  '    rules:',
  '      - alert: GoroutinesGrowing',
  '        expr: rate(go_goroutines{job=~"api"}[5m]) > 10',
  '        for: 10m',
  '        labels:',
  '          severity: critical',
  '        annotations:',
  '          summary: "goroutines growing on {{ $labels.instance }}"',
  '          description: "{{ $value }} per second"',
  '',
].join('\n');

describe('promforge lint', () => {
  it('reports rate() over a gauge at its exact position and exits 1', async () => {
    const dir = tempDir({ 'rules.yml': RULES });
    const r = await lint(dir, 'rules.yml', '--format', 'json');
    expect(r.code).toBe(1);
    const problems = JSON.parse(r.out) as { check: string; line: number; column: number; endColumn: number; severity: string }[];
    expect(problems.find((p) => p.check === 'promql/rate')).toMatchObject({ severity: 'error', line: 5, column: 15, endColumn: 50 });
  });

  it('prints text with carets, GitHub commands and SARIF', async () => {
    const dir = tempDir({ 'rules.yml': RULES });
    const text = await lint(dir, 'rules.yml');
    expect(text.out).toContain('rules.yml:5:15: error: rate() over gauge "go_goroutines"');
    expect(text.out).toMatch(/\n {6}\| {15}\^{35}\n/);
    const gh = await lint(dir, 'rules.yml', '--format', 'github');
    expect(gh.out).toContain('::error file=rules.yml,line=5,col=15,endLine=5,endColumn=50,title=promql/rate::');
    const sarif = JSON.parse((await lint(dir, 'rules.yml', '--format', 'sarif')).out);
    expect(sarif.version).toBe('2.1.0');
    const rule = sarif.runs[0].tool.driver.rules.find((x: { id: string }) => x.id === 'promql/rate');
    expect(rule.helpUri).toMatch(/docs\/checks\/promql\/rate\.md$/);
  });

  it('turns checks off and changes severities from .promforge.yaml', async () => {
    const dir = tempDir({ 'rules.yml': RULES, '.promforge.yaml': 'checks:\n  promql/rate: off\n  promql/regexp: error\n' });
    const r = await lint(dir, 'rules.yml', '--format', 'json');
    const problems = JSON.parse(r.out) as { check: string; severity: string }[];
    expect(problems.some((p) => p.check === 'promql/rate')).toBe(false);
    expect(problems.find((p) => p.check === 'promql/regexp')?.severity).toBe('error');
  });

  it('honours inline disables and reports unknown check ids in them', async () => {
    const text = RULES.replace(
      '      - alert: GoroutinesGrowing',
      '      # promforge disable promql/rate -- measured as a counter upstream\n      - alert: GoroutinesGrowing',
    ).replace('groups:', '# promforge disable-file promql/regexp, promql/nosuch\ngroups:');
    const dir = tempDir({ 'rules.yml': text });
    const r = await lint(dir, 'rules.yml', '--format', 'json');
    const problems = JSON.parse(r.out) as { check: string; message: string; line: number }[];
    expect(problems.some((p) => p.check === 'promql/rate' || p.check === 'promql/regexp')).toBe(false);
    expect(problems).toContainEqual(
      expect.objectContaining({ check: 'lint/disable', line: 1, message: 'unknown check "promql/nosuch" in "promforge disable-file" comment' }),
    );
  });

  it('--fail-on decides which severities fail the run', async () => {
    const dir = tempDir({ 'rules.yml': RULES, '.promforge.yaml': 'checks:\n  promql/rate: off\n' });
    expect((await lint(dir, 'rules.yml')).code).toBe(0);
    expect((await lint(dir, 'rules.yml', '--fail-on', 'info')).code).toBe(1);
  });

  it('--fix applies the safe fixes and keeps the rest of the file', async () => {
    const dir = tempDir({ 'rules.yml': RULES });
    const r = await lint(dir, 'rules.yml', '--fix', '--format', 'json');
    expect(r.err).toContain('fixed 2 problem(s) in rules.yml');
    const fixed = readFileSync(path.join(dir, 'rules.yml'), 'utf8');
    expect(fixed).toBe(RULES.replace('rate(go_goroutines{job=~"api"}[5m]) > 10', 'deriv(go_goroutines{job="api"}[5m]) > 10'));
    const again = await lint(dir, 'rules.yml', '--format', 'json');
    expect((JSON.parse(again.out) as { check: string }[]).some((p) => p.check === 'promql/rate')).toBe(false);
  });

  it('--fix reports only what remains after fixing, and exits by that', async () => {
    const dir = tempDir({ 'rules.yml': RULES });
    const before = await lint(dir, 'rules.yml', '--format', 'json');
    expect(before.code).toBe(1);
    const r = await lint(dir, 'rules.yml', '--fix', '--format', 'json');
    const remaining = JSON.parse(r.out) as { check: string; severity: string }[];
    expect(remaining.map((p) => p.check)).not.toContain('promql/rate');
    expect(remaining.map((p) => p.check)).not.toContain('promql/regexp');
    expect(remaining.some((p) => p.severity === 'error')).toBe(false);
    expect(r.code).toBe(0);
    // The same report a plain lint of the fixed file gives.
    expect(r.out).toBe((await lint(dir, 'rules.yml', '--format', 'json')).out);
  });

  it('reports bad check options and durations in .promforge.yaml at their key, naming it', async () => {
    const dir = tempDir({ 'rules.yml': RULES, '.promforge.yaml': 'evaluationInterval: 0s\nchecks:\n  promql/rate:\n    options:\n      warnBelow: 2\n' });
    const r = await lint(dir, 'rules.yml');
    expect(r.code).toBe(2);
    const cfg = path.join(dir, '.promforge.yaml');
    expect(r.err).toContain(
      `promforge lint: ${cfg}:5:7: error: checks.promql/rate.options.warnBelow: unknown option "warnBelow" (known: warnBelowScrapeIntervals, errorBelowScrapeIntervals)\n`,
    );
    expect(r.err).toContain(`promforge lint: ${cfg}:1:1: error: evaluationInterval: not a valid duration: "0s" (it must be positive, e.g. 1m)\n`);
  });

  it('reports rule-file errors like check does', async () => {
    const dir = tempDir({ 'bad.yml': 'groups:\n  - name: a\n    rules:\n      - record: x\n        expr: sum(\n' });
    const r = await lint(dir, 'bad.yml');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/bad\.yml:5:\d+: error: .*could not parse expression/);
  });

  it('exits 2 on a bad config, an unknown format or a missing file', async () => {
    const dir = tempDir({ 'rules.yml': RULES, '.promforge.yaml': 'checks:\n  promql/rate: loud\n' });
    const r = await lint(dir, 'rules.yml');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\.promforge\.yaml:2:16: error: checks\.promql\/rate must be/);
    const clean = tempDir({ 'rules.yml': RULES });
    expect((await lint(clean, 'rules.yml', '--format', 'xml')).code).toBe(2);
    expect((await lint(clean, 'missing.yml')).code).toBe(2);
  });
});
