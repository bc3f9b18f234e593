// Executor cases: expected outputs and error messages are what Go's
// text/template prints for the same template and data (Prometheus mode:
// alert variables declared, missingkey=zero).
import { describe, expect, it } from 'vitest';
import { executeTemplate, expandAlertTemplate, GoInt, GoMap, GoStruct, parseTemplate, prometheusExpansionText } from '../../src/template/index.js';

const LABELS = { instance: 'host:9100', job: 'node', a: '1', b: '2' };

/** [template, $value, expected output] */
const OUTPUTS: readonly (readonly [string, number, string])[] = [
  ['{{ $labels.instance }} is down', 0, 'host:9100 is down'],
  ['{{ .Labels.job }}/{{ $labels.job }}/{{ $.Labels.job }}', 0, 'node/node/node'],
  ['[{{ $labels.missing }}]', 0, '[]'],
  ['[{{ index $labels "missing" }}]', 0, '[]'],
  ['{{ $value }}', 1.5, '1.5'],
  ['{{ $value }}', 1e21, '1e+21'],
  ['{{ $value }}', 123456789, '1.23456789e+08'],
  ['{{ $value }}', 0.000012345, '1.2345e-05'],
  ['{{ $value }}', -0.0001, '-0.0001'],
  ['{{ $value }}', Infinity, '+Inf'],
  ['{{ $value }}', NaN, 'NaN'],
  ['{{ .Value }}', 1000000, '1e+06'],
  ["{{ 'a' }} {{ 0x1F }} {{ 1e3 }} {{ 0o17 }} {{ 0b101 }} {{ 1_000 }} {{ -0 }} {{ .5 }} {{ 0x1p-2 }} {{ 1.0 }}", 0, '97 31 1000 15 5 1000 0 0.5 0.25 1'],
  ['{{ 017 }} {{ 3i }} {{ 1+0i }} {{ 1.5i }}', 0, '15 (0+3i) (1+0i) (0+1.5i)'],
  ['{{ $x := 1 }}{{ $x = 2 }}{{ $x }}', 0, '2'],
  ['{{ $value := 1 }}{{ $value }}', 7, '1'],
  ['{{ $labels }}', 0, 'map[a:1 b:2 instance:host:9100 job:node]'],
  ['{{ if gt $value 80.0 }}high{{ else if gt $value 50.0 }}mid{{ else }}low{{ end }}', 60, 'mid'],
  ['{{ if eq $value 1.0 }}one{{ else }}other{{ end }}', 1, 'one'],
  ['{{ if and $value (eq $labels.job "node") }}yes{{ end }}', 1, 'yes'],
  ['{{ with $labels.missing }}has{{ else }}none{{ end }}', 0, 'none'],
  ['{{ with $labels.job }}job={{ . }}{{ end }}', 0, 'job=node'],
  ['{{ with $x := $labels.job }}{{ $x }}{{ end }}', 0, 'node'],
  ['{{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }}', 0, 'a=1;b=2;instance=host:9100;job=node;'],
  ['{{ range $labels }}{{ . }},{{ end }}', 0, '1,2,host:9100,node,'],
  ['{{ range $k, $v := $labels }}{{ if eq $k "b" }}{{ break }}{{ end }}{{ $k }}{{ end }}', 0, 'a'],
  ['{{ range $k, $v := $labels }}{{ if eq $k "b" }}{{ continue }}{{ end }}{{ $k }}{{ end }}', 0, 'ainstancejob'],
  ['{{ $x := 0 }}{{ range $labels }}{{ $x = . }}{{ end }}{{ $x }}', 0, 'node'],
  ['{{ range $i, $e := args 1 2 }}{{ $i }}={{ $e }};{{ end }}', 0, 'arg0=1;arg1=2;'],
  ['{{ range $externalLabels }}x{{ else }}empty{{ end }}', 0, 'empty'],
  ['{{ range 3 }}{{ . }}{{ end }}', 0, '012'],
  ['{{ define "t" }}[{{ . }}]{{ end }}{{ template "t" $labels.job }}{{ template "t" }}', 0, '[node][<no value>]'],
  ['{{ block "b" $value }}<{{ . }}>{{ end }}', 2.5, '<2.5>'],
  ['{{ (args 1 2).arg1 }} {{ (args 1).arg5 }}', 0, '2 <no value>'],
  ['{{ index (args 1 2) "arg1" }} {{ index (args 1 2) "zz" }}|', 0, '2 <no value>|'],
  ['{{ eq 1 1 2 }} {{ ne 1 2 }} {{ lt 1 2 }} {{ le 2 2 }} {{ gt "b" "a" }} {{ ge 1.5 2.5 }}', 0, 'true true true true true false'],
  ['{{ eq "a" "b" "a" }} {{ eq $labels.job "node" }}', 0, 'true true'],
  ['{{ and 1 0 2 }} {{ and 1 2 }} {{ or 0 "" "x" }} {{ or 0 "" }}|', 0, '0 2 x |'],
  ['{{ not 0 }} {{ not "a" }} {{ true | not }} {{ 1 | and 0 }}', 0, 'true false false 0'],
  ['{{ or 1 (index "" 0) }}', 0, '1'],
  ['{{ print 1 2 "a" 3 "b" "c" }}|{{ println 1 "a" }}|', 0, '1 2a3bc|1 a\n|'],
  ['{{ len "x" }} {{ len "héllo" }} {{ len $labels }} {{ "abc" | len }}', 0, '1 6 4 3'],
  ['{{ index "abc" 1 }} {{ slice "abcdef" 1 3 }} {{ slice "héllo" 1 3 }}', 0, '98 bc é'],
  ['{{ html "<a href=\'x\'>&\\"" }}', 0, '&lt;a href=&#39;x&#39;&gt;&amp;&#34;'],
  ['{{ js "it\'s <b> & =\\n" }}', 0, "it\\'s \\u003Cb\\u003E \\u0026 \\u003D\\u000A"],
  ['{{ urlquery "a b/c?d=é" }}', 0, 'a+b%2Fc%3Fd%3D%C3%A9'],
  ['{{ html .Labels.missing }}|{{ print nil }}', 0, '|<nil>'],
  ['{{ 1 | printf "%d-%d" 2 }} {{ "a" | printf "%s%s" "b" }}', 0, '2-1 ba'],
  ['{{ (.Labels).job }} {{ (index $labels "job" | printf "%s!") }}', 0, 'node node!'],
  ['a  \n {{- $labels.job -}} \n b', 0, 'anodeb'],
  ['{{-3}} {{- /* comment */ -}} x', 0, '-3x'],
  ['{{ . }}', 0.5, '{map[a:1 b:2 instance:host:9100 job:node] map[]  0.5}'],
  ['{{ printf "%T %T %T %T %T" 1 1.5 "s" true $labels }}', 0, 'int float64 string bool map[string]string'],
];

