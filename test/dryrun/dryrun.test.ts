import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { runCli } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';

const dir = path.resolve(__dirname, '../../fixtures/dryrun');
const rules = path.join(dir, 'rules.yml');
const samples = path.join(dir, 'samples.test');

async function run(args: string[]) {
  const io = captureIo();
  const code = await runCli(['dryrun', ...args], io);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

describe('promforge dryrun', () => {
  it('reports alert intervals per instance, recording output and silent rules', async () => {
    const r = await run([rules, '--samples', samples]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('alert InstanceDown (group example, for 2m): 2 firing(s) on 2 of 2 instance(s)');
    expect(r.out).toContain('pending 1970-01-01T00:11:00Z → firing 1970-01-01T00:13:00Z → resolved 1970-01-01T00:17:00Z');
    expect(r.out).toContain('pending 1970-01-01T00:02:00Z → resolved 1970-01-01T00:04:00Z');
    expect(r.out).toContain('record job:up:sum (group example): 2 series, 56 samples written');
    expect(r.out).toContain('warning: alerting rule NeverFires (group example) never produced anything');
  });

  it('emits JSON that follows the published schema', async () => {
    const r = await run([rules, '--samples', samples, '--format', 'json']);
    const json = JSON.parse(r.out);
    const require = createRequire(import.meta.url);
    const Ajv = require('ajv') as typeof import('ajv').default;
    const schema = JSON.parse(readFileSync(path.resolve(__dirname, '../../schemas/dryrun.schema.json'), 'utf8'));
    const validate = new Ajv({ strict: false, validateFormats: false }).compile(schema);
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    const inst = json.alerts[0].instances[0];
    expect(inst.intervals[0]).toEqual({
      pendingAt: { rfc3339: '1970-01-01T00:11:00Z', unix: 660 },
      firingAt: { rfc3339: '1970-01-01T00:13:00Z', unix: 780 },
      resolvedAt: { rfc3339: '1970-01-01T00:17:00Z', unix: 1020 },
    });
  });

  it('restricts evaluation to --start/--end', async () => {
    const r = await run([rules, '--samples', samples, '--start', '600', '--end', '900', '--format', 'json']);
    const json = JSON.parse(r.out);
    expect(json.evaluations).toBe(6);
    expect(json.start.unix).toBe(600);
  });

  it('writes a snapshot unit test that passes with promforge test (and promtool when installed)', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'promforge-dryrun-'));
    copyFileSync(rules, path.join(out, 'rules.yml'));
    const r = await run([path.join(out, 'rules.yml'), '--samples', samples, '--emit-test', path.join(out, 'snapshot.yml')]);
    expect(r.err).toMatch(/wrote .*snapshot\.yml: \d+ alert checks\n/);
    const io = captureIo();
    expect(await runCli(['test', path.join(out, 'snapshot.yml')], io)).toBe(0);
    const text = readFileSync(path.join(out, 'snapshot.yml'), 'utf8');
    expect(text).toContain('values: 1x10 0x5 1x10');
    expect(text).toContain('summary: c:5432 of db is down');
    if (existsSync('/usr/bin/promtool')) {
      const p = spawnSync('promtool', ['test', 'rules', 'snapshot.yml'], { cwd: out, encoding: 'utf8' });
      expect(p.status, p.stdout + p.stderr).toBe(0);
    } else console.warn('notice: promtool not installed; the snapshot is only checked with promforge');
  });

  it('refuses invalid rule files and bad options', async () => {
    const bad = await run([path.resolve(__dirname, '../../fixtures/check/invalid.yaml'), '--samples', samples]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/invalid\.yaml:\d+:\d+: error:/);
    const opt = await run([rules, '--samples', samples, '--interval', 'often']);
    expect(opt.code).toBe(2);
    const missing = await run([rules, '--samples', path.join(dir, 'nope.om')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('nope.om');
  });
});
