import { describe, it, expect } from 'vitest';
import { templateRefs } from '../../src/lint/template-refs.js';

describe('templateRefs', () => {
  it('finds label references and uses of the value, in source order', () => {
    expect(templateRefs('{{ $labels.job }} at {{ $value | humanize }} ({{ .Labels.instance }}, {{ .Value }})')).toEqual([
      { kind: 'label', label: 'job', pos: { start: 11, end: 14 } },
      { kind: 'value', pos: { start: 24, end: 30 } },
      { kind: 'label', label: 'instance', pos: { start: 57, end: 65 } },
      { kind: 'value', pos: { start: 73, end: 79 } },
    ]);
  });

  it('ignores .Labels/.Value where dot is rebound, but not $labels/$value', () => {
    expect(templateRefs('{{ range query "up" }}{{ .Labels.x }}{{ .Value }}{{ $labels.y }}{{ $value }}{{ end }}')).toEqual([
      { kind: 'label', label: 'y', pos: { start: 60, end: 61 } },
      { kind: 'value', pos: { start: 67, end: 73 } },
    ]);
  });

  it('returns parse errors (unknown functions among them)', () => {
    const refs = templateRefs('{{ nosuchfunc $value }}');
    expect(refs).toHaveLength(1);
    expect(refs[0]).toMatchObject({ kind: 'error', message: 'function "nosuchfunc" not defined' });
  });
});
