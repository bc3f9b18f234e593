// Go's predefined template functions (text/template/funcs.go): and, or, not,
// len, index, slice, print, printf, println, html, js, urlquery, call and the
// comparisons, with funcs.go's error messages. `and`/`or` short-circuit in the
// executor; their entries here give the arity check and the fallback.

import { FuncError, type TemplateFunction } from './function-types.js';
import { formatValue, goSprint, goSprintf, goSprintln } from './gofmt.js';
import { isGoPrint } from '../go/strconv.js';
import { GoComplex, GoInt, GoSlice, goTypeName, intValue, isTrue, kindOf, mapView, sliceItems } from './values.js';

type BasicKind = 'bool' | 'int' | 'float' | 'complex' | 'string';

function basicKind(v: unknown): BasicKind | FuncError {
  switch (kindOf(v)) {
    case 'bool':
      return 'bool';
    case 'int':
    case 'duration':
      return 'int';
    case 'float':
      return 'float';
    case 'complex':
      return 'complex';
    case 'string':
      return 'string';
    default:
      return new FuncError('invalid type for comparison');
  }
}

const BAD_COMPARISON = 'incompatible types for comparison';

function eq(arg1: unknown, rest: unknown[]): boolean | FuncError {
  if (rest.length === 0) return new FuncError('missing argument for comparison');
  const k1 = basicKind(arg1);
  for (const arg of rest) {
    const k2 = basicKind(arg);
    let truth = false;
    if (typeof k1 === 'string' && typeof k2 === 'string') {
      if (k1 !== k2) return new FuncError(BAD_COMPARISON);
      switch (k1) {
        case 'int':
          truth = intValue(arg1) === intValue(arg);
          break;
        case 'complex':
          truth = (arg1 as GoComplex).re === (arg as GoComplex).re && (arg1 as GoComplex).im === (arg as GoComplex).im;
          break;
        default:
          truth = arg1 === arg;
      }
    } else if (typeof k1 === 'string' || typeof k2 === 'string') {
      // One side basic, the other not: only an invalid value compares (unequal).
      if (arg1 !== undefined && arg !== undefined) return new FuncError(BAD_COMPARISON);
    } else {
      const nil1 = arg1 === null || arg1 === undefined;
      const nil2 = arg === null || arg === undefined;
      if (!nil1 && !nil2 && goTypeName(arg1) !== goTypeName(arg)) {
        return new FuncError(`non-comparable types ${formatValue(arg1)}: ${goTypeName(arg1)}, ${goTypeName(arg)}: ${formatValue(arg)}`);
      }
      if (nil1 || nil2) truth = nil1 === nil2;
      else if (['map', 'slice', 'func'].includes(kindOf(arg))) return new FuncError(`non-comparable type ${formatValue(arg)}: ${goTypeName(arg)}`);
      else truth = arg1 === arg;
    }
    if (truth) return true;
  }
  return false;
}

function lt(arg1: unknown, arg2: unknown): boolean | FuncError {
  const k1 = basicKind(arg1);
  if (k1 instanceof FuncError) return k1;
  const k2 = basicKind(arg2);
  if (k2 instanceof FuncError) return k2;
  if (k1 !== k2) return new FuncError(BAD_COMPARISON);
  switch (k1) {
    case 'bool':
    case 'complex':
      return new FuncError('invalid type for comparison');
    case 'int':
      return intValue(arg1) < intValue(arg2);
    default:
      return (arg1 as number | string) < (arg2 as number | string);
  }
}

function not(b: boolean | FuncError): boolean | FuncError {
  return b instanceof FuncError ? b : !b;
}

function le(a: unknown, b: unknown): boolean | FuncError {
  const l = lt(a, b);
  if (l instanceof FuncError || l) return l;
  return eq(a, [b]);
}

function utf8Length(s: string): number {
  return new TextEncoder().encode(s).length;
}

/** The length Go's reflect Len() gives: bytes for strings. */
function lengthOf(v: unknown): number | undefined {
  switch (kindOf(v)) {
    case 'string':
      return utf8Length(v as string);
    case 'slice':
      return sliceItems(v).length;
    case 'map':
      return mapView(v)!.keys.length;
    default:
      return undefined;
  }
}

function indexArg(index: unknown, cap: number): number | FuncError {
  const k = kindOf(index);
  if (k === 'invalid' || k === 'nil') return new FuncError('cannot index slice/array with nil');
  if (k !== 'int') return new FuncError(`cannot index slice/array with type ${goTypeName(index)}`);
  const x = intValue(index);
  if (x < 0n || x > BigInt(cap)) return new FuncError(`index out of range: ${x}`);
  return Number(x);
}

function index(item: unknown, indexes: unknown[]): unknown {
  if (item === undefined || item === null) return new FuncError('index of untyped nil');
  let cur: unknown = item;
  for (const idx of indexes) {
    if (cur === null) return new FuncError('index of nil pointer');
    switch (kindOf(cur)) {
      case 'string':
      case 'slice': {
        const isString = typeof cur === 'string';
        const len = isString ? utf8Length(cur as string) : sliceItems(cur).length;
        const x = indexArg(idx, len);
        if (x instanceof FuncError) return x;
        if (x === len) return new FuncError(`index out of range: ${x}`);
        cur = isString ? new GoInt(BigInt(new TextEncoder().encode(cur as string)[x]!)) : sliceItems(cur)[x];
        break;
      }
      case 'map': {
        if (idx === undefined || idx === null) return new FuncError('value is nil; should be of type string');
        if (typeof idx !== 'string') return new FuncError(`value has type ${goTypeName(idx)}; should be string`);
        const m = mapView(cur)!;
        cur = m.has(idx) ? m.get(idx) : m.zero;
        break;
      }
      default:
        return new FuncError(`can't index item of type ${goTypeName(cur)}`);
    }
  }
  return cur;
}

