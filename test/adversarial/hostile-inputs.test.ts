// Hand-written hostile inputs (issue #21), each run through the CLI bundle as
// a user would run it: expected exit code, expected message, never a stack
// trace or an internal error, and within a bound that would catch a hang
// (generous: the machine running the suite may be shared). Big inputs are
// generated in a temp folder (sparse or compressed), never stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DEEP_RULES, DEEP_TEST } from './deep-exprs.js';

const BUNDLE = path.resolve(import.meta.dirname, '../../dist/bundle/main.js');
const RULES = 'groups:\n- name: g\n  rules:\n  - record: a:b\n    expr: sum(rate(x[5m]))\n';

/** Nine anchors, each a list of nine aliases of the one before: 9^9 strings if expanded. */
const LAUGHS = `{${[
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...Array.from(
    { length: 8 },
    (_, i) =>
      `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
        .fill(`*${String.fromCharCode(97 + i)}`)
        .join(',')}]`,
  ),
].join(', ')}}`;
const rule = (expr: string): string => `groups:\n- name: g\n  rules:\n  - record: a:b\n    expr: ${JSON.stringify(expr)}\n`;
const unitTest = (body: string, rules = 'ok.yml'): string => `rule_files: [${rules}]\nevaluation_interval: 1m\ntests:\n- interval: 1m\n${body}`;

type Setup = (dir: string) => void;
interface Row {
  readonly name: string;
  readonly files?: Record<string, string | Buffer>;
  readonly setup?: Setup;
  readonly args: readonly string[];
  readonly cwd?: string;
  readonly exit: number;
  /** Substrings the combined output must contain. */
  readonly output: readonly string[];
}

