// Valid expressions with the value type Prometheus gives them, and the
// exact shape and positions of the AST for a set of expressions taken from
// Prometheus's parse_test.go.

import { describe, it, expect } from 'vitest';
import { parseExpr } from '../../src/promql/parse.js';
import type { Expr, ValueType } from '../../src/promql/ast.js';

const VALID: readonly (readonly [string, ValueType])[] = [
  // Number literals: Go syntax, as Prometheus's lexer and strconv read them.
  ['1', 'scalar'],
  ['+Inf', 'scalar'],
  ['-Inf', 'scalar'],
  ['inF', 'scalar'],
  ['NaN', 'scalar'],
  ['nan', 'scalar'],
  ['.5', 'scalar'],
  ['5.', 'scalar'],
  ['123.4567', 'scalar'],
  ['5e-3', 'scalar'],
  ['5E3', 'scalar'],
  ['12.34e+6', 'scalar'],
  ['0xc', 'scalar'],
  ['0X1F', 'scalar'],
  ['0755', 'scalar'],
  ['-0755', 'scalar'],
  ['1_000_000', 'scalar'],
  ['0x_ff', 'scalar'],
  ['1h30m', 'scalar'],
  ['5m', 'scalar'],
  ['1y2w3d4h5m6s7ms', 'scalar'],
  ['histogram_quantile(1./6., foo)', 'vector'],
  // Scalar arithmetic and comparisons.
  ['1 + 1', 'scalar'],
  ['1 - -1', 'scalar'],
  ['2 ^ 3 ^ 2', 'scalar'],
  ['-1^2', 'scalar'],
  ['1 % 2 * 3 / 4', 'scalar'],
  ['1 atan2 2', 'scalar'],
  ['1 == bool 1', 'scalar'],
  ['1 != bool 1', 'scalar'],
  ['1 > bool 1', 'scalar'],
  ['1 >= bool 1', 'scalar'],
  ['1 < bool 2 - 1 * 2', 'scalar'],
  ['1 <= bool 1', 'scalar'],
  ['((1) / (0))', 'scalar'],
  ['# comment\n1 # another', 'scalar'],
  // Strings, with Go's escapes.
  ['"double-quoted string \\" with escaped quote"', 'string'],
  ["'single-quoted string \\' with escaped quote'", 'string'],
  ['`backtick-quoted string`', 'string'],
  ['"\\a\\b\\f\\n\\r\\t\\v\\\\\\" - \\xFF\\377\\u1234\\U00010111\\U0001011111☺"', 'string'],
  ["'\\a\\b\\f\\n\\r\\t\\v\\\\\\' - \\xFF\\377\\u1234\\U00010111\\U0001011111☺'", 'string'],
  ['`\\a\\b\\f\\n\\r\\t\\v\\\\\\"\\\' - \\xFF\\377\\u1234\\U00010111\\U0001011111☺`', 'string'],
  ['"é"', 'string'],
  // Selectors.
  ['foo', 'vector'],
  ['min', 'vector'],
  ['sum', 'vector'],
  ['start', 'vector'],
  ['end', 'vector'],
  ['offset{step="1s"}[5m]', 'matrix'],
  ['step{offset="1s"}[5m]', 'matrix'],
  ['anchored{job="test"}', 'vector'],
  ['smoothed{job="test"}', 'vector'],
  ['fill + fill_left', 'vector'],
  ['foo:bar{a="bc"}', 'vector'],
  ['{"foo"}', 'vector'],
  ['{"my.metric", "a.b"="x"}', 'vector'],
  ["{'foo\\'bar', 'a\\\\dos\\\\path'='boo\\\\urns'}", 'vector'],
  ['{"foo", a="bc"}', 'vector'],
  ["foo{NaN='bc'}", 'vector'],
  ["foo{bar='}'}", 'vector'],
  ['foo{a="b", foo!="bar", test=~"test", bar!~"baz",}', 'vector'],
  ['{__name__=~"bar", __name__!~"baz"}', 'vector'],
  ['{__name__="bar", __name__="baz"}', 'vector'],
  ['{"bar", __name__="baz"}', 'vector'],
  ['{"foo", "bar"}', 'vector'],
  ['foo{a=~".*", b="c"}', 'vector'],
  ['{a=~".+"}', 'vector'],
  ['foo offset 5m', 'vector'],
  ['foo offset -7m', 'vector'],
  ['foo OFFSET 1h30m', 'vector'],
  ['foo offset 3600', 'vector'],
  ['foo @ 1603774568', 'vector'],
  ['foo @ -100', 'vector'],
  ['foo @ .3', 'vector'],
  ['foo @ 3e2', 'vector'],
  ['foo @ 0xA', 'vector'],
  ['foo @ start()', 'vector'],
  ['foo @ end()', 'vector'],
  ['foo @ 10 offset 5m', 'vector'],
  ['foo offset 5m @ 10', 'vector'],
  ['test[1000ms]', 'matrix'],
  ['test[5]', 'matrix'],
  ['test[4.18]', 'matrix'],
  ['test{a="b"}[5y] OFFSET 3d', 'matrix'],
  ['test[5y] @ start()', 'matrix'],
  ['some_metric[5m] @ 1m', 'matrix'],
  // Subqueries.
  ['foo{bar="baz"}[10m:6s]', 'matrix'],
  ['foo[10m:]', 'matrix'],
  ['min_over_time(rate(foo{bar="baz"}[2s])[5m:5s])', 'vector'],
  ['min_over_time(rate(foo{bar="baz"}[2s])[5m:] offset 4m)[4m:3s]', 'matrix'],
  ['some_metric OFFSET 1m [10m:5s]', 'matrix'],
  ['some_metric @ 123 offset 1m [10m:5s]', 'matrix'],
  ['some_metric[10m:5s] offset 1m @ 123', 'matrix'],
  ['(foo + bar{nm="val"})[5m:] offset 10m', 'matrix'],
  ['foo[10m:6s] @ end()', 'matrix'],
  // Duration expressions.
  ['foo[11s+10s-5*2^2]', 'matrix'],
  ['foo[-(10s-5s)+20s]', 'matrix'],
  ['foo[step()]', 'matrix'],
  ['foo[  -  step  (  )  ]', 'matrix'],
  ['foo[STEP()]', 'matrix'],
  ['foo offset step()', 'vector'],
  ['foo offset -step()', 'vector'],
  ['foo[max_of(step(),5s)]', 'matrix'],
  ['foo offset -min_of(5s,step()+8s)', 'vector'],
  ['foo[range()]', 'matrix'],
  ['foo[2m/range()]', 'matrix'],
  ['foo[4s+4s:1s*2] offset (5s-8)', 'matrix'],
  ['foo offset 5s-8', 'vector'],
  ['rate(foo[2m+2m])', 'vector'],
  ['foo offset -1^1', 'vector'],
  ['foo offset -(1^2)', 'vector'],
  ['foo offset (-1^2)', 'vector'],
  ['foo[0+-2^2+10]', 'matrix'],
  ['min_of(3, 5)', 'scalar'],
  ['max_of(NaN, 3)', 'scalar'],
  ['step()', 'scalar'],
  ['STEP() * 2', 'scalar'],
  ['range()', 'scalar'],
  // Binary operators and vector matching.
  ['foo * bar', 'vector'],
  ['foo == 1', 'vector'],
  ['foo == bool 1', 'vector'],
  ['2.5 / bar', 'vector'],
  ['foo + bar or bla and blub', 'vector'],
  ['foo and bar unless baz or qux', 'vector'],
  ['bar + on(foo) bla / on(baz, buz) group_right(test) blub', 'vector'],
  ['foo * on(test,blub) group_left bar', 'vector'],
  ['foo and on() bar', 'vector'],
  ['foo and ignoring(test,blub) bar', 'vector'],
  ['foo / on(test,blub) group_left(bar) bar', 'vector'],
  ['foo - ignoring(test,blub) group_right(bar,foo) bar', 'vector'],
  ['foo unless on(start) bar', 'vector'],
  ['foo + on("a.b") group_left("c.d") bar', 'vector'],
  ['foo </ bar', 'vector'],
  ['foo >/ 10', 'vector'],
  ['a + b offset 5m', 'vector'],
  ['a @ 50 + b @ 100', 'vector'],
  ['-metric @ 100', 'vector'],
  ['a offset 1m or b offset 2m', 'vector'],
  // Fill modifiers.
  ['foo + fill(0) bar', 'vector'],
  ['foo + fill_left(1) bar', 'vector'],
  ['foo + fill_right(-1) bar', 'vector'],
  ['foo + on(a) group_left(b) fill_left(1) fill_right(2) bar', 'vector'],
  ['foo == bool on(a) fill(NaN) bar', 'vector'],
  // Anchored and smoothed.
  ['foo[5m] anchored', 'matrix'],
  ['foo[5m] smoothed', 'matrix'],
  ['rate(foo[5m] anchored)', 'vector'],
  ['foo smoothed', 'vector'],
  ['foo[5m] offset 1m anchored', 'matrix'],
  // Unary.
  ['-some_metric', 'vector'],
  ['+some_metric', 'vector'],
  [' +{"some_metric"}', 'vector'],
  ['- a ^ 2', 'vector'],
  // Aggregations.
  ['sum by (foo)(some_metric)', 'vector'],
  ['sum by ("foo bar")({"some.metric"})', 'vector'],
  ['sum (some_metric) without (foo)', 'vector'],
  ['stddev(some_metric)', 'vector'],
  ['sum by ()(some_metric)', 'vector'],
  ['sum by (foo,bar,)(some_metric)', 'vector'],
  ['topk(5, some_metric)', 'vector'],
  ['bottomk by (a) (5, some_metric)', 'vector'],
  ['count_values("value", some_metric)', 'vector'],
  ['quantile(0.5, foo)', 'vector'],
  ['group(foo)', 'vector'],
  ['limitk(2, foo)', 'vector'],
  ['limit_ratio(0.5, foo)', 'vector'],
  ['sum without(and, by, avg, count, alert, annotations)(some_metric)', 'vector'],
  ['SUM BY (a) (foo)', 'vector'],
  ['sum(sum)', 'vector'],
  // Functions.
  ['time()', 'scalar'],
  ['pi()', 'scalar'],
  ['scalar(foo)', 'scalar'],
  ['vector(1)', 'vector'],
  ['floor(some_metric{foo!="bar"})', 'vector'],
  ['rate(some_metric[5m])', 'vector'],
  ['round(some_metric)', 'vector'],
  ['round(some_metric, 5)', 'vector'],
  ['hour()', 'vector'],
  ['label_join(foo, "a", ",", "b", "c", "d")', 'vector'],
  ['label_replace(foo, "a", "$1", "b", "(.*)")', 'vector'],
  ['histogram_fraction(0, 1, foo)', 'vector'],
  ['start()', 'scalar'],
  ['end()', 'scalar'],
  ['sort_by_label(foo, "a", "b")', 'vector'],
  ['double_exponential_smoothing(foo[5m], 0.5, 0.5)', 'vector'],
  ['histogram_quantiles(foo, "q", 0.5, 0.9)', 'vector'],
  ['mad_over_time(foo[5m])', 'vector'],
  ['ts_of_max_over_time(foo[5m])', 'vector'],
  ['first_over_time(foo[5m])', 'vector'],
  ['info(rate(http_request_counter_total{}[5m]))', 'vector'],
  ['info(http_request_counter_total{namespace="zzz"}, {foo="bar", bar="baz"})', 'vector'],
  ['info(foo, {__name__="target_info"})', 'vector'],
  ['absent_over_time(foo[5m:1m])', 'vector'],
  ['quantile_over_time(0.9, foo[5m])', 'vector'],
  ['predict_linear(foo[5m], 3600)', 'vector'],
  ['(sum(foo) by (bar))', 'vector'],
];

