// The in-memory series store the engine reads from. Each series keeps its
// samples column-wise in growable typed arrays (timestamps and values as
// Float64Array, 16 bytes per float sample), so range functions can slide a
// window over plain arrays instead of materialising sample objects. Label
// sets are interned (one Labels object per distinct set) and an inverted
// index label pair → series ids makes equality matchers cheap.
//
// Staleness markers are stored inline as the StaleNaN bit pattern, exactly
// as Prometheus does; `rangeView` hands range functions a marker-free copy,
// because a window over the filtered arrays equals a window that skips them.

import type { LabelMatcher } from '../promql/ast.js';
import { compileAnchoredRegex } from '../promql/regex.js';
import type { FloatHistogram } from '../model/histogram.js';
import { type Labels, compareLabels, getLabel, labelsKey, withoutEmptyLabels } from '../model/labels.js';
import { isStaleNaN } from '../model/stale.js';
import { detectReset } from './histogram-reset.js';

const INITIAL_CAPACITY = 16;
/** Prometheus cuts a new head chunk after 120 samples. */
const MAX_SAMPLES_PER_CHUNK = 120;

function layoutChanged(prev: FloatHistogram, h: FloatHistogram): boolean {
  if (prev.schema !== h.schema || prev.zeroThreshold !== h.zeroThreshold) return true;
  const a = prev.customValues ?? [];
  const b = h.customValues ?? [];
  return a.length !== b.length || a.some((v, i) => v !== b[i]);
}

/** The samples of one series, sorted by timestamp once `seal`ed. */
export interface SeriesData {
  readonly id: number;
  readonly labels: Labels;
  /** Timestamps in ms; only the first `length` entries are valid. */
  readonly ts: Float64Array;
  readonly vs: Float64Array;
  readonly length: number;
  /** Histogram samples by index; `vs` holds NaN at those positions. */
  readonly hists: ReadonlyMap<number, FloatHistogram> | undefined;
  /** Start timestamps (ms, 0 = unknown) by index, when any were loaded. */
  readonly sts: Float64Array | undefined;
}

/** Samples with staleness markers removed, for range windows. */
export interface RangeView {
  readonly ts: Float64Array;
  readonly vs: Float64Array;
  readonly length: number;
  readonly hists: ReadonlyMap<number, FloatHistogram> | undefined;
  readonly sts: Float64Array | undefined;
}

class MutableSeries implements SeriesData {
  ts = new Float64Array(INITIAL_CAPACITY);
  vs = new Float64Array(INITIAL_CAPACITY);
  length = 0;
  hists: Map<number, FloatHistogram> | undefined;
  sts: Float64Array | undefined;
  sorted = true;
  staleCount = 0;
  hintsApplied = false;
  view: RangeView | undefined;

  constructor(
    readonly id: number,
    readonly labels: Labels,
  ) {}

  append(t: number, v: number, h: FloatHistogram | undefined, st: number): void {
    this.view = undefined;
    this.hintsApplied = false;
    if (this.length > 0 && t <= this.ts[this.length - 1]!) {
      if (t === this.ts[this.length - 1]!) {
        // Same timestamp again: the later sample replaces the earlier one.
        this.set(this.length - 1, v, h, st);
        return;
      }
      this.sorted = false;
    }
    if (this.length === this.ts.length) this.grow();
    this.ts[this.length] = t;
    this.set(this.length, v, h, st);
    this.length++;
  }

  private set(i: number, v: number, h: FloatHistogram | undefined, st: number): void {
    const wasStale = i < this.length && isStaleNaN(this.vs[i]!);
    this.vs[i] = v;
    if (wasStale) this.staleCount--;
    if (isStaleNaN(v)) this.staleCount++;
    if (h) (this.hists ??= new Map()).set(i, h);
    else this.hists?.delete(i);
    if (st !== 0 || this.sts) {
      if (!this.sts) this.sts = new Float64Array(this.ts.length);
      this.sts[i] = st;
    }
  }

  // Growing by a quarter (not doubling) bounds the slack at 25%, keeping a
  // float sample at ≤ 20 bytes of column space (16 used + up to 4 unused).
  private grow(): void {
    this.reserve(Math.max(INITIAL_CAPACITY, Math.ceil(this.ts.length * 1.25)));
  }

  /** Ensures room for `cap` samples. */
  reserve(cap: number): void {
    if (cap <= this.ts.length) return;
    const ts = new Float64Array(cap);
    ts.set(this.ts);
    const vs = new Float64Array(cap);
    vs.set(this.vs);
    this.ts = ts;
    this.vs = vs;
    if (this.sts) {
      const sts = new Float64Array(cap);
      sts.set(this.sts);
      this.sts = sts;
    }
  }

