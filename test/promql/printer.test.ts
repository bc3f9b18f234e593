// The canonical printer against Prometheus's String() output. Rows are
// {in, out}; an empty `out` means the input is already canonical. The first
// block restates the cases of upstream's printer_test.go; the rest cover
// every node kind and modifier.

import { describe, expect, it } from 'vitest';
import { parseExpr } from '../../src/promql/parse.js';
import { astEqual, formatGoFloat, formatGoFloatV, normalizeDuration, printDuration, printExpr, printMatchers, printOffset } from '../../src/promql/printer.js';
import type { DurationExpr, Expr, VectorSelector } from '../../src/promql/ast.js';

interface Row {
  readonly in: string;
  readonly out?: string;
}

const UPSTREAM_ROWS: Row[] = [
  { in: 'sum by() (task:errors:rate10s{job="s"})', out: 'sum(task:errors:rate10s{job="s"})' },
  { in: 'sum by(code) (task:errors:rate10s{job="s"})', out: 'sum by (code) (task:errors:rate10s{job="s"})' },
  { in: 'sum without() (task:errors:rate10s{job="s"})', out: 'sum without () (task:errors:rate10s{job="s"})' },
  { in: 'sum without(instance) (task:errors:rate10s{job="s"})', out: 'sum without (instance) (task:errors:rate10s{job="s"})' },
  { in: 'topk(5, task:errors:rate10s{job="s"})' },
  { in: 'count_values("value", task:errors:rate10s{job="s"})' },
  { in: 'a - on() c', out: 'a - on () c' },
  { in: 'a - on(b) c', out: 'a - on (b) c' },
  { in: 'a - on(b) group_left(x) c', out: 'a - on (b) group_left (x) c' },
  { in: 'a - on(b) group_left(x, y) c', out: 'a - on (b) group_left (x, y) c' },
  { in: 'a - on(b) group_left c', out: 'a - on (b) group_left () c' },
  { in: 'a - on(b) group_left() (c)', out: 'a - on (b) group_left () (c)' },
  { in: 'a - ignoring(b) c', out: 'a - ignoring (b) c' },
  { in: 'a - ignoring() c', out: 'a - c' },
  { in: 'up > bool 0' },
  { in: 'a offset 1m' },
  { in: 'a offset -7m' },
  { in: 'a{c="d"}[5m] offset 1m' },
  { in: 'a[5m] offset 1m' },
  { in: 'a[12m] offset -3m' },
  { in: 'a[1h:5m] offset 1m' },
  { in: '{__name__="a"}' },
  { in: 'a{b!="c"}[1m]' },
  { in: 'a{b=~"c"}[1m]' },
  { in: 'a{b!~"c"}[1m]' },
  { in: 'a @ 10', out: 'a @ 10.000' },
  { in: 'a[1m] @ 10', out: 'a[1m] @ 10.000' },
  { in: 'a @ start()' },
  { in: 'a @ end()' },
  { in: 'a[1m] @ start()' },
  { in: 'a[1m] @ end()' },
];

