import { describe, expect, it } from 'vitest';
import { Storage } from '../../src/engine/index.js';
import { STALE_NAN, isStaleNaN } from '../../src/model/stale.js';
import { labelsFromRecord } from '../../src/model/labels.js';
import { lbls } from './helpers.js';

const m = (name: string, op: '=' | '!=' | '=~' | '!~', value: string) => ({ name, op, value, pos: { start: 0, end: 0 } });

describe('Storage', () => {
  it('sorts out-of-order samples and lets the last write for a timestamp win', () => {
    const s = new Storage();
    const l = lbls('x');
    s.append(l, 3000, 3);
    s.append(l, 1000, 1);
    s.append(l, 2000, 2);
    s.append(l, 1000, 10);
    const [series] = s.select([m('__name__', '=', 'x')]);
    expect(Array.from(series!.ts.subarray(0, series!.length))).toEqual([1000, 2000, 3000]);
    expect(Array.from(series!.vs.subarray(0, series!.length))).toEqual([10, 2, 3]);
  });

  it('keeps staleness markers but hides them from range views', () => {
    const s = new Storage();
    const l = lbls('x');
    s.append(l, 0, 1);
    s.append(l, 1000, STALE_NAN);
    s.append(l, 2000, 2);
    const [series] = s.select([m('__name__', '=', 'x')]);
    expect(series!.length).toBe(3);
    expect(isStaleNaN(series!.vs[1]!)).toBe(true);
    const view = s.rangeView(series!);
    expect(Array.from(view.ts.subarray(0, view.length))).toEqual([0, 2000]);
    expect(Array.from(view.vs.subarray(0, view.length))).toEqual([1, 2]);
  });

  it('selects with all four matcher types; an absent label matches the empty string', () => {
    const s = new Storage();
    s.append(labelsFromRecord({ __name__: 'up', job: 'api' }), 0, 1);
    s.append(labelsFromRecord({ __name__: 'up', job: 'web' }), 0, 1);
    s.append(labelsFromRecord({ __name__: 'up' }), 0, 1);
    const jobs = (ms: ReturnType<typeof m>[]) => s.select(ms).map((x) => x.labels.find((l) => l.name === 'job')?.value ?? '');
    expect(jobs([m('__name__', '=', 'up'), m('job', '=', 'api')])).toEqual(['api']);
    expect(jobs([m('__name__', '=', 'up'), m('job', '!=', 'api')])).toEqual(['', 'web']);
    expect(jobs([m('__name__', '=', 'up'), m('job', '=~', 'a.*|w.b')])).toEqual(['api', 'web']);
    expect(jobs([m('__name__', '=', 'up'), m('job', '!~', 'api')])).toEqual(['', 'web']);
    expect(jobs([m('__name__', '=', 'up'), m('job', '=', '')])).toEqual(['']);
  });

  it('returns series sorted by label set, as Prometheus storage does', () => {
    const s = new Storage();
    for (const job of ['c', 'a', 'b']) s.append(labelsFromRecord({ __name__: 'x', job }), 0, 1);
    expect(s.select([m('__name__', '=', 'x')]).map((x) => x.labels[1]!.value)).toEqual(['a', 'b', 'c']);
  });

  it('stores at most 24 bytes per sample for long series', () => {
    const s = new Storage();
    const n = 10_080;
    for (let i = 0; i < 20; i++) {
      const l = lbls('x', { i: String(i) });
      for (let k = 0; k < n; k++) s.append(l, k * 60_000, k);
    }
    expect(s.sampleCount).toBe(20 * n);
    expect(s.sampleBytes / s.sampleCount).toBeLessThanOrEqual(24);
  });
});
