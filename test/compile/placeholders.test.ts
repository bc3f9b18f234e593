import { describe, expect, it } from 'vitest';
import { parseDecimal } from '../../src/compile/decimal.js';
import type { ParamValue } from '../../src/compile/params.js';
import { parseSelector } from '../../src/compile/params.js';
import { parsePromqlTemplate, substituteText, type Resolver } from '../../src/compile/placeholders.js';
import { printExpr } from '../../src/promql/printer.js';

const selector = parseSelector('{env="prod", team=~"a|b"}');
if (!selector.ok) throw new Error('fixture');
const VALUES: Record<string, ParamValue | 'missing'> = {
  max: { type: 'number', value: parseDecimal('0.999')! },
  window: { type: 'duration', ms: 300_000 },
  horizon: { type: 'duration', ms: 4 * 3600_000 },
  by: { type: 'labels', names: ['job', 'instance'] },
  sel: selector.value,
  team: { type: 'string', value: 'pay"ments' },
  unset: 'missing',
};
const resolve: Resolver = (name) => {
  const v = VALUES[name];
  if (v === undefined) return { kind: 'unknown' };
  if (v === 'missing') return { kind: 'missing', type: 'number' };
  return { kind: 'value', value: v };
};

function compile(text: string): string {
  const r = parsePromqlTemplate(text, resolve);
  if (!r.expr) throw new Error(r.diagnostics.map((d) => `${d.pos.start}-${d.pos.end}: ${d.message}`).join('; '));
  return printExpr(r.expr);
}

describe('placeholders substituted on the AST', () => {
  it('numbers, durations in ranges and in number position', () => {
    expect(compile('x > {{max}}')).toBe('x > 0.999');
    expect(compile('rate(x[{{window}}] offset {{window}})')).toBe('rate(x[5m] offset 5m)');
    expect(compile('predict_linear(x[1h], {{horizon}})')).toBe('predict_linear(x[1h], 14400)');
    expect(compile('max_over_time(x[1h:{{ window }}])')).toBe('max_over_time(x[1h:5m])');
  });

  it('labels expand in by/on/group_left lists', () => {
    expect(compile('sum by ({{by}}) (x)')).toBe('sum by (job, instance) (x)');
    expect(compile('a / on ({{by}}, pod) group_left ({{by}}) b')).toBe('a / on (job, instance, pod) group_left (job, instance) b');
  });

  it('a selector injects its matchers, inside or outside braces', () => {
    expect(compile('up{{{sel}}}')).toBe('up{env="prod",team=~"a|b"}');
    expect(compile('up{{{sel}}, job="x"}')).toBe('up{env="prod",job="x",team=~"a|b"}');
    expect(compile('up{{sel}}')).toBe('up{env="prod",team=~"a|b"}');
  });

  it('strings are substituted in the value and re-quoted', () => {
    expect(compile('x{team="{{team}}"}')).toBe('x{team="pay\\"ments"}');
    expect(compile('label_replace(x, "t", "{{team}}", "", "")')).toBe('label_replace(x, "t", "pay\\"ments", "", "")');
  });
});

describe('placeholder errors carry the placeholder position', () => {
  const errorOf = (text: string) => {
    const r = parsePromqlTemplate(text, resolve);
    expect(r.expr).toBeUndefined();
    return r.diagnostics.map((d) => [d.pos.start, d.pos.end, d.message]);
  };
  it('unknown parameter', () => {
    expect(errorOf('x > {{nope}}')).toEqual([[4, 12, 'unknown parameter "nope"']]);
  });
  it('no value', () => {
    expect(errorOf('x > {{unset}}')).toEqual([[4, 13, 'parameter "unset" (number) has no value: it has no default and is not set by a values file or --set']]);
  });
  it('string outside quotes', () => {
    expect(errorOf('x > {{team}}')).toEqual([[4, 12, 'string parameter "team" can only be used inside a quoted PromQL string']]);
  });
  it('a value in the wrong position', () => {
    expect(errorOf('x{{{max}}}')).toEqual([[2, 9, 'parameter "max" (number) cannot be used in this position of the expression']]);
  });
  it('parse errors after a stand-in map back to the original text', () => {
    const r = parsePromqlTemplate('rate(x[{{window}}]) +', resolve);
    expect(r.expr).toBeUndefined();
    expect(r.diagnostics[0]!.pos.start).toBeGreaterThanOrEqual(19);
  });
});

describe('text substitution outside PromQL', () => {
  it('keeps Go templates and reports unknown names only when strict', () => {
    expect(substituteText('{{ if $labels.x }}{{max}}{{ end }}', resolve, false)).toEqual({ text: '{{ if $labels.x }}0.999{{ end }}', diagnostics: [] });
    expect(substituteText('{{ end }}', resolve, true).diagnostics.map((d) => d.message)).toEqual(['unknown parameter "end"']);
    expect(substituteText('for {{window}}', resolve, true).text).toBe('for 5m');
  });
});
