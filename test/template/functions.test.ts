// Prometheus's template functions. Expected values come from Prometheus's
// and prometheus/common's own tests and from running the Go implementations.
import { describe, expect, it } from 'vitest';
import {
  expandAlertTemplate,
  executeTemplate,
  GO_BUILTIN_FUNCTION_NAMES,
  parseTemplate,
  PROMETHEUS_FUNCTION_NAMES,
  TEMPLATE_FUNCTION_NAMES,
  type QueryFunction,
  type QuerySample,
} from '../../src/template/index.js';

function expand(text: string, value = 0, options: { query?: QueryFunction; now?: number } = {}): string {
  const r = expandAlertTemplate(text, { labels: { instance: 'host:9100', job: 'node' }, value, externalURL: 'https://prom.example.com/prometheus' }, options);
  return r.ok ? r.text : `ERROR ${r.error.message}`;
}

/** [template, expected] */
const CASES: readonly (readonly [string, string])[] = [
  [
    '{{ humanize 1234567.0 }}|{{ humanize 1000 }}|{{ humanize 999.9999 }}|{{ humanize 0.001234 }}|{{ humanize 0.000000001 }}|{{ humanize -0.5 }}|{{ humanize "1e6" }}|{{ humanize "-Inf" }}|{{ humanize "NaN" }}|{{ humanize 1e-30 }}',
    '1.235M|1k|1000|1.234m|1n|-500m|1M|-Inf|NaN|1e-06y',
  ],
  ['{{ humanize 0 }}|{{ humanize -1500.0 }}|{{ humanize 1e30 }}|{{ humanize "12345" }}|{{ humanize 12 }}', '0|-1.5k|1e+06Y|12.35k|12'],
  [
    '{{ humanize1024 1048576.0 }}|{{ humanize1024 1023 }}|{{ humanize1024 1024 }}|{{ humanize1024 0.5 }}|{{ humanize1024 -2048.0 }}|{{ humanize1024 1e30 }}|{{ humanize1024 "1536" }}',
    '1Mi|1023|1ki|0.5|-2ki|8.272e+05Yi|1.5ki',
  ],
  [
    '{{ humanizeDuration 0 }}|{{ humanizeDuration 1 }}|{{ humanizeDuration 60 }}|{{ humanizeDuration 3600 }}|{{ humanizeDuration 86400 }}|{{ humanizeDuration 899.99 }}|{{ humanizeDuration 0.1 }}|{{ humanizeDuration 0.0001 }}|{{ humanizeDuration 0.12345 }}|{{ humanizeDuration 1.2345 }}|{{ humanizeDuration 12.345 }}|{{ humanizeDuration -190805 }}|{{ humanizeDuration "1234567" }}|{{ humanizeDuration "+Inf" }}|{{ humanizeDuration -0.5 }}',
    '0s|1s|1m 0s|1h 0m 0s|1d 0h 0m 0s|14m 59s|100ms|100us|123.5ms|1.234s|12.35s|-2d 5h 0m 5s|14d 6h 56m 7s|+Inf|-500ms',
  ],
  ['{{ humanizeDuration 60.5 }}|{{ humanizeDuration "60.1" }}|{{ humanizeDuration 90061 }}', '1m 0s|1m 0s|1d 1h 1m 1s'],
  [
    '{{ humanizePercentage 0.1234567 }}|{{ humanizePercentage 1 }}|{{ humanizePercentage 0 }}|{{ humanizePercentage "0.5" }}|{{ humanizePercentage -0.00001 }}',
    '12.35%|100%|0%|50%|-0.001%',
  ],
  [
    '{{ humanizeTimestamp 0 }}|{{ humanizeTimestamp -1 }}|{{ humanizeTimestamp 1234567 }}|{{ humanizeTimestamp 1435065584.128 }}|{{ humanizeTimestamp "1435065584.128" }}|{{ humanizeTimestamp "NaN" }}|{{ humanizeTimestamp -0.5 }}|{{ humanizeTimestamp 9223372036 }}',
    '1970-01-01 00:00:00 +0000 UTC|1969-12-31 23:59:59 +0000 UTC|1970-01-15 06:56:07 +0000 UTC|2015-06-23 13:19:44.128 +0000 UTC|2015-06-23 13:19:44.128 +0000 UTC|NaN|1969-12-31 23:59:59.5 +0000 UTC|2262-04-11 23:47:16 +0000 UTC',
  ],
  ['{{ humanizeTimestamp 1e10 }}', 'ERROR error calling humanizeTimestamp: 1e+10 cannot be represented as a nanoseconds timestamp since it overflows int64'],
  [
    '{{ toTime 1435065584.128 }}|{{ (toTime 1435065584.128).Unix }}|{{ (toTime 0).Format "Mon Jan _2 15:04:05 MST 2006" }}|{{ (toTime 1700000000.5).Format "2006-01-02T15:04:05.999Z07:00 3PM 002" }}',
    '2015-06-23 13:19:44.128 +0000 UTC|1435065584|Thu Jan  1 00:00:00 UTC 1970|2023-11-14T22:13:20.5Z 10PM 318',
  ],
  ['{{ toTime "NaN" }}', 'ERROR error calling toTime: value is NaN or Inf'],
  [
    '{{ toDuration 3723.5 }}|{{ toDuration 0.0015 }}|{{ toDuration 0 }}|{{ (toDuration 90).Seconds }}|{{ (toDuration "1.5").Milliseconds }}',
    '1h2m3.5s|1.5ms|0s|90|1500',
  ],
  ['{{ humanizeDuration (toDuration 3600) }}', '1h 0m 0s'],
  [
    '{{ stripDomain "foo.example.com:9100" }}|{{ stripDomain "foo.example.com" }}|{{ stripDomain "10.0.0.1:9100" }}|{{ stripDomain "[::1]:80" }}|{{ stripDomain "localhost" }}|{{ stripDomain "fe80::1" }}',
    'foo:9100|foo|10.0.0.1:9100|[::1]:80|localhost|fe80::1',
  ],
  [
    '{{ stripPort "host:9090" }}|{{ stripPort "host" }}|{{ stripPort "[::1]:80" }}|{{ stripPort "::1" }}|{{ stripPort "a:b:c" }}|{{ $labels.instance | stripPort }}',
    'host|host|::1|::1|a:b:c|host',
  ],
  ['{{ graphLink "rate(x[5m]) > 0" }}|{{ tableLink "up" }}', '/graph?g0.expr=rate%28x%5B5m%5D%29+%3E+0&g0.tab=0|/graph?g0.expr=up&g0.tab=1'],
  ['{{ "a b&c/d~é" | urlQueryEscape }}', 'a+b%26c%2Fd~%C3%A9'],
  ['{{ toLower "ÀBC" }}|{{ toUpper "straße" }}|{{ title "hello wORLD foo-bar" }}', 'àbc|STRAßE|Hello WORLD Foo-Bar'],
  [
    '{{ reReplaceAll "^(.*):.*$" "$1" "host:9100" }}|{{ reReplaceAll "(\\\\w+)@(\\\\w+)" "$2 at $1" "joe@example" }}|{{ reReplaceAll "a" "$1x" "aaa" }}|{{ reReplaceAll "(a)" "$1x" "aaa" }}|{{ reReplaceAll "(a)" "${1}x" "aaa" }}|{{ reReplaceAll "" "-" "ab" }}|{{ reReplaceAll "é" "e" "café" }}',
    'host|example at joe|||axaxax|-a-b-|cafe',
  ],
  [
    '{{ reReplaceAll "a(x*)b" "$1W" "-ab-axxb-" }} {{ reReplaceAll "a(x*)b" "${1}W" "-ab-axxb-" }} {{ reReplaceAll "x*" "-" "abc" }} {{ reReplaceAll "a*" "-" "baaac" }} {{ reReplaceAll "(?P<n>b)" "[$n$$]" "abc" }}',
    '--- -W-xxW- -a-b-c- -b-c- a[b$]c',
  ],
  ['{{ reReplaceAll "(" "" "" }}', 'ERROR error calling reReplaceAll: regexp: Compile(`(`): error parsing regexp: missing closing ): `(`'],
  ['{{ match "^a.c$" "abc" }} {{ match "b" "abc" }} {{ match "x" "abc" }}', 'true true false'],
  ['{{ match "(" "abc" }}', 'ERROR error calling match: error parsing regexp: missing closing ): `(`'],
  [
    '{{ parseDuration "1h30m" }}|{{ parseDuration "1d" }}|{{ parseDuration "500ms" }}|{{ parseDuration "0" }}|{{ parseDuration "1w2d" }}',
    '5400|86400|0.5|0|777600',
  ],
  ['{{ parseDuration "" }}', 'ERROR error calling parseDuration: empty duration string'],
  ['{{ parseDuration "1x" }}', 'ERROR error calling parseDuration: not a valid duration string: "1x"'],
  ['{{ safeHtml "<b>" }}|{{ (args 1 "a").arg1 }}|{{ args 1 "a" }}', '<b>|a|map[arg0:1 arg1:a]'],
  ['{{ externalURL }}|{{ pathPrefix }}', 'https://prom.example.com/prometheus|/prometheus'],
];

