// The acceptance scenario: fit a slope threshold with a 0/week budget on the
// healthy week of the shipped leak fixture, emit the rules, and dry-run them:
// they must fire on the leaking service within 60 minutes of the leak's onset,
// never on a healthy service, and agree with the reported backtest.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import path from 'node:path';
import { generateFixture, leakScenario } from '../../src/fixtures/generate.js';
import type { GeneratedFixture } from '../../src/fixtures/generate.js';
import { openMetricsChunks } from '../../src/fixtures/openmetrics-writer.js';
import { labelsFromRecord } from '../../src/model/labels.js';
import type { RecordedSeries } from '../../src/samples/types.js';
import { evaluateSignal } from '../../src/thresholds/signal.js';
import { fitGroup } from '../../src/thresholds/fit.js';
import { emitRules } from '../../src/thresholds/emit-rules.js';
import { loadRuleText } from '../../src/rulefmt/load.js';
import { evalGroupsFromRuleFile } from '../../src/rules/from-rulefmt.js';
import { runDryrun } from '../../src/dryrun/run.js';
import { createTemplateExpander } from '../../src/rules/template-expander.js';

const FIXTURES = path.resolve(__dirname, '../../fixtures/leak');

function recorded(f: GeneratedFixture, families: readonly string[]): RecordedSeries[] {
  return f.families
    .filter((fam) => families.includes(fam.name))
    .flatMap((fam) => fam.series.map((s) => ({ labels: labelsFromRecord({ __name__: s.metric, ...s.labels }), timestamps: f.timesMs, values: s.values })));
}

async function sha256OfGzip(file: string): Promise<string> {
  const hash = createHash('sha256');
  // 1 MiB chunks: with the defaults the loop waits on ~20,000 small ones (1.5–1.8 → 0.26–0.33 s per file).
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }).pipe(createGunzip({ chunkSize: 1 << 20 }))) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

describe('leak scenario', () => {
  const scenario = leakScenario();
  const healthy = generateFixture(scenario.healthy);
  const leak = generateFixture(scenario.leak);

  it.skipIf(!existsSync(path.join(FIXTURES, 'leak.om.gz')))('ships fixtures that the generator reproduces byte for byte', async () => {
    for (const [name, fixture] of [
      ['healthy', healthy],
      ['leak', leak],
    ] as const) {
      const hash = createHash('sha256');
      for (const chunk of openMetricsChunks(fixture)) hash.update(chunk);
      expect(await sha256OfGzip(path.join(FIXTURES, `${name}.om.gz`)), name).toBe(hash.digest('hex'));
    }
    const events = JSON.parse(readFileSync(path.join(FIXTURES, 'events.json'), 'utf8')) as { leak: { leaks: unknown[] } };
    expect(events.leak.leaks).toEqual([
      { service: 'svc-07', kind: 'goroutines', from: '2026-01-08T10:30:00.000Z' },
      { service: 'svc-13', kind: 'heap', from: '2026-01-07T14:00:00.000Z' },
    ]);
  });

  it('fits on the healthy week, fires on the leak within 60 minutes and never on healthy services', () => {
    const families = ['go_goroutines', 'process_start_time_seconds'];
    const signalText = 'deriv(go_goroutines[30m])';
    const common = { signal: signalText, stepMs: 60_000, by: ['job'], exclude: [], restartMaskMs: 30 * 60_000 };
    const fitted = evaluateSignal({ ...common, series: recorded(healthy, families) });
    if ('error' in fitted) throw new Error(fitted.error);
    const options = { method: 'slope' as const, direction: 'upper' as const, forMs: 10 * 60_000, stepMs: 60_000, budgetPerWeek: 0 };
    const results = fitted.groups.map((g) => fitGroup(g, options));
    expect(results.every((r) => r.error === undefined && r.backtest.alerts === 0)).toBe(true);

    const text = emitRules({
      mode: 'alert',
      signal: signalText,
      expr: fitted.expr,
      by: ['job'],
      options,
      results,
      startMs: fitted.times[0]!,
      endMs: fitted.times[fitted.times.length - 1]!,
      alertName: 'GoroutineLeak',
      severity: 'warning',
      recordName: 'promforge:goroutine_leak',
      restartGuardMs: 30 * 60_000,
    });
    const loaded = loadRuleText(text, 'emitted.yml');
    expect(loaded.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    const groups = evalGroupsFromRuleFile(loaded.file!);
    const expander = () => createTemplateExpander({ externalLabels: [], externalURL: '' });

    const onLeak = runDryrun({ groups, series: recorded(leak, families), expander });
    if ('error' in onLeak) throw new Error(onLeak.error);
    const firing = onLeak.alerts.flatMap((a) => a.instances.filter((i) => i.firings > 0));
    expect(firing.map((i) => i.labels['job'])).toEqual(['svc-07']);
    const onset = Date.parse('2026-01-08T10:30:00Z');
    const firstFiring = firing[0]!.intervals.find((iv) => iv.firingAtMs !== undefined)!.firingAtMs!;
    expect(firstFiring).toBeGreaterThanOrEqual(onset);
    expect(firstFiring - onset).toBeLessThanOrEqual(60 * 60_000);

    // The dry-run of the emitted rules over the fitting week agrees with the backtest: no alert.
    const onHealthy = runDryrun({ groups, series: recorded(healthy, families), expander });
    if ('error' in onHealthy) throw new Error(onHealthy.error);
    expect(onHealthy.alerts.flatMap((a) => a.instances).reduce((n, i) => n + i.firings, 0)).toBe(results.reduce((n, r) => n + r.backtest.alerts, 0));
  }, 240_000);
});
