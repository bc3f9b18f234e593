// Fuzz targets: one per input kind, each an arbitrary (fast-check) and a
// property run through the library entry points. Inputs come from grammars
// (PromQL, YAML rule/test/config/pack layouts, series notation, samples,
// templates) and from byte-level mutations of real files in ../shared/corpus.
// Every property checks that no exception escapes (failures are diagnostics)
// and, where the input was accepted, that fmt / the printer round-trip.

import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseExpr, printExpr } from '../../src/promql/index.js';
import { loadRuleText } from '../../src/rulefmt/load.js';
import { formatRuleText } from '../../src/fmt/format.js';
import { parseUnitTestFile } from '../../src/unittest/file.js';
import { parseSeriesDescription, parseOpenMetrics, parsePromApiJson, samplesFromTestScript } from '../../src/samples/index.js';
import { expandAlertTemplate } from '../../src/template/expand.js';
import { loadConfig } from '../../src/config/load.js';
import { compilePacks } from '../../src/compile/compile.js';
import { compileAnchoredRegex } from '../../src/regex/re2.js';
import { compileGlob } from '../../src/config/glob.js';

export interface FuzzTarget {
  readonly name: string;
  readonly input: fc.Arbitrary<string>;
  /** Throws (an assertion or an escaped exception) when the property fails. */
  run(input: string): void;
}

// --- seeds from real material -----------------------------------------------

const CORPUS = process.env['PROMFORGE_CORPUS_DIR'] ?? path.resolve(import.meta.dirname, '../../../shared/corpus');

function corpusFiles(filter: (name: string) => boolean, limit: number): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const n of names) {
      if (out.length >= limit) return;
      const p = path.join(dir, n);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (filter(n) && st.size < 64 * 1024) out.push(readFileSync(p, 'utf8'));
    }
  };
  walk(CORPUS);
  return out;
}

const isTest = (n: string): boolean => /_?tests?\.ya?ml$/.test(n);
const ruleSeeds = [
  ...corpusFiles((n) => /\.ya?ml$/.test(n) && !isTest(n), 40),
  'groups:\n- name: g\n  rules:\n  - alert: A\n    expr: rate(x[5m]) > 1 # c\n    for: 5m\n    labels: {s: "{{ $labels.job }}"}\n',
];
const testSeeds = [
  ...corpusFiles(isTest, 20),
  "rule_files: [r.yml]\nevaluation_interval: 1m\ntests:\n- interval: 1m\n  input_series:\n  - series: 'x{a=\"b\"}'\n    values: '0+1x10 _ stale'\n  promql_expr_test:\n  - expr: x\n    eval_time: 5m\n    exp_samples: [{labels: 'x{a=\"b\"}', value: 5}]\n",
];
const exprSeeds = ruleSeeds.flatMap((t) => [...t.matchAll(/expr: (.+)$/gm)].map((m) => m[1]!.replace(/^['"|>]-?\s*/, ''))).slice(0, 400);

// --- generators ----------------------------------------------------------------

/** Byte-level mutations: the classic fuzzing moves, applied to a seed. */
function mutated(seeds: readonly string[], alphabet: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const edit = fc.tuple(
    fc.nat(),
    fc.nat({ max: 16 }),
    fc.oneof(
      alphabet,
      fc.string({ maxLength: 8 }),
      fc.constantFrom(
        '\n',
        '  ',
        ': ',
        '- ',
        '&a ',
        '*a',
        '<<: *a',
        '{',
        '}',
        '[',
        ']',
        '"',
        "'",
        '\\',
        '#',
        '\t',
        '\r\n',
        '\u0000',
        '\ufeff',
        '\ud800',
        'é',
        '|',
        '>',
      ),
    ),
  );
  return fc.tuple(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: 6 })).map(([seed, edits]) => {
    let s = seed;
    for (const [at, del, ins] of edits) {
      const i = s.length === 0 ? 0 : at % (s.length + 1);
      s = s.slice(0, i) + ins + s.slice(i + del);
    }
    return s;
  });
}

const ident = fc.constantFrom(
  'x',
  'up',
  'http_requests_total',
  'job',
  'a:b:c',
  'constructor',
  '__proto__',
  'offset',
  'sum',
  'by',
  'bool',
  'inf',
  'nan',
  'on',
  'le',
  '__name__',
  'toString',
);
const durations = fc.constantFrom('5m', '1h30m', '0s', '1ms', '10000d', '1y', '5m:1m', ':', '5m:', '1e3');
const strings = fc.constantFrom('"a"', "'b'", '`c`', '"\\xff"', '"\\377"', '"\\u00e9"', '".*.*.*="', '"(a*)*b"', '"[z-a]"', '""', '"\\n"');

const promqlExpr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    ident,
    fc.constantFrom('1', '-1.5e3', '0x1F', 'Inf', 'NaN', '1e308', '5m'),
    strings,
    fc
      .tuple(ident, fc.array(fc.tuple(ident, fc.constantFrom('=', '!=', '=~', '!~'), strings), { maxLength: 3 }))
      .map(([n, ms]) => `${n}{${ms.map(([l, o, v]) => `${l}${o}${v}`).join(',')}}`),
    fc.tuple(ident, durations).map(([n, d]) => `${n}[${d}]`),
    fc
      .tuple(
        tie('e'),
        fc.constantFrom(
          '+',
          '-',
          '*',
          '/',
          '%',
          '^',
          '==',
          '!=',
          '>',
          '<=',
          'and',
          'or',
          'unless',
          'atan2',
          '> bool',
          '* on(job) group_left(a)',
          '/ ignoring(x)',
        ),
        tie('e'),
      )
      .map(([a, op, b]) => `${a} ${op} ${b}`),
    fc
      .tuple(
        fc.constantFrom('sum', 'avg', 'count', 'max', 'topk|3', 'quantile|0.9', 'count_values|"v"', 'limitk|2'),
        fc.constantFrom('', ' by (job)', ' without (a)'),
        tie('e'),
      )
      .map(([agg, mod, e]) => {
        const [name, param] = agg.split('|');
        return `${name}${mod} (${param !== undefined ? `${param}, ` : ''}${e})`;
      }),
    fc
      .tuple(
        fc.constantFrom('rate', 'abs', 'label_replace', 'histogram_quantile', 'absent', 'vector', 'time', 'clamp', 'round', 'sort_by_label', 'predict_linear'),
        fc.array(tie('e'), { maxLength: 3 }),
      )
      .map(([f, args]) => `${f}(${args.join(', ')})`),
    tie('e').map((e) => `(${e})`),
    fc.tuple(tie('e'), durations).map(([e, d]) => `${e} offset ${d}`),
    fc.tuple(tie('e'), fc.constantFrom('@ 100', '@ start()', '@ 1e300', '[5m:1m]', '[1m]')).map(([e, m]) => `${e} ${m}`),
    tie('e').map((e) => `-${e}`),
  ),
})).e;

