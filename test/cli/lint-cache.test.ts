// `promforge lint --cache` (src/lint-cache): the same output and exit code as
// an uncached run, a hit that does not lint, and invalidation when a linted
// file, another file a result depends on, the config, a metadata file or the
// promforge version changes; a corrupt cache is a notice, never an error.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';
import { runLintCached } from '../../src/lint-cache/index.js';
import { runLint, type LintRunOptions } from '../../src/lint/run.js';
import { emptyConfig } from '../../src/config/load.js';

function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'promforge-lint-cache-'));
  mkdirSync(path.join(dir, '.git'));
  for (const [name, text] of Object.entries(files)) write(dir, name, text);
  return dir;
}

function write(dir: string, name: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  writeFileSync(path.join(dir, name), text);
}

async function run(cwd: string, args: string[]) {
  const io = captureIo({ cwd });
  const code = await runCli(args, io);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

function entries(dir: string, location = '.promforgecache'): string[] {
  const d = path.join(dir, location);
  return existsSync(d) ? readdirSync(d).map((n) => path.join(d, n)) : [];
}

// b.yml reads a recording rule a.yml defines: b's problems depend on a.
const A = 'groups:\n  - name: a\n    rules:\n      - record: job:foo:rate5m\n        expr: sum by (job) (rate(foo[5m]))\n';
const A_RENAMED = A.replace('job:foo:rate5m', 'job:foo:rate1m');
const B = 'groups:\n  - name: b\n    rules:\n      - alert: FooHigh\n        expr: job:foo:rate5m > 1\n        for: 5m\n';
const UNDEFINED = 'b.yml:5:15: warning: "job:foo:rate5m" looks like a recording rule output but no rule defines it [rule/dependency]';
const RATE_ON_GAUGE = 'a.yml:5:29: error: rate() over gauge "foo": rate() is only valid for counters; use deriv() for gauges [promql/rate]';
const metadata = (type: string) => JSON.stringify({ status: 'success', data: { foo: [{ type, help: 'h', unit: '' }] } });

/** Runs lint uncached and with --cache twice; all three agree; returns the result. */
async function agree(cwd: string, args: string[]) {
  const plain = await run(cwd, ['lint', ...args]);
  const stored = await run(cwd, ['lint', '--cache', ...args]);
  const hit = await run(cwd, ['lint', '--cache', ...args]);
  expect(stored).toEqual(plain);
  expect(hit).toEqual(plain);
  return plain;
}

describe('lint --cache', () => {
  it('prints the same as an uncached run and exits the same, text and JSON', async () => {
    const dir = repo({ 'a.yml': A, 'b.yml': B, 'meta.json': metadata('gauge') });
    const text = await agree(dir, ['--metadata', 'meta.json', 'a.yml', 'b.yml']);
    expect(text.code).toBe(1);
    expect(text.out).toContain(RATE_ON_GAUGE);
    const json = await agree(dir, ['--format', 'json', '--metadata', 'meta.json', 'a.yml', 'b.yml']);
    expect(json.code).toBe(1);
    // Output format and --fail-on are applied to the cached problems: one entry serves both.
    expect(entries(dir)).toHaveLength(1);
    expect((await run(dir, ['lint', '--cache', '--fail-on', 'error', 'b.yml'])).code).toBe(0);
  });

  it('answers from the cache without linting: an edited entry is what is printed', async () => {
    const dir = repo({ 'b.yml': B });
    const first = await run(dir, ['lint', '--cache', 'b.yml']);
    expect(first.out).toContain(UNDEFINED);
    const [file] = entries(dir);
    writeFileSync(file!, readFileSync(file!, 'utf8').replace('looks like a recording rule output', 'CACHED'));
    const second = await run(dir, ['lint', '--cache', 'b.yml']);
    expect(second.out).toContain('"job:foo:rate5m" CACHED but no rule defines it');
  });

  it('lints again when a linted file changes', async () => {
    const dir = repo({ 'a.yml': A, 'b.yml': B });
    expect((await agree(dir, ['a.yml', 'b.yml'])).out).not.toContain(UNDEFINED);
    write(dir, 'b.yml', B.replace('> 1', '> 2'));
    const after = await agree(dir, ['a.yml', 'b.yml']);
    expect(after.out).not.toContain(UNDEFINED);
    write(dir, 'b.yml', B.replace('job:foo:rate5m', 'job:bar:rate5m'));
    expect((await agree(dir, ['a.yml', 'b.yml'])).out).toContain('"job:bar:rate5m" looks like a recording rule output');
  });

  it('lints b.yml again when a.yml, which defines the series b reads, changes', async () => {
    const dir = repo({ 'a.yml': A, 'b.yml': B });
    expect((await agree(dir, ['.'])).out).not.toContain(UNDEFINED);
    write(dir, 'a.yml', A_RENAMED);
    expect((await agree(dir, ['.'])).out).toContain(UNDEFINED);
    write(dir, 'a.yml', A);
    expect((await agree(dir, ['.'])).out).not.toContain(UNDEFINED);
  });

  it('lints again when the config changes', async () => {
    const dir = repo({ 'b.yml': B });
    expect((await agree(dir, ['b.yml'])).out).toContain(UNDEFINED);
    write(dir, '.promforge.yaml', 'checks:\n  rule/dependency: off\n');
    const off = await agree(dir, ['b.yml']);
    expect(off.out).not.toContain(UNDEFINED);
    expect(off.out).toContain('0 errors, 0 warnings, 0 info');
    write(dir, '.promforge.yaml', 'checks:\n  rule/dependency:\n    options:\n      reportUndefined: true\n');
    expect((await agree(dir, ['b.yml'])).out).toContain(UNDEFINED);
  });

  it('lints again when the metadata file changes', async () => {
    const dir = repo({ 'a.yml': A, 'b.yml': B, 'meta.json': metadata('gauge') });
    expect((await agree(dir, ['--metadata', 'meta.json', 'a.yml', 'b.yml'])).out).toContain(RATE_ON_GAUGE);
    write(dir, 'meta.json', metadata('counter'));
    const counter = await agree(dir, ['--metadata', 'meta.json', 'a.yml', 'b.yml']);
    expect(counter.out).not.toContain(RATE_ON_GAUGE);
    expect(counter.code).toBe(0);
  });

  it('a corrupt or foreign cache entry is a notice on stderr, and is replaced', async () => {
    const dir = repo({ 'b.yml': B });
    const plain = await run(dir, ['lint', 'b.yml']);
    await run(dir, ['lint', '--cache', 'b.yml']);
    const [file] = entries(dir);
    for (const garbage of ['{"promforgeLintCache": 1, "key": "tr', '{"promforgeLintCache": 999}', '\u0000\u0001']) {
      writeFileSync(file!, garbage);
      const r = await run(dir, ['lint', '--cache', 'b.yml']);
      expect(r.code).toBe(plain.code);
      expect(r.out).toBe(plain.out);
      expect(r.err).toMatch(/^promforge lint: ignoring the (corrupt )?lint cache entry .*lint-[0-9a-f]{32}\.json .*; it is rewritten\n$/);
      expect(await run(dir, ['lint', '--cache', 'b.yml'])).toEqual(plain);
    }
  });

  it('a cache location that cannot be a directory is a notice, never an error', async () => {
    const dir = repo({ 'b.yml': B, 'not-a-dir': 'x' });
    const plain = await run(dir, ['lint', 'b.yml']);
    const r = await run(dir, ['lint', '--cache', '--cache-location', 'not-a-dir', 'b.yml']);
    expect(r.out).toBe(plain.out);
    expect(r.code).toBe(plain.code);
    expect(r.err).toMatch(/^promforge lint: cannot write the lint cache .*not-a-dir\/lint-[0-9a-f]{32}\.json \(\w+\); the result is not cached\n$/);
  });

  it('--cache-location puts the entries there', async () => {
    const dir = repo({ 'b.yml': B });
    await run(dir, ['lint', '--cache', '--cache-location', 'tmp/lint-cache', 'b.yml']);
    expect(entries(dir, 'tmp/lint-cache')).toHaveLength(1);
    expect(entries(dir)).toHaveLength(0);
  });

  it('--fix is never answered from the cache', async () => {
    const dir = repo({ 'r.yml': 'groups:\n  - name: a\n    rules:\n      - record: job:up:sum\n        expr: sum by (job) (up{job=~"api"})\n' });
    await run(dir, ['lint', '--cache', 'r.yml']);
    const fixed = await run(dir, ['lint', '--cache', '--fix', 'r.yml']);
    expect(fixed.err).toContain('fixed 1 problem(s) in r.yml');
    expect(readFileSync(path.join(dir, 'r.yml'), 'utf8')).toContain('up{job="api"}');
  });
});

describe('runLintCached', () => {
  const options = (cwd: string): LintRunOptions => ({ paths: ['b.yml'], cwd, config: emptyConfig(cwd), samples: [], fix: false });

  it('lints on a miss and not on a hit; a new promforge version is a miss', async () => {
    const dir = repo({ 'b.yml': B });
    let lints = 0;
    const lint = (o: LintRunOptions) => (lints++, runLint(o));
    const cached = (toolVersion: string) => runLintCached(options(dir), { location: '.promforgecache', toolVersion, notice: () => {}, lint });
    const first = await cached('1.0.0');
    expect([first.cache, lints]).toEqual(['stored', 1]);
    const second = await cached('1.0.0');
    expect([second.cache, lints]).toEqual(['hit', 1]);
    expect(second.problems).toEqual(first.problems);
    expect(second.sources).toEqual(first.sources);
    expect(second.checks).toEqual(first.checks);
    expect((await cached('1.0.1')).cache).toBe('stored');
    expect(lints).toBe(2);
    expect((await cached('1.0.0')).cache).toBe('hit');
  });

  it('a file that cannot be listed or read is linted uncached (the linter reports it)', async () => {
    const dir = repo({ 'b.yml': B });
    const r = await runLintCached({ ...options(dir), paths: ['b.yml', 'missing.yml'] }, { location: '.promforgecache', toolVersion: '1', notice: () => {} });
    expect(r.cache).toBe('bypassed');
    expect(r.usageErrors).toEqual(['missing.yml: cannot read: ENOENT: no such file or directory']);
    expect(entries(dir)).toHaveLength(0);
  });
});

const CORPUS = process.env['PROMFORGE_CORPUS_DIR'] ?? path.resolve(__dirname, '../../../shared/corpus');

describe.skipIf(!existsSync(CORPUS))('lint --cache on the corpus', () => {
  it('prints exactly what an uncached lint prints, from a stored entry', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'promforge-lint-cache-corpus-'));
    const plain = await run(cwd, ['lint', '--format', 'json', CORPUS]);
    const stored = await run(cwd, ['lint', '--cache', '--format', 'json', CORPUS]);
    const hit = await run(cwd, ['lint', '--cache', '--format', 'json', CORPUS]);
    expect(JSON.parse(plain.out).length ?? Object.keys(JSON.parse(plain.out)).length).toBeGreaterThan(0);
    expect(stored).toEqual(plain);
    expect(hit).toEqual(plain);
    const text = await run(cwd, ['lint', CORPUS]);
    expect(await run(cwd, ['lint', '--cache', CORPUS])).toEqual(text);
  }, 180_000);
});