const ROWS: Row[] = [
  // YAML bombs and odd encodings.
  {
    name: 'billion laughs in a rule file',
    files: {
      'r.yml': `groups:\n- name: g\n  rules:\n  - record: a:b\n    expr: up\n    annotations: ${LAUGHS}\n  - record: a:c\n    expr: up\n    labels: {x: *i}\n`,
    },
    args: ['check', 'r.yml'],
    exit: 1,
    output: ['r.yml:6:25: error: cannot unmarshal !!seq into string'],
  },
  {
    name: 'billion laughs in a unit-test file',
    files: { 't.yml': unitTest(`  external_labels: ${LAUGHS}\n  input_series: *i\n`) },
    args: ['test', 't.yml'],
    exit: 1,
    output: ['an input series must be a mapping', 'external_labels.a must be a string'],
  },
  {
    name: '100k-deep YAML nesting',
    files: { 'r.yml': `groups: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n` },
    args: ['check', 'r.yml'],
    exit: 1,
    output: ['r.yml:1:408: error: YAML nesting too deep: more than 400 levels'],
  },
  {
    name: '100k-deep PromQL parentheses (promtool accepts them)',
    files: { 'r.yml': rule(`${'('.repeat(100_000)}x${')'.repeat(100_000)}`) },
    args: ['check', 'r.yml'],
    exit: 0,
    output: ['valid: 1 file checked (1 rule)'],
  },
  {
    name: 'PromQL parentheses past the limit',
    files: { 'r.yml': rule(`${'('.repeat(100_001)}x${')'.repeat(100_001)}`) },
    args: ['check', 'r.yml'],
    exit: 1,
    output: ['r.yml:5:100012: error: group "g", rule 1, "a:b": could not parse expression: expression nests more than 100000 levels deep'],
  },
  {
    name: 'a NUL byte',
    files: { 'r.yml': RULES.replace('sum(', 'sum(\u0000') },
    args: ['check', 'r.yml'],
    exit: 1,
    output: ['r.yml:5:15: error: file is binary, not YAML (NUL byte at offset 57)'],
  },
  {
    name: 'invalid UTF-8',
    files: { 'r.yml': Buffer.from(RULES.replace('a:b', 'a:\u0001\u0002')).map((b) => (b === 1 ? 0xff : b === 2 ? 0xfe : b)) as Buffer },
    args: ['check', 'r.yml'],
    exit: 1,
    output: ['r.yml:4:15: error: file is not valid UTF-8 (invalid byte at offset 41)'],
  },
  {
    name: 'BOM and CRLF: valid',
    files: { 'r.yml': `\ufeff${RULES}`.replace(/\n/g, '\r\n') },
    args: ['check', 'r.yml'],
    exit: 0,
    output: ['valid: 1 file checked (1 rule)'],
  },
  {
    name: 'BOM and CRLF: fmt keeps the file',
    files: { 'r.yml': `\ufeff${RULES}`.replace(/\n/g, '\r\n') },
    args: ['fmt', '--check', 'r.yml'],
    exit: 0,
    output: ['1 file(s) already formatted'],
  },
  // Inputs that are not regular files.
  {
    name: 'a FIFO as a rule file',
    setup: (d) => execFileSync('mkfifo', [path.join(d, 'f.yml')]),
    args: ['check', 'f.yml'],
    exit: 2,
    output: ['f.yml: cannot read: not a regular file (a FIFO, socket or device)'],
  },
  {
    name: 'a directory as a unit-test file',
    setup: (d) => mkdirSync(path.join(d, 'd_test.yml')),
    args: ['test', 'd_test.yml'],
    exit: 2,
    output: ['d_test.yml: cannot read: EISDIR: is a directory'],
  },
  {
    name: 'a symlink loop',
    setup: (d) => (symlinkSync('l2.yml', path.join(d, 'l1.yml')), symlinkSync('l1.yml', path.join(d, 'l2.yml'))),
    args: ['check', 'l1.yml'],
    exit: 2,
    output: ['l1.yml: cannot read: ELOOP'],
  },
  // Size bounds.
  {
    name: 'a 100 MB rule file (sparse)',
    setup: (d) => (writeFileSync(path.join(d, 'h.yml'), ''), truncateSync(path.join(d, 'h.yml'), 100 * 2 ** 20)),
    args: ['check', 'h.yml'],
    exit: 2,
    output: ['h.yml: file is too large to be a rule file (104857600 bytes; the limit is 33554432)'],
  },
  {
    name: 'a 100 MB samples file (sparse)',
    setup: (d) => (writeFileSync(path.join(d, 'h.om'), ''), truncateSync(path.join(d, 'h.om'), 100 * 2 ** 20)),
    args: ['query', '--samples', 'h.om', '--time', '0', 'x'],
    exit: 2,
    output: ['h.om: cannot read: file is 104857600 bytes, over the 67108864-byte input limit'],
  },
  {
    name: 'a gzip holding one 200 MB line',
    setup: (d) =>
      writeFileSync(
        path.join(d, 'l.om.gz'),
        gzipSync(Buffer.concat([Buffer.from('x{a="'), Buffer.alloc(200 * 2 ** 20, 0x61), Buffer.from('"} 1\n')]), { level: 1 }),
      ),
    args: ['query', '--samples', 'l.om.gz', '--time', '0', 'x'],
    exit: 2,
    output: ['l.om.gz: cannot read: line is longer than the 16777216-byte limit'],
  },
  // Extreme times and values.
  {
    name: 'samples in year 9999',
    files: { 's.om': '# TYPE x gauge\nx 1 253402300799\nx 2 253402300859\n# EOF\n' },
    args: ['query', '--samples', 's.om', '--time', '253402300859', 'x'],
    exit: 0,
    output: ['x 2'],
  },
  {
    name: 'eval_time in year 9999',
    files: {
      't.yml': unitTest('  input_series:\n  - series: x\n    values: 1 2\n  promql_expr_test:\n  - expr: x\n    eval_time: 9999y\n    exp_samples: []\n'),
    },
    args: ['test', 't.yml'],
    exit: 1,
    output: ['t.yml:10:16: error: eval_time: duration out of range'],
  },
  {
    name: 'a sample at 1e300 (dryrun)',
    files: { 's.om': '# TYPE x gauge\nx 1 1e300\n# EOF\n' },
    args: ['dryrun', 'ok.yml', '--samples', 's.om'],
    exit: 2,
    output: ['is not a representable timestamp'],
  },
  {
    name: 'NaN, Inf and stale everywhere',
    files: {
      'nan.yml': 'groups:\n- name: g\n  rules:\n  - alert: N\n    expr: x > -Inf\n    annotations: {v: "{{ $value }}"}\n',
      't.yml': unitTest(
        `  input_series:\n  - series: x{a="NaN"}\n    values: NaN Inf -Inf stale NaN _ Inf\n  promql_expr_test:\n  - expr: x\n    eval_time: 1m\n    exp_samples: [{labels: 'x{a="NaN"}', value: Inf}]\n  - expr: x / 0 > -Inf\n    eval_time: 0m\n    exp_samples: []\n  alert_rule_test:\n  - alertname: N\n    eval_time: 6m\n    exp_alerts: [{exp_labels: {a: NaN}, exp_annotations: {v: "+Inf"}}]\n`,
        'nan.yml',
      ),
    },
    args: ['test', 't.yml'],
    exit: 0,
    output: ['SUCCESS'],
  },
  // The issue's defects 1-8.
  {
    name: '#1 exponential regex',
    files: { 's.test': 'load 1m\n  x{a="xxxxxxxxxxxxxxxxxxxxxxxxxxxx"} 1\n' },
    args: ['query', '--samples', 's.test', '--time', '0', 'x{a=~".*.*.*.*.*.*.*.*.*.*.*="}'],
    exit: 0,
    output: ['no series'],
  },
  {
    // Evaluated for 1,000,000 minutes, each series is a million samples deep: refused before the group runs.
    name: '#2 unit-test memory bomb',
    files: {
      't.yml': unitTest(
        `  input_series:\n${Array.from({ length: 6 }, (_, i) => `  - series: x{i="${i}"}\n    values: '0+1x40000000'\n`).join('')}  promql_expr_test:\n  - expr: x\n    eval_time: 1000000m\n    exp_samples: []\n`,
      ),
    },
    args: ['test', 't.yml'],
    exit: 1,
    // 1,000,001 samples each: the fifth series takes the group past 5,000,000.
    output: ['t.yml:14:5: input series "x{i=\\"4\\"}": the test group\'s input series expand to more than 5000000 samples up to the last evaluation'],
  },
  {
    // A real suite's idiom (Wikimedia's operations-alerts): `0x10000000` for "for ever",
    // evaluated in the first hour. Only what an evaluation can read is built; promtool 2.42 passes it.
    name: '#2 ten million samples per series, evaluated for an hour',
    files: {
      'zero.yml': 'groups:\n- name: g\n  rules:\n  - alert: Down\n    expr: sum by (i) (x) == 0\n    for: 5m\n',
      't.yml': unitTest(
        `  input_series:\n  - series: x{i="0"}\n    values: '0x10000000'\n  - series: x{i="1"}\n    values: '0x10000000 1'\n  alert_rule_test:\n  - alertname: Down\n    eval_time: 50m\n    exp_alerts: [{exp_labels: {i: "0"}}, {exp_labels: {i: "1"}}]\n`,
        'zero.yml',
      ),
    },
    args: ['test', 't.yml'],
    exit: 0,
    output: ['SUCCESS'],
  },
  {
    name: '#3 bad glob in rule_files',
    files: { 't.yml': 'rule_files: ["[z-a]*.yml"]\ntests: []\n' },
    args: ['test', 't.yml'],
    exit: 1,
    output: ['t.yml:1:14: error: rule_files: "[z-a]*.yml"'],
  },
  {
    name: '#4 2,000 aliased rules',
    files: {
      'r.yml': `groups:\n- name: g\n  rules:\n${Array.from({ length: 2000 }, (_, i) => `  - record: &n${i} r${i}\n    expr: &e${i} up{i="${i}"}\n`).join('')}`,
    },
    args: ['check', 'r.yml'],
    exit: 0,
    output: ['valid: 1 file checked (2000 rules)'],
  },
  {
    name: '#5 fmt keeps \\xff and \\377 byte-exact',
    files: { 'r.yml': rule('x{a="\\xff"} or x{a="\\377"}') },
    args: ['fmt', '--check', 'r.yml'],
    exit: 0,
    output: ['already formatted'],
  },
  {
    name: '#7 unbalanced { in a config glob',
    files: { 'c/.promforge.yaml': 'include: ["rules/{a,b"]\n' },
    cwd: 'c',
    args: ['check', '../ok.yml'],
    exit: 2,
    output: ['.promforge.yaml:1:11: error: include[0]: invalid glob "rules/{a,b": \'{\' at offset 7 is never closed'],
  },
  {
    name: '#7 YAML merge keys in fmt',
    files: { 'r.yml': 'base: &b {for: 5m}\ngroups:\n- name: g\n  rules:\n  - alert: A\n    expr: up==0\n    <<: *b\n' },
    args: ['fmt', '--check', 'r.yml'],
    exit: 1,
    output: ['r.yml:1:1: error: field base not found in type rulefmt.RuleGroups'],
  },
  {
    name: '#8 500 chained or and 651 +',
    files: {
      'r.yml': `${rule(Array.from({ length: 500 }, (_, i) => `x${i}`).join(' or '))}  - record: a:c\n    expr: ${JSON.stringify(Array(652).fill('x').join(' + '))}\n`,
    },
    args: ['check', 'r.yml'],
    exit: 0,
    output: ['valid: 1 file checked (2 rules)'],
  },
  {
    name: '#8 2,800-deep parentheses',
    files: { 'r.yml': rule(`${'('.repeat(2800)}x${')'.repeat(2800)}`) },
    args: ['check', 'r.yml'],
    exit: 0,
    output: ['valid: 1 file checked (1 rule)'],
  },
  {
    name: '#8 10,000-deep parentheses, calls, signs, aggregations, subqueries: check',
    files: { 'r.yml': DEEP_RULES },
    args: ['check', 'r.yml'],
    exit: 0,
    output: ['valid: 1 file checked (5 rules)'],
  },
  { name: '#8 10,000-deep: lint', files: { 'r.yml': DEEP_RULES }, args: ['lint', 'r.yml'], exit: 0, output: ['0 errors'] },
  {
    name: '#8 10,000-deep: fmt keeps them byte-exact',
    files: { 'r.yml': DEEP_RULES },
    args: ['fmt', '--check', 'r.yml'],
    exit: 0,
    output: ['already formatted'],
  },
  {
    name: '#8 10,000-deep: evaluated as promtool evaluates them',
    files: { 'r.yml': DEEP_RULES, 't.yml': DEEP_TEST },
    args: ['test', 't.yml'],
    exit: 0,
    output: ['SUCCESS'],
  },
  {
    name: '#8 1,000 nested subqueries: evaluation refused clearly',
    files: {
      't.yml': unitTest(
        `  input_series: [{series: 'x', values: '1'}]\n  promql_expr_test: [{expr: ${JSON.stringify(`${'max_over_time('.repeat(1000)}x${'[5m:1m])'.repeat(1000)}`)}, eval_time: 0, exp_samples: [{value: 1}]}]\n`,
      ),
    },
    args: ['test', 't.yml'],
    exit: 1,
    output: ['expression nests too deeply to evaluate (out of stack)'],
  },
  {
    name: '#8 200 KB of spaces before offset',
    files: { 'r.yml': rule(`x${' '.repeat(100_000)}+ y${' '.repeat(100_000)}offset 5m`) },
    args: ['check', 'r.yml'],
    exit: 0,
    output: ['valid: 1 file checked (1 rule)'],
  },
  {
    name: '#8 constructor and __proto__ as names',
    files: {
      'r.yml':
        'groups:\n- name: constructor\n  rules:\n  - record: __proto__\n    expr: sum by (constructor) (__proto__{constructor="toString"})\n    labels: {__proto__: x, constructor: y}\n  - alert: constructor\n    expr: constructor > 0\n    annotations: {hasOwnProperty: "{{ $labels.__proto__ }}"}\n',
    },
    args: ['check', 'r.yml'],
    exit: 0,
    output: ['valid: 1 file checked (2 rules)'],
  },
];

