// Recording rules evaluated as one range query (GroupEvaluator.prepare, used
// when the backend can answer range queries) must write what evaluating them
// step by step writes: the same samples, the same staleness markers when an
// output series disappears, and the same error at the same step when two
// input series map to one output label set (a batch with such a step falls
// back to step-by-step evaluation). Random series that come and go, under
// several names, so that some steps hold duplicates after renaming.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Storage, evaluateInstant, evaluateRange } from '../../src/engine/index.js';
import { labelsFromRecord, labelsToString } from '../../src/model/labels.js';
import { isStaleNaN } from '../../src/model/stale.js';
import { parseExpr } from '../../src/promql/parse.js';
import { GroupEvaluator } from '../../src/rules/group.js';
import { rangeSteps } from '../../src/rules/range-steps.js';
import type { EvalGroup, EvalRecordingRule, RuleBackend } from '../../src/rules/types.js';

const MIN = 60_000;
const STEPS = 30;

interface SeriesSpec {
  readonly name: string;
  readonly instance: string;
  /** Whether the series has a sample at each step. */
  readonly steps: readonly boolean[];
}

const presence: fc.Arbitrary<SeriesSpec[]> = fc.array(
  fc.record({
    name: fc.constantFrom('a', 'b'),
    instance: fc.constantFrom('x', 'y', 'z'),
    steps: fc.array(fc.boolean(), { minLength: STEPS, maxLength: STEPS }),
  }),
  {
    minLength: 1,
    maxLength: 5,
  },
);

function storageOf(series: readonly SeriesSpec[]): Storage {
  const storage = new Storage();
  const seen = new Set<string>();
  for (const s of series) {
    // Later duplicates of one series are dropped: appends must stay in time order.
    if (seen.has(`${s.name}/${s.instance}`)) continue;
    seen.add(`${s.name}/${s.instance}`);
    s.steps.forEach((present, k) => {
      // 10 s before the step: steps are 7m apart and the look-back is 5m, so a step sees exactly the samples placed for it.
      if (present) storage.append(labelsFromRecord({ __name__: s.name, instance: s.instance }), k * 7 * MIN - 10_000, k);
    });
  }
  return storage;
}

function backendOf(storage: Storage, batch: boolean): RuleBackend {
  const query: RuleBackend['query'] = (expr, t) => {
    const r = evaluateInstant(expr, t, storage);
    if ('error' in r) return { ok: false, error: r.error.message };
    if (r.value.type !== 'vector') return { ok: false, error: 'not a vector' };
    return { ok: true, samples: r.value.samples.map((s) => ({ labels: s.labels, value: s.f })) };
  };
  return {
    query,
    append: (labels, t, v) => storage.append(labels, t, v),
    ...(batch
      ? {
          appendMany: (labels, ts, vs) => storage.appendMany(labels, ts, vs),
          queryRange: (expr, start, end, step) => rangeSteps(evaluateRange(expr, start, end, step, storage), start, end, step),
        }
      : {}),
  };
}

/** Every sample of the rule's output series, as text (stale markers shown as "stale"). */
function written(storage: Storage, name: string): string[] {
  return storage
    .allSeries()
    .filter((s) => labelsToString(s.labels).includes(`__name__="${name}"`))
    .map((s) => `${labelsToString(s.labels)} ${Array.from(s.ts.subarray(0, s.length), (t, i) => `${t}=${isStaleNaN(s.vs[i]!) ? 'stale' : s.vs[i]}`).join(' ')}`)
    .sort();
}

function run(series: readonly SeriesSpec[], batch: boolean, limit = 0) {
  const storage = storageOf(series);
  const rule: EvalRecordingRule = { kind: 'recording', name: 'out', expr: parseExpr('{__name__=~"a|b"}').expr!, labels: [['team', 'core']] };
  const group: EvalGroup = { name: 'g', queryOffsetMs: 0, limit, rules: [rule] };
  const backend = backendOf(storage, batch);
  let instantQueries = 0;
  const counted: RuleBackend = { ...backend, query: (expr, t) => (instantQueries++, backend.query(expr, t)) };
  const ev = new GroupEvaluator(group, counted, (text) => text);
  const end = (STEPS - 1) * 7 * MIN;
  // No rule output is read by the expression (it selects a and b only), so it can be batched.
  ev.prepare(0, end, 7 * MIN, new Set(), new Set());
  const errors: string[] = [];
  const perStep: number[] = [];
  for (let t = 0; t <= end; t += 7 * MIN) {
    for (const e of ev.evaluate(t, (r) => perStep.push(r.samples.length))) errors.push(`${e.timeMs}: ${e.message}`);
  }
  // Batched, every step is answered from the range query (written ahead, or per step after a failing one).
  expect(instantQueries).toBe(batch ? 0 : STEPS);
  return { written: written(storage, 'out'), errors, perStep };
}

describe('recording rules: one range query writes what step-by-step evaluation writes', () => {
  it('on random series that come and go, with and without duplicate outputs', () => {
    let withErrors = 0;
    let withStale = 0;
    let overLimit = 0;
    fc.assert(
      fc.property(presence, (series) => {
        const step = run(series, false);
        const batch = run(series, true);
        expect(batch).toEqual(step);
        if (step.errors.length > 0) withErrors++;
        if (step.written.some((w) => w.includes('=stale'))) withStale++;
        // With the group's limit, some steps hold more series than it allows.
        const limitedStep = run(series, false, 2);
        expect(run(series, true, 2)).toEqual(limitedStep);
        if (limitedStep.errors.some((e) => e.includes('exceeded limit of 2'))) overLimit++;
      }),
      { seed: 20_261_203, numRuns: 150 },
    );
    // The comparison covers every outcome: failing steps (duplicates, over the limit) and vanishing series.
    expect(withErrors).toBeGreaterThan(10);
    expect(withStale).toBeGreaterThan(10);
    expect(overLimit).toBeGreaterThan(10);
  });

  it('two inputs that differ only in their name are one output: an error, and nothing written at that step', () => {
    const series = [
      { name: 'a', instance: 'x', steps: Array.from({ length: STEPS }, (_, k) => k < 5) },
      { name: 'b', instance: 'x', steps: Array.from({ length: STEPS }, (_, k) => k === 3) },
    ];
    for (const batch of [false, true]) {
      const r = run(series, batch);
      expect(r.errors).toEqual([`${3 * 7 * MIN}: vector contains metrics with the same labelset after applying rule labels`]);
      expect(r.written).toEqual([`{__name__="out", instance="x", team="core"} 0=0 ${7 * MIN}=1 ${14 * MIN}=2 ${28 * MIN}=4 ${35 * MIN}=stale`]);
    }
  });
});
