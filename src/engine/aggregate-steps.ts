// The float arithmetic of sum, avg, min and max aggregation, one sample at a
// time, on slot k of typed accumulator arrays. Both aggregation paths call
// these: the step-major general path (aggregate.ts, slot = group) and the
// series-major fast path (aggregate-fast.ts, slot = step of one group), so
// their results cannot drift apart. Prometheus's promql/engine.go
// aggregation, including its kahanSumInc and the switch to an incremental
// mean when the sum overflows.

/** sum: Kahan–Neumaier step (kahanSumInc) of f into sums[k]/comps[k]. */
export function kahanAddAt(sums: Float64Array, comps: Float64Array, k: number, f: number): void {
  const sum = sums[k]!;
  const t = sum + f;
  if (t === Infinity || t === -Infinity) comps[k] = 0;
  else if (Math.abs(sum) >= Math.abs(f)) comps[k] = comps[k]! + (sum - t + f);
  else comps[k] = comps[k]! + (f - t + sum);
  sums[k] = t;
}

/** The accumulators of avg, slot by slot. */
export interface MeanAccumulators {
  readonly sums: Float64Array;
  readonly comps: Float64Array;
  readonly means: Float64Array;
  readonly counts: Float64Array;
  /** 1 once the running sum would have overflowed: the slot keeps an incremental mean. */
  readonly incremental: Uint8Array;
}

/** avg: adds f, the counts[k]-th sample of slot k (counts[k] already includes it). */
export function meanAddAt(a: MeanAccumulators, k: number, f: number): void {
  const cnt = a.counts[k]!;
  const comps = a.comps;
  if (!a.incremental[k]) {
    const sum = a.sums[k]!;
    const t = sum + f;
    if (t !== Infinity && t !== -Infinity) {
      comps[k] = Math.abs(sum) >= Math.abs(f) ? comps[k]! + (sum - t + f) : comps[k]! + (f - t + sum);
      a.sums[k] = t;
      return;
    }
    // The running sum would overflow: switch to an incremental mean.
    a.incremental[k] = 1;
    a.means[k] = sum / (cnt - 1);
    comps[k] = comps[k]! / (cnt - 1);
  }
  const q = (cnt - 1) / cnt;
  const base = q * a.means[k]!;
  const inc = f / cnt;
  const bc = q * comps[k]!;
  const t = base + inc;
  if (t === Infinity || t === -Infinity) comps[k] = 0;
  else if (Math.abs(base) >= Math.abs(inc)) comps[k] = bc + (base - t + inc);
  else comps[k] = bc + (inc - t + base);
  a.means[k] = t;
}

/** avg's result for slot k. */
export function meanResultAt(a: MeanAccumulators, k: number): number {
  const cnt = a.counts[k]!;
  return a.incremental[k] ? a.means[k]! + a.comps[k]! : a.sums[k]! / cnt + a.comps[k]! / cnt;
}

/** max: whether f replaces the current maximum (a NaN is replaced by anything). */
export function replacesMax(cur: number, f: number): boolean {
  return cur < f || Number.isNaN(cur);
}

/** min: whether f replaces the current minimum (a NaN is replaced by anything). */
export function replacesMin(cur: number, f: number): boolean {
  return cur > f || Number.isNaN(cur);
}
