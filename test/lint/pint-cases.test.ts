// pint's offline cases (../shared/lint-cases/pint): over every case whose
// concern a promforge check covers, recall and precision against pint's verdict.
import { describe, it, expect } from 'vitest';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { listPintCases, runPintCase } from './pint-cases.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'lint-cases', 'pint');
const present = existsSync(root);
if (!present) console.warn(`pint cases test skipped: ${root} not found`);

describe.skipIf(!present)("pint's offline cases", () => {
  it('recall >= 90% and precision >= 95% over the covered cases', async () => {
    const cases = listPintCases(root).filter((c) => c.checks.length > 0);
    expect(cases.length).toBeGreaterThan(200);
    let tp = 0, fp = 0, fn = 0;
    const misses: string[] = [];
    for (const c of cases) {
      const o = await runPintCase(c);
      if (c.pintReports && o.reported) tp++;
      else if (c.pintReports) { fn++; misses.push(`missed ${c.id}`); }
      else if (o.reported) { fp++; misses.push(`extra ${c.id}: ${o.findings.join('; ')}`); }
    }
    const recall = tp / (tp + fn);
    const precision = tp / (tp + fp);
    console.log(`pint cases: ${cases.length}, tp=${tp} fp=${fp} fn=${fn}, recall ${recall.toFixed(3)}, precision ${precision.toFixed(3)}\n  ${misses.join('\n  ')}`);
    expect(recall).toBeGreaterThanOrEqual(0.9);
    expect(precision).toBeGreaterThanOrEqual(0.95);
  }, 60_000);
});
