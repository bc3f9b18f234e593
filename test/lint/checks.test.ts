// Runs every check's valid/invalid table, and the meta-test: every check has
// its own file, a doc page with the required sections, and test cases.

import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CHECKS } from '../../src/lint/checks/index.js';
import { type CheckCases, caseLabel, fileSnippet, findRule, normalise, runCase, runCaseFromYaml } from './harness.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

const casesById = new Map<string, CheckCases>();
for (const check of CHECKS) {
  const file = join(repo, 'test', 'lint', 'cases', `${check.meta.id}.ts`);
  if (!existsSync(file)) continue;
  const mod = (await import(pathToFileURL(file).href)) as { default: CheckCases };
  casesById.set(check.meta.id, mod.default);
}

describe('check registry (meta-test)', () => {
  const checkFiles = filesUnder(join(repo, 'src', 'lint', 'checks'))
    .map((f) => relative(join(repo, 'src', 'lint', 'checks'), f).replace(/\\/g, '/'))
    .filter((f) => f !== 'index.ts');

  it('every check file is registered and every registered check has its file', () => {
    const ids = CHECKS.map((c) => c.meta.id).sort();
    expect(checkFiles.map((f) => f.replace(/\.ts$/, '')).sort()).toEqual(ids);
  });

  it('check ids are unique and well formed', () => {
    const ids = CHECKS.map((c) => c.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^(promql|alerts|rule|group)\/[a-z][a-z0-9-]*$/);
  });

  for (const check of CHECKS) {
    const id = check.meta.id;
    it(`${id} has a doc page with what/why/examples/configuration/disable`, () => {
      const page = join(repo, 'docs', 'checks', `${id}.md`);
      expect(existsSync(page), `missing docs/checks/${id}.md`).toBe(true);
      const text = readFileSync(page, 'utf8');
      expect(text.startsWith(`# ${id}\n`)).toBe(true);
      for (const heading of ['## What it checks', '## Why', '## Bad', '## Good', '## Configuration', '## Disabling']) {
        expect(text, `${id}: missing "${heading}"`).toContain(heading);
      }
      expect(text).toContain('```yaml');
    });

    it(`${id} has valid and invalid test cases`, () => {
      const cases = casesById.get(id);
      expect(cases, `missing test/lint/cases/${id}.ts`).toBeDefined();
      expect(cases!.valid.length).toBeGreaterThan(0);
      expect(cases!.invalid.length).toBeGreaterThan(0);
    });
  }
});

for (const check of CHECKS) {
  const id = check.meta.id;
  const cases = casesById.get(id);
  if (!cases) continue;
  describe(id, () => {
    describe('valid', () => {
      cases.valid.forEach((c, i) => {
        it(`#${i} ${caseLabel(c)}`, () => {
          expect(runCase(id, c).map((p) => normalise(p, { message: '' }))).toEqual([]);
        });
      });
    });
    describe('invalid', () => {
      cases.invalid.forEach((c, i) => {
        it(`#${i} ${caseLabel(c)}`, () => {
          const problems = runCase(id, c);
          const actual = problems.map((p, j) => normalise(p, c.problems[j] ?? { message: '' }));
          expect(actual).toEqual(c.problems);
        });
        it(`#${i} from a rule file: same problems, file ranges cover the same text`, () => {
          const { problems, text } = runCaseFromYaml(id, c);
          expect(problems.map((p, j) => normalise(p, c.problems[j] ?? { message: '' }))).toEqual(c.problems);
          for (const p of problems) {
            expect(p.file).toBe('case.yml');
            const rule = findRule(c, p.rule.name);
            const loc = p.location;
            if (loc.kind === 'expr') {
              expect(fileSnippet(text, p)).toBe(rule.expr.slice(loc.pos.start, loc.pos.end));
            } else if (loc.pos && loc.key !== undefined) {
              const map = (loc.field === 'labels' ? rule.labels : rule.annotations) ?? {};
              expect(fileSnippet(text, p)).toBe(map[loc.key]!.slice(loc.pos.start, loc.pos.end));
            }
          }
        });
      });
    });
  });
}
