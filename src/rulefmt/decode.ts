// Decodes the YAML AST of a rule file into raw groups and rules: the shape
// checks (strict known fields, value types) that Go's yaml.v3 decoder does
// for Prometheus with `KnownFields(true)`. Semantic checks (names, PromQL,
// templates) are validate.ts's job.
//
// Fields are data: one table per struct, each entry naming its YAML key, the
// dialects that accept it, and how to decode its value.
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import type { SourceSpan } from '../positions.js';
import { scalarString } from '../yaml/scalar-map.js';
import type { Dialect, ModelDuration, LabelMap, Located, LocatedString, ResourceRef, RuleFileFormat } from './model.js';
import {
  decodeBool,
  decodeDuration,
  decodeInt,
  decodeString,
  decodeStringList,
  decodeStringMap,
  mapEntries,
  nodeSpan,
  report,
  resolveNode,
  typeError,
  type DecodeContext,
  type MapEntry,
} from './yaml-values.js';

export interface RawRule {
  readonly index: number;
  readonly span: SourceSpan;
  /** Keys whose values failed to decode: validation skips checks that would only repeat that. */
  readonly failed: Set<string>;
  record?: LocatedString;
  alert?: LocatedString;
  expr?: LocatedString;
  for?: Located<ModelDuration>;
  keepFiringFor?: Located<ModelDuration>;
  labels?: LabelMap;
  annotations?: LabelMap;
}

export interface RawGroup {
  readonly span: SourceSpan;
  /** Keys whose values failed to decode (see RawRule.failed). */
  readonly failed: Set<string>;
  readonly resource?: ResourceRef;
  name?: LocatedString;
  interval?: Located<ModelDuration>;
  queryOffset?: Located<ModelDuration>;
  limit?: Located<number>;
  labels?: LabelMap;
  rules: RawRule[];
  partialResponseStrategy?: LocatedString;
  sourceTenants?: Located<readonly string[]>;
  evaluationDelay?: Located<ModelDuration>;
  alignEvaluationTimeOnInterval?: Located<boolean>;
}

export interface RawFile {
  readonly format: RuleFileFormat;
  namespace?: LocatedString;
  readonly groups: RawGroup[];
}

export interface DecodeOptions {
  readonly dialect: Dialect;
  readonly ignoreUnknownFields: boolean;
  /**
   * Fields (`group.query_offset`, `rule.x`) the emulated Prometheus version
   * does not have yet, with the release that adds each: unknown fields there.
   */
  readonly fieldsAddedLater?: ReadonlyMap<string, string>;
}

const FIELD_PREFIX: Readonly<Record<string, string>> = { 'rulefmt.RuleGroup': 'group', 'rulefmt.Rule': 'rule' };

/** One known field of a struct. */
interface FieldSpec<T> {
  readonly key: string;
  /** Dialects accepting the field; all when absent. */
  readonly dialects?: readonly Dialect[];
  /** Also accepted inside PrometheusRule resources whatever the dialect. */
  readonly inPrometheusRule?: boolean;
  readonly decode: (ctx: DecodeContext, entry: MapEntry, target: T, opts: DecodeOptions) => void;
}

const DIALECT_HINT: Readonly<Record<Dialect, string>> = {
  prometheus: '',
  thanos: 'a Thanos Ruler field: use --dialect thanos',
  mimir: 'a Mimir/Cortex field: use --dialect mimir',
};

const RULE_FIELDS: readonly FieldSpec<RawRule>[] = [
  { key: 'record', decode: (ctx, e, r) => void (r.record = decodeString(ctx, e)) },
  { key: 'alert', decode: (ctx, e, r) => void (r.alert = decodeString(ctx, e)) },
  { key: 'expr', decode: (ctx, e, r) => void (r.expr = decodeString(ctx, e)) },
  { key: 'for', decode: (ctx, e, r) => void (r.for = decodeDuration(ctx, e)) },
  { key: 'keep_firing_for', decode: (ctx, e, r) => void (r.keepFiringFor = decodeDuration(ctx, e)) },
  { key: 'labels', decode: (ctx, e, r) => void (r.labels = decodeStringMap(ctx, e)) },
  { key: 'annotations', decode: (ctx, e, r) => void (r.annotations = decodeStringMap(ctx, e)) },
];

