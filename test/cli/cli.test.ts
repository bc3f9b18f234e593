// CLI behaviour: output and exit code of whole commands, run in-process.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';
import { exitCode, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE } from '../../src/cli/exit-codes.js';

async function run(args: string[], stdin?: string) {
  const io = captureIo(stdin === undefined ? {} : { stdin });
  const code = await runCli(args, io);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

describe('exit codes', () => {
  it.each([
    [{ usageErrors: 0, failures: 0 }, EXIT_OK],
    [{ usageErrors: 0, failures: 3 }, EXIT_PROBLEMS],
    [{ usageErrors: 1, failures: 0 }, EXIT_USAGE],
    [{ usageErrors: 1, failures: 5 }, EXIT_USAGE],
  ])('%o → %i', (outcome, code) => {
    expect(exitCode(outcome)).toBe(code);
  });
});

describe('promforge (global)', () => {
  it('prints the version from package.json', async () => {
    const r = await run(['--version']);
    expect(r).toEqual({ code: 0, out: '0.1.0\n', err: '' });
  });

  it('lists every registered command in --help', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: promforge [options] [command]');
    expect(r.out).toMatch(/\n\s+parse \[options\] <expr>/);
  });

  it('rejects an unknown command with exit 2 and no stack trace', async () => {
    const r = await run(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown command 'frobnicate'");
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('rejects an unknown option with exit 2', async () => {
    const r = await run(['parse', '--bogus', 'up']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown option '--bogus'");
  });
});

describe('promforge parse', () => {
  it('prints the type and canonical form', async () => {
    const r = await run(['parse', 'sum by(job)(rate(http_requests_total[5m]))']);
    expect(r).toEqual({ code: 0, out: 'type: vector\nsum by (job) (rate(http_requests_total[5m]))\n', err: '' });
  });

  it('prints scalar, matrix and string types', async () => {
    expect((await run(['parse', '1 + 2'])).out).toBe('type: scalar\n1 + 2\n');
    expect((await run(['parse', 'up[5m]'])).out).toBe('type: matrix\nup[5m]\n');
    expect((await run(['parse', '"hello"'])).out).toBe('type: string\n"hello"\n');
  });

  it('reports errors as line:col with exit 1', async () => {
    const r = await run(['parse', 'rate(up)']);
    expect(r).toEqual({ code: 1, out: '', err: '1:6: expected type range vector in call to function "rate", got instant vector\n' });
  });

  it('counts lines and columns in multi-line expressions', async () => {
    const r = await run(['parse', 'sum(\n  foo(bar)\n)']);
    expect(r.code).toBe(1);
    expect(r.err).toBe('2:3: unknown function with name "foo"\n');
  });

  it('emits JSON with the AST', async () => {
    const r = await run(['parse', '--json', 'up offset 5m']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.type).toBe('vector');
    expect(json.expr).toBe('up offset 5m');
    expect(json.ast).toMatchObject({ kind: 'VectorSelector', name: 'up', offset: { kind: 'DurationLiteral', ms: 300000 }, pos: { start: 0, end: 12 } });
  });

  it('emits JSON errors with offsets', async () => {
    const r = await run(['parse', '--json', 'sum(x']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toEqual({ errors: [{ message: 'unclosed left parenthesis', start: 5, end: 5 }] });
  });

  it('reads the expression from stdin with -', async () => {
    const r = await run(['parse', '-'], 'up == 1\n');
    expect(r).toEqual({ code: 0, out: 'type: vector\nup == 1\n', err: '' });
  });

  it('rejects experimental syntax with --no-experimental', async () => {
    const r = await run(['parse', '--no-experimental', 'mad_over_time(x[5m])']);
    expect(r.code).toBe(1);
    expect(r.err).toBe('1:1: function "mad_over_time" is not enabled\n');
  });

  it('pretty-prints long expressions over several lines', async () => {
    const long =
      'sum by (job) (rate(http_requests_total{status_code=~"5..", namespace="production"}[5m])) / sum by (job) (rate(http_requests_total{namespace="production"}[5m])) > 0.05';
    const r = await run(['parse', '--pretty', long]);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toBe('type: vector');
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(100);
  });
});

// The built binary (package.json's bin: the launcher of the bundled CLI): what a user runs.
// `npm test` runs after `npm ci`, which builds through `prepare`.
const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as { bin: { promforge: string } };
const bin = fileURLToPath(new URL(`../../${pkg.bin.promforge}`, import.meta.url));
describe.skipIf(!existsSync(bin))('the built promforge binary', () => {
  it('answers --version without loading the library', () => {
    const out = execFileSync(bin, ['--version'], { encoding: 'utf8' });
    expect(out).toBe('0.1.0\n');
  });

  it('exits 1 on invalid input without a stack trace', () => {
    const r = spawnSync(bin, ['parse', 'sum('], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('1:5: unclosed left parenthesis\n');
  });
});
if (!existsSync(bin)) console.warn('notice: dist/ not built; skipping tests of the built binary (run npm run build)');
