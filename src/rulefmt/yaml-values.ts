// Reading typed values out of the YAML AST the way Go's yaml.v3 decodes them
// into Prometheus's structs: scalars of any kind decode into strings as
// written, null leaves the zero value, a mapping or sequence where a scalar is
// expected is "cannot unmarshal !!map into string", and so on. Every problem
// becomes a positioned diagnostic; nothing throws.
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Scalar, type YAMLMap } from 'yaml';
import type { FileDiagnostic, Severity } from '../diagnostics.js';
import { anchorIndex, excessiveAliasing } from '../yaml/anchors.js';
import { scalarSourceMap, scalarString } from '../yaml/scalar-map.js';
import { spanOf, type SourceSpan, type SourceText } from '../positions.js';
import { parseGoInt } from '../go/strconv.js';
import { parseModelDuration } from './duration.js';
import { fileDiagnostic } from './positions.js';
import type { ModelDuration, LabelEntry, LabelMap, Located, LocatedString } from './model.js';

export interface DecodeContext {
  readonly path: string;
  readonly source: SourceText;
  readonly doc: Document.Parsed;
  readonly diagnostics: FileDiagnostic[];
  /** Nodes decoded so far, and how many of them came through aliases (go-yaml's alias budget). */
  decodeCount: number;
  aliasCount: number;
  aliasBombReported: boolean;
}

export function report(ctx: DecodeContext, severity: Severity, message: string, span: SourceSpan, source: 'rulefmt' | 'yaml' = 'rulefmt'): void {
  // After an alias bomb every node reads as null: the consequences are noise.
  if (ctx.aliasBombReported) return;
  ctx.diagnostics.push(fileDiagnostic(ctx.path, source === 'yaml' ? 'yaml/syntax' : 'rulefmt/rule-file', severity, message, span, source));
}

export function nodeSpan(ctx: DecodeContext, node: Node | null | undefined, fallback?: SourceSpan): SourceSpan {
  const range = node?.range;
  if (!range) return fallback ?? spanOf(ctx.source, 0, 0);
  return spanOf(ctx.source, range[0], range[1]);
}

/**
 * Follows an alias to its anchored node; null for absent or unresolvable
 * nodes. Counts decoded nodes as go-yaml does (an alias brings its whole
 * subtree) and stops an alias bomb with go-yaml's "excessive aliasing" error.
 */
export function resolveNode(ctx: DecodeContext, node: unknown): Node | null {
  if (ctx.aliasBombReported) return null;
  ctx.decodeCount++;
  if (!isAlias(node)) return (node as Node | null | undefined) ?? null;
  const target = anchorIndex(ctx.doc).resolve(node);
  if (!target) {
    report(ctx, 'error', `unknown anchor '${node.source}' referenced`, nodeSpan(ctx, node), 'yaml');
    return null;
  }
  // The subtree's nodes are decoded (and counted one by one) as the caller
  // walks it; counting them as aliased up front is go-yaml's aliasDepth rule.
  ctx.aliasCount += target.size;
  if (excessiveAliasing(ctx.aliasCount, ctx.decodeCount)) {
    const message = 'document contains excessive aliasing (an alias bomb?); the rest of the file is not read';
    report(ctx, 'error', message, nodeSpan(ctx, node), 'yaml');
    ctx.aliasBombReported = true;
    return null;
  }
  return target.node;
}

/** yaml.v3's short tag for a node, as it appears in its error messages. */
export function yamlTag(node: Node | null): string {
  if (node === null) return '!!null';
  if (isMap(node)) return '!!map';
  if (isSeq(node)) return '!!seq';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || v === undefined) return '!!null';
    if (typeof v === 'boolean') return '!!bool';
    if (typeof v === 'bigint') return '!!int';
    if (typeof v === 'number') return Number.isInteger(v) ? '!!int' : '!!float';
    return '!!str';
  }
  return '!!unknown';
}