const promqlText = fc.oneof(
  promqlExpr,
  mutated(
    exprSeeds.length > 0 ? exprSeeds : ['rate(x[5m])'],
    fc.constantFrom('(', ')', '[', ']', '{', '}', ',', ' or ', ' + ', 'offset ', '@', '"', '=~', '5m', '#'),
  ),
);

const yamlScalar = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    '~',
    'null',
    'true',
    '0x10',
    '1e999',
    '-.inf',
    '.nan',
    "'quoted'",
    '"\\xff"',
    '|\n  block',
    '>-\n  folded',
    '!!binary aGk=',
    '2001-12-14',
    '0o17',
    '*a',
    '&a v',
    '<<: {a: 1}',
    '{a: [1, {b: c}]}',
    '[[[[[[]]]]]]',
    '9'.repeat(400),
  ),
);

function yamlRuleFile(expr: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const rule = fc
    .tuple(
      fc.constantFrom('alert', 'record'),
      ident,
      expr,
      fc.constantFrom('', '    for: 5m\n', '    for: 1e3\n', '    keep_firing_for: -1m\n'),
      fc.array(fc.tuple(ident, yamlScalar), { maxLength: 2 }),
    )
    .map(
      ([kind, name, e, f, labels]) =>
        `  - ${kind}: ${name}\n    expr: ${JSON.stringify(e)}\n${f}${labels.length ? `    labels:\n${labels.map(([k, v]) => `      ${k}: ${v}`).join('\n')}\n` : ''}`,
    );
  return fc
    .tuple(
      fc.constantFrom('g', '"g"', '&g g', '""'),
      fc.constantFrom('', '  interval: 30s\n', '  limit: -1\n', '  query_offset: 1m\n'),
      fc.array(rule, { minLength: 0, maxLength: 4 }),
    )
    .map(([n, extra, rules]) => `groups:\n- name: ${n}\n${extra}  rules:\n${rules.join('')}`);
}

const ruleFileText = fc.oneof(yamlRuleFile(promqlExpr), mutated(ruleSeeds, yamlScalar));

