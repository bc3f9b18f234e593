// Fault injection between promforge and a real Prometheus 2.42, through a
// loopback proxy (fault-proxy.ts): each fault gives a clear message and exit
// code, retries are bounded in count and time, and no output file (not even
// a temporary one) is left behind by a run that failed or was interrupted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/program.js';
import { captureIo } from '../../src/cli/io.js';
import { labelsFromRecord } from '../../src/model/labels.js';
import { loadRuleText } from '../../src/rulefmt/load.js';
import { evalGroupsFromRuleFile } from '../../src/rules/from-rulefmt.js';
import type { RecordedSeries } from '../../src/samples/types.js';
import { PromClient } from '../../src/remote/client.js';
import { resolveServer, type ServerSpec } from '../../src/remote/server-config.js';
import { fetchSeriesForRules } from '../../src/remote/source.js';
import { PROMETHEUS_BIN, PROMTOOL_BIN, PrometheusServer, binariesPresent } from '../differential/prometheus-server.js';
import { FaultProxy } from './fault-proxy.js';
import { toOpenMetrics } from './leak-slice.js';

const T0 = Date.UTC(2026, 0, 5);
const STEP = 15_000;
const N = 6 * 240; // six hours at 15 s
function dataset(): RecordedSeries[] {
  const timestamps = Float64Array.from({ length: N }, (_, i) => T0 + i * STEP);
  return Array.from({ length: 8 }, (_, k) => ({
    labels: labelsFromRecord({ __name__: 'queue_depth', job: 'worker', instance: `w-${k}` }),
    timestamps,
    values: Float64Array.from({ length: N }, (_, i) => (i * (k + 1)) % 97),
  }));
}
const RULES = 'groups:\n  - name: q\n    rules:\n      - alert: QueueDeep\n        expr: max_over_time(queue_depth[10m]) > 90\n        for: 5m\n';
const groups = evalGroupsFromRuleFile(loadRuleText(RULES, 'q.yml').file!);
const startMs = T0 + 3_600_000;
const endMs = T0 + (N - 1) * STEP;
const range = ['--start', String(startMs / 1000), '--end', String(endMs / 1000)];

const present = binariesPresent(PROMETHEUS_BIN, PROMTOOL_BIN);
if (!present) console.warn(`notice: ${PROMETHEUS_BIN} or ${PROMTOOL_BIN} missing: fault-injection tests skipped`);

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 1));
    });
  });
}

