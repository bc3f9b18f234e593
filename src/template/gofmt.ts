// Go's fmt as templates use it: Sprint/Sprintln/Sprintf over the value model
// of values.ts, with the verbs %v %s %d %f %F %e %E %g %G %x %X %o %O %b %c
// %q %U %t %T %%, flags `+ - # 0 space`, width, precision, `*` and explicit
// argument indexes `[n]`, and Go's error forms (%!d(string=x), %!v(MISSING),
// %!(EXTRA ...), %!(NOVERB), %!(BADWIDTH), %!(BADPREC), %!v(BADINDEX)).

import { canBackquote, formatFloat, goQuote, goQuoteASCII, goQuoteRune } from '../go/strconv.js';
import { GoComplex, GoDuration, GoInt, GoStruct, GoTime, goTypeName, intValue, kindOf, mapView, sliceItems } from './values.js';

interface Flags {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  plusV: boolean;
  sharpV: boolean;
  wid?: number;
  prec?: number;
}

function noFlags(): Flags {
  return { plus: false, minus: false, sharp: false, space: false, zero: false, plusV: false, sharpV: false };
}

function runeLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** fmt.pad: width counts runes; the 0 flag pads with zeros (strings too, as Go does). */
function pad(s: string, f: Flags): string {
  if (f.wid === undefined || f.wid === 0) return s;
  const n = f.wid - runeLength(s);
  if (n <= 0) return s;
  if (f.minus) return s + ' '.repeat(n);
  return (f.zero ? '0' : ' ').repeat(n) + s;
}

function fmtInteger(value: bigint, base: number, verb: string, f: Flags): string {
  const negative = value < 0n;
  const u = negative ? -value : value;
  let prec = 0;
  if (f.prec !== undefined) {
    prec = f.prec;
    if (prec === 0 && u === 0n) return pad('', { ...f, zero: false });
  } else if (f.zero && !f.minus && f.wid !== undefined) {
    prec = f.wid;
    if (negative || f.plus || f.space) prec--;
  }
  let digits = u.toString(base);
  if (verb === 'X') digits = digits.toUpperCase();
  if (digits.length < prec) digits = '0'.repeat(prec - digits.length) + digits;
  if (f.sharp) {
    if (base === 2) digits = '0b' + digits;
    else if (base === 8 && digits[0] !== '0') digits = '0' + digits;
    else if (base === 16) digits = (verb === 'X' ? '0X' : '0x') + digits;
  }
  if (verb === 'O') digits = '0o' + digits;
  if (negative) digits = '-' + digits;
  else if (f.plus) digits = '+' + digits;
  else if (f.space) digits = ' ' + digits;
  return pad(digits, { ...f, zero: false });
}

function fmtFloat(v: number, verb: string, prec: number, f: Flags): string {
  const p = f.prec !== undefined ? f.prec : prec;
  let num = formatFloat(v, verb as 'e', p);
  if (num[0] !== '-' && num[0] !== '+') num = '+' + num;
  if (f.space && num[0] === '+' && !f.plus) num = ' ' + num.slice(1);
  if (num[1] === 'I' || num[1] === 'N') {
    if (num[1] === 'N' && !f.space && !f.plus) num = num.slice(1);
    return pad(num, { ...f, zero: false });
  }
  if (f.sharp && verb !== 'b' && !num.includes('.') && !/[eEpP]/.test(num.slice(1))) {
    num += '.';
  }
  if (f.plus || num[0] !== '+') {
    if (f.zero && !f.minus && f.wid !== undefined && f.wid > num.length) {
      return num[0] + '0'.repeat(f.wid - num.length) + num.slice(1);
    }
    return pad(num, f);
  }
  return pad(num.slice(1), f);
}

function fmtComplex(c: GoComplex, verb: string, f: Flags): string {
  const inner = { ...f, wid: undefined };
  const re = fmtFloat(c.re, verb, floatDefaultPrec(verb), inner);
  const im = fmtFloat(c.im, verb, floatDefaultPrec(verb), { ...inner, plus: true });
  return pad(`(${re}${im}i)`, f);
}

function floatDefaultPrec(verb: string): number {
  return 'fFeE'.includes(verb) ? 6 : -1;
}

