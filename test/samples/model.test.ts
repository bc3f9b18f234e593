import { describe, expect, it } from 'vitest';
import {
  compareLabels,
  compareStrings,
  goQuote,
  labelsFromPairs,
  labelsFromRecord,
  cachedLabelsKey,
  labelsKey,
  labelsToRecord,
  labelsToSeriesString,
  labelsToString,
  withLabel,
  withoutEmptyLabels,
  withoutLabels,
} from '../../src/model/labels.js';
import { STALE_NAN, float64Bits, isStaleNaN } from '../../src/model/stale.js';
import { compactHistogram, emptyHistogram, histogramValidationError, indexedBuckets, type FloatHistogram } from '../../src/model/histogram.js';
import {
  addHistograms,
  combineCounterResetHints,
  exponentialBucketUpperBound,
  reduceResolution,
  subHistograms,
  targetBucketIndex,
} from '../../src/model/histogram-ops.js';

describe('labels', () => {
  it('sorts by name and lets later pairs win', () => {
    const ls = labelsFromPairs([
      ['job', 'a'],
      ['__name__', 'up'],
      ['job', 'b'],
      ['env', ''],
    ]);
    expect(ls).toEqual([
      { name: '__name__', value: 'up' },
      { name: 'env', value: '' },
      { name: 'job', value: 'b' },
    ]);
    expect(withoutEmptyLabels(ls)).toEqual([
      { name: '__name__', value: 'up' },
      { name: 'job', value: 'b' },
    ]);
  });

  it('prints like Prometheus Labels.String()', () => {
    const ls = labelsFromRecord({ __name__: 'up', job: 'a"b\n', 'utf8.name': 'ü' });
    expect(labelsToString(ls)).toBe('{__name__="up", job="a\\"b\\n", "utf8.name"="ü"}');
    expect(labelsToString([])).toBe('{}');
  });

  it('prints series notation with the name outside the braces when it is a legacy name', () => {
    expect(labelsToSeriesString(labelsFromRecord({ __name__: 'up', job: 'a' }))).toBe('up{job="a"}');
    expect(labelsToSeriesString(labelsFromRecord({ __name__: 'up' }))).toBe('up');
    expect(labelsToSeriesString(labelsFromRecord({ __name__: 'my.metric', a: '1' }))).toBe('{"my.metric", a="1"}');
    expect(labelsToSeriesString([])).toBe('{}');
  });

  it('quotes with Go escapes for control characters', () => {
    expect(goQuote('\x01\x7f\t\u00ad')).toBe('"\\x01\\x7f\\t\\u00ad"');
    expect(goQuote('\u{1F600}')).toBe('"\u{1F600}"');
  });

  it('compares label sets pair by pair, shorter prefix first', () => {
    const a = labelsFromRecord({ a: '1' });
    const ab = labelsFromRecord({ a: '1', b: '1' });
    const a2 = labelsFromRecord({ a: '2' });
    const b = labelsFromRecord({ b: '0' });
    const sorted = [b, a2, ab, a].sort(compareLabels);
    expect(sorted).toEqual([a, ab, a2, b]);
    expect(compareLabels(a, labelsFromRecord({ a: '1' }))).toBe(0);
  });

  it('orders strings by code point like Go, not by UTF-16 unit', () => {
    // U+FF61 is below U+1F600 in code points but above its surrogates in UTF-16.
    expect(compareStrings('\uff61', '\u{1F600}')).toBeLessThan(0);
    expect('\uff61' < '\u{1F600}').toBe(false);
    expect(compareStrings('a', 'ab')).toBeLessThan(0);
  });

  it('keys are equal exactly for equal sets', () => {
    expect(labelsKey(labelsFromRecord({ a: 'b:c' }))).not.toBe(labelsKey(labelsFromRecord({ 'a:b': 'c' })));
    expect(labelsKey(labelsFromRecord({ x: '1', y: '2' }))).toBe(
      labelsKey(
        labelsFromPairs([
          ['y', '2'],
          ['x', '1'],
        ]),
      ),
    );
  });

  it('cached keys are the keys, for the object and for an equal set built apart', () => {
    const ls = labelsFromRecord({ job: 'api', a: 'b:c' });
    expect(cachedLabelsKey(ls)).toBe(labelsKey(ls));
    expect(cachedLabelsKey(ls)).toBe(labelsKey(ls));
    expect(cachedLabelsKey(labelsFromRecord({ job: 'api', a: 'b:c' }))).toBe(cachedLabelsKey(ls));
    expect(cachedLabelsKey(labelsFromRecord({ job: 'web', a: 'b:c' }))).not.toBe(cachedLabelsKey(ls));
  });

  it('edits copies', () => {
    const ls = labelsFromRecord({ b: '2', d: '4' });
    expect(labelsToRecord(withLabel(ls, 'c', '3'))).toEqual({ b: '2', c: '3', d: '4' });
    expect(withLabel(ls, 'a', '1')[0]).toEqual({ name: 'a', value: '1' });
    expect(withLabel(ls, 'b', '')).toEqual([{ name: 'd', value: '4' }]);
    expect(withoutLabels(ls, ['d'])).toEqual([{ name: 'b', value: '2' }]);
  });
});

