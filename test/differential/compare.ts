// Brings a Prometheus HTTP API answer and a promforge QueryResult into one
// normal form and compares them: same value type, same label sets, values
// equal within a relative tolerance (NaN equals NaN), same timestamps for
// range vectors, errors on both sides or on neither.

import type { QueryResult } from '../../src/engine/index.js';
import { type Labels, labelsFromRecord, labelsToSeriesString } from '../../src/model/labels.js';
import type { ApiResult } from './prometheus-server.js';

/** Relative tolerance for float values; the absolute floor covers results that are 0 on one side and rounding noise on the other. */
export const RELATIVE_TOLERANCE = 1e-9;
const ABSOLUTE_FLOOR = 1e-12;

export type Normalized =
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'scalar'; readonly v: number }
  | { readonly kind: 'string'; readonly s: string }
  /** Entries in the order the engine returned them; keys are series notation. */
  | { readonly kind: 'vector'; readonly entries: readonly (readonly [string, number])[] }
  | { readonly kind: 'matrix'; readonly entries: readonly (readonly [string, readonly (readonly [number, number])[]])[] };

function parseApiFloat(s: string): number {
  switch (s) {
    case 'NaN':
      return Number.NaN;
    case '+Inf':
      return Infinity;
    case '-Inf':
      return -Infinity;
    default:
      return Number(s);
  }
}

function apiLabels(metric: Record<string, string>): string {
  return labelsToSeriesString(labelsFromRecord(metric));
}

const key = (ls: Labels): string => labelsToSeriesString(ls);

export function normalizeApi(r: ApiResult): Normalized {
  if (r.status === 'error') return { kind: 'error', message: `${r.errorType}: ${r.error}` };
  switch (r.resultType) {
    case 'scalar':
      return { kind: 'scalar', v: parseApiFloat((r.result as [number, string])[1]) };
    case 'string':
      return { kind: 'string', s: (r.result as [number, string])[1] };
    case 'vector':
      return {
        kind: 'vector',
        entries: (r.result as { metric: Record<string, string>; value: [number, string] }[]).map(
          (e) => [apiLabels(e.metric), parseApiFloat(e.value[1])] as const,
        ),
      };
    case 'matrix':
      return {
        kind: 'matrix',
        entries: (r.result as { metric: Record<string, string>; values?: [number, string][] }[]).map(
          (e) => [apiLabels(e.metric), (e.values ?? []).map(([t, v]) => [Math.round(t * 1000), parseApiFloat(v)] as const)] as const,
        ),
      };
  }
}

export function normalizeEngine(r: QueryResult): Normalized {
  if ('error' in r) return { kind: 'error', message: r.error.message };
  const v = r.value;
  switch (v.type) {
    case 'scalar':
      return { kind: 'scalar', v: v.v };
    case 'string':
      return { kind: 'string', s: v.value };
    case 'vector':
      return { kind: 'vector', entries: v.samples.map((s) => [key(s.labels), s.h ? Number.NaN : s.f] as const) };
    case 'matrix':
      return { kind: 'matrix', entries: v.series.map((s) => [key(s.labels), s.floats.map((p) => [p.t, p.f] as const)] as const) };
  }
}

export function floatsAgree(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= Math.max(ABSOLUTE_FLOOR, RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b)));
}

/** A one-line rendering of a result, for failure messages. */
export function describeValue(n: Normalized): string {
  switch (n.kind) {
    case 'error':
      return `error (${n.message})`;
    case 'scalar':
      return `scalar ${n.v}`;
    case 'string':
      return `string ${JSON.stringify(n.s)}`;
    case 'vector':
      return n.entries.length === 0 ? 'empty vector' : n.entries.map(([k, v]) => `${k} ${v}`).join('; ');
    case 'matrix':
      return n.entries.length === 0 ? 'empty matrix' : n.entries.map(([k, ps]) => `${k} [${ps.map(([t, v]) => `${v}@${t}`).join(' ')}]`).join('; ');
  }
}

/**
 * Undefined when the two agree; otherwise a one-line reason. `ordered`
 * additionally requires the same series order (for `sort`/`sort_desc`),
 * unless the values tie and either order is right.
 */
export function compareNormalized(prom: Normalized, ours: Normalized, ordered: boolean): string | undefined {
  if (prom.kind === 'error' || ours.kind === 'error') {
    return prom.kind === ours.kind ? undefined : `Prometheus: ${describeValue(prom)}; promforge: ${describeValue(ours)}`;
  }
  if (prom.kind !== ours.kind) return `type differs: Prometheus ${prom.kind}, promforge ${ours.kind}`;
  switch (prom.kind) {
    case 'scalar':
      return floatsAgree(prom.v, (ours as typeof prom).v) ? undefined : `scalar: Prometheus ${prom.v}, promforge ${(ours as typeof prom).v}`;
    case 'string':
      return prom.s === (ours as typeof prom).s ? undefined : 'string differs';
    case 'vector': {
      const o = ours as typeof prom;
      const mine = new Map(o.entries);
      if (mine.size !== prom.entries.length || o.entries.length !== prom.entries.length)
        return `series count: Prometheus ${prom.entries.length}, promforge ${o.entries.length}`;
      for (const [k, v] of prom.entries) {
        if (!mine.has(k)) return `series ${k} missing in promforge`;
        if (!floatsAgree(v, mine.get(k)!)) return `${k}: Prometheus ${v}, promforge ${mine.get(k)}`;
      }
      if (ordered) {
        const values = prom.entries.map(([, v]) => v);
        const ties = new Set(values).size !== values.length;
        if (!ties && prom.entries.some(([k], i) => o.entries[i]![0] !== k)) return 'order differs';
      }
      return undefined;
    }
    case 'matrix': {
      const o = ours as typeof prom;
      const mine = new Map(o.entries);
      if (mine.size !== prom.entries.length || o.entries.length !== prom.entries.length)
        return `series count: Prometheus ${prom.entries.length}, promforge ${o.entries.length}`;
      for (const [k, points] of prom.entries) {
        const other = mine.get(k);
        if (!other) return `series ${k} missing in promforge`;
        if (other.length !== points.length) return `${k}: ${points.length} points in Prometheus, ${other.length} in promforge`;
        for (let i = 0; i < points.length; i++) {
          const [t, v] = points[i]!;
          const [t2, v2] = other[i]!;
          if (t !== t2 || !floatsAgree(v, v2)) return `${k} point ${i}: Prometheus ${v}@${t}, promforge ${v2}@${t2}`;
        }
      }
      return undefined;
    }
  }
}
