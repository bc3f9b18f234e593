// Shared helpers for engine tests: a storage built from compact series specs,
// and result accessors that fail loudly on the wrong value type.
import { expect } from 'vitest';
import { Storage, evaluateInstant, evaluateRange, type QueryResult, type Sample, type Series } from '../../src/engine/index.js';
import { labelsFromRecord, labelsToSeriesString, withoutLabels, type Labels } from '../../src/model/labels.js';
import type { EngineOptions } from '../../src/engine/types.js';

export function lbls(name: string, rest: Record<string, string> = {}): Labels {
  return labelsFromRecord({ __name__: name, ...rest });
}

/** Adds samples `values[i]` at `start + i*step` (undefined leaves a gap). */
export function addSeries(storage: Storage, labels: Labels, step: number, values: readonly (number | undefined)[], start = 0): void {
  values.forEach((v, i) => {
    if (v !== undefined) storage.append(labels, start + i * step, v);
  });
}

export function ok(res: QueryResult): Exclude<QueryResult, { error: unknown }> {
  if ('error' in res) throw new Error(`unexpected error: ${res.error.message}`);
  return res;
}

/** Instant vector result as `series => value`, sorted by series text. */
export function instantVector(expr: string, t: number, storage: Storage, options: EngineOptions = {}): Record<string, number> {
  const res = ok(evaluateInstant(expr, t, storage, options));
  if (res.value.type !== 'vector') throw new Error(`expected vector, got ${res.value.type}`);
  const out: Record<string, number> = {};
  for (const s of res.value.samples as Sample[]) out[labelsToSeriesString(s.labels)] = s.f;
  return out;
}

export function instantScalar(expr: string, t: number, storage: Storage): number {
  const res = ok(evaluateInstant(expr, t, storage));
  if (res.value.type !== 'scalar') throw new Error(`expected scalar, got ${res.value.type}`);
  return res.value.v;
}

/** Range result as `series => [[t, v], ...]`. */
export function rangeMatrix(expr: string, start: number, end: number, step: number, storage: Storage): Record<string, [number, number][]> {
  const res = ok(evaluateRange(expr, start, end, step, storage));
  if (res.value.type !== 'matrix') throw new Error(`expected matrix, got ${res.value.type}`);
  const out: Record<string, [number, number][]> = {};
  for (const s of res.value.series as Series[]) out[labelsToSeriesString(s.labels)] = s.floats.map((p) => [p.t, p.f]);
  return out;
}

export function errorOf(res: QueryResult): string {
  expect('error' in res).toBe(true);
  return 'error' in res ? res.error.message : '';
}

/** Values by series (metric name dropped) and time: what the bit-for-bit comparisons compare. */
export type Points = Map<string, Map<number, number>>;

/** A range query's float results as Points. */
export function rangePoints(expr: string, start: number, end: number, step: number, storage: Storage): Points {
  const res = ok(evaluateRange(expr, start, end, step, storage));
  if (res.value.type !== 'matrix') throw new Error('expected a matrix');
  const out: Points = new Map();
  for (const s of res.value.series as Series[]) out.set(labelsToSeriesString(withoutLabels(s.labels, ['__name__'])), new Map(s.floats.map((p) => [p.t, p.f])));
  return out;
}

/** Every (series, time) whose values are not Object.is-equal, as text showing both. */
export function pointDifferences(got: Points, want: Points): string[] {
  const diffs: string[] = [];
  for (const key of new Set([...got.keys(), ...want.keys()])) {
    const g = got.get(key) ?? new Map<number, number>();
    const w = want.get(key) ?? new Map<number, number>();
    for (const t of new Set([...g.keys(), ...w.keys()])) {
      if (!Object.is(g.get(t), w.get(t))) diffs.push(`${key} @${t}: got ${g.get(t)} want ${w.get(t)}`);
    }
  }
  return diffs;
}

/**
 * The direct computation the sliding fast paths are compared with: for each
 * step, the matrix expression evaluated on its own at that time, and
 * `windowValue` of each series' float samples (undefined leaves the step empty).
 */
export function perWindowPoints(
  matrix: string,
  start: number,
  end: number,
  step: number,
  storage: Storage,
  windowValue: (ts: Float64Array, vs: Float64Array, t: number) => number | undefined,
): Points {
  const out: Points = new Map();
  for (let t = start; t <= end; t += step) {
    const res = ok(evaluateInstant(matrix, t, storage));
    if (res.value.type !== 'matrix') throw new Error('expected a matrix');
    for (const s of res.value.series as Series[]) {
      const v = windowValue(
        Float64Array.from(s.floats, (p) => p.t),
        Float64Array.from(s.floats, (p) => p.f),
        t,
      );
      if (v === undefined) continue;
      const key = labelsToSeriesString(withoutLabels(s.labels, ['__name__']));
      if (!out.has(key)) out.set(key, new Map());
      out.get(key)!.set(t, v);
    }
  }
  return out;
}
