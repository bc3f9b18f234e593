// go-yaml's rules where they differ from the `yaml` package's YAML 1.2, for
// everything but token boundaries (go-lexer.ts): which characters may appear,
// which characters break lines, which escapes and anchor names are valid, which
// YAML versions are read, and which of the `yaml` package's complaints go-yaml
// does not share. Prometheus accepts exactly what go-yaml accepts.
import { isAlias, isMap, isPair, isScalar, isSeq, Scalar, type Alias, type Document, type Node, type YAMLError, type YAMLMap, type YAMLSeq } from 'yaml';
import { parseGoFloat, parseGoInt, parseGoUint } from '../go/strconv.js';

/** A problem go-yaml reports, at a UTF-16 offset of the text. */
export interface GoYamlProblem {
  readonly offset: number;
  readonly end: number;
  readonly message: string;
}

/**
 * libyaml's line breaks are LF, CRLF, a lone CR, NEL (U+0085), LS and PS
 * (U+2028/9); the `yaml` package's are LF and CRLF. Rewriting the others to
 * LF keeps every offset (all are one UTF-16 unit) and gives the lines go-yaml
 * sees. (go-yaml keeps LS/PS in a value where this gives a space or newline.)
 */
export function normalizeLineBreaks(text: string): string {
  if (!/[\r\u0085\u2028\u2029]/.test(text)) return text;
  return text.replace(/\r(?!\n)|[\u0085\u2028\u2029]/g, '\n');
}

/** libyaml's reader refuses characters outside YAML's printable set ("control characters are not allowed"). */
export function firstControlCharacter(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e) continue;
    if (c === 0x09 || c === 0x0a || c === 0x0d || c === 0x85) continue;
    if (c >= 0xa0 && c <= 0xd7ff) continue;
    if (c >= 0xe000 && c <= 0xfffd) continue;
    // Surrogates: a pair is a character above U+FFFF; a lone one cannot come
    // from a UTF-8 file (decodeRuleBytes refuses those bytes), only from a caller.
    if (c >= 0xd800 && c <= 0xdfff) continue;
    return i;
  }
  return -1;
}

/** Complaints of the `yaml` package about input go-yaml reads without one. */
export function goYamlAccepts(text: string, e: YAMLError): boolean {
  const at = e.pos[0];
  if (e.code === 'MISSING_CHAR' && e.message.startsWith('Comments must be separated')) {
    // libyaml starts a comment at `#` after a quoted scalar, a flow collection
    // end or a block scalar header without a space in between.
    return /['"\]}|>+\-0-9]/.test(text[at - 1] ?? '');
  }
  // `\'` is an escape in libyaml's double-quoted scalars.
  if (e.code === 'BAD_DQ_ESCAPE' && text.startsWith("\\'", at)) return true;
  // A multi-line flow collection whose end is not indented past its parent.
  if (e.code === 'BAD_INDENT' && e.message.startsWith('Flow end indicator should be more indented')) return true;
  return false;
}

const ANCHOR_NAME = /^[0-9A-Za-z_-]+$/;
const GO_ESCAPES = new Set(['0', 'a', 'b', 't', '\t', 'n', 'v', 'f', 'r', 'e', ' ', '"', "'", '\\', 'N', '_', 'L', 'P', '\n', '\r']);
const HEX_LENGTH: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };
const TAG_PREFIX = 'tag:yaml.org,2002:';

/** Escapes go-yaml refuses in a double-quoted scalar's source (`"…"`), and whether it holds `\'`. */
function doubleQuotedProblems(source: string, base: number, out: GoYamlProblem[]): boolean {
  let squote = false;
  for (let i = 1; i < source.length - 1; i++) {
    if (source[i] !== '\\') continue;
    const e = source[i + 1] ?? '';
    if (e === "'") squote = true;
    const n = HEX_LENGTH[e];
    if (n !== undefined) {
      const hex = source.slice(i + 2, i + 2 + n);
      const code = /^[0-9A-Fa-f]+$/.test(hex) && hex.length === n ? Number.parseInt(hex, 16) : NaN;
      if (Number.isNaN(code)) out.push({ offset: base + i, end: base + i + 2 + n, message: 'did not find expected hexdecimal number' });
      else if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) {
        out.push({ offset: base + i, end: base + i + 2 + n, message: 'found invalid Unicode character escape code' });
      }
      i += 1 + n;
      continue;
    }
    if (!GO_ESCAPES.has(e)) out.push({ offset: base + i, end: base + i + 2, message: 'found unknown escape character' });
    i++;
  }
  return squote;
}

