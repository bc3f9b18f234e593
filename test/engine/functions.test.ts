// Function families with exact expected values worked out by hand from
// Prometheus's definitions.
import { describe, expect, it } from 'vitest';
import { Storage, evaluateInstant } from '../../src/engine/index.js';
import { renderAnnotation } from '../../src/engine/annotations.js';
import { labelsFromRecord } from '../../src/model/labels.js';
import { addSeries, errorOf, instantScalar, instantVector, lbls, ok } from './helpers.js';

const MIN = 60_000;

describe('rate family', () => {
  const s = new Storage();
  addSeries(s, lbls('c_total'), MIN, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  addSeries(s, lbls('resetting_total'), MIN, [5, 10, 2, 4]);
  it('extrapolates increase to the window start when samples cover it', () => {
    // Samples 6..10 at 6m..10m in (5m, 10m]: 4 over 240s, extended by 60s at the start.
    expect(instantVector('increase(c_total[5m])', 10 * MIN, s)).toEqual({ '{}': 5 });
    expect(instantVector('rate(c_total[5m])', 10 * MIN, s)['{}']).toBeCloseTo(5 / 300, 15);
  });
  it('adds the pre-reset value on counter resets', () => {
    // 5 → 10 → (reset) 2 → 4: (4 - 5) + 10 = 9 over 180s. The window (−2m, 3m]
    // starts 120s before the first sample, beyond 1.1 × the 60s average
    // spacing, so it is extended by half the spacing (30s) only: 9 × 210/180.
    expect(instantVector('increase(resetting_total[5m])', 3 * MIN, s)).toEqual({ '{}': 10.5 });
  });
  it('irate and idelta use the last two samples', () => {
    expect(instantVector('irate(resetting_total[5m])', 3 * MIN, s)).toEqual({ '{}': 2 / 60 });
    expect(instantVector('idelta(resetting_total[5m])', 3 * MIN, s)).toEqual({ '{}': 2 });
  });
  it('reports possible non-counters with the argument position', () => {
    const g = new Storage();
    addSeries(g, lbls('temperature'), MIN, [1, 2, 3]);
    const res = ok(evaluateInstant('rate(temperature[5m])', 2 * MIN, g));
    expect(res.infos.map((a) => renderAnnotation(a, 'rate(temperature[5m])'))).toEqual([
      'PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "temperature" (1:6)',
    ]);
  });
});

describe('*_over_time, deriv and predict_linear', () => {
  const s = new Storage();
  addSeries(s, lbls('g'), MIN, [1, 3, 2, 6]);
  const at = 3 * MIN;
  it('aggregates over the window', () => {
    expect(instantVector('sum_over_time(g[5m])', at, s)).toEqual({ '{}': 12 });
    expect(instantVector('avg_over_time(g[5m])', at, s)).toEqual({ '{}': 3 });
    expect(instantVector('min_over_time(g[5m])', at, s)).toEqual({ '{}': 1 });
    expect(instantVector('max_over_time(g[5m])', at, s)).toEqual({ '{}': 6 });
    expect(instantVector('count_over_time(g[5m])', at, s)).toEqual({ '{}': 4 });
    expect(instantVector('stdvar_over_time(g[5m])', at, s)).toEqual({ '{}': 3.5 });
    expect(instantVector('quantile_over_time(0.5, g[5m])', at, s)).toEqual({ '{}': 2.5 });
    expect(instantVector('changes(g[5m])', at, s)).toEqual({ '{}': 3 });
    expect(instantVector('resets(g[5m])', at, s)).toEqual({ '{}': 1 });
    expect(instantVector('ts_of_max_over_time(g[5m])', at, s)).toEqual({ '{}': 180 });
  });
  it('keeps the metric name for last_over_time and first_over_time only', () => {
    expect(instantVector('last_over_time(g[5m])', at, s)).toEqual({ g: 6 });
    expect(instantVector('first_over_time(g[5m])', at, s)).toEqual({ g: 1 });
  });
  it('fits a least-squares line', () => {
    // x = 0, 60, 120, 180 s; y = 1, 3, 2, 6: cov = 420, var = 18000, slope = 7/300 per second.
    expect(instantVector('deriv(g[5m])', at, s)['{}']).toBeCloseTo(7 / 300, 15);
    // At t = 180 s: mean(y) + slope × (180 − mean(x)) = 3 + 2.1 = 5.1, then 60 s more: 6.5.
    expect(instantVector('predict_linear(g[5m], 60)', at, s)['{}']).toBeCloseTo(6.5, 12);
  });
});

describe('histogram_quantile on classic buckets', () => {
  it('interpolates inside the bucket holding the rank', () => {
    const s = new Storage();
    for (const [le, v] of [
      ['0.1', 1],
      ['0.5', 3],
      ['1', 4],
      ['+Inf', 4],
    ] as const) {
      s.append(labelsFromRecord({ __name__: 'req_bucket', le }), 0, v);
    }
    // Rank 2 of 4 falls in (0.1, 0.5] holding 2 observations, halfway in.
    expect(instantVector('histogram_quantile(0.5, req_bucket)', 0, s)).toEqual({ '{}': 0.1 + (0.5 - 0.1) * (1 / 2) });
    expect(instantVector('histogram_quantile(1, req_bucket)', 0, s)).toEqual({ '{}': 1 });
  });
});

describe('label and date functions', () => {
  const s = new Storage();
  s.append(labelsFromRecord({ __name__: 'up', instance: 'host-1:9100' }), 0, 1);
  it('label_replace expands Go-style templates', () => {
    expect(instantVector('label_replace(up, "host", "$1", "instance", "(.*):.*")', 0, s)).toEqual({ 'up{host="host-1", instance="host-1:9100"}': 1 });
    expect(instantVector('label_replace(up, "x", "${1}y$$", "instance", "host-(\\\\d).*")', 0, s)).toEqual({ 'up{instance="host-1:9100", x="1y$"}': 1 });
    // The regex is anchored: no match leaves the series unchanged.
    expect(instantVector('label_replace(up, "x", "$1", "instance", "host-(\\\\d)")', 0, s)).toEqual({ 'up{instance="host-1:9100"}': 1 });
  });
  it('label_join joins source values', () => {
    expect(instantVector('label_join(up, "j", "/", "__name__", "instance")', 0, s)).toEqual({ 'up{instance="host-1:9100", j="up/host-1:9100"}': 1 });
  });
  it('rejects an invalid regular expression', () => {
    expect(errorOf(evaluateInstant('label_replace(up, "a", "b", "instance", "(")', 0, s))).toBe('invalid regular expression in label_replace(): (');
  });
  it('computes calendar fields in UTC', () => {
    // 2024-02-29T13:45:00Z
    const t = Date.UTC(2024, 1, 29, 13, 45);
    expect(instantVector('days_in_month()', t, s)).toEqual({ '{}': 29 });
    expect(instantVector('day_of_year()', t, s)).toEqual({ '{}': 60 });
    expect(instantVector('hour()', t, s)).toEqual({ '{}': 13 });
    expect(instantScalar('time()', t, s)).toBe(t / 1000);
  });
});
