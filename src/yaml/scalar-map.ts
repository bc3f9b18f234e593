// The scalar position mapper: for a YAML scalar, where in the file does each
// character of its *parsed value* come from? A PromQL error at offset 17 of an
// `expr:` value must be reported at the file line:column of that character,
// whatever the scalar style (plain, quoted with escapes, literal or folded
// block with indentation indicators and chomping).
//
// We rebuild the value from the scalar's source following the YAML 1.2 rules
// for that style, recording a file offset per UTF-16 unit of the value, then
// compare the rebuilt value with the one the `yaml` package parsed. When they
// agree (the normal case) the map is exact; when they do not (a style corner
// we do not model), `exact` is false and offsets fall back to a linear guess
// from the start of the scalar, so callers still get a position inside it.
import { Scalar } from 'yaml';
import type { SourceText, LineCol } from '../positions.js';

export interface ScalarSourceMap {
  /** The value as a string (numbers/booleans keep their source spelling). */
  readonly value: string;
  /** offsets[i] is the file offset of value[i]; offsets[value.length] is the end. */
  readonly offsets: Int32Array;
  /** True when the rebuilt value matched the parser's value exactly. */
  readonly exact: boolean;
}

/** The CST token the `yaml` package keeps with `keepSourceTokens: true`. */
interface ScalarSourceToken {
  readonly type: string;
  readonly offset: number;
  readonly indent: number;
  readonly source: string;
  readonly props?: readonly { readonly type: string; readonly source: string }[];
}

/** One character of a value with the file offset it came from. */
interface Unit {
  readonly ch: string;
  readonly off: number;
  /** Unescaped space or tab: the only characters folding may trim. */
  readonly ws: boolean;
}

interface FlowLine {
  readonly units: Unit[];
  /** File offset of the line break ending this line (or end of content). */
  readonly breakOff: number;
  /** Double-quoted line ending in `\`: the break is escaped, no folding. */
  readonly escapedBreak: boolean;
}

const cache = new WeakMap<Scalar, ScalarSourceMap>();

/** Builds (and caches per node) the map from value offsets to file offsets. */
export function scalarSourceMap(node: Scalar, text: string): ScalarSourceMap {
  const cached = cache.get(node);
  if (cached) return cached;
  const map = buildMap(node, text);
  cache.set(node, map);
  return map;
}

/** File offset of the character at `valueOffset` in the scalar's value. */
export function scalarFileOffset(node: Scalar, text: string, valueOffset: number): number {
  const map = scalarSourceMap(node, text);
  const i = Math.max(0, Math.min(Math.trunc(valueOffset), map.value.length));
  return map.offsets[i] ?? 0;
}

/** 1-based file line:column of the character at `valueOffset` in the scalar's value. */
export function scalarPosition(node: Scalar, source: SourceText, valueOffset: number): LineCol {
  return source.positionAt(scalarFileOffset(node, source.text, valueOffset));
}

/**
 * The value of a scalar as Go's yaml.v3 would store it in a string field: the
 * text as written for plain numbers and booleans, `null` for a null scalar.
 */
export function scalarString(node: Scalar, text: string): string | null {
  if (node.value === null || node.value === undefined) return null;
  if (typeof node.value === 'string') return node.value;
  return scalarSourceMap(node, text).value;
}

function buildMap(node: Scalar, text: string): ScalarSourceMap {
  const range = node.range ?? [0, 0, 0];
  const [start, valueEnd] = range;
  const parsed = typeof node.value === 'string' ? node.value : undefined;
  const token = node.srcToken as ScalarSourceToken | undefined;
  let built: { value: string; offsets: number[] } | undefined;
  switch (node.type) {
    case Scalar.BLOCK_LITERAL:
    case Scalar.BLOCK_FOLDED:
      built = token ? mapBlock(node.type === Scalar.BLOCK_FOLDED, token, valueEnd, parsed) : undefined;
      break;
    case Scalar.QUOTE_DOUBLE:
      built = mapFlow(text.slice(start + 1, valueEnd - 1), start + 1, 'double');
      break;
    case Scalar.QUOTE_SINGLE:
      built = mapFlow(text.slice(start + 1, valueEnd - 1), start + 1, 'single');
      break;
    case Scalar.PLAIN:
    default:
      built = mapFlow(text.slice(start, valueEnd), start, 'plain');
      break;
  }
  if (built && (parsed === undefined || built.value === parsed)) {
    return { value: built.value, offsets: Int32Array.from(built.offsets), exact: true };
  }
  // Fallback: a linear guess inside the node's source.
  const value = parsed ?? text.slice(start, valueEnd);
  const offsets = new Int32Array(value.length + 1);
  for (let i = 0; i <= value.length; i++) offsets[i] = Math.min(start + i, valueEnd);
  return { value, offsets, exact: false };
}

