import { describe, expect, it } from 'vitest';
import { div, formatDecimal, fromInteger, mul, parseDecimal, sub, compare } from '../../src/compile/decimal.js';

const d = (s: string) => parseDecimal(s)!;

describe('exact decimal arithmetic', () => {
  it('keeps burn-rate thresholds exact where floats drift', () => {
    expect(14.4 * (1 - 0.999)).not.toBe(0.0144); // the float trap being avoided
    expect(formatDecimal(mul(d('14.4'), sub(fromInteger(1), d('0.999'))))).toBe('0.0144');
    expect(formatDecimal(sub(fromInteger(1), d('0.9999')))).toBe('0.0001');
    expect(formatDecimal(mul(d('6'), sub(fromInteger(1), d('0.995'))))).toBe('0.03');
  });

  it('parses exponents and signs', () => {
    expect(formatDecimal(d('1e-7'))).toBe('0.0000001');
    expect(formatDecimal(d('-1.50'))).toBe('-1.5');
    expect(formatDecimal(d('2.5E3'))).toBe('2500');
    expect(parseDecimal('abc')).toBeUndefined();
    expect(parseDecimal('.')).toBeUndefined();
  });

  it('rounds non-terminating quotients once, when printing', () => {
    // 28d period, 10% of the budget in 3d: 0.1 × 672h / 72h = 14/15.
    const factor = div(mul(d('0.1'), fromInteger(672)), fromInteger(72));
    expect(formatDecimal(factor)).toBe('0.933333333333');
    expect(formatDecimal(div(fromInteger(2), fromInteger(3)), 4)).toBe('0.6667');
  });

  it('compares exactly', () => {
    expect(compare(mul(d('14.4'), d('0.07')), fromInteger(1))).toBe(1);
    expect(compare(mul(d('10'), d('0.1')), fromInteger(1))).toBe(0);
  });
});
