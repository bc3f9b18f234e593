// Fetch mode: the raw samples the shipped packs read, fetched from a real
// Prometheus 2.42 (backfilled with promtool) and a real VictoriaMetrics
// (imported through its API), give the same dry-run, alert timeline JSON
// and all, as the dry-run over the samples themselves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDryrun } from '../../src/dryrun/run.js';
import { dryrunJson } from '../../src/dryrun/format.js';
import { createTemplateExpander } from '../../src/rules/template-expander.js';
import type { RecordedSeries } from '../../src/samples/types.js';
import { PromClient } from '../../src/remote/client.js';
import { resolveServer } from '../../src/remote/server-config.js';
import { fetchSeriesForRules } from '../../src/remote/source.js';
import { PROMETHEUS_BIN, PROMTOOL_BIN, PrometheusServer, binariesPresent } from '../differential/prometheus-server.js';
import { VictoriaMetricsServer, victoriaMetricsPresent } from './victoria-metrics.js';
import { LONG, leakSlice, shippedPacks, toOpenMetrics } from './leak-slice.js';

const slice = leakSlice();
const packs = shippedPacks();

function dryrun(series: readonly RecordedSeries[]) {
  const r = runDryrun({
    groups: packs.groups,
    series,
    startMs: slice.startMs,
    endMs: slice.endMs,
    expander: () => createTemplateExpander({ externalLabels: [], externalURL: '' }),
  });
  if ('error' in r) throw new Error(r.error);
  return r;
}

async function fetchFrom(url: string) {
  const resolved = resolveServer({ url }, process.cwd(), {});
  if ('error' in resolved) throw new Error(resolved.error);
  const client = new PromClient(resolved.options);
  try {
    const r = await fetchSeriesForRules(client, { groups: packs.groups, startMs: slice.startMs, endMs: slice.endMs });
    if (!r.ok) throw new Error(r.error.message);
    return r;
  } finally {
    client.close();
  }
}

const expectedReport = dryrun(slice.series);
const expected = dryrunJson(expectedReport);
const timeout = LONG ? 1_200_000 : 60_000;

describe.skipIf(!binariesPresent(PROMETHEUS_BIN, PROMTOOL_BIN))('fetch mode against Prometheus 2.42', () => {
  let server: PrometheusServer;
  beforeAll(async () => {
    server = await PrometheusServer.start(toOpenMetrics(slice.series), 120_000);
  }, 180_000);
  afterAll(() => server?.stop());

  it(
    'gives the same dry-run as the samples file',
    async () => {
      expect(expectedReport.alerts.some((a) => a.instances.some((i) => i.firings > 0))).toBe(true);
      const r = await fetchFrom(`http://127.0.0.1:${server.port}`);
      expect(r.warnings).toEqual([]);
      expect(dryrunJson(dryrun(r.series))).toEqual(expected);
    },
    timeout,
  );
});

describe.skipIf(!victoriaMetricsPresent())('fetch mode against VictoriaMetrics', () => {
  let server: VictoriaMetricsServer;
  beforeAll(async () => {
    server = await VictoriaMetricsServer.start();
    await server.import(slice.series);
  }, 180_000);
  afterAll(() => server?.stop());

  it(
    'gives the same dry-run as the samples file',
    async () => {
      const r = await fetchFrom(server.url);
      expect(r.warnings).toEqual([]);
      expect(dryrunJson(dryrun(r.series))).toEqual(expected);
    },
    timeout,
  );
});

if (!binariesPresent(PROMETHEUS_BIN, PROMTOOL_BIN)) console.warn(`notice: ${PROMETHEUS_BIN} or ${PROMTOOL_BIN} missing: Prometheus fetch-mode tests skipped`);
if (!victoriaMetricsPresent()) console.warn('notice: victoria-metrics missing: VictoriaMetrics fetch-mode tests skipped');
