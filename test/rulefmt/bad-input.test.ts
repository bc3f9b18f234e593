import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCheck } from './cli-helpers.js';
import { loadRuleText } from '../../src/rulefmt/load.js';

const VALID = 'groups:\n  - name: g\n    rules:\n      - record: r\n        expr: up\n';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'promforge-check-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, content: string | Uint8Array): string {
  const p = path.join(dir, name);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, content);
  return p;
}

/** Runs the check and asserts it finished within `ms`. */
async function timed(args: string[], ms: number, stdin?: string): Promise<Awaited<ReturnType<typeof runCheck>>> {
  const t0 = performance.now();
  const run = await runCheck(args, { cwd: dir, ...(stdin !== undefined ? { stdin } : {}) });
  expect(performance.now() - t0).toBeLessThan(ms);
  return run;
}

describe('promforge check on bad input', () => {
  it('accepts an empty file with a warning (as Prometheus does), and fails it with --strict', async () => {
    file('empty.yaml', '');
    const run = await timed(['empty.yaml'], 2000);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('empty.yaml:1:1: warning: no rule groups found\nvalid: 1 file checked (0 rules), 0 invalid files, 0 errors, 1 warning\n');
    expect((await runCheck(['--strict', 'empty.yaml'], { cwd: dir })).code).toBe(1);
  });

  it('rejects a binary file', async () => {
    file('binary.yaml', new Uint8Array([0x67, 0x72, 0x0a, 0x00, 0x01, 0xff]));
    const run = await timed(['binary.yaml'], 2000);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('binary.yaml:2:1: error: file is binary, not YAML (NUL byte at offset 3)\n');
  });

  it('rejects a file that is not UTF-8, at the offending byte', async () => {
    file('latin1.yaml', Buffer.concat([Buffer.from('groups:\n  - name: caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    const run = await timed(['latin1.yaml'], 2000);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('latin1.yaml:2:14: error: file is not valid UTF-8 (invalid byte at offset 21)\n');
  });

  it('reports YAML syntax errors with their position', async () => {
    file('syntax.yaml', 'groups:\n  - name: "unterminated\n    rules: []\n');
    const run = await timed(['syntax.yaml'], 2000);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^syntax\.yaml:\d+:\d+: error: YAML syntax error: /);
  });

  it('stops a billion-laughs alias bomb quickly', async () => {
    const levels = ['a: &a {k0: x, k1: x, k2: x, k3: x, k4: x, k5: x, k6: x, k7: x, k8: x}'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} {<<: [${Array(9).fill(`*${prev}`).join(', ')}]}`);
    }
    const bomb = `${levels.join('\n')}\ngroups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up\n        labels: *j\n`;
    file('bomb.yaml', bomb);
    const run = await timed(['--ignore-unknown-fields', 'bomb.yaml'], 5000);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('error: document contains excessive aliasing (an alias bomb?); the rest of the file is not read');
  });

  it('treats __proto__ and constructor as ordinary names, without prototype pollution', () => {
    const text =
      'groups:\n  - name: g\n    __proto__: {polluted: yes}\n    rules:\n      - alert: A\n        expr: up\n        labels:\n          __proto__: x\n          constructor: y\n';
    const result = loadRuleText(text, 'p.yaml', { checkTemplate: null });
    expect(result.diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`)).toEqual(['3:5: field __proto__ not found in type rulefmt.RuleGroup']);
    const rule = result.file?.groups[0]?.rules[0];
    expect(rule?.labels?.entries.map((e) => [e.name.value, e.value.value])).toEqual([
      ['__proto__', 'x'],
      ['constructor', 'y'],
    ]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses a 50 MB file quickly instead of parsing it', async () => {
    const big = path.join(dir, 'big.yaml');
    const fd = openSync(big, 'w');
    const chunk = Buffer.from(`${'# padding '.repeat(100)}\n`.repeat(1000));
    for (let written = 0; written < 50 * 1024 * 1024; written += chunk.length) writeSync(fd, chunk);
    closeSync(fd);
    const run = await timed(['big.yaml', 'empty.yaml'], 3000);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^promforge check: big\.yaml: file is too large to be a rule file \(\d+ bytes; the limit is 33554432\)\n$/);
    expect(run.stdout).toContain('empty.yaml:1:1: warning: no rule groups found');
    rmSync(big);
  });

  it('detects a symlink loop in a directory and still checks the other files', async () => {
    file('tree/rules.yaml', VALID);
    file('tree/sub/more.yml', VALID);
    symlinkSync('..', path.join(dir, 'tree/sub/loop'));
    const run = await timed(['tree'], 3000);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `promforge check: ${path.join('tree', 'sub', 'loop')}: symlink loop (resolves to ${path.join(dir, 'tree')}, which is already being walked); skipped\n`,
    );
    // The files are fine; the run is INVALID because part of the input could not be walked.
    expect(run.stdout).toBe('INVALID: 2 files checked (2 rules), 0 invalid files, 0 errors, 0 warnings\n');
  });

  it('reports a missing file as a usage error (exit 2)', async () => {
    const run = await timed(['nope.yaml'], 2000);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('promforge check: nope.yaml: cannot read: ENOENT: no such file or directory\n');
  });

  it('requires at least one path and a known dialect', async () => {
    expect(await runCheck([], { cwd: dir })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'promforge check: no rule files given (pass files, directories, or - for standard input)\n',
    });
    const run = await runCheck(['--dialect', 'loki', 'x.yaml'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('promforge check: unknown --dialect "loki" (expected prometheus, thanos, mimir)\n');
  });

  it('reads standard input for -', async () => {
    const run = await timed(['-'], 2000, 'groups:\n  - name: g\n    rules:\n      - record: "a{b}"\n        expr: up\n');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      '<stdin>:4:17: error: group "g", rule 1, "a{b}": braces present in the recording rule name; should it be in expr?: a{b}\n' +
        'INVALID: 1 file checked (1 rule), 1 invalid file, 1 error, 0 warnings\n',
    );
  });

  it('prints JSON with --format json', async () => {
    file('ok.yaml', VALID);
    const run = await runCheck(['--format', 'json', 'ok.yaml'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      summary: { files: 1, invalidFiles: 0, errors: 0, warnings: 0, valid: true },
      files: [{ path: 'ok.yaml', format: 'rules', groups: 1, rules: 1 }],
      skipped: [],
      diagnostics: [],
      usageErrors: [],
    });
  });
});