const GROUP_FIELDS: readonly FieldSpec<RawGroup>[] = [
  { key: 'name', decode: (ctx, e, g) => void (g.name = decodeString(ctx, e)) },
  { key: 'interval', decode: (ctx, e, g) => void (g.interval = decodeDuration(ctx, e)) },
  { key: 'query_offset', decode: (ctx, e, g) => void (g.queryOffset = decodeDuration(ctx, e)) },
  { key: 'limit', decode: (ctx, e, g) => void (g.limit = decodeInt(ctx, e)) },
  { key: 'labels', decode: (ctx, e, g) => void (g.labels = decodeStringMap(ctx, e)) },
  { key: 'rules', decode: (ctx, e, g, o) => void (g.rules = decodeList(ctx, e, 'rulefmt.Rule', (n, i) => decodeRule(ctx, n, i, o))) },
  {
    key: 'partial_response_strategy',
    dialects: ['thanos'],
    inPrometheusRule: true,
    decode: (ctx, e, g) => void (g.partialResponseStrategy = decodeString(ctx, e)),
  },
  { key: 'source_tenants', dialects: ['mimir'], decode: (ctx, e, g) => void (g.sourceTenants = decodeStringList(ctx, e)) },
  { key: 'evaluation_delay', dialects: ['mimir'], decode: (ctx, e, g) => void (g.evaluationDelay = decodeDuration(ctx, e)) },
  {
    key: 'align_evaluation_time_on_interval',
    dialects: ['mimir'],
    decode: (ctx, e, g) => void (g.alignEvaluationTimeOnInterval = decodeBool(ctx, e)),
  },
];

const FILE_FIELDS: readonly FieldSpec<RawFile>[] = [
  { key: 'groups', decode: (ctx, e, f, o) => void f.groups.push(...decodeList(ctx, e, 'rulefmt.RuleGroup', (n) => decodeGroup(ctx, n, o))) },
  { key: 'namespace', dialects: ['mimir'], decode: (ctx, e, f) => void (f.namespace = decodeString(ctx, e)) },
];

/** Decodes the fields of one mapping through a field table. */
function decodeFields<T>(
  ctx: DecodeContext,
  map: YAMLMap,
  typeName: string,
  fields: readonly FieldSpec<T>[],
  target: T,
  opts: DecodeOptions,
  failed?: Set<string>,
  inPrometheusRule = false,
): void {
  for (const entry of mapEntries(ctx, map)) {
    const spec = fields.find((f) => f.key === entry.key);
    const accepted = spec && (!spec.dialects || spec.dialects.includes(opts.dialect) || (inPrometheusRule && spec.inPrometheusRule));
    const addedIn = opts.dialect === 'prometheus' ? opts.fieldsAddedLater?.get(`${FIELD_PREFIX[typeName] ?? ''}.${entry.key}`) : undefined;
    if (addedIn !== undefined) {
      if (!opts.ignoreUnknownFields)
        report(ctx, 'error', `field ${entry.key} not found in type ${typeName} (it is new in Prometheus ${addedIn})`, entry.keySpan);
      continue;
    }
    if (spec && accepted) {
      const before = ctx.diagnostics.length;
      spec.decode(ctx, entry, target, opts);
      if (ctx.diagnostics.length > before) failed?.add(entry.key);
      continue;
    }
    if (opts.ignoreUnknownFields) continue;
    const hint = spec?.dialects?.[0] ? ` (${DIALECT_HINT[spec.dialects[0]]})` : '';
    report(ctx, 'error', `field ${entry.key} not found in type ${typeName}${hint}`, entry.keySpan);
  }
}

/** A sequence field; null is an empty list, anything else a type error. */
function decodeList<T>(ctx: DecodeContext, entry: MapEntry, itemType: string, decodeItem: (node: Node | null, index: number) => T | undefined): T[] {
  const v = entry.value;
  if (v === null || (isScalar(v) && (v.value === null || v.value === undefined))) return [];
  if (!isSeq(v)) {
    typeError(ctx, v, `[]${itemType}`);
    return [];
  }
  const out: T[] = [];
  for (const item of v.items) {
    const node = resolveNode(ctx, item);
    // yaml.v3 drops null items from a slice of structs: `- ~` is no rule at all.
    if (node === null || (isScalar(node) && (node.value === null || node.value === undefined))) continue;
    // Items are numbered as Prometheus numbers them: in the decoded slice.
    const decoded = decodeItem(node, out.length);
    if (decoded !== undefined) out.push(decoded);
  }
  return out;
}

