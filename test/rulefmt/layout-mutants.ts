// YAML-layout mutants of real rule files for the differential test against
// promtool: the same content written with another layout (scalar styles,
// multi-line flow scalars with every continuation indentation, block scalars
// with chomping and indentation indicators, flow collections, anchors,
// aliases and merge keys, CRLF, lone CR, BOM, tabs, comments, document
// markers), and a share of layouts broken on purpose. Seeded and
// deterministic. `expected` is what the file means when it is read as
// intended (absent for a broken layout): the test checks promforge decodes it.
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';

export interface LayoutMutant {
  readonly id: string;
  readonly text: string;
  /** The seed's content as plain data, when the layout is meant to be valid. */
  readonly expected?: unknown;
  /** What was broken on purpose, if anything. */
  readonly broken?: string;
}

/** A scalar written in the seed as a number, boolean or null: emitted as written, plain. */
interface Raw {
  readonly raw: string;
}
type Data = string | Raw | Data[] | { [key: string]: Data };

const isRaw = (d: Data): d is Raw =>
  typeof d === 'object' && d !== null && !Array.isArray(d) && 'raw' in d && Object.keys(d).length === 1 && typeof (d as Raw).raw === 'string';

/** Seeded PRNG (mulberry32). */
function prng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * n;
  };
}

function toData(node: Node | null | undefined, text: string): Data {
  if (isMap(node)) {
    const out: { [key: string]: Data } = {};
    for (const pair of node.items) out[String(isScalar(pair.key) ? pair.key.value : pair.key)] = toData(pair.value as Node, text);
    return out;
  }
  if (isSeq(node)) return node.items.map((i) => toData(i as Node, text));
  if (isScalar(node)) {
    if (typeof node.value === 'string') return node.value;
    const [a, b] = node.range ?? [0, 0];
    return { raw: text.slice(a, b) };
  }
  return { raw: '~' };
}

/** Plain data as the decoder reads it: raw scalars as written. */
export function plainData(d: Data): unknown {
  if (typeof d === 'string') return d;
  if (isRaw(d)) return d.raw;
  if (Array.isArray(d)) return d.map(plainData);
  return Object.fromEntries(Object.entries(d).map(([k, v]) => [k, plainData(v)]));
}

type Continuation = 'deeper' | 'same' | 'less' | 'column0' | 'tab';
const CONTINUATIONS: readonly Continuation[] = ['deeper', 'same', 'less', 'column0', 'tab'];

interface Layout {
  readonly r: (n: number) => number;
  readonly step: number;
  readonly indentlessSeq: boolean;
  readonly anchors: Map<string, string>;
  anchorCount: number;
}

const pick = <T>(r: (n: number) => number, xs: readonly T[]): T => xs[Math.floor(r(xs.length))] as T;

function continuationPrefix(kind: Continuation, keyColumn: number): string {
  switch (kind) {
    case 'deeper':
      return ' '.repeat(keyColumn + 2);
    case 'same':
      return ' '.repeat(keyColumn);
    case 'less':
      return ' '.repeat(Math.max(0, keyColumn - 2));
    case 'column0':
      return '';
    case 'tab':
      return '\t';
  }
}

/** Splits at single spaces (folding turns one line break back into one space). */
function foldPoints(s: string): number[] {
  const out: number[] = [];
  for (let i = 1; i < s.length - 1; i++) if (s[i] === ' ' && s[i - 1] !== ' ' && s[i + 1] !== ' ' && s[i - 1] !== '\t' && s[i + 1] !== '\t') out.push(i);
  return out;
}

function foldAt(s: string, points: number[], prefix: string): string {
  let out = '';
  let last = 0;
  for (const p of points) {
    out += s.slice(last, p) + '\n' + prefix;
    last = p + 1;
  }
  return out + s.slice(last);
}

