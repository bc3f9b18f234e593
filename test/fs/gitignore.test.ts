// .gitignore lines: trailing white space is dropped unless a backslash
// escapes it (as git does), including on very long blank runs.
import { describe, expect, it } from 'vitest';
import { parseGitignore } from '../../src/fs/gitignore.js';

const matches = (line: string, name: string): boolean => parseGitignore(line, '/')[0]?.pattern.test(name) ?? false;

describe('parseGitignore trailing white space', () => {
  it.each([
    ['build   ', 'build', true],
    ['build\t \t', 'build', true],
    ['build\\ ', 'build ', true],
    ['build\\ ', 'build', false],
    ['build\\    ', 'build ', true],
  ])('%j matches %j: %s', (line, name, want) => {
    expect(matches(line, name)).toBe(want);
  });

  it('reads a line of 100k spaces as blank and the pattern after it', () => {
    expect(parseGitignore(`${' '.repeat(100_000)}\nx.yml${' '.repeat(100_000)}\n`, '/').map((r) => r.pattern.test('x.yml'))).toEqual([true]);
  });
});
