// --prometheus-version on every command that evaluates or validates, and
// `prometheusVersion:` in .promforge.yaml: each command's result must change
// with the version where the differences table (src/version/differences.ts)
// says behaviour differs, and an unsupported version is a usage error (2).
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';
import { loadConfig } from '../../src/config/load.js';
import { resolvePrometheusVersion } from '../../src/cli/prometheus-version.js';
import { formatVersion } from '../../src/version/version.js';

function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'promforge-version-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

async function run(cwd: string, ...args: string[]) {
  const io = captureIo({ cwd });
  const code = await runCli(args, io);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

const rules = (expr: string) => `groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: ${expr}\n`;
/** One sample at 0s: at 5m it is exactly on the lookback's lower edge (in under 2.x, out under 3.x). */
const EDGE_SAMPLES = 'load 5m\n  m{job="a"} 1\n';
const EDGE_TEST = (extra = '') =>
  `${extra}rule_files: [rules.yml]\ntests:\n  - interval: 5m\n    input_series:\n      - series: 'm{job="a"}'\n        values: '1'\n    alert_rule_test:\n      - eval_time: 5m\n        alertname: A\n        exp_alerts:\n          - exp_labels: {job: a}\n`;

describe('--prometheus-version', () => {
  // Every command that evaluates PromQL or validates rules takes the option.
  const COMMANDS: Record<string, string[]> = {
    check: ['check', 'rules.yml'],
    lint: ['lint', 'rules.yml'],
    test: ['test', 't.yml'],
    query: ['query', 'm', '--samples', 's.test', '--time', '5m'],
    dryrun: ['dryrun', 'rules.yml', '--samples', 's.test'],
    thresholds: ['thresholds', '--samples', 's.test', '--signal', 'm'],
    score: ['score', 'rules.yml', '--samples', 's.test', '--incidents', 'i.yml'],
    compile: ['compile', 'pack', '-o', 'out', '--check'],
  };

  it.each(Object.entries(COMMANDS))('%s: an unsupported version is a usage error listing the supported ones', async (_name, args) => {
    const dir = tempDir({ 'rules.yml': rules('m > 0'), 's.test': EDGE_SAMPLES, 't.yml': EDGE_TEST() });
    const r = await run(dir, ...args, '--prometheus-version', '1.8');
    expect(r.code).toBe(2);
    expect(r.err).toContain('unsupported Prometheus version "1.8"; supported: 2.42–2.55, 3.0–3.14');
    expect(r.out).toBe('');
  });

  it('check and lint: holt_winters exists under 2.42 only, first_over_time under 3.7+ only', async () => {
    const dir = tempDir({ 'hw.yml': rules('holt_winters(m[10m], 0.5, 0.5) > 0'), 'fot.yml': rules('first_over_time(m[10m]) > 0') });
    expect((await run(dir, 'check', 'hw.yml', '--prometheus-version', '2.42')).code).toBe(0);
    const hw3 = await run(dir, 'check', 'hw.yml');
    expect(hw3.code).toBe(1);
    expect(hw3.out).toContain('hw.yml:5:15: error: group "g", rule 1, "A": could not parse expression: unknown function with name "holt_winters"');
    const fot2 = await run(dir, 'lint', 'fot.yml', '--prometheus-version', '2.42', '--format', 'json');
    expect(fot2.code).toBe(1);
    expect(fot2.out).toContain('unknown function with name \\"first_over_time\\"');
    expect((await run(dir, 'lint', 'hw.yml', '--prometheus-version', '2')).code).toBe(0);
    expect((await run(dir, 'lint', 'hw.yml')).code).toBe(1);
  });

  it('check: rule-file fields and template functions exist from the release that adds them', async () => {
    const offset = 'groups:\n  - name: g\n    query_offset: 1m\n    rules:\n      - record: r\n        expr: up\n';
    const templated = (t: string) =>
      `groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n        annotations:\n          summary: '{{ ${t} }}'\n`;
    const dir = tempDir({ 'offset.yml': offset, 'dur.yml': templated('"5m" | toDuration'), 'esc.yml': templated('"a b" | urlQueryEscape') });
    const old = await run(dir, 'check', 'offset.yml', '--prometheus-version', '2.52');
    expect(old.code).toBe(1);
    expect(old.out).toContain('offset.yml:3:5: error: field query_offset not found in type rulefmt.RuleGroup (it is new in Prometheus 2.53.0)');
    expect((await run(dir, 'check', 'offset.yml', '--prometheus-version', '2.53')).code).toBe(0);
    const dur = await run(dir, 'check', 'dur.yml', '--prometheus-version', '3.5');
    expect(dur.code).toBe(1);
    expect(dur.out).toContain('function "toDuration" not defined');
    expect((await run(dir, 'check', 'dur.yml', '--prometheus-version', '3.6')).code).toBe(0);
    expect((await run(dir, 'check', 'esc.yml', '--prometheus-version', '3.7')).code).toBe(1);
    expect((await run(dir, 'check', 'esc.yml')).code).toBe(0);
  });

  it('check: quoted UTF-8 names are rejected before 3.0', async () => {
    const dir = tempDir({ 'u.yml': rules(`'{"http.requests"} > 0'`) });
    expect((await run(dir, 'check', 'u.yml')).code).toBe(0);
    const old = await run(dir, 'check', 'u.yml', '--prometheus-version', '2.55');
    expect(old.code).toBe(1);
    expect(old.out).toMatch(/u\.yml:5:\d+: error: .*http\.requests/);
  });

  it('query: the lookback includes a sample exactly 5m old under 2.x only', async () => {
    const dir = tempDir({ 's.test': EDGE_SAMPLES });
    expect((await run(dir, 'query', 'm', '--samples', 's.test', '--time', '5m', '--prometheus-version', '2.42')).out).toBe('m{job="a"} 1\n');
    expect((await run(dir, 'query', 'm', '--samples', 's.test', '--time', '5m')).out).not.toContain('m{job="a"}');
  });

  it('query: regex `.` matches a newline under 3.x only, in selectors and in label_replace', async () => {
    const dir = tempDir({ 's.test': 'load 1m\n  m{a="x\\ny"} 1\n' });
    const q = (expr: string, ...v: string[]) => run(dir, 'query', expr, '--samples', 's.test', '--time', '1m', '--format', 'json', ...v);
    const count = (out: string) => (JSON.parse(out) as { data: { result: unknown[] } }).data.result.length;
    expect(count((await q('m{a=~"x.y"}')).out)).toBe(1);
    expect(count((await q('m{a=~"x.y"}', '--prometheus-version', '2.42')).out)).toBe(0);
    expect(count((await q('m{a!~"x.y"}', '--prometheus-version', '2.42')).out)).toBe(1);
    const replaced = (out: string) => JSON.stringify(JSON.parse(out));
    expect(replaced((await q('label_replace(m, "b", "$1", "a", "x(.)y")')).out)).toContain('"b":"\\n"');
    expect(replaced((await q('label_replace(m, "b", "$1", "a", "x(.)y")', '--prometheus-version', '2.42')).out)).not.toContain('"b"');
  });

  it('dryrun and score: the alert fires at the lookback edge under 2.x only', async () => {
    const dir = tempDir({ 'rules.yml': rules('m > 0'), 's.test': 'load 5m\n  m{job="a"} 1 _ _\n', 'i.yml': '[]\n' });
    const json = async (...v: string[]) =>
      JSON.parse(
        (await run(dir, 'dryrun', 'rules.yml', '--samples', 's.test', '--start', '0', '--end', '600', '--interval', '5m', '--format', 'json', ...v)).out,
      ) as { alerts: { instances: { intervals: { resolvedAt?: { unix: number } }[] }[] }[] };
    const v2 = await json('--prometheus-version', '2.42');
    const v3 = await json();
    // Evaluated at 0, 5m, 10m: the sample at 0 is seen at 0 and 5m under 2.x, at 0 only under 3.x.
    expect(JSON.stringify(v2)).not.toEqual(JSON.stringify(v3));
    expect(v2.alerts[0]!.instances[0]!.intervals[0]!.resolvedAt?.unix).toBe(600);
    expect(v3.alerts[0]!.instances[0]!.intervals[0]!.resolvedAt?.unix).toBe(300);
    // score parses rules under the version: holt_winters is only there in 2.x.
    writeFileSync(path.join(dir, 'hw.yml'), rules('holt_winters(m[10m], 0.5, 0.5) > 0'));
    expect((await run(dir, 'score', 'hw.yml', '--samples', 's.test', '--incidents', 'i.yml', '--prometheus-version', '2.42')).code).toBe(0);
    expect((await run(dir, 'score', 'hw.yml', '--samples', 's.test', '--incidents', 'i.yml')).code).toBe(1);
  });

  it('thresholds: the signal is parsed and evaluated under the version', async () => {
    const values = Array.from({ length: 60 }, (_, i) => String(10 + (i % 7))).join(' ');
    const dir = tempDir({ 's.test': `load 1m\n  m{job="a"} ${values}\n` });
    const fit = (...v: string[]) => run(dir, 'thresholds', '--samples', 's.test', '--signal', 'holt_winters(m[10m], 0.5, 0.5)', '--format', 'json', ...v);
    expect((await fit('--prometheus-version', '2.42')).code).toBe(0);
    const v3 = await fit();
    expect(v3.code).not.toBe(0);
    expect(v3.err).toContain('unknown function with name "holt_winters"');
  });

  it('compile --check validates the compiled rules for the version', async () => {
    const pack = [
      'apiVersion: promforge/v1',
      'kind: RulePack',
      'metadata:',
      '  name: demo',
      '  version: 0.1.0',
      'groups:',
      '  - name: demo',
      '    rules:',
      '      - record: job:m:hw',
      '        expr: holt_winters(m[10m], 0.5, 0.5)',
      '',
    ].join('\n');
    const dir = tempDir({ 'pack/pack.yml': pack });
    expect((await run(dir, 'compile', 'pack', '-o', 'out', '--prometheus-version', '2.42')).code).toBe(0);
    expect((await run(dir, 'compile', 'pack', '-o', 'out', '--check', '--prometheus-version', '2.42')).code).toBe(0);
    const v3 = await run(dir, 'compile', 'pack', '-o', 'out', '--check');
    expect(v3.code).toBe(1);
    expect(v3.err).toContain('holt_winters');
  });

  it("test: flag > the test file's prometheusVersion > .promforge.yaml > default", async () => {
    const dir = tempDir({ 'rules.yml': rules('m > 0'), 't.yml': EDGE_TEST(), 'own3.yml': EDGE_TEST('prometheusVersion: 3\n') });
    expect((await run(dir, 'test', 't.yml')).code).toBe(1);
    expect((await run(dir, 'test', 't.yml', '--prometheus-version', '2.42')).code).toBe(0);
    writeFileSync(path.join(dir, '.promforge.yaml'), 'prometheusVersion: 2.42\n');
    expect((await run(dir, 'test', 't.yml')).code).toBe(0);
    // The file's own field beats the config; the flag beats both.
    expect((await run(dir, 'test', 'own3.yml')).code).toBe(1);
    expect((await run(dir, 'test', 'own3.yml', '--prometheus-version', '2')).code).toBe(0);
    expect((await run(dir, 'test', 't.yml', '--prometheus-version', '3')).code).toBe(1);
  });

  it('.promforge.yaml: read from the source text (2.50 is not 2.5), errors at line:col, flag wins', () => {
    const dir = tempDir({ '.promforge.yaml': 'include: ["*.yml"]\nprometheusVersion: 2.50\n' });
    const cfg = loadConfig(dir);
    expect(cfg.diagnostics).toEqual([]);
    expect(formatVersion(cfg.config.prometheusVersion!)).toBe('2.50.1');
    const flag = resolvePrometheusVersion('3.5', cfg.config);
    expect(flag.ok && [formatVersion(flag.version), flag.source]).toEqual(['3.5.0', 'flag']);
    const fromConfig = resolvePrometheusVersion(undefined, cfg.config);
    expect(fromConfig.ok && fromConfig.source).toBe('config');
    const bad = tempDir({ '.promforge.yaml': 'include: ["*.yml"]\nprometheusVersion: "1.0"\n' });
    const badCfg = loadConfig(bad);
    expect(badCfg.diagnostics).toHaveLength(1);
    expect(badCfg.diagnostics[0]).toMatchObject({ line: 2, column: 20 });
    expect(badCfg.diagnostics[0]!.message).toContain('unsupported Prometheus version "1.0"');
  });
});