// ---------------------------------------------------------------- flow styles

const DOUBLE_ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_ESCAPE_LENGTH: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/** Splits flow-scalar content into lines of units, decoding quotes and escapes. */
function flowLines(src: string, base: number, style: 'plain' | 'single' | 'double'): FlowLine[] {
  const lines: FlowLine[] = [];
  let units: Unit[] = [];
  let i = 0;
  const endLine = (breakOff: number, escapedBreak: boolean): void => {
    lines.push({ units, breakOff, escapedBreak });
    units = [];
  };
  while (i < src.length) {
    const c = src[i] as string;
    if (c === '\r' && src[i + 1] === '\n') {
      i++;
      continue;
    }
    if (c === '\n') {
      endLine(base + i, false);
      i++;
      continue;
    }
    if (style === 'single' && c === "'" && src[i + 1] === "'") {
      units.push({ ch: "'", off: base + i, ws: false });
      i += 2;
      continue;
    }
    if (style === 'double' && c === '\\') {
      const e = src[i + 1];
      if (e === '\n' || (e === '\r' && src[i + 2] === '\n')) {
        endLine(base + i, true);
        i += e === '\n' ? 2 : 3;
        continue;
      }
      if (e !== undefined && e in HEX_ESCAPE_LENGTH) {
        const n = HEX_ESCAPE_LENGTH[e] ?? 0;
        const code = Number.parseInt(src.slice(i + 2, i + 2 + n), 16);
        const decoded = Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
        for (const ch of splitUnits(decoded)) units.push({ ch, off: base + i, ws: false });
        i += 2 + n;
        continue;
      }
      const simple = e === undefined ? undefined : DOUBLE_ESCAPES[e];
      units.push({ ch: simple ?? e ?? '\\', off: base + i, ws: false });
      i += 2;
      continue;
    }
    units.push({ ch: c, off: base + i, ws: c === ' ' || c === '\t' });
    i++;
  }
  endLine(base + src.length, false);
  return lines;
}

function splitUnits(s: string): string[] {
  const out: string[] = [];
  for (let k = 0; k < s.length; k++) out.push(s[k] as string);
  return out;
}

/** Flow folding (YAML 1.2 §7.3): trims around breaks, a break becomes a space, empty lines become newlines. */
function mapFlow(src: string, base: number, style: 'plain' | 'single' | 'double'): { value: string; offsets: number[] } {
  const lines = flowLines(src, base, style);
  const last = lines.length - 1;
  const trimmed = lines.map((line, idx) => {
    let a = 0;
    let b = line.units.length;
    if (idx > 0) while (a < b && line.units[a]?.ws) a++;
    if (idx < last && !line.escapedBreak) while (b > a && line.units[b - 1]?.ws) b--;
    return line.units.slice(a, b);
  });
  let value = '';
  const offsets: number[] = [];
  const emit = (ch: string, off: number): void => {
    value += ch;
    offsets.push(off);
  };
  let idx = 0;
  while (idx <= last) {
    for (const u of trimmed[idx] ?? []) emit(u.ch, u.off);
    if (idx === last) break;
    // Find the next line with content (or the last line); lines between are empty.
    let next = idx + 1;
    while (next < last && (trimmed[next]?.length ?? 0) === 0) next++;
    const empties = next - idx - 1;
    const line = lines[idx] as FlowLine;
    if (empties === 0) {
      if (!line.escapedBreak) emit(' ', line.breakOff);
    } else {
      for (let k = idx + 1; k < next; k++) emit('\n', (lines[k] as FlowLine).breakOff);
    }
    idx = next;
  }
  offsets.push(base + src.length);
  return { value, offsets };
}

// -------------------------------------------------------------- block styles

interface BlockLine {
  /** Text of the line without its break. */
  readonly text: string;
  /** File offset of the line's first character. */
  readonly off: number;
  /** File offset of the line break (or the end of the content). */
  readonly breakOff: number;
}

