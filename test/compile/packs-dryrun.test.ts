// The shipped packs on the leak scenario: every alert quiet on the healthy
// week; on the leak week the goroutine and heap leak alerts fire on the
// leaking services, after the onset, and on nothing else.
// vitest: slow file
import { describe, expect, it } from 'vitest';
import { compilePacks } from '../../src/compile/index.js';
import { loadRuleText } from '../../src/rulefmt/load.js';
import { evalGroupsFromRuleFile } from '../../src/rules/from-rulefmt.js';
import { runDryrun } from '../../src/dryrun/run.js';
import type { DryrunReport } from '../../src/dryrun/run.js';
import { createTemplateExpander } from '../../src/rules/template-expander.js';
import { generateFixture, leakScenario } from '../../src/fixtures/generate.js';
import type { GeneratedFixture } from '../../src/fixtures/generate.js';
import { labelsFromRecord } from '../../src/model/labels.js';
import type { RecordedSeries } from '../../src/samples/types.js';
import { REPO, SHIPPED_PACKS } from './helpers.js';

function recorded(f: GeneratedFixture): RecordedSeries[] {
  return f.families.flatMap((fam) =>
    fam.series.map((s) => ({ labels: labelsFromRecord({ __name__: s.metric, ...s.labels }), timestamps: f.timesMs, values: s.values })),
  );
}

function firing(r: DryrunReport): Map<string, { job: string; firstFiringMs: number }[]> {
  const out = new Map<string, { job: string; firstFiringMs: number }[]>();
  for (const a of r.alerts) {
    for (const i of a.instances) {
      const first = i.intervals.find((iv) => iv.firingAtMs !== undefined)?.firingAtMs;
      if (first === undefined) continue;
      out.set(a.name, [...(out.get(a.name) ?? []), { job: i.labels['job'] ?? '', firstFiringMs: first }]);
    }
  }
  return out;
}

describe('shipped packs on the leak fixture', () => {
  const compiled = compilePacks(SHIPPED_PACKS, { cwd: REPO });
  const groups = compiled.files.flatMap((f) => evalGroupsFromRuleFile(loadRuleText(f.content, f.path).file!));
  const scenario = leakScenario();
  // Windows need history: evaluate from an hour after the first sample.
  const run = (f: GeneratedFixture) => {
    const r = runDryrun({
      groups,
      series: recorded(f),
      startMs: f.timesMs[0]! + 3_600_000,
      expander: () => createTemplateExpander({ externalLabels: [], externalURL: '' }),
    });
    if ('error' in r) throw new Error(r.error);
    return r;
  };

  it('stay quiet on the healthy week', () => {
    const r = run(generateFixture(scenario.healthy));
    expect(r.errors).toEqual([]);
    expect([...firing(r).keys()]).toEqual([]);
  }, 120_000);

  it('catch the goroutine leak on svc-07 and the heap leak on svc-13, and nothing else', () => {
    const r = run(generateFixture(scenario.leak));
    const f = firing(r);
    const goroutineOnset = Date.parse('2026-01-08T10:30:00Z');
    const heapOnset = Date.parse('2026-01-07T14:00:00Z');
    expect(f.get('GoroutineLeak')?.map((x) => x.job)).toEqual(['svc-07']);
    expect(f.get('GoroutineLeak')![0]!.firstFiringMs).toBeGreaterThan(goroutineOnset);
    expect(f.get('GoroutineLeak')![0]!.firstFiringMs - goroutineOnset).toBeLessThan(3 * 3_600_000);
    expect(f.get('GoHeapLeak')?.map((x) => x.job)).toEqual(['svc-13']);
    expect(f.get('GoHeapLeak')![0]!.firstFiringMs).toBeGreaterThan(heapOnset);
    // Only leak-related alerts fire (the absolute goroutine cap may follow the leak later).
    for (const name of f.keys()) expect(['GoroutineLeak', 'GoHeapLeak', 'GoTooManyGoroutines']).toContain(name);
    for (const x of f.get('GoTooManyGoroutines') ?? []) expect(x.job).toBe('svc-07');
  }, 120_000);
});
