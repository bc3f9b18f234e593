// A pack's unit tests travel with it: `compile` writes them beside the rule
// files (rule_files pointing at the output, values of the compile applied),
// `compile --test` runs them before writing, and `promforge test` runs them
// in place by compiling the pack in memory.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';
import { EXIT_OK, EXIT_PROBLEMS } from '../../src/cli/exit-codes.js';
import { compilePacks } from '../../src/compile/index.js';
import { packText, REPO, SHIPPED_PACKS, tempTree } from './helpers.js';

async function cli(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo({ cwd });
  const code = await runCli(args, io);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

/** A copy of the shipped packs to edit. */
function shippedCopy(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'promforge-packtests-'));
  cpSync(path.join(REPO, 'rules'), path.join(dir, 'rules'), { recursive: true });
  return dir;
}

const DEMO = packText({
  parameters: ['  limit: { type: number, default: 10 }', '  team: { type: string }'].join('\n'),
  rules: ['      - alert: TooHigh', '        expr: x > {{limit}}', '        annotations:', "          summary: 'x above {{limit}} for {{team}}'"].join('\n'),
});

const DEMO_TEST = [
  '# kept: this comment',
  'rule_files:',
  '  - demo.rules.yml',
  'tests:',
  '  - interval: 1m',
  '    input_series:',
  '      - series: \'x{job="a"}\'',
  "        values: '50x5'",
  '    alert_rule_test:',
  '      - eval_time: 2m',
  '        alertname: TooHigh',
  '        exp_alerts:',
  '          - exp_labels: { job: a }',
  "            exp_annotations: { summary: 'x above {{limit}} for {{team}}' }  # and this one",
  '',
].join('\n');