  /** Sorts out-of-order input by timestamp; the last sample given for a timestamp wins. */
  seal(): void {
    if (this.sorted) return;
    const order = Array.from({ length: this.length }, (_, i) => i);
    order.sort((a, b) => this.ts[a]! - this.ts[b]! || a - b);
    const ts = new Float64Array(this.ts.length);
    const vs = new Float64Array(this.ts.length);
    const sts = this.sts ? new Float64Array(this.ts.length) : undefined;
    const hists = this.hists ? new Map<number, FloatHistogram>() : undefined;
    let n = 0;
    for (const i of order) {
      if (n > 0 && ts[n - 1] === this.ts[i]) n--;
      ts[n] = this.ts[i]!;
      vs[n] = this.vs[i]!;
      if (sts) sts[n] = this.sts![i]!;
      const h = this.hists?.get(i);
      if (hists) {
        hists.delete(n);
        if (h) hists.set(n, h);
      }
      n++;
    }
    this.ts = ts;
    this.vs = vs;
    this.sts = sts;
    this.hists = hists;
    this.length = n;
    this.staleCount = 0;
    for (let i = 0; i < n; i++) if (isStaleNaN(vs[i]!)) this.staleCount++;
    this.sorted = true;
  }

  /**
   * The counter-reset hints histograms read back with from Prometheus's
   * storage: gauges stay gauges; the first histogram of a chunk reads as
   * `unknown` (also when the chunk was cut for a counter reset), later ones
   * as `not_reset`. A chunk is cut at a counter reset (stated or
   * detected), at a layout change (schema, zero threshold, custom bounds),
   * after a float sample, and every 120 samples.
   */
  applyStorageHints(): void {
    if (!this.hists || this.hintsApplied) return;
    this.hintsApplied = true;
    let prev: FloatHistogram | undefined;
    let inChunk = 0;
    for (let i = 0; i < this.length; i++) {
      const h = this.hists.get(i);
      if (!h) {
        if (!isStaleNaN(this.vs[i]!)) prev = undefined;
        continue;
      }
      if (isStaleNaN(h.sum)) continue;
      let hint: FloatHistogram['counterResetHint'];
      if (h.counterResetHint === 'gauge') hint = 'gauge';
      else if (
        !prev ||
        prev.counterResetHint === 'gauge' ||
        layoutChanged(prev, h) ||
        inChunk >= MAX_SAMPLES_PER_CHUNK ||
        h.counterResetHint === 'reset' ||
        detectReset(h, prev)
      ) {
        hint = 'unknown';
        inChunk = 0;
      } else hint = 'not_reset';
      inChunk++;
      this.hists.set(i, hint === h.counterResetHint ? h : { ...h, counterResetHint: hint });
      prev = h;
    }
  }

  rangeView(): RangeView {
    this.seal();
    this.applyStorageHints();
    if (this.view) return this.view;
    if (this.staleCount === 0) {
      this.view = { ts: this.ts, vs: this.vs, length: this.length, hists: this.hists, sts: this.sts };
      return this.view;
    }
    const n = this.length - this.staleCount;
    const ts = new Float64Array(n);
    const vs = new Float64Array(n);
    const sts = this.sts ? new Float64Array(n) : undefined;
    const hists = this.hists ? new Map<number, FloatHistogram>() : undefined;
    let j = 0;
    for (let i = 0; i < this.length; i++) {
      const v = this.vs[i]!;
      if (isStaleNaN(v)) continue;
      ts[j] = this.ts[i]!;
      vs[j] = v;
      if (sts) sts[j] = this.sts![i]!;
      const h = this.hists?.get(i);
      if (h && hists) hists.set(j, h);
      j++;
    }
    this.view = { ts, vs, length: n, hists, sts };
    return this.view;
  }
}

export class Storage {
  private readonly series: MutableSeries[] = [];
  private readonly byKey = new Map<string, MutableSeries>();
  /** label name → label value → ids of series having that pair, ascending. */
  private readonly postings = new Map<string, Map<string, number[]>>();
  private histogramCount = 0;

  /** Number of series stored. */
  get seriesCount(): number {
    return this.series.length;
  }

  /** Number of samples stored (markers included). */
  get sampleCount(): number {
    let n = 0;
    for (const s of this.series) n += s.length;
    return n;
  }

  /** True once any native histogram sample was appended. */
  get hasHistograms(): boolean {
    return this.histogramCount > 0;
  }

  /** Bytes held by sample columns (capacity, not just length). */
  get sampleBytes(): number {
    let n = 0;
    for (const s of this.series) n += s.ts.byteLength + s.vs.byteLength + (s.sts?.byteLength ?? 0);
    return n;
  }

  /** Appends a float sample (use STALE_NAN for a staleness marker). `st` is a start timestamp in ms, 0 = unknown. */
  append(labels: Labels, t: number, v: number, st = 0): void {
    this.seriesFor(labels).append(t, v, undefined, st);
  }

  appendHistogram(labels: Labels, t: number, h: FloatHistogram, st = 0): void {
    this.histogramCount++;
    this.seriesFor(labels).append(t, Number.NaN, h, st);
  }

