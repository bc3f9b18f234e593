// Threshold fitting at scale: 1,000 series × 7 days at 1m with the budget search.
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { timeInProcess } from '../harness.mjs';
import { skipped } from '../lib.mjs';

export const description =
  'Fitting `go_goroutines` per job with the budget search (`--budget 1/week --for 10m`, mad method) over 1,000 series × 7 days at 1m, in process: signal evaluation plus fitting.';
export const target = '< 10 s on one core';

export async function run({ root }) {
  const dist = (p) => pathToFileURL(path.join(root, 'dist', p)).href;
  let gen;
  try {
    gen = await import(dist('fixtures/generate.js'));
  } catch {
    return skipped('dist/ is not built');
  }
  const { labelsFromRecord } = await import(dist('model/labels.js'));
  const { evaluateSignal } = await import(dist('thresholds/signal.js'));
  const { fitGroup } = await import(dist('thresholds/fit.js'));
  // 1,000 services' goroutine gauges from the fixture generator.
  const fixture = gen.generateFixture({ seed: 7, services: 1000, startMs: gen.DEFAULT_START_MS, days: 7, stepMs: 60_000 });
  const fam = fixture.families.find((f) => f.name === 'go_goroutines');
  const series = fam.series.map((s) => ({ labels: labelsFromRecord({ __name__: s.metric, ...s.labels }), timestamps: fixture.timesMs, values: s.values }));
  const options = { method: 'mad', direction: 'upper', forMs: 600_000, stepMs: 60_000, budgetPerWeek: 1 };
  const t = timeInProcess(
    () => {
      const sig = evaluateSignal({ signal: 'go_goroutines', series, stepMs: 60_000, by: ['job'], exclude: [], restartMaskMs: 0 });
      if ('error' in sig) throw new Error(sig.error);
      return sig.groups.map((g) => fitGroup(g, options));
    },
    { runs: 3, warmup: 1 },
  );
  const failed = t.result.filter((r) => r.error).length;
  return {
    commands: [],
    summary: `${t.wall.median.toFixed(2)} s for ${series.length} series × ${fixture.timesMs.length} samples (${t.result.length} groups, ${failed} without a fit)`,
    metrics: {
      series: series.length,
      'samples per series': fixture.timesMs.length,
      groups: t.result.length,
      'median s': t.wall.median.toFixed(2),
      'min s': t.wall.min.toFixed(2),
      'max s': t.wall.max.toFixed(2),
    },
  };
}