const ROWS: Row[] = [
  // Aggregations.
  { in: 'sum(rate(x[5m])) by (job)', out: 'sum by (job) (rate(x[5m]))' },
  { in: 'SUM BY (job) (x)', out: 'sum by (job) (x)' },
  { in: 'avg without(a,b)(x)', out: 'avg without (a, b) (x)' },
  { in: 'count(x)' },
  { in: 'min(x)' },
  { in: 'max by (a) (x)' },
  { in: 'group(x)' },
  { in: 'stddev(x)' },
  { in: 'stdvar(x)' },
  { in: 'bottomk(3, x)' },
  { in: 'quantile(0.99, x)' },
  { in: 'limitk(2, x)' },
  { in: 'limit_ratio(0.5, x)' },
  { in: 'topk by (a) (3, x)' },
  { in: 'sum by ("a.b", job) (x)' },
  { in: 'sum by (job,) (x)', out: 'sum by (job) (x)' },
  // Calls.
  { in: 'time()' },
  { in: 'vector(1)' },
  { in: 'histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))' },
  { in: 'label_replace(up, "a", "$1", "b", "(.*)")' },
  { in: 'round(x,0.5)', out: 'round(x, 0.5)' },
  // Selectors and matchers.
  { in: 'x{b="1",a="2"}', out: 'x{a="2",b="1"}' },
  { in: 'x{a!~"b", a=~"c", a!="d"}', out: 'x{a!="d",a!~"b",a=~"c"}' },
  { in: 'x{a="b",}', out: 'x{a="b"}' },
  { in: '{a="b"}' },
  { in: 'x{}', out: 'x' },
  { in: '{__name__=~"foo.*"}' },
  { in: 'x{"a"="b"}', out: 'x{a="b"}' },
  { in: 'x{"a.b"="c"}' },
  { in: '{"my.metric"}', out: '{__name__="my.metric"}' },
  { in: '{"my.metric", "a.b"="x"}', out: '{"a.b"="x",__name__="my.metric"}' },
  { in: '{"foo"}', out: 'foo' },
  { in: 'x{a="\\u00e9"}', out: 'x{a="é"}' },
  { in: 'job:rate5m:sum' },
  // Strings.
  { in: "'single'", out: '"single"' },
  { in: '`a\\b`', out: '"a\\\\b"' },
  { in: '"tab\\there\\nnew \\"q\\" \\x01"', out: '"tab\\there\\nnew \\"q\\" \\x01"' },
  // Numbers.
  { in: '1' },
  { in: '1.5' },
  { in: '1e6', out: '1000000' },
  { in: '1e-7', out: '0.0000001' },
  { in: '0x1F', out: '31' },
  { in: '010', out: '8' },
  { in: '1_000', out: '1000' },
  { in: '.5', out: '0.5' },
  { in: 'Inf', out: '+Inf' },
  { in: '-inf', out: '-Inf' },
  // A sign binds less tightly than `^`: a signed left operand of `^` must not
  // print as a sign on the whole power (fuzz finding: `Inf ^ x` → `+Inf ^ x`
  // → `++Inf ^ x`).
  { in: 'Inf ^ x', out: 'Inf ^ x' },
  { in: '-Inf ^ x', out: '-Inf ^ x' },
  { in: '+Inf ^ x', out: '+Inf ^ x' },
  { in: '(-1) ^ 2' },
  { in: '-1 ^ 2' },
  { in: 'x ^ -Inf', out: 'x ^ -Inf' },
  { in: 'Inf * x', out: '+Inf * x' },
  { in: 'nan', out: 'NaN' },
  { in: '-1' },
  { in: '-0', out: '-0' },
  { in: '1.2345678901234569e23', out: '123456789012345690000000' },
  // Durations used as numbers.
  { in: '5m' },
  { in: '90s', out: '1m30s' },
  { in: '1h30m' },
  { in: '-5m' },
  { in: '0s' },
  { in: '5m + 1' },
  // Binary operators.
  { in: '1+2*3', out: '1 + 2 * 3' },
  { in: '(1 + 2) * 3' },
  { in: '2 ^ 3 ^ 4' },
  { in: 'x^-1', out: 'x ^ -1' },
  { in: 'x - -1' },
  { in: '-2 ^ 2' },
  { in: 'a atan2 b' },
  { in: 'a % b' },
  { in: 'a / b' },
  { in: 'a != b' },
  { in: 'a >= bool b' },
  { in: 'a <= b' },
  { in: 'a < b' },
  { in: 'a and on(x) b', out: 'a and on (x) b' },
  { in: 'a or ignoring(x) b', out: 'a or ignoring (x) b' },
  { in: 'a unless b' },
  { in: 'a AND b', out: 'a and b' },
  { in: 'a / on(x) group_right(y, "z.z") b', out: 'a / on (x) group_right (y, "z.z") b' },
  { in: 'a * ignoring(x) group_left b', out: 'a * ignoring (x) group_left () b' },
  { in: 'a * ignoring() group_left b', out: 'a * ignoring () group_left () b' },
  { in: 'a == bool on(x) b', out: 'a == bool on (x) b' },
  { in: '1 > bool 2' },
  { in: '1 + on() 2', out: '1 + 2' },
  { in: 'a </ b' },
  { in: 'a >/ b' },
  // Fill modifiers.
  { in: 'a + fill(0) b', out: 'a + fill (0) b' },
  { in: 'a + fill_left(1) b', out: 'a + fill_left (1) b' },
  { in: 'a + fill_right(-1.5) b', out: 'a + fill_right (-1.5) b' },
  { in: 'a + fill_left(1) fill_right(2) b', out: 'a + fill_left (1) fill_right (2) b' },
  { in: 'a + fill(1e6) b', out: 'a + fill (1e+06) b' },
  { in: 'a + fill(NaN) b', out: 'a + fill (NaN) b' },
  { in: 'a + on(x) group_left(y) fill(0) b', out: 'a + on (x) group_left (y) fill (0) b' },
  // Unary and parentheses.
  { in: '-x' },
  { in: '+x' },
  { in: '-(x)' },
  { in: '- -x', out: '--x' },
  { in: '((x))' },
  // Offsets, @ and extended ranges.
  { in: 'x offset 90s', out: 'x offset 1m30s' },
  { in: 'x offset 0s', out: 'x' },
  { in: 'x offset 1h30m' },
  { in: 'x @ 1.2345', out: 'x @ 1.235' },
  { in: 'x @ -1.5', out: 'x @ -1.500' },
  { in: 'x @ 1e3', out: 'x @ 1000.000' },
  { in: 'x offset 5m @ 100', out: 'x @ 100.000 offset 5m' },
  { in: 'x[5m] offset 1m @ end()', out: 'x[5m] @ end() offset 1m' },
  { in: 'x[5m] anchored' },
  { in: 'x[5m] smoothed' },
  { in: 'x[5m] offset 1m smoothed @ 10', out: 'x[5m] smoothed @ 10.000 offset 1m' },
  { in: 'x anchored' },
  // Ranges and subqueries.
  { in: 'x[300]', out: 'x[5m]' },
  { in: 'x[1.5]', out: 'x[1s500ms]' },
  { in: 'x[90s]', out: 'x[1m30s]' },
  { in: 'x[1d]' },
  { in: 'x[2w]' },
  { in: 'x[1y]' },
  { in: 'x[5m:]' },
  { in: 'x[5m:1m]' },
  { in: 'rate(x[5m])[30m:1m]' },
  { in: '(a + b)[5m:] @ start() offset 1m' },
  { in: 'x[5m:1m] offset -1m @ 100', out: 'x[5m:1m] @ 100.000 offset -1m' },
  { in: 'max_over_time(rate(x[1m])[1h:5m])' },
  // Duration expressions.
  { in: 'x[5m * 2]' },
  { in: 'x[5m*2]', out: 'x[5m * 2]' },
  { in: 'x[300 * 2]' },
  { in: 'x[1h - 5m]' },
  { in: 'x[10m / 2]' },
  { in: 'x[5m % 2m]' },
  { in: 'x[2 ^ 3]' },
  { in: 'x[-5m + 35m]' },
  { in: 'x[(5m)]', out: 'x[5m]' },
  { in: 'x[((5m + 1m))]', out: 'x[(5m + 1m)]' },
  { in: 'x[(5m + 1m) * 2]' },
  { in: 'x[-(5m) + 10m]', out: 'x[-5m + 10m]' },
  { in: 'x[step()]' },
  { in: 'x[range()]' },
  { in: 'x[step() * 2:step()]' },
  { in: 'x[min_of(step(),5m)]', out: 'x[min_of(step(), 5m)]' },
  { in: 'x[max_of(5m, step() + 1)]' },
  { in: 'x offset (1h + 5m)' },
  { in: 'x offset step()' },
  { in: 'x offset -step()' },
  { in: 'x offset +step()', out: 'x offset step()' },
  { in: 'x offset -(1h+1m)', out: 'x offset -(1h + 1m)' },
  { in: 'x offset +(1h+1m)', out: 'x offset (1h + 1m)' },
  { in: 'x offset (1h)', out: 'x offset 1h' },
  { in: 'x[5m] offset (-step())' },
  { in: 'x[5m:] offset (step() * 2)' },
];

