import { describe, expect, it } from 'vitest';
import { formatRuleText } from '../../src/fmt/format.js';

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
    const long =
      'sum by (job) (rate(http_requests_total{status_code=~"5..",namespace="production"}[5m])) / sum by (job) (rate(http_requests_total{namespace="production"}[5m])) > 0.05';
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

  it('rewrites an expr that merged rules share through a YAML anchor once, and all of them read the new text', () => {
    // Wikimedia's operations-alerts writes variants of one alert as `- <<: *Alert` with other labels.
    const text = [
      'groups:',
      '  - name: a',
      '    rules:',
      '      - &Base',
      '        alert: Failed',
      '        expr: sum(failed)by(job)>0',
      '        labels: {severity: task}',
      '      - <<: *Base',
      '        labels: {severity: warning}',
      '      - <<: *Base',
      '        # its own expression',
      '        expr: sum(failed)by(job)>5',
      '',
    ].join('\n');
    const r = formatRuleText(text, 'a.yml');
    expect(r.diagnostics).toEqual([]);
    expect(r.text).toBe(text.replace('sum(failed)by(job)>0', 'sum by (job) (failed) > 0').replace('sum(failed)by(job)>5', 'sum by (job) (failed) > 5'));
    expect(formatRuleText(r.text!, 'a.yml').changed).toBe(false);
  });

  it('refuses files with errors and returns their diagnostics', () => {
    const r = formatRuleText('groups:\n  - name: a\n    rules:\n      - record: x\n        expr: sum(\n', 'bad.yml');
    expect(r.text).toBeUndefined();
    expect(r.diagnostics[0]).toMatchObject({ file: 'bad.yml', line: 5, severity: 'error' });
  });
});

describe('fmt layout details', () => {
  const long =
    'sum by (job) (rate(http_requests_total{status_code=~"5..",namespace="production"}[5m])) / sum by (job) (rate(http_requests_total{namespace="production"}[5m])) > 0.05';
  const pretty = [
    '        expr: |2-',
    '              sum by (job) (rate(http_requests_total{namespace="production",status_code=~"5.."}[5m]))',
    '            /',
    '              sum by (job) (rate(http_requests_total{namespace="production"}[5m]))',
    '          >',
    '            0.05',
  ];
  const head = 'groups:\n  - name: a\n    rules:\n      - alert: HighErrors\n';

  it.each([
    ['followed by a key', `expr: ${long}\n        for: 10m\n`, [...pretty, '        for: 10m', '']],
    ['with trailing spaces', `expr: ${long}   \n        for: 10m\n`, [...pretty, '        for: 10m', '']],
    ['followed by a blank line', `expr: ${long}\n\n        for: 10m\n`, [...pretty, '', '        for: 10m', '']],
    ['at the end of the file', `expr: ${long}\n`, [...pretty, '']],
    ['at the end of a file without a final line break', `expr: ${long}`, [...pretty, '']],
    ['with CRLF line breaks', `expr: ${long}\r\n        for: 10m\r\n`, null],
  ])('a flow scalar converted to a block scalar (%s) gains no blank line', (_, rest, lines) => {
    const r = formatRuleText(`${head}        ${rest}`, 'a.yml');
    expect(r.diagnostics).toEqual([]);
    if (lines) expect(r.text).toBe(`${head}${lines.join('\n')}`);
    else expect(r.text).not.toMatch(/\n\s*\r?\n\s*for/);
    expect(formatRuleText(r.text!, 'a.yml').changed).toBe(false);
  });

  it("writes new block lines with the file's line break: CRLF only when every line is CRLF", () => {
    const crlf = formatRuleText(`${head}        expr: ${long}\n        for: 10m\n`.replace(/\n/g, '\r\n'), 'a.yml');
    expect(crlf.text).toBe(`${head}${[...pretty, '        for: 10m', ''].join('\n')}`.replace(/\n/g, '\r\n'));
    // One stray CRLF in an LF file (a fuzz finding): blocks were written with
    // CRLF and rewritten by the next run; now LF, and fmt is idempotent.
    const mixed = formatRuleText(`${head}        expr: ${long}\n        labels:\r\n          a: b\n`, 'a.yml');
    expect(mixed.text).toBe(`${head}${[...pretty, '        labels:\r', '          a: b', ''].join('\n')}`);
    expect(formatRuleText(mixed.text!, 'a.yml').changed).toBe(false);
  });

  it('leaves an expression with PromQL comments as written and says where', () => {
    const text = `${head}        expr: |\n          sum(rate(x[5m]))by(job)  # per job\n          > 1\n      - record: r\n        expr: sum(y)by(job)\n`;
    const r = formatRuleText(text, 'a.yml');
    expect(r.text).toBe(text.replace('expr: sum(y)by(job)', 'expr: sum by (job) (y)'));
    expect(r.diagnostics).toEqual([
      {
        code: 'fmt/left-as-written',
        severity: 'info',
        message: 'expr has 1 PromQL comment(s), which re-printing would drop; left as written',
        file: 'a.yml',
        line: 6,
        column: 36,
        endLine: 6,
        endColumn: 45,
        source: 'fmt',
      },
    ]);
  });

  it('with layout keep-multiline leaves hand-made multi-line expressions alone', () => {
    const multi = `${head}        expr: |\n          sum(rate(x[5m]))by(job)\n            > 1\n      - record: r\n        expr: sum(y)by(job)\n`;
    const kept = formatRuleText(multi, 'a.yml', { layout: 'keep-multiline' });
    expect(kept.text).toBe(multi.replace('expr: sum(y)by(job)', 'expr: sum by (job) (y)'));
    const canonical = formatRuleText(multi, 'a.yml');
    expect(canonical.text).toContain('expr: |\n          sum by (job) (rate(x[5m])) > 1\n');
  });
});
