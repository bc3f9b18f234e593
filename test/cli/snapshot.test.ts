// bin/promforge starts from the V8 startup snapshot the build made when the
// `node` on PATH is the binary that made it, and runs dist/bundle/main.js
// otherwise. Both must answer alike: same stdout, stderr and exit code, with
// the run's arguments, working directory, environment and stdin read at run
// time, not frozen at build time.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const launcher = path.join(root, 'bin', 'promforge');
const bundle = path.join(root, 'dist', 'bundle', 'main.js');
const snapshotDir = path.join(root, 'dist', 'snapshot');
const built = existsSync(path.join(snapshotDir, 'promforge.blob'));
if (!built) console.warn('notice: no startup snapshot in dist/snapshot (npm run build makes one); skipping the snapshot tests');

const VALID = `groups:
  - name: g
    rules:
      - record: job:x:rate5m
        expr: sum by (job) (rate(x_total[5m]))
      - alert: XHigh
        expr: job:x:rate5m > 10
        for: 5m
`;
const INVALID = `groups:
  - name: g
    rules:
      - record: job:x:rate5m
        expr: sum by (job) (rate(x_total[5m])
`;
const UNIT_TEST = `rule_files: [valid.yml]
tests:
  - interval: 1m
    input_series:
      - series: 'x_total{job="a"}'
        values: '0+1200x20'
    alert_rule_test:
      - eval_time: 15m
        alertname: XHigh
        exp_alerts:
          - exp_labels: { job: a }
`;

let work = '';
beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'promforge-snapshot-test-'));
  writeFileSync(path.join(work, 'valid.yml'), VALID);
  writeFileSync(path.join(work, 'invalid.yml'), INVALID);
  writeFileSync(path.join(work, 'valid.test.yml'), UNIT_TEST);
  writeFileSync(path.join(work, 'samples.om'), '# TYPE x_total counter\nx_total{job="a"} 1 1700000000\nx_total{job="a"} 2 1700000060\n# EOF\n');
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

interface Run {
  readonly args: readonly string[];
  readonly stdin?: string;
  readonly env?: Record<string, string>;
}
const runWith = (argv0: string, prefix: readonly string[], run: Run, extraEnv: Record<string, string> = {}): SpawnSyncReturns<string> =>
  spawnSync(argv0, [...prefix, ...run.args], {
    cwd: work,
    input: run.stdin ?? '',
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', ...extraEnv, ...run.env },
  });
const outcome = (r: SpawnSyncReturns<string>) => ({ status: r.status, stdout: r.stdout, stderr: r.stderr });

describe.skipIf(!built)('bin/promforge from the startup snapshot', () => {
  it.each<Run>([
    { args: ['--version'] },
    { args: ['--help'] },
    { args: ['no-such-command'] },
    { args: ['check', 'valid.yml'] },
    { args: ['check', 'invalid.yml'] },
    { args: ['lint', 'valid.yml', 'invalid.yml'] },
    { args: ['lint', '--format', 'json', 'valid.yml'] },
    { args: ['fmt', '--check', 'valid.yml'] },
    { args: ['fmt', '-'], stdin: VALID.replace('sum by (job)', 'sum  by(job)') },
    { args: ['parse', 'sum('] },
    { args: ['test', 'valid.test.yml'] },
    { args: ['dryrun', 'valid.yml', '--samples', 'samples.om'] },
    // Limits come from the environment of the run, not of the build.
    { args: ['dryrun', 'valid.yml', '--samples', 'samples.om'], env: { PROMFORGE_MAX_STREAMED_BYTES: '10' } },
  ])('answers $args like the bundled CLI', (run) => {
    const fromSnapshot = runWith(launcher, [], run);
    const plain = runWith(process.execPath, [bundle], run);
    expect(outcome(fromSnapshot)).toEqual(outcome(plain));
    expect(fromSnapshot.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  });

  // A copy of the package layout whose pieces are chosen per test: the
  // launcher finds dist/ next to its own bin/.
  function fakePackage(name: string, parts: { bundle: boolean; sidecar?: string }): string {
    const pkg = path.join(work, name);
    mkdirSync(path.join(pkg, 'bin'), { recursive: true });
    mkdirSync(path.join(pkg, 'dist', 'snapshot'), { recursive: true });
    cpSync(launcher, path.join(pkg, 'bin', 'promforge'));
    cpSync(path.join(root, 'package.json'), path.join(pkg, 'package.json'));
    symlinkSync(path.join(root, 'schemas'), path.join(pkg, 'schemas'));
    symlinkSync(path.join(snapshotDir, 'promforge.blob'), path.join(pkg, 'dist', 'snapshot', 'promforge.blob'));
    if (parts.sidecar !== undefined) writeFileSync(path.join(pkg, 'dist', 'snapshot', 'node'), parts.sidecar);
    else cpSync(path.join(snapshotDir, 'node'), path.join(pkg, 'dist', 'snapshot', 'node'));
    if (parts.bundle) symlinkSync(path.join(root, 'dist', 'bundle'), path.join(pkg, 'dist', 'bundle'));
    return pkg;
  }

  it('really starts from the snapshot: a package without dist/bundle still runs', () => {
    const pkg = fakePackage('snapshot-only', { bundle: false });
    const r = runWith(path.join(pkg, 'bin', 'promforge'), [], { args: ['check', 'valid.yml'] });
    expect(outcome(r)).toEqual({ status: 0, stdout: 'valid: 1 file checked (2 rules), 0 invalid files, 0 errors, 0 warnings\n', stderr: '' });
  });

  it('through a relative symlink, as node_modules/.bin/promforge is', () => {
    const pkg = fakePackage('linked', { bundle: false });
    mkdirSync(path.join(work, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(
      path.relative(path.join(work, 'node_modules', '.bin'), path.join(pkg, 'bin', 'promforge')),
      path.join(work, 'node_modules', '.bin', 'promforge'),
    );
    const r = runWith(path.join(work, 'node_modules', '.bin', 'promforge'), [], { args: ['check', 'valid.yml'] });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('valid: 1 file checked (2 rules), 0 invalid files, 0 errors, 0 warnings\n');
  });

  it.each<[string, { sidecar?: string }, Record<string, string>]>([
    ['another node binary', { sidecar: '/elsewhere/bin/node\n1234\n' }, {}],
    ['a node binary of another size', { sidecar: `${spawnSync('sh', ['-c', 'command -v node'], { encoding: 'utf8' }).stdout.trim()}\n1\n` }, {}],
    ['NODE_OPTIONS set', {}, { NODE_OPTIONS: '--max-old-space-size=4096' }],
  ])('runs the bundled CLI instead when the snapshot was made for %s', (_, parts, env) => {
    // Without dist/bundle the fallback fails loudly, which shows it was taken; with it, the answer is the usual one.
    const bare = fakePackage(`fallback-bare-${Object.keys(env).length}-${parts.sidecar?.length ?? 0}`, { bundle: false, ...parts });
    const missing = runWith(path.join(bare, 'bin', 'promforge'), [], { args: ['check', 'valid.yml'] }, env);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('dist/bundle/main.js');
    const full = fakePackage(`fallback-full-${Object.keys(env).length}-${parts.sidecar?.length ?? 0}`, { bundle: true, ...parts });
    const r = runWith(path.join(full, 'bin', 'promforge'), [], { args: ['check', 'valid.yml'] }, env);
    expect(outcome(r)).toEqual({ status: 0, stdout: 'valid: 1 file checked (2 rules), 0 invalid files, 0 errors, 0 warnings\n', stderr: '' });
  });
});
