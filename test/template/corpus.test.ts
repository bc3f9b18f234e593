// Every label/annotation template in the shared rule corpus must parse
// without diagnostics, as it does in Prometheus.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseTemplate } from '../../src/template/index.js';

const corpusDir = resolve(import.meta.dirname, '../../../shared/corpus');
const haveCorpus = existsSync(corpusDir);
if (!haveCorpus) console.warn(`template corpus tests skipped: ${corpusDir} not found`);

function ruleFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return ruleFiles(p);
    return /\.ya?ml$/.test(name) ? [p] : [];
  });
}

interface CorpusTemplate {
  readonly where: string;
  readonly text: string;
}

/** The labels and annotations values of every rule that contain an action. */
function corpusTemplates(): CorpusTemplate[] {
  const out: CorpusTemplate[] = [];
  for (const file of ruleFiles(corpusDir)) {
    for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
      const groups = (doc.toJS() as { groups?: { rules?: Record<string, unknown>[] }[] } | null)?.groups ?? [];
      for (const g of groups) {
        for (const rule of g.rules ?? []) {
          for (const field of ['labels', 'annotations'] as const) {
            const m = rule[field];
            if (typeof m !== 'object' || m === null) continue;
            for (const [k, v] of Object.entries(m as Record<string, unknown>)) {
              if (typeof v === 'string' && v.includes('{{')) out.push({ where: `${file}: ${String(rule['alert'] ?? rule['record'])} ${field}.${k}`, text: v });
            }
          }
        }
      }
    }
  }
  return out;
}

describe.skipIf(!haveCorpus)('shared corpus templates', () => {
  const templates = haveCorpus ? corpusTemplates() : [];

  it('finds a template in every corpus rule file that contains "{{"', () => {
    const withActions = ruleFiles(corpusDir).filter((f) => readFileSync(f, 'utf8').includes('{{'));
    const withTemplates = new Set(templates.map((t) => t.where.slice(0, t.where.indexOf(': '))));
    console.info(`template corpus: ${templates.length} templates in ${withTemplates.size} files`);
    expect([...withTemplates].sort()).toEqual(withActions.sort());
  });

  it('parses every one without diagnostics', () => {
    const failures = templates
      .map((t) => ({ ...t, diagnostics: parseTemplate(t.text).diagnostics }))
      .filter((t) => t.diagnostics.length > 0)
      .map((t) => `${t.where}: ${t.diagnostics.map((d) => `${d.message} @${d.pos.start}`).join('; ')}`);
    expect(failures).toEqual([]);
  });
});
