// pint's offline cases (../shared/lint-cases/pint): over every case whose
// concern a promforge check covers, recall and precision against pint's verdict.
import { describe, it, expect } from 'vitest';
import { dirname, join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { listPintCases, runPintCase } from './pint-cases.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..', 'shared', 'lint-cases', 'pint');
const differencesDoc = join(here, '..', '..', 'docs', 'lint-pint-differences.md');

/** The table of docs/lint-pint-differences.md: case id -> "miss" or "extra". */
function listedDifferences(): Record<string, string> {
  const rows: Record<string, string> = {};
  for (const line of readFileSync(differencesDoc, 'utf8').split('\n')) {
    const m = /^\| `([^`]+)` \| (miss|extra) \|/.exec(line);
    if (m) rows[m[1]!] = m[2]!;
  }
  return rows;
}
const present = existsSync(root);
if (!present) console.warn(`pint cases test skipped: ${root} not found`);

describe.skipIf(!present)("pint's offline cases", () => {
  it('recall >= 90% and precision >= 95% over the covered cases', async () => {
    const cases = listPintCases(root).filter((c) => c.checks.length > 0);
    expect(cases.length).toBeGreaterThan(200);
    let tp = 0,
      fp = 0,
      fn = 0;
    const misses: string[] = [];
    const differences: Record<string, string> = {};
    for (const c of cases) {
      const o = await runPintCase(c);
      if (c.pintReports && o.reported) tp++;
      else if (c.pintReports) {
        fn++;
        misses.push(`missed ${c.id}`);
        differences[c.id] = 'miss';
      } else if (o.reported) {
        fp++;
        misses.push(`extra ${c.id}: ${o.findings.join('; ')}`);
        differences[c.id] = 'extra';
      }
    }
    const recall = tp / (tp + fn);
    const precision = tp / (tp + fp);
    console.log(
      `pint cases: ${cases.length}, tp=${tp} fp=${fp} fn=${fn}, recall ${recall.toFixed(3)}, precision ${precision.toFixed(3)}\n  ${misses.join('\n  ')}`,
    );
    // Every difference is a deliberate, documented one (and counts against the numbers above);
    // a fixed one must leave the list, a new one must be fixed or explained there.
    expect(differences, 'docs/lint-pint-differences.md must list exactly the misses and extras').toEqual(listedDifferences());
    expect(recall).toBeGreaterThanOrEqual(0.9);
    expect(precision).toBeGreaterThanOrEqual(0.95);
  }, 60_000);
});