function decodeRule(ctx: DecodeContext, node: Node | null, index: number, opts: DecodeOptions): RawRule | undefined {
  if (!isMap(node)) {
    typeError(ctx, node, 'rulefmt.Rule');
    return undefined;
  }
  const rule: RawRule = { index, span: nodeSpan(ctx, node), failed: new Set() };
  decodeFields(ctx, node, 'rulefmt.Rule', RULE_FIELDS, rule, opts, rule.failed);
  return rule;
}

function decodeGroup(ctx: DecodeContext, node: Node | null, opts: DecodeOptions, resource?: ResourceRef): RawGroup | undefined {
  if (!isMap(node)) {
    typeError(ctx, node, 'rulefmt.RuleGroup');
    return undefined;
  }
  const group: RawGroup = { span: nodeSpan(ctx, node), failed: new Set(), rules: [], ...(resource ? { resource } : {}) };
  decodeFields(ctx, node, 'rulefmt.RuleGroup', GROUP_FIELDS, group, opts, group.failed, resource !== undefined);
  return group;
}

/** Decodes one plain rule-file document (`groups:`, and `namespace:` for Mimir). */
export function decodeRulesDocument(ctx: DecodeContext, contents: Node | null, opts: DecodeOptions): RawFile {
  const file: RawFile = { format: 'rules', groups: [] };
  if (contents === null || (isScalar(contents) && contents.value === null)) return file;
  if (!isMap(contents)) {
    typeError(ctx, contents, 'rulefmt.RuleGroups');
    return file;
  }
  decodeFields(ctx, contents, 'rulefmt.RuleGroups', FILE_FIELDS, file, opts);
  return file.namespace ? { ...file, format: 'mimir-namespace' } : file;
}

/** True when a document is a Prometheus Operator `PrometheusRule` resource. */
export function isPrometheusRuleDocument(ctx: DecodeContext, contents: Node | null): boolean {
  if (!isMap(contents)) return false;
  const get = (key: string): string | undefined => {
    const pair = contents.items.find((p) => isScalar(p.key) && p.key.value === key);
    const value = pair ? resolveNode(ctx, pair.value) : null;
    return isScalar(value) ? (scalarString(value, ctx.source.text) ?? undefined) : undefined;
  };
  return get('kind') === 'PrometheusRule' && (get('apiVersion') ?? '').startsWith('monitoring.coreos.com/');
}

/** Decodes the `spec.groups` of a PrometheusRule resource document. */
export function decodePrometheusRuleDocument(ctx: DecodeContext, contents: YAMLMap, document: number, opts: DecodeOptions): RawGroup[] {
  const entries = mapEntries(ctx, contents);
  const metadata = entries.find((e) => e.key === 'metadata')?.value ?? null;
  const metaEntries = isMap(metadata) ? mapEntries(ctx, metadata) : [];
  const metaString = (key: string): string | undefined => {
    const v = metaEntries.find((e) => e.key === key)?.value ?? null;
    return isScalar(v) ? (scalarString(v, ctx.source.text) ?? undefined) : undefined;
  };
  const name = metaString('name');
  const namespace = metaString('namespace');
  const resource: ResourceRef = {
    kind: 'PrometheusRule',
    document,
    ...(name !== undefined ? { name } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
  };
  const specEntry = entries.find((e) => e.key === 'spec');
  if (!specEntry) {
    report(ctx, 'error', 'PrometheusRule resource has no spec', nodeSpan(ctx, contents));
    return [];
  }
  const spec = specEntry.value;
  if (spec === null || (isScalar(spec) && spec.value === null)) return [];
  if (!isMap(spec)) {
    typeError(ctx, spec, 'PrometheusRuleSpec', specEntry.keySpan);
    return [];
  }
  const groups: RawGroup[] = [];
  for (const entry of mapEntries(ctx, spec)) {
    if (entry.key === 'groups') {
      groups.push(...decodeList(ctx, entry, 'RuleGroup', (n) => decodeGroup(ctx, n, opts, resource)));
    } else if (!opts.ignoreUnknownFields) {
      report(ctx, 'error', `field ${entry.key} not found in type PrometheusRuleSpec`, entry.keySpan);
    }
  }
  return groups;
}