function fmtString(s: string, verb: string, f: Flags): string | undefined {
  switch (verb) {
    case 'v':
      if (f.sharpV) return pad(goQuote(s), f);
      return pad(truncate(s, f), f);
    case 's':
      return pad(truncate(s, f), f);
    case 'x':
    case 'X': {
      const bytes = new TextEncoder().encode(s);
      const n = f.prec !== undefined ? Math.min(f.prec, bytes.length) : bytes.length;
      const parts: string[] = [];
      for (let i = 0; i < n; i++) {
        let h = bytes[i]!.toString(16).padStart(2, '0');
        if (verb === 'X') h = h.toUpperCase();
        if (f.sharp) h = (verb === 'X' ? '0X' : '0x') + h;
        parts.push(h);
      }
      return pad(parts.join(f.space ? ' ' : ''), f);
    }
    case 'q': {
      const t = truncate(s, f);
      if (f.sharp && canBackquote(t)) return pad('`' + t + '`', f);
      return pad(f.plus ? goQuoteASCII(t) : goQuote(t), f);
    }
    default:
      return undefined;
  }
}

function truncate(s: string, f: Flags): string {
  if (f.prec === undefined) return s;
  return [...s].slice(0, f.prec).join('');
}

function fmtInt(v: bigint, verb: string, f: Flags): string | undefined {
  switch (verb) {
    case 'v':
    case 'd':
      return fmtInteger(v, 10, verb, f);
    case 'b':
      return fmtInteger(v, 2, verb, f);
    case 'o':
    case 'O':
      return fmtInteger(v, 8, verb, f);
    case 'x':
    case 'X':
      return fmtInteger(v, 16, verb, f);
    case 'c':
      return pad(String.fromCodePoint(validRune(v)), f);
    case 'q':
      return pad(goQuoteRune(Number(v), f.plus), f);
    case 'U': {
      let s =
        'U+' +
        v
          .toString(16)
          .toUpperCase()
          .padStart(Math.max(4, f.prec ?? 0), '0');
      if (f.sharp) s += ` '${String.fromCodePoint(validRune(v))}'`;
      return pad(s, f);
    }
    default:
      return undefined;
  }
}

function validRune(v: bigint): number {
  return v < 0n || v > 0x10ffffn || (v >= 0xd800n && v <= 0xdfffn) ? 0xfffd : Number(v);
}

/** Formats one operand with one verb (Go's printArg), depth > 0 inside containers. */
function printArg(arg: unknown, verb: string, f: Flags, depth = 0): string {
  if (arg === undefined || arg === null) {
    if (verb === 'T' || verb === 'v') return pad('<nil>', f);
    return badVerb(verb, arg);
  }
  if (verb === 'T') return pad(goTypeName(arg), f);
  if (verb === 'p') return badVerb(verb, arg);
  // Stringers (time.Time, time.Duration) for the string-like verbs.
  if ((arg instanceof GoTime || arg instanceof GoDuration) && 'vsxXq'.includes(verb)) {
    return fmtString(arg.toString(), verb === 'v' ? 's' : verb, f)!;
  }
  let out: string | undefined;
  switch (kindOf(arg)) {
    case 'bool':
      out = verb === 't' || verb === 'v' ? pad(arg ? 'true' : 'false', f) : undefined;
      break;
    case 'int':
    case 'duration':
      out = fmtInt(intValue(arg), verb, f);
      break;
    case 'float':
      if (verb === 'v') out = fmtFloat(arg as number, 'g', -1, f);
      else if ('bgGxXfFeE'.includes(verb)) out = fmtFloat(arg as number, verb, floatDefaultPrec(verb), f);
      break;
    case 'complex':
      if (verb === 'v') out = fmtComplex(arg as GoComplex, 'g', f);
      else if ('bgGxXfFeE'.includes(verb)) out = fmtComplex(arg as GoComplex, verb, f);
      break;
    case 'string':
      out = fmtString(arg as string, verb, f);
      break;
    case 'slice':
      out =
        '[' +
        sliceItems(arg)
          .map((e) => printArg(e, verb, f, depth + 1))
          .join(' ') +
        ']';
      break;
    case 'map': {
      const m = mapView(arg)!;
      out = 'map[' + m.keys.map((k) => `${printArg(k, verb, f, depth + 1)}:${printArg(m.get(k), verb, f, depth + 1)}`).join(' ') + ']';
      break;
    }
    case 'struct':
    case 'pointer': {
      const s = arg as GoStruct;
      const body = Object.entries(s.fields)
        .map(([k, v]) => (f.plusV ? `${k}:` : '') + printArg(v, verb, f, depth + 1))
        .join(' ');
      out = (s.pointer ? '&' : '') + '{' + body + '}';
      break;
    }
    case 'func':
      out = verb === 'v' ? pad('0x0', f) : undefined;
      break;
    case 'invalid':
    case 'nil':
      out = '<nil>';
      break;
  }
  return out ?? badVerb(verb, arg);
}