describe('valid expressions', () => {
  it('has at least 100 rows', () => {
    expect(VALID.length).toBeGreaterThanOrEqual(100);
  });

  it.each(VALID)('%s → %s', (input, type) => {
    const r = parseExpr(input);
    expect(r.diagnostics).toEqual([]);
    expect(r.type).toBe(type);
    expect(r.expr?.pos.end).toBeLessThanOrEqual(input.length);
  });
});

/** A compact, position-bearing rendering of an AST for exact comparisons. */
function shape(e: Expr): unknown {
  const p = `${e.pos.start}-${e.pos.end}`;
  switch (e.kind) {
    case 'NumberLiteral':
      return `${e.value}@${p}`;
    case 'StringLiteral':
      return `${JSON.stringify(e.value)}@${p}`;
    case 'VectorSelector':
      return {
        vs: `${e.name}@${p}`,
        ...(e.matchers.length ? { m: e.matchers.map((m) => `${m.name}${m.op}${JSON.stringify(m.value)}`) } : {}),
        ...(e.offset ? { offset: e.offset } : {}),
        ...(e.at ? { at: e.at } : {}),
        ...(e.anchored ? { anchored: true } : {}),
        ...(e.smoothed ? { smoothed: true } : {}),
      };
    case 'MatrixSelector':
      return { matrix: p, vector: shape(e.vector), range: e.range };
    case 'SubqueryExpr':
      return {
        subquery: p,
        expr: shape(e.expr),
        range: e.range,
        ...(e.step ? { step: e.step } : {}),
        ...(e.offset ? { offset: e.offset } : {}),
        ...(e.at ? { at: e.at } : {}),
      };
    case 'Call':
      return { call: `${e.func}@${p}`, args: e.args.map(shape) };
    case 'AggregateExpr':
      return { agg: `${e.op}@${p}`, expr: shape(e.expr), ...(e.param ? { param: shape(e.param) } : {}), grouping: e.grouping, without: e.without };
    case 'BinaryExpr':
      return { bin: `${e.op}@${p}`, lhs: shape(e.lhs), rhs: shape(e.rhs), ...(e.returnBool ? { bool: true } : {}) };
    case 'UnaryExpr':
      return { unary: `${e.op}@${p}`, expr: shape(e.expr) };
    case 'ParenExpr':
      return { paren: p, expr: shape(e.expr) };
  }
}