describe('compile --test on the shipped packs', () => {
  it('passes, and writes every rule file and test', async () => {
    const dir = shippedCopy();
    const r = await cli(['compile', 'rules/', '-o', 'out/', '--test'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(EXIT_OK);
    expect(r.out.match(/SUCCESS/g)).toHaveLength(SHIPPED_PACKS.length);
    expect(readdirSync(path.join(dir, 'out')).sort()).toEqual([
      'go-runtime.rules.yml',
      'go-runtime.test.yml',
      'http-golden-signals.rules.yml',
      'http-golden-signals.test.yml',
      'slo.rules.yml',
      'slo.test.yml',
    ]);
  });

  it('fails with exit 1, names the failing test and writes nothing when a rule breaks a test', async () => {
    const dir = shippedCopy();
    const packFile = path.join(dir, 'rules/go-runtime/pack.yml');
    writeFileSync(packFile, readFileSync(packFile, 'utf8').replace('expr: up == 0', 'expr: up == 2'));
    const r = await cli(['compile', 'rules/', '-o', 'out/', '--test'], dir);
    expect(r.code).toBe(EXIT_PROBLEMS);
    expect(r.err).toContain('alertname: TargetDown, time: 8m');
    expect(r.err).toContain('promforge compile: failing tests: rules/go-runtime/tests/go-runtime.test.yml#0; nothing written\n');
    expect(r.out.match(/SUCCESS/g)).toHaveLength(SHIPPED_PACKS.length - 1);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('applies --set to the tests that use the parameter', async () => {
    const dir = shippedCopy();
    const r = await cli(
      ['compile', 'rules/', '-o', 'out', '--test', '--set', 'runbook_base=https://wiki.example.org/rb', '--set', 'go-runtime.threads_max=1200'],
      dir,
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(EXIT_OK);
    const test = readFileSync(path.join(dir, 'out/go-runtime.test.yml'), 'utf8');
    expect(test).toContain('runbook_url: "https://wiki.example.org/rb#targetdown"');
    expect(test).toContain('more than 1200 means they are piling up.');
    expect(test.split('\n').filter((l) => !l.trimStart().startsWith('#') && l.includes('{{'))).toEqual([]);
  });

  it('runs the tests in place: promforge test compiles the pack in memory with its defaults', async () => {
    for (const pack of SHIPPED_PACKS) {
      const name = path.basename(pack);
      const r = await cli(['test', `${name}.test.yml`], path.join(REPO, pack, 'tests'));
      expect(r.err).toBe('');
      expect(r.out).toMatch(new RegExp(`^Unit Testing: ${name}\\.test\\.yml\\n  SUCCESS\\n\\n(\\d+) test groups?: \\1 passed, 0 failed \\(1 file\\)\\n$`));
      expect(r.code).toBe(EXIT_OK);
    }
  });

  it('in place, a pack rule that breaks a test fails it', async () => {
    const dir = shippedCopy();
    const packFile = path.join(dir, 'rules/go-runtime/pack.yml');
    writeFileSync(packFile, readFileSync(packFile, 'utf8').replace('expr: up == 0', 'expr: up == 2'));
    const r = await cli(['test', 'go-runtime.test.yml'], path.join(dir, 'rules/go-runtime/tests'));
    expect(r.code).toBe(EXIT_PROBLEMS);
    expect(r.err).toContain('alertname: TargetDown, time: 8m');
  });
});

describe('pack tests', () => {
  it('keep every byte but the rewritten scalars, and take the values of the compile', () => {
    const dir = tempTree({ 'demo/pack.yml': DEMO, 'demo/tests/alerts.yml': DEMO_TEST });
    const result = compilePacks(['demo'], { cwd: dir, set: ['team=db'], outputDir: 'out' });
    expect(result.diagnostics).toEqual([]);
    expect(result.tests).toHaveLength(1);
    const test = result.tests[0]!;
    // Not starting with the pack name: prefixed, so tests of different packs never collide.
    expect(test.path).toBe('demo.alerts.yml');
    expect(test.source).toBe('demo/tests/alerts.yml');
    const header = test.content.split('\n').slice(0, 5);
    expect(header.slice(0, 4)).toEqual([
      '# Code generated by promforge compile. DO NOT EDIT.',
      '# pack: demo 0.1.0',
      '# test: tests/alerts.yml',
      '# target: prometheus',
    ]);
    expect(test.content.split('\n').slice(5).join('\n')).toBe(DEMO_TEST.replace("'x above {{limit}} for {{team}}'", '"x above 10 for db"'));
  });

  it('point rule_files at the output for every target, other relative entries re-anchored at the output', () => {
    const dir = tempTree({
      'demo/pack.yml': DEMO,
      'demo/extra.rules.yml': 'groups: []\n',
      'demo/tests/demo.t.yml': DEMO_TEST.replace('  - demo.rules.yml', '  - demo.rules.yml\n  - ../extra.rules.yml'),
    });
    const rp = compilePacks(['demo'], { cwd: dir, set: ['team=db'], outputDir: 'build/out', target: 'prometheusrule' });
    expect(rp.tests[0]!.path).toBe('demo.t.yml');
    expect(rp.tests[0]!.content).toContain('rule_files:\n  - demo.prometheusrule.yaml\n  - "../../demo/extra.rules.yml"\n');
  });

  it('report a parameter without a value at the test file line:col, and write nothing', () => {
    const dir = tempTree({
      'demo/pack.yml': DEMO.replace("summary: 'x above {{limit}} for {{team}}'", "summary: 'x above {{limit}}'"),
      'demo/tests/alerts.yml': DEMO_TEST,
    });
    const result = compilePacks(['demo'], { cwd: dir });
    expect(result.files).toEqual([]);
    expect(result.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`)).toEqual([
      'demo/tests/alerts.yml:14:64: parameter "team" (string) has no value: it has no default and is not set by a values file or --set',
    ]);
  });

  it('warn under --test for a pack without tests, and still pass', async () => {
    const dir = tempTree({ 'demo/pack.yml': DEMO.replace('{{team}}', 'x') });
    const r = await cli(['compile', 'demo', '-o', 'out', '--test'], dir);
    expect(r.code).toBe(EXIT_OK);
    expect(r.err).toBe('demo/pack.yml:1:1: warning: pack "demo" has no tests (tests/*.yml beside the pack file): nothing checks its rules\n');
    expect(readdirSync(path.join(dir, 'out'))).toEqual(['demo.rules.yml']);
  });

  it('are part of --check: an edited test is stale', async () => {
    const dir = tempTree({ 'demo/pack.yml': DEMO, 'demo/tests/alerts.yml': DEMO_TEST });
    expect((await cli(['compile', 'demo', '-o', 'out', '--set', 'team=db', '--test'], dir)).code).toBe(EXIT_OK);
    expect((await cli(['compile', 'demo', '-o', 'out', '--set', 'team=db', '--check'], dir)).code).toBe(EXIT_OK);
    writeFileSync(path.join(dir, 'out/demo.alerts.yml'), `${readFileSync(path.join(dir, 'out/demo.alerts.yml'), 'utf8')}\n# edited\n`);
    const stale = await cli(['compile', 'demo', '-o', 'out', '--set', 'team=db', '--check'], dir);
    expect(stale.code).toBe(EXIT_PROBLEMS);
    expect(stale.out).toBe(`stale: ${path.join('out', 'demo.alerts.yml')}\n`);
  });
});

describe("README's CI example", () => {
  // The README shows the one-step CI form; run exactly those promforge commands on a copy of the repository's packs.
  const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const commands = [...readme.matchAll(/^\s*- run: npx promforge (compile .*--test.*)$/gm)].map((m) => m[1]!.replace(/\s+#.*$/, ''));

  it('compiles the packs and runs their tests in one step', async () => {
    expect(commands.length).toBeGreaterThan(0);
    for (const command of commands) {
      const dir = shippedCopy();
      const r = await cli(command.split(/\s+/), dir);
      expect(r.err).toBe('');
      expect(r.code).toBe(EXIT_OK);
      expect(r.out.match(/SUCCESS/g)).toHaveLength(SHIPPED_PACKS.length);
    }
  });
});
