// Differential test against `promtool check rules` (Prometheus 2.42, Debian's
// package): every corpus rule file and several hundred deterministic mutants
// must get the same valid/invalid verdict from promforge and promtool, except
// the mutations marked `differs` (3.x-only behaviour, see docs/check.md),
// where each side must give its own version's verdict.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkFiles } from '../../src/rulefmt/check.js';
import { CORPUS_DIR, FIXTURES, HAVE_CORPUS, corpusEntries } from './helpers.js';
import { generateMutants, type Mutant } from './mutants.js';
import { HAVE_PROMTOOL, PROMTOOL, promtoolVerdicts } from './promtool-verdicts.js';

if (!HAVE_PROMTOOL) console.warn(`[promforge] promtool not found at ${PROMTOOL}: differential test skipped`);
if (!HAVE_CORPUS) console.warn(`[promforge] corpus not found at ${CORPUS_DIR}: differential test skipped`);

/** Seeds: fixed corpus files covering alerting and recording rules, plus our fixture. */
const SEED_FILES = [
  'prometheus__node_exporter/example-rules.yml',
  'prometheus__node_exporter/docs/example-16-compatibility-rules.yml',
  'thanos-io__thanos/examples/alerts/rules.yaml',
  'samber__awesome-prometheus-alerts/dist/rules/traefik/embedded-exporter-v2.yml',
  'samber__awesome-prometheus-alerts/dist/rules/windows-server/windows-exporter.yml',
  'monitoring-mixins__website/assets/mysql/rules.yaml',
  'monitoring-mixins__website/assets/jaeger/alerts.yaml',
];

/** promtool's verdict on each file, in order; a file it gave none for is a failure here. */
function promtoolVerdictList(files: readonly string[]): boolean[] {
  const verdicts = promtoolVerdicts(files);
  const missing = files.filter((f) => !verdicts.has(f));
  expect(missing, 'files promtool gave no verdict for').toEqual([]);
  return files.map((f) => verdicts.get(f) === true);
}

async function promforgeVerdict(file: string): Promise<boolean> {
  const r = await checkFiles([file]);
  return r.usageErrors.length === 0 && !r.diagnostics.some((d) => d.severity === 'error');
}

describe.skipIf(!HAVE_PROMTOOL || !HAVE_CORPUS)('differential: promforge check vs promtool check rules (2.42)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'promforge-diff-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('agrees on every corpus rule file', async () => {
    const files = corpusEntries()
      .filter((e) => e.kind === 'rules')
      .map((e) => path.join(CORPUS_DIR, e.file));
    const theirs = promtoolVerdictList(files);
    const disagreements: string[] = [];
    for (const [i, file] of files.entries()) {
      const ours = await promforgeVerdict(file);
      if (ours !== theirs[i]) disagreements.push(`${file}: promforge ${ours ? 'valid' : 'invalid'}, promtool ${theirs[i] ? 'valid' : 'invalid'}`);
    }
    expect(disagreements).toEqual([]);
  });

  it('agrees on at least 300 mutants, and differs only where 3.x differs from 2.42', async () => {
    const seeds = SEED_FILES.map((f) => ({
      name: path.basename(path.dirname(f)) + '-' + path.basename(f).replace(/\.ya?ml$/, ''),
      text: readFileSync(path.join(CORPUS_DIR, f), 'utf8'),
    }));
    seeds.push({ name: 'fixture-valid', text: readFileSync(path.join(FIXTURES, 'valid.yaml'), 'utf8') });
    const mutants: Mutant[] = generateMutants(seeds);
    const agreeing = mutants.filter((m) => !m.differs);
    expect(agreeing.length).toBeGreaterThanOrEqual(300);
    const paths = mutants.map((m) => {
      const p = path.join(dir, `${m.id}.yaml`);
      writeFileSync(p, m.text);
      return p;
    });
    const theirs = promtoolVerdictList(paths);
    const disagreements: string[] = [];
    let valid = 0;
    for (const [i, m] of mutants.entries()) {
      const ours = await promforgeVerdict(paths[i] as string);
      const promtool = theirs[i] as boolean;
      if (ours) valid++;
      if (m.differs) {
        // 2.42 rejects, 3.x accepts.
        if (!(ours && !promtool)) disagreements.push(`${m.id} [${m.differs}]: expected promforge valid / promtool invalid, got ${ours} / ${promtool}`);
      } else if (ours !== promtool) {
        disagreements.push(`${m.id}: promforge ${ours ? 'valid' : 'invalid'}, promtool ${promtool ? 'valid' : 'invalid'}`);
      }
    }
    expect(disagreements).toEqual([]);
    // Both verdicts occur plenty: the mutants exercise invalid and valid paths.
    expect(valid).toBeGreaterThan(50);
    expect(mutants.length - valid).toBeGreaterThan(200);
  });
});
