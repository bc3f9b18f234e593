import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findConfigFile, loadConfig } from '../../src/config/load.js';
import { compileGlob, matchesAnyGlob } from '../../src/config/glob.js';

function tempTree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'promforge-config-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('config discovery', () => {
  it('finds the nearest .promforge.yaml upward', () => {
    const dir = tempTree({ '.promforge.yaml': 'checks: {}\n', 'a/b/c/.keep': '' });
    expect(findConfigFile(path.join(dir, 'a/b/c'))).toBe(path.join(dir, '.promforge.yaml'));
  });

  it('returns an empty config when there is none', () => {
    const dir = tempTree({ 'x/.keep': '' });
    const r = loadConfig(path.join(dir, 'x'), undefined);
    // A config file further up the real tree would be found; only assert shape when none is.
    if (r.config.path === undefined) {
      expect(r.diagnostics).toEqual([]);
      expect(r.config.checks.size).toBe(0);
    }
  });
});

describe('config loading', () => {
  it('reads every form of check setting', () => {
    const dir = tempTree({
      '.promforge.yaml': [
        'include: ["rules/**/*.yml"]',
        'exclude: ["rules/vendor/**"]',
        'dialect: thanos',
        'checks:',
        '  promql/rate: false',
        '  alerts/for: warning',
        '  alerts/annotations: off',
        '  alerts/severity:',
        '    severity: error',
        '    options:',
        '      allowed: [page, ticket]',
        '',
      ].join('\n'),
    });
    const r = loadConfig(dir);
    expect(r.diagnostics).toEqual([]);
    expect(r.config.dialect).toBe('thanos');
    expect(r.config.include).toEqual(['rules/**/*.yml']);
    expect([...r.config.checks.entries()]).toEqual([
      ['promql/rate', { enabled: false, options: {} }],
      ['alerts/for', { enabled: true, severity: 'warning', options: {} }],
      ['alerts/annotations', { enabled: false, options: {} }],
      ['alerts/severity', { enabled: true, severity: 'error', options: { allowed: ['page', 'ticket'] } }],
    ]);
  });

  it('reports unknown fields at their line and column', () => {
    const dir = tempTree({ 'c.yaml': 'checks: {}\nincludes: [x]\n' });
    const r = loadConfig(dir, 'c.yaml');
    expect(r.diagnostics).toHaveLength(1);
    // At the key itself (line 2), not at the map that holds it.
    expect(r.diagnostics[0]).toMatchObject({ message: 'unknown field "includes" in config', line: 2, column: 1 });
  });

  it('reports a bad check setting at the value', () => {
    const dir = tempTree({ 'c.yaml': 'checks:\n  promql/rate: loud\n' });
    const r = loadConfig(dir, 'c.yaml');
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        message: 'checks.promql/rate must be true/false, a severity (error, warning, info, off) or {enabled, severity, options}, got "loud"',
        line: 2,
        column: 16,
        endLine: 2,
        endColumn: 20,
      }),
    ]);
  });

  it.each([
    ['scrapeInterval: banana\n', 'scrapeInterval must be a duration such as 30s, 1m or 1h30m, got "banana"', 1, 17],
    ['checks:\n  promql/rate:\n    severity: fatal\n', 'checks.promql/rate.severity must be one of "error", "warning", "info", got "fatal"', 3, 15],
    ['checks:\n  promql/rate:\n    enabled: maybe\n', 'checks.promql/rate.enabled must be true or false, got "maybe"', 3, 14],
    ['checks:\n  promql/rate:\n    sevrity: error\n', 'unknown field "sevrity" in checks.promql/rate', 3, 5],
    ['checks:\n  Promql_rate: off\n', 'invalid check id "Promql_rate" in checks: check ids look like "promql/rate"', 2, 3],
    ['include:\n  - rules\n  - 5\n', 'include[1] must be a string, got 5', 3, 5],
    ['include: rules/\n', 'include must be a list, got "rules/"', 1, 10],
    ['prometheus:\n  - name: x\n    url: ftp://x\n', 'prometheus[0].url must be an http:// or https:// URL, got "ftp://x"', 3, 10],
  ])('names the exact key path and position: %j', (text, message, line, column) => {
    const dir = tempTree({ 'c.yaml': text });
    const r = loadConfig(dir, 'c.yaml');
    expect(r.diagnostics.map((d) => ({ message: d.message, line: d.line, column: d.column }))).toEqual([{ message, line, column }]);
  });

  it('reports YAML syntax errors with a position', () => {
    const dir = tempTree({ 'c.yaml': 'checks:\n  a: [1\n' });
    const r = loadConfig(dir, 'c.yaml');
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.diagnostics[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it('reports a missing explicit config file', () => {
    const dir = tempTree({});
    const r = loadConfig(dir, 'nope.yaml');
    expect(r.diagnostics[0]!.message).toBe('cannot read: ENOENT: no such file or directory');
  });

  it('rejects __proto__ keys without polluting prototypes', () => {
    const dir = tempTree({ 'c.yaml': 'checks:\n  __proto__: {polluted: true}\n' });
    const r = loadConfig(dir, 'c.yaml');
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('globs', () => {
  it.each([
    ['rules/**/*.yml', 'rules/a.yml', true],
    ['rules/**/*.yml', 'rules/x/y/a.yml', true],
    ['rules/**/*.yml', 'other/a.yml', false],
    ['*.yml', 'a/b.yml', false],
    ['**/*.{yml,yaml}', 'a/b.yaml', true],
    ['a?.yml', 'ab.yml', true],
    ['a?.yml', 'a/.yml', false],
    ['rules/vendor/**', 'rules/vendor/x/y.yml', true],
  ])('%s ~ %s = %s', (glob, p, want) => {
    const g = compileGlob(glob);
    expect(g.ok && g.test(p)).toBe(want);
  });

  it('treats regex metacharacters in globs literally', () => {
    const g = compileGlob('a+(b)|c.yml');
    expect(g.ok && g.test('a+(b)|c.yml')).toBe(true);
    expect(g.ok && g.test('aa(b)|cxyml')).toBe(false);
  });

  it('reports an unbalanced { as a result, not an exception', () => {
    const g = compileGlob('rules/{a,b.yml');
    expect(g.ok).toBe(false);
    expect(!g.ok && g.error).toContain("'{' at offset 7 is never closed");
  });

  it('reports a bad include glob at its line:col in the config file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pf-glob-'));
    writeFileSync(path.join(dir, 'c.yaml'), 'include:\n  - "rules/*.yml"\n  - "x/{a,b"\n');
    const r = loadConfig(dir, 'c.yaml');
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ line: 3, column: 5, severity: 'error' });
    expect(r.diagnostics[0]!.message).toContain('include[1]: invalid glob "x/{a,b"');
  });

  it('matches Windows-style separators too', () => {
    expect(matchesAnyGlob('rules\\a.yml', ['rules/*.yml'])).toBe(true);
  });
});
