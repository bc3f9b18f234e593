// promtool's own rule unit-test fixtures, with the outcomes upstream asserts
// (../shared/conformance/SOURCE.md): every row must match.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { runUnitTestFile } from '../../src/unittest/runner.js';
import type { RunOptions } from '../../src/unittest/runner.js';
import { engineDeps } from '../../src/unittest/engine-binding.js';

const conformance = process.env['PROMFORGE_CONFORMANCE_DIR'] ?? path.resolve(__dirname, '../../../shared/conformance');
const dir = path.join(conformance, 'promtool-unittest');
const present = existsSync(dir);
if (!present) console.warn(`notice: ${dir} is absent; skipping promtool unit-test conformance`);

const bothOff: RunOptions = { disabledFeatures: ['at-modifier', 'negative-offset'] };
const atOff: RunOptions = { disabledFeatures: ['at-modifier'] };
const negOff: RunOptions = { disabledFeatures: ['negative-offset'] };
const atOnly: RunOptions = { disabledFeatures: ['negative-offset'] };
const negOnly: RunOptions = { disabledFeatures: ['at-modifier'] };

// [file, options, expected pass]. "Options not listed were off": in the Go
// test @ and negative offsets are off unless a row turns them on.
const TABLE: [string, RunOptions, boolean][] = [
  ['unittest.yml', bothOff, true],
  ['long-period.yml', bothOff, true],
  ['no-test-group-interval.yml', negOnly, true],
  ['start-time-test.yml', atOnly, true],
  ['at-modifier-test.yml', atOff, false],
  ['at-modifier-test.yml', atOnly, true],
  ['negative-offset-test.yml', negOff, false],
  ['negative-offset-test.yml', negOnly, true],
  ['bad-input-series.yml', bothOff, false],
  ['bad-promql.yml', bothOff, false],
  ['bad-rules-syntax-test.yml', bothOff, false],
  ['bad-rules-error-test.yml', bothOff, false],
  ['failing.yml', bothOff, false],
  ['rules_run.yml', bothOff, false],
  ['rules_run.yml', { ...bothOff, run: ['correct', 'wrong'] }, false],
  ['rules_run.yml', { ...bothOff, run: ['correct'] }, true],
  ['rules_run.yml', { ...bothOff, run: ['wrong'] }, false],
  ['rules_run_extrafields.yml', { ...bothOff, ignoreUnknownFields: true }, true],
  ['rules_run_no_fuzzy.yml', bothOff, false],
  ['rules_run_fuzzy.yml', { ...bothOff, run: ['correct'] }, true],
  ['rules_run_fuzzy.yml', { ...bothOff, run: ['wrong'] }, false],
  ['rules_run_fuzzy.yml', bothOff, false],
];

describe.skipIf(!present)('promtool test rules conformance', () => {
  const deps = engineDeps();
  it.each(TABLE)('%s %o → pass=%s', (file, options, pass) => {
    const r = runUnitTestFile(path.join(dir, file), deps, options);
    const why = [...r.diagnostics.map((d) => d.message), ...r.groups.flatMap((g) => g.failures)].join('\n');
    expect(r.passed && r.diagnostics.length === 0, why).toBe(pass);
    // A failing file fails for the reason upstream gives, not by accident.
    if (!pass) expect(why).not.toBe('');
  });

  it('fails the JUnit sub-test run (all four feature files with everything off)', () => {
    const files = ['at-modifier-test.yml', 'negative-offset-test.yml', 'no-test-group-interval.yml', 'start-time-test.yml'];
    const results = files.map((f) => runUnitTestFile(path.join(dir, f), deps, bothOff));
    expect(results.every((r) => r.passed)).toBe(false);
  });

  it('reports failures the way promtool words them', () => {
    const r = runUnitTestFile(path.join(dir, 'failing.yml'), deps, bothOff);
    const text = r.groups.flatMap((g) => g.failures).join('\n');
    expect(text).toContain(
      '    alertname: Test, time: 0m, \n        exp:[\n            0:\n              Labels:{alertname="Test"}\n              Annotations:{}\n            ], \n        got:[]',
    );
    expect(text).toContain('    expr: "test", time: 0m,\n        exp: {__name__="test"} 1E+00');
  });
});
