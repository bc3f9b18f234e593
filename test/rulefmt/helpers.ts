// Shared helpers for the rulefmt tests.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatFileDiagnostic } from '../../src/diagnostics.js';
import { loadRuleText, type LoadOptions } from '../../src/rulefmt/load.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = path.join(REPO_ROOT, 'fixtures/check');
const CONFORMANCE_DIR = process.env['PROMFORGE_CONFORMANCE_DIR'];
/** The corpus sits beside conformance/ in shared/ (or PROMFORGE_CORPUS_DIR). */
export const CORPUS_DIR =
  process.env['PROMFORGE_CORPUS_DIR'] ?? (CONFORMANCE_DIR ? path.join(path.dirname(CONFORMANCE_DIR), 'corpus') : path.join(REPO_ROOT, '../shared/corpus'));
export const HAVE_CORPUS = existsSync(path.join(CORPUS_DIR, 'INDEX.md'));

/** Every diagnostic of a text as `line:col: severity: message` (file name left out). */
export function problems(text: string, options: LoadOptions = {}): string[] {
  return loadRuleText(text, 'f.yaml', options).diagnostics.map((d) => formatFileDiagnostic(d).replace(/^f\.yaml:/, ''));
}

/** Only the errors, same format. */
export function errors(text: string, options: LoadOptions = {}): string[] {
  return problems(text, options).filter((p) => /^\d+:\d+: error: /.test(p));
}

export interface CorpusEntry {
  /** Path relative to the corpus directory. */
  readonly file: string;
  readonly kind: 'rules' | 'crd' | 'unittest';
  readonly groups: number;
  readonly recording: number;
  readonly alerting: number;
}

/** The corpus files listed in INDEX.md, with their kind and counts. */
export function corpusEntries(): CorpusEntry[] {
  const index = readFileSync(path.join(CORPUS_DIR, 'INDEX.md'), 'utf8');
  const entries: CorpusEntry[] = [];
  let folder: string | undefined;
  for (const line of index.split('\n')) {
    const section = /^## ([\w.-]+)\/([\w.-]+)\s*$/.exec(line);
    if (section) folder = `${section[1]}__${section[2]}`;
    const row = /^\| ([^|]+?) \| (rules|crd|unittest) \| (\d*) \| (\d*) \| (\d*) \|/.exec(line);
    if (row && folder) {
      entries.push({
        file: `${folder}/${row[1]}`,
        kind: row[2] as CorpusEntry['kind'],
        groups: Number(row[3] || 0),
        recording: Number(row[4] || 0),
        alerting: Number(row[5] || 0),
      });
    }
  }
  return entries;
}
