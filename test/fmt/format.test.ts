import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { formatRuleText } from '../../src/fmt/format.js';

const corpus = path.resolve(__dirname, '../../../shared/corpus');

function ruleFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...ruleFiles(p));
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

describe('fmt on single files', () => {
  it('canonicalises PromQL and leaves everything else byte for byte', () => {
    const text = [
      '# top comment',
      'groups:',
      '  - name: app   # trailing comment',
      '    rules:',
      '      - record: job:up:sum',
      '        expr: sum(up)by(job)',
      '        labels: {team: core}',
      '      - alert: Down',
      "        expr: 'up==0'",
      '        for: 5m',
      '',
    ].join('\n');
    const r = formatRuleText(text, 'a.yml');
    expect(r.diagnostics).toEqual([]);
    expect(r.changed).toBe(true);
    expect(r.text).toBe(text.replace('sum(up)by(job)', 'sum by (job) (up)').replace("'up==0'", "'up == 0'"));
  });

  it('reports no change for an already canonical file', () => {
    const text = 'groups:\n  - name: a\n    rules:\n      - record: x\n        expr: sum by (job) (up)\n';
    expect(formatRuleText(text, 'a.yml')).toEqual({ text, changed: false, diagnostics: [] });
  });

  it('pretty-prints long expressions into a literal block at the right indentation', () => {
    const long = 'sum by (job) (rate(http_requests_total{status_code=~"5..",namespace="production"}[5m])) / sum by (job) (rate(http_requests_total{namespace="production"}[5m])) > 0.05';
    const text = `groups:\n  - name: a\n    rules:\n      - alert: HighErrors\n        expr: ${long}\n        for: 10m\n`;
    const r = formatRuleText(text, 'a.yml');
    expect(r.diagnostics).toEqual([]);
    const lines = r.text!.split('\n');
    expect(lines[4]).toBe('        expr: |2-');
    expect(lines[5]!.startsWith('          ')).toBe(true);
    expect(lines.at(-2)).toBe('        for: 10m');
    // Formatting is idempotent.
    expect(formatRuleText(r.text!, 'a.yml').changed).toBe(false);
  });

  it('keeps a flow scalar followed by a comment on one line', () => {
    const long = `sum(rate(a_very_long_metric_name_for_testing_purposes_total{job="x", instance=~"host-.*"}[5m])) by (job, instance) > 1000000`;
    const text = `groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: "${long.replace(/"/g, '\\"')}"  # keep me\n`;
    const r = formatRuleText(text, 'a.yml');
    expect(r.diagnostics).toEqual([]);
    expect(r.text).toContain('  # keep me\n');
    expect(r.text!.split('\n')[4]!.startsWith('        expr: "sum by (job, instance)')).toBe(true);
  });

  it('refuses files with errors and returns their diagnostics', () => {
    const r = formatRuleText('groups:\n  - name: a\n    rules:\n      - record: x\n        expr: sum(\n', 'bad.yml');
    expect(r.text).toBeUndefined();
    expect(r.diagnostics[0]).toMatchObject({ file: 'bad.yml', line: 5, severity: 'error' });
  });
});

describe.skipIf(!existsSync(corpus))('fmt on the corpus', () => {
  it('is idempotent and keeps every expression on every file', () => {
    const files = ruleFiles(corpus).filter((f) => !/test/i.test(path.basename(f)));
    expect(files.length).toBeGreaterThan(150);
    let changed = 0;
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const once = formatRuleText(text, f);
      expect(once.diagnostics, f).toEqual([]);
      if (once.changed) changed++;
      const twice = formatRuleText(once.text!, f);
      expect(twice.diagnostics, f).toEqual([]);
      expect(twice.changed, `${f} is not stable under fmt`).toBe(false);
    }
    console.info(`fmt corpus: ${files.length} files, ${changed} reformatted, all idempotent`);
  });
});
if (!existsSync(corpus)) console.warn('notice: ../shared/corpus is absent; skipping the fmt corpus test');