function parsed(text: string): Expr {
  const r = parseExpr(text);
  if (!r.expr) throw new Error(`${text}: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return r.expr;
}

describe('printExpr', () => {
  it('has at least 80 canonical rows', () => {
    expect(UPSTREAM_ROWS.length + ROWS.length).toBeGreaterThanOrEqual(80);
  });

  describe.each([
    ['upstream printer_test.go', UPSTREAM_ROWS],
    ['promforge', ROWS],
  ])('%s', (_name, rows) => {
    it.each(rows)('$in', (row) => {
      const expected = row.out ?? row.in;
      const ast = parsed(row.in);
      expect(printExpr(ast)).toBe(expected);
      // The canonical text is a fixed point and means the same thing.
      const again = parsed(expected);
      expect(printExpr(again)).toBe(expected);
      expect(astEqual(ast, again)).toBe(true);
    });
  });
});

const pos = { start: 0, end: 0 };
const selector = (name: string, extra: Partial<VectorSelector> = {}): VectorSelector => ({ kind: 'VectorSelector', name, matchers: [], pos, ...extra });
const lit = (ms: number, unit = true): DurationExpr => ({ kind: 'DurationLiteral', ms, unit, pos });

describe('printExpr on hand-built ASTs', () => {
  it('parenthesises a signed left operand of ^ so that it reads back as the same power', () => {
    const num = (value: number): Expr => ({ kind: 'NumberLiteral', value, duration: false, pos });
    const pow = (lhs: Expr): Expr => ({ kind: 'BinaryExpr', op: '^', lhs, rhs: num(2), returnBool: false, opPos: pos, pos });
    expect(printExpr(pow(num(-1)))).toBe('(-1) ^ 2');
    expect(printExpr(pow({ kind: 'UnaryExpr', op: '-', expr: selector('x'), pos }))).toBe('(-x) ^ 2');
    expect(printExpr(pow(num(-Infinity)))).toBe('(-Inf) ^ 2');
    expect(printExpr(pow(num(Infinity)))).toBe('Inf ^ 2');
    expect(parsed('(-1) ^ 2').kind).toBe('BinaryExpr');
  });
  it('quotes a metric name that is not a legacy name as a __name__ matcher', () => {
    const vs = selector('my.metric', { matchers: [{ name: 'job', op: '=', value: 'x', pos }] });
    expect(printExpr(vs)).toBe('{__name__="my.metric",job="x"}');
  });

  it('does not print a bare metric name that would lex as a number or a keyword', () => {
    expect(printExpr(selector('NaN'))).toBe('{__name__="NaN"}');
    expect(printExpr(selector('inf'))).toBe('{__name__="inf"}');
    expect(printExpr(selector('Offset'))).toBe('{__name__="Offset"}');
    expect(printExpr(selector('group_left', { matchers: [{ name: 'a', op: '=', value: 'b', pos }] }))).toBe('{__name__="group_left",a="b"}');
    expect(printExpr(selector('info'))).toBe('info');
    for (const name of ['NaN', 'inf', 'Offset', 'on', 'bool', 'ignoring', 'group_right']) {
      expect(astEqual(parsed(printExpr(selector(name))), selector(name))).toBe(true);
    }
  });

  it('drops a __name__ matcher that repeats the name', () => {
    expect(printExpr(selector('foo', { matchers: [{ name: '__name__', op: '=', value: 'foo', pos }] }))).toBe('foo');
    expect(printExpr(selector('foo', { matchers: [{ name: '__name__', op: '!=', value: 'foo', pos }] }))).toBe('foo{__name__!="foo"}');
  });

  it('parenthesises an offset that is a bare binary duration expression', () => {
    const offset: DurationExpr = { kind: 'DurationBinary', op: '+', lhs: lit(3_600_000), rhs: lit(300_000), pos };
    expect(printExpr(selector('x', { offset }))).toBe('x offset (1h + 5m)');
  });

  it('prints matching only between two instant vectors', () => {
    const matching = { card: 'one-to-one' as const, on: true, matchingLabels: ['a'], explicit: true, include: [] };
    const one: Expr = { kind: 'NumberLiteral', value: 1, duration: false, pos };
    const bin = (lhs: Expr, rhs: Expr): Expr => ({ kind: 'BinaryExpr', op: '+', lhs, rhs, returnBool: false, matching, opPos: pos, pos });
    expect(printExpr(bin(one, selector('x')))).toBe('1 + x');
    expect(printExpr(bin(selector('y'), selector('x')))).toBe('y + on (a) x');
  });

  it('prints Unicode label values unescaped and sorts matchers by code point', () => {
    const vs = selector('x', {
      matchers: [
        { name: 'b', op: '=', value: '\u{1F600}', pos },
        { name: 'a', op: '=', value: '\uFF21', pos },
        { name: 'a', op: '=', value: '\u{1F600}', pos },
      ],
    });
    // U+FF21 sorts before U+1F600 by code point, though not by UTF-16 unit.
    expect(printExpr(vs)).toBe('x{a="\uFF21",a="\u{1F600}",b="\u{1F600}"}');
  });
});

describe('printDuration / printOffset / normalizeDuration', () => {
  it('prints a plain literal as a duration whether or not it had units', () => {
    expect(printDuration(lit(300_000, false))).toBe('5m');
    expect(printDuration(lit(1_500, false))).toBe('1s500ms');
    expect(printDuration(lit(5_400_000))).toBe('1h30m');
  });

  it('keeps the written form of literals inside an expression', () => {
    const d: DurationExpr = { kind: 'DurationBinary', op: '*', lhs: lit(300_000, false), rhs: lit(2_000, false), pos };
    expect(printDuration(d)).toBe('300 * 2');
    const withUnits: DurationExpr = { kind: 'DurationBinary', op: '*', lhs: lit(300_000), rhs: lit(2_000, false), pos };
    expect(printDuration(withUnits)).toBe('5m * 2');
  });

  it('prints offsets with sign and drops a zero offset', () => {
    expect(printOffset(lit(-420_000))).toBe(' offset -7m');
    expect(printOffset(lit(0))).toBe('');
    expect(printOffset(undefined)).toBe('');
  });

  it('folds signs and parentheses around literals as Prometheus does', () => {
    const d: DurationExpr = {
      kind: 'DurationParen',
      expr: { kind: 'DurationUnary', op: '-', expr: { kind: 'DurationParen', expr: lit(300_000), pos }, pos },
      pos,
    };
    expect(normalizeDuration(d)).toEqual(lit(-300_000));
    expect(printDuration(d)).toBe('-5m');
  });
});

describe('printMatchers', () => {
  it('sorts, quotes and braces matchers', () => {
    expect(
      printMatchers([
        { name: 'job', op: '=~', value: 'a|b' },
        { name: 'a.b', op: '!=', value: 'say "hi"' },
      ]),
    ).toBe('{"a.b"!="say \\"hi\\"",job=~"a|b"}');
    expect(printMatchers([])).toBe('{}');
  });
});

describe('Go float formatting', () => {
  it.each([
    [0, '0'],
    [-0, '-0'],
    [1, '1'],
    [0.1, '0.1'],
    [1e6, '1000000'],
    [1e21, '1000000000000000000000'],
    [1.5e-7, '0.00000015'],
    [123.456, '123.456'],
    [-2.5, '-2.5'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
    [NaN, 'NaN'],
  ])("FormatFloat(%d, 'f', -1) is %s", (v, text) => {
    expect(formatGoFloat(v)).toBe(text);
  });

  it.each([
    [0, '0'],
    [1.5, '1.5'],
    [100000, '100000'],
    [1e6, '1e+06'],
    [1234567, '1.234567e+06'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [-2.5e-10, '-2.5e-10'],
    [1e100, '1e+100'],
    [Infinity, '+Inf'],
    [NaN, 'NaN'],
  ])('%%v of %d is %s', (v, text) => {
    expect(formatGoFloatV(v)).toBe(text);
  });
});

describe('astEqual', () => {
  it('ignores positions, matcher order and equivalent spellings', () => {
    expect(astEqual(parsed('sum by (a) (x{b="1",c="2"})'), parsed('sum(x{c="2",   b="1"}) by (a)'))).toBe(true);
    expect(astEqual(parsed('x[300]'), parsed('x[5m]'))).toBe(true);
    expect(astEqual(parsed('a - ignoring() b'), parsed('a - b'))).toBe(true);
    expect(astEqual(parsed('x offset 0s'), parsed('x'))).toBe(true);
  });

  it('tells different expressions apart', () => {
    expect(astEqual(parsed('x{a="1"}'), parsed('x{a="2"}'))).toBe(false);
    expect(astEqual(parsed('(x)'), parsed('x'))).toBe(false);
    expect(astEqual(parsed('x[300 * 2]'), parsed('x[5m * 2]'))).toBe(false);
    expect(astEqual(parsed('a + on (b) c'), parsed('a + ignoring (b) c'))).toBe(false);
    expect(astEqual(parsed('a + fill (0) c'), parsed('a + fill_left (0) c'))).toBe(false);
    expect(astEqual(parsed('NaN'), parsed('0'))).toBe(false);
    expect(astEqual(parsed('5m'), parsed('300'))).toBe(false);
  });
});
