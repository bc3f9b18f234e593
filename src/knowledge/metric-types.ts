// What kind of sample a series holds (counter, gauge, classic-histogram
// bucket, native histogram), from the sources in this order:
//   1. fixture metadata injected by the caller (`# TYPE` lines, a name→type map),
//   2. a metadata file (the JSON of Prometheus's /api/v1/metadata),
//   3. the built-in catalog (metrics-catalog.ts),
//   4. naming conventions (`_total`, `_bucket`, `_count`, `_sum`),
//   5. inference from the expression of the recording rule that produces it.
// Convention-only answers for `_count`/`_sum` are marked weak: plenty of gauges
// end that way (`pg_stat_activity_count`), so checks that report errors only
// trust strong answers.

import type { AggregateOp, Expr } from '../promql/ast.js';
import { assertNever, metricNameOf, unwrapParens } from '../promql/ast.js';
import { METRIC_CATALOG, type MetadataType } from './metrics-catalog.js';

export type { MetadataType } from './metrics-catalog.js';

export type SampleKind = 'counter' | 'gauge' | 'bucket' | 'native-histogram' | 'unknown';
export type KindSource = 'fixture' | 'metadata' | 'catalog' | 'convention' | 'recording' | 'none';

export interface SeriesKind {
  readonly kind: SampleKind;
  readonly source: KindSource;
  /** True for convention-only guesses that gauges commonly break. */
  readonly weak?: boolean;
  /** The metric family the answer came from (e.g. `foo` for `foo_bucket`) and its metadata type. */
  readonly family?: string;
  readonly familyType?: MetadataType;
  readonly help?: string;
}

export interface MetricTypeSources {
  /** Types injected by the caller (fixture `# TYPE` lines, a map); family names. */
  readonly fixture?: ReadonlyMap<string, MetadataType>;
  /** Types from a /api/v1/metadata file; family names. */
  readonly metadata?: ReadonlyMap<string, MetadataType>;
  /** Use the built-in catalog (default true). */
  readonly catalog?: boolean;
  /** Recording rules by output name, to infer their output kind. */
  readonly recordings?: ReadonlyMap<string, Expr>;
}

const CATALOG_TYPES: ReadonlyMap<string, MetadataType> = new Map(METRIC_CATALOG.map((e) => [e.name, e.type]));
const CATALOG_HELP: ReadonlyMap<string, string> = new Map(METRIC_CATALOG.map((e) => [e.name, e.help]));

/** The kind of the series named exactly like a family of the given type. */
function kindOfFamilySeries(type: MetadataType): SampleKind {
  switch (type) {
    case 'counter':
      return 'counter';
    case 'gauge':
    case 'info':
    case 'stateset':
    case 'summary': // the quantile series
      return 'gauge';
    case 'histogram':
    case 'gaugehistogram':
      return 'native-histogram';
    case 'unknown':
      return 'unknown';
    default:
      return assertNever(type);
  }
}

/** Series suffixes of classic histograms, summaries and OpenMetrics counters. */
const SUFFIX_RULES: readonly { suffix: string; kind: (familyType: MetadataType) => SampleKind | undefined }[] = [
  { suffix: '_bucket', kind: (t) => (t === 'histogram' ? 'bucket' : t === 'gaugehistogram' ? 'gauge' : undefined) },
  { suffix: '_count', kind: (t) => (t === 'histogram' || t === 'summary' ? 'counter' : t === 'gaugehistogram' ? 'gauge' : undefined) },
  { suffix: '_sum', kind: (t) => (t === 'histogram' || t === 'summary' ? 'counter' : t === 'gaugehistogram' ? 'gauge' : undefined) },
  { suffix: '_total', kind: (t) => (t === 'counter' ? 'counter' : undefined) },
  { suffix: '_created', kind: (t) => (t === 'counter' || t === 'histogram' || t === 'summary' ? 'gauge' : undefined) },
];

