// `npm run bench` rewrites only the generated part of BENCHMARKS.md: the
// hand-measured sections around it (A/B measurements, per-session notes) are
// kept byte for byte, and a report without the markers is never overwritten.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script of the benchmark harness, without types
import { GENERATED_BEGIN, GENERATED_END, newReport, withGeneratedRegion } from '../../bench/lib.mjs';

const root = path.resolve(__dirname, '../..');
const replace = withGeneratedRegion as (existing: string, generated: string) => string | undefined;

describe('BENCHMARKS.md generated region', () => {
  const before = '# Notes\n\nkept above\n\n';
  const after = '\n\n## issue #18, hand-measured\n\n| a | b |\n|---|---:|\n| x | 1 |\n';
  const file = `${before}${GENERATED_BEGIN}\nold generated text\n${GENERATED_END}${after}`;

  it('replaces only the text between the markers', () => {
    const updated = replace(file, '# Benchmarks\n\nnew\n');
    expect(updated).toBe(`${before}${GENERATED_BEGIN}\n# Benchmarks\n\nnew\n${GENERATED_END}${after}`);
    expect(replace(updated!, '# Benchmarks\n\nnew\n')).toBe(updated);
  });

  it('refuses a file without both markers', () => {
    expect(replace('# Benchmarks\n\nhand-written history\n', 'x\n')).toBeUndefined();
    expect(replace(`${GENERATED_BEGIN}\nno end marker\n`, 'x\n')).toBeUndefined();
  });

  it('a new report is the generated text between the markers', () => {
    expect((newReport as (g: string) => string)('g\n')).toBe(`${GENERATED_BEGIN}\ng\n${GENERATED_END}\n`);
  });

  it("the repository's BENCHMARKS.md has the markers, so a full run keeps its hand-written sections", () => {
    const text = readFileSync(path.join(root, 'BENCHMARKS.md'), 'utf8');
    expect(replace(text, 'x\n')).toBeDefined();
    expect(text.slice(text.indexOf(GENERATED_END))).toMatch(/## issue #18/);
  });
});
