// deriv()/predict_linear() over plain float series take the fused loop of
// src/engine/regression-fast.ts. On seeded random series it must give, bit for
// bit (Object.is), what linearRegression gives on each window taken on its own
// (the direct computation), and what the general kernel gives (fast paths
// off): integer grids (the exact sliding sums), whole-second and sub-second
// jitter, gaps, staleness markers, single-sample windows, NaN/±Inf, values
// large enough to leave the exact range, offsets, @ and subqueries.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Storage } from '../../src/engine/index.js';
import { fastPaths } from '../../src/engine/fast-paths.js';
import { linearRegression, regressionStats } from '../../src/engine/functions/regression.js';
import { STALE_NAN } from '../../src/model/stale.js';
import { type Points, lbls, perWindowPoints, pointDifferences, rangePoints } from './helpers.js';

const SEED = 180_020;

const value = fc.oneof(
  { weight: 10, arbitrary: fc.integer({ min: -1000, max: 1000 }) },
  { weight: 2, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, STALE_NAN, 2 ** 52, -(2 ** 40), 1e300) },
);

interface SeriesSpec {
  interval: number;
  /** Added to the i-th timestamp: 0, whole seconds (still exact) or milliseconds (not). */
  jitter: number[];
  /** undefined leaves a gap. */
  values: (number | undefined)[];
  /** Holds each value for a few samples (constant windows). */
  hold: number;
}

const seriesSpec: fc.Arbitrary<SeriesSpec> = fc.record({
  interval: fc.constantFrom(15_000, 30_000, 60_000, 10_500),
  jitter: fc.array(
    fc.oneof(
      fc.constant(0),
      fc.integer({ min: -5, max: 5 }).map((k) => k * 1000),
      fc.integer({ min: -900, max: 900 }),
    ),
    {
      minLength: 1,
      maxLength: 4,
    },
  ),
  values: fc.array(fc.option(value, { freq: 6, nil: undefined }), { minLength: 0, maxLength: 150 }),
  hold: fc.integer({ min: 1, max: 6 }),
});

function buildStorage(specs: readonly SeriesSpec[]): Storage {
  const storage = new Storage();
  specs.forEach((spec, k) => {
    let held = 0;
    spec.values.forEach((v, i) => {
      if (v === undefined) return;
      if (i % spec.hold === 0) held = v;
      const t = 1_000_000 + i * spec.interval + spec.jitter[i % spec.jitter.length]!;
      storage.append(lbls('g', { i: String(k) }), t, Number.isNaN(v) ? v : held);
    });
  });
  return storage;
}

/** linearRegression on the window each step sees (the matrix expression evaluated at that time). */
function direct(matrix: string, horizon: number | undefined, start: number, end: number, step: number, storage: Storage): Points {
  return perWindowPoints(matrix, start, end, step, storage, (ts, vs, t) => {
    if (ts.length < 2) return undefined;
    const [slope, intercept] = linearRegression(ts, vs, horizon === undefined ? ts[0]! : t);
    return horizon === undefined ? slope : slope * horizon + intercept;
  });
}

afterEach(() => {
  fastPaths.enabled = true;
  regressionStats.current = undefined;
});

const specs = fc.array(seriesSpec, { minLength: 1, maxLength: 6 });
const grid = fc.record({
  step: fc.constantFrom(15_000, 60_000, 45_000, 7_000),
  start: fc.integer({ min: 0, max: 20 }).map((k) => 1_000_000 + k * 30_000),
  count: fc.integer({ min: 1, max: 80 }),
});
// The matrix argument; `%s` stands for the range.
const matrices = fc.constantFrom('g[%s]', 'g[%s] offset 2m', 'g[%s] @ 2000000', 'min_over_time(g[3m])[%s:1m]', 'g[%s:30s]');
const ranges = fc.constantFrom('1m', '2m', '10m', '30m', '1h');
const horizons = fc.constantFrom<number | undefined>(undefined, 0, 3600, -600.5, Infinity);

describe('deriv and predict_linear: the fused loop gives linearRegression bit for bit', () => {
  it('on random windows, against the direct computation and the general kernel', () => {
    const total = { exact: 0, direct: 0 };
    fc.assert(
      fc.property(specs, grid, matrices, ranges, horizons, (sp, g, matrixTemplate, range, horizon) => {
        const storage = buildStorage(sp);
        const matrix = matrixTemplate.replace('%s', range);
        const expr = horizon === undefined ? `deriv(${matrix})` : `predict_linear(${matrix}, ${horizon === Infinity ? 'Inf' : horizon})`;
        const end = g.start + g.count * g.step;
        regressionStats.current = { exact: 0, direct: 0 };
        const fast = rangePoints(expr, g.start, end, g.step, storage);
        total.exact += regressionStats.current.exact;
        total.direct += regressionStats.current.direct;
        fastPaths.enabled = false;
        const general = rangePoints(expr, g.start, end, g.step, storage);
        fastPaths.enabled = true;
        expect(pointDifferences(fast, general)).toEqual([]);
        // The direct computation's keys drop the metric name; the range results have none either.
        expect(pointDifferences(fast, direct(matrix, horizon, g.start, end, g.step, storage))).toEqual([]);
      }),
      { seed: SEED, numRuns: 300 },
    );
    // Both ways of computing a window are exercised.
    expect(total.exact).toBeGreaterThan(1000);
    expect(total.direct).toBeGreaterThan(1000);
  });

  it('on long integer series, where the sums slide over thousands of windows and are interrupted', () => {
    const storage = new Storage();
    for (let s = 0; s < 4; s++) {
      for (let i = 0; i < 3000; i++) {
        // A stale marker, a NaN and a huge value now and then interrupt the exact sums.
        const v = i % 997 === 5 ? STALE_NAN : i % 1499 === 7 ? Number.NaN : i === 2000 + s ? 2 ** 51 : 100 + ((s * 31 + i * 7) % 50);
        // Series 2 has a sample 250 ms off the whole second now and then (not exact), series 3 one a whole second off (exact).
        const jitter = s === 2 && i % 7 === 0 ? 250 : s === 3 && i % 5 === 0 ? 1000 : 0;
        storage.append(lbls('g', { s: String(s) }), i * 60_000 + jitter, v);
      }
    }
    const end = 3000 * 60_000;
    for (const [expr, matrix, horizon] of [
      ['deriv(g[30m])', 'g[30m]', undefined],
      ['predict_linear(g[1h], 600)', 'g[1h]', 600],
    ] as const) {
      regressionStats.current = { exact: 0, direct: 0 };
      const fast = rangePoints(expr, 0, end, 60_000, storage);
      expect(regressionStats.current.exact).toBeGreaterThan(6000);
      expect(pointDifferences(fast, direct(matrix, horizon, 0, end, 60_000, storage))).toEqual([]);
    }
  });
});
