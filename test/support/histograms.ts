// Native histogram samples for tests: one positive bucket holding all `count` observations.
import type { FloatHistogram } from '../../src/model/histogram.js';

export const oneBucketHistogram = (count: number): FloatHistogram => ({
  counterResetHint: 'unknown',
  schema: 0,
  zeroThreshold: 0,
  zeroCount: 0,
  count,
  sum: count,
  positiveSpans: [{ offset: 0, length: 1 }],
  negativeSpans: [],
  positiveBuckets: [count],
  negativeBuckets: [],
});
