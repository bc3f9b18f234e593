// Valid PromQL that the parser once rejected or took quadratic time over
// (issue #21, item 8): long chains, nesting 10,000 and 100,000 deep as
// promtool accepts it, and the documented limits past that.
import { describe, expect, it } from 'vitest';
import { MAX_EXPRESSION_DEPTH, MAX_UNBRACKETED_DEPTH, parseExpr, printExpr, type BinaryExpr, type UnaryExpr } from '../../src/promql/index.js';

function accepted(text: string): string {
  const r = parseExpr(text);
  if (!r.expr) throw new Error(`rejected: ${r.diagnostics[0]?.message}`);
  return printExpr(r.expr);
}

const chain = (n: number, op: string): string => Array.from({ length: n }, (_, i) => `x${i}`).join(` ${op} `);
const nested = (n: number, open: string, close: string, inner = 'x'): string => open.repeat(n) + inner + close.repeat(n);

describe('long chains and deep nesting that Prometheus accepts', () => {
  it.each([
    ['500 chained or', chain(500, 'or')],
    ['651 chained +', chain(652, '+')],
    ['650 chained ^ (right-associative)', chain(650, '^')],
    ['690 chained and on()', chain(690, 'and on (a)').replace(/on \(a\)/g, 'on (a)')],
  ])('%s parses and prints back unchanged', (_name, text) => {
    expect(accepted(text)).toBe(text);
  });

  it('keeps the left-associative structure of a long chain', () => {
    const r = parseExpr(chain(600, '-'));
    let depth = 0;
    let e = r.expr!;
    while (e.kind === 'BinaryExpr') {
      expect(e.rhs.kind).toBe('VectorSelector');
      e = e.lhs;
      depth++;
    }
    expect(depth).toBe(599);
  });

  // Past lezer's own limits (a parse stack cut at ~2,800 parentheses, ~990
  // `sum by (a) (`): parsed in pieces (src/promql/pieces.ts).
  it.each([
    ['parentheses', '(', ')', 'x'],
    ['sum()', 'sum(', ')', 'x'],
    ['abs()', 'abs(', ')', 'x'],
    ['sum by (a) ()', 'sum by (a) (', ')', 'x'],
    ['topk(5, )', 'topk(5, ', ')', 'x'],
    ['clamp(, 0, 1)', 'clamp(', ', 0, 1)', 'x'],
    ['subqueries', 'max_over_time(', '[5m:1m])', 'x'],
    ['-()', '-(', ')', 'x'],
    ['parentheses around a binary expression', '(', ' + 1)', 'x'],
  ])('accepts %s nested 10,000 deep and prints them back unchanged', (_name, open, close, inner) => {
    const text = nested(10_000, open, close, inner);
    expect(accepted(text)).toBe(text);
  });

  it('accepts parentheses nested up to the limit', () => {
    const text = nested(MAX_EXPRESSION_DEPTH - 1, '(', ')');
    expect(accepted(text)).toBe(text);
  });

  it('accepts 10,000 signs, applied as Prometheus applies them', () => {
    // A sign binds like `*`: less tightly than `^`, more than `+`.
    const r = parseExpr(`${'- '.repeat(10_000)}x ^ 2 * 3 + 1`);
    expect(r.diagnostics).toEqual([]);
    let e = r.expr!;
    expect(e).toMatchObject({ kind: 'BinaryExpr', op: '+', pos: { start: 0, end: 20_013 } });
    e = (e as BinaryExpr).lhs;
    expect(e).toMatchObject({ kind: 'BinaryExpr', op: '*', pos: { start: 0, end: 20_009 } });
    e = (e as BinaryExpr).lhs;
    for (let i = 0; i < 10_000; i++) {
      expect(e.kind === 'UnaryExpr' && e.op === '-' && e.pos.start === 2 * i && e.pos.end === 20_005).toBe(true);
      e = (e as UnaryExpr).expr;
    }
    expect(e).toMatchObject({ kind: 'BinaryExpr', op: '^', pos: { start: 20_000, end: 20_005 } });
    expect(printExpr(r.expr!)).toBe(`${'-'.repeat(10_000)}x ^ 2 * 3 + 1`);
  });

  it('folds 10,001 signs into the number they apply to', () => {
    expect(parseExpr(`${'- '.repeat(10_001)}5`).expr).toEqual({ kind: 'NumberLiteral', value: -5, duration: false, pos: { start: 0, end: 20_003 } });
  });

  it('keeps positions exact inside a piece', () => {
    const text = `${'sum('.repeat(3000)}rate(x{a="b"}[5m]) + on(a) y${')'.repeat(3000)}`;
    let e = parseExpr(text).expr!;
    while (e.kind === 'AggregateExpr') e = e.expr;
    expect(e).toMatchObject({ kind: 'BinaryExpr', op: '+', opPos: { start: 12_019, end: 12_020 }, pos: { start: 12_000, end: 12_028 } });
    expect((e as BinaryExpr).matching?.pos).toEqual({ start: 12_019, end: 12_027 });
  });

  it.each([
    ['100,001 parentheses', nested(100_001, '(', ')'), 100_000, MAX_EXPRESSION_DEPTH],
    ['100,001 signs', '-'.repeat(100_001) + 'x', 100_000, MAX_EXPRESSION_DEPTH],
    ['50,001 -(', nested(50_001, '-(', ')'), 100_000, MAX_EXPRESSION_DEPTH],
    ['1,001 chained or', chain(1001, 'or'), 0, MAX_UNBRACKETED_DEPTH],
    ['700 parentheses in an offset', `x offset ${nested(700, '(', ')', '1m')}`, 609, 600],
  ])('rejects %s with the limit, not a misleading syntax error', (_name, text, start, limit) => {
    const r = parseExpr(text);
    expect(r.expr).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.message).toBe(`expression nests more than ${limit} levels deep (promforge's limit; split it up, e.g. into recording rules)`);
    // Placed where the limit is crossed, not at the start.
    expect(r.diagnostics[0]!.pos.start).toBe(start);
  });

  it('still reports an ordinary syntax error in a long chain as one', () => {
    const r = parseExpr(chain(600, 'or') + ' or )');
    expect(r.diagnostics[0]!.message).toBe("unexpected right parenthesis ')'");
  });
});

