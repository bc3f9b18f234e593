import { describe, expect, it } from 'vitest';
import { downsampleEnvelope, downsampleMinMax, envelopeOf, roundForDisplay } from '../../src/report-html/downsample.js';
import { splitThreshold } from '../../src/dryrun/threshold-split.js';
import { sparkline } from '../../src/report-html/sparkline.js';
import { parseExpr } from '../../src/promql/parse.js';
import { printExpr } from '../../src/promql/printer.js';

describe('downsampleMinMax', () => {
  it('keeps the minimum and maximum per bucket in time order and one point per gap', () => {
    // Buckets of 4.5 time units: [0, 4.5) holds 1,5,2,8 then a gap; [4.5, 9) holds 3,4,0; 9 starts the next.
    const d = downsampleMinMax([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 2, 8, NaN, NaN, 3, 4, 0, 9], 0, 9, 2);
    expect(d.t).toEqual([0, 3, 4, 7, 8, 9]);
    expect(d.v).toEqual([1, 8, NaN, 4, 0, 9]);
  });
  it('keeps every point when there are fewer points than buckets', () => {
    expect(downsampleMinMax([0, 10, 20], [3, 1, 2], 0, 20, 100)).toEqual({ t: [0, 10, 20], v: [3, 1, 2] });
  });
});

describe('envelopes', () => {
  it('takes the pointwise min and max across series, ignoring missing values', () => {
    const e = envelopeOf([Float64Array.from([1, NaN, 3]), Float64Array.from([2, 5, NaN])], 3);
    expect([...e.lo]).toEqual([1, 5, 3]);
    expect([...e.hi]).toEqual([2, 5, 3]);
  });
  it('widens per bucket and lets a missing value not erase a present one', () => {
    expect(downsampleEnvelope([0, 1, 2, 3], [1, NaN, 0, 2], [3, NaN, 5, 2], 0, 3, 2)).toEqual({ t: [0, 2, 3], lo: [1, 0, 2], hi: [3, 5, 2] });
  });
  it('rounds values for display and turns non-finite ones into null', () => {
    expect([roundForDisplay(0.0068446421950315), roundForDisplay(123456.789), roundForDisplay(NaN), roundForDisplay(Infinity)]).toEqual([
      0.0068446,
      123460,
      null,
      null,
    ]);
  });
});

describe('splitThreshold', () => {
  const split = (text: string) => {
    const p = parseExpr(text);
    if (!p.expr) throw new Error(text);
    const s = splitThreshold(p.expr);
    return s && { signal: printExpr(s.signal), op: s.op, threshold: s.threshold };
  };
  it('finds `signal op constant` on either side and through parentheses and and/unless guards', () => {
    expect(split('rate(errors_total[5m]) > 0.5')).toEqual({ signal: 'rate(errors_total[5m])', op: '>', threshold: 0.5 });
    expect(split('10 <= queue_depth')).toEqual({ signal: 'queue_depth', op: '>=', threshold: 10 });
    expect(split('(deriv(g[30m]) > 0.007) and on (job, instance) (time() - process_start_time_seconds > 1800)')).toEqual({
      signal: 'deriv(g[30m])',
      op: '>',
      threshold: 0.007,
    });
    expect(split('(up == 0) unless on (job) maintenance')).toEqual({ signal: 'up', op: '==', threshold: 0 });
    expect(split('free_bytes < -(2)')).toEqual({ signal: 'free_bytes', op: '<', threshold: -2 });
  });
  it('gives up on anything else', () => {
    expect(split('a > b')).toBeUndefined();
    expect(split('a > bool 1')).toBeUndefined();
    expect(split('absent(up)')).toBeUndefined();
    expect(split('a or b > 1')).toBeUndefined();
  });
});

describe('sparkline', () => {
  it('maps the range onto eight levels', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7], 8)).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7], 8, false)).toBe('_.-~=+*#');
  });
  it('shows the maximum per cell and blanks where there is no value', () => {
    expect(sparkline([1, 9, 4, 2], 2)).toBe('█▁');
    expect(sparkline([1, NaN, 1], 3)).toBe('▁ ▁');
    expect(sparkline([], 5)).toBe('');
  });
});
