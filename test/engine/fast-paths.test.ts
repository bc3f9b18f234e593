// The engine's fast paths — rate/increase/delta over plain float series
// (rate-fast.ts) and sum/avg/count/min/max/group over float-only input
// (aggregate-fast.ts) and vector/vector operators a series pair at a time
// (binary.ts) — must give exactly the general paths' results. The
// same random queries run with the fast paths on and off (fastPaths.enabled)
// and are compared point by point with Object.is (fast-check, seeded): NaN,
// ±Inf, -0, huge and tiny magnitudes, staleness markers, counter resets (also
// in windows long enough for the prefix-sum resets), empty windows, many
// series and groups.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Storage, evaluateRange, type Series } from '../../src/engine/index.js';
import { fastPaths } from '../../src/engine/fast-paths.js';
import { labelsToSeriesString } from '../../src/model/labels.js';
import { STALE_NAN } from '../../src/model/stale.js';
import { type PrometheusVersion, parsePrometheusVersion } from '../../src/version/version.js';
import { lbls } from './helpers.js';

const SEED = 190_006;

const special = fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 0, STALE_NAN, 1e308, -1e308, 1.7e308, 5e-324, -5e-324, 2 ** 53, 1e-300);
const value = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: -1000, max: 1000 }) },
  { weight: 4, arbitrary: fc.double({ min: -1e9, max: 1e9, noNaN: true }) },
  { weight: 2, arbitrary: special },
);

interface SeriesSpec {
  interval: number;
  jitter: number[];
  /** Samples; undefined leaves a gap (an empty window at some steps). */
  values: (number | undefined)[];
  /** Cumulative with resets, as a counter; else the values as they are. */
  counter: boolean;
  group: number;
}

const seriesSpec: fc.Arbitrary<SeriesSpec> = fc.record({
  interval: fc.constantFrom(15_000, 30_000, 60_000),
  jitter: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: -2000, max: 2000 })), { minLength: 1, maxLength: 5 }),
  values: fc.array(fc.option(value, { freq: 8, nil: undefined }), { minLength: 0, maxLength: 160 }),
  counter: fc.boolean(),
  group: fc.integer({ min: 0, max: 5 }),
});

function buildStorage(specs: readonly SeriesSpec[]): Storage {
  const storage = new Storage();
  specs.forEach((spec, k) => {
    const labels = lbls('m', { job: `j${spec.group}`, i: String(k) });
    let counter = 0;
    spec.values.forEach((v, i) => {
      if (v === undefined) return;
      const t = i * spec.interval + spec.jitter[i % spec.jitter.length]!;
      if (!spec.counter || !Number.isFinite(v)) storage.append(labels, t, v);
      else {
        // Mostly increasing, resetting to a small value now and then.
        counter = v < -700 ? Math.abs(v) % 5 : counter + Math.abs(v);
        storage.append(labels, t, counter);
      }
    });
  });
  return storage;
}

function points(series: readonly Series[]): Map<string, [number, number][]> {
  return new Map(series.map((s) => [labelsToSeriesString(s.labels), s.floats.map((p) => [p.t, p.f] as [number, number])]));
}

function differences(fast: Map<string, [number, number][]>, general: Map<string, [number, number][]>): string[] {
  const diffs: string[] = [];
  for (const key of new Set([...fast.keys(), ...general.keys()])) {
    const a = fast.get(key) ?? [];
    const b = general.get(key) ?? [];
    if (a.length !== b.length) diffs.push(`${key}: ${a.length} points fast, ${b.length} general`);
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (a[i]![0] !== b[i]![0] || !Object.is(a[i]![1], b[i]![1])) diffs.push(`${key}[${i}]: fast ${a[i]} vs general ${b[i]}`);
    }
  }
  return diffs;
}

/** How many comparisons found both paths failing: must stay a small share, or the test compares nothing. */
const outcome = { compared: 0, bothFailed: 0 };

function bothPaths(expr: string, start: number, end: number, step: number, storage: Storage, version: PrometheusVersion | undefined): string[] | 'both failed' {
  const options = version ? { prometheusVersion: version } : {};
  fastPaths.enabled = true;
  const fast = evaluateRange(expr, start, end, step, storage, options);
  fastPaths.enabled = false;
  const general = evaluateRange(expr, start, end, step, storage, options);
  fastPaths.enabled = true;
  if ('error' in fast || 'error' in general) {
    expect('error' in fast && 'error' in general && fast.error.message === general.error.message).toBe(true);
    outcome.bothFailed++;
    return 'both failed';
  }
  outcome.compared++;
  if (fast.value.type !== 'matrix' || general.value.type !== 'matrix') throw new Error('expected matrices');
  expect(fast.warnings.map((a) => a.message)).toEqual(general.warnings.map((a) => a.message));
  expect(fast.infos.map((a) => a.message)).toEqual(general.infos.map((a) => a.message));
  return differences(points(fast.value.series as Series[]), points(general.value.series as Series[]));
}

const specs = fc.array(seriesSpec, { minLength: 1, maxLength: 12 });
const steps = fc.record({
  stepMs: fc.constantFrom(15_000, 30_000, 60_000, 45_000),
  startMs: fc.integer({ min: -10, max: 40 }).map((k) => k * 15_000),
  count: fc.integer({ min: 1, max: 120 }),
});
// 2.42 keeps the legacy extrapolation and closed windows; undefined is the 3.x default.
const V242 = parsePrometheusVersion('2.42');
if (!V242.ok) throw new Error(V242.message);
const version = fc.constantFrom<PrometheusVersion | undefined>(undefined, V242.version);

