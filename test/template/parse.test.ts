// Parser cases. Messages are Go's text/template wording (checked against
// Go's parser); positions are UTF-16 [start, end) spans into the text.
import { describe, expect, it } from 'vitest';
import { parseTemplate, type ListItem, type TemplateAst } from '../../src/template/index.js';

/** Templates Go parses without error (alert variables predeclared). */
const VALID: readonly string[] = [
  '',
  'plain text only',
  '{{ $labels.instance }}',
  '{{ .Labels.instance }}',
  '{{ $value }}',
  '{{ $value | humanize }}',
  '{{ $value | printf "%.2f" }}',
  '{{ printf "%.2f%%" $value }}',
  '{{ $externalLabels.cluster }} {{ $externalURL }}',
  '{{/* a comment */}}',
  'a {{- /* trimmed comment */ -}} b',
  '{{- $labels.job -}}',
  '{{-3}}',
  '{{ if gt $value 80.0 }}high{{ else if gt $value 50.0 }}mid{{ else }}low{{ end }}',
  '{{ with $labels.job }}{{ . }}{{ else with $labels.instance }}{{ . }}{{ end }}',
  '{{ range $k, $v := $labels }}{{ $k }}={{ $v }} {{ end }}',
  '{{ range $i, $e := query "up" }}{{ $i }}{{ $e.Labels.job }}{{ end }}',
  '{{ range query "up" }}{{ if eq .Value 0.0 }}{{ break }}{{ end }}{{ continue }}{{ end }}',
  '{{ range $labels }}{{ else }}none{{ end }}',
  '{{ $x := 1 }}{{ $x = 2 }}{{ $x }}',
  '{{ $ }}',
  '{{ . }}',
  '{{ nil }}',
  '{{ true }} {{ false }}',
  "{{ 'a' }} {{ '\\n' }} {{ '\\x41' }} {{ '\\u00e9' }}",
  '{{ 1 }} {{ -1 }} {{ +1 }} {{ 1.5 }} {{ .5 }} {{ 1e3 }} {{ 0x1F }} {{ 0o17 }} {{ 0b101 }} {{ 1_000 }} {{ 0x1p-2 }}',
  '{{ 1.5i }} {{ 1+2i }}',
  '{{ "a\\tb\\"c\\u00e9" }} {{ `raw\\n` }}',
  '{{ (index $labels "job") }}',
  '{{ (query "up" | first).Labels.job }}',
  '{{ index $labels "job" | toUpper | printf "%s!" }}',
  '{{ define "x" }}body{{ end }}{{ template "x" . }}',
  '{{ define "x" }} {{ end }}{{ define "x" }}real{{ end }}',
  '{{ block "b" . }}default{{ end }}',
  '{{ template "x" }}',
  '{{ $labels\n  .job }}',
  '{{ printf "%d" 3 | }}',
  'é{{ $value }}ü',
  '{{ 18446744073709551615 }}',
];

