import { describe, it, expect } from 'vitest';
import { errors, problems } from './helpers.js';

const noTemplates = { checkTemplate: null } as const;

describe('rulefmt validation (parity with Prometheus model/rulefmt)', () => {
  it('accepts a valid file without problems', () => {
    const text =
      'groups:\n  - name: g\n    rules:\n      - record: job:up:sum\n        expr: sum by (job) (up)\n      - alert: Down\n        expr: up == 0\n        for: 5m\n';
    expect(problems(text, noTemplates)).toEqual([]);
  });

  it('reports unknown fields at the key, with the Go type name', () => {
    const text = 'groups:\n  - name: g\n    foo: 1\n    rules:\n      - alert: A\n        expr: up\n        annotation: {}\nextra: 1\n';
    expect(errors(text, noTemplates)).toEqual([
      '3:5: error: field foo not found in type rulefmt.RuleGroup',
      '7:9: error: field annotation not found in type rulefmt.Rule',
      '8:1: error: field extra not found in type rulefmt.RuleGroups',
    ]);
    expect(errors(text, { ...noTemplates, ignoreUnknownFields: true })).toEqual([]);
  });

  it('reports empty and repeated group names', () => {
    const text = 'groups:\n  - name: a\n    rules: []\n  - name: a\n  - rules: []\n';
    expect(errors(text, noTemplates)).toEqual(['4:11: error: groupname: "a" is repeated in the same file', '5:5: error: Groupname must not be empty']);
  });

  it('requires exactly one of record and alert, and an expr', () => {
    const text = 'groups:\n  - name: g\n    rules:\n      - record: a\n        alert: B\n        expr: up\n      - expr: up\n      - alert: C\n';
    expect(errors(text, noTemplates)).toEqual([
      `4:17: error: group "g", rule 1, "B": only one of 'record' and 'alert' must be set`,
      `7:9: error: group "g", rule 2, "": one of 'record' or 'alert' must be set`,
      `8:9: error: group "g", rule 3, "C": field 'expr' must be set in rule`,
    ]);
  });

  it('rejects for, keep_firing_for and annotations on recording rules', () => {
    const text =
      'groups:\n  - name: g\n    rules:\n      - record: r\n        expr: up\n        for: 1m\n        keep_firing_for: 2m\n        annotations:\n          a: b\n';
    expect(errors(text, noTemplates)).toEqual([
      `6:9: error: group "g", rule 1, "r": invalid field 'for' in recording rule`,
      `7:9: error: group "g", rule 1, "r": invalid field 'keep_firing_for' in recording rule`,
      `8:9: error: group "g", rule 1, "r": invalid field 'annotations' in recording rule`,
    ]);
    // A zero duration and empty annotations are the zero values Prometheus ignores.
    expect(errors('groups:\n  - name: g\n    rules:\n      - record: r\n        expr: up\n        for: 0s\n        annotations: {}\n', noTemplates)).toEqual(
      [],
    );
  });

  it('checks recording rule names: UTF-8 in 3.x, legacy on request, braces always', () => {
    const text =
      'groups:\n  - name: g\n    rules:\n      - record: "http.requests:rate5m"\n        expr: up\n      - record: "up{job=\'a\'}"\n        expr: up\n';
    expect(errors(text, noTemplates)).toEqual([
      `6:17: error: group "g", rule 2, "up{job='a'}": braces present in the recording rule name; should it be in expr?: up{job='a'}`,
    ]);
    expect(errors(text, { ...noTemplates, nameValidation: 'legacy' })).toEqual([
      '4:17: error: group "g", rule 1, "http.requests:rate5m": invalid recording rule name: http.requests:rate5m',
      `6:17: error: group "g", rule 2, "up{job='a'}": invalid recording rule name: up{job='a'}`,
      `6:17: error: group "g", rule 2, "up{job='a'}": braces present in the recording rule name; should it be in expr?: up{job='a'}`,
    ]);
  });

  it('checks rule and group label names and annotation names', () => {
    const text =
      'groups:\n  - name: g\n    labels:\n      __name__: x\n      "": y\n    rules:\n      - alert: A\n        expr: up\n        labels:\n          "team-name": a\n          __name__: b\n        annotations:\n          "": c\n';
    expect(errors(text, noTemplates)).toEqual([
      '4:7: error: invalid label name: __name__',
      '5:7: error: invalid label name: ',
      '11:11: error: group "g", rule 1, "A": invalid label name: __name__',
      '13:11: error: group "g", rule 1, "A": invalid annotation name: ',
    ]);
    expect(errors(text, { ...noTemplates, nameValidation: 'legacy' })).toContain('10:11: error: group "g", rule 1, "A": invalid label name: team-name');
  });

  it('refuses a surrogate escape, as go-yaml does before any label check', () => {
    const text = 'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up\n        labels:\n          a: "\\uD800"\n';
    expect(errors(text, noTemplates)).toEqual(['7:15: error: YAML syntax error: found invalid Unicode character escape code']);
  });

  it('parses durations like model.ParseDuration', () => {
    const bad = ['5', '1.5h', '5m1h', '-1m', '1h1h', '""'];
    for (const d of bad) {
      const text = `groups:\n  - name: g\n    interval: ${d}\n    rules: []\n`;
      const message = d === '""' ? 'empty duration string' : d === '1.5h' ? 'unknown unit "." in duration "1.5h"' : `not a valid duration string: "${d}"`;
      expect(errors(text, noTemplates), d).toEqual([`3:15: error: ${message}`]);
    }
    for (const d of ['0', '1y2w3d4h5m6s7ms', '90s', '1h30m']) {
      expect(errors(`groups:\n  - name: g\n    query_offset: ${d}\n    rules: []\n`, noTemplates), d).toEqual([]);
    }
  });

  it('reports wrong YAML types as yaml.v3 does', () => {
    const text = 'groups:\n  - name: [a]\n    limit: ten\n    rules:\n      - alert: {}\n        expr: up\n        labels: [a]\n      - just a string\n';
    expect(errors(text, noTemplates)).toEqual([
      '2:11: error: cannot unmarshal !!seq into string',
      '3:12: error: cannot unmarshal !!str `ten` into int',
      '5:16: error: cannot unmarshal !!map into string',
      '7:17: error: cannot unmarshal !!seq into map[string]string',
      '8:9: error: cannot unmarshal !!str `just a string` into rulefmt.Rule',
    ]);
    expect(errors('- a\n', noTemplates)).toEqual(['1:1: error: cannot unmarshal !!seq into rulefmt.RuleGroups']);
    expect(errors('groups: 3\n', noTemplates)).toEqual(['1:9: error: cannot unmarshal !!int `3` into []rulefmt.RuleGroup']);
  });

  it('reads numbers and booleans as the strings Go would see', () => {
    const text = 'groups:\n  - name: 1.50\n    rules:\n      - alert: true\n        expr: 1e3\n        labels:\n          n: 010\n';
    expect(problems(text, noTemplates)).toEqual([]);
  });

  it('maps PromQL errors into every scalar style', () => {
    const expr = 'sum(rate(x[5m])) by (job) +';
    const plain = `groups:\n  - name: g\n    rules:\n      - record: r\n        expr: ${expr}\n`;
    const literal = `groups:\n  - name: g\n    rules:\n      - record: r\n        expr: |\n          sum(rate(x[5m]))\n            by (job) +\n`;
    const folded = `groups:\n  - name: g\n    rules:\n      - record: r\n        expr: >-\n          sum(rate(x[5m])) by\n          (job) +}\n`;
    const quoted = `groups:\n  - name: g\n    rules:\n      - record: r\n        expr: "sum(rate(x[5m])) \\\n          by (job) +}"\n`;
    const position = (text: string): string => (errors(text, noTemplates)[0] ?? '').split(': ')[0] ?? '';
    expect(errors(plain, noTemplates)).toHaveLength(1);
    expect(position(plain)).toBe('5:42'); // end of input, right after `+`
    // The error is at the end of input or at the stray `}`: both lie after `+` on the expression's last line.
    expect(position(folded)).toBe('7:18');
    expect(position(quoted)).toBe('6:21');
    expect(position(literal)).toBe('7:23'); // right after the final `+`
  });

  it('warns about multi-document files and uses the first document', () => {
    const text = 'groups:\n  - name: a\n    rules: []\n---\ngroups:\n  - name: b\n    rules:\n      - record: r\n        expr: (\n';
    expect(problems(text, noTemplates)).toEqual(['4:1: warning: file contains 2 YAML documents; only the first is used, as Prometheus does']);
    // Prometheus never parses the second document, so its syntax errors do not fail the file.
    const broken = 'groups:\n  - name: a\n    rules: []\n---\nfoo: [\n';
    expect(errors(broken, noTemplates)).toEqual([]);
    expect(problems(broken, noTemplates)[0]).toMatch(/^4:1: warning: file contains 2 YAML documents/);
    expect(problems(broken, noTemplates).some((p) => /warning: YAML syntax error: .*\(in YAML document 2, which Prometheus ignores\)$/.test(p))).toBe(true);
  });

  it('skips (with a warning) documents of a PrometheusRule file that are not PrometheusRule resources', () => {
    const text =
      'apiVersion: v1\nkind: ConfigMap\ndata: {}\n---\napiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: r\nspec:\n  groups:\n    - name: g\n      rules:\n        - alert: A\n          expr: up == 0\n';
    expect(problems(text, noTemplates)).toEqual(['1:1: warning: YAML document 1 is not a PrometheusRule resource; skipped']);
  });

  it('warns when there are no rule groups (promtool lint), and accepts empty input', () => {
    expect(problems('', noTemplates)).toEqual(['1:1: warning: no rule groups found']);
    expect(problems('# comment only\n', noTemplates)).toEqual(['1:1: warning: no rule groups found']);
    expect(problems('groups:\n', noTemplates)).toEqual(['1:1: warning: no rule groups found']);
  });

  it('reads PrometheusRule resources, one rule file per document', () => {
    const doc = (name: string, group: string): string =>
      `apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: ${name}\nspec:\n  groups:\n    - name: ${group}\n      partial_response_strategy: warn\n      rules:\n        - record: r\n          expr: up\n`;
    // The same group name in two resources is fine (two files for Prometheus).
    expect(problems(`${doc('a', 'g')}---\n${doc('b', 'g')}`, noTemplates)).toEqual([]);
    expect(errors(`${doc('a', 'g')}---\n${doc('b', 'g').replace('spec:', 'spec:\n  bogus: 1')}`, noTemplates)).toEqual([
      '18:3: error: field bogus not found in type PrometheusRuleSpec',
    ]);
  });

  it('accepts dialect fields only under their dialect, with a hint', () => {
    const thanos = 'groups:\n  - name: g\n    partial_response_strategy: warn\n    rules: []\n';
    expect(errors(thanos, noTemplates)).toEqual([
      '3:5: error: field partial_response_strategy not found in type rulefmt.RuleGroup (a Thanos Ruler field: use --dialect thanos)',
    ]);
    expect(errors(thanos, { ...noTemplates, dialect: 'thanos' })).toEqual([]);
    expect(errors(thanos.replace('warn', 'maybe'), { ...noTemplates, dialect: 'thanos' })).toEqual([
      '3:32: error: invalid partial_response_strategy "maybe": must be "warn" or "abort"',
    ]);
    const mimir = 'namespace: ns\ngroups:\n  - name: g\n    source_tenants: [a, b]\n    evaluation_delay: 1m\n    rules: []\n';
    expect(errors(mimir, { ...noTemplates, dialect: 'mimir' })).toEqual([]);
    expect(errors(mimir, noTemplates)).toEqual([
      '1:1: error: field namespace not found in type rulefmt.RuleGroups (a Mimir/Cortex field: use --dialect mimir)',
      '4:5: error: field source_tenants not found in type rulefmt.RuleGroup (a Mimir/Cortex field: use --dialect mimir)',
      '5:5: error: field evaluation_delay not found in type rulefmt.RuleGroup (a Mimir/Cortex field: use --dialect mimir)',
    ]);
  });

  it('expands aliases and merge keys like yaml.v3', () => {
    const text =
      'common: &common\n  severity: page\ngroups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up\n        labels:\n          <<: *common\n          team: x\n';
    // `common` is an unknown top-level field; the alias itself resolves.
    expect(errors(text, noTemplates)).toEqual(['1:1: error: field common not found in type rulefmt.RuleGroups']);
    expect(errors(text, { ...noTemplates, ignoreUnknownFields: true })).toEqual([]);
  });

  it('reports duplicate keys as YAML errors', () => {
    expect(errors('groups:\n  - name: a\n    name: b\n', noTemplates)).toEqual(['3:5: error: mapping key already defined (map keys must be unique)']);
  });

  it('warns about duplicate rules (same name and labels, group labels merged), as promtool --lint=duplicate-rules', async () => {
    const { checkFiles } = await import('../../src/rulefmt/check.js');
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dir = mkdtempSync(path.join(tmpdir(), 'promforge-dup-'));
    const file = path.join(dir, 'dup.yaml');
    writeFileSync(
      file,
      'groups:\n  - name: a\n    labels:\n      team: x\n    rules:\n      - alert: A\n        expr: up == 0\n      - alert: A\n        expr: up == 1\n        labels:\n          severity: page\n  - name: b\n    rules:\n      - alert: A\n        expr: up == 2\n        labels:\n          team: x\n',
    );
    const result = await checkFiles([file]);
    rmSync(dir, { recursive: true, force: true });
    expect(result.diagnostics.map((d) => `${d.line}:${d.column}: ${d.severity}: ${d.message}`)).toEqual([
      '14:9: warning: duplicate rule: "A" has the same name and labels as rule 1 of group "a" (line 6); both write the same series',
    ]);
  });
});
