// Raw samples from a server, in time chunks: an instant query of a range
// selector, `{…}[Δ]` at time t, answers with every stored sample in the
// window ending at t, untouched by evaluation. Chunk lengths adapt to the
// data: a first chunk measures how many samples a millisecond of this
// selector holds, the rest are sized for about `targetSamplesPerRequest`
// and fetched concurrently (the client bounds how many at once). A chunk
// the server (or our size limit) finds too large is split in two, down to
// `minChunkMs`. Windows are (t-Δ, t] on Prometheus 3.x and VictoriaMetrics
// and [t-Δ, t] on 2.x; the sample on a shared boundary is kept once.

import type { Labels } from '../model/labels.js';
import { labelsFromRecord, labelsKey, metricNameOf } from '../model/labels.js';
import type { RecordedSeries } from '../samples/types.js';
import { compareLabels } from '../model/labels.js';
import type { PromClient, RemoteError } from './client.js';
import { type DecodedMatrixSeries, decodeMatrixResponse } from './matrix-decode.js';
import { parseSampleValue } from './sample-value.js';

export interface FetchRange {
  /** Matchers in braces, e.g. `{__name__="up",job="api"}`. */
  readonly selector: string;
  readonly fromMs: number;
  readonly toMs: number;
}

export interface FetchProgress {
  readonly series: number;
  readonly samples: number;
  readonly bytes: number;
  readonly requests: number;
  /** Share of the total time span fetched so far, 0..1. */
  readonly fraction: number;
  readonly elapsedMs: number;
}

export interface FetchOptions {
  readonly initialChunkMs?: number;
  readonly targetSamplesPerRequest?: number;
  readonly minChunkMs?: number;
  readonly maxChunkMs?: number;
  /** Series with these metric names are not kept (rule outputs evaluation writes itself). */
  readonly dropNames?: ReadonlySet<string>;
  readonly onProgress?: (p: FetchProgress) => void;
}

export interface FetchStats {
  requests: number;
  retries: number;
  splits: number;
  samples: number;
  bytes: number;
}

export type FetchResult =
  | { readonly ok: true; readonly series: RecordedSeries[]; readonly warnings: string[]; readonly stats: FetchStats }
  | { readonly ok: false; readonly error: RemoteError; readonly warnings: string[] };

interface MatrixSeries {
  readonly metric: Record<string, string>;
  readonly values?: [number, string][];
  readonly histograms?: unknown[];
}

interface Part {
  readonly t: Float64Array;
  readonly v: Float64Array;
}

export { parseSampleValue };

class SeriesParts {
  private readonly byKey = new Map<string, { labels: Labels; parts: Part[] }>();
  samples = 0;

  constructor(private readonly drop: ReadonlySet<string>) {}

  get seriesCount(): number {
    return this.byKey.size;
  }

  /** Adds one matrix answer; returns how many samples it held. */
  add(result: readonly (MatrixSeries | DecodedMatrixSeries)[], onHistogram: (labels: Labels) => void): number {
    let n = 0;
    for (const s of result) {
      const labels = labelsFromRecord(s.metric);
      const name = metricNameOf(labels);
      if (name !== undefined && this.drop.has(name)) continue;
      let t: Float64Array;
      let v: Float64Array;
      if ('t' in s) {
        // Decoded by decodeMatrixResponse already.
        ({ t, v } = s);
      } else {
        if (s.histograms && s.histograms.length > 0) onHistogram(labels);
        const values = s.values ?? [];
        t = new Float64Array(values.length);
        v = new Float64Array(values.length);
        for (let i = 0; i < values.length; i++) {
          const p = values[i]!;
          // Timestamps come as float seconds with millisecond precision.
          t[i] = Math.round(p[0] * 1000);
          v[i] = parseSampleValue(p[1]);
        }
      }
      if (t.length === 0) continue;
      const key = labelsKey(labels);
      let e = this.byKey.get(key);
      if (!e) this.byKey.set(key, (e = { labels, parts: [] }));
      e.parts.push({ t, v });
      n += t.length;
    }
    this.samples += n;
    return n;
  }

  /** One series per label set, chunks joined in time order, a boundary sample seen twice kept once. */
  finish(): RecordedSeries[] {
    const out: RecordedSeries[] = [];
    for (const { labels, parts } of this.byKey.values()) {
      parts.sort((a, b) => a.t[0]! - b.t[0]!);
      const total = parts.reduce((n, p) => n + p.t.length, 0);
      const t = new Float64Array(total);
      const v = new Float64Array(total);
      let k = 0;
      for (const p of parts) {
        for (let i = 0; i < p.t.length; i++) {
          if (k > 0 && p.t[i]! <= t[k - 1]!) continue;
          t[k] = p.t[i]!;
          v[k] = p.v[i]!;
          k++;
        }
      }
      out.push({ labels, timestamps: k === total ? t : t.slice(0, k), values: k === total ? v : v.slice(0, k) });
    }
    return out.sort((a, b) => compareLabels(a.labels, b.labels));
  }
}

