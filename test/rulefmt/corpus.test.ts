import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkFiles } from '../../src/rulefmt/check.js';
import { validateAgainstSchema } from '../../src/rulefmt/schema.js';
import { CORPUS_DIR, HAVE_CORPUS, corpusEntries } from './helpers.js';

if (!HAVE_CORPUS) console.warn(`[promforge] corpus not found at ${CORPUS_DIR}: corpus tests skipped`);

describe.skipIf(!HAVE_CORPUS)('the public rule corpus', () => {
  const ruleFiles = HAVE_CORPUS ? corpusEntries().filter((e) => e.kind !== 'unittest') : [];

  it('lists 183 rule files (INDEX.md)', () => {
    expect(ruleFiles).toHaveLength(183);
  });

  it('loads every rule file with 0 errors, with the counts INDEX.md gives', async () => {
    const result = await checkFiles(ruleFiles.map((e) => path.join(CORPUS_DIR, e.file)));
    expect(result.usageErrors).toEqual([]);
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`)).toEqual([]);
    expect(result.files).toHaveLength(183);
    for (const entry of ruleFiles) {
      const file = result.files.find((f) => f.path === path.join(CORPUS_DIR, entry.file));
      const rules = file?.groups.flatMap((g) => g.rules) ?? [];
      expect([entry.file, file?.groups.length, rules.filter((r) => r.kind === 'recording').length, rules.filter((r) => r.kind === 'alerting').length]).toEqual([
        entry.file,
        entry.groups,
        entry.recording,
        entry.alerting,
      ]);
    }
  });

  it('the JSON Schema accepts every rule file', () => {
    for (const entry of ruleFiles) {
      const text = readFileSync(path.join(CORPUS_DIR, entry.file), 'utf8');
      expect(validateAgainstSchema(text, entry.file), entry.file).toEqual([]);
    }
  });
});
