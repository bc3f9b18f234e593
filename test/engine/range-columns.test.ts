// A range query's columnar result (views of the step values, points built on
// first read) and the sliding window state of the range functions must give
// the same bits as evaluating each step on its own: every step of
// evaluateRange is compared, with Object.is, with evaluateInstant at that
// time (whose windows start from nothing), and deriv/predict_linear also with
// linearRegression applied directly to the window's samples. Random data
// (fast-check, seeded): integer and float gauges, NaN, ±Inf, -0, huge and
// tiny magnitudes, staleness markers, counter resets, gaps, jittered and
// sub-second timestamps, native histograms mixed in.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Storage, evaluateInstant, evaluateRange, seriesFloatColumns, type Series } from '../../src/engine/index.js';
import { linearRegression, regressionStats } from '../../src/engine/functions/regression.js';
import type { FloatHistogram } from '../../src/model/histogram.js';
import { labelsToSeriesString, withoutLabels } from '../../src/model/labels.js';
import { STALE_NAN } from '../../src/model/stale.js';
import { lbls, ok } from './helpers.js';

const SEED = 190_019;

type Value = { kind: 'float'; v: number } | { kind: 'hist'; n: number };

const special = fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 0, STALE_NAN, 1e300, -1e300, 5e-324, 2 ** 53, 2 ** 53 + 2);
const floatValue: fc.Arbitrary<Value> = fc
  .oneof(
    { weight: 6, arbitrary: fc.integer({ min: -1000, max: 1000 }) },
    { weight: 3, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
    { weight: 1, arbitrary: special },
  )
  .map((v) => ({ kind: 'float', v }));
const histValue: fc.Arbitrary<Value> = fc.integer({ min: 0, max: 50 }).map((n) => ({ kind: 'hist', n }));

interface SeriesSpec {
  interval: number;
  /** Added to some timestamps: jitter, sub-second offsets, long gaps. */
  shifts: number[];
  values: Value[];
  counterLike: boolean;
}

const intValue: fc.Arbitrary<Value> = fc.integer({ min: -1000, max: 1000 }).map((v) => ({ kind: 'float', v }));

/** Whole-second gaps only: with integer values these are the windows deriv slides exactly. */
const wholeSecondShift = fc.oneof(
  fc.constant(0),
  fc.constant(0),
  fc.integer({ min: 1, max: 30 }).map((k) => k * 60_000),
);
const anyShift = fc.oneof(wholeSecondShift, fc.integer({ min: -400, max: 400 }), fc.constant(500));

const seriesSpec: fc.Arbitrary<SeriesSpec> = fc.oneof(
  fc.record({
    interval: fc.constantFrom(15_000, 30_000, 60_000, 60_000),
    shifts: fc.array(anyShift, { minLength: 1, maxLength: 8 }),
    values: fc.array(fc.oneof({ weight: 12, arbitrary: floatValue }, { weight: 1, arbitrary: histValue }), { minLength: 1, maxLength: 90 }),
    counterLike: fc.boolean(),
  }),
  fc.record({
    interval: fc.constantFrom(15_000, 30_000, 60_000),
    shifts: fc.array(wholeSecondShift, { minLength: 1, maxLength: 8 }),
    values: fc.array(fc.oneof({ weight: 30, arbitrary: intValue }, { weight: 1, arbitrary: floatValue }), { minLength: 1, maxLength: 90 }),
    counterLike: fc.boolean(),
  }),
);

function hist(n: number): FloatHistogram {
  return {
    counterResetHint: 'unknown',
    schema: 0,
    zeroThreshold: 0,
    zeroCount: 0,
    count: 3 * n,
    sum: 5 * n,
    positiveSpans: [{ offset: 0, length: 3 }],
    negativeSpans: [],
    positiveBuckets: [n, n, n],
    negativeBuckets: [],
  };
}

function buildStorage(specs: readonly SeriesSpec[]): Storage {
  const storage = new Storage();
  specs.forEach((spec, k) => {
    const labels = lbls('m', { s: String(k) });
    let t = 0;
    let counter = 0;
    spec.values.forEach((value, i) => {
      // Timestamps stay strictly increasing: a shift never undoes the interval.
      t += spec.interval + spec.shifts[i % spec.shifts.length]!;
      if (value.kind === 'hist') storage.appendHistogram(labels, t, hist(value.n));
      else if (spec.counterLike && Number.isFinite(value.v)) {
        // Mostly increasing with occasional resets (a negative step restarts near zero).
        counter = value.v < -800 ? Math.abs(value.v) % 7 : counter + Math.abs(value.v);
        storage.append(labels, t, counter);
      } else storage.append(labels, t, value.v);
    });
  });
  return storage;
}

const FUNCTIONS = [
  'deriv(m[$r])',
  'predict_linear(m[$r], 600)',
  'rate(m[$r])',
  'increase(m[$r])',
  'delta(m[$r])',
  'irate(m[$r])',
  'idelta(m[$r])',
  'changes(m[$r])',
  'resets(m[$r])',
  'avg_over_time(m[$r])',
  'sum_over_time(m[$r])',
  'count_over_time(m[$r])',
  'max_over_time(m[$r])',
  'min_over_time(m[$r])',
  'stddev_over_time(m[$r])',
  'last_over_time(m[$r])',
  'quantile_over_time(0.3, m[$r])',
  'm',
] as const;

const query = fc.record({
  fn: fc.constantFrom(...FUNCTIONS),
  rangeMinutes: fc.constantFrom(1, 2, 5, 10, 30),
  stepMs: fc.constantFrom(15_000, 30_000, 60_000, 45_000),
  startMs: fc.integer({ min: 0, max: 20 }).map((k) => k * 30_000),
});

const key = (s: Series): string => labelsToSeriesString(withoutLabels(s.labels, ['__name__']));

type Point = { kind: 'f'; f: number } | { kind: 'h'; h: FloatHistogram };

/** Each step's evaluateInstant result, as series => t => point. */
function stepByStep(expr: string, start: number, end: number, step: number, storage: Storage): Map<string, Map<number, Point>> {
  const out = new Map<string, Map<number, Point>>();
  for (let t = start; t <= end; t += step) {
    const res = evaluateInstant(expr, t, storage);
    if ('error' in res) continue;
    if (res.value.type !== 'vector') throw new Error(`expected a vector, got ${res.value.type}`);
    for (const s of res.value.samples) {
      const k = labelsToSeriesString(withoutLabels(s.labels, ['__name__']));
      if (!out.has(k)) out.set(k, new Map());
      out.get(k)!.set(t, s.h ? { kind: 'h', h: s.h } : { kind: 'f', f: s.f });
    }
  }
  return out;
}

function ranged(series: readonly Series[]): Map<string, Map<number, Point>> {
  const out = new Map<string, Map<number, Point>>();
  for (const s of series) {
    const points = new Map<number, Point>();
    for (const p of s.floats) points.set(p.t, { kind: 'f', f: p.f });
    for (const p of s.histograms) points.set(p.t, { kind: 'h', h: p.h });
    out.set(key(s), points);
  }
  return out;
}

/** Every difference, with the bits of floats, so a failure says what differs. */
function differences(got: Map<string, Map<number, Point>>, want: Map<string, Map<number, Point>>): string[] {
  const diffs: string[] = [];
  for (const k of new Set([...got.keys(), ...want.keys()])) {
    const g = got.get(k) ?? new Map<number, Point>();
    const w = want.get(k) ?? new Map<number, Point>();
    for (const t of new Set([...g.keys(), ...w.keys()])) {
      const a = g.get(t);
      const b = w.get(t);
      const same =
        a !== undefined &&
        b !== undefined &&
        (a.kind === 'f' && b.kind === 'f' ? Object.is(a.f, b.f) : a.kind === 'h' && b.kind === 'h' && JSON.stringify(a.h) === JSON.stringify(b.h));
      if (!same)
        diffs.push(`${k} @${t}: range ${JSON.stringify(a)} (${a?.kind === 'f' ? a.f : ''}) vs step ${JSON.stringify(b)} (${b?.kind === 'f' ? b.f : ''})`);
    }
  }
  return diffs;
}

describe('range query results equal step-by-step evaluation, bit for bit', () => {
  it('for every range function on random data', () => {
    fc.assert(
      fc.property(fc.array(seriesSpec, { minLength: 1, maxLength: 4 }), query, (specs, q) => {
        const storage = buildStorage(specs);
        const expr = q.fn.replace('$r', `${q.rangeMinutes}m`);
        const end = q.startMs + 100 * q.stepMs;
        const res = evaluateRange(expr, q.startMs, end, q.stepMs, storage);
        if ('error' in res) {
          // The same error at some step (e.g. a range over histograms mixed with anchored data).
          return;
        }
        if (res.value.type !== 'matrix') throw new Error('expected a matrix');
        const series = res.value.series as Series[];
        expect(differences(ranged(series), stepByStep(expr, q.startMs, end, q.stepMs, storage))).toEqual([]);
        // The columns and the points built from them are the same data.
        for (const s of series) {
          const { t, f } = seriesFloatColumns(s);
          expect(t.length).toBe(s.floats.length);
          s.floats.forEach((p, i) => {
            expect(Object.is(p.t, t[i])).toBe(true);
            expect(Object.is(p.f, f[i])).toBe(true);
          });
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  afterEach(() => {
    regressionStats.current = undefined;
  });

  it('deriv and predict_linear equal linearRegression on each window', () => {
    const stats = { exact: 0, direct: 0 };
    regressionStats.current = stats;
    fc.assert(
      fc.property(
        fc.array(seriesSpec, { minLength: 1, maxLength: 3 }),
        fc.constantFrom(2, 5, 30),
        fc.constantFrom('deriv', 'predict_linear'),
        (specs, minutes, use) => {
          const storage = buildStorage(specs);
          const step = 30_000;
          const end = 150 * step;
          const expr = use === 'deriv' ? `deriv(m[${minutes}m])` : `predict_linear(m[${minutes}m], 600)`;
          const res = ok(evaluateRange(expr, 0, end, step, storage));
          if (res.value.type !== 'matrix') throw new Error('expected a matrix');
          const want = new Map<string, Map<number, Point>>();
          for (let t = 0; t <= end; t += step) {
            const m = ok(evaluateInstant(`m[${minutes}m]`, t, storage));
            if (m.value.type !== 'matrix') throw new Error('expected a matrix');
            for (const s of m.value.series as Series[]) {
              if (s.floats.length < 2) continue;
              const ts = Float64Array.from(s.floats, (p) => p.t);
              const vs = Float64Array.from(s.floats, (p) => p.f);
              const [slope, intercept] = linearRegression(ts, vs, use === 'deriv' ? ts[0]! : t);
              if (!want.has(key(s))) want.set(key(s), new Map());
              want.get(key(s))!.set(t, { kind: 'f', f: use === 'deriv' ? slope : slope * 600 + intercept });
            }
          }
          expect(differences(ranged(res.value.series as Series[]), want)).toEqual([]);
        },
      ),
      { seed: SEED + 1, numRuns: 100 },
    );
    // Both paths really ran: the sliding exact sums and the direct fit.
    expect(stats.exact).toBeGreaterThan(1000);
    expect(stats.direct).toBeGreaterThan(1000);
  });

  it('keeps the plain shape of a series for JSON and deep equality', () => {
    const storage = new Storage();
    for (let i = 0; i < 5; i++) storage.append(lbls('m'), i * 60_000, 60 * i);
    const res = ok(evaluateRange('deriv(m[3m])', 0, 240_000, 60_000, storage));
    if (res.value.type !== 'matrix') throw new Error('expected a matrix');
    const s = res.value.series[0]!;
    expect(Object.keys(s)).toEqual(['labels', 'floats', 'histograms']);
    const expected = {
      labels: [],
      floats: [
        { t: 60_000, f: 1 },
        { t: 120_000, f: 1 },
        { t: 180_000, f: 1 },
        { t: 240_000, f: 1 },
      ],
      histograms: [],
    };
    expect(s).toEqual(expected);
    expect(JSON.parse(JSON.stringify(s))).toEqual(expected);
    expect(Array.from(s.floatColumns!.t)).toEqual([60_000, 120_000, 180_000, 240_000]);
    // Read twice: the same points (built once).
    expect(s.floats).toBe(s.floats);
  });
});