/** go-yaml's resolver: does `value` (as written) resolve to the explicit standard tag? */
function resolvesTo(tag: string, value: string): boolean {
  const plain = value.replaceAll('_', '');
  const isInt = (): boolean => parseGoInt(plain).ok || parseGoUint(plain).ok || /^[-]?0b[01]+$/.test(plain) || /^-?0o[0-7]+$/.test(plain);
  switch (tag) {
    case 'int':
      return isInt();
    case 'float':
      return (
        isInt() ||
        ['.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF'].includes(value) ||
        (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(plain) && parseGoFloat(plain).ok) ||
        (value.startsWith('.') && parseGoFloat(value).ok)
      );
    case 'bool':
      return ['true', 'True', 'TRUE', 'false', 'False', 'FALSE'].includes(value);
    case 'null':
      return ['', '~', 'null', 'Null', 'NULL'].includes(value);
    default:
      return true;
  }
}

interface NodeVisitor {
  alias(node: Alias): void;
  collection(node: YAMLMap | YAMLSeq): void;
  scalar(node: Scalar): void;
}

/**
 * Every node in document order (a collection before its items, a pair's key
 * before its value), as the yaml package's `visit` orders them. A plain
 * recursion: `visit` freezes a copy of the ancestor path at every node, which
 * was 2% of a corpus lint.
 */
function walkNodes(node: unknown, v: NodeVisitor): void {
  if (isScalar(node)) v.scalar(node);
  else if (isAlias(node)) v.alias(node);
  else if (isMap(node) || isSeq(node)) {
    v.collection(node);
    for (const item of node.items as unknown[]) {
      if (isPair(item)) {
        walkNodes(item.key, v);
        walkNodes(item.value, v);
      } else walkNodes(item as Node, v);
    }
  }
}

/**
 * Walks one composed document for what go-yaml rejects and the `yaml`
 * package accepts, and corrects the values of double-quoted scalars holding
 * `\'` (which the `yaml` package leaves as written). `decodeDq` rebuilds a
 * double-quoted scalar's value from its source.
 */
export function goYamlDocumentProblems(text: string, doc: Document.Parsed, decodeDq: (node: Scalar) => string | undefined): GoYamlProblem[] {
  const out: GoYamlProblem[] = [];
  const yamlDirective = doc.directives?.yaml;
  if (yamlDirective?.explicit && yamlDirective.version !== '1.1') {
    const at = Math.max(0, text.lastIndexOf('%YAML', doc.range[0]));
    out.push({ offset: at, end: at + 5, message: 'found incompatible YAML document' });
  }
  const checkAnchor = (name: string | undefined, before: number): void => {
    if (name === undefined || ANCHOR_NAME.test(name)) return;
    const at = Math.max(0, text.lastIndexOf(`&${name}`, before));
    out.push({ offset: at, end: at + name.length + 1, message: 'while scanning an anchor: did not find expected alphabetic or numeric character' });
  };
  walkNodes(doc.contents, {
    alias(node) {
      const start = node.range?.[0] ?? 0;
      if (!ANCHOR_NAME.test(node.source))
        out.push({
          offset: start,
          end: start + node.source.length + 1,
          message: 'while scanning an alias: did not find expected alphabetic or numeric character',
        });
    },
    collection(node) {
      checkAnchor(node.anchor, node.range?.[0] ?? 0);
    },
    scalar(node) {
      const [start, end] = node.range ?? [0, 0];
      checkAnchor(node.anchor, start);
      if (node.type === Scalar.QUOTE_DOUBLE && doubleQuotedProblems(text.slice(start, end), start, out)) {
        const value = decodeDq(node);
        if (value !== undefined) node.value = value;
      }
      const tag = node.tag?.startsWith(TAG_PREFIX) ? node.tag.slice(TAG_PREFIX.length) : undefined;
      if (tag !== undefined) {
        const written = node.type === Scalar.PLAIN ? text.slice(start, end) : String(node.source ?? node.value ?? '');
        if (!resolvesTo(tag, written)) {
          out.push({ offset: start, end, message: `cannot decode !!str \`${written.length > 40 ? `${written.slice(0, 37)}...` : written}\` as a !!${tag}` });
        }
      }
    },
  });
  return out;
}