export async function fetchRawSamples(client: PromClient, ranges: readonly FetchRange[], o: FetchOptions = {}): Promise<FetchResult> {
  const initialChunk = o.initialChunkMs ?? 3_600_000;
  const target = o.targetSamplesPerRequest ?? 1_000_000;
  const minChunk = o.minChunkMs ?? 1_000;
  const maxChunk = o.maxChunkMs ?? 7 * 86_400_000;
  const acc = new SeriesParts(o.dropNames ?? new Set());
  const warnings = new Set<string>();
  const stats: FetchStats = { requests: 0, retries: 0, splits: 0, samples: 0, bytes: 0 };
  const totalMs = ranges.reduce((n, r) => n + Math.max(0, r.toMs - r.fromMs), 0) || 1;
  let doneMs = 0;
  let failure: RemoteError | undefined;
  const started = Date.now();
  const histogramSeries = new Set<string>();

  const progress = (): void =>
    o.onProgress?.({
      series: acc.seriesCount,
      samples: acc.samples,
      bytes: client.stats.bytes,
      requests: client.stats.requests,
      fraction: Math.min(1, doneMs / totalMs),
      elapsedMs: Date.now() - started,
    });

  /** Fetches (fromMs, toMs]; splits on "too large". Returns the samples fetched, or undefined on failure. */
  const chunk = async (selector: string, fromMs: number, toMs: number): Promise<number | undefined> => {
    if (failure) return undefined;
    const rangeMs = toMs - fromMs;
    const r = await client.call<{ resultType: string; result: (MatrixSeries | DecodedMatrixSeries)[] }>(
      'query',
      { query: `${selector}[${rangeMs}ms]`, time: (toMs / 1000).toFixed(3) },
      'POST',
      decodeMatrixResponse,
    );
    if (!r.ok) {
      if (r.error.kind === 'too-large' && rangeMs > minChunk) {
        stats.splits++;
        const mid = fromMs + Math.floor(rangeMs / 2);
        const a = await chunk(selector, fromMs, mid);
        const b = a === undefined ? undefined : await chunk(selector, mid, toMs);
        return a === undefined || b === undefined ? undefined : a + b;
      }
      failure ??= r.error;
      return undefined;
    }
    for (const w of r.warnings) warnings.add(`${client.label}: ${w}`);
    if (r.data.resultType !== 'matrix') {
      failure ??= { kind: 'bad-response', message: `${client.label}: a range selector query answered with a ${r.data.resultType}, not a matrix`, attempts: 1 };
      return undefined;
    }
    const n = acc.add(r.data.result, (labels) => histogramSeries.add(labelsKey(labels)));
    doneMs += rangeMs;
    progress();
    return n;
  };

  const one = async (range: FetchRange): Promise<void> => {
    // A chunk is (from, to]: start one ms early so the first sample at `fromMs` is in.
    let from = range.fromMs - 1;
    const end = range.toMs;
    const firstTo = Math.min(end, from + initialChunk);
    const n = await chunk(range.selector, from, firstTo);
    if (n === undefined) return;
    const span = firstTo - from;
    from = firstTo;
    if (from >= end) return;
    // Samples per ms of this selector, measured on the first chunk.
    const density = n / span;
    const size = Math.max(minChunk, Math.min(maxChunk, density > 0 ? Math.floor(target / density) : maxChunk));
    const pieces: Promise<number | undefined>[] = [];
    for (let a = from; a < end; a += size) pieces.push(chunk(range.selector, a, Math.min(end, a + size)));
    await Promise.all(pieces);
  };

  await Promise.all(ranges.map(one));
  stats.requests = client.stats.requests;
  stats.retries = client.stats.retries;
  stats.bytes = client.stats.bytes;
  stats.samples = acc.samples;
  if (histogramSeries.size > 0) {
    warnings.add(
      `${client.label}: ${histogramSeries.size} series hold native histogram samples; the query API gives their buckets, not their exact layout, so they are not fetched`,
    );
  }
  if (failure) return { ok: false, error: failure, warnings: [...warnings] };
  return { ok: true, series: acc.finish(), warnings: [...warnings], stats };
}
