// Prometheus's sample value text in API answers, as a number.

/** Decodes Prometheus's sample value text: Go's 'f'/'e' float formatting, NaN, ±Inf. */
export function parseSampleValue(s: string): number {
  switch (s) {
    case 'NaN':
      return NaN;
    case '+Inf':
      return Infinity;
    case '-Inf':
      return -Infinity;
    default:
      return +s;
  }
}