describe('stale NaN', () => {
  it('has the Prometheus bit pattern and is told apart from NaN', () => {
    expect(float64Bits(STALE_NAN)).toBe('7ff0000000000002');
    expect(isStaleNaN(STALE_NAN)).toBe(true);
    expect(isStaleNaN(NaN)).toBe(false);
    expect(isStaleNaN(0)).toBe(false);
    expect(isStaleNaN(-STALE_NAN)).toBe(false);
  });

  it('survives storage in arrays, where V8 sets the quiet bit', () => {
    const arr: number[] = [];
    arr.push(1.5, STALE_NAN);
    expect(isStaleNaN(arr[1]!)).toBe(true);
    expect(isStaleNaN(new Float64Array([STALE_NAN])[0]!)).toBe(true);
  });
});

function h(partial: Partial<FloatHistogram>): FloatHistogram {
  return { ...emptyHistogram(), ...partial };
}

describe('histograms', () => {
  it('lists buckets with absolute indices and compacts zero buckets', () => {
    const x = h({
      positiveSpans: [
        { offset: -1, length: 3 },
        { offset: 2, length: 1 },
      ],
      positiveBuckets: [1, 0, 2, 5],
    });
    expect(indexedBuckets(x.positiveSpans, x.positiveBuckets)).toEqual([
      { index: -1, count: 1 },
      { index: 0, count: 0 },
      { index: 1, count: 2 },
      { index: 4, count: 5 },
    ]);
    const c = compactHistogram(x);
    expect(c.positiveSpans).toEqual([
      { offset: -1, length: 1 },
      { offset: 1, length: 1 },
      { offset: 2, length: 1 },
    ]);
    expect(c.positiveBuckets).toEqual([1, 2, 5]);
  });

  it('validates like storage does', () => {
    expect(histogramValidationError(h({ schema: 9 }))).toMatch(/invalid schema/);
    expect(histogramValidationError(h({ positiveSpans: [{ offset: 0, length: 1 }], positiveBuckets: [-1] }))).toMatch(/negative/);
    expect(histogramValidationError(h({ schema: -53, customValues: [2, 1] }))).toMatch(/increasing order/);
    expect(histogramValidationError(h({ schema: -53, customValues: [1], positiveSpans: [{ offset: 0, length: 3 }], positiveBuckets: [1, 1, 1] }))).toMatch(
      /too few/,
    );
    expect(histogramValidationError(h({ schema: -53, customValues: [1], positiveSpans: [{ offset: 0, length: 2 }], positiveBuckets: [1, 1] }))).toBeUndefined();
    expect(histogramValidationError(h({ count: -1 }))).toMatch(/negative count/);
  });

  it('combines counter reset hints as Prometheus does', () => {
    expect(combineCounterResetHints('gauge', 'reset')).toEqual({ hint: 'gauge', collision: false });
    expect(combineCounterResetHints('unknown', 'not_reset')).toEqual({ hint: 'unknown', collision: false });
    expect(combineCounterResetHints('reset', 'not_reset')).toEqual({ hint: 'unknown', collision: true });
    expect(combineCounterResetHints('not_reset', 'not_reset')).toEqual({ hint: 'not_reset', collision: false });
  });

  it('maps bucket indices to coarser schemas', () => {
    expect([1, 2, 3, 4, 0, -1].map((i) => targetBucketIndex(i, 1, 0))).toEqual([1, 1, 2, 2, 0, 0]);
    expect(
      reduceResolution(
        [
          { index: 1, count: 1 },
          { index: 2, count: 2 },
          { index: 3, count: 4 },
        ],
        2,
        0,
      ),
    ).toEqual([{ index: 1, count: 7 }]);
  });

  it('computes bucket bounds', () => {
    expect(exponentialBucketUpperBound(1, 0)).toBe(2);
    expect(exponentialBucketUpperBound(-1, 0)).toBe(0.5);
    expect(exponentialBucketUpperBound(1, -1)).toBe(4);
    expect(exponentialBucketUpperBound(2, 1)).toBe(2);
    expect(exponentialBucketUpperBound(1, 1)).toBe(Math.SQRT2);
    expect(exponentialBucketUpperBound(1024, 0)).toBe(Number.MAX_VALUE);
    expect(exponentialBucketUpperBound(1025, 0)).toBe(Infinity);
    expect(exponentialBucketUpperBound(2048, 1)).toBe(Number.MAX_VALUE);
    expect(exponentialBucketUpperBound(-1080, 0)).toBe(0);
  });

  it('adds and subtracts bucket-wise, reducing the finer operand', () => {
    const a = h({ schema: -1, count: 1, sum: 4, positiveSpans: [{ offset: 1, length: 1 }], positiveBuckets: [1] });
    const b = h({ schema: 0, count: 4, sum: 4, positiveSpans: [{ offset: 1, length: 2 }], positiveBuckets: [2, 2] });
    const r = addHistograms(a, b);
    expect(r.ok && r.histogram).toEqual(h({ schema: -1, count: 5, sum: 8, positiveSpans: [{ offset: 1, length: 1 }], positiveBuckets: [5] }));
    const d = subHistograms(b, b);
    expect(d.ok && d.histogram.positiveBuckets).toEqual([0, 0]);
    expect(d.ok && d.histogram.count).toBe(0);
  });

  it('widens the narrower zero bucket', () => {
    const a = h({ zeroThreshold: 0, zeroCount: 1, positiveSpans: [{ offset: 0, length: 2 }], positiveBuckets: [3, 4], count: 8 });
    const b = h({ zeroThreshold: 1, zeroCount: 2, count: 2 });
    const r = addHistograms(a, b);
    // Bucket 0 covers (0.5, 1] and lies inside the new zero bucket [-1, 1].
    expect(r.ok && r.histogram).toMatchObject({ zeroThreshold: 1, zeroCount: 6, positiveBuckets: [4], positiveSpans: [{ offset: 1, length: 1 }] });
  });

  it('refuses to mix custom and exponential buckets and intersects custom bounds', () => {
    const nhcb = h({ schema: -53, customValues: [1, 2, 4], positiveSpans: [{ offset: 0, length: 4 }], positiveBuckets: [1, 2, 3, 4], count: 10 });
    const mixed = addHistograms(nhcb, h({}));
    expect(mixed).toEqual({ ok: false, error: 'cannot apply this operation on histograms with a mix of exponential and custom bucket schemas' });
    const other = h({ schema: -53, customValues: [2, 4], positiveSpans: [{ offset: 0, length: 3 }], positiveBuckets: [1, 1, 1], count: 3 });
    const r = addHistograms(nhcb, other);
    expect(r.ok && r.nhcbBoundsReconciled).toBe(true);
    expect(r.ok && r.histogram.customValues).toEqual([2, 4]);
    expect(r.ok && r.histogram.positiveBuckets).toEqual([4, 4, 5]);
  });
});