const PLAIN_UNSAFE = /^[-?:,[\]{}#&*!|>'"%@`\s]|: |\s#|[\n\t]|\s$|:$/;
const NULL_LIKE = /^(~|null|Null|NULL)$/;

function doubleQuote(s: string): string {
  return `"${s
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\t/g, '\\t')
    .replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}"`;
}

/** A string value after `key: ` at `keyColumn`; returns the text to append (may span lines). */
function scalar(L: Layout, s: string, keyColumn: number): string {
  const r = L.r;
  const styles = ['single', 'double'];
  if (!PLAIN_UNSAFE.test(s) && s !== '' && !NULL_LIKE.test(s)) styles.push('plain', 'plain', 'plain');
  if (s.length > 0 && !/^\s/.test(s) && !/[ \t]\n|\n[ \t]/.test(s) && !/[\x00-\x08\x0b-\x1f\x7f]/.test(s)) styles.push('literal', 'literal');
  if (!s.includes('\n') && !/^\s|\s$| {2}|\t/.test(s) && s.length > 0) styles.push('folded');
  const style = pick(r, styles);
  const points = foldPoints(s);
  const multi = points.length > 0 && r(1) < 0.5 ? points.filter(() => r(1) < 0.4) : [];
  switch (style) {
    case 'plain': {
      if (multi.length === 0 || s.includes('\n')) return s;
      // Plain continuation lines must be indented past the key: go-yaml and YAML agree.
      return foldAt(s, multi, ' '.repeat(keyColumn + 1 + Math.floor(r(3))));
    }
    case 'single': {
      const body = s.replace(/'/g, "''");
      if (s.includes('\n')) {
        // Whitespace next to a line break would be folded away: double quotes keep it.
        if (/[ \t]\n|\n[ \t]/.test(s)) return doubleQuote(s);
        return `'${body.replace(/\n+/g, (m) => '\n'.repeat(m.length + 1) + ' '.repeat(keyColumn + 2))}'`;
      }
      if (multi.length === 0) return `'${body}'`;
      const points2 = foldPoints(body);
      const chosen = points2.filter(() => r(1) < 0.4);
      return `'${foldAt(body, chosen, continuationPrefix(pick(r, CONTINUATIONS), keyColumn))}'`;
    }
    case 'double': {
      const q = doubleQuote(s);
      if (multi.length === 0) return q;
      const inner = q.slice(1, -1);
      const pts = foldPoints(inner).filter(() => r(1) < 0.4);
      if (r(1) < 0.3 && inner.length > 4) {
        // An escaped line break: the value goes on without a space.
        const at = 2 + Math.floor(r(inner.length - 3));
        if (inner[at - 1] !== '\\' && inner[at] !== ' ' && inner[at - 1] !== ' ' && !/\\[xuU]?[0-9a-fA-F]*$/.test(inner.slice(Math.max(0, at - 9), at))) {
          return `"${inner.slice(0, at)}\\\n${continuationPrefix(pick(r, CONTINUATIONS), keyColumn)}${inner.slice(at)}"`;
        }
      }
      return `"${foldAt(inner, pts, continuationPrefix(pick(r, CONTINUATIONS), keyColumn))}"`;
    }
    case 'literal': {
      const trailing = /\n+$/.exec(s)?.[0].length ?? 0;
      const body = s.slice(0, s.length - trailing);
      const chomp = trailing === 0 ? '-' : trailing === 1 ? pick(r, ['', '']) : '+';
      const extra = Math.floor(r(3));
      const indicator = r(1) < 0.3 ? String(2 + extra) : '';
      const indent = ' '.repeat(keyColumn + 2 + extra);
      const lines = body.split('\n').map((l) => (l === '' ? '' : indent + l));
      const header = pick(r, [`|${indicator}${chomp}`, `|${chomp}${indicator}`]);
      const comment = r(1) < 0.2 ? ' # block' : '';
      // Keep (`+`) takes every trailing break; the caller ends the other two with one.
      return `${header}${comment}\n${lines.join('\n')}${chomp === '+' ? '\n'.repeat(trailing) : ''}`;
    }
    default: {
      const indent = ' '.repeat(keyColumn + 2);
      const pts = points.filter(() => r(1) < 0.5);
      return `>-\n${indent}${foldAt(s, pts, indent)}`;
    }
  }
}

function key(L: Layout, k: string): string {
  if (L.r(1) < 0.05) return `"${k}"`;
  if (L.r(1) < 0.03) return `'${k}'`;
  return k;
}

/** Emits a mapping's entries at `column` (the first line already positioned by the caller). */
function emitMap(L: Layout, m: { [key: string]: Data }, column: number, firstInline: boolean): string {
  const pad = ' '.repeat(column);
  let out = '';
  let first = true;
  for (const [k, v] of Object.entries(m)) {
    out += first && firstInline ? '' : pad;
    first = false;
    if (L.r(1) < 0.03) out += `# note\n${pad}`;
    out += `${key(L, k)}:${emitValue(L, v, column)}`;
  }
  return out;
}

function isStringMap(v: Data): v is { [key: string]: string } {
  return typeof v === 'object' && !Array.isArray(v) && !isRaw(v) && Object.values(v).every((x) => typeof x === 'string');
}

/** The value part after `key:` (leading space included), ending with a line break. */
function emitValue(L: Layout, v: Data, keyColumn: number): string {
  const r = L.r;
  const sep = r(1) < 0.03 ? '\t' : ' ';
  if (typeof v === 'string') {
    const anchored = L.anchors.get(v);
    if (anchored !== undefined && r(1) < 0.5 && v.length > 2) return ` *${anchored}\n`;
    let anchor = '';
    if (v.length > 2 && !L.anchors.has(v) && r(1) < 0.15) {
      const name = `a${L.anchorCount++}`;
      L.anchors.set(v, name);
      anchor = `&${name} `;
    }
    const body = scalar(L, v, keyColumn);
    const trailer = r(1) < 0.05 && !/[|>]/.test(body[0] ?? '') ? `${pick(r, [' ', '\t', '  '])}# c` : '';
    return `${sep}${anchor}${body}${body.endsWith('\n') ? '' : trailer + '\n'}`;
  }
  if (isRaw(v)) return ` ${v.raw}\n`;
  if (Array.isArray(v)) {
    if (v.length === 0) return ' []\n';
    const dash = L.indentlessSeq ? keyColumn : keyColumn + L.step;
    let out = '\n';
    for (const item of v) {
      out += `${' '.repeat(dash)}-`;
      if (typeof item === 'object' && !Array.isArray(item) && !isRaw(item)) {
        if (Object.keys(item).length === 0) out += ' {}\n';
        else out += ` ${emitMap(L, item, dash + 2, true)}`;
      } else out += emitValue(L, item, dash);
    }
    return out;
  }
  const entries = Object.entries(v);
  if (entries.length === 0) return ' {}\n';
  if (isStringMap(v) && r(1) < 0.2) {
    // A flow mapping, sometimes over several lines indented any amount (go-yaml ignores indentation in flow context).
    const items = entries.map(([k, s]) => `${k}: ${doubleQuote(s as string)}`);
    const breakBefore = (i: number): string => (i > 0 && r(1) < 0.4 ? `\n${continuationPrefix(pick(r, CONTINUATIONS), keyColumn)}` : ' ');
    return ` {${items.map((it, i) => breakBefore(i) + it).join(',')}}\n`;
  }
  return `\n${emitMap(L, v, keyColumn + L.step, false)}`;
}

/** Deliberate breakage: each one is invalid for go-yaml. */
const BREAKERS: readonly { name: string; apply: (text: string, r: (n: number) => number) => string | undefined }[] = [
  { name: 'tab-indent', apply: (t) => (/\n {2,}\S/.test(t) ? t.replace(/\n {2}(?=\S)/, '\n\t') : undefined) },
  { name: 'unclosed-quote', apply: (t) => (/: "/.test(t) ? t.replace(/: "([^"\n]*)"\n/, ': "$1\n') : undefined) },
  { name: 'bad-escape', apply: (t) => (/: "/.test(t) ? t.replace(/: "/, ': "\\q') : undefined) },
  { name: 'dedent-key', apply: (t) => (/\n {4}expr:/.test(t) ? t.replace(/\n {4}expr:/, '\n   expr:') : undefined) },
  {
    name: 'plain-continuation-under-key',
    apply: (t) => (/\n( +)expr: ([a-z_]+) ([^\n'"|>]+)\n/.test(t) ? t.replace(/\n( +)expr: ([a-z_]+) ([^\n'"|>#]+)\n/, '\n$1expr: $2\n$1$3\n') : undefined),
  },
  { name: 'document-marker-in-quotes', apply: (t) => (/: '[^'\n]+ [^'\n]+'/.test(t) ? t.replace(/: '([^'\n ]+) ([^'\n]+)'/, ": '$1\n---\n $2'") : undefined) },
  { name: 'control-character', apply: (t) => (/expr: [a-z]/.test(t) ? t.replace(/expr: ([a-z])/, 'expr: $1\x07') : undefined) },
  { name: 'anchor-bad-name', apply: (t) => (/: [a-z]/.test(t) ? t.replace(/: ([a-z])/, ': &x.y $1') : undefined) },
  { name: 'duplicate-key', apply: (t) => (/\n( *)expr: [^\n]*\n/.test(t) ? t.replace(/\n( *)expr: ([^\n]*)\n/, '\n$1expr: $2\n$1expr: $2\n') : undefined) },
  {
    name: 'tab-before-plain-continuation',
    apply: (t) => (/\n( +)expr: ([a-z_]+) ([^\n'"|>#]+)\n/.test(t) ? t.replace(/\n( +)expr: ([a-z_]+) ([^\n'"|>#]+)\n/, '\n$1expr: $2\n\t$1 $3\n') : undefined),
  },
  { name: 'yaml-1.2-directive', apply: (t) => `%YAML 1.2\n---\n${t}` },
  { name: 'surrogate-escape', apply: (t) => (/: "/.test(t) ? t.replace(/: "/, ': "\\ud800') : undefined) },
];

/** `perSeed` mutants of each seed; about one in four is broken on purpose. */
export function generateLayoutMutants(seeds: readonly { name: string; text: string }[], perSeed: number, seed = 20261202): LayoutMutant[] {
  const out: LayoutMutant[] = [];
  seeds.forEach((s, si) => {
    const doc = parseDocument(s.text);
    const data = toData(doc.contents as Node, s.text);
    for (let k = 0; k < perSeed; k++) {
      const r = prng(seed + si * 100_003 + k);
      const L: Layout = { r, step: pick(r, [2, 2, 4, 3]), indentlessSeq: r(1) < 0.5, anchors: new Map(), anchorCount: 0 };
      let text = emitMap(L, data as { [key: string]: Data }, 0, false);
      if (r(1) < 0.1) text = `---\n${text}`;
      if (r(1) < 0.05) text = `${text}...\n`;
      let broken: string | undefined;
      if (r(1) < 0.25) {
        const b = pick(r, BREAKERS);
        const t = b.apply(text, r);
        if (t !== undefined && t !== text) {
          text = t;
          broken = b.name;
        }
      }
      const ending = r(1);
      if (ending < 0.1) text = text.replace(/\n/g, '\r\n');
      else if (ending < 0.13) text = text.replace(/\n/g, '\r');
      if (r(1) < 0.05) text = `\ufeff${text}`;
      const id = `${s.name}--layout-${k}${broken ? `-${broken}` : ''}`;
      out.push({ id, text, ...(broken ? { broken } : { expected: plainData(data) }) });
    }
  });
  return out;
}
