// Fetch mode's throughput: raw samples fetched from a local Prometheus (Debian's
// 2.42, backfilled with promtool) and decoded into promforge's series, per
// second, and the memory each fetched sample costs once decoded.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { skipped } from '../lib.mjs';

export const description =
  'Raw samples of 400 series × 12 h at 15 s (1.15M samples) fetched from a local Prometheus 2.42 by `fetchRawSamples` (instant queries of range selectors, chunked) and decoded, in process.';
export const target = '≥ 1M samples/s fetched and decoded; memory per fetched sample reported';

const PROMETHEUS = process.env.PROMETHEUS ?? '/usr/bin/prometheus';
const PROMTOOL = process.env.PROMTOOL ?? '/usr/bin/promtool';
const SERIES = 400;
const STEP_S = 15;
const POINTS = (12 * 3600) / STEP_S;
const START_S = 1_767_571_200; // 2026-01-05T00:00:00Z

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function openMetrics() {
  const lines = ['# TYPE bench_requests counter'];
  for (let s = 0; s < SERIES; s++) {
    let c = 0;
    const prefix = `bench_requests_total{job="job-${s % 10}",instance="10.0.${s >> 8}.${s & 255}:9100"} `;
    for (let i = 0; i < POINTS; i++) {
      c += (s * 7 + i * 13) % 17;
      lines.push(`${prefix}${c} ${START_S + i * STEP_S}`);
    }
  }
  lines.push('# EOF', '');
  return lines.join('\n');
}

async function waitReady(port, child, deadlineMs) {
  while (Date.now() < deadlineMs) {
    if (child.exitCode !== null) throw new Error('prometheus exited early');
    try {
      if ((await fetch(`http://127.0.0.1:${port}/-/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('prometheus not ready');
}

export async function run({ root, workDir }) {
  if (!existsSync(PROMETHEUS) || !existsSync(PROMTOOL)) return skipped(`${PROMETHEUS} or ${PROMTOOL} missing (apt-get install -y prometheus)`);
  const dist = (p) => pathToFileURL(path.join(root, 'dist', p)).href;
  let fetchMod, clientMod, configMod;
  try {
    [fetchMod, clientMod, configMod] = await Promise.all([
      import(dist('remote/fetch-samples.js')),
      import(dist('remote/client.js')),
      import(dist('remote/server-config.js')),
    ]);
  } catch {
    return skipped('dist/remote is not built');
  }
  const dir = path.join(workDir, 'remote-fetch');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'data.om'), openMetrics());
  const backfill = spawnSync(PROMTOOL, ['tsdb', 'create-blocks-from', 'openmetrics', path.join(dir, 'data.om'), path.join(dir, 'tsdb')], { encoding: 'utf8' });
  if (backfill.status !== 0) return skipped(`promtool backfill failed: ${backfill.stderr}`);
  writeFileSync(path.join(dir, 'prometheus.yml'), 'global:\n  evaluation_interval: 1m\n');
  const port = await freePort();
  const child = spawn(
    PROMETHEUS,
    [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'tsdb')}`,
      '--storage.tsdb.retention.time=100y',
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: 'ignore' },
  );
  try {
    await waitReady(port, child, Date.now() + 120_000);
    const resolved = configMod.resolveServer(configMod.pickServer(`http://127.0.0.1:${port}`, []), dir, process.env);
    if ('error' in resolved) throw new Error(resolved.error);
    const ranges = [{ selector: '{__name__="bench_requests_total"}', fromMs: START_S * 1000, toMs: (START_S + POINTS * STEP_S) * 1000 }];
    const once = async () => {
      const client = new clientMod.PromClient(resolved.options);
      try {
        const t0 = process.hrtime.bigint();
        const r = await fetchMod.fetchRawSamples(client, ranges);
        const s = Number(process.hrtime.bigint() - t0) / 1e9;
        if (!r.ok) throw new Error(JSON.stringify(r.error));
        return { s, r };
      } finally {
        client.close();
      }
    };
    await once(); // warm-up: the server's page cache, our JIT
    const walls = [];
    let last;
    for (let i = 0; i < 5; i++) {
      last = await once();
      walls.push(last.s);
    }
    walls.sort((a, b) => a - b);
    const median = walls[2];
    const samples = last.r.series.reduce((n, x) => n + x.values.length, 0);
    if (samples !== SERIES * POINTS) throw new Error(`fetched ${samples} samples, expected ${SERIES * POINTS}`);
    // Memory the decoded result holds: measured on a fresh fetch after a GC, where the runtime allows it.
    globalThis.gc?.();
    const before = process.memoryUsage();
    const kept = await once();
    globalThis.gc?.();
    const after = process.memoryUsage();
    const heldBytes = after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers);
    const perSec = samples / median;
    const metrics = {
      'samples fetched': samples,
      requests: kept.r.stats.requests,
      'response bytes': kept.r.stats.bytes,
      'wall (median of 5)': `${(median * 1000).toFixed(0)} ms`,
      'samples/s fetched and decoded': `${(perSec / 1e6).toFixed(2)}M`,
      'response bytes per sample': (kept.r.stats.bytes / samples).toFixed(1),
      'bytes held per decoded sample': globalThis.gc ? (heldBytes / samples).toFixed(1) : 'n/a (run with --expose-gc)',
    };
    return { summary: `${(perSec / 1e6).toFixed(2)}M samples/s (${(median * 1000).toFixed(0)} ms for ${samples} samples)`, commands: [], metrics };
  } finally {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}
