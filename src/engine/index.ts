// The engine's public API: evaluate a PromQL expression against a Storage at
// one instant or over a range of steps. Results and errors are values;
// nothing is thrown across this boundary.

import type { Expr } from '../promql/ast.js';
import { parseExpr } from '../promql/parse.js';
import { typeOf } from '../promql/typecheck.js';
import type { Diagnostic } from '../diagnostics.js';
import { errorsOf } from '../diagnostics.js';
import { type Labels, METRIC_NAME_LABEL, compareLabels, labelsKey } from '../model/labels.js';
import { AnnotationSet } from './annotations.js';
import { Evaluator } from './evaluator.js';
import { engineSemantics } from './semantics.js';
import type { Storage } from './storage.js';
import { DUPLICATE_LABELSET } from './collect.js';
import {
  DEFAULT_ENGINE_LIMITS,
  EvalError,
  FLOAT,
  HISTOGRAM,
  type EngineOptions,
  type FloatColumns,
  type FloatPoint,
  type HistogramPoint,
  type QueryResult,
  type QueryValue,
  type Sample,
  type Series,
  type StepSeries,
  type StepValue,
} from './types.js';

const error = errorsOf('engine/eval');

export { Storage } from './storage.js';
export type { SeriesData, RangeView } from './storage.js';
export { DEFAULT_ENGINE_LIMITS } from './types.js';
export type { Annotation, EngineLimits, EngineOptions, FloatColumns, FloatPoint, HistogramPoint, QueryResult, QueryValue, Sample, Series } from './types.js';

const DEFAULT_LOOKBACK_MS = 5 * 60 * 1000;
const DEFAULT_SUBQUERY_STEP_MS = 60 * 1000;

type Input = Expr | string;

function parseInput(input: Input, options: EngineOptions): { expr: Expr } | { error: Diagnostic } {
  if (typeof input !== 'string') return { expr: input };
  // The version's function set and syntax apply to query text too (holt_winters under 2.x).
  const parsed = parseExpr(input, options.prometheusVersion ? { version: options.prometheusVersion } : {});
  if (!parsed.expr) return { error: parsed.diagnostics[0] ?? error('invalid expression', { start: 0, end: input.length }) };
  return { expr: parsed.expr };
}

/** Evaluates `input` at time `t` (ms). */
export function evaluateInstant(input: Input, t: number, storage: Storage, options: EngineOptions = {}): QueryResult {
  return run(input, t, t, 0, storage, options, true);
}

/** Evaluates `input` at every step from `start` to `end` inclusive (ms); returns a matrix (or an error). */
export function evaluateRange(input: Input, start: number, end: number, step: number, storage: Storage, options: EngineOptions = {}): QueryResult {
  return run(input, start, end, step, storage, options, false);
}