function lookupIn(map: ReadonlyMap<string, MetadataType>, name: string): { kind: SampleKind; family: string; familyType: MetadataType } | undefined {
  const direct = map.get(name);
  if (direct !== undefined) return { kind: kindOfFamilySeries(direct), family: name, familyType: direct };
  for (const rule of SUFFIX_RULES) {
    if (!name.endsWith(rule.suffix)) continue;
    const family = name.slice(0, -rule.suffix.length);
    const t = map.get(family);
    const kind = t === undefined ? undefined : rule.kind(t);
    if (kind && t !== undefined) return { kind, family, familyType: t };
  }
  return undefined;
}

/** Naming conventions; recording-rule names (with colons) follow their own scheme. */
function byConvention(name: string): SeriesKind | undefined {
  if (name.includes(':')) return undefined;
  if (name.endsWith('_total')) return { kind: 'counter', source: 'convention' };
  if (name.endsWith('_bucket')) return { kind: 'bucket', source: 'convention' };
  if (name.endsWith('_count') || name.endsWith('_sum')) return { kind: 'counter', source: 'convention', weak: true };
  return undefined;
}

/**
 * Whether an aggregation's output has the kind of its input (a sum of
 * counters is a counter; a selection such as topk keeps the series), or is a
 * gauge (an average, a count, a quantile). Every operator has an entry.
 */
const AGGREGATION_KEEPS_KIND: Readonly<Record<AggregateOp, boolean>> = {
  sum: true,
  min: true,
  max: true,
  topk: true,
  bottomk: true,
  limitk: true,
  limit_ratio: true,
  avg: false,
  count: false,
  group: false,
  stddev: false,
  stdvar: false,
  count_values: false,
  quantile: false,
};

/**
 * Functions whose output is their (first) vector argument's series, unchanged
 * but for order or added labels: they keep its kind and its metric name.
 */
export const KIND_PRESERVING_FUNCTIONS: ReadonlySet<string> = new Set([
  'sort',
  'sort_desc',
  'sort_by_label',
  'sort_by_label_desc',
  'label_replace',
  'label_join',
  'last_over_time',
  'first_over_time',
]);

export class MetricTypes {
  private readonly sources: MetricTypeSources;
  private readonly inferring = new Set<string>();

  constructor(sources: MetricTypeSources = {}) {
    this.sources = sources;
  }

  /** The kind of the series with this metric name. */
  seriesKind(name: string): SeriesKind {
    const layers: [KindSource, ReadonlyMap<string, MetadataType> | undefined][] = [
      ['fixture', this.sources.fixture],
      ['metadata', this.sources.metadata],
      ['catalog', this.sources.catalog === false ? undefined : CATALOG_TYPES],
    ];
    for (const [source, map] of layers) {
      if (!map) continue;
      const hit = lookupIn(map, name);
      if (hit) {
        const help = source === 'catalog' ? CATALOG_HELP.get(hit.family) : undefined;
        return { kind: hit.kind, source, family: hit.family, familyType: hit.familyType, ...(help !== undefined ? { help } : {}) };
      }
    }
    const conv = byConvention(name);
    if (conv) return conv;
    const recorded = this.sources.recordings?.get(name);
    if (recorded && !this.inferring.has(name)) {
      this.inferring.add(name);
      try {
        return { kind: this.exprKind(recorded), source: 'recording' };
      } finally {
        this.inferring.delete(name);
      }
    }
    return { kind: 'unknown', source: 'none' };
  }

