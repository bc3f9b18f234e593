// Public value types of the engine and the internal step-major shapes the
// evaluator passes between nodes.

import type { PosRange } from '../promql/ast.js';
import type { Diagnostic } from '../diagnostics.js';
import type { FloatHistogram } from '../model/histogram.js';
import type { Labels } from '../model/labels.js';
import type { PrometheusVersion } from '../version/version.js';

// ---------------------------------------------------------------------------
// Public results.

export interface Sample {
  readonly labels: Labels;
  /** Evaluation timestamp in ms. */
  readonly t: number;
  readonly f: number;
  /** Present for histogram samples (then `f` is meaningless). */
  readonly h?: FloatHistogram;
}

export interface FloatPoint {
  readonly t: number;
  readonly f: number;
}

export interface HistogramPoint {
  readonly t: number;
  readonly h: FloatHistogram;
}

export interface Series {
  readonly labels: Labels;
  /**
   * The float points in time order. In range-query results they are built
   * from `floatColumns` on first read (and then kept): a point object per
   * step is most of the cost of a large range query that nobody iterates.
   */
  readonly floats: readonly FloatPoint[];
  readonly histograms: readonly HistogramPoint[];
  /**
   * Range-query results: the same float points as two columns (not
   * enumerable, so JSON and deep equality see only `floats`). Read-only
   * views: they may share buffers with other series of the result.
   */
  readonly floatColumns?: FloatColumns;
}

/** Float points as parallel columns: `t[i]` (ms) and `f[i]`. */
export interface FloatColumns {
  readonly t: Float64Array;
  readonly f: Float64Array;
}

export type QueryValue =
  | { readonly type: 'scalar'; readonly t: number; readonly v: number }
  | { readonly type: 'vector'; readonly samples: readonly Sample[] }
  | { readonly type: 'matrix'; readonly series: readonly Series[] }
  | { readonly type: 'string'; readonly t: number; readonly value: string };

/** A warning or info annotation, positioned in the query text. */
export interface Annotation {
  readonly severity: 'warning' | 'info';
  /** Full text, starting `PromQL warning: ` or `PromQL info: `, without position. */
  readonly message: string;
  readonly pos: PosRange;
}

export type QueryResult =
  | { readonly value: QueryValue; readonly warnings: readonly Annotation[]; readonly infos: readonly Annotation[] }
  | { readonly error: Diagnostic; readonly warnings: readonly Annotation[]; readonly infos: readonly Annotation[] };

export interface EngineOptions {
  /** Lookback delta in ms; default 5 minutes. */
  readonly lookbackDeltaMs?: number;
  /** Resolution of subqueries without a step, in ms; default 1 minute. */
  readonly defaultSubqueryStepMs?: number;
  /**
   * Prometheus's `promql-delayed-name-removal` feature: `__name__` is dropped
   * at the end of evaluation instead of by each function and operator. Off by
   * default, as on a Prometheus server without the flag; Prometheus's own
   * test scripts run with it on.
   */
  readonly delayedNameRemoval?: boolean;
  /**
   * The Prometheus version whose semantics apply (window closedness, rate
   * extrapolation, regex `.`; see src/version/differences.ts). Default: the
   * 3.x target.
   */
  readonly prometheusVersion?: PrometheusVersion;
  /** Resource bounds; exceeding one is a query error, never an out-of-memory abort. */
  readonly limits?: EngineLimits;
}

export interface EngineLimits {
  /** Evaluation steps of one query or subquery (default 5,000,000). */
  readonly maxSteps?: number;
  /**
   * Samples a query may hold at once, counted as series × steps for each
   * selector (Prometheus's --query.max-samples; default 50,000,000).
   */
  readonly maxSamples?: number;
  /** Series one selector may select (default 1,000,000). */
  readonly maxSeriesPerSelector?: number;
}

export const DEFAULT_ENGINE_LIMITS: Required<EngineLimits> = { maxSteps: 5_000_000, maxSamples: 50_000_000, maxSeriesPerSelector: 1_000_000 };

// ---------------------------------------------------------------------------
// Internal: every node evaluates to one value per evaluation step.

/** Per-step presence codes in `StepSeries.has`. */
export const ABSENT = 0;
export const FLOAT = 1;
export const HISTOGRAM = 2;

/** One output series over all steps of the current evaluation. */
export interface StepSeries {
  labels: Labels;
  /** Prometheus 3.x delayed `__name__` removal: drop the name at the very end. */
  dropName: boolean;
  readonly f: Float64Array;
  readonly has: Uint8Array;
  h?: (FloatHistogram | undefined)[];
  /** Sample timestamps, kept only by plain vector selectors (for `timestamp()`). */
  sampleT?: Float64Array;
  /** Sample start timestamps (0 = unknown), kept only by plain vector selectors (for `start_timestamp()`). */
  sampleSt?: Float64Array;
}

export type StepValue =
  | { readonly type: 'vector'; readonly series: StepSeries[] }
  | { readonly type: 'scalar'; readonly f: Float64Array }
  | { readonly type: 'string'; readonly value: string }
  /** Range vectors only ever exist as a query's final value (instant queries). */
  | { readonly type: 'matrix'; readonly series: MatrixSeries[] };

export interface MatrixSeries {
  labels: Labels;
  dropName: boolean;
  readonly ts: Float64Array;
  readonly vs: Float64Array;
  readonly length: number;
  readonly hists: ReadonlyMap<number, FloatHistogram> | undefined;
}

/** An evaluation error: caught at the API boundary and returned as a Diagnostic. */
export class EvalError {
  constructor(
    readonly message: string,
    readonly pos: PosRange,
  ) {}
}

export function newStepSeries(labels: Labels, dropName: boolean, steps: number): StepSeries {
  return { labels, dropName, f: new Float64Array(steps), has: new Uint8Array(steps) };
}
