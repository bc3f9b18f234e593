// Go's float formatting where Prometheus output depends on it.
/**
 * Go's `%g` (strconv 'g' with the shortest precision): the shortest digits
 * that round-trip, in exponent form when the exponent is below −4 or at
 * least 6 (`1e+06`, `1.5e-05`), plain otherwise; `+Inf`, `-Inf`, `NaN`.
 * Prometheus prints histogram test expressions and many messages this way.
 */
export function formatGoG(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  // toExponential() without an argument gives the shortest round-trip digits.
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(v.toExponential())!;
  const sign = m[1]!;
  const digits = m[2]! + (m[3] ?? '');
  const exp = Number(m[4]);
  if (exp < -4 || exp >= 6) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp).toString().padStart(2, '0');
    return `${sign}${mantissa}e${exp < 0 ? '-' : '+'}${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const frac = digits.slice(exp + 1);
  return `${sign}${intPart}${frac ? `.${frac}` : ''}`;
}
