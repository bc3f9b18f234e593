// Differential test of YAML reading against `promtool check rules` (Debian's
// Prometheus 2.42, whose rulefmt reads files with go-yaml v3): every plain
// rule file of ../shared/corpus, and over a thousand seeded layout mutants of
// real files (layout-mutants.ts), must get promtool's accept/reject verdict;
// where both accept a layout meant to be valid, promforge must decode the
// content the seed holds. promforge is compared with 2.x name rules
// (`nameValidation: 'legacy'`), the only 3.x difference these inputs touch.
// promtool's verdicts come from promtool-verdicts.ts.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadRuleText } from '../../src/rulefmt/load.js';
import type { RuleFile } from '../../src/rulefmt/model.js';
import { checkFiles } from '../../src/rulefmt/check.js';
import { CORPUS_DIR, HAVE_CORPUS } from './helpers.js';
import { generateLayoutMutants } from './layout-mutants.js';
import { HAVE_PROMTOOL, PROMTOOL, promtoolVerdicts } from './promtool-verdicts.js';

const KEEP = process.env['PROMFORGE_KEEP_MUTANTS'];
if (!HAVE_PROMTOOL) console.warn(`[promforge] promtool not found at ${PROMTOOL}: YAML layout differential test skipped`);
if (!HAVE_CORPUS) console.warn(`[promforge] corpus not found at ${CORPUS_DIR}: YAML layout differential test skipped`);

const MUTANTS_PER_SEED = 72;
const SEED_COUNT = 14;

/** Every plain rule file under the corpus (unit-test files, which have `rule_files:`, left out). */
function corpusRuleFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(name) && !/^rule_files:/m.test(readFileSync(full, 'utf8'))) out.push(full);
    }
  };
  walk(CORPUS_DIR);
  return out;
}

async function ourVerdict(file: string): Promise<{ valid: boolean; why: string }> {
  const r = await checkFiles([file], { nameValidation: 'legacy' });
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  return {
    valid: r.usageErrors.length === 0 && errors.length === 0,
    why: [...r.usageErrors, ...errors.map((d) => `${d.line}:${d.column} ${d.message}`)].slice(0, 2).join('; '),
  };
}

/** The content of a loaded file in the shape of the seed's data. */
function content(file: RuleFile): unknown {
  const map = (m: { entries: readonly { name: { value: string }; value: { value: string } }[] } | undefined): Record<string, string> | undefined =>
    m ? Object.fromEntries(m.entries.map((e) => [e.name.value, e.value.value])) : undefined;
  return file.groups.map((g) => ({
    name: g.name.value,
    rules: g.rules.map((r) => ({
      name: r.kind === 'alerting' ? r.alert.value : r.record.value,
      expr: r.expr.value,
      labels: map(r.labels),
      annotations: r.kind === 'alerting' ? map(r.annotations) : undefined,
    })),
  }));
}

function expectedContent(data: unknown): unknown {
  const groups = (data as { groups: { name: string; rules?: Record<string, unknown>[] }[] }).groups;
  return groups.map((g) => ({
    name: g.name,
    rules: (g.rules ?? []).map((r) => ({
      name: (r['alert'] ?? r['record']) as string,
      expr: r['expr'],
      labels: r['labels'] as Record<string, string> | undefined,
      annotations: 'alert' in r ? (r['annotations'] as Record<string, string> | undefined) : undefined,
    })),
  }));
}

describe.skipIf(!HAVE_PROMTOOL || !HAVE_CORPUS)('differential: YAML layouts, promforge check vs promtool check rules (2.42)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'promforge-layout-'));
  });
  afterAll(() => {
    if (!KEEP) rmSync(dir, { recursive: true, force: true });
  });

  it('agrees on every plain rule file of the corpus', async () => {
    const files = corpusRuleFiles();
    expect(files.length).toBeGreaterThan(300);
    const theirs = promtoolVerdicts(files);
    const disagreements: string[] = [];
    for (const f of files) {
      const ours = await ourVerdict(f);
      if (ours.valid !== theirs.get(f))
        disagreements.push(
          `${path.relative(CORPUS_DIR, f)}: promforge ${ours.valid ? 'valid' : `invalid (${ours.why})`}, promtool ${theirs.get(f) ? 'valid' : 'invalid'}`,
        );
    }
    expect(disagreements).toEqual([]);
  });

  it('agrees on over a thousand layout mutants and decodes the seed content from every valid one', async () => {
    const small = corpusRuleFiles().filter((f) => statSync(f).size < 12_000);
    const stride = Math.max(1, Math.floor(small.length / SEED_COUNT));
    const seeds = small
      .filter((_, i) => i % stride === 0)
      .slice(0, SEED_COUNT)
      .map((f) => ({ name: path.relative(CORPUS_DIR, f).replace(/[/.]/g, '_'), text: readFileSync(f, 'utf8') }));
    const mutants = generateLayoutMutants(seeds, MUTANTS_PER_SEED);
    expect(mutants.length).toBeGreaterThanOrEqual(1000);
    const paths = mutants.map((m, i) => {
      const p = path.join(dir, `m${i}.yml`);
      writeFileSync(p, m.text);
      return p;
    });
    const theirs = promtoolVerdicts(paths);
    const disagreements: string[] = [];
    const wrongContent: string[] = [];
    let valid = 0;
    for (const [i, m] of mutants.entries()) {
      const p = paths[i] as string;
      const ours = await ourVerdict(p);
      const promtool = theirs.get(p);
      if (promtool) valid++;
      if (ours.valid !== promtool)
        disagreements.push(`${m.id} (${p}): promforge ${ours.valid ? 'valid' : `invalid (${ours.why})`}, promtool ${promtool ? 'valid' : 'invalid'}`);
      else if (ours.valid && m.expected !== undefined) {
        const loaded = loadRuleText(m.text, p, { nameValidation: 'legacy', checkTemplate: null });
        const got = loaded.file ? content(loaded.file) : undefined;
        if (JSON.stringify(got) !== JSON.stringify(expectedContent(m.expected))) wrongContent.push(`${m.id} (${p})`);
      }
    }
    expect(disagreements).toEqual([]);
    expect(wrongContent).toEqual([]);
    // Both verdicts occur plenty.
    expect(valid).toBeGreaterThan(500);
    expect(mutants.length - valid).toBeGreaterThan(150);
  });
});
