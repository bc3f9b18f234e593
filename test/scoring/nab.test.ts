import { describe, expect, it } from 'vitest';
import { nabProbationRows, normalisedScore, rowAtOrAfter, scaledSigmoid, scoreNabFile, windowRows } from '../../src/scoring/nab.js';

describe('NAB scoring', () => {
  it('scores a file as computed by hand from PROTOCOL.md', () => {
    // 100 rows, 10 probationary; windows [40, 59] (W = 20) and [80, 89].
    // Row 5: in the probationary period, ignored. Row 20: before the first window, s = −1.
    // Row 45: inside the first window, y = −(59 − 45 + 1)/20 = −0.75, worth σ(−0.75)/σ(−1) = 0.96698908780006.
    // Row 50: a later detection in the same window, free. Row 62: after the first window,
    // s = σ(|59 − 62| / 19) = −0.37543661841279. The second window is missed: −fn.
    const s = scoreNabFile(
      100,
      10,
      [
        { first: 40, last: 59 },
        { first: 80, last: 89 },
      ],
      [5, 20, 45, 50, 62],
    );
    expect(s.detections).toBe(4);
    expect(s.windows[0]!.detectedRow).toBe(45);
    expect(s.windows[0]!.position).toBeCloseTo(0.9669890878000605, 12);
    expect(s.windows[1]!.detectedRow).toBeUndefined();
    expect(s.falsePositives.map((f) => f.row)).toEqual([20, 62]);
    expect(s.falsePositives[1]!.s).toBeCloseTo(-0.3754366184127861, 12);
    expect(s.raw.standard).toBeCloseTo(-0.18430894022534594, 12);
    expect(s.raw.reward_low_FP_rate).toBeCloseTo(-0.3356069682507523, 12);
    expect(s.raw.reward_low_FN_rate).toBeCloseTo(-1.184308940225346, 12);
    expect(s.rawNull.standard).toBe(-2);
    expect(s.rawPerfect.standard).toBe(2);
    expect(normalisedScore([s], 'standard')).toBeCloseTo((100 * (-0.18430894022534594 + 2)) / 4, 10);
  });

  it('values a detection at the first row of a window at tp_weight and the null detector at 0', () => {
    const first = scoreNabFile(50, 0, [{ first: 10, last: 19 }], [10]);
    expect(first.raw.standard).toBeCloseTo(1, 12);
    expect(normalisedScore([first], 'standard')).toBeCloseTo(100, 10);
    const none = scoreNabFile(50, 0, [{ first: 10, last: 19 }], []);
    expect(normalisedScore([none], 'standard')).toBe(0);
    // Far after a window (y > 3) a false positive costs the full fp_weight.
    expect(scoreNabFile(200, 0, [{ first: 10, last: 19 }], [10, 190]).falsePositives[0]!.s).toBe(-1);
    expect(scaledSigmoid(3.5)).toBe(-1);
  });

  it('places times on rows and computes the probationary period', () => {
    const rows = Float64Array.from([0, 300_000, 600_000, 900_000]);
    expect(rowAtOrAfter(rows, 300_000)).toBe(1);
    expect(rowAtOrAfter(rows, 300_001)).toBe(2);
    expect(rowAtOrAfter(rows, 2_000_000)).toBe(4);
    expect(windowRows(rows, 250_000, 650_000)).toEqual({ first: 1, last: 2 });
    expect(windowRows(rows, 310_000, 320_000)).toBeUndefined();
    expect(nabProbationRows(4032)).toBe(604);
    expect(nabProbationRows(10_000)).toBe(750);
  });
});