/** [text, Go's message, start, end] */
const INVALID: readonly (readonly [string, string, number, number])[] = [
  ['{{ foo }}', 'function "foo" not defined', 3, 6],
  ['{{ $labels.job | foo }}', 'function "foo" not defined', 17, 20],
  ['é{{ foo }}', 'function "foo" not defined', 4, 7],
  ['{{ é }}', 'function "é" not defined', 3, 4],
  ['{{ $x }}', 'undefined variable "$x"', 3, 5],
  ['{{ with $x := 1 }}{{ end }}{{ $x }}', 'undefined variable "$x"', 30, 32],
  ['{{ define "T" }}{{ $labels }}{{ end }}', 'undefined variable "$labels"', 19, 26],
  ['{{ .Labels.job }', 'unexpected "}" in operand', 15, 16],
  ['{{ if .Value }}x', 'unexpected EOF', 16, 16],
  ['{{ range $labels }}', 'unexpected EOF', 19, 19],
  ['{{ end }}', 'unexpected {{end}}', 0, 9],
  ['{{ else }}', 'unexpected {{else}}', 0, 10],
  ['{{ }}', 'missing value for command', 3, 5],
  ['{{ $x := }}', 'missing value for command', 9, 11],
  ['{{ if }}{{ end }}', 'missing value for if', 6, 8],
  ['{{ block "b" }}{{ end }}', 'missing value for block clause', 13, 15],
  ['{{ "abc }}', 'unterminated quoted string', 3, 10],
  ["{{ 'a }}", 'unterminated character constant', 3, 8],
  ['{{ `abc }}', 'unterminated raw quoted string', 3, 10],
  ['{{ 3x }}', 'bad number syntax: "3x"', 3, 5],
  ['{{ 1+2 }}', 'bad number syntax: "1+2"', 3, 6],
  ['{{ 0x }}', 'illegal number syntax: "0x"', 3, 5],
  ['{{ 99999999999999999999 }}', 'integer overflow: "99999999999999999999"', 3, 23],
  ['{{ "\\q" }}', 'invalid syntax', 3, 7],
  ["{{ 'ab' }}", "malformed character constant: 'ab'", 3, 7],
  ['{{ range $i, $e, $f := . }}{{ end }}', 'too many declarations in range', 15, 16],
  ['{{ range $i, 3 }}{{ end }}', 'range can only initialize variables', 13, 14],
  ['{{ $a, $b := 1 }}', 'too many declarations in command', 5, 6],
  ['{{ break }}', '{{break}} outside {{range}}', 0, 11],
  ['{{ continue }}', '{{continue}} outside {{range}}', 0, 14],
  ['{{ range $labels }}{{ break 1 }}{{ end }}', 'unexpected "1" in {{break}}', 28, 29],
  ['{{ range $labels }}{{ define "x" }}{{ end }}{{ end }}', 'unexpected <define> in command', 22, 28],
  ['{{ template foo }}', 'unexpected "foo" in template clause', 12, 15],
  ['{{ define x }}{{ end }}', 'unexpected "x" in define clause', 10, 11],
  ['{{ define "x" }}a{{ end }}{{ define "x" }}b{{ end }}', 'template: multiple definition of template "x"', 26, 52],
  ['{{ define "a" }}{{ else }}{{ end }}', 'unexpected {{else}} in define clause', 16, 26],
  ['{{ if true }}{{ else }}{{ else }}{{ end }}', 'expected end; found {{else}}', 23, 33],
  ['{{ 1 | 2 }}', 'non executable command in pipeline stage 2', 7, 8],
  ['{{ $value | "a" }}', 'non executable command in pipeline stage 2', 12, 15],
  ['{{ $value | humanize | nil }}', 'non executable command in pipeline stage 3', 23, 26],
  ['{{ (1 }}', 'unclosed left paren', 6, 7],
  ['{{ 1) }}', 'unexpected right paren', 4, 5],
  ['{{ "a".b }}', 'unexpected . after term "\\"a\\""', 6, 8],
  ['{{ true.x }}', 'unexpected . after term "true"', 7, 9],
  ['{{ /* c */ }}', 'unexpected "/" in command', 3, 4],
  ['{{/* unclosed', 'unclosed comment', 2, 13],
  ['{{/* c */ x}}', 'comment ends before closing delimiter', 2, 9],
  ['{{ .Foo.bar$x }}', "bad character U+0024 '$'", 11, 12],
  ['{{ $x=1 }}', "bad character U+003D '='", 5, 6],
  ['{{ @ }}', 'unexpected "@" in command', 3, 4],
  ['{{ $labels.job', 'unclosed action', 14, 14],
  ['{{ ~ }}', 'unexpected "~" in command', 3, 4],
  ['{{ \u00a0 }}', 'unrecognized character in action: U+00A0', 3, 4],
  ['{{ printf "%s" "a very long string indeed" | "zz" }}', 'non executable command in pipeline stage 2', 45, 49],
  ['{{ if 1 }}{{ else foo }}{{ end }}', 'unexpected "foo" in else', 18, 21],
  ['{{ end foo }}', 'unexpected "foo" in end', 7, 10],
  ['{{ $value := "a longer literal" "x" ) }}', 'unexpected right paren', 36, 37],
  ['{{ index $labels "job" = }}', 'unexpected "=" in operand', 23, 24],
];

describe('parseTemplate: valid templates', () => {
  it.each(VALID.map((t) => [t]))('%j parses without diagnostics', (text) => {
    const r = parseTemplate(text);
    expect(r.diagnostics).toEqual([]);
    expect(r.ast?.text).toBe(text);
  });
});

