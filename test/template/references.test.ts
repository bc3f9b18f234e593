// labelReferences: which alert labels a template reads, with the span of each
// label name.
import { describe, expect, it } from 'vitest';
import { labelReferences, parseTemplate } from '../../src/template/index.js';

function refs(text: string): [string, string][] {
  const ast = parseTemplate(text).ast!;
  return labelReferences(ast).map((r) => [r.label, text.slice(r.pos.start, r.pos.end)]);
}

describe('labelReferences', () => {
  it('finds $labels.x and .Labels.x', () => {
    expect(refs('{{ $labels.instance }} of {{ .Labels.job }}')).toEqual([
      ['instance', 'instance'],
      ['job', 'job'],
    ]);
  });

  it('gives the exact span of the label name', () => {
    const text = 'é {{ $labels.node }}';
    const [r] = labelReferences(parseTemplate(text).ast!);
    expect(r).toEqual({ label: 'node', pos: { start: 13, end: 17 } });
  });

  it('finds index lookups with a literal key', () => {
    expect(refs('{{ index $labels "pod" }} {{ index .Labels `ns` }} {{ index $labels $value }}')).toEqual([
      ['pod', 'pod'],
      ['ns', 'ns'],
    ]);
  });

  it('looks inside pipelines, parentheses, conditions and else branches', () => {
    expect(refs('{{ if eq $labels.severity "page" }}{{ ($labels.team | toUpper) }}{{ else }}{{ printf "%s" $labels.owner }}{{ end }}')).toEqual([
      ['severity', 'severity'],
      ['team', 'team'],
      ['owner', 'owner'],
    ]);
  });

  it('ignores .Labels once range or with has rebound dot, but keeps $labels', () => {
    expect(
      refs('{{ range query "up" }}{{ .Labels.instance }}{{ $labels.job }}{{ end }}{{ with $value }}{{ .Labels.x }}{{ else }}{{ .Labels.y }}{{ end }}'),
    ).toEqual([
      ['job', 'job'],
      ['y', 'y'],
    ]);
  });

  it('ignores external labels and bare $labels', () => {
    expect(refs('{{ $externalLabels.cluster }} {{ $labels }} {{ .ExternalLabels.x }}')).toEqual([]);
  });

  it('reports the first field of a deeper chain', () => {
    expect(refs('{{ $labels.job.x }}')).toEqual([['job', 'job']]);
  });
});
