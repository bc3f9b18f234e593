// Selection windows: lookback (left-open), range windows (t - range, t],
// offsets (negative too), `@` with start()/end(), subqueries aligned to
// absolute time, and step-invariant evaluation in range queries.
import { describe, expect, it } from 'vitest';
import { Storage, evaluateInstant } from '../../src/engine/index.js';
import { STALE_NAN } from '../../src/model/stale.js';
import { addSeries, instantVector, lbls, ok, rangeMatrix } from './helpers.js';

const MIN = 60_000;

function minuteSeries(): Storage {
  const s = new Storage();
  // x = 0, 1, ..., 10 at 0m ... 10m.
  addSeries(
    s,
    lbls('x'),
    MIN,
    Array.from({ length: 11 }, (_, i) => i),
  );
  return s;
}

describe('instant vector selection', () => {
  const s = minuteSeries();
  it('takes the latest sample within the 5m lookback', () => {
    expect(instantVector('x', 10.5 * MIN, s)).toEqual({ x: 10 });
    expect(instantVector('x', 15 * MIN - 1, s)).toEqual({ x: 10 });
  });
  it('does not see a sample exactly one lookback delta old', () => {
    expect(instantVector('x', 15 * MIN, s)).toEqual({});
  });
  it('applies positive and negative offsets', () => {
    expect(instantVector('x offset 2m', 10 * MIN, s)).toEqual({ x: 8 });
    expect(instantVector('x offset -2m', 5 * MIN, s)).toEqual({ x: 7 });
  });
  it('pins with @ and with @ start()/end() in range queries', () => {
    expect(instantVector('x @ 180', 10 * MIN, s)).toEqual({ x: 3 });
    expect(rangeMatrix('x @ end()', MIN, 3 * MIN, MIN, s)).toEqual({
      x: [
        [MIN, 3],
        [2 * MIN, 3],
        [3 * MIN, 3],
      ],
    });
    expect(rangeMatrix('x @ start()', MIN, 3 * MIN, MIN, s)).toEqual({
      x: [
        [MIN, 1],
        [2 * MIN, 1],
        [3 * MIN, 1],
      ],
    });
  });
  it('treats a staleness marker as the end of the series', () => {
    const st = new Storage();
    st.append(lbls('y'), 0, 1);
    st.append(lbls('y'), MIN, STALE_NAN);
    expect(instantVector('y', 30_000, st)).toEqual({ y: 1 });
    expect(instantVector('y', 2 * MIN, st)).toEqual({});
  });
});

describe('range selection', () => {
  const s = minuteSeries();
  it('is left-open: (t - range, t]', () => {
    const res = ok(evaluateInstant('x[2m]', 5 * MIN, s));
    expect(res.value.type).toBe('matrix');
    if (res.value.type !== 'matrix') return;
    expect(res.value.series[0]!.floats).toEqual([
      { t: 4 * MIN, f: 4 },
      { t: 5 * MIN, f: 5 },
    ]);
  });
  it('aligns subquery steps to absolute time', () => {
    const res = ok(evaluateInstant('x[3m:1m]', 5.5 * MIN, s));
    if (res.value.type !== 'matrix') throw new Error('expected matrix');
    expect(res.value.series[0]!.floats.map((p) => p.t)).toEqual([3 * MIN, 4 * MIN, 5 * MIN]);
  });
  it('counts samples per window in a range query', () => {
    expect(rangeMatrix('count_over_time(x[150s])', 2 * MIN, 4 * MIN, MIN, s)).toEqual({
      '{}': [
        [2 * MIN, 3],
        [3 * MIN, 3],
        [4 * MIN, 3],
      ],
    });
  });
});
