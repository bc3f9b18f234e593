// Bad input: every error is reported at the pack (or values) file's line:col
// with a clear message, and nothing is produced.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePacks } from '../../src/compile/index.js';
import { lineColOf, packText, tempTree } from './helpers.js';

function compileTree(files: Record<string, string>, options: { set?: string[]; values?: string[] } = {}) {
  const dir = tempTree(files);
  const result = compilePacks(['pack'], { cwd: dir, set: options.set ?? [], valuesFiles: options.values ?? [] });
  const text = (rel: string) => readFileSync(path.join(dir, rel), 'utf8');
  return {
    dir,
    result,
    text,
    errors: result.diagnostics.filter((d) => d.severity === 'error').map((d) => ({ file: d.file, line: d.line, column: d.column, message: d.message })),
  };
}

const PARAMS = [
  '  limit:',
  '    type: number',
  '    default: 10',
  '  window:',
  '    type: duration',
  '    default: 5m',
  '  required_n:',
  '    type: number',
].join('\n');

describe('compile errors', () => {
  it('a placeholder naming an unknown parameter', () => {
    const pack = packText({ parameters: PARAMS, rules: ['      - alert: A', '        expr: rate(x[{{window}}]) > {{limti}}'].join('\n') });
    const { result, errors } = compileTree({ 'pack/pack.yml': pack });
    expect(result.files).toEqual([]);
    expect(errors).toEqual([{ file: 'pack/pack.yml', ...lineColOf(pack, '{{limti}}'), message: 'unknown parameter "limti"' }]);
  });

  it('a placeholder with no value (no default, nothing set)', () => {
    const pack = packText({ parameters: PARAMS, rules: ['      - alert: A', '        expr: |', '          x', '            > {{required_n}}'].join('\n') });
    const { result, errors } = compileTree({ 'pack/pack.yml': pack });
    expect(result.files).toEqual([]);
    expect(errors).toEqual([
      {
        file: 'pack/pack.yml',
        ...lineColOf(pack, '{{required_n}}'),
        message: 'parameter "required_n" (number) has no value: it has no default and is not set by a values file or --set',
      },
    ]);
    // Setting it fixes the pack.
    expect(compileTree({ 'pack/pack.yml': pack }, { set: ['required_n=3'] }).result.files).toHaveLength(1);
  });

  it('an unknown parameter in --set and in a values file', () => {
    const pack = packText({ parameters: PARAMS, rules: ['      - alert: A', '        expr: x > {{limit}}'].join('\n') });
    const values = 'limit: 3\nlimt: 4\n';
    const { result, errors } = compileTree({ 'pack/pack.yml': pack, 'prod.yml': values }, { set: ['nope=1', 'demo.windw=1m'], values: ['prod.yml'] });
    expect(result.files).toEqual([]);
    expect(errors).toEqual([
      { file: 'prod.yml', line: 2, column: 1, message: 'unknown parameter "limt": no compiled pack declares it' },
      { file: '--set', line: 1, column: 1, message: '--set nope=1: unknown parameter "nope": no compiled pack declares it' },
      { file: '--set', line: 1, column: 1, message: '--set demo.windw=1m: unknown parameter "windw": pack "demo" declares no such parameter' },
    ]);
  });

  it('a parameter value of the wrong type', () => {
    const pack = packText({ parameters: PARAMS, rules: ['      - alert: A', '        expr: x > {{limit}}', '        for: "{{window}}"'].join('\n') });
    const values = 'window: 5 minutes\n';
    const { result, errors } = compileTree({ 'pack/pack.yml': pack, 'v.yml': values }, { values: ['v.yml'], set: ['limit=ten'] });
    expect(result.files).toEqual([]);
    expect(errors).toEqual([
      { file: 'v.yml', line: 1, column: 1, message: 'parameter "window" (duration): unknown unit " minutes" in duration "5 minutes"' },
      { file: '--set', line: 1, column: 1, message: '--set limit=ten: parameter "limit" (number): expected a number, got string "ten"' },
    ]);
  });

  it('a default of the wrong type, at the default', () => {
    const pack = packText({
      parameters: ['  limit:', '    type: number', '    default: lots'].join('\n'),
      rules: ['      - alert: A', '        expr: x > {{limit}}'].join('\n'),
    });
    const { errors } = compileTree({ 'pack/pack.yml': pack });
    expect(errors).toEqual([
      { file: 'pack/pack.yml', ...lineColOf(pack, 'lots'), message: 'default of parameter "limit": expected a number, got string "lots"' },
    ]);
  });

  it('a generator with an infeasible objective', () => {
    const rules = [
      '      - generator: slo',
      '        name: Burn',
      '        params:',
      '          slo: api',
      '          objective: 0.9',
      '          sli: { errors: "e_total", total: "t_total" }',
    ].join('\n');
    const pack = packText({ rules });
    const { result, errors } = compileTree({ 'pack/pack.yml': pack });
    expect(result.files).toEqual([]);
    expect(errors).toEqual([
      {
        file: 'pack/pack.yml',
        ...lineColOf(pack, '0.9'),
        message:
          'params.objective: objective 0.9 is infeasible for the page alert on the 1h window: burn factor 14.4 × error budget 0.1 = 1.44 ≥ 1, and an error ratio can never exceed 1',
      },
    ]);
  });

  it('a pack that emits an invalid rule', () => {
    const rules = ['      - alert: A', '        expr: x > 1', '        annotations:', '          summary: "{{ .Broken"'].join('\n');
    const pack = packText({ rules });
    const { result, errors } = compileTree({ 'pack/pack.yml': pack });
    expect(result.files).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.file).toBe('pack/pack.yml');
    expect({ line: errors[0]!.line, column: errors[0]!.column }).toEqual(lineColOf(pack, '"{{ .Broken"'));
    expect(errors[0]!.message).toBe('alert "A" is invalid: annotation "summary": template: __alert_A:1: unclosed action');
  });

  it('an invalid recording-rule name is refused (legacy names load on Prometheus 2 and 3)', () => {
    const pack = packText({ rules: ['      - record: "bad name"', '        expr: sum(x)'].join('\n') });
    const { errors } = compileTree({ 'pack/pack.yml': pack });
    expect(errors.map((e) => [e.line, e.column])).toEqual([[lineColOf(pack, '"bad name"').line, lineColOf(pack, '"bad name"').column]]);
    expect(errors[0]!.message).toMatch(/^record "bad name" is invalid: /);
  });

  it('schema errors point at the offending key', () => {
    const pack = packText({ rules: ['      - alert: A', '        expr: x', '        severity: high'].join('\n') });
    const { errors } = compileTree({ 'pack/pack.yml': pack });
    expect(errors).toEqual([{ file: 'pack/pack.yml', ...lineColOf(pack, 'severity'), message: 'unknown field "severity" in groups.0.rules.0' }]);
  });

  it('a PromQL syntax error inside a block scalar, at its line:col', () => {
    const pack = packText({ rules: ['      - alert: A', '        expr: |', '          sum(rate(x[5m])', '            > 1'].join('\n') });
    const { errors } = compileTree({ 'pack/pack.yml': pack });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.line).toBeGreaterThanOrEqual(lineColOf(pack, 'sum(rate').line);
  });

  it('a labels parameter used as a value', () => {
    const pack = packText({
      parameters: ['  grp:', '    type: labels', '    default: [job]'].join('\n'),
      rules: ['      - alert: A', '        expr: x > {{grp}}'].join('\n'),
    });
    const { errors } = compileTree({ 'pack/pack.yml': pack });
    expect(errors).toEqual([
      { file: 'pack/pack.yml', ...lineColOf(pack, '{{grp}}'), message: 'parameter "grp" (labels) cannot be used in this position of the expression' },
    ]);
  });

  it('a missing pack', () => {
    const { errors } = compileTree({ 'other.txt': '' });
    expect(errors).toEqual([{ file: 'pack', line: 1, column: 1, message: 'cannot read: ENOENT: no such file or directory' }]);
  });

  it('a directory without a pack file', () => {
    const { errors } = compileTree({ 'pack/other.txt': '' });
    expect(errors).toEqual([
      { file: 'pack', line: 1, column: 1, message: 'no pack found: expected a pack file or a directory containing pack.yml or pack.yaml' },
    ]);
  });
});

describe('values files', () => {
  it('a section for a pack not being compiled is a warning, not an error', () => {
    const pack = packText({ parameters: PARAMS, rules: ['      - alert: A', '        expr: x > {{limit}}'].join('\n') });
    const { result } = compileTree({ 'pack/pack.yml': pack, 'v.yml': 'limit: 2\nother-pack:\n  foo: 1\n' }, { values: ['v.yml'] });
    expect(result.files).toHaveLength(1);
    expect(result.files[0]!.content).toContain('expr: x > 2\n');
    expect(result.diagnostics.map((d) => `${d.severity} ${d.file}:${d.line}:${d.column}: ${d.message}`)).toEqual([
      'warning v.yml:2:1: values for pack "other-pack", which is not being compiled; ignored',
    ]);
  });
});