const seriesNotation = fc
  .tuple(
    fc.constantFrom('x', 'x{a="b"}', '{__name__="y"}', 'x{a="\\xff"}', '{}', 'x{a=}'),
    fc.array(
      fc.constantFrom(
        '1',
        '_',
        'stale',
        '0+1x10',
        '1-2x3',
        '_x5',
        '1x0',
        'Inf',
        '-NaN',
        '1e308+1e308x3',
        '{{schema:0 sum:1 count:2 buckets:[1 1]}}',
        '{{count:1}}+{{count:1}}x3',
        '0+1x99999999999',
        '1x400000',
        'x',
        '+',
        '1+',
        '0x10x2',
      ),
      { maxLength: 6 },
    ),
  )
  .map(([l, vs]) => `${l} ${vs.join(' ')}`);

const unitTestText = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('[r.yml]', '["[z-a]*.yml"]', '["{a"]', '[]', '["\\\\"]'),
      fc.constantFrom('1m', '0s', '-1m', '1e300s', 'x'),
      fc.array(seriesNotation, { maxLength: 3 }),
      promqlExpr,
      fc.constantFrom('5m', '1e300s', '10000d', '-1m'),
    )
    .map(
      ([rf, iv, series, expr, at]) =>
        `rule_files: ${rf}\nevaluation_interval: ${iv}\ntests:\n- interval: ${iv}\n  input_series:\n${series.map((s) => `  - series: ${JSON.stringify(s.split(' ')[0])}\n    values: ${JSON.stringify(s.split(' ').slice(1).join(' '))}\n`).join('')}  promql_expr_test:\n  - expr: ${JSON.stringify(expr)}\n    eval_time: ${at}\n    exp_samples: []\n`,
    ),
  mutated(testSeeds, yamlScalar),
);

const openMetricsText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '# TYPE x counter',
        '# HELP x h',
        '# UNIT x seconds',
        '# EOF',
        'x_total 1',
        'x{a="b"} 1 1e300',
        'x{a="\\n"} NaN 0',
        'x 1 -1e-300',
        'x{le="+Inf"} 1',
        'x +Inf 9999999999999',
        'x{a="b",a="c"} 1',
        'x 1 # {t="1"} 1 1',
        '\ufeffx 1',
        'x\t1',
        '',
      ),
      fc.string({ maxLength: 20 }),
    ),
    { maxLength: 8 },
  )
  .map((ls) => ls.join('\n'));

const apiJsonText = fc.oneof(
  fc.constantFrom(
    '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"x"},"values":[[1,"1"],[1e300,"NaN"]]}]}}',
    '{"data":{"resultType":"vector","result":[{"metric":{},"value":[0,"+Inf"]}]}}',
    '[]',
    '{"__proto__":{"a":1}}',
    '{"status":"error"}',
  ),
  mutated(
    ['{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"x","a":"b"},"values":[[0,"1"],[60,"2"]]}]}}'],
    fc.constantFrom('"', '[', ']', '{', '}', ',', ':', '1e999', 'null', '-0'),
  ),
);

const loadScript = fc
  .array(
    fc.oneof(
      fc.constantFrom('load 1m', 'load 1e300s', 'load 0s', 'clear', 'eval instant at 5m x'),
      seriesNotation.map((s) => `  ${s}`),
    ),
    { maxLength: 6 },
  )
  .map((ls) => ls.join('\n'));

const templateText = fc.oneof(
  fc
    .array(
      fc.constantFrom(
        '{{ $labels.job }}',
        '{{ $value | humanize }}',
        '{{ range 100000000 }}x{{ end }}',
        '{{ range $i := 100000000 }}{{ end }}',
        '{{ define "a" }}{{ template "a" . }}{{ end }}{{ template "a" . }}',
        '{{ reReplaceAll ".*.*.*.*.*=" "x" "xxxxxxxxxxxxxxxxxxxxxxxxxxxx" }}',
        '{{ match "(a*)*b" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" }}',
        '{{ printf "%0999999d" 1 }}',
        '{{ if }}',
        '{{ end }}',
        '{{',
        '}}',
        'text',
        '{{ humanizeDuration 1e300 }}',
        '{{ $x := 1 }}{{ $x }}',
        '{{ toUpper "é" }}',
        '{{ safeHtml "<" }}',
        '{{ . }}',
      ),
      { maxLength: 5 },
    )
    .map((p) => p.join('')),
  fc.string({ maxLength: 40 }),
);