  /** Bulk load: timestamps and values of one series (columns sized once up front). */
  appendMany(labels: Labels, ts: ArrayLike<number>, vs: ArrayLike<number>): void {
    const s = this.seriesFor(labels);
    s.reserve(s.length + ts.length);
    for (let i = 0; i < ts.length; i++) s.append(ts[i]!, vs[i]!, undefined, 0);
  }

  /**
   * Series whose labels satisfy every matcher, in id order, sorted samples.
   * `dotMatchesNewline`: whether `.` in =~/!~ matches `\n` (3.x, the default) or not (2.x).
   */
  select(matchers: readonly LabelMatcher[], dotMatchesNewline = true): SeriesData[] {
    let candidates: number[] | undefined;
    for (const m of matchers) {
      if (m.op !== '=' || m.value === '') continue;
      const ids = this.postings.get(m.name)?.get(m.value) ?? [];
      candidates = candidates ? intersectSorted(candidates, ids) : ids;
    }
    const tests = matchers.map((m) => matcherTest(m, dotMatchesNewline));
    const out: SeriesData[] = [];
    const consider = (s: MutableSeries): void => {
      for (let i = 0; i < matchers.length; i++) {
        if (!tests[i]!(getLabel(s.labels, matchers[i]!.name) ?? '')) return;
      }
      s.seal();
      s.applyStorageHints();
      out.push(s);
    };
    if (candidates) for (const id of candidates) consider(this.series[id]!);
    else for (const s of this.series) consider(s);
    // Prometheus's storage returns series sorted by label set; evaluation
    // order (and so topk ties and instant result order) depends on it.
    out.sort((a, b) => compareLabels(a.labels, b.labels));
    return out;
  }

  /** The marker-free samples of a series returned by `select`. */
  rangeView(s: SeriesData): RangeView {
    return this.series[s.id]!.rangeView();
  }

  /**
   * Histogram samples as Prometheus's HistogramStatsIterator reads them for
   * histogram_count/sum/avg: a sample whose stored hint is `unknown` gets
   * `reset` or `not_reset` by comparing it with the sample before it.
   * `hists` is a map of the series (or of its range view) to re-hint.
   */
  statsHints(hists: ReadonlyMap<number, FloatHistogram> | undefined): ReadonlyMap<number, FloatHistogram> | undefined {
    if (!hists || hists.size === 0) return hists;
    const cached = this.statsCache.get(hists);
    if (cached) return cached;
    const out = new Map<number, FloatHistogram>();
    let prev: FloatHistogram | undefined;
    for (const index of [...hists.keys()].sort((a, b) => a - b)) {
      const h = hists.get(index)!;
      let hinted = h;
      if (h.counterResetHint === 'unknown' && prev) hinted = { ...h, counterResetHint: detectReset(h, prev) ? 'reset' : 'not_reset' };
      out.set(index, hinted);
      prev = h;
    }
    this.statsCache.set(hists, out);
    return out;
  }

  private readonly statsCache = new WeakMap<ReadonlyMap<number, FloatHistogram>, Map<number, FloatHistogram>>();

  /** All series (for loaders that post-process a block). */
  allSeries(): SeriesData[] {
    for (const s of this.series) s.seal();
    return this.series;
  }

  // A label with an empty value is no label: Prometheus's TSDB drops them on
  // append (head_append.go's WithoutEmpty), so `{a=""}` written in a load
  // block, fixture or input series is the series without `a`.
  private seriesFor(given: Labels): MutableSeries {
    const labels = withoutEmptyLabels(given);
    const key = labelsKey(labels);
    let s = this.byKey.get(key);
    if (s) return s;
    s = new MutableSeries(this.series.length, labels);
    this.series.push(s);
    this.byKey.set(key, s);
    for (const l of labels) {
      let values = this.postings.get(l.name);
      if (!values) this.postings.set(l.name, (values = new Map()));
      let ids = values.get(l.value);
      if (!ids) values.set(l.value, (ids = []));
      ids.push(s.id);
    }
    return s;
  }
}

function intersectSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i]! < b[j]!) i++;
    else if (a[i]! > b[j]!) j++;
    else {
      out.push(a[i]!);
      i++;
      j++;
    }
  }
  return out;
}

/** A predicate on a label value (absent labels are the empty string, as in Prometheus); see `select` for `dotMatchesNewline`. */
export function matcherTest(m: LabelMatcher, dotMatchesNewline = true): (value: string) => boolean {
  switch (m.op) {
    case '=':
      return (v) => v === m.value;
    case '!=':
      return (v) => v !== m.value;
    case '=~': {
      const re = compileAnchoredRegex(m.value, { dotMatchesNewline });
      return re.ok ? (v) => re.test(v) : () => false;
    }
    case '!~': {
      const re = compileAnchoredRegex(m.value, { dotMatchesNewline });
      return re.ok ? (v) => !re.test(v) : () => true;
    }
  }
}
