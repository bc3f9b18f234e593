// The Numenta Anomaly Benchmark's scoring, as restated in
// ../shared/anomaly-benchmark/PROTOCOL.md: rows indexed 0..n−1, detections
// placed on rows, rows of the probationary period ignored; per window
// [L, R] the earliest detection inside is worth a scaled sigmoid of its
// position, a window without one costs fn_weight, and a detection outside
// every window costs fp_weight × s (s = −1 before the first window, a sigmoid
// of the distance after one, so false alarms right after a window are cheap).

export type NabProfile = 'standard' | 'reward_low_FP_rate' | 'reward_low_FN_rate';

export const NAB_PROFILES: Readonly<Record<NabProfile, { readonly tp: number; readonly fp: number; readonly fn: number }>> = {
  standard: { tp: 1.0, fp: 0.11, fn: 1.0 },
  reward_low_FP_rate: { tp: 1.0, fp: 0.22, fn: 1.0 },
  reward_low_FN_rate: { tp: 1.0, fp: 0.11, fn: 2.0 },
};

export const PROFILE_NAMES = Object.keys(NAB_PROFILES) as NabProfile[];

/** σ(y) = 2/(1+e^{5y}) − 1, and −1 for y > 3 (NAB's scaledSigmoid). */
export function scaledSigmoid(y: number): number {
  return y > 3 ? -1 : 2 / (1 + Math.exp(5 * y)) - 1;
}

/** A labelled window in rows, inclusive. */
export interface RowWindow {
  readonly first: number;
  readonly last: number;
}

export interface WindowOutcome extends RowWindow {
  /** The earliest detection row inside the window. */
  readonly detectedRow?: number;
  /** Its score before weighting: σ(y)/σ(−1), in (0, 1]. */
  readonly position?: number;
}

export interface FalsePositive {
  readonly row: number;
  /** s in [−1, 0]: multiplied by fp_weight. */
  readonly s: number;
}

export interface NabFileScore {
  readonly rows: number;
  readonly probationRows: number;
  readonly windows: readonly WindowOutcome[];
  readonly falsePositives: readonly FalsePositive[];
  /** Detections scored (after the probationary period, one per row). */
  readonly detections: number;
  readonly raw: Readonly<Record<NabProfile, number>>;
  readonly rawNull: Readonly<Record<NabProfile, number>>;
  readonly rawPerfect: Readonly<Record<NabProfile, number>>;
}

/** NAB's probationary period: the first floor(min(0.15 × rows, 750)) rows. */
export function nabProbationRows(rows: number): number {
  return Math.floor(Math.min(0.15 * rows, 750));
}

/** The first row at or after t (rows.length when none). */
export function rowAtOrAfter(rowTimesMs: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = rowTimesMs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rowTimesMs[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Windows given in time become rows: first row at or after the start, last row at or before the end. */
export function windowRows(rowTimesMs: ArrayLike<number>, startMs: number, endMs: number): RowWindow | undefined {
  const first = rowAtOrAfter(rowTimesMs, startMs);
  const last = rowAtOrAfter(rowTimesMs, endMs + 1) - 1;
  return last >= first ? { first, last } : undefined;
}

export function scoreNabFile(rows: number, probationRows: number, windows: readonly RowWindow[], detectionRows: readonly number[]): NabFileScore {
  const sorted = [...new Set(detectionRows)].filter((r) => r >= probationRows && r < rows).sort((a, b) => a - b);
  const ws = [...windows].sort((a, b) => a.first - b.first);
  const outcomes: WindowOutcome[] = ws.map((w) => {
    const hit = sorted.find((r) => r >= w.first && r <= w.last);
    if (hit === undefined) return { ...w };
    const width = w.last - w.first + 1;
    const y = -(w.last - hit + 1) / width;
    return { ...w, detectedRow: hit, position: scaledSigmoid(y) / scaledSigmoid(-1) };
  });
  const falsePositives: FalsePositive[] = [];
  for (const r of sorted) {
    if (ws.some((w) => r >= w.first && r <= w.last)) continue;
    let prev: RowWindow | undefined;
    for (const w of ws) if (w.last < r) prev = w;
    // A one-row window has no width to scale by; NAB's formula divides by W − 1.
    const s = prev === undefined ? -1 : scaledSigmoid(Math.abs(prev.last - r) / Math.max(1, prev.last - prev.first));
    falsePositives.push({ row: r, s });
  }
  const per = (f: (p: { tp: number; fp: number; fn: number }) => number): Record<NabProfile, number> =>
    Object.fromEntries(PROFILE_NAMES.map((n) => [n, f(NAB_PROFILES[n])])) as Record<NabProfile, number>;
  const raw = per(
    (p) => outcomes.reduce((a, w) => a + (w.position === undefined ? -p.fn : p.tp * w.position), 0) + falsePositives.reduce((a, f) => a + p.fp * f.s, 0),
  );
  return {
    rows,
    probationRows,
    windows: outcomes,
    falsePositives,
    detections: sorted.length,
    raw,
    rawNull: per((p) => -p.fn * ws.length),
    rawPerfect: per((p) => p.tp * ws.length),
  };
}

/** 100 × (raw − raw_null) / (raw_perfect − raw_null) over files (0 when no file has a window). */
export function normalisedScore(files: readonly Pick<NabFileScore, 'raw' | 'rawNull' | 'rawPerfect'>[], profile: NabProfile): number {
  let raw = 0;
  let rawNull = 0;
  let rawPerfect = 0;
  for (const f of files) {
    raw += f.raw[profile];
    rawNull += f.rawNull[profile];
    rawPerfect += f.rawPerfect[profile];
  }
  return rawPerfect === rawNull ? 0 : (100 * (raw - rawNull)) / (rawPerfect - rawNull);
}