function shapeOf(input: string): unknown {
  const r = parseExpr(input);
  expect(r.diagnostics).toEqual([]);
  return shape(r.expr!);
}

const lit = (ms: number, start: number, end: number, unit = true) => ({ kind: 'DurationLiteral', ms, unit, pos: { start, end } });

describe('AST shapes and positions (parse_test.go)', () => {
  it('folds a sign into a number literal, but not across ^', () => {
    expect(shapeOf('-1^2')).toEqual({ unary: '-@0-4', expr: { bin: '^@1-4', lhs: '1@1-2', rhs: '2@3-4' } });
    expect(shapeOf('-2 ^ 2')).toEqual({ unary: '-@0-6', expr: { bin: '^@1-6', lhs: '2@1-2', rhs: '2@5-6' } });
    expect(shapeOf('-1*2')).toEqual({ bin: '*@0-4', lhs: '-1@0-2', rhs: '2@3-4' });
    expect(shapeOf('-1^-2')).toEqual({ unary: '-@0-5', expr: { bin: '^@1-5', lhs: '1@1-2', rhs: '-2@3-5' } });
    expect(shapeOf('+1 + -2 * 1')).toEqual({ bin: '+@0-11', lhs: '1@0-2', rhs: { bin: '*@5-11', lhs: '-2@5-7', rhs: '1@10-11' } });
    expect(shapeOf('-0755')).toEqual('-493@0-5');
  });

  it('keeps parentheses and binds operators by precedence', () => {
    expect(shapeOf('1 + 2/(3*1)')).toEqual({
      bin: '+@0-11',
      lhs: '1@0-1',
      rhs: { bin: '/@4-11', lhs: '2@4-5', rhs: { paren: '6-11', expr: { bin: '*@7-10', lhs: '3@7-8', rhs: '1@9-10' } } },
    });
    expect(shapeOf('foo and bar unless baz or qux')).toEqual({
      bin: 'or@0-29',
      lhs: { bin: 'unless@0-22', lhs: { bin: 'and@0-11', lhs: { vs: 'foo@0-3' }, rhs: { vs: 'bar@8-11' } }, rhs: { vs: 'baz@19-22' } },
      rhs: { vs: 'qux@26-29' },
    });
    expect(shapeOf(' +some_metric')).toEqual({ unary: '+@1-13', expr: { vs: 'some_metric@2-13' } });
  });

  it('extends a selector over its offset and @ modifiers', () => {
    expect(shapeOf('foo offset 5m')).toEqual({ vs: 'foo@0-13', offset: lit(300000, 11, 13) });
    expect(shapeOf('foo offset -7m')).toEqual({ vs: 'foo@0-14', offset: lit(-420000, 11, 14) });
    expect(shapeOf('foo @ 3.3335')).toEqual({ vs: 'foo@0-12', at: { kind: 'timestamp', ms: 3334, pos: { start: 4, end: 12 } } });
    expect(shapeOf('foo @ start()')).toEqual({ vs: 'foo@0-13', at: { kind: 'start', pos: { start: 4, end: 13 } } });
    expect(shapeOf('test[5h] OFFSET 5m')).toEqual({ matrix: '0-18', vector: { vs: 'test@0-4', offset: lit(300000, 16, 18) }, range: lit(18000000, 5, 7) });
    expect(shapeOf('foo[4.18] @ 2.345')).toEqual({
      matrix: '0-17',
      vector: { vs: 'foo@0-3', at: { kind: 'timestamp', ms: 2345, pos: { start: 10, end: 17 } } },
      range: lit(4180, 4, 8, false),
    });
  });

  it('binds postfix modifiers to the nearest operand, as Prometheus does', () => {
    expect(shapeOf('a + b offset 5m')).toEqual({ bin: '+@0-15', lhs: { vs: 'a@0-1' }, rhs: { vs: 'b@4-15', offset: lit(300000, 13, 15) } });
    expect(shapeOf('-metric @ 100')).toEqual({
      unary: '-@0-13',
      expr: { vs: 'metric@1-13', at: { kind: 'timestamp', ms: 100000, pos: { start: 8, end: 13 } } },
    });
    expect(shapeOf('a * b @ 10 offset 1m')).toEqual({
      bin: '*@0-20',
      lhs: { vs: 'a@0-1' },
      rhs: { vs: 'b@4-20', at: { kind: 'timestamp', ms: 10000, pos: { start: 6, end: 10 } }, offset: lit(60000, 18, 20) },
    });
    expect(shapeOf('a offset 1m or b offset 2m')).toEqual({
      bin: 'or@0-26',
      lhs: { vs: 'a@0-11', offset: lit(60000, 9, 11) },
      rhs: { vs: 'b@15-26', offset: lit(120000, 24, 26) },
    });
    expect(shapeOf('foo offset -1^1')).toEqual({ bin: '^@0-15', lhs: { vs: 'foo@0-13', offset: lit(-1000, 11, 13, false) }, rhs: '1@14-15' });
  });

  it('reads subqueries, aggregations and calls with their spans', () => {
    expect(shapeOf('some_metric[10m:5s] offset 1m @ 123')).toEqual({
      subquery: '0-35',
      expr: { vs: 'some_metric@0-11' },
      range: lit(600000, 12, 15),
      step: lit(5000, 16, 18),
      offset: lit(60000, 27, 29),
      at: { kind: 'timestamp', ms: 123000, pos: { start: 30, end: 35 } },
    });
    expect(shapeOf('sum by (foo)(some_metric)')).toEqual({ agg: 'sum@0-25', expr: { vs: 'some_metric@13-24' }, grouping: ['foo'], without: false });
    expect(shapeOf('sum (some_metric) without (foo)')).toEqual({ agg: 'sum@0-31', expr: { vs: 'some_metric@5-16' }, grouping: ['foo'], without: true });
    expect(shapeOf('topk(5, some_metric)')).toEqual({ agg: 'topk@0-20', expr: { vs: 'some_metric@8-19' }, param: '5@5-6', grouping: [], without: false });
    expect(shapeOf('(sum(foo) )')).toEqual({ paren: '0-11', expr: { agg: 'sum@1-9', expr: { vs: 'foo@5-8' }, grouping: [], without: false } });
    expect(shapeOf('round(some_metric, 5)')).toEqual({ call: 'round@0-21', args: [{ vs: 'some_metric@6-17' }, '5@19-20'] });
  });

  it('reads quoted metric and label names', () => {
    expect(shapeOf('{"foo"}')).toEqual({ vs: 'foo@0-7' });
    expect(shapeOf('{"my.metric", "a.b"="x"}')).toEqual({ vs: 'my.metric@0-24', m: ['a.b="x"'] });
    expect(shapeOf('{"bar", __name__="baz"}')).toEqual({ vs: '@0-23', m: ['__name__="bar"', '__name__="baz"'] });
    expect(shapeOf("{'foo\\'bar', 'a\\\\dos\\\\path'='boo\\\\urns'}")).toEqual({ vs: "foo'bar@0-40", m: ['a\\dos\\path="boo\\\\urns"'] });
    expect(shapeOf('sum by ("foo", bar, \'baz\')({"some.metric"})')).toEqual({
      agg: 'sum@0-43',
      expr: { vs: 'some.metric@27-42' },
      grouping: ['foo', 'bar', 'baz'],
      without: false,
    });
  });

  it('unquotes strings as Go does', () => {
    expect(shapeOf('"\\a\\b\\f\\n\\r\\t\\v\\\\\\" - \\u1234\\U00010111☺"')).toEqual(`${JSON.stringify('\x07\b\f\n\r\t\v\\" - \u1234\u{10111}☺')}@0-40`);
    expect(shapeOf('"\\101\\x41"')).toEqual('"AA"@0-10');
    expect(shapeOf('`a\\nb`')).toEqual('"a\\\\nb"@0-6');
  });

  it('reads durations in ranges and offsets', () => {
    const r = parseExpr('foo[-(10s-5s)+20s]');
    expect(r.expr).toMatchObject({
      kind: 'MatrixSelector',
      range: {
        kind: 'DurationBinary',
        op: '+',
        lhs: {
          kind: 'DurationUnary',
          op: '-',
          expr: { kind: 'DurationParen', expr: { kind: 'DurationBinary', op: '-', lhs: lit(10000, 6, 9), rhs: lit(5000, 10, 12) } },
        },
        rhs: lit(20000, 14, 17),
      },
    });
    expect(parseExpr('foo[max_of(step(),5s)]').expr).toMatchObject({
      range: { kind: 'DurationCall', func: 'max_of', args: [{ kind: 'DurationCall', func: 'step', args: [] }, lit(5000, 18, 20)], pos: { start: 4, end: 21 } },
    });
    expect(parseExpr('foo[-10s+15s]').expr).toMatchObject({ range: { kind: 'DurationBinary', lhs: lit(-10000, 4, 8), rhs: lit(15000, 9, 12) } });
  });

  it('reads fill modifiers and vector matching', () => {
    expect(parseExpr('foo + on(a) group_left(b) fill_left(1) fill_right(2) bar').expr).toMatchObject({
      kind: 'BinaryExpr',
      matching: { card: 'many-to-one', on: true, matchingLabels: ['a'], include: ['b'], fill: { lhs: 1, rhs: 2 } },
    });
    expect(parseExpr('foo + fill(0) bar').expr).toMatchObject({ matching: { card: 'one-to-one', fill: { lhs: 0, rhs: 0 } } });
    expect(parseExpr('foo and on(a) bar').expr).toMatchObject({ matching: { card: 'many-to-many', on: true, explicit: true } });
  });

  it('marks anchored and smoothed selectors', () => {
    expect(shapeOf('foo[5m] anchored')).toEqual({ matrix: '0-16', vector: { vs: 'foo@0-3', anchored: true }, range: lit(300000, 4, 6) });
    expect(shapeOf('foo smoothed')).toEqual({ vs: 'foo@0-12', smoothed: true });
  });

  it('rejects experimental syntax only when the flag is off', () => {
    for (const input of ['limitk(1, foo)', 'foo[5m] anchored', 'foo[1m+1m]', 'foo + fill(0) bar', 'info(foo)', 'min_of(1, 2)']) {
      expect(parseExpr(input).diagnostics).toEqual([]);
      expect(parseExpr(input, { experimental: false }).diagnostics.length).toBeGreaterThan(0);
    }
    expect(parseExpr('rate(foo[5m])', { experimental: false }).diagnostics).toEqual([]);
  });

  it('counts positions in UTF-16 code units (Prometheus counts bytes)', () => {
    // "é" is one UTF-16 unit but two UTF-8 bytes: Prometheus would say 9-11.
    const r = parseExpr('{a="é"} + "x"');
    expect(r.diagnostics).toEqual([
      { code: 'promql/type', severity: 'error', message: 'binary expression must contain only scalar and instant vector types', pos: { start: 10, end: 13 } },
    ]);
  });
});