describe('parseTemplate: syntax errors', () => {
  it.each(INVALID)('%j → %s', (text, message, start, end) => {
    const r = parseTemplate(text);
    expect(r.ast).toBeUndefined();
    expect(r.diagnostics).toEqual([{ code: 'template/syntax', severity: 'error', message, pos: { start, end } }]);
  });

  it('has at least 60 cases in all', () => {
    expect(VALID.length + INVALID.length).toBeGreaterThanOrEqual(60);
  });
});

function kinds(ast: TemplateAst | undefined): string[] {
  return (ast?.root.nodes ?? []).map((n: ListItem) => n.kind);
}

describe('parseTemplate: options and AST shape', () => {
  it('knows only the functions it is given (plus Go builtins)', () => {
    expect(parseTemplate('{{ humanize 1 }}', { functions: new Set() }).diagnostics[0]?.message).toBe('function "humanize" not defined');
    expect(parseTemplate('{{ printf "%d" 1 | len }}', { functions: new Set() }).diagnostics).toEqual([]);
    expect(parseTemplate('{{ myFunc 1 }}', { functions: new Set(['myFunc']) }).diagnostics).toEqual([]);
  });

  it('declares only the variables it is given', () => {
    expect(parseTemplate('{{ $labels }}', { variables: [] }).diagnostics[0]?.message).toBe('undefined variable "$labels"');
    expect(parseTemplate('{{ $foo }}', { variables: ['$foo'] }).diagnostics).toEqual([]);
  });

  it('applies trim markers in the lexer', () => {
    const r = parseTemplate('a  \n {{- $value -}} \n b');
    expect(r.ast?.root.nodes.map((n) => (n.kind === 'Text' ? n.text : n.kind))).toEqual(['a', 'Action', 'b']);
  });

  it('gives every node its span', () => {
    const text = 'x {{ if $value }}{{ $labels.job | toUpper }}{{ end }} y';
    const ast = parseTemplate(text).ast!;
    expect(kinds(ast)).toEqual(['Text', 'If', 'Text']);
    const ifNode = ast.root.nodes[1]!;
    if (ifNode.kind !== 'If') throw new Error('not an if');
    expect(text.slice(ifNode.pos.start, ifNode.pos.end)).toBe('{{ if $value }}{{ $labels.job | toUpper }}{{ end }}');
    const action = ifNode.list.nodes[0]!;
    if (action.kind !== 'Action') throw new Error('not an action');
    expect(text.slice(action.pos.start, action.pos.end)).toBe('{{ $labels.job | toUpper }}');
    expect(text.slice(action.pipe.pos.start, action.pipe.pos.end)).toBe('$labels.job | toUpper');
    const v = action.pipe.cmds[0]!.args[0]!;
    expect(v.kind).toBe('Variable');
    if (v.kind !== 'Variable') return;
    expect(v.ident).toEqual(['$labels', 'job']);
    expect(v.identPos.map((p) => text.slice(p.start, p.end))).toEqual(['$labels', 'job']);
  });

  it('turns else-if into a nested if', () => {
    const ast = parseTemplate('{{ if 1 }}a{{ else if 2 }}b{{ else }}c{{ end }}').ast!;
    const n = ast.root.nodes[0]!;
    if (n.kind !== 'If') throw new Error('not an if');
    expect(n.elseList?.nodes.map((m) => m.kind)).toEqual(['If']);
    expect(n.pos).toEqual({ start: 0, end: 47 });
  });

  it('keeps numbers with every interpretation Go records', () => {
    const ast = parseTemplate("{{ 'a' }}{{ 1.0 }}{{ 0x10 }}{{ 2i }}").ast!;
    const nums = ast.root.nodes.map((n) => (n.kind === 'Action' ? n.pipe.cmds[0]!.args[0] : undefined));
    expect(nums.map((n) => (n?.kind === 'Number' ? [n.isInt, n.isFloat, n.isComplex, n.float64] : null))).toEqual([
      [true, true, false, 97],
      [true, true, false, 1],
      [true, true, false, 16],
      [false, false, true, 0],
    ]);
  });

  it('collects define and block bodies by name', () => {
    const ast = parseTemplate('{{ define "a" }}A{{ end }}{{ block "b" . }}B{{ end }}').ast!;
    expect([...ast.definitions.keys()]).toEqual(['a', 'b']);
    expect(kinds(ast)).toEqual(['Template']);
  });
});
