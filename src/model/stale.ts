// Prometheus marks "this series ended" with a special NaN whose bit pattern is
// 0x7ff0000000000002 (model/value.StaleNaN). It must stay distinguishable from
// an ordinary NaN (0x7ff8000000000001 in Go, 0x7ff8000000000000 in JS), so it
// can only be recognised by its bits, never with `Number.isNaN` or `===`.
//
// 0x7ff0000000000002 is a *signalling* NaN. V8 keeps its bits in object
// fields and Float64Array, but storing it in a plain double array (`[s]`,
// `push`) sets the quiet bit, giving 0x7ff8000000000002. The payload (2)
// survives, and no ordinary NaN has it (JS produces 0x7ff8000000000000), so
// `isStaleNaN` ignores the quiet bit. The sign bit is not ignored: negating a
// marker is arithmetic, and arithmetic on a marker yields no marker in Go.

const scratch = new DataView(new ArrayBuffer(8));

export const STALE_NAN_BITS_HIGH = 0x7ff00000;
export const STALE_NAN_BITS_LOW = 0x00000002;
const QUIET_BIT = 0x00080000;

function makeStaleNaN(): number {
  scratch.setUint32(0, STALE_NAN_BITS_HIGH);
  scratch.setUint32(4, STALE_NAN_BITS_LOW);
  return scratch.getFloat64(0);
}

/** The staleness marker value. Compare with `isStaleNaN`, never with `===`. */
export const STALE_NAN: number = makeStaleNaN();

export function isStaleNaN(v: number): boolean {
  if (v === v) return false; // fast path: not NaN at all
  scratch.setFloat64(0, v);
  return (scratch.getUint32(0) & ~QUIET_BIT) === STALE_NAN_BITS_HIGH && scratch.getUint32(4) === STALE_NAN_BITS_LOW;
}

/** The IEEE-754 bits of `v` as a 16-digit hex string (for messages and tests). */
export function float64Bits(v: number): string {
  scratch.setFloat64(0, v);
  return scratch.getUint32(0).toString(16).padStart(8, '0') + scratch.getUint32(4).toString(16).padStart(8, '0');
}
