import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatFileDiagnostic } from '../../src/diagnostics.js';
import { validateAgainstSchema, rulesSchema } from '../../src/rulefmt/schema.js';
import { FIXTURES } from './helpers.js';

function schemaProblems(text: string): string[] {
  return validateAgainstSchema(text, 's.yaml').map((d) => formatFileDiagnostic(d).replace(/^s\.yaml:/, ''));
}

describe('rules JSON Schema', () => {
  it('is a draft-07 schema with a title and an $id', () => {
    const schema = rulesSchema();
    expect(schema['$schema']).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema['title']).toBe('Prometheus rule file');
  });

  it('accepts the valid fixture', () => {
    expect(schemaProblems(readFileSync(path.join(FIXTURES, 'valid.yaml'), 'utf8'))).toEqual([]);
  });

  it('maps an unknown field to its key', () => {
    expect(schemaProblems('groups:\n  - name: g\n    rules: []\n    bogus: 1\n')).toEqual(['4:5: error: schema: /groups/0: unknown field bogus']);
  });

  it('maps a bad duration to its value, inside a rule', () => {
    expect(schemaProblems('groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up\n        for: 5\n')).toEqual([
      '6:14: error: schema: /groups/0/rules/0/for: must be string',
    ]);
    expect(schemaProblems('groups:\n  - name: g\n    interval: 1h1h\n')).toEqual([
      '3:15: error: schema: /groups/0/interval: must match pattern "^(0|([0-9]+y)?([0-9]+w)?([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?([0-9]+ms)?)$"',
    ]);
  });

  it('maps a missing required field to the enclosing mapping', () => {
    expect(schemaProblems('groups:\n  - rules: []\n')).toEqual(["2:5: error: schema: /groups/0: must have required property 'name'"]);
  });

  it('rejects `for` on a recording rule at the key, naming the rule kind', () => {
    expect(schemaProblems('groups:\n  - name: g\n    rules:\n      - record: r\n        expr: up\n        for: 5m\n')).toEqual([
      '6:9: error: schema: /groups/0/rules/0: field for not allowed in a recording rule',
    ]);
    expect(schemaProblems('groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up\n        record: r\n')).toEqual([
      '4:9: error: schema: /groups/0/rules/0: field alert not allowed in a recording rule',
    ]);
    expect(schemaProblems('groups:\n  - name: g\n    rules:\n      - expr: up\n')).toEqual([
      '4:9: error: schema: /groups/0/rules/0: must have one of the properties record, alert',
    ]);
  });

  it('reports an alias bomb instead of expanding it', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++)
      lines.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(', ')}]`,
      );
    const problems = schemaProblems(`${lines.join('\n')}\n`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^1:1: error: cannot convert YAML to JSON: /);
  });
});
