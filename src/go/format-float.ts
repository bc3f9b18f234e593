// Go's strconv.FormatFloat: the 'e'/'f'/'g'/'x'/'b' conversions with Go's
// rounding (round half to even on the exact binary value, shortest
// round-trip digits for precision -1). Go's %g, FormatFloat(v, 'f', -1) (how
// Prometheus prints label values made from numbers) and %E are all this.

/** A decimal digit string d with the decimal point dp digits from its start. */
interface Decimal {
  digits: string;
  dp: number;
}

/** The exact decimal expansion of a finite, non-negative double. */
function exactDecimal(x: number): Decimal {
  if (x === 0) return { digits: '', dp: 0 };
  const { mant, exp: exp2 } = floatBits(x);
  let digits: string;
  let dp: number;
  if (exp2 >= 0) {
    digits = (mant << BigInt(exp2)).toString();
    dp = digits.length;
  } else {
    const k = -exp2;
    digits = (mant * 5n ** BigInt(k)).toString();
    dp = digits.length - k;
  }
  return trimZeros({ digits, dp });
}

function trimZeros(d: Decimal): Decimal {
  let end = d.digits.length;
  while (end > 0 && d.digits[end - 1] === '0') end--;
  let start = 0;
  while (start < end && d.digits[start] === '0') start++;
  if (start === end) return { digits: '', dp: 0 };
  return { digits: d.digits.slice(start, end), dp: d.dp - start };
}

/** Go's decimal.Round(nd): keep nd digits, round half to even. */
function roundDecimal(d: Decimal, nd: number): Decimal {
  if (nd < 0 || nd >= d.digits.length) return d;
  const next = d.digits[nd]!;
  let up: boolean;
  if (next === '5' && nd + 1 === d.digits.length) up = nd > 0 && (d.digits.charCodeAt(nd - 1) - 48) % 2 === 1;
  else up = next >= '5';
  if (!up) return trimZeros({ digits: d.digits.slice(0, nd), dp: d.dp });
  let i = nd - 1;
  while (i >= 0 && d.digits[i] === '9') i--;
  if (i < 0) return { digits: '1', dp: d.dp + 1 };
  const digits = d.digits.slice(0, i) + String.fromCharCode(d.digits.charCodeAt(i) + 1);
  return { digits, dp: d.dp };
}

/** Shortest digits that round-trip (what Go's Ryū shortest mode produces). */
function shortestDecimal(x: number): Decimal {
  if (x === 0) return { digits: '', dp: 0 };
  const [mant, exp] = x.toExponential().split('e') as [string, string];
  const digits = mant.replace('.', '');
  return trimZeros({ digits, dp: parseInt(exp, 10) + 1 });
}

function fmtE(neg: boolean, d: Decimal, prec: number, fmt: 'e' | 'E'): string {
  let out = neg ? '-' : '';
  out += d.digits.length > 0 ? d.digits[0] : '0';
  if (prec > 0) {
    out += '.';
    for (let i = 1; i <= prec; i++) out += i < d.digits.length ? d.digits[i] : '0';
  }
  out += fmt;
  let exp = d.digits.length === 0 ? 0 : d.dp - 1;
  if (exp < 0) {
    out += '-';
    exp = -exp;
  } else out += '+';
  return out + (exp < 10 ? '0' + exp : String(exp));
}

function fmtF(neg: boolean, d: Decimal, prec: number): string {
  let out = neg ? '-' : '';
  if (d.dp > 0) {
    const m = Math.min(d.digits.length, d.dp);
    out += d.digits.slice(0, m) + '0'.repeat(d.dp - m);
  } else out += '0';
  if (prec > 0) {
    out += '.';
    for (let i = 1; i <= prec; i++) {
      const j = d.dp + i - 1;
      out += j >= 0 && j < d.digits.length ? d.digits[j] : '0';
    }
  }
  return out;
}

export type FloatFormat = 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'x' | 'X' | 'b';