describe('Prometheus template functions', () => {
  it.each(CASES)('%s', (template, expected) => {
    expect(expand(template)).toBe(expected);
  });

  it('`now` is the evaluation time in seconds', () => {
    expect(expand('{{ now }} {{ now | humanizeTimestamp }}', 0, { now: 1700000000 })).toBe('1.7e+09 2023-11-14 22:13:20 +0000 UTC');
  });

  const UP: readonly QuerySample[] = [
    { labels: { instance: 'b', __value__: '1' }, value: 1 },
    { labels: { instance: 'a' }, value: 0 },
  ];
  const query: QueryFunction = (expr) => (expr === 'up' ? UP : []);

  it('query, first, label, value, strvalue, sortByLabel', () => {
    expect(expand('{{ with query "up" }}{{ . | first | label "instance" }} {{ . | first | value }} {{ . | first | strvalue }}{{ end }}', 0, { query })).toBe(
      'b 1 1',
    );
    expect(expand('{{ range query "up" | sortByLabel "instance" }}{{ .Labels.instance }}{{ end }}', 0, { query })).toBe('ab');
    expect(expand('{{ query "nothing" | first }}', 0, { query })).toBe('ERROR error calling first: first() called on vector with no elements');
    expect(expand('{{ (query "up" | first).Labels.instance }}', 0, { query })).toBe('b');
  });

  it('type-checks sample arguments as Go does', () => {
    expect(expand('{{ value 1 }}')).toBe("ERROR can't handle 1 for arg of type *template.sample");
    expect(expand('{{ first $labels }}')).toBe('ERROR wrong type for value; expected template.queryResult; got map[string]string');
  });

  it('reports a missing query function', () => {
    expect(expand('{{ query "up" }}')).toBe('ERROR error calling query: no query function is configured');
  });
});