function badVerb(verb: string, arg: unknown): string {
  if (arg === undefined || arg === null) return `%!${verb}(<nil>)`;
  return `%!${verb}(${goTypeName(arg)}=${printArg(arg, 'v', noFlags())})`;
}

/** fmt.Sprint: operands formatted with %v, spaces between operands when neither is a string. */
export function goSprint(args: readonly unknown[]): string {
  let out = '';
  let prevString = false;
  args.forEach((a, i) => {
    const isString = typeof a === 'string';
    if (i > 0 && !isString && !prevString) out += ' ';
    out += printArg(a, 'v', noFlags());
    prevString = isString;
  });
  return out;
}

/** fmt.Sprintln: always a space between operands, newline at the end. */
export function goSprintln(args: readonly unknown[]): string {
  return args.map((a) => printArg(a, 'v', noFlags())).join(' ') + '\n';
}

/** The %v form of one value: what `{{ x }}` prints. */
export function formatValue(v: unknown): string {
  return printArg(v, 'v', noFlags());
}

function parseNum(s: string, i: number): { num?: number; next: number } {
  let j = i;
  let num = 0;
  while (j < s.length && s[j]! >= '0' && s[j]! <= '9') {
    num = num * 10 + (s.charCodeAt(j) - 48);
    if (num > 1e6) return { next: j + 1 }; // Go: absurdly large numbers are bad
    j++;
  }
  return j > i ? { num, next: j } : { next: i };
}

/** fmt.Sprintf */
export function goSprintf(format: string, args: readonly unknown[]): string {
  let out = '';
  let argNum = 0;
  let reordered = false;
  let goodArgNum = true;
  let afterIndex = false;
  let i = 0;
  const end = format.length;

  const argNumber = (): void => {
    afterIndex = false;
    if (i >= end || format[i] !== '[') return;
    reordered = true;
    const close = format.indexOf(']', i + 1);
    if (close < 0) {
      goodArgNum = false;
      return;
    }
    const n = parseNum(format, i + 1);
    if (n.num === undefined || n.next !== close || n.num < 1 || n.num > args.length) {
      goodArgNum = false;
      i = close + 1;
      return;
    }
    argNum = n.num - 1;
    i = close + 1;
    afterIndex = true;
  };

  const intFromArg = (): number | undefined => {
    if (argNum >= args.length) return undefined;
    const a = args[argNum++];
    if (!(a instanceof GoInt)) return undefined;
    const n = Number(a.value);
    return Math.abs(n) > 1e6 ? undefined : n;
  };

  while (i < end) {
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    i = pct + 1;
    const f = noFlags();
    flags: while (i < end) {
      switch (format[i]) {
        case '#':
          f.sharp = true;
          break;
        case '0':
          f.zero = !f.minus;
          break;
        case '+':
          f.plus = true;
          break;
        case '-':
          f.minus = true;
          f.zero = false;
          break;
        case ' ':
          f.space = true;
          break;
        default:
          break flags;
      }
      i++;
    }
    argNumber();
    if (i < end && format[i] === '*') {
      i++;
      const w = intFromArg();
      if (w === undefined) out += '%!(BADWIDTH)';
      else {
        f.wid = Math.abs(w);
        if (w < 0) {
          f.minus = true;
          f.zero = false;
        }
      }
      afterIndex = false;
    } else {
      const w = parseNum(format, i);
      if (w.num !== undefined) {
        f.wid = w.num;
        if (afterIndex) goodArgNum = false;
      }
      i = w.next;
    }
    if (i + 1 <= end && format[i] === '.') {
      i++;
      if (afterIndex) goodArgNum = false;
      argNumber();
      if (i < end && format[i] === '*') {
        i++;
        const p = intFromArg();
        if (p === undefined) out += '%!(BADPREC)';
        else if (p >= 0) f.prec = p;
        afterIndex = false;
      } else {
        const p = parseNum(format, i);
        f.prec = p.num ?? 0;
        i = p.next;
      }
    }
    if (!afterIndex) argNumber();
    if (i >= end) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (!goodArgNum) {
      out += `%!${verb}(BADINDEX)`;
      goodArgNum = true;
      continue;
    }
    if (argNum >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    if (verb === 'v') {
      f.sharpV = f.sharp;
      f.sharp = false;
      f.plusV = f.plus;
      f.plus = false;
    }
    out += printArg(args[argNum], verb, f);
    argNum++;
  }
  if (!reordered && argNum < args.length) {
    const extra = args.slice(argNum).map((a) => (a === null || a === undefined ? '<nil>' : `${goTypeName(a)}=${formatValue(a)}`));
    out += `%!(EXTRA ${extra.join(', ')})`;
  }
  return out;
}