describe.skipIf(!present)('faults between promforge and the server', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'promforge-faults-'));
  writeFileSync(path.join(dir, 'q.yml'), RULES);
  let server: PrometheusServer;
  let limited: PrometheusServer;
  let proxy: FaultProxy;
  beforeAll(async () => {
    const om = toOpenMetrics(dataset());
    [server, limited] = await Promise.all([PrometheusServer.start(om, 60_000), PrometheusServer.start(om, 60_000, ['--query.max-samples=2000'])]);
    proxy = await FaultProxy.start(`http://127.0.0.1:${server.port}`);
    writeFileSync(
      path.join(dir, '.promforge.yaml'),
      `prometheus:\n  - name: faulty\n    url: ${proxy.url}\n    retries: 2\n    timeout: 500ms\n  - name: down\n    url: http://127.0.0.1:${await closedPort()}\n    retries: 2\n`,
    );
  }, 120_000);
  afterAll(async () => {
    await proxy?.stop();
    server?.stop();
    limited?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const record = async (name: string) => {
    const io = captureIo({ cwd: dir });
    const t = Date.now();
    const code = await runCli(['record', 'q.yml', '--prometheus', name, ...range, '-o', 'out.om.gz'], io);
    return { code, err: io.err.join(''), ms: Date.now() - t, files: readdirSync(dir).filter((f) => f.includes('out.om')) };
  };
  const fetchWith = async (spec: ServerSpec) => {
    const resolved = resolveServer(spec, dir, {});
    if ('error' in resolved) throw new Error(resolved.error);
    const client = new PromClient(resolved.options);
    try {
      return await fetchSeriesForRules(client, { groups, startMs, endMs }, { initialChunkMs: 3_600_000 });
    } finally {
      client.close();
    }
  };
  const expectedSeries = async () => {
    proxy.set({ kind: 'pass' });
    const r = await fetchWith({ url: `http://127.0.0.1:${server.port}` });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.series.reduce((n, s) => n + s.timestamps.length, 0)).toBeGreaterThan(1000);
    return r.series;
  };

  it('server unreachable: exit 2, "cannot reach", bounded retries, no file', async () => {
    const r = await record('down');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot reach http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED \(gave up after 3 attempts\); out\.om\.gz not written/);
    expect(r.ms).toBeLessThan(10_000);
    expect(r.files).toEqual([]);
  });

  it('4xx: the server error text, no retry, no file', async () => {
    const text = '{"status":"error","errorType":"bad_data","error":"invalid parameter \\"query\\": 1:14: parse error: unexpected character"}';
    proxy.set({ kind: 'status', status: 400, body: text, times: Infinity });
    const r = await record('faulty');
    expect(r.code).toBe(2);
    expect(r.err).toContain('HTTP 400: bad_data: invalid parameter "query": 1:14: parse error: unexpected character');
    expect(proxy.requests).toBe(1);
    expect(r.files).toEqual([]);
    proxy.set({ kind: 'status', status: 401, body: 'Unauthorized\n', times: Infinity });
    const auth = await record('faulty');
    expect(auth.err).toContain('HTTP 401: Unauthorized');
    expect(proxy.requests).toBe(1);
  });

  it('5xx: retried with backoff, bounded in count and time', async () => {
    proxy.set({ kind: 'status', status: 503, body: 'service unavailable: overloaded', times: Infinity });
    const r = await record('faulty');
    expect(r.code).toBe(2);
    expect(r.err).toContain('HTTP 503: service unavailable: overloaded (gave up after 3 attempts)');
    expect(proxy.requests).toBe(3);
    expect(r.ms).toBeLessThan(5_000);
    expect(r.files).toEqual([]);
    // A transient failure is recovered: same series as without it.
    const want = await expectedSeries();
    proxy.set({ kind: 'status', status: 502, body: 'bad gateway', times: 2 });
    const got = await fetchWith({ url: proxy.url, retries: 2 });
    expect(got.ok && got.series).toEqual(want);
  });

  it('timeouts: retried, bounded, then a clear message', async () => {
    proxy.set({ kind: 'hang', times: Infinity });
    const r = await record('faulty');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no complete answer within 500 ms \(gave up after 3 attempts\)/);
    expect(proxy.requests).toBe(3);
    expect(r.ms).toBeLessThan(6_000);
    expect(r.files).toEqual([]);
    const want = await expectedSeries();
    proxy.set({ kind: 'hang', times: 1 });
    const got = await fetchWith({ url: proxy.url, retries: 2, timeout: '500ms' });
    expect(got.ok && got.series).toEqual(want);
  });

  it('partial responses: a cut body is retried; warnings are reported', async () => {
    const want = await expectedSeries();
    proxy.set({ kind: 'truncate', times: 1 });
    const got = await fetchWith({ url: proxy.url, retries: 2 });
    expect(got.ok && got.series).toEqual(want);
    proxy.set({ kind: 'truncate', times: Infinity });
    const cut = await record('faulty');
    expect(cut.code).toBe(2);
    expect(cut.err).toMatch(/closed the connection mid-response|response cut short|connection failed/);
    expect(cut.files).toEqual([]);
    proxy.set({ kind: 'warn', warnings: ['partial response: store 10.0.0.9:10901 unavailable'] });
    const warned = await record('faulty');
    expect(warned.code).toBe(0);
    expect(warned.err).toContain(`promforge record: warning: ${proxy.url}: partial response: store 10.0.0.9:10901 unavailable`);
    rmSync(path.join(dir, 'out.om.gz'));
  });

  it('a response too large is fetched in smaller chunks, same samples', async () => {
    const want = await expectedSeries();
    const small = await fetchWith({ url: `http://127.0.0.1:${server.port}`, maxResponseBytes: 16 * 1024 });
    expect(small.ok && small.stats.splits).toBeGreaterThan(0);
    expect(small.ok && small.series).toEqual(want);
    // The server's own limit (422: too many samples) splits as well.
    const capped = await fetchWith({ url: `http://127.0.0.1:${limited.port}` });
    expect(capped.ok && capped.stats.splits).toBeGreaterThan(0);
    expect(capped.ok && capped.series).toEqual(want);
  });

  it('an interrupted run writes nothing and leaves an earlier recording as it was', async () => {
    const earlier = path.join(dir, 'out.om.gz');
    writeFileSync(earlier, 'an earlier recording');
    proxy.set({ kind: 'slow', delayMs: 1_000 });
    const io = captureIo({ cwd: dir });
    const running = runCli(['record', 'q.yml', '--prometheus', 'faulty', ...range, '-o', 'out.om.gz'], io);
    while (proxy.requests === 0) await new Promise((r) => setTimeout(r, 20));
    process.emit('SIGINT');
    const code = await running;
    expect(code).toBe(2);
    expect(io.err.join('')).toContain('interrupted: out.om.gz not written');
    expect(readdirSync(dir).filter((f) => f.includes('out.om'))).toEqual(['out.om.gz']);
    expect(readFileSync(earlier, 'utf8')).toBe('an earlier recording');
  });
});