/** "cannot unmarshal !!seq into string" / "cannot unmarshal !!str `abc` into int". */
export function typeError(ctx: DecodeContext, node: Node | null, target: string, fallback?: SourceSpan): void {
  const shown = isScalar(node) ? ` \`${truncate(String(scalarString(node, ctx.source.text) ?? ''))}\`` : '';
  report(ctx, 'error', `cannot unmarshal ${yamlTag(node)}${shown} into ${target}`, nodeSpan(ctx, node, fallback));
}

function truncate(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/** One key/value pair of a mapping, with `<<` merge keys already expanded. */
export interface MapEntry {
  readonly key: string;
  readonly keyNode: Scalar;
  readonly keySpan: SourceSpan;
  readonly value: Node | null;
}

/**
 * The entries of a mapping in file order. Merge keys (`<<: *anchor`) bring in
 * the anchored mapping's entries unless the mapping sets them itself, as in
 * yaml.v3. A non-scalar key is reported (`keyTarget` names the Go key type).
 */
export function mapEntries(ctx: DecodeContext, map: YAMLMap, keyTarget = 'string'): MapEntry[] {
  const own: MapEntry[] = [];
  const merged: MapEntry[] = [];
  for (const pair of map.items) {
    const keyNode = resolveNode(ctx, pair.key);
    if (!isScalar(keyNode)) {
      typeError(ctx, keyNode, keyTarget);
      continue;
    }
    // go-yaml cannot decode a null key into a string: it skips the entry.
    if (keyNode.value === null || keyNode.value === undefined) continue;
    const key = scalarString(keyNode, ctx.source.text) ?? '';
    const value = resolveNode(ctx, pair.value);
    if (key === '<<' && keyNode.type === 'PLAIN') {
      const sources = isSeq(value) ? value.items.map((i) => resolveNode(ctx, i)) : [value];
      for (const src of sources) {
        if (isMap(src)) merged.push(...mapEntries(ctx, src, keyTarget));
        else report(ctx, 'error', 'map merge requires map or sequence of maps as the value', nodeSpan(ctx, src));
      }
      continue;
    }
    own.push({ key, keyNode, keySpan: nodeSpan(ctx, keyNode), value });
  }
  if (merged.length === 0) return own;
  const ownKeys = new Set(own.map((e) => e.key));
  const seen = new Set<string>();
  const fromMerge = merged.filter((e) => !ownKeys.has(e.key) && !seen.has(e.key) && seen.add(e.key));
  return [...fromMerge, ...own];
}

/** A string field; null decodes to "" (Go's zero value) with the key's span. */
export function decodeString(ctx: DecodeContext, entry: MapEntry): LocatedString | undefined {
  const v = entry.value;
  if (v === null || (isScalar(v) && (v.value === null || v.value === undefined))) {
    return { value: '', span: v ? nodeSpan(ctx, v) : entry.keySpan, keySpan: entry.keySpan };
  }
  if (!isScalar(v)) {
    typeError(ctx, v, 'string');
    return undefined;
  }
  return scalarToLocated(ctx, v, entry.keySpan);
}

export function scalarToLocated(ctx: DecodeContext, node: Scalar, keySpan?: SourceSpan): LocatedString {
  const value = scalarString(node, ctx.source.text) ?? '';
  const text = ctx.source.text;
  // The offset map is only needed to place a problem inside the value: build it on first use.
  let map: ReturnType<typeof scalarSourceMap> | undefined;
  return {
    value,
    span: nodeSpan(ctx, node),
    ...(keySpan ? { keySpan } : {}),
    node,
    get map() {
      return (map ??= scalarSourceMap(node, text));
    },
  };
}

/** A duration field (`model.Duration`): a string, then `model.ParseDuration`. */
export function decodeDuration(ctx: DecodeContext, entry: MapEntry): Located<ModelDuration> | undefined {
  const s = decodeString(ctx, entry);
  if (!s) return undefined;
  // A null value never reaches Duration.UnmarshalYAML: the zero duration.
  if (s.node === undefined) return { value: { ms: 0, text: '' }, span: s.span, keySpan: entry.keySpan };
  const parsed = parseModelDuration(s.value);
  if (!parsed.ok) {
    report(ctx, 'error', parsed.message, s.span);
    return undefined;
  }
  return { value: { ms: parsed.ms, text: s.value }, span: s.span, keySpan: entry.keySpan };
}

/** An int field: integers, and floats that fit (yaml.v3 truncates them). */
export function decodeInt(ctx: DecodeContext, entry: MapEntry): Located<number> | undefined {
  const v = entry.value;
  if (v === null || (isScalar(v) && (v.value === null || v.value === undefined))) {
    return { value: 0, span: entry.keySpan, keySpan: entry.keySpan };
  }
  // go-yaml resolves plain scalars with Go's strconv (underscores dropped, 0b/0o/0x and 010 octal),
  // wider than YAML 1.2's core schema: `1_000` and `0b101` are ints there.
  const goInt = isScalar(v) && v.type === 'PLAIN' && typeof v.value === 'string' ? parseGoInt(v.value.replaceAll('_', '')) : undefined;
  if (goInt?.ok) return { value: Number(goInt.value), span: nodeSpan(ctx, v), keySpan: entry.keySpan };
  if (isScalar(v) && (typeof v.value === 'number' || typeof v.value === 'bigint')) {
    const n = Number(v.value);
    if (Number.isFinite(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER) {
      return { value: Math.trunc(n), span: nodeSpan(ctx, v), keySpan: entry.keySpan };
    }
  }
  typeError(ctx, v, 'int');
  return undefined;
}

export function decodeBool(ctx: DecodeContext, entry: MapEntry): Located<boolean> | undefined {
  const v = entry.value;
  if (v === null || (isScalar(v) && (v.value === null || v.value === undefined))) {
    return { value: false, span: entry.keySpan, keySpan: entry.keySpan };
  }
  if (isScalar(v) && typeof v.value === 'boolean') return { value: v.value, span: nodeSpan(ctx, v), keySpan: entry.keySpan };
  typeError(ctx, v, 'bool');
  return undefined;
}

/** A `map[string]string` (labels, annotations). */
export function decodeStringMap(ctx: DecodeContext, entry: MapEntry): LabelMap | undefined {
  const v = entry.value;
  if (v === null || (isScalar(v) && (v.value === null || v.value === undefined))) {
    return { entries: [], span: entry.keySpan, keySpan: entry.keySpan };
  }
  if (!isMap(v)) {
    typeError(ctx, v, 'map[string]string');
    return undefined;
  }
  const entries: LabelEntry[] = [];
  for (const e of mapEntries(ctx, v)) {
    const value = decodeString(ctx, e);
    if (!value) continue;
    entries.push({ name: scalarToLocated(ctx, e.keyNode), value });
  }
  return { entries, span: nodeSpan(ctx, v), keySpan: entry.keySpan };
}

/** A `[]string` (Mimir's source_tenants). */
export function decodeStringList(ctx: DecodeContext, entry: MapEntry): Located<readonly string[]> | undefined {
  const v = entry.value;
  if (v === null || (isScalar(v) && (v.value === null || v.value === undefined))) {
    return { value: [], span: entry.keySpan, keySpan: entry.keySpan };
  }
  if (!isSeq(v)) {
    typeError(ctx, v, '[]string');
    return undefined;
  }
  const out: string[] = [];
  for (const item of v.items) {
    const node = resolveNode(ctx, item);
    if (!isScalar(node)) {
      typeError(ctx, node, 'string');
      continue;
    }
    out.push(scalarString(node, ctx.source.text) ?? '');
  }
  return { value: out, span: nodeSpan(ctx, v), keySpan: entry.keySpan };
}
