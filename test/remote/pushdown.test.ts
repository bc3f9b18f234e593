// Push-down mode: the server evaluates each rule's expression, promforge the
// rule machinery. Against Prometheus 2.42, on the shipped packs over a
// slice of the leak fixture, push-down must agree with local evaluation on
// every alert onset. Two differences are by design and kept out of the
// comparison (docs/remote.md): substituted recording rules have history on
// the server before --start, so onsets in the first `warm-up` (the longest
// chain of ranges over recording rules) may differ; and substituted
// subqueries run on a whole-interval grid, so evaluation starts on whole
// minutes. 2.x's closed windows are made left-open by the rewrite.
// A recording-rule chain three deep, none of it on the server, is
// substituted and agrees.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDryrun } from '../../src/dryrun/run.js';
import type { DryrunReport } from '../../src/dryrun/run.js';
import { loadRuleText } from '../../src/rulefmt/load.js';
import { evalGroupsFromRuleFile } from '../../src/rules/from-rulefmt.js';
import { createTemplateExpander } from '../../src/rules/template-expander.js';
import type { EvalGroup } from '../../src/rules/types.js';
import type { RecordedSeries } from '../../src/samples/types.js';
import { PromClient } from '../../src/remote/client.js';
import { resolveServer } from '../../src/remote/server-config.js';
import { evaluateOnServer } from '../../src/remote/pushdown.js';
import { PROMETHEUS_BIN, PROMTOOL_BIN, PrometheusServer, binariesPresent } from '../differential/prometheus-server.js';
import { leakSlice, shippedPacks, toOpenMetrics } from './leak-slice.js';

const expander = () => createTemplateExpander({ externalLabels: [], externalURL: '' });

function local(groups: readonly EvalGroup[], series: readonly RecordedSeries[], startMs: number, endMs: number): DryrunReport {
  const r = runDryrun({ groups, series, startMs, endMs, expander });
  if ('error' in r) throw new Error(r.error);
  return r;
}

async function pushdown(server: PrometheusServer, groups: readonly EvalGroup[], startMs: number, endMs: number) {
  const resolved = resolveServer({ url: `http://127.0.0.1:${server.port}` }, process.cwd(), {});
  if ('error' in resolved) throw new Error(resolved.error);
  const client = new PromClient(resolved.options);
  try {
    const p = await evaluateOnServer(client, { groups, startMs, endMs, defaultIntervalMs: 60_000 });
    if (!p.ok) throw new Error(p.error.message);
    const r = runDryrun({ groups, series: [], startMs, endMs, expander, backend: p.backend });
    if ('error' in r) throw new Error(r.error);
    return { report: r, ...p };
  } finally {
    client.close();
  }
}

/** `group/alert{labels}` → pending and firing times of its intervals that start at or after `fromMs`. */
function onsets(r: DryrunReport, fromMs: number): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of r.alerts) {
    for (const i of a.instances) {
      const ivs = i.intervals.filter((iv) => iv.pendingAtMs >= fromMs);
      if (ivs.length > 0) out.set(`${a.group}/${a.name}${JSON.stringify(i.labels)}`, ivs.map((iv) => `${iv.pendingAtMs}/${iv.firingAtMs ?? '-'}`).join(' '));
    }
  }
  return out;
}

function differences(want: Map<string, string>, have: Map<string, string>): string[] {
  return [...new Set([...want.keys(), ...have.keys()])]
    .filter((k) => want.get(k) !== have.get(k))
    .map((k) => `${k}: local ${want.get(k)}, server ${have.get(k)}`);
}

const present = binariesPresent(PROMETHEUS_BIN, PROMTOOL_BIN);
if (!present) console.warn(`notice: ${PROMETHEUS_BIN} or ${PROMTOOL_BIN} missing: push-down tests skipped`);

describe.skipIf(!present)('push-down against Prometheus 2.42', () => {
  const packs = shippedPacks();
  const slice = leakSlice(false, { from: '2026-01-08T07:00:00Z', to: '2026-01-08T14:00:00Z' });
  const start = slice.startMs - 30_000; // whole minutes: the grid of substituted subqueries
  let server: PrometheusServer;
  beforeAll(async () => {
    server = await PrometheusServer.start(toOpenMetrics(slice.series), 120_000);
  }, 180_000);
  afterAll(() => server?.stop());

  it('agrees with local evaluation on every alert onset of the shipped packs', async () => {
    // The anomaly chain reads recording rules over 1h twice.
    const warmUp = start + 2 * 3_600_000;
    const localReport = local(packs.groups, slice.series, start, slice.endMs);
    const want = onsets(localReport, warmUp);
    const got = await pushdown(server, packs.groups, start, slice.endMs);
    expect(got.ruleErrors).toEqual([]);
    expect(got.warnings.some((w) => w.includes('Prometheus 2.42'))).toBe(true);
    expect(differences(want, onsets(got.report, warmUp))).toEqual([]);
    // Not vacuous: the leak alert fires after the warm-up, and the anomaly chain was substituted.
    expect([...want].some(([k, v]) => k.startsWith('go-runtime/GoroutineLeak') && /\/\d/.test(v))).toBe(true);
    expect(got.queries.find((q) => q.rule === 'HTTPTrafficAnomaly')!.query).toContain('quantile_over_time');
  }, 60_000);

  it('substitutes a recording-rule chain three deep that the server does not have', async () => {
    const text = [
      'groups:',
      '  - name: chain',
      '    rules:',
      '      - record: job:requests:rate5m',
      '        expr: sum by (job) (rate(http_requests_total[5m]))',
      '      - record: job:requests:avg10m',
      '        expr: avg_over_time(job:requests:rate5m[10m])',
      '        labels: { tier: web }',
      '      - record: job:requests:ratio',
      '        expr: job:requests:rate5m / on (job) job:requests:avg10m{tier="web"}',
      '      - alert: RequestRateJump',
      '        expr: job:requests:ratio{job!="svc-02"} > 1.01',
      '        for: 2m',
      '',
    ].join('\n');
    const groups = evalGroupsFromRuleFile(loadRuleText(text, 'chain.yml').file!);
    const warmUp = start + 10 * 60_000;
    const want = onsets(local(groups, slice.series, start, slice.endMs), warmUp);
    const got = await pushdown(server, groups, start, slice.endMs);
    expect(got.ruleErrors).toEqual([]);
    const alertQuery = got.queries.find((q) => q.rule === 'RequestRateJump')!.query;
    for (const name of ['job:requests:rate5m', 'job:requests:avg10m', 'job:requests:ratio']) expect(alertQuery).toContain(`"${name}"`);
    expect(alertQuery).toContain('http_requests_total');
    expect([...want.values()].some((v) => /\/\d/.test(v))).toBe(true);
    expect([...want.keys()].some((k) => k.includes('svc-02'))).toBe(false);
    expect(differences(want, onsets(got.report, warmUp))).toEqual([]);
  }, 60_000);
});
