// quantile_over_time() keeps each series' window sorted as it slides
// (src/engine/sliding-quantile.ts). On seeded random series it must give,
// bit for bit (Object.is), what floatQuantile gives on each window taken on
// its own (the direct computation) and what the general kernel gives (fast
// paths off): repeated values, -0 and +0 mixed, NaN, ±Inf, gaps, native
// histogram samples in the window, quantiles outside [0, 1] and varying by
// step, offsets, @ and subqueries.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Storage } from '../../src/engine/index.js';
import { fastPaths } from '../../src/engine/fast-paths.js';
import { floatQuantile } from '../../src/engine/quantile.js';
import { STALE_NAN } from '../../src/model/stale.js';
import { oneBucketHistogram } from '../support/histograms.js';
import { type Points, lbls, perWindowPoints, pointDifferences, rangePoints } from './helpers.js';

const SEED = 240_611;

// Few distinct values, so windows hold duplicates and the ranks land on zeros often.
const value = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: -3, max: 3 }) },
  { weight: 3, arbitrary: fc.constantFrom(0, -0) },
  { weight: 2, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, STALE_NAN, Infinity, -Infinity) },
);

/** A value, a gap (undefined) or a native histogram sample ('h'). */
const sample = fc.oneof(
  { weight: 20, arbitrary: value },
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constant('h' as const) },
);

interface SeriesSpec {
  interval: number;
  samples: (number | undefined | 'h')[];
}

const seriesSpec: fc.Arbitrary<SeriesSpec> = fc.record({
  interval: fc.constantFrom(15_000, 30_000, 60_000, 10_500),
  samples: fc.array(sample, { minLength: 0, maxLength: 150 }),
});

function buildStorage(specs: readonly SeriesSpec[]): Storage {
  const storage = new Storage();
  specs.forEach((spec, k) => {
    spec.samples.forEach((v, i) => {
      const labels = lbls('g', { i: String(k) });
      const t = 1_000_000 + i * spec.interval;
      if (v === 'h') storage.appendHistogram(labels, t, oneBucketHistogram(i + 1));
      else if (v !== undefined) storage.append(labels, t, v);
    });
  });
  return storage;
}

/** floatQuantile on the float samples of the window each step sees (the matrix expression evaluated at that time). */
function direct(matrix: string, quantileAt: (t: number) => number, start: number, end: number, step: number, storage: Storage): Points {
  return perWindowPoints(matrix, start, end, step, storage, (_ts, vs, t) => (vs.length === 0 ? undefined : floatQuantile(quantileAt(t), Array.from(vs))));
}

afterEach(() => {
  fastPaths.enabled = true;
});

const specs = fc.array(seriesSpec, { minLength: 1, maxLength: 5 });
const grid = fc.record({
  step: fc.constantFrom(15_000, 60_000, 45_000, 7_000),
  start: fc.integer({ min: 0, max: 20 }).map((k) => 1_000_000 + k * 30_000),
  count: fc.integer({ min: 1, max: 80 }),
});
const matrices = fc.constantFrom('g[%s]', 'g[%s] offset 2m', 'g[%s] @ 2000000', 'g[%s:30s]');
const ranges = fc.constantFrom('1m', '5m', '10m', '1h');
// The quantile argument and its value at a step's time (ms).
const quantiles = fc.constantFrom<[string, (t: number) => number]>(
  ['0', () => 0],
  ['0.5', () => 0.5],
  ['0.25', () => 0.25],
  ['0.9', () => 0.9],
  ['1', () => 1],
  ['-0.5', () => -0.5],
  ['1.5', () => 1.5],
  ['NaN', () => Number.NaN],
  // Varies by step: 0, 0.5 and 1 in turn.
  ['(time() % 3) / 2', (t) => ((t / 1000) % 3) / 2],
);

describe('quantile_over_time: the sliding sorted window gives floatQuantile bit for bit', () => {
  it('on random windows, against the direct computation and the general kernel', () => {
    fc.assert(
      fc.property(specs, grid, matrices, ranges, quantiles, (sp, g, matrixTemplate, range, [q, quantileAt]) => {
        const storage = buildStorage(sp);
        const matrix = matrixTemplate.replace('%s', range);
        const expr = `quantile_over_time(${q}, ${matrix})`;
        const end = g.start + g.count * g.step;
        const fast = rangePoints(expr, g.start, end, g.step, storage);
        fastPaths.enabled = false;
        const general = rangePoints(expr, g.start, end, g.step, storage);
        fastPaths.enabled = true;
        expect(pointDifferences(fast, general)).toEqual([]);
        expect(pointDifferences(fast, direct(matrix, quantileAt, g.start, end, g.step, storage))).toEqual([]);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('where the ranks land on NaNs and on zeros of both signs, and on long windows', () => {
    const storage = new Storage();
    const cycle = [0, -0, -0, 0, Number.NaN, 2, -0, 1, 1, -1];
    for (let i = 0; i < 3000; i++) {
      // Series 0 cycles through zeros of both signs and NaN; series 1 has only -0 among its zeros; series 2 is long-windowed noise.
      storage.append(lbls('g', { s: '0' }), i * 60_000, cycle[i % cycle.length]!);
      storage.append(lbls('g', { s: '1' }), i * 60_000, i % 3 === 0 ? -0 : (i % 7) - 3);
      storage.append(lbls('g', { s: '2' }), i * 60_000, Math.sin(i) * 1000);
    }
    const end = 3000 * 60_000;
    // The fast path slides through every step; the direct computation of a
    // long window is checked at every `every`-th of them (11: coprime to the
    // series' cycles of 3, 7 and 10), where it would cost seconds at each.
    for (const [q, range, every] of [
      ['0', '10m', 1],
      ['0.1', '10m', 1],
      ['0.5', '10m', 1],
      ['0.5', '1d', 11],
      ['0.99', '6h', 11],
      ['1', '30m', 1],
    ] as const) {
      const checkStep = every * 60_000;
      const fast = rangePoints(`quantile_over_time(${q}, g[${range}])`, 0, end, 60_000, storage);
      const atChecked: Points = new Map([...fast].map(([key, points]) => [key, new Map([...points].filter(([t]) => t % checkStep === 0))]));
      const want = direct(`g[${range}]`, () => Number(q), 0, end, checkStep, storage);
      expect([...want.values()].reduce((n, points) => n + points.size, 0)).toBeGreaterThan((3 * end) / checkStep);
      expect(pointDifferences(atChecked, want)).toEqual([]);
    }
  });
});
