// Layouts go-yaml (Prometheus's YAML reader) accepts or refuses, read the same way here.
import { describe, it, expect } from 'vitest';
import { loadRuleText } from '../../src/rulefmt/load.js';

const head = 'groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n';
const load = (text: string) => loadRuleText(text, 'f.yml', { checkTemplate: null });
const errs = (text: string): string[] =>
  load(text)
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => `${d.line}:${d.column}: ${d.message}`);

describe('go-yaml layouts', () => {
  it('reads a quoted scalar continued at or below its key (issue 14), with exact positions', () => {
    const text = `${head}    annotations:\n      description: 'The following {{$value}} databases are in read-write\n      (primary) mode'\n`;
    const r = load(text);
    expect(errs(text)).toEqual([]);
    const value = r.file?.groups[0]?.rules[0]?.kind === 'alerting' ? r.file.groups[0].rules[0].annotations?.entries[0]?.value : undefined;
    expect(value?.value).toBe('The following {{$value}} databases are in read-write (primary) mode');
    expect(value?.map?.exact).toBe(true);
    const i = value?.value.indexOf('(primary)') ?? -1;
    expect(text[value?.map?.offsets[i] ?? -1]).toBe('(');
  });

  it('accepts what go-yaml accepts', () => {
    for (const text of [
      `${head}    annotations:\n      d: "a\n\tb"\n`,
      `${head}    labels: {a: b,\nc: d}\n`,
      `${head}    labels:\n      a: "b"#c\n`,
      `${head}    labels:\n      a: "it\\'s"\n`,
      head.replace(/\n/g, '\r'),
      `${head}    annotations:\n      d: 'a b\r\n      c'\r\n`,
    ])
      expect(errs(text), JSON.stringify(text)).toEqual([]);
  });

  it('refuses what go-yaml refuses', () => {
    expect(errs(`${head}    labels:\n      a: "x\\/y"\n`)).toEqual(['7:12: YAML syntax error: found unknown escape character']);
    expect(errs(`${head}    labels:\n      a: b\x07\n`)).toEqual(['7:11: YAML syntax error: control characters are not allowed (U+0007)']);
    expect(errs(`%YAML 1.2\n---\n${head}`)).toEqual(['1:1: YAML syntax error: found incompatible YAML document']);
    expect(errs(`${head}    labels:\n      a: &x.y b\n`)).toHaveLength(1);
  });

  it('refuses 100,000-deep nesting with a clear error, never a stack overflow (issue 21 item 7)', () => {
    for (const deep of ['[', '{a: ', '- ']) {
      const close = deep === '[' ? ']' : deep === '{a: ' ? '}' : '';
      const text = `${head}    labels:\n      x: ${deep.repeat(100_000)}1${close.repeat(100_000)}\n`;
      const e = errs(text);
      expect(e.length, deep).toBeGreaterThan(0);
      expect(e.join('\n')).not.toMatch(/call stack/);
    }
  });

  it('resolves 2,000 aliased rules through one anchor index, not a document walk per alias (issue 21 item 4)', () => {
    let text = 'groups:\n- name: g\n  rules:\n  - record: &n job:up:sum\n    expr: &e sum by (job) (up)\n';
    for (let i = 0; i < 2000; i++) text += '  - record: *n\n    expr: *e\n';
    const r = load(text);
    expect(errs(text)).toEqual([]);
    const rules = r.file?.groups[0]?.rules ?? [];
    expect(rules).toHaveLength(2001);
    expect(rules.every((x) => x.expr.value === 'sum by (job) (up)')).toBe(true);
  });
});