function mapBlock(folded: boolean, token: ScalarSourceToken, valueEnd: number, parsed: string | undefined): { value: string; offsets: number[] } | undefined {
  const header = token.props?.find((p) => p.type === 'block-scalar-header')?.source ?? (folded ? '>' : '|');
  const chomp = header.includes('-') ? 'strip' : header.includes('+') ? 'keep' : 'clip';
  const indicator = /[1-9]/.exec(header)?.[0];
  const contentStart = valueEnd - token.source.length;
  const lines: BlockLine[] = [];
  let pos = 0;
  while (pos < token.source.length) {
    const nl = token.source.indexOf('\n', pos);
    const end = nl === -1 ? token.source.length : nl;
    const raw = token.source.slice(pos, end);
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    lines.push({ text, off: contentStart + pos, breakOff: contentStart + end });
    pos = nl === -1 ? token.source.length : nl + 1;
  }
  // Candidate content indentations: the one the header implies first, then the others.
  const candidates: number[] = [];
  if (indicator !== undefined) candidates.push(token.indent + Number(indicator), Number(indicator));
  else {
    const first = lines.find((l) => l.text.trim() !== '');
    candidates.push(first ? first.text.length - first.text.trimStart().length : 0);
  }
  for (let n = 0; n <= 16; n++) if (!candidates.includes(n)) candidates.push(n);
  let fallback: { value: string; offsets: number[] } | undefined;
  for (const indent of candidates) {
    const built = buildBlock(folded, chomp, indent, lines, contentStart + token.source.length);
    if (parsed === undefined || built.value === parsed) return built;
    fallback ??= built;
  }
  return fallback;
}

function buildBlock(
  folded: boolean,
  chomp: 'strip' | 'clip' | 'keep',
  indent: number,
  lines: readonly BlockLine[],
  end: number,
): { value: string; offsets: number[] } {
  let value = '';
  const offsets: number[] = [];
  const emit = (ch: string, off: number): void => {
    value += ch;
    offsets.push(off);
  };
  // A line is content when it has non-space text past the indentation (or, in
  // a literal, any characters past it); otherwise it is an empty line.
  const isContent = (l: BlockLine): boolean => l.text.length > indent && l.text.slice(0, indent).trim() === '';
  let lastContent = -1;
  for (let k = lines.length - 1; k >= 0; k--) {
    if (isContent(lines[k] as BlockLine)) {
      lastContent = k;
      break;
    }
  }
  let prevSpaced: boolean | undefined; // undefined: no content line yet
  let pendingBreak: BlockLine | undefined; // break after the previous content line
  let pendingEmpties: BlockLine[] = [];
  for (let k = 0; k <= lastContent; k++) {
    const line = lines[k] as BlockLine;
    if (!isContent(line)) {
      if (prevSpaced === undefined) emit('\n', line.breakOff);
      else pendingEmpties.push(line);
      continue;
    }
    const body = line.text.slice(indent);
    const spaced = body.startsWith(' ') || body.startsWith('\t');
    if (pendingBreak && prevSpaced !== undefined) {
      if (folded && !prevSpaced && !spaced) {
        if (pendingEmpties.length === 0) emit(' ', pendingBreak.breakOff);
        else for (const e of pendingEmpties) emit('\n', e.breakOff);
      } else {
        emit('\n', pendingBreak.breakOff);
        for (const e of pendingEmpties) emit('\n', e.breakOff);
      }
    }
    for (let c = 0; c < body.length; c++) emit(body[c] as string, line.off + indent + c);
    prevSpaced = spaced;
    pendingBreak = line;
    pendingEmpties = [];
  }
  // Chomping: what happens to the final break and the trailing empty lines.
  const trailing = lines.slice(lastContent + 1);
  const finalBreak = lastContent >= 0 ? (lines[lastContent] as BlockLine) : undefined;
  const hasFinalBreak = finalBreak !== undefined && finalBreak.breakOff < end;
  if (chomp !== 'strip' && finalBreak && hasFinalBreak) emit('\n', finalBreak.breakOff);
  if (chomp === 'keep') {
    for (const l of trailing) if (l.breakOff < end) emit('\n', l.breakOff);
  }
  offsets.push(end);
  return { value, offsets };
}

/** The value of a flow scalar rebuilt from its source (quotes, escapes, folding), whatever the parser made of it. */
export function flowScalarValue(node: Scalar, text: string): string | undefined {
  const [start, valueEnd] = node.range ?? [0, 0, 0];
  switch (node.type) {
    case Scalar.QUOTE_DOUBLE:
      return mapFlow(text.slice(start + 1, valueEnd - 1), start + 1, 'double').value;
    case Scalar.QUOTE_SINGLE:
      return mapFlow(text.slice(start + 1, valueEnd - 1), start + 1, 'single').value;
    default:
      return undefined;
  }
}
