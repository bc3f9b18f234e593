// deriv() and predict_linear() slide exact integer sums where they can; the
// result must equal Prometheus's linearRegression on each window bit for bit.
// Random series of every kind (integer gauges, floats, huge values, jittered
// timestamps, gaps, NaN/Inf, constant runs) are evaluated as range queries and
// compared with linearRegression applied to the same windows taken one by one.
import { afterEach, describe, expect, it } from 'vitest';
import { Storage } from '../../src/engine/index.js';
import { linearRegression, regressionStats } from '../../src/engine/functions/regression.js';
import { Rng } from '../differential/rng.js';
import { type Points, lbls, perWindowPoints, pointDifferences, rangePoints } from './helpers.js';

type Kind = 'int' | 'float' | 'huge' | 'jitter' | 'gappy' | 'special' | 'flat' | 'offgrid';
const KINDS: readonly Kind[] = ['int', 'float', 'huge', 'jitter', 'gappy', 'special', 'flat', 'offgrid'];

function randomStorage(rng: Rng, samples: number): Storage {
  const storage = new Storage();
  for (const [k, kind] of KINDS.entries()) {
    for (let s = 0; s < 3; s++) {
      const interval = rng.pick([15_000, 30_000, 60_000]);
      let t = kind === 'offgrid' ? 500 : 0;
      let v = rng.int(-1000, 1000);
      for (let i = 0; i < samples; i++) {
        t += interval + (kind === 'jitter' && rng.chance(0.3) ? rng.int(-400, 400) : 0);
        if (kind === 'gappy' && rng.chance(0.2)) t += interval * rng.int(1, 40);
        switch (kind) {
          case 'float':
            v += rng.next() - 0.4;
            break;
          case 'huge':
            v = (rng.chance(0.5) ? 1 : -1) * rng.int(0, 2 ** 20) * 2 ** rng.int(20, 33);
            break;
          case 'special':
            v = rng.chance(0.05) ? rng.pick([Number.NaN, Infinity, -Infinity, 0.5]) : rng.int(0, 100);
            break;
          case 'flat':
            if (rng.chance(0.05)) v = rng.int(0, 3);
            break;
          default:
            v += rng.int(-20, 25);
        }
        storage.append(lbls('g', { kind, k: String(k), s: String(s) }), t, v);
      }
    }
  }
  return storage;
}

/** linearRegression on the window each step sees (the matrix selector at that time). */
function direct(matrixExpr: string, use: 'deriv' | 'predict_linear', horizon: number, start: number, end: number, step: number, storage: Storage): Points {
  return perWindowPoints(matrixExpr, start, end, step, storage, (ts, vs, t) => {
    if (ts.length < 2) return undefined;
    const [slope, intercept] = linearRegression(ts, vs, use === 'deriv' ? ts[0]! : t);
    return use === 'deriv' ? slope : slope * horizon + intercept;
  });
}

afterEach(() => {
  regressionStats.current = undefined;
});

describe('deriv and predict_linear slide exactly', () => {
  const cases: { name: string; use: 'deriv' | 'predict_linear'; matrix: string; horizon: number; step: number }[] = [
    { name: 'deriv over 10m, 1m steps', use: 'deriv', matrix: 'g[10m]', horizon: 0, step: 60_000 },
    { name: 'deriv over 30m, 15s steps', use: 'deriv', matrix: 'g[30m]', horizon: 0, step: 15_000 },
    { name: 'deriv over 2m, 7m steps (windows do not overlap)', use: 'deriv', matrix: 'g[2m]', horizon: 0, step: 420_000 },
    { name: 'predict_linear over 20m, 1m steps', use: 'predict_linear', matrix: 'g[20m]', horizon: 3600, step: 60_000 },
    { name: 'predict_linear over 1h, 45s steps', use: 'predict_linear', matrix: 'g[1h]', horizon: 14400, step: 45_000 },
    { name: 'deriv of a subquery floor (the leak generator)', use: 'deriv', matrix: 'min_over_time(g[10m])[1h:1m]', horizon: 0, step: 60_000 },
    { name: 'predict_linear of a subquery floor', use: 'predict_linear', matrix: 'min_over_time(g[5m])[1h:1m]', horizon: 86400, step: 120_000 },
  ];
  for (const [seed, c] of cases.entries()) {
    it(c.name, () => {
      const rng = new Rng(1000 + seed);
      const storage = randomStorage(rng, 400);
      const start = 0;
      const end = 400 * 60_000;
      const expr = c.use === 'deriv' ? `deriv(${c.matrix})` : `predict_linear(${c.matrix}, ${c.horizon})`;
      regressionStats.current = { exact: 0, direct: 0 };
      const got = rangePoints(expr, start, end, c.step, storage);
      const stats = regressionStats.current;
      const want = direct(c.matrix, c.use, c.horizon, start, end, c.step, storage);
      expect(pointDifferences(got, want)).toEqual([]);
      expect(want.size).toBeGreaterThan(10);
      // Both paths are exercised: exact sliding for the integer grids, direct for the rest.
      expect(stats.exact).toBeGreaterThan(stats.direct / 4);
      expect(stats.direct).toBeGreaterThan(0);
    });
  }
});
