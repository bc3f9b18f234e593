import { describe, expect, it } from 'vitest';
import { fitGroup, seasonBucket } from '../../src/thresholds/fit.js';
import type { GroupSignal } from '../../src/thresholds/fit.js';
import { labelsFromRecord } from '../../src/model/labels.js';

const HOUR = 3_600_000;
const MONDAY = Date.UTC(2026, 0, 5);

function group(values: number[], stepMs = HOUR, start = MONDAY): GroupSignal {
  const times = Float64Array.from(values, (_, i) => start + i * stepMs);
  return { group: [], series: [{ labels: labelsFromRecord({ __name__: 'x' }), signal: { times, values: Float64Array.from(values) } }] };
}

describe('seasonal buckets', () => {
  it('uses hour of day, and hour of week from Monday 00:00 UTC', () => {
    expect(seasonBucket(MONDAY + 5 * HOUR, 'day')).toBe(5);
    expect(seasonBucket(MONDAY + 5 * HOUR, 'week')).toBe(5);
    expect(seasonBucket(MONDAY + 26 * HOUR, 'week')).toBe(26);
    expect(seasonBucket(MONDAY + 7 * 24 * HOUR, 'week')).toBe(0);
    expect(seasonBucket(-HOUR, 'day')).toBe(23);
  });
});

describe('fitting', () => {
  it('builds the hour-of-day baseline from per-hour medians and MADs', () => {
    // Three days; hour h has values 10h + {0, 2, 4} on the three days.
    const values: number[] = [];
    for (let d = 0; d < 3; d++) for (let h = 0; h < 24; h++) values.push(10 * h + 2 * d);
    const r = fitGroup(group(values), { method: 'seasonal', direction: 'upper', season: 'day', forMs: 0, stepMs: HOUR, k: 3 });
    expect(r.error).toBeUndefined();
    expect(r.k).toBe(3);
    expect([...r.baseline!.median]).toEqual(Array.from({ length: 24 }, (_, h) => 10 * h + 2));
    expect([...r.baseline!.mad]).toEqual(new Array(24).fill(2));
    // Nothing exceeds median + 3·MAD = 10h + 8.
    expect(r.backtest.alerts).toBe(0);
  });

  it('sigma and mad thresholds are center ± k·scale', () => {
    const v = [2, 4, 4, 4, 5, 5, 7, 9];
    const sigma = fitGroup(group(v), { method: 'sigma', direction: 'upper', forMs: 0, stepMs: HOUR, k: 2 });
    expect([sigma.center, sigma.scale, sigma.threshold]).toEqual([5, 2, 9]);
    const lower = fitGroup(group(v), { method: 'sigma', direction: 'lower', forMs: 0, stepMs: HOUR, k: 2 });
    expect(lower.threshold).toBe(1);
    const mad = fitGroup(group([1, 2, 3, 4, 100]), { method: 'mad', direction: 'upper', forMs: 0, stepMs: HOUR, k: 3 });
    expect([mad.center, mad.scale, mad.threshold]).toEqual([3, 1, 6]);
    expect(mad.backtest.alerts).toBe(1);
  });

  it('chooses k by budget for sigma: the lowest multiplier within the budget', () => {
    // Two bumps of different heights; with `for` 0 and budget 1 only the higher may page.
    const v = [0, 0, 0, 0, 10, 0, 0, 0, 0, 20, 0, 0, 0, 0, 0, 0];
    const r = fitGroup(group(v), { method: 'sigma', direction: 'upper', forMs: 0, stepMs: HOUR, budgetPerWeek: 7 });
    // 16 hours of history count as at least one day: 7/week allows 1 alert.
    expect(r.backtest.alerts).toBe(1);
    expect(r.threshold).toBeCloseTo(10, 10);
  });

  it('refuses a seasonal fit without enough history; a constant signal gets a band just off the constant', () => {
    expect(fitGroup(group(new Array(30).fill(1)), { method: 'seasonal', direction: 'upper', season: 'day', forMs: 0, stepMs: HOUR }).error).toMatch(
      /at least two days/,
    );
    for (const method of ['sigma', 'mad', 'envelope'] as const) {
      const r = fitGroup(group(new Array(30).fill(7)), { method, direction: 'upper', forMs: 0, stepMs: HOUR });
      expect(r.error, method).toBeUndefined();
      expect(r.note, method).toMatch(/constant/);
      expect(r.threshold!, method).toBeGreaterThan(7);
      expect(r.threshold!, method).toBeLessThan(7.001);
      expect(r.backtest.alerts, method).toBe(0);
    }
    // MAD = 0 with outliers: the mean absolute deviation scales the band instead.
    const mostlyFlat = fitGroup(group([...new Array(20).fill(5), 9, 1, 5, 5]), { method: 'mad', direction: 'upper', forMs: 0, stepMs: HOUR, k: 3 });
    expect(mostlyFlat.note).toMatch(/mean absolute deviation/);
    expect(mostlyFlat.scale).toBeCloseTo(8 / 24, 10);
    expect(fitGroup(group([NaN, NaN, 3]), { method: 'quantile', direction: 'upper', forMs: 0, stepMs: HOUR }).error).toMatch(/fewer than 2 finite samples/);
  });
});
