// Issue 15's acceptance for the upgrade report, on Wikimedia's
// operations-alerts (../shared/corpus): `test --compare-versions 2.42,3`
// names every test that passes under 2.42 and fails under 3.x, each with a
// diagnosed reason. Checked against an independent computation: every file
// run under each version on its own, pass/fail compared per test group. The
// worked example in docs/prometheus-versions.md must be what the report says.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { compareTestVersions, comparisonText } from '../../src/unittest/compare-versions.js';
import { engineDeps } from '../../src/unittest/engine-binding.js';
import { runUnitTestFile } from '../../src/unittest/runner.js';
import { parsePrometheusVersion, type PrometheusVersion } from '../../src/version/version.js';
import { docBlock } from './doc-blocks.js';

const WIKIMEDIA = path.resolve(__dirname, '../../../shared/corpus/wikimedia__operations-alerts');
const present = existsSync(WIKIMEDIA);
if (!present) console.warn(`notice: ${WIKIMEDIA} is absent; skipping the upgrade-report acceptance test on Wikimedia's operations-alerts`);

const version = (v: string): PrometheusVersion => {
  const p = parsePrometheusVersion(v);
  if (!p.ok) throw new Error(p.message);
  return p.version;
};

/** `*\/*_test.yaml` from the folder, in byte order (as the doc's LC_ALL=C shell glob). */
function testFiles(): string[] {
  const out: string[] = [];
  for (const dir of readdirSync(WIKIMEDIA).sort()) {
    const d = path.join(WIKIMEDIA, dir);
    if (!statSync(d).isDirectory()) continue;
    for (const f of readdirSync(d).sort()) if (f.endsWith('_test.yaml')) out.push(`${dir}/${f}`);
  }
  return out.sort();
}

describe.skipIf(!present)('the upgrade report on Wikimedia operations-alerts', () => {
  it('names every test group that passes under 2.42 and fails under 3.x, each with a diagnosed reason, and the doc shows it', () => {
    const [v2, v3] = [version('2.42'), version('3')];
    const files = testFiles();
    const deps = engineDeps();
    // Independent: each version on its own.
    const expected = new Set<string>();
    let passing2 = 0;
    let passing3 = 0;
    for (const f of files) {
      const a = runUnitTestFile(path.join(WIKIMEDIA, f), deps, { prometheusVersion: v2 });
      const b = runUnitTestFile(path.join(WIKIMEDIA, f), deps, { prometheusVersion: v3 });
      if (a.passed && a.diagnostics.length === 0) passing2++;
      if (b.passed && b.diagnostics.length === 0) passing3++;
      for (const g of a.groups) {
        const other = b.groups.find((x) => x.index === g.index);
        if (g.failures.length === 0 && (other?.failures.length ?? 0) > 0) expected.add(`${f} ${g.name || `#${g.index}`}`);
      }
    }
    const report = compareTestVersions(
      files.map((f) => path.join(WIKIMEDIA, f)),
      deps,
      [v2, v3],
      {},
      (f) => path.relative(WIKIMEDIA, f),
    );
    const reported = new Set(report.differences.filter((d) => d.outcomes[0] === 'passes' && d.outcomes[1] === 'fails').map((d) => `${d.file} ${d.group}`));
    console.info(
      `upgrade report: ${files.length} files; pass 2.42 ${passing2}, 3.x ${passing3}; ${expected.size} groups pass under 2.42 and fail under 3.x; ${report.differences.length} differing checks reported`,
    );
    // The issue's numbers for this half of the repository (promtool 2.42 passes 65 of 66).
    expect(passing2).toBe(65);
    expect(passing3).toBeLessThan(passing2);
    expect(expected.size).toBeGreaterThan(0);
    expect([...reported].sort()).toEqual([...expected].sort());
    for (const d of report.differences) {
      expect(d.reasons.length, `${d.file} ${d.group}`).toBeGreaterThan(0);
      expect(
        d.reasons.every((r) => r.difference !== 'undiagnosed'),
        `${d.file} ${d.group}: ${JSON.stringify(d.reasons)}`,
      ).toBe(true);
    }
    // Every file that passes under 2.42 and fails under 3.x is in the report.
    expect(report.files.filter((f) => f.passed[0] && !f.passed[1]).every((f) => f.differences.length > 0)).toBe(true);
    const doc = readFileSync(path.resolve(__dirname, '../../docs/prometheus-versions.md'), 'utf8');
    expect(docBlock(doc, 'upgrade-report')).toBe(`\`\`\`\n${comparisonText(report).trimEnd()}\n\`\`\``);
  }, 300_000);
});
