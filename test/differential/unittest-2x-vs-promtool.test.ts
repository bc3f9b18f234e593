// Issue 15: `promforge test --prometheus-version 2.42` against Debian's
// `promtool test rules` (2.42) on real unit-test suites: every `*_test.yaml`
// of Wikimedia's operations-alerts in ../shared/corpus and every unit-test
// file of Prometheus's own cmd/promtool/testdata. Pass/fail must agree on
// every file, and where both fail, the failure reports must be the same.
// Skips visibly without promtool or without the shared material.

// vitest: slow file
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { engineDeps } from '../../src/unittest/engine-binding.js';
import { runUnitTestFile } from '../../src/unittest/runner.js';
import { parsePrometheusVersion } from '../../src/version/version.js';
import {
  type ToolReport,
  failureBlocks,
  normalizeLines,
  normalizePromforgeReport,
  normalizePromtoolReport,
  promforgeFieldErrors,
  runPromtoolAll,
  textsAgree,
} from './promtool-reports.js';
import { PROMTOOL_BIN, binariesPresent } from './prometheus-server.js';

const SHARED = path.resolve(__dirname, '../../../shared');
const WIKIMEDIA = path.join(SHARED, 'corpus/wikimedia__operations-alerts');
const CONFORMANCE = process.env['PROMFORGE_CONFORMANCE_DIR'] ?? path.join(SHARED, 'conformance');
const PROMTOOL_TESTDATA = path.join(CONFORMANCE, 'promtool-unittest');
// Two cores shared with other work: more promtool processes only contend.
const CONCURRENCY = 3;

/** The unit-test files of cmd/promtool/testdata (SOURCE.md lists the rule files beside them). */
const PROMTOOL_TEST_FILES = [
  'at-modifier-test.yml',
  'bad-input-series.yml',
  'bad-promql.yml',
  'bad-rules-error-test.yml',
  'bad-rules-syntax-test.yml',
  'failing.yml',
  'long-period.yml',
  'negative-offset-test.yml',
  'no-test-group-interval.yml',
  'rules_run.yml',
  'rules_run_extrafields.yml',
  'rules_run_fuzzy.yml',
  'rules_run_no_fuzzy.yml',
  'start-time-test.yml',
  'unittest.yml',
];

const present = binariesPresent(PROMTOOL_BIN) && existsSync(WIKIMEDIA) && existsSync(PROMTOOL_TESTDATA);
if (!present) console.warn(`notice: ${PROMTOOL_BIN}, ${WIKIMEDIA} or ${PROMTOOL_TESTDATA} is absent; skipping the 2.42-mode unit-test differential test`);

function testFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) out.push(...testFilesUnder(p));
    else if (e.endsWith('_test.yaml')) out.push(p);
  }
  return out;
}

const V242 = parsePrometheusVersion('2.42');
if (!V242.ok) throw new Error(V242.message);

function runPromforge242(testFile: string): ToolReport {
  const r = runUnitTestFile(testFile, engineDeps(), { prometheusVersion: V242.ok ? V242.version : undefined });
  const lines = [...promforgeFieldErrors(r.diagnostics), ...normalizeLines(r.groups.flatMap((g) => g.failures).join('\n'))];
  return { passed: r.passed && r.diagnostics.length === 0, lines };
}

describe.skipIf(!present)('promforge test --prometheus-version 2.42 vs promtool test rules 2.42 on real suites', () => {
  it('agrees on pass/fail of every file and on every failure report', async () => {
    const files = [...testFilesUnder(WIKIMEDIA), ...PROMTOOL_TEST_FILES.map((f) => path.join(PROMTOOL_TESTDATA, f))];
    // promtool runs in a pool of child processes while promforge runs here,
    // one file per turn of the event loop so the pool keeps refilling. Long
    // suites (a million-sample series, a 336h test) take promtool tens of
    // seconds on a loaded machine.
    const promtoolRuns = runPromtoolAll(files, { concurrency: CONCURRENCY, timeoutMs: 240_000, longestFirst: true });
    const ours: ToolReport[] = [];
    for (const f of files) {
      ours.push(runPromforge242(f));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const promtool = await promtoolRuns;
    const passFail: string[] = [];
    const reports: string[] = [];
    let bothFailing = 0;
    files.forEach((f, i) => {
      const p = promtool[i]!;
      const o = ours[i]!;
      const name = path.relative(SHARED, f);
      if (p.passed !== o.passed) {
        passFail.push(`${name}: promtool ${p.passed ? 'passes' : 'fails'}, promforge ${o.passed ? 'passes' : 'fails'}`);
        return;
      }
      if (p.passed) return;
      bothFailing++;
      // Normalisations (each documented in promtool-reports.ts): locations, unknown-field lists, duplicate-series order.
      const pb = failureBlocks(normalizePromtoolReport(p.lines));
      const ob = failureBlocks(normalizePromforgeReport(o.lines, f));
      for (const h of new Set([...pb.keys(), ...ob.keys()])) {
        const a = pb.get(h);
        const b = ob.get(h);
        if (a !== undefined && b !== undefined && textsAgree(a, b)) continue;
        reports.push(`${name} ${h}\n  promtool:  ${a ?? '<none>'}\n  promforge: ${b ?? '<none>'}`);
      }
    });
    const passing = promtool.filter((p) => p.passed).length;
    console.info(
      `2.42 mode: ${files.length} files, promtool passes ${passing}; ${files.length - passFail.length}/${files.length} same pass/fail; ${bothFailing} fail in both, ${reports.length} differing failure reports`,
    );
    // The comparison must cover real failures too, not only passing files.
    expect(bothFailing).toBeGreaterThanOrEqual(5);
    for (const r of reports) console.info(`DIFFER ${r}`);
    expect(passFail).toEqual([]);
    expect(reports).toEqual([]);
  }, 420_000);
});
