// The leak family: over 21 seeded scenarios (4 services, 2-minute steps, two
// weeks each: a healthy week to fit on, a week with a leak), rules fitted by
// the documented recipe (docs/thresholds.md, "Goroutine leaks") must catch
// every goroutine leak of at least +2/min within 60 minutes of its onset —
// also when the leak starts the moment a deploy restarts the process — and
// never page on a healthy service (noisy neighbours included).
import { describe, expect, it } from 'vitest';
import { leakFamily } from '../../src/fixtures/leak-family.js';
import { generateFixture } from '../../src/fixtures/generate.js';
import { labelsFromRecord } from '../../src/model/labels.js';
import { fitThresholds } from '../../src/thresholds/run.js';
import { emitRules } from '../../src/thresholds/emit-rules.js';
import { loadRuleText } from '../../src/rulefmt/load.js';
import { evalGroupsFromRuleFile } from '../../src/rules/from-rulefmt.js';
import { runDryrun } from '../../src/dryrun/run.js';
import { createTemplateExpander } from '../../src/rules/template-expander.js';

/** The recipe: the go-runtime pack's GoroutineLeak shape (slope of the goroutine floor) with a 20m window. */
const SIGNAL = 'deriv(min_over_time(go_goroutines[5m])[20m:1m])';

describe('leak family', () => {
  const family = leakFamily({ seed: 1, count: 21, services: 4, stepMs: 120_000 });

  it('is deterministic and covers rates +1..+20/min, onsets mid-run and right after a restart', () => {
    expect(leakFamily({ seed: 1, count: 21, services: 4, stepMs: 120_000 })).toEqual(family);
    expect(new Set(family.map((c) => c.leak.perMinute))).toEqual(new Set([1, 2, 3, 5, 8, 12, 20]));
    expect(family.filter((c) => c.leak.atRestart).length).toBe(10);
    expect(family.filter((c) => c.noisyJobs.length > 0).length).toBeGreaterThan(10);
    const f = generateFixture(family[1]!.options);
    // "Right after a restart": the process restarts at the onset (process_start_time_seconds changes there).
    const start = f.families.find((x) => x.name === 'process_start_time_seconds')!.series.find((s) => s.labels['job'] === family[1]!.leak.job)!;
    const k = f.timesMs.findIndex((t) => t >= family[1]!.leak.fromMs);
    expect(start.values[k]! * 1000).toBeGreaterThan(family[1]!.leak.fromMs - 60_000);
    expect(start.values[k - 1]).not.toBe(start.values[k]);
  });

  it('catches every leak of +2/min or more within 60 minutes and pages no healthy service', () => {
    const outcomes: string[] = [];
    for (const c of family) {
      const f = generateFixture(c.options);
      const series = f.families
        .filter((x) => x.name === 'go_goroutines' || x.name === 'process_start_time_seconds')
        .flatMap((fam) => fam.series.map((s) => ({ labels: labelsFromRecord({ __name__: s.metric, ...s.labels }), timestamps: f.timesMs, values: s.values })));
      const fit = fitThresholds({
        series,
        signal: SIGNAL,
        by: ['job'],
        method: 'envelope',
        directions: ['upper'],
        forMs: 5 * 60_000,
        season: 'day',
        exclude: [],
        endMs: c.fitEndMs,
      });
      if ('error' in fit) throw new Error(`${c.name}: ${fit.error}`);
      const run = fit.runs[0]!;
      expect(
        run.results.every((r) => r.error === undefined && r.backtest.alerts === 0),
        c.name,
      ).toBe(true);
      const text = emitRules({
        mode: 'alert',
        signal: SIGNAL,
        expr: fit.expr,
        by: ['job'],
        options: run.options,
        results: run.results,
        startMs: run.startMs,
        endMs: run.endMs,
        alertName: 'GoroutineLeak',
        severity: 'warning',
        recordName: 'promforge:goroutine_leak',
        restartGuardMs: fit.restartMaskMs,
        intervalMs: fit.stepMs,
      });
      const loaded = loadRuleText(text, 'leak.yml');
      expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const report = runDryrun({
        groups: evalGroupsFromRuleFile(loaded.file!),
        series,
        startMs: c.fitEndMs,
        expander: () => createTemplateExpander({ externalLabels: [], externalURL: '' }),
      });
      if ('error' in report) throw new Error(report.error);
      const pages = report.alerts.flatMap((a) =>
        a.instances.flatMap((i) => i.intervals.flatMap((iv) => (iv.firingAtMs === undefined ? [] : [{ job: i.labels['job'], at: iv.firingAtMs }]))),
      );
      const falsePages = pages.filter((p) => p.job !== c.leak.job || p.at < c.leak.fromMs);
      expect(falsePages, `${c.name}: pages on healthy services`).toEqual([]);
      const first = pages.find((p) => p.job === c.leak.job && p.at >= c.leak.fromMs);
      const delayMin = first === undefined ? undefined : (first.at - c.leak.fromMs) / 60_000;
      outcomes.push(`${c.name}: ${delayMin === undefined ? 'missed' : `${delayMin}m`} (restart mask ${fit.restartMaskMs / 60_000}m)`);
      if (c.leak.perMinute >= 2) {
        expect(delayMin, `${c.name}: detection delay`).toBeDefined();
        expect(delayMin!, `${c.name}: detection delay`).toBeLessThanOrEqual(60);
      }
    }
    expect(outcomes.length).toBe(21);
  }, 60_000);
});
