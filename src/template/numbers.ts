// Numeric constants (Go's parse.newNumber): a literal keeps every
// interpretation that succeeds (int64, uint64, float64, complex128), and the
// executor later picks the one its context needs. Errors use Go's wording.

import type { NumberNode, PosRange } from './ast.js';
import { goQuote, parseGoFloat, parseGoInt, parseGoUint, unquoteChar } from '../go/strconv.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const INT64_LIMIT = 2 ** 63;
const UINT64_LIMIT = 2 ** 64;

/** Go's simplifyComplex: a complex with no imaginary part is also a float (and maybe an int). */
function simplifyComplex(n: NumberNode): NumberNode {
  if (n.complex.im !== 0) return n;
  const f = n.complex.re;
  const isInt = Number.isInteger(f) && Math.abs(f) < INT64_LIMIT;
  const isUint = Number.isInteger(f) && f >= 0 && f < UINT64_LIMIT;
  return { ...n, isFloat: true, float64: f, isInt, int64: isInt ? BigInt(f) : 0n, isUint, uint64: isUint ? BigInt(f) : 0n };
}

/** Parses a number, character or complex literal; a string result is Go's error message. */
export function parseNumberLiteral(text: string, type: 'number' | 'char' | 'complex', pos: PosRange): NumberNode | string {
  const n: Mutable<NumberNode> = {
    kind: 'Number',
    text,
    isInt: false,
    isUint: false,
    isFloat: false,
    isComplex: false,
    int64: 0n,
    uint64: 0n,
    float64: 0,
    complex: { re: 0, im: 0 },
    pos,
  };
  if (type === 'char') {
    const r = unquoteChar(text.slice(1), "'");
    if (!r.ok) return r.error;
    if (r.value.tail !== "'") return `malformed character constant: ${text}`;
    const v = r.value.cp;
    return { ...n, isInt: true, isUint: true, isFloat: true, int64: BigInt(v), uint64: BigInt(v), float64: v };
  }
  if (type === 'complex') {
    // The lexer guarantees <number><sign><number>i; split at the sign that starts the imaginary part.
    const m = /^([+-]?(?:0[xX][0-9a-fA-F_.]+[pP][+-]?[0-9_]+|[0-9_.]+(?:[eE][+-]?[0-9_]+)?))([+-].*)i$/.exec(text);
    const re = m ? parseGoFloat(m[1]!) : undefined;
    const im = m ? parseGoFloat(m[2]!) : undefined;
    if (!re?.ok || !im?.ok) return `expected complex number; found ${goQuote(text)}`;
    return simplifyComplex({ ...n, isComplex: true, complex: { re: re.value, im: im.value } });
  }
  // Imaginary constants can only be complex unless they are zero.
  if (text.endsWith('i')) {
    const im = parseGoFloat(text.slice(0, -1));
    if (im.ok) return simplifyComplex({ ...n, isComplex: true, complex: { re: 0, im: im.value } });
  }
  const u = parseGoUint(text);
  if (u.ok) {
    n.isUint = true;
    n.uint64 = u.value;
  }
  const i = parseGoInt(text);
  if (i.ok) {
    n.isInt = true;
    n.int64 = i.value;
    if (i.value === 0n) {
      n.isUint = true; // -0
      n.uint64 = u.ok ? u.value : 0n;
    }
  }
  if (n.isInt) {
    n.isFloat = true;
    n.float64 = Number(n.int64);
  } else if (n.isUint) {
    n.isFloat = true;
    n.float64 = Number(n.uint64);
  } else {
    const parsed = parseGoFloat(text);
    if (parsed.ok) {
      const f = parsed.value;
      // A float that looks like an integer is an integer too large for int64/uint64.
      if (!/[.eEpP]/.test(text)) return `integer overflow: ${goQuote(text)}`;
      n.isFloat = true;
      n.float64 = f;
      if (Number.isInteger(f) && Math.abs(f) < INT64_LIMIT) {
        n.isInt = true;
        n.int64 = BigInt(f);
      }
      if (Number.isInteger(f) && f >= 0 && f < UINT64_LIMIT) {
        n.isUint = true;
        n.uint64 = BigInt(f);
      }
    }
  }
  if (!n.isInt && !n.isUint && !n.isFloat) return `illegal number syntax: ${goQuote(text)}`;
  return n;
}
