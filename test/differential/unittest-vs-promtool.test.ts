// Issue 6: `promforge test` (its runner, in process) against `promtool test
// rules` from Prometheus 2.42 on generated rule files and unit tests whose
// input samples sit off the evaluation grid (unit-tests.ts). Expectations
// are deliberately empty, so both tools print what they got; the test
// compares pass/fail and those failure texts line by line.
// Skips visibly when promtool is absent.

import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { engineDeps } from '../../src/unittest/engine-binding.js';
import { runUnitTestFile } from '../../src/unittest/runner.js';
import { parsePrometheusVersion } from '../../src/version/index.js';
import { type ToolReport, failureBlocks, normalizeLines, runPromtoolAll, textsAgree } from './promtool-reports.js';
import { KNOWN_UNITTEST_DISAGREEMENTS } from './known-unittest-disagreements.js';
import { PROMTOOL_BIN, binariesPresent } from './prometheus-server.js';
import { generateUnitTests } from './unit-tests.js';

const SEED = 6;
const TEST_COUNT = 80;
const CONCURRENCY = 6;

const present = binariesPresent(PROMTOOL_BIN);
if (!present) console.warn(`notice: ${PROMTOOL_BIN} is absent; skipping the promforge-test-vs-promtool differential test`);

function runPromforge(testFile: string): ToolReport {
  // The oracle is promtool 2.42: compare under its semantics and report texts
  // (the generated timings are jittered, so windows agree under 2.x and 3.x).
  const v2 = parsePrometheusVersion('2.42');
  const r = runUnitTestFile(testFile, engineDeps(), v2.ok ? { prometheusVersion: v2.version } : {});
  const text = [...r.diagnostics.map((d) => d.message), ...r.groups.flatMap((g) => g.failures)].join('\n');
  return { passed: r.passed && r.diagnostics.length === 0, lines: normalizeLines(text) };
}

describe.skipIf(!present)('promforge test vs promtool test rules 2.42 (differential)', () => {
  const workDir = mkdtempSync(path.join(tmpdir(), 'promforge-unittest-diff-'));
  // PROMFORGE_DIFF_KEEP=1 keeps the generated files for inspection.
  afterAll(() => {
    if (process.env['PROMFORGE_DIFF_KEEP']) console.info(`generated unit tests kept in ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  });

  it(`reports the same on ${TEST_COUNT} generated unit tests`, async () => {
    const tests = generateUnitTests(SEED, TEST_COUNT);
    const files = tests.map((t) => {
      const dir = path.join(workDir, t.name);
      mkdirSync(dir);
      writeFileSync(path.join(dir, 'rules.yml'), t.rulesYaml);
      writeFileSync(path.join(dir, 'test.yml'), t.testYaml);
      return path.join(dir, 'test.yml');
    });
    const promtool = await runPromtoolAll(files, { concurrency: CONCURRENCY });
    const ours = files.map(runPromforge);

    const differing: { name: string; block: string }[] = [];
    let blocksCompared = 0;
    let gotSections = 0;
    let passFailDiffer = 0;
    tests.forEach((t, i) => {
      const p = failureBlocks(promtool[i]!.lines);
      const o = failureBlocks(ours[i]!.lines);
      if (promtool[i]!.passed !== ours[i]!.passed) passFailDiffer++;
      gotSections += promtool[i]!.lines.filter((l) => l.trimStart().startsWith('got:')).length;
      const headers = [...new Set([...p.keys(), ...o.keys()])];
      for (const h of headers) {
        blocksCompared++;
        const a = p.get(h);
        const b = o.get(h);
        if (a !== undefined && b !== undefined && textsAgree(a, b)) continue;
        differing.push({ name: t.name, block: h });
        console.info(`DIFFER ${t.name} ${h}\n  promtool:  ${a ?? '<no failure>'}\n  promforge: ${b ?? '<no failure>'}`);
      }
    });
    const failing = promtool.filter((p) => !p.passed).length;
    console.info(
      `differential unit tests: ${tests.length} tests (${failing} failing in promtool, ${passFailDiffer} pass/fail differences); ` +
        `${blocksCompared - differing.length}/${blocksCompared} failure reports agree (${gotSections} got: sections from promtool)`,
    );

    // Most generated tests must fire something or return data, or there is little to compare.
    expect(failing).toBeGreaterThan(TEST_COUNT * 0.7);
    // Every failing promtool run printed what it got (a run killed early prints nothing and once hid every report).
    expect(gotSections).toBeGreaterThanOrEqual(failing);
    expect(differing).toEqual(KNOWN_UNITTEST_DISAGREEMENTS.map((k) => ({ name: k.name, block: k.block })));
    // Every known difference is in a failure text, not in whether a test fails.
    expect(passFailDiffer).toBe(0);
  }, 110_000);
});
