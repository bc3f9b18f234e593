// Downsampling series for display: per pixel-wide time bucket keep the
// minimum and the maximum point (in time order), so spikes and dips survive
// and the drawn shape matches the full series at that width. Gaps
// (NaN) stay gaps. Firing intervals are never downsampled: they travel
// separately with exact times.

export interface Grid {
  /** Evaluation times (ms), ascending. */
  readonly times: Float64Array;
}

export interface Downsampled {
  readonly t: number[];
  readonly v: number[];
}

/**
 * Keeps at most 2 points per bucket out of `buckets` equal time buckets over
 * [fromMs, toMs]; NaN points are kept (one per gap) so lines break there.
 */
export function downsampleMinMax(times: ArrayLike<number>, values: ArrayLike<number>, fromMs: number, toMs: number, buckets: number): Downsampled {
  const out: Downsampled = { t: [], v: [] };
  const width = Math.max(1, toMs - fromMs) / Math.max(1, buckets);
  let bucket = -1;
  // Indices of the bucket's minimum and maximum (-1 = empty bucket).
  let min = -1;
  let max = -1;
  let inGap = false;
  const flush = (): void => {
    if (min < 0) return;
    const picked = min === max ? [min] : min < max ? [min, max] : [max, min];
    for (const i of picked) {
      out.t.push(times[i]!);
      out.v.push(values[i]!);
    }
    min = max = -1;
  };
  for (let i = 0; i < times.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) {
      if (!inGap) {
        flush();
        out.t.push(times[i]!);
        out.v.push(NaN);
        inGap = true;
      }
      continue;
    }
    inGap = false;
    const b = Math.floor((times[i]! - fromMs) / width);
    if (b !== bucket) {
      flush();
      bucket = b;
    }
    if (min < 0) {
      min = max = i;
      continue;
    }
    if (v < values[min]!) min = i;
    if (v > values[max]!) max = i;
  }
  flush();
  return out;
}

/** Per bucket, the lowest of `lo` and the highest of `hi` (an envelope), at the bucket's first time. */
export function downsampleEnvelope(
  times: ArrayLike<number>,
  lo: ArrayLike<number>,
  hi: ArrayLike<number>,
  fromMs: number,
  toMs: number,
  buckets: number,
): { t: number[]; lo: number[]; hi: number[] } {
  const out = { t: [] as number[], lo: [] as number[], hi: [] as number[] };
  const width = Math.max(1, toMs - fromMs) / Math.max(1, buckets);
  let bucket = -1;
  for (let i = 0; i < times.length; i++) {
    const b = Math.floor((times[i]! - fromMs) / width);
    const l = lo[i]!;
    const h = hi[i]!;
    if (b !== bucket) {
      bucket = b;
      out.t.push(times[i]!);
      out.lo.push(l);
      out.hi.push(h);
      continue;
    }
    const k = out.t.length - 1;
    // NaN means no series had a value: keep whichever side has one.
    if (Number.isNaN(out.lo[k]!) || l < out.lo[k]!) out.lo[k] = Number.isNaN(l) ? out.lo[k]! : l;
    if (Number.isNaN(out.hi[k]!) || h > out.hi[k]!) out.hi[k] = Number.isNaN(h) ? out.hi[k]! : h;
  }
  return out;
}

/** Pointwise min and max across series on a shared grid (NaN where none has a value). */
export function envelopeOf(series: readonly ArrayLike<number>[], length: number): { lo: Float64Array; hi: Float64Array } {
  const lo = new Float64Array(length).fill(NaN);
  const hi = new Float64Array(length).fill(NaN);
  for (const s of series) {
    for (let i = 0; i < length; i++) {
      const v = s[i]!;
      if (!Number.isFinite(v)) continue;
      if (Number.isNaN(lo[i]!) || v < lo[i]!) lo[i] = v;
      if (Number.isNaN(hi[i]!) || v > hi[i]!) hi[i] = v;
    }
  }
  return { lo, hi };
}

/** Rounds to `digits` significant digits (display precision); non-finite → null for JSON. */
export function roundForDisplay(v: number, digits = 5): number | null {
  if (!Number.isFinite(v)) return null;
  if (v === 0) return 0;
  return Number(v.toPrecision(digits));
}

/** Seconds since `baseMs`, to the millisecond. */
export function relSeconds(ms: number, baseMs: number): number {
  return Math.round(ms - baseMs) / 1000;
}
