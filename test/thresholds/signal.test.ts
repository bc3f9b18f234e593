// The signal is evaluated over every kind of recorded sample: a signal over
// native histograms is fitted like any other (their samples used to be left
// out of the storage, so the signal "returned nothing").
import { describe, expect, it } from 'vitest';
import { labelsFromRecord, labelsToString } from '../../src/model/labels.js';
import { oneBucketHistogram } from '../support/histograms.js';
import { evaluateSignal } from '../../src/thresholds/signal.js';

const MIN = 60_000;
const histogram = oneBucketHistogram;

describe('evaluateSignal', () => {
  it('reads native histogram samples', () => {
    const series = [
      {
        labels: labelsFromRecord({ __name__: 'requests', job: 'api' }),
        timestamps: new Float64Array(),
        values: new Float64Array(),
        histograms: { timestamps: Float64Array.from([0, 1, 2, 3].map((i) => i * MIN)), values: [1, 2, 5, 6].map(histogram) },
      },
    ];
    const r = evaluateSignal({ signal: 'histogram_count(requests)', series, stepMs: MIN, by: ['job'], exclude: [], restartMaskMs: 0 });
    if ('error' in r) throw new Error(r.error);
    expect(Array.from(r.times)).toEqual([0, MIN, 2 * MIN, 3 * MIN]);
    expect(r.groups.map((g) => [labelsToString(g.group), g.series.map((s) => Array.from(s.signal.values))])).toEqual([['{job="api"}', [[1, 2, 5, 6]]]]);
  });
});
