import { describe, expect, it } from 'vitest';
import { mad, mean, median, quantile, slopePerSecond, stddev } from '../../src/thresholds/stats.js';
import { backtest, episodeCurve, evaluationsToFire, lowestThresholdWithin, slidingMin } from '../../src/thresholds/backtest.js';

describe('statistics (Prometheus definitions)', () => {
  it('quantile interpolates linearly at rank q·(n−1), as quantile_over_time', () => {
    const v = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(quantile(0.5, v)).toBe(5.5);
    expect(quantile(0.9, v)).toBeCloseTo(9.1, 12);
    expect(quantile(0, v)).toBe(1);
    expect(quantile(1, v)).toBe(10);
    expect(quantile(-0.1, v)).toBe(-Infinity);
    expect(quantile(1.1, v)).toBe(Infinity);
    expect(quantile(0.25, [10, 0])).toBe(2.5);
    expect(quantile(0.5, [])).toBeNaN();
  });

  it('mean, population stddev and median', () => {
    expect(mean([2, 4, 4, 4, 5, 5, 7, 9])).toBe(5);
    expect(stddev([2, 4, 4, 4, 5, 5, 7, 9])).toBe(2);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('MAD is the median absolute deviation, robust to an outlier', () => {
    // median 3; deviations 2 1 0 1 97 → median 1
    expect(mad([1, 2, 3, 4, 100])).toBe(1);
    expect(mad([5, 5, 5])).toBe(0);
  });

  it('slope is the least-squares slope per second, as deriv()', () => {
    const t = [0, 60_000, 120_000, 180_000];
    expect(slopePerSecond(t, [10, 16, 22, 28])).toBeCloseTo(0.1, 12);
    // deriv over 1, 4, 2, 5 at 0/15/30/45s: slope = 0.0666…
    expect(slopePerSecond([0, 15_000, 30_000, 45_000], [1, 4, 2, 5])).toBeCloseTo(2 / 30, 12);
    expect(slopePerSecond([0], [1])).toBeNaN();
  });
});

describe('backtest over every threshold at once', () => {
  it('needs ceil(for/step)+1 consecutive evaluations to fire', () => {
    expect(evaluationsToFire(0, 60_000)).toBe(1);
    expect(evaluationsToFire(300_000, 60_000)).toBe(6);
    expect(evaluationsToFire(90_000, 60_000)).toBe(3);
  });

  it('computes sliding minima with NaN as −∞', () => {
    expect([...slidingMin(Float64Array.from([3, 1, 4, 1, 5, 9, 2, 6]), 3)]).toEqual([1, 1, 1, 1, 2, 2]);
    expect([...slidingMin(Float64Array.from([3, NaN, 4, 5]), 2)]).toEqual([-Infinity, -Infinity, 4]);
  });

  it('counts episodes per threshold exactly as replaying the alert does', () => {
    // A signal with several bumps of different heights and widths.
    const values = Float64Array.from([0, 5, 5, 5, 0, 8, 8, 0, 3, 3, 3, 3, 0, 9, 0, 6, 6, 6, 6, 6, 0]);
    const times = Float64Array.from(values, (_, i) => i * 60_000);
    const forMs = 120_000; // 3 evaluations
    const curve = episodeCurve(slidingMin(values, evaluationsToFire(forMs, 60_000)));
    for (const threshold of [-1, 0, 1, 2.5, 3, 4, 4.99, 5, 5.5, 6, 7, 100]) {
      const replay = backtest({ times, values }, threshold, forMs);
      expect(curve.countAt(threshold), `θ=${threshold}`).toBe(replay.episodes);
    }
    // Bumps at least 3 long: 5,5,5 / 3,3,3,3 / 6×5. At θ=2.9 all three page; at θ=5.5 only the 6s.
    expect(curve.countAt(2.9)).toBe(3);
    expect(curve.countAt(5.5)).toBe(1);
  });

  it('finds the lowest threshold within a budget', () => {
    const values = Float64Array.from([0, 5, 5, 5, 0, 3, 3, 3, 3, 0, 6, 6, 6, 0]);
    const curve = episodeCurve(slidingMin(values, 3));
    expect(lowestThresholdWithin(curve, 0)).toBe(6);
    expect(lowestThresholdWithin(curve, 1)).toBe(5);
    expect(lowestThresholdWithin(curve, 2)).toBe(3);
    expect(lowestThresholdWithin(curve, 3)).toBe(0);
  });

  it('sums episodes over several series', () => {
    const a = slidingMin(Float64Array.from([0, 5, 5, 0]), 2);
    const b = slidingMin(Float64Array.from([5, 5, 0, 5, 5]), 2);
    expect(episodeCurve(a, b).countAt(1)).toBe(3);
  });

  it('reports pending, firing and resolved times', () => {
    const values = Float64Array.from([0, 2, 2, 2, 2, 0, 0]);
    const times = Float64Array.from(values, (_, i) => i * 60_000);
    const r = backtest({ times, values }, 1, 120_000);
    expect(r.intervals).toEqual([{ pendingAtMs: 60_000, firingAtMs: 180_000, resolvedAtMs: 300_000 }]);
    expect(r.firingMs).toBe(120_000);
  });
});