afterEach(() => {
  fastPaths.enabled = true;
});

describe('fast paths equal the general paths bit for bit', () => {
  it('rate, increase and delta (rate-fast.ts vs the range-function kernel)', () => {
    fc.assert(
      fc.property(
        specs,
        steps,
        fc.constantFrom('rate', 'increase', 'delta'),
        fc.constantFrom('1m', '2m', '5m', '10m', '1h', '90m'),
        version,
        (sp, st, fn, range, v) => {
          const storage = buildStorage(sp);
          const end = st.startMs + st.count * st.stepMs;
          const diffs = bothPaths(`${fn}(m[${range}])`, st.startMs, end, st.stepMs, storage, v);
          if (diffs !== 'both failed') expect(diffs).toEqual([]);
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
    expect(outcome.bothFailed).toBeLessThan(outcome.compared / 10);
  });

  it('long counter windows, where the fast path sums resets as prefix sums', () => {
    // 15s samples under rate(m[1h]): 240 per window, past the prefix-sum threshold.
    const increment = fc.oneof(fc.double({ min: 0, max: 1000, noNaN: true }), fc.integer({ min: 0, max: 100 }), fc.constant(-1), fc.constant(2 ** 51));
    const counter = fc.record({ increments: fc.array(increment, { minLength: 100, maxLength: 400 }), integerOnly: fc.boolean() });
    fc.assert(
      fc.property(fc.array(counter, { minLength: 1, maxLength: 3 }), (cs) => {
        const storage = new Storage();
        cs.forEach((c, k) => {
          let v = 0;
          c.increments.forEach((inc, i) => {
            // -1: a reset to a small value.
            v = inc === -1 ? i % 3 : v + (c.integerOnly ? Math.floor(inc) : inc);
            storage.append(lbls('m', { i: String(k) }), i * 15_000, v);
          });
        });
        const diffs = bothPaths('rate(m[1h])', 0, 100 * 60_000, 60_000, storage, undefined);
        expect(diffs).toEqual([]);
      }),
      { seed: SEED + 1, numRuns: 60 },
    );
  });

  it('sum, avg, count, min, max and group (aggregate-fast.ts vs aggregate.ts)', () => {
    fc.assert(
      fc.property(
        specs,
        steps,
        fc.constantFrom('sum', 'avg', 'count', 'min', 'max', 'group'),
        fc.constantFrom('', ' by (job)', ' without (i)', ' by (i)'),
        fc.constantFrom('m', 'rate(m[5m])', 'm * 1e300', '-m'),
        (sp, st, op, grouping, inner) => {
          const storage = buildStorage(sp);
          const end = st.startMs + st.count * st.stepMs;
          const diffs = bothPaths(`${op}${grouping} (${inner})`, st.startMs, end, st.stepMs, storage, undefined);
          if (diffs !== 'both failed') expect(diffs).toEqual([]);
        },
      ),
      { seed: SEED + 2, numRuns: 250 },
    );
  });

  it('vector/vector arithmetic and comparisons (a series pair at a time vs per-step matching)', () => {
    // A copy of some series as `n` makes result label sets collide once the
    // name is dropped; `on (job)` makes duplicate match groups: both paths
    // must then fail alike, or agree where those series never meet.
    const exprs = [
      'm + m',
      'm - on (i) m',
      'm / ignoring (job) m',
      'm > m',
      'm <= bool on (i, job) (m offset 1m)',
      'm ^ on (i) (m * 2)',
      'm / on (job) group_left sum by (job) (m)',
      'max by (job) (m) % on (job) group_right m',
      'm atan2 on (i) group_left (job) m',
      'm + on (job) m',
      '{__name__=~"m|n"} * on (i, job) group_left m',
      '{__name__=~"m|n"} == on (i, job) group_left m',
      '{__name__=~"m|n"} > ignoring (i) max by (job) (m)',
    ];
    fc.assert(
      fc.property(specs, steps, fc.constantFrom(...exprs), version, (sp, st, expr, v) => {
        const storage = buildStorage(sp);
        sp.forEach((spec, k) => {
          if (k % 2 !== 0) return;
          spec.values.forEach((x, i) => {
            if (x !== undefined && i % 3 !== 0) storage.append(lbls('n', { job: `j${spec.group}`, i: String(k) }), i * spec.interval, x);
          });
        });
        const end = st.startMs + st.count * st.stepMs;
        const diffs = bothPaths(expr, st.startMs, end, st.stepMs, storage, v);
        if (diffs !== 'both failed') expect(diffs).toEqual([]);
      }),
      { seed: SEED + 3, numRuns: 300 },
    );
  });

  it('many series in few groups', () => {
    const storage = new Storage();
    for (let k = 0; k < 300; k++) {
      for (let i = 0; i < 40; i++)
        storage.append(lbls('m', { job: `j${k % 3}`, i: String(k) }), i * 60_000, k % 7 === 0 ? 1e308 : (k * 0.1 + i) * (k % 2 ? 1 : -1));
    }
    for (const op of ['sum', 'avg', 'count', 'min', 'max', 'group']) {
      const diffs = bothPaths(`${op} by (job) (m)`, 0, 39 * 60_000, 60_000, storage, undefined);
      expect(diffs).toEqual([]);
    }
  });
});