/** [template, $value, Go's message, start, end] */
const ERRORS: readonly (readonly [string, number, string, number, number])[] = [
  ['{{ eq $value 1 }}', 1, 'error calling eq: incompatible types for comparison', 3, 5],
  ['{{ $y = 2 }}', 0, 'undefined variable: $y', 3, 5],
  ['{{ 18446744073709551615 }}', 0, '18446744073709551615 overflows int', 3, 23],
  ['{{ nil }}', 0, 'nil is not a command', 3, 6],
  ['{{ "a" "b" }}', 0, 'can\'t give argument to non-function "a"', 3, 6],
  ['{{ $value 1 }}', 0, "can't give argument to non-function $value", 3, 9],
  ['{{ $labels\n.job }}', 0, "can't give argument to non-function $labels", 3, 10],
  ['{{ index }}', 0, 'wrong number of args for index: want at least 1 got 0', 3, 8],
  ['{{ not }}', 0, 'wrong number of args for not: want 1 got 0', 3, 6],
  ['{{ and }}', 0, 'wrong number of args for and: want at least 1 got 0', 3, 6],
  ['{{ humanize 1 2 }}', 0, 'wrong number of args for humanize: want 1 got 2', 3, 11],
  ['{{ template "nope" }}', 0, 'template "nope" not defined', 0, 21],
  [
    '{{ .Nope }}',
    0,
    "can't evaluate field Nope in type struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value interface {} }",
    4,
    8,
  ],
  ['{{ .Labels.a.b }}', 0, "can't evaluate field b in type string", 13, 14],
  ['{{ $value.x }}', 1, "can't evaluate field x in type float64", 10, 11],
  ['{{ .Value.x }}', 1, "can't evaluate field x in type interface {}", 10, 11],
  ['{{ (1).x }}', 0, "can't evaluate field x in type int", 7, 8],
  ['{{ .Labels.a 1 }}', 0, 'a is not a method but has arguments', 11, 12],
  ['{{ len 3 }}', 0, 'error calling len: len of type int', 3, 6],
  ['{{ len nil }}', 0, 'error calling len: len of untyped nil', 3, 6],
  ['{{ index $labels 1 }}', 0, 'error calling index: value has type int; should be string', 3, 8],
  ['{{ index "abc" 5 }}', 0, 'error calling index: index out of range: 5', 3, 8],
  ['{{ index "" 0 }}', 0, 'error calling index: index out of range: 0', 3, 8],
  ['{{ index nil 1 }}', 0, 'error calling index: index of untyped nil', 3, 8],
  ['{{ slice "abc" 2 1 }}', 0, 'error calling slice: invalid slice index: 2 > 1', 3, 8],
  ['{{ lt true false }}', 0, 'error calling lt: invalid type for comparison', 3, 5],
  ['{{ eq }}', 0, 'wrong number of args for eq: want at least 1 got 0', 3, 5],
  ['{{ range $value }}{{ end }}', 2, "range can't iterate over 2", 9, 15],
  ['{{ toUpper 1 }}', 0, 'expected string; found 1', 11, 12],
  ['{{ toUpper $value }}', 1, 'wrong type for value; expected string; got float64', 11, 17],
  ['{{ toUpper nil }}', 0, 'cannot assign nil to string', 11, 14],
  ['{{ printf 1 }}', 0, 'expected string; found 1', 10, 11],
  ['{{ printf $value }}', 1, 'wrong type for value; expected string; got float64', 10, 16],
  ['{{ printf }}', 0, 'wrong number of args for printf: want at least 1 got 0', 3, 9],
  ['{{ humanize "abc" }}', 0, 'error calling humanize: strconv.ParseFloat: parsing "abc": invalid syntax', 3, 11],
  ['{{ humanize true }}', 0, "error calling humanize: can't convert bool to float", 3, 11],
  ['x{{ if and 1 (index "" 0) }}y{{ end }}', 0, 'error calling index: index out of range: 0', 14, 19],
];