describe('long runs of white space', () => {
  // These took 30-70 s (a trailing-white-space regular expression over the
  // text before every `offset` backtracked quadratically); now linear.
  const spaces = ' '.repeat(200_000);
  it.each([
    ['before offset', `x${spaces}offset 5m`, 'x offset 5m'],
    ['between operands', `x${spaces}+ y offset 5m`, 'x + y offset 5m'],
    ['around or', `x${spaces}or${spaces}y offset 1m`, 'x or y offset 1m'],
    ['before offset as a metric name', `x${spaces}+ offset`, 'x + {__name__="offset"}'],
    ['newlines before offset', `x${'\n'.repeat(200_000)}offset 5m`, 'x offset 5m'],
  ])('%s', (_name, text, printed) => {
    expect(accepted(text)).toBe(printed);
  });
});

describe('names that are Object.prototype keys', () => {
  it.each([
    ['constructor', 'constructor'],
    ['__proto__', '__proto__'],
    ['CONSTRUCTOR', 'CONSTRUCTOR'],
    ['__proto__{constructor="a"}', '__proto__{constructor="a"}'],
    ['sum by (constructor, __proto__) (rate(__proto__[5m]))', 'sum by (constructor, __proto__) (rate(__proto__[5m]))'],
    ['constructor offset 5m', 'constructor offset 5m'],
    ['toString + valueOf', 'toString + valueOf'],
  ])('%s', (text, printed) => {
    expect(accepted(text)).toBe(printed);
  });

  it('does not take constructor for a function', () => {
    expect(parseExpr('constructor()').diagnostics[0]?.message).toBe('unknown function with name "constructor"');
  });
});
