// Valid PromQL that the parser once rejected or took quadratic time over
// (issue #21, item 8), and the documented nesting limit that replaced
// lezer's arbitrary errors on deeper input.
import { describe, expect, it } from 'vitest';
import { MAX_EXPRESSION_DEPTH, parseExpr, printExpr } from '../../src/promql/index.js';

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

  it.each([
    ['parentheses', '(', ')'],
    ['sum()', 'sum(', ')'],
    ['abs()', 'abs(', ')'],
    ['sum by (a) ()', 'sum by (a) (', ')'],
  ])('accepts %s nested up to the limit', (_name, open, close) => {
    const text = nested(MAX_EXPRESSION_DEPTH - 1, open, close);
    expect(accepted(text)).toBe(text);
  });

  it.each([
    ['2,800 parentheses', nested(2800, '(', ')'), 700],
    ['100,000 parentheses', nested(100_000, '(', ')'), 700],
    ['1,500 sum()', nested(1500, 'sum(', ')'), 2800],
    ['2,800 signs', '-'.repeat(2800) + 'x', 700],
    ['1,000 nested subqueries', nested(1000, '(', ')[5m:1m]'), 300],
    ['5,000 chained or', chain(5000, 'or'), 0],
  ])('rejects %s with the limit, not a misleading syntax error', (_name, text, minStart) => {
    const r = parseExpr(text);
    expect(r.expr).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.message).toBe(`expression nests more than ${MAX_EXPRESSION_DEPTH} levels deep (promforge's limit; split it up, e.g. into recording rules)`);
    // Placed where the limit is crossed, not at the start.
    expect(r.diagnostics[0]!.pos.start).toBeGreaterThanOrEqual(minStart);
  });

  it('still reports an ordinary syntax error in a long chain as one', () => {
    const r = parseExpr(chain(600, 'or') + ' or )');
    expect(r.diagnostics[0]!.message).toBe('unexpected right parenthesis \')\'');
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
