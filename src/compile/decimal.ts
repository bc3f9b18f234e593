// Exact decimal arithmetic for the constants the compiler writes into rules.
// Floating point turns `14.4 * (1 - 0.999)` into 0.014400000000000013; an
// alert threshold must read 0.0144. Values are rationals over bigints so that
// sums, differences and products of decimals stay exact, and so that
// non-terminating quotients (a 28-day period gives burn factors like 14/15)
// are rounded once, visibly, when printed.

export interface Rational {
  readonly num: bigint;
  /** Always positive. */
  readonly den: bigint;
}

const DECIMAL_RE = /^([+-]?)(\d+)?(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function rational(num: bigint, den: bigint = 1n): Rational {
  if (den === 0n) throw new RangeError('division by zero in decimal arithmetic');
  const sign = den < 0n ? -1n : 1n;
  const g = gcd(num, den) || 1n;
  return { num: (sign * num) / g, den: (sign * den) / g };
}

/** Parses a decimal literal (`0.999`, `-1.5e-3`, `14`); undefined when it is not one. */
export function parseDecimal(text: string): Rational | undefined {
  const m = DECIMAL_RE.exec(text.trim());
  if (!m) return undefined;
  const [, sign, int = '', frac = '', exp = '0'] = m;
  if (int === '' && frac === '') return undefined;
  const digits = BigInt((int || '0') + frac) * (sign === '-' ? -1n : 1n);
  const scale = frac.length - Number(exp);
  return scale >= 0 ? rational(digits, 10n ** BigInt(scale)) : rational(digits * 10n ** BigInt(-scale));
}

export function fromInteger(n: number | bigint): Rational {
  return rational(BigInt(n));
}

export function add(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den + b.num * a.den, a.den * b.den);
}

export function sub(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den - b.num * a.den, a.den * b.den);
}

export function mul(a: Rational, b: Rational): Rational {
  return rational(a.num * b.num, a.den * b.den);
}

export function div(a: Rational, b: Rational): Rational {
  if (b.num === 0n) throw new RangeError('division by zero in decimal arithmetic');
  return rational(a.num * b.den, a.den * b.num);
}

export function compare(a: Rational, b: Rational): -1 | 0 | 1 {
  const d = a.num * b.den - b.num * a.den;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** True when the value has a finite decimal expansion (denominator of only 2s and 5s). */
export function isTerminating(r: Rational): boolean {
  let d = r.den;
  while (d % 2n === 0n) d /= 2n;
  while (d % 5n === 0n) d /= 5n;
  return d === 1n;
}

/**
 * Plain decimal text, never an exponent: exact when the expansion
 * terminates, otherwise rounded half-up to `maxFractionDigits` digits after
 * the point (trailing zeros removed either way).
 */
export function formatDecimal(r: Rational, maxFractionDigits = 12): string {
  const negative = r.num < 0n;
  const abs = negative ? -r.num : r.num;
  let scale = maxFractionDigits;
  if (isTerminating(r)) {
    // The smallest power of ten the denominator divides: the exact expansion.
    scale = 0;
    while (10n ** BigInt(scale) % r.den !== 0n) scale++;
  }
  // Round half up (exact when the expansion terminates within `scale` digits).
  const scaled = (abs * 10n ** BigInt(scale) * 2n + r.den) / (2n * r.den);
  let digits = scaled.toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    let int = digits.slice(0, digits.length - scale);
    const frac = digits.slice(digits.length - scale).replace(/0+$/, '');
    if (int === '') int = '0';
    digits = frac === '' ? int : `${int}.${frac}`;
  }
  return (negative && digits !== '0' ? '-' : '') + digits;
}

/** The nearest float64, for code that needs a JS number (comparisons with sample values). */
export function toNumber(r: Rational): number {
  return Number(formatDecimal(r, 20));
}
