import { describe, it, expect } from 'vitest';
import { parseTemplate } from '../../src/template/index.js';
import { templateValueFindings } from '../../src/lint/template-values.js';

/** Findings as [kind, detail, the template text they point at]. */
function findings(text: string): [string, string, string][] {
  const parsed = parseTemplate(text);
  if (!parsed.ast) throw new Error(`template does not parse: ${parsed.diagnostics[0]?.message}`);
  return templateValueFindings(parsed.ast).map((f) => {
    const at = text.slice(f.pos.start, f.pos.end);
    switch (f.kind) {
      case 'query-syntax':
        return [f.kind, f.message, at];
      case 'query-label':
        return [f.kind, f.label, at];
      case 'exec-error':
        return [f.kind, f.message, at];
      case 'raw-value':
        return [f.kind, '', at];
    }
  });
}

describe('template values', () => {
  it('parses the PromQL of query calls, piped or not, and points into the string', () => {
    expect(findings('{{ query "up xxx" }}')).toEqual([['query-syntax', 'unexpected identifier "xxx"', 'xxx']]);
    expect(findings('{{ "up xxx" | query | first | value }}')).toEqual([['query-syntax', 'unexpected identifier "xxx"', 'xxx']]);
    expect(findings('{{ if false }}{{ query "sum(up" }}{{ end }}')).toHaveLength(1);
    expect(findings('{{ query "sum(up)" | first | value }}')).toEqual([]);
  });

  it('fills printf verbs with placeholders that fit where they stand', () => {
    expect(findings('{{ with printf "sum(up{job=\'%s\'})" .Labels.job | query }}{{ . | first | value }}{{ end }}')).toEqual([]);
    // A verb outside quotes may be a metric name, a number or a range.
    expect(findings('{{ printf "%s_total" .Labels.job | query }}{{ printf "rate(x[%s])" "5m" | query }}{{ printf "up > %d" 3 | query }}')).toEqual([]);
    const bad = '{{ with printf "sum({job=\'%s\'}) by(" .Labels.job | query }}{{ end }}';
    expect(findings(bad)).toEqual([['query-syntax', 'unclosed left parenthesis', '"sum({job=\'%s\'}) by("']]);
  });

  it('checks labels read from query samples against the query label flow', () => {
    expect(findings('{{ range query "sum(up)" }}{{ .Labels.instance }} {{ label "job" . }}{{ end }}')).toEqual([
      ['query-label', 'instance', 'instance'],
      ['query-label', 'job', 'job'],
    ]);
    expect(findings('{{ with query "sum by (job) (up)" }}{{ . | first | label "job" }}{{ (. | first).Labels.env }}{{ end }}')).toEqual([
      ['query-label', 'env', 'env'],
    ]);
    expect(findings('{{ $r := query "count(up)" }}{{ range $i, $s := $r }}{{ index $s.Labels "pod" }}{{ end }}')).toEqual([['query-label', 'pod', 'pod']]);
    expect(findings('{{ range query "up" }}{{ .Labels.instance }}{{ end }}')).toEqual([]);
  });

  it('reports commands that always fail when executed', () => {
    expect(findings('a\n{{ nil }}')).toEqual([['exec-error', 'nil is not a command', 'nil']]);
    expect(findings('{{ printf "%v" nil }}')).toEqual([]);
    expect(findings('{{ $value | first }}')).toEqual([['exec-error', 'first: wrong type for value; expected template.queryResult; got float64', 'first']]);
    expect(findings('{{ "x" | value }}')).toEqual([['exec-error', 'value: wrong type for value; expected *template.sample; got string', 'value']]);
  });

  it('finds the alert value printed without formatting', () => {
    expect(findings('{{ $value }} {{ .Value }} {{ $value | print }}')).toEqual([
      ['raw-value', '', '$value'],
      ['raw-value', '', '.Value'],
      ['raw-value', '', '$value'],
    ]);
    expect(findings('{{ $value | humanize }} {{ printf "%.2f" $value }} {{ if gt $value 1.0 }}x{{ end }} {{ $v := $value }}')).toEqual([]);
    // Inside range over a query, .Value is the sample's.
    expect(findings('{{ range query "up" }}{{ .Value }}{{ end }}')).toEqual([]);
  });
});
