// fmt never loses a byte of meaning: on a copy of every file of the shared
// corpus and on generated expressions with comments, comments in = comments
// out (count and text), every expression means the same, and a second run
// changes nothing. Files that are not rule files are left byte for byte.
import { describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { formatFiles } from '../../src/fmt/files.js';
import { formatRuleText } from '../../src/fmt/format.js';
import { Rng } from '../differential/rng.js';
import { commentsOf, meaningsOf } from './oracle.js';

const corpus = path.resolve(__dirname, '../../../shared/corpus');
if (!existsSync(corpus)) console.warn('notice: ../shared/corpus is absent; skipping the fmt lossless corpus test');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = path.join(dir, name);
      return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/i.test(name) ? [p] : [];
    });
}

describe.skipIf(!existsSync(corpus))('fmt on a copy of every corpus file', () => {
  it('keeps comments and meaning, skips non-rule files untouched, and is idempotent', async () => {
    const copy = path.join(mkdtempSync(path.join(tmpdir(), 'promforge-fmt-corpus-')), 'corpus');
    cpSync(corpus, copy, { recursive: true });
    const first = await formatFiles([copy], { cwd: copy });
    expect(first.usageErrors).toEqual([]);
    expect(first.outcomes.filter((o) => o.status === 'invalid' || o.status === 'io-error')).toEqual([]);
    const files = yamlFiles(corpus);
    expect(first.outcomes.length).toBe(files.length);
    let commentLines = 0;
    let promqlKept = 0;
    for (const original of files) {
      const formattedPath = path.join(copy, path.relative(corpus, original));
      const before = readFileSync(original, 'utf8');
      const after = readFileSync(formattedPath, 'utf8');
      const outcome = first.outcomes.find((o) => path.resolve(copy, o.file) === formattedPath)!;
      if (outcome.status === 'skipped') expect(after, formattedPath).toBe(before);
      const comments = commentsOf(before);
      commentLines += comments.length;
      // A file fmt left byte for byte keeps its comments and meaning by identity; the oracle runs on the changed ones.
      if (after !== before) {
        const meanings = meaningsOf(before);
        expect(commentsOf(after), formattedPath).toEqual(comments);
        expect(meaningsOf(after), formattedPath).toEqual(meanings);
      }
      if (outcome.status !== 'skipped' && 'diagnostics' in outcome) promqlKept += outcome.diagnostics.filter((d) => d.source === 'fmt').length;
    }
    const second = await formatFiles([copy], { cwd: copy });
    expect(second.outcomes.filter((o) => o.status !== 'unchanged' && o.status !== 'skipped').map((o) => o.file)).toEqual([]);
    const count = (s: string): number => first.outcomes.filter((o) => o.status === s).length;
    console.info(
      `fmt corpus: ${files.length} files, ${count('formatted')} reformatted, ${count('skipped')} skipped, ${commentLines} comments kept, ${promqlKept} expressions with comments left as written`,
    );
    expect(count('formatted')).toBeGreaterThan(100);
    expect(promqlKept).toBeGreaterThan(0);
  });
});

// Generated rule files: random expressions whose tokens are separated by
// spaces, line breaks, trailing comments or whole comment lines.
const SELECTORS = ['up', 'http_requests_total{job="api"}', 'node_load1{instance=~"db-.*"}', 'x{a="#not a comment"}'];
function randomExpr(rng: Rng, depth: number): string[] {
  // Every generated expression is an instant vector, so any operator fits.
  const leaf = (): string[] => rng.pick([() => [rng.pick(SELECTORS)], () => ['rate', '(', rng.pick(SELECTORS), '[5m]', ')']])();
  if (depth === 0) return leaf();
  return rng.pick([
    () => [...randomExpr(rng, depth - 1), rng.pick(['+', '/', 'and', 'or', 'unless']), ...randomExpr(rng, depth - 1)],
    () => [...randomExpr(rng, depth - 1), rng.pick(['>', '<=']), String(rng.int(0, 100))],
    () => [rng.pick(['sum', 'max', 'avg']), 'by', '(', 'job', ')', '(', ...randomExpr(rng, depth - 1), ')'],
    () => ['(', ...randomExpr(rng, depth - 1), ')'],
    () => ['abs', '(', ...randomExpr(rng, depth - 1), ')'],
    leaf,
  ])();
}

function withComments(rng: Rng, tokens: readonly string[], id: number): string {
  let out = '';
  tokens.forEach((t, i) => {
    if (i > 0) {
      const r = rng.next();
      if (r < 0.12) out += ` # note ${id}.${i}: keep (me) "quoted" #hash\n`;
      else if (r < 0.2) out += `\n# line ${id}.${i}\n`;
      else if (r < 0.35) out += '\n';
      else out += ' ';
    }
    out += t;
  });
  return out;
}

function ruleFile(exprs: readonly string[]): string {
  const rules = exprs.map(
    (e, i) =>
      `      # rule ${i}\n      - record: job:r${i}:sum\n        expr: |\n${e
        .split('\n')
        .map((l) => (l === '' ? '' : `          ${l}`))
        .join('\n')}\n`,
  );
  return `# generated\ngroups:\n  - name: g # group comment\n    rules:\n${rules.join('')}`;
}

describe('fmt on generated expressions with comments', () => {
  it('keeps every comment and meaning, and is idempotent', () => {
    const rng = new Rng(20261202);
    let withAny = 0;
    for (let n = 0; n < 150; n++) {
      const exprs = Array.from({ length: 4 }, (_, i) => withComments(rng, randomExpr(rng, rng.int(1, 3)), i));
      const text = ruleFile(exprs);
      const once = formatRuleText(text, 'gen.yml');
      expect(
        once.diagnostics.filter((d) => d.severity === 'error'),
        text,
      ).toEqual([]);
      const out = once.text!;
      expect(commentsOf(out), text).toEqual(commentsOf(text));
      expect(meaningsOf(out), text).toEqual(meaningsOf(text));
      const commented = exprs.filter((e) => /# (?:note|line) /.test(e)).length;
      expect(once.diagnostics.filter((d) => d.source === 'fmt').length).toBe(commented);
      withAny += commented;
      const twice = formatRuleText(out, 'gen.yml');
      expect(twice.changed, out).toBe(false);
    }
    expect(withAny).toBeGreaterThan(100);
  });
});