function slice(item: unknown, indexes: unknown[]): unknown {
  if (item === undefined || item === null) return new FuncError('slice of untyped nil');
  if (indexes.length > 3) return new FuncError(`too many slice indexes: ${indexes.length}`);
  const k = kindOf(item);
  if (k === 'string' && indexes.length === 3) return new FuncError('cannot 3-index slice a string');
  if (k !== 'string' && k !== 'slice') return new FuncError(`can't slice item of type ${goTypeName(item)}`);
  const bytes = k === 'string' ? new TextEncoder().encode(item as string) : undefined;
  const len = bytes ? bytes.length : sliceItems(item).length;
  const idx = [0, len, len];
  for (let i = 0; i < indexes.length; i++) {
    const x = indexArg(indexes[i], len);
    if (x instanceof FuncError) return x;
    idx[i] = x;
  }
  if (idx[0]! > idx[1]!) return new FuncError(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1]! > idx[2]!) return new FuncError(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  if (bytes) return new TextDecoder().decode(bytes.slice(idx[0], idx[1]));
  const items = sliceItems(item).slice(idx[0], idx[1]);
  return item instanceof GoSlice ? new GoSlice(items, item.typeName) : items;
}

/** funcs.go evalArgs: a lone string as is, anything else through fmt.Sprint. */
function evalArgs(args: unknown[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  // A nil interface{} argument is an invalid reflect.Value to printableValue.
  return goSprint(args.map((a) => (a === undefined || a === null ? '<no value>' : a)));
}

export function htmlEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    switch (ch) {
      case '"':
        out += '&#34;';
        break;
      case "'":
        out += '&#39;';
        break;
      case '&':
        out += '&amp;';
        break;
      case '<':
        out += '&lt;';
        break;
      case '>':
        out += '&gt;';
        break;
      case '\0':
        out += '\uFFFD';
        break;
      default:
        out += ch;
    }
  }
  return out;
}

const JS_SPECIAL: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '<': '\\u003C',
  '>': '\\u003E',
  '&': '\\u0026',
  '=': '\\u003D',
};

export function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    const special = JS_SPECIAL[ch];
    if (special !== undefined) out += special;
    else if (cp < 0x20) out += '\\u' + cp.toString(16).toUpperCase().padStart(4, '0');
    else if (cp < 0x80 || isGoPrint(cp)) out += ch;
    else out += '\\u' + cp.toString(16).toUpperCase().padStart(4, '0');
  }
  return out;
}

/** url.QueryEscape */
export function queryEscape(s: string): string {
  let out = '';
  for (const b of new TextEncoder().encode(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

function call(fn: unknown, args: unknown[]): unknown {
  if (fn === undefined || fn === null) return new FuncError('call of nil');
  if (typeof fn !== 'function') return new FuncError(`non-function of type ${goTypeName(fn)}`);
  try {
    const r = (fn as (...a: unknown[]) => unknown)(...args);
    if (r instanceof Error) return new FuncError(r.message);
    return r;
  } catch (e) {
    return new FuncError(e instanceof Error ? e.message : String(e));
  }
}

/** and/or: the first argument whose truth is `truth`, else the last. */
function firstWithTruth(args: unknown[], truth: boolean): unknown {
  for (const a of args) if (isTrue(a).truth === truth) return a;
  return args[args.length - 1];
}

/** The builtin table, in funcs.go's order. */
export const GO_BUILTIN_FUNCTIONS: Readonly<Record<string, TemplateFunction>> = {
  and: { params: ['value'], variadic: 'value', call: (args) => firstWithTruth(args, false) },
  call: { params: ['value'], variadic: 'value', call: ([fn, ...rest]) => call(fn, rest) },
  html: { params: [], variadic: 'interface', call: (args) => htmlEscape(evalArgs(args)) },
  index: { params: ['value'], variadic: 'value', call: ([item, ...rest]) => index(item, rest) },
  slice: { params: ['value'], variadic: 'value', call: ([item, ...rest]) => slice(item, rest) },
  js: { params: [], variadic: 'interface', call: (args) => jsEscape(evalArgs(args)) },
  len: {
    params: ['value'],
    call: ([item]) => {
      if (item === undefined || item === null) return new FuncError('len of untyped nil');
      const n = lengthOf(item);
      return n === undefined ? new FuncError(`len of type ${goTypeName(item)}`) : new GoInt(BigInt(n));
    },
  },
  not: { params: ['value'], call: ([v]) => !isTrue(v).truth },
  or: { params: ['value'], variadic: 'value', call: (args) => firstWithTruth(args, true) },
  print: { params: [], variadic: 'interface', call: (args) => goSprint(args) },
  printf: { params: ['string'], variadic: 'interface', call: ([format, ...rest]) => goSprintf(format as string, rest) },
  println: { params: [], variadic: 'interface', call: (args) => goSprintln(args) },
  urlquery: { params: [], variadic: 'interface', call: (args) => queryEscape(evalArgs(args)) },
  eq: { params: ['value'], variadic: 'value', call: ([a, ...rest]) => eq(a, rest) },
  ge: { params: ['value', 'value'], call: ([a, b]) => not(lt(a, b)) },
  gt: { params: ['value', 'value'], call: ([a, b]) => not(le(a, b)) },
  le: { params: ['value', 'value'], call: ([a, b]) => le(a, b) },
  lt: { params: ['value', 'value'], call: ([a, b]) => lt(a, b) },
  ne: { params: ['value', 'value'], call: ([a, b]) => not(eq(a, [b])) },
};