describe('function name sets', () => {
  it('are derived from the implementation tables', () => {
    expect([...GO_BUILTIN_FUNCTION_NAMES].sort()).toEqual(
      ['and', 'call', 'eq', 'ge', 'gt', 'html', 'index', 'js', 'le', 'len', 'lt', 'ne', 'not', 'or', 'print', 'printf', 'println', 'slice', 'urlquery'].sort(),
    );
    expect([...PROMETHEUS_FUNCTION_NAMES].sort()).toEqual(
      [
        'args',
        'externalURL',
        'first',
        'graphLink',
        'humanize',
        'humanize1024',
        'humanizeDuration',
        'humanizePercentage',
        'humanizeTimestamp',
        'label',
        'match',
        'now',
        'parseDuration',
        'pathPrefix',
        'query',
        'reReplaceAll',
        'safeHtml',
        'sortByLabel',
        'stripDomain',
        'stripPort',
        'strvalue',
        'tableLink',
        'title',
        'toDuration',
        'toLower',
        'toTime',
        'toUpper',
        'urlQueryEscape',
        'value',
      ].sort(),
    );
    expect(TEMPLATE_FUNCTION_NAMES.size).toBe(GO_BUILTIN_FUNCTION_NAMES.size + PROMETHEUS_FUNCTION_NAMES.size);
  });

  it('keeps the console-only tmpl out of alert templates but runs it when allowed', () => {
    expect(parseTemplate('{{ tmpl "x" . }}').diagnostics[0]?.message).toBe('function "tmpl" not defined');
    const functions = new Set([...PROMETHEUS_FUNCTION_NAMES, 'tmpl']);
    const ast = parseTemplate('{{ define "x" }}<{{ . }}>{{ end }}{{ tmpl "x" 5 }}', { functions }).ast!;
    expect(executeTemplate(ast, null, { functions })).toEqual({ ok: true, text: '<5>' });
  });
});
