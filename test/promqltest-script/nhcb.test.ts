import { describe, expect, it } from 'vitest';
import { labelsToString } from '../../src/model/labels.js';
import { parseTestScript, type LoadCommand } from '../../src/samples/test-script/script.js';
import { classicHistogramsToNhcb } from '../../src/samples/test-script/script-nhcb.js';

function load(source: string): LoadCommand {
  const r = parseTestScript(source);
  expect(r.diagnostics).toEqual([]);
  return r.commands[0] as LoadCommand;
}

describe('load_with_nhcb conversion', () => {
  it('builds custom-bucket histograms from buckets, count and sum', () => {
    const r = classicHistogramsToNhcb(
      load(`load_with_nhcb 5m
  h_bucket{le="0.1", job="a"} 0+5x1
  h_bucket{le=".2", job="a"} 0+7x1
  h_bucket{le="+Inf", job="a"} 0+11x1
  h_sum{job="a"} 0+33x1
  h_count{job="a"} 0+11x1
  other 1 2
`),
    );
    expect(r.errors).toEqual([]);
    expect(r.series.map((s) => labelsToString(s.labels))).toEqual(['{__name__="h", job="a"}']);
    expect(r.series[0]!.samples.map((s) => [s.t, s.histogram.count, s.histogram.sum, s.histogram.customValues, s.histogram.positiveBuckets])).toEqual([
      [0, 0, 0, [0.1, 0.2], [0, 0, 0]],
      [300_000, 11, 33, [0.1, 0.2], [5, 2, 4]],
    ]);
    expect(r.series[0]!.samples[1]!.histogram).toMatchObject({ schema: -53, counterResetHint: 'unknown', positiveSpans: [{ offset: 0, length: 3 }] });
  });

  it('adds a missing +Inf bucket, ignores duplicate bounds and takes the count from the top bucket', () => {
    const r = classicHistogramsToNhcb(
      load('load_with_nhcb 1m\n  m_bucket{le="0.2"} 3\n  m_bucket{le="2e-1"} 9\n  m_bucket{le="1"} 4\n  m_bucket{le="x"} 100\n'),
    );
    expect(r.errors).toEqual([]);
    const h = r.series[0]!.samples[0]!.histogram;
    expect([h.count, h.sum, h.customValues, h.positiveBuckets]).toEqual([4, 0, [0.2, 1], [3, 1, 0]]);
  });

  it('fails on non-cumulative counts, a +Inf mismatch and a missing le', () => {
    const r = classicHistogramsToNhcb(
      load('load_with_nhcb 1m\n  a_bucket{le="1"} 5\n  a_bucket{le="2"} 3\n  b_bucket{le="+Inf"} 5\n  b_count 6\n  c_bucket 1\n'),
    );
    expect(r.errors).toEqual([
      { line: 6, message: 'classic histogram bucket series c_bucket has no "le" label' },
      { line: 2, message: 'converting classic histogram to native histogram at 0ms: bucket counts are not cumulative: le=2 has 3, less than 5 below it' },
      { line: 4, message: 'converting classic histogram to native histogram at 0ms: count mismatch: the +Inf bucket has 5, the count is 6' },
    ]);
  });
});