let root: string;
const haveBundle = existsSync(BUNDLE);
if (!haveBundle) console.warn(`adversarial: ${BUNDLE} is missing (run npm run build): the hostile-input table is skipped`);

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'promforge-hostile-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function run(args: readonly string[], cwd: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BUNDLE, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe.skipIf(!haveBundle).concurrent('hostile inputs through the CLI', () => {
  it.each(ROWS.map((r, i) => ({ ...r, i })))(
    '$name',
    async (row) => {
      const dir = path.join(root, String(row.i));
      mkdirSync(path.join(dir, '.git'), { recursive: true }); // a repository root: no config from above
      writeFileSync(path.join(dir, 'ok.yml'), RULES);
      for (const [name, content] of Object.entries(row.files ?? {})) {
        mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        writeFileSync(path.join(dir, name), content);
      }
      row.setup?.(dir);
      const r = await run(row.args, path.join(dir, row.cwd ?? '.'));
      for (const s of row.output) expect(r.out).toContain(s);
      expect(r.out).not.toMatch(/\n\s+at |internal error|RangeError|Maximum call stack/);
      expect(r.code).toBe(row.exit);
      // Nothing left behind by a write that did not happen.
      if (row.args[0] === 'fmt') expect(readFileSync(path.join(dir, 'r.yml')).equals(Buffer.from(row.files!['r.yml']!))).toBe(true);
    },
    60_000,
  );
});