/** strconv.FormatFloat(x, fmt, prec, 64); prec -1 means shortest. */
export function formatFloat(x: number, fmt: FloatFormat, prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  const neg = x < 0 || Object.is(x, -0);
  const abs = Math.abs(x);
  if (fmt === 'x' || fmt === 'X') return formatHexFloat(neg, abs, prec, fmt);
  if (fmt === 'b') return formatBinaryFloat(neg, abs);
  const shortest = prec < 0;
  let d: Decimal;
  if (shortest) {
    d = shortestDecimal(abs);
    if (fmt === 'e' || fmt === 'E') prec = Math.max(d.digits.length - 1, 0);
    else if (fmt === 'f' || fmt === 'F') prec = Math.max(d.digits.length - d.dp, 0);
    else prec = d.digits.length;
  } else {
    d = exactDecimal(abs);
    if (fmt === 'e' || fmt === 'E') d = roundDecimal(d, prec + 1);
    else if (fmt === 'f' || fmt === 'F') d = roundDecimal(d, d.dp + prec);
    else {
      if (prec === 0) prec = 1;
      d = roundDecimal(d, prec);
    }
  }
  switch (fmt) {
    case 'e':
    case 'E':
      return fmtE(neg, d, prec, fmt);
    case 'f':
    case 'F':
      return fmtF(neg, d, prec);
    case 'g':
    case 'G': {
      let eprec = prec;
      if (eprec > d.digits.length && d.digits.length >= d.dp) eprec = d.digits.length;
      if (shortest) eprec = 6;
      const exp = d.dp - 1;
      if (exp < -4 || exp >= eprec) {
        if (prec > d.digits.length) prec = d.digits.length;
        return fmtE(neg, d, prec - 1, fmt === 'g' ? 'e' : 'E');
      }
      if (prec > d.dp) prec = d.digits.length;
      return fmtF(neg, d, Math.max(prec - d.dp, 0));
    }
  }
}

function floatBits(x: number): { mant: bigint; exp: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const expBits = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  if (expBits === 0) return { mant, exp: -1074 };
  mant |= 1n << 52n;
  return { mant, exp: expBits - 1075 };
}

/** %b: decimalless scientific notation with a power-of-two exponent. */
function formatBinaryFloat(neg: boolean, abs: number): string {
  const { mant, exp } = floatBits(abs);
  return (neg ? '-' : '') + mant.toString() + 'p' + (exp >= 0 ? '+' : '-') + Math.abs(exp);
}

/** %x: -0x1.23abcp+20, with the mantissa shifted so its leading digit is 1. */
function formatHexFloat(neg: boolean, abs: number, prec: number, fmt: 'x' | 'X'): string {
  let { mant, exp } = floatBits(abs);
  if (mant === 0n) exp = 0;
  else {
    // Normalise: leading 1 at bit 60 (so 15 hex digits follow the point).
    while (mant < 1n << 60n) {
      mant <<= 1n;
      exp--;
    }
    exp += 60;
  }
  // mant now has its leading 1 at bit 60; the fraction is bits 59..0 (15 hex digits).
  let frac = mant & ((1n << 60n) - 1n);
  let lead = mant === 0n ? 0n : 1n;
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(4 * (15 - prec));
    const half = 1n << (shift - 1n);
    const rem = frac & ((1n << shift) - 1n);
    frac >>= shift;
    if (rem > half || (rem === half && (frac & 1n) === 1n)) {
      frac += 1n;
      if (frac >> BigInt(4 * prec) !== 0n) {
        frac = 0n;
        lead += 1n;
        if (lead === 2n) {
          lead = 1n;
          exp++;
        }
      }
    }
  }
  let digits = prec >= 0 && prec < 15 ? (prec === 0 ? '' : frac.toString(16).padStart(prec, '0')) : frac.toString(16).padStart(15, '0');
  if (prec < 0) digits = digits.replace(/0+$/, '');
  else if (prec > 15) digits = digits + '0'.repeat(prec - 15);
  let out =
    (neg ? '-' : '') + '0x' + lead.toString() + (digits.length > 0 ? '.' + digits : '') + 'p' + (exp >= 0 ? '+' : '-') + String(Math.abs(exp)).padStart(2, '0');
  if (fmt === 'X') out = out.toUpperCase();
  return out;
}

/**
 * Go's `%g` (FormatFloat(v, 'g', -1, 64)): the shortest digits that
 * round-trip, in exponent form when the exponent is below −4 or at least 6
 * (`1e+06`, `1.5e-05`), plain otherwise; `+Inf`, `-Inf`, `NaN`. Prometheus
 * prints histogram test expressions and many messages this way.
 */
export function formatGoG(v: number): string {
  return formatFloat(v, 'g', -1);
}

/**
 * FormatFloat(v, 'f', -1, 64): the shortest digits that round-trip, never in
 * exponent form — how Prometheus turns numbers into label values
 * (count_values, histogram_quantile's `le`...).
 */
export function formatGoPlain(v: number): string {
  return formatFloat(v, 'f', -1);
}