describe('expandAlertTemplate: output', () => {
  it.each(OUTPUTS)('%j with $value=%d', (text, value, expected) => {
    expect(expandAlertTemplate(text, { labels: LABELS, value })).toEqual({ ok: true, text: expected });
  });
});

describe('expandAlertTemplate: execution errors', () => {
  it.each(ERRORS)('%j', (text, value, message, start, end) => {
    expect(expandAlertTemplate(text, { labels: LABELS, value })).toEqual({
      ok: false,
      error: { code: 'template/exec', severity: 'error', message, pos: { start, end } },
    });
  });

  it('returns parse errors with positions in the user text, not in the variable prefix', () => {
    expect(expandAlertTemplate('ok {{ $nope }}', { labels: {}, value: 0 })).toEqual({
      ok: false,
      error: { code: 'template/syntax', severity: 'error', message: 'undefined variable "$nope"', pos: { start: 6, end: 11 } },
    });
  });

  it('renders failures the way Prometheus stores them in the annotation', () => {
    const r = expandAlertTemplate('{{ humanize "x" }}', { labels: {}, value: 0 });
    expect(prometheusExpansionText(r)).toBe('<error expanding template: error calling humanize: strconv.ParseFloat: parsing "x": invalid syntax>');
  });
});

describe('executeTemplate: Go defaults', () => {
  const run = (text: string, data: unknown, missingKey?: 'invalid' | 'zero' | 'error') => {
    const ast = parseTemplate(text, { variables: [] }).ast!;
    return executeTemplate(ast, data, missingKey ? { missingKey } : {});
  };

  it('prints <no value> for a missing map key by default (missingkey=invalid)', () => {
    expect(run('{{ .m.x }}', { m: GoMap.ofStrings({}) })).toEqual({ ok: true, text: '<no value>' });
  });

  it('prints the element zero value with missingkey=zero', () => {
    expect(run('[{{ .m.x }}]', { m: GoMap.ofStrings({}) }, 'zero')).toEqual({ ok: true, text: '[]' });
  });

  it('fails with missingkey=error', () => {
    const r = run('{{ .m.x }}', { m: GoMap.ofStrings({}) }, 'error');
    expect(r).toEqual({ ok: false, error: { code: 'template/exec', severity: 'error', message: 'map has no entry for key "x"', pos: { start: 6, end: 7 } } });
  });

  it('walks plain objects as map[string]interface {} and structs by field', () => {
    expect(run('{{ .a.b }} {{ .s.F }} {{ range .l }}{{ . }}{{ end }}', { a: { b: 'x' }, s: new GoStruct('T', { F: 1.5 }), l: ['p', 'q'] })).toEqual({
      ok: true,
      text: 'x 1.5 pq',
    });
    expect(run('{{ .s.G }}', { s: new GoStruct('main.T', { F: 1 }) })).toEqual({
      ok: false,
      error: { code: 'template/exec', severity: 'error', message: "can't evaluate field G in type main.T", pos: { start: 6, end: 7 } },
    });
  });

  it('uses the injected query function', () => {
    const ast = parseTemplate(
      '{{ range query "up" }}{{ .Labels.job }}={{ .Value }} {{ end }}{{ with query "up" | first }}{{ label "job" . }} {{ value . }}{{ end }}',
    ).ast!;
    const r = executeTemplate(
      ast,
      {},
      {
        query: (q) =>
          q === 'up'
            ? [
                { labels: { job: 'a' }, value: 1 },
                { labels: { job: 'b' }, value: 0 },
              ]
            : [],
      },
    );
    expect(r).toEqual({ ok: true, text: 'a=1 b=0 a 1' });
  });

  it('reports a failing query as an execution error at the call', () => {
    const ast = parseTemplate('{{ query "bad(" }}').ast!;
    const r = executeTemplate(ast, {}, { query: () => new Error('1:4: parse error: unclosed left parenthesis') });
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'template/exec',
        severity: 'error',
        message: 'error calling query: 1:4: parse error: unclosed left parenthesis',
        pos: { start: 3, end: 8 },
      },
    });
  });

  it('calls function values with call', () => {
    const data = { add: (a: GoInt, b: GoInt) => new GoInt(a.value + b.value), s: 'x' };
    expect(run('{{ call .add 1 2 }}', data)).toEqual({ ok: true, text: '3' });
    expect(run('{{ call .s 1 }}', data)).toEqual({
      ok: false,
      error: { code: 'template/exec', severity: 'error', message: 'error calling call: non-function of type string', pos: { start: 3, end: 7 } },
    });
    expect(run('{{ call nil }}', data)).toEqual({
      ok: false,
      error: { code: 'template/exec', severity: 'error', message: 'error calling call: call of nil', pos: { start: 3, end: 7 } },
    });
  });

  it('keeps imaginary constants complex: they print, but are not floats or strings', () => {
    expect(run('{{ 1i }} {{ printf "%d" 1i }}', {})).toEqual({ ok: true, text: '(0+1i) %!d(complex128=(0+1i))' });
    expect(expandAlertTemplate('{{ humanize 2i }}', { labels: {}, value: 0 })).toEqual({
      ok: false,
      error: { code: 'template/exec', severity: 'error', message: "error calling humanize: can't convert complex128 to float", pos: { start: 3, end: 11 } },
    });
    expect(expandAlertTemplate('{{ toUpper 1i }}', { labels: {}, value: 0 })).toEqual({
      ok: false,
      error: { code: 'template/exec', severity: 'error', message: 'expected string; found 1i', pos: { start: 11, end: 13 } },
    });
  });

  it('guards against unbounded template recursion', () => {
    const ast = parseTemplate('{{ define "r" }}{{ template "r" . }}{{ end }}{{ template "r" . }}').ast!;
    const r = executeTemplate(ast, 1);
    expect(r.ok ? '' : r.error.message).toBe('exceeded maximum template depth (1000)');
  });
});