const configText = fc
  .tuple(
    fc.array(fc.constantFrom('"rules/**/*.yml"', '"{a,b"', '"[z-a]"', '"**"', '"a}b"', '"\\\\"', '"x{{{{{{{{{{{{{{"'), { maxLength: 3 }),
    fc.constantFrom('', 'checks: {promql/rate: off}\n', 'checks: {x: 1}\n', 'a: &a [*a]\n', 'dialect: thanos\n', 'scrapeInterval: 1e300s\n'),
  )
  .map(([globs, rest]) => `include: [${globs.join(', ')}]\n${rest}`);

const packSeeds = corpusFiles(() => false, 0)
  .concat([readFileSafe(path.resolve(import.meta.dirname, '../../rules/go-runtime/pack.yml'))])
  .filter((s) => s !== '');

function readFileSafe(p: string): string {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return '';
  }
}

const aliasBomb =
  'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n';
const packText = fc.oneof(
  mutated(packSeeds.length > 0 ? packSeeds : ['apiVersion: promforge/v1\nkind: RulePack\nmetadata: {name: p}\n'], yamlScalar),
  fc.constant(aliasBomb),
);

// --- properties ---------------------------------------------------------------

function promqlRoundTrip(text: string): void {
  const r = parseExpr(text);
  if (!r.expr) {
    if (r.diagnostics.length === 0) throw new Error('rejected without a diagnostic');
    return;
  }
  const printed = printExpr(r.expr);
  const again = parseExpr(printed);
  if (!again.expr) throw new Error(`printed form does not parse: ${JSON.stringify(printed)}: ${again.diagnostics[0]?.message}`);
  const reprinted = printExpr(again.expr);
  if (reprinted !== printed) throw new Error(`printer is not stable: ${JSON.stringify(printed)} -> ${JSON.stringify(reprinted)}`);
}

function ruleFileRoundTrip(text: string): void {
  loadRuleText(text, 'fuzz.yml');
  const f = formatRuleText(text, 'fuzz.yml');
  if (f.text === undefined) return;
  const twice = formatRuleText(f.text, 'fuzz.yml');
  if (twice.text !== f.text) throw new Error(`fmt is not idempotent on ${JSON.stringify(text.slice(0, 200))}`);
}

let scratch: string | undefined;
function scratchFile(name: string, text: string): string {
  if (scratch === undefined) {
    const dir = mkdtempSync(path.join(tmpdir(), 'promforge-fuzz-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    scratch = dir;
  }
  const p = path.join(scratch, name);
  writeFileSync(p, text);
  return p;
}

export const TARGETS: readonly FuzzTarget[] = [
  { name: 'promql', input: promqlText, run: promqlRoundTrip },
  { name: 'rule-file', input: ruleFileText, run: ruleFileRoundTrip },
  {
    name: 'unit-test-file',
    input: unitTestText,
    run: (t) => {
      parseUnitTestFile('fuzz_test.yml', t);
    },
  },
  {
    name: 'series-notation',
    input: seriesNotation,
    run: (t) => {
      parseSeriesDescription(t);
    },
  },
  {
    name: 'openmetrics',
    input: openMetricsText,
    run: (t) => {
      parseOpenMetrics(t, 'fuzz.om');
    },
  },
  {
    name: 'api-json',
    input: apiJsonText,
    run: (t) => {
      parsePromApiJson(t, 'fuzz.json');
    },
  },
  {
    name: 'load-block',
    input: loadScript,
    run: (t) => {
      samplesFromTestScript(t, 'fuzz.test');
    },
  },
  {
    name: 'template',
    input: templateText,
    run: (t) => {
      expandAlertTemplate(t, { labels: { job: 'j', __proto__: 'p' }, value: 1.5 }, { now: 0 });
    },
  },
  {
    name: 'regex-and-glob',
    input: fc.oneof(
      fc.string({ maxLength: 30 }),
      mutated(
        ['.*.*.*=', '(a|b)+', '[a-z]{2,3}', 'rules/{a,b}/**/*.yml'],
        fc.constantFrom('(', ')', '*', '+', '?', '{', '}', '[', ']', '\\', '|', '^', '$', '(?i)', '{1001}', '\\p{Greek}'),
      ),
    ),
    run: (t) => {
      const re = compileAnchoredRegex(t);
      if (re.ok) re.test('x'.repeat(1000));
      const g = compileGlob(t);
      if (g.ok) g.test('rules/a/b.yml');
    },
  },
  {
    name: 'config',
    input: configText,
    run: (t) => {
      loadConfig(tmpdir(), scratchFile('fuzz-config.yaml', t));
    },
  },
  {
    name: 'pack',
    input: packText,
    run: (t) => {
      compilePacks([scratchFile('fuzz-pack.yml', t)], { cwd: scratch! });
    },
  },
];
