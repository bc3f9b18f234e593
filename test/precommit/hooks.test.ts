// The pre-commit hooks, installed and run by the real `pre-commit` (Debian's
// package) in a scratch git repository, as a user's repository would: the
// node environment is built from a snapshot of this checkout (npm install,
// npm pack, npm install -g, which runs our build), then commits go through
// the hooks. Slow (one npm install and build, about a minute), so it runs
// in CI (.ci/run sets PROMFORGE_PRECOMMIT_TEST=1) or on request, and says so
// when skipped.
// vitest: slow file
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const havePreCommit = spawnSync('pre-commit', ['--version']).status === 0;
const wanted = process.env['PROMFORGE_PRECOMMIT_TEST'] === '1';
if (!havePreCommit) console.warn('notice: pre-commit is not installed; skipping the pre-commit hook tests (apt-get install pre-commit)');
else if (!wanted) console.warn('notice: pre-commit hook tests skipped (slow: set PROMFORGE_PRECOMMIT_TEST=1; CI does)');

let work = '';
const env = (): NodeJS.ProcessEnv => ({
  ...process.env,
  PRE_COMMIT_HOME: path.join(work, 'pre-commit-home'),
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@example.com',
  NO_COLOR: '1',
  // The npm installs pre-commit runs to build the hook environments: from
  // npm's cache when it has the packages, without the audit and funding
  // requests to the registry, which install nothing (measured: 9.3 → 7.5 s
  // for the first of the three npm commands).
  npm_config_prefer_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
});

function sh(cwd: string, cmd: string, args: readonly string[]): { code: number; out: string } {
  const r = spawnSync(cmd, args, { cwd, env: env(), encoding: 'utf8', timeout: 400_000 });
  return { code: r.status ?? -1, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

function git(cwd: string, ...args: string[]): { code: number; out: string } {
  return sh(cwd, 'git', args);
}

/** A committed copy of this checkout as it is now (tracked and new files, .gitignore respected). */
function snapshotCheckout(dest: string): string {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
  mkdirSync(dest, { recursive: true });
  for (const f of listed.stdout.split('\0').filter(Boolean)) {
    mkdirSync(path.dirname(path.join(dest, f)), { recursive: true });
    try {
      copyFileSync(path.join(root, f), path.join(dest, f));
    } catch {
      // Deleted in the working tree but still in the index.
    }
  }
  git(dest, 'init', '-q');
  git(dest, 'add', '-A');
  git(dest, 'commit', '-q', '-m', 'snapshot');
  return git(dest, 'rev-parse', 'HEAD').out.trim();
}

const GOOD = 'groups:\n  - name: a\n    rules:\n      - record: job:up:sum\n        expr: sum by (job) (up)\n';
const BAD = 'groups:\n  - name: a\n    rules:\n      - record: job:up:sum\n        expr: sum(up\n';
const UGLY = 'groups:\n  - name: a # keep\n    rules:\n      - record: job:up:sum\n        expr: sum(up)by(job)\n';
const UNIT_TEST = 'rule_files:\n  - good.yml\ntests:\n  - interval: 1m\n    input_series: []\n';

describe.skipIf(!havePreCommit || !wanted)('pre-commit hooks', () => {
  let scratch = '';
  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'promforge-precommit-'));
    const checkout = path.join(work, 'promforge');
    const rev = snapshotCheckout(checkout);
    scratch = path.join(work, 'repo');
    mkdirSync(scratch);
    git(scratch, 'init', '-q');
    writeFileSync(
      path.join(scratch, '.pre-commit-config.yaml'),
      `repos:\n  - repo: ${checkout}\n    rev: ${rev}\n    hooks:\n      - id: promforge-lint\n      - id: promforge-fmt\n`,
    );
    writeFileSync(path.join(scratch, '.promforge.yaml'), 'checks:\n  promql/rate: off\n');
    const installed = sh(scratch, 'pre-commit', ['install', '--install-hooks']);
    expect(installed.code, installed.out).toBe(0);
  }, 420_000);
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('a good commit passes; config files and unit tests are not linted', () => {
    writeFileSync(path.join(scratch, 'good.yml'), GOOD);
    writeFileSync(path.join(scratch, 'good_test.yml'), UNIT_TEST);
    git(scratch, 'add', '-A');
    const r = git(scratch, 'commit', '-m', 'good');
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/promforge lint\.+Passed/);
    expect(r.out).toMatch(/promforge fmt\.+Passed/);
    // Which files the hooks were handed: the config files never, the unit test skipped by content.
    const verbose = sh(scratch, 'pre-commit', ['run', 'promforge-lint', '--verbose', '--files', '.pre-commit-config.yaml', '.promforge.yaml', 'good_test.yml']);
    expect(verbose.code, verbose.out).toBe(0);
    expect(verbose.out).not.toMatch(/pre-commit-config|\.promforge\.yaml/);
    expect(verbose.out).toContain('good_test.yml:1:1: info: skipped: a promtool unit-test file');
  });

  it('a broken rule blocks the commit with the finding', () => {
    writeFileSync(path.join(scratch, 'bad.yml'), BAD);
    git(scratch, 'add', 'bad.yml');
    const r = git(scratch, 'commit', '-m', 'bad');
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/promforge lint\.+Failed/);
    expect(r.out).toMatch(/bad\.yml:5:\d+: error: .*could not parse expression/);
    git(scratch, 'rm', '-q', '--cached', 'bad.yml');
    rmSync(path.join(scratch, 'bad.yml'));
  });

  it('fmt rewrites a file, reports it and the commit stops until it is staged', () => {
    writeFileSync(path.join(scratch, 'ugly.yml'), UGLY);
    git(scratch, 'add', 'ugly.yml');
    const r = git(scratch, 'commit', '-m', 'ugly');
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/promforge fmt\.+Failed/);
    expect(r.out).toContain('files were modified by this hook');
    expect(r.out).toContain('ugly.yml: formatted');
    expect(readFileSync(path.join(scratch, 'ugly.yml'), 'utf8')).toBe(UGLY.replace('sum(up)by(job)', 'sum by (job) (up)'));
    git(scratch, 'add', 'ugly.yml');
    const again = git(scratch, 'commit', '-m', 'ugly, formatted');
    expect(again.code, again.out).toBe(0);
  });

  it('pre-commit try-repo against the checkout runs the hooks the same way', () => {
    writeFileSync(path.join(scratch, 'bad.yml'), BAD);
    const r = sh(scratch, 'pre-commit', ['try-repo', path.join(work, 'promforge'), 'promforge-lint', '--files', 'bad.yml', 'good.yml']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/bad\.yml:5:\d+: error: /);
    rmSync(path.join(scratch, 'bad.yml'));
  }, 420_000);
});
