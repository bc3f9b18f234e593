import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RE2JS } from 're2js';
import { anchoredSource, compileAnchoredRegex, compileRegex, fastPath } from '../../src/regex/re2.js';
import { filepathMatch } from '../../src/go/filepath-match.js';

describe('compileAnchoredRegex', () => {
  it('matches a backtracking-hostile pattern in linear time (issue 21.1)', () => {
    // JavaScript's RegExp needs ~C(39,11) steps here and never finishes.
    const re = compileAnchoredRegex('.*.*.*.*.*.*.*.*.*.*.*=');
    expect(re.ok).toBe(true);
    expect(re.ok && re.test('x'.repeat(28))).toBe(false);
    expect(re.ok && re.test(`${'x'.repeat(10_000)}=`)).toBe(true);
    const nested = compileAnchoredRegex('(a*)*b');
    expect(nested.ok && nested.test('a'.repeat(100_000))).toBe(false);
  });

  it.each([
    ['a.b', 'a\nb', true, false],
    ['.*', 'x\ny', true, false],
    ['foo.*', 'foo\n', true, false],
    ['.+bar', '\nbar', true, false],
  ])('%s on %j: dotMatchesNewline true=%s false=%s', (pattern, value, dotAll, noDotAll) => {
    const a = compileAnchoredRegex(pattern);
    const b = compileAnchoredRegex(pattern, { dotMatchesNewline: false });
    expect(a.ok && a.test(value)).toBe(dotAll);
    expect(b.ok && b.test(value)).toBe(noDotAll);
  });

  it('reports RE2 syntax errors as results', () => {
    for (const bad of ['(', 'a{1001}', '(?<=a)b', '\\8', '[z-a]', 'a**']) {
      const re = compileAnchoredRegex(bad);
      expect(re.ok, bad).toBe(false);
      expect(!re.ok && re.error, bad).toMatch(/^error parsing regexp: /);
    }
  });

  it('refuses programs over the size limit with a clear message', () => {
    const re = compileAnchoredRegex('(?:a{100}){5}', { maxProgramSize: 200 });
    expect(re.ok).toBe(false);
    expect(!re.ok && re.error).toMatch(/regular expression too large: \d+ program instructions \(limit: 200\)/);
    const long = compileRegex('a'.repeat(5000), { maxProgramSize: 100 });
    expect(!long.ok && long.error).toContain('too large');
  });

  it('anchors like Prometheus 3.x by default and 2.x on request', () => {
    expect(anchoredSource('a|b')).toBe('^(?s:a|b)$');
    expect(anchoredSource('a|b', { dotMatchesNewline: false })).toBe('^(?:a|b)$');
  });
});

describe('fast paths are equivalent to RE2', () => {
  const piece = fc.constantFrom('a', 'b', 'ab', '\n', '-', 'é', '😀', '', 'x y');
  const literal = fc.array(piece, { maxLength: 4 }).map((p) => p.join(''));
  const pattern = fc.oneof(
    literal,
    fc.array(literal, { minLength: 2, maxLength: 4 }).map((l) => l.join('|')),
    fc.tuple(fc.constantFrom('', '.*', '.+'), literal, fc.constantFrom('', '.*', '.+')).map(([h, l, t]) => `${h}${l}${t}`),
  );
  const value = fc.array(fc.constantFrom('a', 'b', '\n', 'é', '😀', '-', ' ', 'y', '\ud800'), { maxLength: 8 }).map((p) => p.join(''));

  it('for every recognised shape, with and without dotMatchesNewline', () => {
    fc.assert(
      fc.property(pattern, value, fc.boolean(), (p, v, dotAll) => {
        const fast = fastPath(p, dotAll);
        if (!fast) return;
        const re = RE2JS.compile(anchoredSource(p, { dotMatchesNewline: dotAll }));
        expect(fast(v), `${JSON.stringify(p)} on ${JSON.stringify(v)} dotAll=${dotAll}`).toBe(re.matches(v));
      }),
      { seed: 21, numRuns: 5000 },
    );
  });

  it('leaves everything with metacharacters to re2js', () => {
    for (const p of ['a.b', 'a+', '(a)', '[ab]', 'a{2}', '(?i)a', 'a\\.b', '^a', 'a$', '.*a.b.*', '.*?a', 'a||b']) expect(fastPath(p, true), p).toBeUndefined();
  });
});

describe("Go's filepath.Match", () => {
  it.each([
    ['*.yml', 'a.yml', true],
    ['*.yml', 'a/b.yml', false],
    ['a?c', 'abc', true],
    ['[a-c]x', 'bx', true],
    ['[^a-c]x', 'bx', false],
    ['[z-a]*.yml', 'x.yml', false],
    ['\\*', '*', true],
    ['a*b*c', 'aXbYbZc', true],
    ['[!a]x', '!x', true],
  ])('%s ~ %s = %s', (pattern, name, want) => {
    expect(filepathMatch(pattern, name)).toEqual({ ok: true, matched: want });
  });

  it.each(['[', '[]', 'a[', '[a-', 'x\\', '*[', 'abc[-]'])('%s is a bad pattern even when the name does not match', (pattern) => {
    expect(filepathMatch(pattern, 'zzz')).toEqual({ ok: false, error: 'syntax error in pattern' });
  });

  it('is fast on star-heavy patterns', () => {
    expect(filepathMatch(`${'*a'.repeat(200)}b`, 'a'.repeat(5000))).toEqual({ ok: true, matched: false });
  });
});