function run(input: Input, start: number, end: number, step: number, storage: Storage, options: EngineOptions, instant: boolean): QueryResult {
  const annotations = new AnnotationSet();
  const fail = (d: Diagnostic): QueryResult => ({ error: d, warnings: annotations.warnings, infos: annotations.infos });
  const parsed = parseInput(input, options);
  if ('error' in parsed) return fail(parsed.error);
  const expr = parsed.expr;
  if (!instant) {
    const type = typeOf(expr);
    if (type === 'matrix' || type === 'string') {
      const kind = type === 'matrix' ? 'range vector' : 'string';
      return fail(error(`invalid expression type "${kind}" for range query, must be Scalar or instant Vector`, expr.pos));
    }
    if (step <= 0) return fail(error('zero or negative query resolution step widths are not accepted. Try a positive integer', expr.pos));
    if (end < start) return fail(error('end timestamp must not be before start time', expr.pos));
  }
  const limits = { ...DEFAULT_ENGINE_LIMITS, ...options.limits };
  const n = instant ? 1 : Math.floor((end - start) / step) + 1;
  if (!(n <= limits.maxSteps))
    return fail(error(`range query would evaluate ${Number.isFinite(n) ? n : 'too many'} steps, over the limit of ${limits.maxSteps}`, expr.pos));
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) times[i] = start + i * step;
  const ev = new Evaluator(
    {
      storage,
      delayedNameRemoval: options.delayedNameRemoval ?? false,
      lookbackMs: options.lookbackDeltaMs ?? DEFAULT_LOOKBACK_MS,
      defaultSubqueryStepMs: options.defaultSubqueryStepMs ?? DEFAULT_SUBQUERY_STEP_MS,
      semantics: engineSemantics(options.prometheusVersion),
      annotations,
      queryStart: start,
      queryEnd: end,
      queryStep: step,
      limits,
      loadedSamples: 0,
    },
    times,
  );
  try {
    const value = ev.eval(expr);
    if (!instant && (value.type === 'matrix' || value.type === 'string')) {
      const kind = value.type === 'matrix' ? 'range vector' : 'string';
      return fail(error(`invalid expression type "${kind}" for range query, must be Scalar or instant Vector`, expr.pos));
    }
    const out = instant ? toInstantValue(value, start) : toRangeValue(value, times);
    return { value: out, warnings: annotations.warnings, infos: annotations.infos };
  } catch (e) {
    if (e instanceof EvalError) return fail(error(e.message, e.pos));
    // Evaluation recurses over the AST; the parser's depth limit keeps
    // ordinary nesting within the stack, but the heaviest node kinds
    // (count_values nested ~700 deep) can still exhaust it.
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      return fail(error('expression nests too deeply to evaluate (out of stack); split it up, e.g. into recording rules', expr.pos));
    }
    // Anything else is a bug in the engine; it still must not escape the API.
    return fail(error(`internal error in the PromQL engine: ${(e as Error).message ?? String(e)}`, expr.pos));
  }
}

/** Labels that describe the metric itself; dropped together with the name (Prometheus's DropReserved). */
const METADATA_LABELS: ReadonlySet<string> = new Set([METRIC_NAME_LABEL, '__type__', '__unit__']);

function finalLabels(s: { labels: Labels; dropName: boolean }): Labels {
  return s.dropName ? s.labels.filter((l) => !METADATA_LABELS.has(l.name)) : s.labels;
}

function toInstantValue(value: StepValue, t: number): QueryValue {
  switch (value.type) {
    case 'scalar':
      return { type: 'scalar', t, v: value.f[0]! };
    case 'string':
      return { type: 'string', t, value: value.value };
    case 'matrix':
      return {
        type: 'matrix',
        series: value.series.map((s) => {
          const floats: FloatPoint[] = [];
          const histograms: HistogramPoint[] = [];
          for (let i = 0; i < s.length; i++) {
            const h = s.hists?.get(i);
            if (h) histograms.push({ t: s.ts[i]!, h });
            else floats.push({ t: s.ts[i]!, f: s.vs[i]! });
          }
          return { labels: finalLabels(s), floats, histograms };
        }),
      };
    case 'vector': {
      const samples: Sample[] = [];
      const seen = new Set<string>();
      for (const s of value.series) {
        const kind = s.has[0];
        if (!kind) continue;
        const labels = finalLabels(s);
        const key = labelsKey(labels);
        if (seen.has(key)) throw new EvalError(DUPLICATE_LABELSET, { start: 0, end: 0 });
        seen.add(key);
        samples.push(kind === HISTOGRAM ? { labels, t, f: 0, h: s.h![0]! } : { labels, t, f: s.f[0]! });
      }
      return { type: 'vector', samples };
    }
  }
}

function toRangeValue(value: StepValue, times: Float64Array): QueryValue {
  if (value.type === 'scalar') return { type: 'matrix', series: [columnarSeries([], { t: times, f: value.f }, [])] };
  if (value.type !== 'vector') throw new EvalError('unexpected value type for a range query', { start: 0, end: 0 });
  // Series that end up with the same labels once names are dropped are
  // merged when their points do not overlap (as Prometheus does).
  const merged = new Map<string, { labels: Labels; parts: StepSeries[] }>();
  for (const s of value.series) {
    const labels = finalLabels(s);
    const key = labelsKey(labels);
    const entry = merged.get(key);
    if (entry) entry.parts.push(s);
    else merged.set(key, { labels, parts: [s] });
  }
  const series: Series[] = [];
  for (const { labels, parts } of merged.values()) {
    const s = parts.length === 1 ? singlePartSeries(labels, parts[0]!, times) : mergedSeries(labels, parts, times);
    if (s) series.push(s);
  }
  series.sort((a, b) => compareLabels(a.labels, b.labels));
  return { type: 'matrix', series };
}