/** More Go-checked cases, with labels {job: "j", a: "x"} and $value 2.5: [template, output] */
const MORE_OUTPUTS: readonly (readonly [string, string])[] = [
  ['a \n\t{{- 1 -}}\n\t b', 'a1b'],
  ['a {{-1}} b', 'a -1 b'],
  ['a {{- 1}} b', 'a1 b'],
  ['a {{1 -}} b', 'a 1b'],
  ['{{ 1 -}}\n\n x', '1x'],
  ['x\n\n{{- /* c */}}y', 'xy'],
  ['{{/* c */ -}}  y', 'y'],
  ['{{- 1 -}}{{- 2 -}}', '12'],
  ['{{ 1}}{{2 }}', '12'],
  ['{{\n1\n}}', '1'],
  ['{{ $x := 1 }}{{ if true }}{{ $x := 2 }}{{ $x }}{{ end }}{{ $x }}', '21'],
  ['{{ range $i := args 1 }}{{ $i }}{{ end }}', '1'],
  ['{{ range $e := $labels }}{{ $e }}{{ end }}', 'xj'],
  ['{{ $i := 5 }}{{ range $i = args 1 2 }}{{ end }}{{ $i }}', '2'],
  ['{{ $i := 5 }}{{ $e := 5 }}{{ range $i, $e = $labels }}{{ end }}{{ $i }}{{ $e }}', 'jobj'],
  ['{{ .Labels }}', 'map[a:x job:j]'],
  ['{{ print . }}', '{map[a:x job:j] map[]  2.5}'],
  ['{{ printf "%s" . }}', '{map[a:x job:j] map[]  %!s(float64=2.5)}'],
  ['{{ printf "%+v" . }}', '{Labels:map[a:x job:j] ExternalLabels:map[] ExternalURL: Value:2.5}'],
  ['{{ js 1 2 }}', '1 2'],
  ['{{ html nil }}', '&lt;no value&gt;'],
  ['{{ print .Labels.missing }}|{{ print $labels.missing }}|', '||'],
  ['{{ printf "%q" "\\x00\\x7f\\u00ad" }}', '"\\x00\\x7f\\u00ad"'],
  [
    '{{ printf "%x" "" }}|{{ printf "%c|%c" 0x1F600 -1 }}|{{ printf "%08.3e" -1.5 }}|{{ printf "% .2f" 1.0 }}|{{ printf "%+q" "h\u00e9llo" }}',
    '|\ud83d\ude00|\ufffd|-1.500e+00| 1.00|"h\\u00e9llo"',
  ],
  ['{{ printf "%#v|%#v|%#v" 1 "a" 1.0 }}', '1|"a"|1'],
  ['{{ printf "%v" (args) }}', 'map[]'],
  ['{{ printf "%d%%" 50 }}', '50%'],
  ['{{ printf "%6.2v" 3.14159 }}', '   3.1'],
  ['{{ printf "%-8q|" "a" }}', '"a"     |'],
  ['{{ eq 1.0 1.0 }} {{ eq "a" "a" "b" }} {{ ne "a" "b" }} {{ lt 1.5 2.5 }} {{ eq true true }} {{ eq nil nil }}', 'true true true true true true'],
  ['{{ index $labels }}', 'map[a:x job:j]'],
  ['{{ $labels.job | printf "%s-%s" "x" }}', 'x-j'],
  ['{{ "x" | printf }}', 'x'],
  ['{{ 1 | not }}', 'false'],
  ['{{ and (eq 1 1) (eq 2 2) }}', 'true'],
  ['{{ or "" 0 nil }}', '<no value>'],
];

