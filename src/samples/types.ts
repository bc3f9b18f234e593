// The neutral form every sample loader produces (OpenMetrics text, the
// Prometheus HTTP API's JSON, promtool input_series, `.test` load blocks),
// and the accumulator that builds it: one entry per label set, samples in
// ascending time order, floats and histograms kept apart as Prometheus
// storage does.

import type { FileDiagnostic } from '../diagnostics.js';
import type { FloatHistogram } from '../model/histogram.js';
import { type Labels, compareLabels, labelsKey } from '../model/labels.js';

export interface RecordedSeries {
  readonly labels: Labels;
  /** Float sample timestamps in ms since the epoch, strictly ascending. */
  readonly timestamps: Float64Array;
  /** Float sample values (may hold the staleness marker; test with isStaleNaN). */
  readonly values: Float64Array;
  /** Start timestamps of the float samples (ms, 0 = none): only `.test` `@st` lines give them. */
  readonly startTimestamps?: Float64Array;
  /** Native histogram samples, if any, timestamps strictly ascending. */
  readonly histograms?: {
    readonly timestamps: Float64Array;
    readonly values: readonly FloatHistogram[];
    readonly startTimestamps?: Float64Array;
  };
}

/** Metric types as OpenMetrics names them (`# TYPE`). */
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'gaugehistogram' | 'summary' | 'info' | 'stateset' | 'unknown';

export const METRIC_TYPES: readonly MetricType[] = ['counter', 'gauge', 'histogram', 'gaugehistogram', 'summary', 'info', 'stateset', 'unknown'];

export interface MetricMetadata {
  readonly type: MetricType;
  readonly help?: string;
  readonly unit?: string;
}

export interface LoadedSamples {
  /** Sorted by label set (Prometheus order). */
  readonly series: readonly RecordedSeries[];
  /** Keyed by metric family name (`http_requests` for `http_requests_total`). */
  readonly metadata: ReadonlyMap<string, MetricMetadata>;
  readonly diagnostics: readonly FileDiagnostic[];
}

/** Why a sample was not added (the caller turns it into a positioned diagnostic). */
export type AppendRejection = 'out-of-order' | 'duplicate-timestamp';

interface Building {
  labels: Labels;
  floatT: number[];
  floatV: number[];
  /** Start timestamps, kept only once one is not 0. */
  floatS?: number[];
  histT: number[];
  histV: FloatHistogram[];
  histS?: number[];
}

declare const seriesSlot: unique symbol;
/** One series of a SeriesAccumulator (from `series()`), to add samples to without looking it up again. */
export type SeriesSlot = { readonly [seriesSlot]: true };

/**
 * Collects samples per label set. In `strict` mode (OpenMetrics) samples of a
 * series must come in strictly increasing time order, as promtool's TSDB
 * import requires; otherwise (API JSON, merged load blocks) they are sorted
 * at the end and a later sample at an equal timestamp replaces the earlier.
 */
export class SeriesAccumulator {
  private readonly byKey = new Map<string, Building>();

  constructor(private readonly strict: boolean) {}

  private get(labels: Labels): Building {
    const key = labelsKey(labels);
    let b = this.byKey.get(key);
    if (b === undefined) {
      b = { labels, floatT: [], floatV: [], histT: [], histV: [] };
      this.byKey.set(key, b);
    }
    return b;
  }

  /** The series of `labels`, created when new. */
  series(labels: Labels): SeriesSlot {
    return this.get(labels) as unknown as SeriesSlot;
  }

  /** Adds a float sample; in strict mode returns why it was refused. */
  addFloat(labels: Labels, t: number, v: number, st = 0): AppendRejection | undefined {
    return this.addFloatTo(this.series(labels), t, v, st);
  }

  /** addFloat to a series already looked up. */
  addFloatTo(slot: SeriesSlot, t: number, v: number, st = 0): AppendRejection | undefined {
    const b = slot as unknown as Building;
    const rejected = this.push(b.floatT, b.floatV, t, v, (a, c) => Object.is(a, c));
    if (rejected === undefined && (st !== 0 || b.floatS)) (b.floatS ??= new Array<number>(b.floatT.length - 1).fill(0)).push(st);
    return rejected;
  }

  addHistogram(labels: Labels, t: number, h: FloatHistogram, st = 0): AppendRejection | undefined {
    const b = this.get(labels);
    const rejected = this.push(b.histT, b.histV, t, h, (a, c) => JSON.stringify(a) === JSON.stringify(c));
    if (rejected === undefined && (st !== 0 || b.histS)) (b.histS ??= new Array<number>(b.histT.length - 1).fill(0)).push(st);
    return rejected;
  }

  /** Makes sure a series exists even without samples (e.g. all `_` in notation). */
  touch(labels: Labels): void {
    this.get(labels);
  }

  private push<V>(ts: number[], vs: V[], t: number, v: V, same: (a: V, b: V) => boolean): AppendRejection | undefined {
    const last = ts[ts.length - 1];
    if (this.strict && last !== undefined) {
      if (t < last) return 'out-of-order';
      if (t === last) return same(vs[vs.length - 1]!, v) ? undefined : 'duplicate-timestamp';
    }
    ts.push(t);
    vs.push(v);
    return undefined;
  }

  /** The last timestamp of the series' float samples (for error messages). */
  lastTimestamp(slot: SeriesSlot): number | undefined {
    const b = slot as unknown as Building;
    return b.floatT[b.floatT.length - 1];
  }

  finish(): RecordedSeries[] {
    const out: RecordedSeries[] = [];
    for (const b of this.byKey.values()) {
      const floats = sortAndDedupe(b.floatT, b.floatV, b.floatS);
      const hists = sortAndDedupe(b.histT, b.histV, b.histS);
      out.push({
        labels: b.labels,
        timestamps: Float64Array.from(floats.t),
        values: Float64Array.from(floats.v),
        ...(floats.s ? { startTimestamps: Float64Array.from(floats.s) } : {}),
        ...(hists.t.length > 0
          ? { histograms: { timestamps: Float64Array.from(hists.t), values: hists.v, ...(hists.s ? { startTimestamps: Float64Array.from(hists.s) } : {}) } }
          : {}),
      });
    }
    return out.sort((x, y) => compareLabels(x.labels, y.labels));
  }
}

/** Stable sort by time; of equal timestamps the last added wins (with its start timestamp, `ss`). */
function sortAndDedupe<V>(ts: readonly number[], vs: readonly V[], ss?: readonly number[]): { t: number[]; v: V[]; s?: number[] } {
  let sorted = true;
  for (let i = 1; i < ts.length; i++) if (!(ts[i]! > ts[i - 1]!)) sorted = false;
  if (sorted) return { t: [...ts], v: [...vs], ...(ss ? { s: [...ss] } : {}) };
  const order = ts.map((_, i) => i).sort((a, b) => ts[a]! - ts[b]! || a - b);
  const t: number[] = [];
  const v: V[] = [];
  const s: number[] = [];
  for (const i of order) {
    if (t.length > 0 && t[t.length - 1] === ts[i]) {
      v[v.length - 1] = vs[i]!;
      s[s.length - 1] = ss?.[i] ?? 0;
      continue;
    }
    t.push(ts[i]!);
    v.push(vs[i]!);
    s.push(ss?.[i] ?? 0);
  }
  return { t, v, ...(ss ? { s } : {}) };
}