  /** The kind of the values an expression produces (used for recording-rule outputs). */
  exprKind(expr: Expr): SampleKind {
    const e = unwrapParens(expr);
    switch (e.kind) {
      case 'NumberLiteral':
        return 'gauge';
      case 'StringLiteral':
        return 'unknown';
      case 'VectorSelector': {
        const name = metricNameOf(e);
        return name === undefined ? 'unknown' : this.seriesKind(name).kind;
      }
      case 'MatrixSelector':
        return this.exprKind(e.vector);
      case 'SubqueryExpr':
        return this.exprKind(e.expr);
      case 'UnaryExpr':
        return e.op === '+' ? this.exprKind(e.expr) : 'gauge';
      case 'Call': {
        const first = e.args[0];
        if (KIND_PRESERVING_FUNCTIONS.has(e.func) && first) return this.exprKind(first);
        if ((e.func === 'rate' || e.func === 'increase' || e.func === 'irate') && first && this.exprKind(first) === 'native-histogram') {
          return 'native-histogram';
        }
        return 'gauge';
      }
      case 'AggregateExpr':
        return AGGREGATION_KEEPS_KIND[e.op] ? this.exprKind(e.expr) : 'gauge';
      case 'BinaryExpr': {
        const lhs = this.exprKind(e.lhs);
        const rhs = this.exprKind(e.rhs);
        const op = e.op;
        switch (op) {
          case 'and':
          case 'unless':
          case '==':
          case '!=':
          case '>':
          case '<':
          case '>=':
          case '<=':
            return e.returnBool ? 'gauge' : lhs;
          case 'or':
            return lhs === rhs ? lhs : 'unknown';
          case '*':
          case '/': {
            // Scaling a counter by a constant (bytes → bits) keeps it a counter.
            const rhsConst = unwrapParens(e.rhs).kind === 'NumberLiteral';
            const lhsConst = unwrapParens(e.lhs).kind === 'NumberLiteral';
            if (rhsConst) return lhs;
            if (lhsConst && op === '*') return rhs;
            // A counter joined with an info or label metric (`x_total * on (...) group_left (...) x_info`)
            // keeps its counter-ness; a product or ratio of two series may or may not: only say
            // "gauge" when no operand is a counter or unknown.
            const counterSide = op === '*' ? lhs === 'counter' || rhs === 'counter' : lhs === 'counter';
            if (counterSide || lhs === 'unknown' || rhs === 'unknown') return 'unknown';
            return 'gauge';
          }
          case '+':
            if (lhs === 'counter' && rhs === 'counter') return 'counter';
            return lhs === 'unknown' || rhs === 'unknown' ? 'unknown' : 'gauge';
          case '-':
          case '%':
          case '^':
          case 'atan2':
          case '</':
          case '>/':
            return 'gauge';
          default:
            return assertNever(op);
        }
      }
      case 'ParenExpr':
        return this.exprKind(e.expr);
      default:
        return assertNever(e);
    }
  }
}

// ---------------------------------------------------------------------------
// Reading metadata sources.

const METADATA_TYPES: ReadonlySet<string> = new Set(['counter', 'gauge', 'histogram', 'gaugehistogram', 'summary', 'info', 'stateset', 'unknown']);

function asMetadataType(s: string): MetadataType | undefined {
  const t = s.toLowerCase();
  return METADATA_TYPES.has(t) ? (t as MetadataType) : undefined;
}

/** Reads `# TYPE name type` lines of the exposition format (other lines ignored). */
export function parseTypeComments(text: string): Map<string, MetadataType> {
  const out = new Map<string, MetadataType>();
  for (const line of text.split('\n')) {
    const m = /^#\s+TYPE\s+(\S+)\s+(\S+)\s*$/.exec(line.trim());
    const t = m ? asMetadataType(m[2]!) : undefined;
    if (m && t) out.set(m[1]!, t);
  }
  return out;
}

export type MetadataReadResult = { readonly ok: true; readonly types: Map<string, MetadataType> } | { readonly ok: false; readonly error: string };

/** Reads the JSON of `/api/v1/metadata` (`{status, data: {name: [{type, help, unit}]}}`). */
export function parseMetadataJson(text: string): MetadataReadResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `metadata is not valid JSON: ${(e as Error).message}` };
  }
  const data = typeof doc === 'object' && doc !== null && 'data' in doc ? (doc as { data: unknown }).data : undefined;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, error: 'metadata JSON has no "data" object (expected the /api/v1/metadata response)' };
  }
  const types = new Map<string, MetadataType>();
  for (const [name, entries] of Object.entries(data as Record<string, unknown>)) {
    if (!Array.isArray(entries)) continue;
    for (const entry of entries) {
      const raw = typeof entry === 'object' && entry !== null ? (entry as { type?: unknown }).type : undefined;
      const t = typeof raw === 'string' ? asMetadataType(raw) : undefined;
      if (t) {
        types.set(name, t);
        break;
      }
    }
  }
  return { ok: true, types };
}
