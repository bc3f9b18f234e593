// The deeply nested rules of deep-exprs.ts through promtool 2.42 and
// through promforge: both accept them (check) and evaluate 10,000 nested
// parentheses to the same values (the unit test's expectations pass in both). Skips visibly when
// promtool or the CLI bundle is absent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROMTOOL_BIN } from '../differential/prometheus-server.js';
import { DEEP_EXPRS, DEEP_RULES, deepRules, deepTest } from './deep-exprs.js';

const BUNDLE = path.resolve(import.meta.dirname, '../../dist/bundle/main.js');
const present = existsSync(PROMTOOL_BIN) && existsSync(BUNDLE);
if (!present) console.warn(`notice: ${PROMTOOL_BIN} or ${BUNDLE} is absent; skipping the deep-PromQL differential against promtool`);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'promforge-deep-'));
  mkdirSync(path.join(dir, 'all'));
  writeFileSync(path.join(dir, 'all', 'r.yml'), DEEP_RULES);
  // promtool takes minutes of CPU to evaluate all of them; the parentheses stand for the rest.
  writeFileSync(path.join(dir, 'r.yml'), deepRules(DEEP_EXPRS.slice(0, 1)));
  writeFileSync(path.join(dir, 't.yml'), deepTest(DEEP_EXPRS.slice(0, 1)));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (bin: string, args: readonly string[]): { code: number | null; out: string } => {
  const r = spawnSync(bin, args, { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
};

describe.skipIf(!present)('10,000-deep PromQL: promforge agrees with promtool 2.42', () => {
  it.each([
    ['check', ['check', 'rules', 'all/r.yml'], ['check', 'all/r.yml']],
    ['unit test values', ['test', 'rules', 't.yml'], ['test', 't.yml']],
  ])(
    '%s',
    (_name, promtoolArgs, ourArgs) => {
      const theirs = run(PROMTOOL_BIN, promtoolArgs);
      const ours = run(process.execPath, [BUNDLE, ...ourArgs]);
      expect(theirs.out).toContain('SUCCESS');
      expect(theirs.code).toBe(0);
      expect(ours.out).not.toMatch(/RangeError|internal error/);
      expect(ours.code).toBe(0);
    },
    240_000,
  );
});
