// Runs every check over every rule file of the shared corpus: nothing may
// crash, every finding must map to a file position, and the per-check counts
// are printed for review (false positives are fixed in the checks).

import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRuleText, type RuleFile } from '../../src/rulefmt/index.js';
import { fromRuleFiles } from '../../src/lint/adapter.js';
import { lintRules } from '../../src/lint/lint.js';
import type { Problem } from '../../src/lint/check.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const corpus = join(repo, '..', 'shared', 'corpus');
const present = existsSync(corpus);
if (!present) console.warn(`lint corpus test skipped: ${corpus} not found`);

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

describe.skipIf(!present)('lint over the shared corpus', () => {
  it('lints every rule without crashing; every finding has a file position', () => {
    // Each repository is linted as one rule set (as if loaded by one Prometheus);
    // the corpus holds copies of the same mixins from different repositories.
    const problems: Problem[] = [];
    let fileCount = 0;
    let ruleCount = 0;
    for (const repoDir of readdirSync(corpus, { withFileTypes: true }).filter((e) => e.isDirectory())) {
      const files: RuleFile[] = [];
      for (const f of yamlFiles(join(corpus, repoDir.name))) {
        const text = readFileSync(f, 'utf8');
        const loaded = loadRuleText(text, relative(corpus, f));
        if (loaded.file && loaded.file.groups.length > 0) files.push(loaded.file);
      }
      const rules = fromRuleFiles(files);
      fileCount += files.length;
      ruleCount += rules.length;
      problems.push(...lintRules(rules));
    }
    expect(ruleCount).toBeGreaterThan(1800);
    for (const p of problems) {
      expect(p.line, `${p.check} ${p.message}`).toBeGreaterThan(0);
      expect(p.column, `${p.check} ${p.message}`).toBeGreaterThan(0);
    }
    const counts = new Map<string, Record<string, number>>();
    for (const p of problems) {
      const c = counts.get(p.check) ?? {};
      c[p.severity] = (c[p.severity] ?? 0) + 1;
      counts.set(p.check, c);
    }
    console.log(`corpus: ${fileCount} files, ${ruleCount} rules, ${problems.length} findings`);
    for (const [check, c] of [...counts].sort()) console.log(`  ${check}: ${JSON.stringify(c)}`);
    if (process.env.PROMFORGE_LINT_DUMP) {
      for (const p of problems.filter((x) => x.severity === process.env.PROMFORGE_LINT_DUMP)) {
        console.log(`${p.file}:${p.line}:${p.column} ${p.check} ${p.message} [${p.rule.name}]`);
      }
    }
  });
});
