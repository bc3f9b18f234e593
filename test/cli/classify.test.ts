// One definition of a rule file (src/fs/classify.ts), used by check, lint and
// fmt: unit tests, packs and other YAML are skipped with a note, directory
// walks follow .gitignore and never enter node_modules. CLI output and exit
// codes, run in-process.
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';
import { classifyText } from '../../src/fs/classify.js';

function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'promforge-classify-'));
  mkdirSync(path.join(dir, '.git'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

async function run(cwd: string, args: string[], stdin?: string) {
  const io = captureIo({ cwd, ...(stdin !== undefined ? { stdin } : {}) });
  const code = await runCli(args, io);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

const RULES = 'groups:\n  - name: a\n    rules:\n      - record: job:up:sum\n        expr: sum by (job) (up)\n';
const UGLY = RULES.replace('sum by (job) (up)', 'sum(up)by(job)');
const BROKEN = 'groups:\n  - name: a\n    rules:\n      - record: x\n        expr: sum(\n';
const UNIT_TEST = 'rule_files:\n  - rules.yml\ntests:\n  - interval: 1m\n    input_series: []\n';
const PACK = 'apiVersion: promforge/v1\nkind: RulePack\nmetadata:\n  name: p\n';
const PRECOMMIT = 'repos:\n  - repo: local\n    hooks: []\n';
const CONFIG = 'checks:\n  promql/rate: off\n';

describe('classifyText', () => {
  it.each([
    ['rules', RULES],
    ['rules', '# only a comment\n'],
    ['rules', ''],
    ['rules', '{"groups": []}'],
    ['rules', 'namespace: n\ngroups: []\n'],
    ['rules', 'apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nspec:\n  groups: []\n'],
    ['rules', BROKEN],
    ['rules', 'groups:\n\t- broken: [\n'],
    ['unit-tests', UNIT_TEST],
    ['unit-tests', '"tests": []\n'],
    ['rule-pack', PACK],
    ['other', PRECOMMIT],
    ['other', CONFIG],
    ['other', 'apiVersion: v1\nkind: ConfigMap\ndata:\n  groups: x\n'],
    ['other', '- a\n- b\n'],
  ])('%s: %j', (kind, text) => {
    expect(classifyText(text).kind).toBe(kind);
  });
});

describe('every command agrees on what a rule file is', () => {
  const files = {
    'rules/ok.yml': RULES,
    'rules/ok_test.yml': UNIT_TEST,
    'packs/pack.yml': PACK,
    '.pre-commit-config.yaml': PRECOMMIT,
    '.promforge.yaml': CONFIG,
    'node_modules/dep/rules.yml': BROKEN,
    'build/out.yml': BROKEN,
    'vendored/keep.yml': RULES.replace('job:up:sum', 'job:up:sum2'),
    'vendored/skip.yml': BROKEN,
    '.gitignore': 'build/\n/vendored/*.yml\n!/vendored/keep.yml\n',
  };

  it('check skips unit tests and packs in a walk with a note, and stays valid', async () => {
    const dir = repo(files);
    const r = await run(dir, ['check', '.']);
    expect(r).toEqual({
      code: 0,
      out: 'valid: 2 files checked (2 rules), 0 invalid files, 0 errors, 0 warnings; 4 files skipped (not rule files)\n',
      err: [
        'promforge check: .pre-commit-config.yaml: skipped: not a rule file (no top-level `groups:`; top-level keys: repos)',
        'promforge check: .promforge.yaml: skipped: not a rule file (no top-level `groups:`; top-level keys: checks)',
        'promforge check: packs/pack.yml: skipped: a promforge rule pack (kind: RulePack); build it with `promforge compile`',
        'promforge check: rules/ok_test.yml: skipped: a promtool unit-test file (top-level `tests:`/`rule_files:`); run it with `promforge test`',
        '',
      ].join('\n'),
    });
  });

  it('check still checks a non-rule YAML file named on the command line, as promtool does', async () => {
    const dir = repo({ 'typo.yml': 'group:\n  - name: a\n' });
    const r = await run(dir, ['check', 'typo.yml']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('typo.yml:1:1: error: field group not found');
  });

  it('bare lint follows .gitignore, never walks node_modules, and notes what it skips', async () => {
    const dir = repo(files);
    const r = await run(dir, ['lint']);
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).not.toMatch(/node_modules|build\/|skip\.yml/);
    expect(r.out).toContain('.pre-commit-config.yaml:1:1: info: skipped: not a rule file');
    expect(r.out).toContain('rules/ok_test.yml:1:1: info: skipped: a promtool unit-test file');
  });

  it('lint skips non-rule YAML even when named (pre-commit passes every staged file)', async () => {
    const dir = repo(files);
    const r = await run(dir, ['lint', '.pre-commit-config.yaml', '.promforge.yaml', 'rules/ok_test.yml', 'rules/ok.yml']);
    expect(r.code).toBe(0);
    expect(r.out.match(/info: skipped/g)).toHaveLength(3);
  });

  it('fmt skips non-rule files, leaves them byte for byte, and follows .gitignore', async () => {
    const dir = repo({ ...files, 'rules/ugly.yml': UGLY, 'rules/ugly_test.yml': `${UNIT_TEST}# expr: sum(up)by(job)\n` });
    const r = await run(dir, ['fmt']);
    expect(r.code).toBe(0);
    expect(r.out).toBe('rules/ugly.yml: formatted\n');
    expect(r.err).toContain('promforge fmt: rules/ugly_test.yml: skipped: a promtool unit-test file');
    expect(r.err).not.toMatch(/node_modules|build\/|skip\.yml/);
    expect(readFileSync(path.join(dir, 'rules/ugly.yml'), 'utf8')).toBe(RULES);
    expect(readFileSync(path.join(dir, '.promforge.yaml'), 'utf8')).toBe(CONFIG);
  });
});

describe('promforge fmt -', () => {
  it('formats standard input to standard output', async () => {
    expect(await run(tmpdir(), ['fmt', '-'], UGLY)).toEqual({ code: 0, out: RULES, err: '' });
  });

  it('with --check writes no text and exits 1 when it would change', async () => {
    expect(await run(tmpdir(), ['fmt', '--check', '-'], UGLY)).toEqual({ code: 1, out: '<stdin>: would reformat\n', err: '' });
    expect(await run(tmpdir(), ['fmt', '--check', '-'], RULES)).toEqual({ code: 0, out: '', err: '' });
  });

  it('prints nothing to standard output for a broken file', async () => {
    expect(await run(tmpdir(), ['fmt', '-'], BROKEN)).toMatchObject({ code: 1, out: '', err: expect.stringMatching(/^<stdin>:5:\d+: error: /) });
  });

  it('refuses - mixed with paths', async () => {
    expect(await run(tmpdir(), ['fmt', '-', 'a.yml'])).toEqual({
      code: 2,
      out: '',
      err: 'promforge fmt: - (standard input) cannot be combined with other paths\n',
    });
  });

  it('--keep-layout leaves multi-line expressions as written', async () => {
    const multi = 'groups:\n  - name: a\n    rules:\n      - record: r\n        expr: |\n          sum(x)by(job)\n            > 1\n';
    expect((await run(tmpdir(), ['fmt', '--keep-layout', '-'], multi)).out).toBe(multi);
    expect((await run(tmpdir(), ['fmt', '-'], multi)).out).toContain('sum by (job) (x) > 1');
  });
});

describe("this repository's rules/ folder (packs and their unit tests)", () => {
  it('check reports no errors: nothing in it is a rule file', async () => {
    const r = await run(path.resolve(__dirname, '../..'), ['check', 'rules']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^valid: 0 files checked .*; \d+ files skipped \(not rule files\)\n$/);
    expect(r.err).toMatch(/rules\/go-runtime\/pack\.yml: skipped: a promforge rule pack/);
  });
});