/** [template, Go's message, start, end] */
const MORE_ERRORS: readonly (readonly [string, string, number, number])[] = [
  ['{{ range . }}{{ end }}', "range can't iterate over {map[a:x job:j] map[]  2.5}", 9, 10],
  [
    '{{ len . }}',
    'error calling len: len of type struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value interface {} }',
    3,
    6,
  ],
  [
    '{{ index . 1 }}',
    "error calling index: can't index item of type struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value interface {} }",
    3,
    8,
  ],
  ['{{ eq 1 "a" }}', 'error calling eq: incompatible types for comparison', 3, 5],
  ['{{ lt "a" 1 }}', 'error calling lt: incompatible types for comparison', 3, 5],
  ['{{ eq .Labels .Labels }}', 'error calling eq: non-comparable type map[a:x job:j]: map[string]string', 3, 5],
  ['{{ slice "abc" }}|{{ slice "abc" 1 }}|{{ slice "abc" 1 2 }}|{{ slice "abc" 4 }}', 'error calling slice: index out of range: 4', 63, 68],
  ['{{ slice (args 1) 0 }}', "error calling slice: can't slice item of type map[string]interface {}", 3, 8],
  ['{{ slice 1 }}', "error calling slice: can't slice item of type int", 3, 8],
  ['{{ slice "abc" 1 2 3 }}', 'error calling slice: cannot 3-index slice a string', 3, 8],
  ['{{ index "abc" -1 }}', 'error calling index: index out of range: -1', 3, 8],
  ['{{ index "abc" "x" }}', 'error calling index: cannot index slice/array with type string', 3, 8],
  ['{{ index 1 1 }}', "error calling index: can't index item of type int", 3, 8],
  ['{{ not 1 2 }}', 'wrong number of args for not: want 1 got 2', 3, 6],
  ['{{ .Labels.job.Foo }}', "can't evaluate field Foo in type string", 15, 18],
  ['{{ or }}', 'wrong number of args for or: want at least 1 got 0', 3, 5],
];

describe('expandAlertTemplate: trim markers, scoping, builtins', () => {
  const input = { labels: { job: 'j', a: 'x' }, value: 2.5 };
  it.each(MORE_OUTPUTS)('%j', (text, expected) => {
    expect(expandAlertTemplate(text, input)).toEqual({ ok: true, text: expected });
  });
  it.each(MORE_ERRORS)('%j', (text, message, start, end) => {
    expect(expandAlertTemplate(text, input)).toEqual({ ok: false, error: { code: 'template/exec', severity: 'error', message, pos: { start, end } } });
  });
});