/**
 * One step series as a result series. Floats at every step from the first to
 * the last (the common case: only the first steps lack a full window) are
 * passed on as views of the step times and values; anything else is compacted.
 */
function singlePartSeries(labels: Labels, p: StepSeries, times: Float64Array): Series | undefined {
  const n = times.length;
  const has = p.has;
  let first = 0;
  while (first < n && has[first] === 0) first++;
  let last = n;
  while (last > first && has[last - 1] === 0) last--;
  let i = first;
  while (i < last && has[i] === FLOAT) i++;
  if (i < last) return mergedSeries(labels, [p], times);
  if (first === last) return undefined;
  return columnarSeries(labels, { t: times.subarray(first, last), f: p.f.subarray(first, last) }, []);
}

/** Step series whose labels became equal: their points interleave, and two at one step are an error. */
function mergedSeries(labels: Labels, parts: readonly StepSeries[], times: Float64Array): Series | undefined {
  const n = times.length;
  let floats = 0;
  for (let i = 0; i < n; i++) {
    let found = 0;
    for (const p of parts) {
      const k = p.has[i];
      if (!k) continue;
      if (++found > 1) throw new EvalError(DUPLICATE_LABELSET, { start: 0, end: 0 });
      if (k === FLOAT) floats++;
    }
  }
  const t = new Float64Array(floats);
  const f = new Float64Array(floats);
  const histograms: HistogramPoint[] = [];
  let j = 0;
  for (let i = 0; i < n; i++) {
    for (const p of parts) {
      const k = p.has[i];
      if (k === FLOAT) {
        t[j] = times[i]!;
        f[j++] = p.f[i]!;
      } else if (k === HISTOGRAM) histograms.push({ t: times[i]!, h: p.h![i]! });
    }
  }
  if (floats + histograms.length === 0) return undefined;
  return columnarSeries(labels, { t, f }, histograms);
}

/** Points built from a result series' columns, kept after the first read. */
const materializedPoints = new WeakMap<Series, readonly FloatPoint[]>();

/**
 * One getter shared by every columnar series: an object literal with its own
 * getter closure would give each series a map of its own, and the code that
 * builds them deoptimizes once per series.
 */
const FLOATS_FROM_COLUMNS: PropertyDescriptor = {
  enumerable: true,
  get(this: Series): readonly FloatPoint[] {
    let points = materializedPoints.get(this);
    if (!points) {
      const { t, f } = this.floatColumns!;
      points = Array.from(t, (ti, i) => ({ t: ti, f: f[i]! }));
      materializedPoints.set(this, points);
    }
    return points;
  },
};

/**
 * A result series over float columns; its `floats` points are built on first
 * read. The accessor and the columns are own properties (deep equality and
 * JSON see `labels`, `floats`, `histograms` as on any series), defined in a
 * constructor so that every instance shares one map.
 */
class ColumnarSeries {
  declare readonly labels: Labels;
  declare readonly floats: readonly FloatPoint[];
  declare readonly histograms: readonly HistogramPoint[];
  declare readonly floatColumns: FloatColumns;
  constructor(labels: Labels, columns: FloatColumns, histograms: readonly HistogramPoint[]) {
    Object.defineProperty(this, 'labels', { value: labels, enumerable: true });
    Object.defineProperty(this, 'floats', FLOATS_FROM_COLUMNS);
    Object.defineProperty(this, 'histograms', { value: histograms, enumerable: true });
    Object.defineProperty(this, 'floatColumns', { value: columns, enumerable: false });
  }
}

function columnarSeries(labels: Labels, columns: FloatColumns, histograms: readonly HistogramPoint[]): Series {
  return new ColumnarSeries(labels, columns, histograms);
}

/** The float points of any series as columns (built from `floats` when it has none). */
export function seriesFloatColumns(s: Series): FloatColumns {
  if (s.floatColumns) return s.floatColumns;
  return { t: Float64Array.from(s.floats, (p) => p.t), f: Float64Array.from(s.floats, (p) => p.f) };
}
