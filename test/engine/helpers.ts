// Shared helpers for engine tests: a storage built from compact series specs,
// and result accessors that fail loudly on the wrong value type.
import { expect } from 'vitest';
import { Storage, evaluateInstant, evaluateRange, type QueryResult, type Sample, type Series } from '../../src/engine/index.js';
import { labelsFromRecord, labelsToSeriesString, type Labels } from '../../src/model/labels.js';
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
