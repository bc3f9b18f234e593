// The engine on its own: range queries over 1,000 series × 10,080 samples.
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { timeInProcess } from '../harness.mjs';
import { skipped } from '../lib.mjs';

export const description =
  '`sum by (job) (rate(x[5m]))` and `deriv(g[30m])` over 1,000 series × 10,080 samples (a week at 1m), evaluated as range queries at 1m steps, in process.';
export const target = '≥ 50M samples/s on one core; ≤ 24 bytes per stored sample';

export async function run({ root }) {
  const dist = (p) => pathToFileURL(path.join(root, 'dist', p)).href;
  let engine;
  try {
    engine = await import(dist('engine/index.js'));
  } catch {
    return skipped('dist/engine is not built');
  }
  const { labelsFromRecord } = await import(dist('model/labels.js'));
  const SERIES = 1000;
  const N = 10080;
  const STEP = 60_000;
  const storage = new engine.Storage();
  const ts = new Float64Array(N);
  for (let i = 0; i < N; i++) ts[i] = i * STEP;
  const before = process.memoryUsage().arrayBuffers;
  for (let s = 0; s < SERIES; s++) {
    const counter = new Float64Array(N);
    const gauge = new Float64Array(N);
    let c = 0;
    for (let i = 0; i < N; i++) {
      c += 1 + ((s * 7 + i * 13) % 17);
      counter[i] = c;
      gauge[i] = 100 + ((s * 31 + i * 7) % 50);
    }
    storage.appendMany(labelsFromRecord({ __name__: 'x', job: `job-${s % 20}`, instance: `i-${s}` }), ts, counter);
    storage.appendMany(labelsFromRecord({ __name__: 'g', job: `job-${s % 20}`, instance: `i-${s}` }), ts, gauge);
  }
  const stored = storage.sampleCount;
  const bytesPerSample = storage.sampleBytes / stored;
  const external = (process.memoryUsage().arrayBuffers - before) / stored;
  const queries = [
    ['sum by (job) (rate(x[5m]))', 5],
    ['deriv(g[30m])', 30],
  ];
  const metrics = {
    'stored samples': stored,
    'bytes per stored sample (columns)': bytesPerSample.toFixed(1),
    'bytes per stored sample (array buffers)': external.toFixed(1),
  };
  const summaries = [];
  for (const [q, windowMinutes] of queries) {
    const t = timeInProcess(
      () => {
        const r = engine.evaluateRange(q, 0, (N - 1) * STEP, STEP, storage);
        if ('error' in r) throw new Error(r.error.message);
        return r;
      },
      { runs: 5, warmup: 1 },
    );
    const scanned = SERIES * N; // each stored sample of the selected metric, once per query
    const windowSamples = SERIES * N * windowMinutes; // samples inside the windows, summed over steps
    const perSec = scanned / t.wall.median;
    metrics[`${q}: median`] = `${(t.wall.median * 1000).toFixed(0)} ms`;
    metrics[`${q}: stored samples/s`] = `${(perSec / 1e6).toFixed(1)}M`;
    metrics[`${q}: window samples/s`] = `${(windowSamples / t.wall.median / 1e6).toFixed(0)}M`;
    summaries.push(`${q}: ${(perSec / 1e6).toFixed(0)}M samples/s`);
  }
  return { commands: [], summary: `${summaries.join('; ')}; ${bytesPerSample.toFixed(1)} bytes/sample`, metrics };
}
