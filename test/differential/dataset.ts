// Deterministic test data for the differential tests: a few dozen series of
// several jobs and instances (counters with resets, gauges, a classic
// histogram, series that start late or have gaps), in one of two layouts.
// JITTERED: every sample timestamp off the whole second and off the half
// second; queries are only ever evaluated at `….500` s with whole-second
// ranges, offsets and subquery steps, so no window boundary ever coincides
// with a sample and Prometheus 2.x's closed windows agree with 3.x's
// left-open ones. ON_GRID: every sample exactly on a 5 s grid that the
// queries are evaluated on too, so window and lookback boundaries land on
// samples, which only the engine's 2.x mode includes as 2.42 does; some
// counters start near zero (2.x's zero-limited rate extrapolation applies).

import { Rng } from './rng.js';

/** 2023-11-14T22:13:20Z: recent enough for a 100y retention, fixed for reproducibility. */
export const DATA_START_MS = 1_700_000_000_000;
export const DATA_SPAN_MS = 3 * 3600 * 1000;
const SCRAPE_INTERVAL_MS = 15_000;
/** The on-grid layout's evaluation grid; scrape phases and the scrape interval are multiples of it. */
export const GRID_MS = 5_000;

export interface DatasetLayout {
  readonly startMs: number;
  readonly onGrid: boolean;
}

export const JITTERED: DatasetLayout = { startMs: DATA_START_MS, onGrid: false };
/**
 * A day after the jittered data, so both can be served by one server: no
 * generated query reaches back more than a few hours (1h ranges, 1h offsets,
 * 1h subqueries), and range queries run at most ~7h forward.
 */
export const ON_GRID: DatasetLayout = { startMs: DATA_START_MS + 24 * 3600_000, onGrid: true };

export interface GeneratedSeries {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly timestamps: number[];
  readonly values: number[];
}

export interface MetricFamily {
  readonly name: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  readonly series: GeneratedSeries[];
}

interface Target {
  readonly job: string;
  readonly instance: string;
  /** Scrape timestamps shared by every metric of the target, as a real scrape would. */
  readonly times: number[];
}

/** Bucket bounds written as Prometheus 3.x would normalise them, so both versions see the same `le` text. */
export const BUCKET_BOUNDS: readonly string[] = ['0.05', '0.1', '0.25', '0.5', '1.0', '2.5', '5.0', '+Inf'];

const TARGETS: readonly { job: string; instance: string }[] = [
  { job: 'api', instance: 'a:8080' },
  { job: 'api', instance: 'b:8080' },
  { job: 'api', instance: 'c:8080' },
  { job: 'worker', instance: 'w1:9100' },
  { job: 'worker', instance: 'w2:9100' },
  { job: 'db', instance: 'db1:5432' },
];

/** A timestamp whose millisecond part is never 0 or 500 (the evaluation grid). */
function offGrid(ms: number): number {
  const r = ms % 1000;
  return r === 0 || r === 500 ? ms + 1 : ms;
}

function scrapeTimes(rng: Rng, layout: DatasetLayout): number[] {
  const start = layout.startMs;
  const out: number[] = [];
  if (layout.onGrid) {
    const phase = rng.int(0, SCRAPE_INTERVAL_MS / GRID_MS - 1) * GRID_MS;
    for (let t = start + phase; t < start + DATA_SPAN_MS; t += SCRAPE_INTERVAL_MS) out.push(t);
    return out;
  }
  const phase = rng.int(0, SCRAPE_INTERVAL_MS - 1);
  for (let k = 0; start + phase + k * SCRAPE_INTERVAL_MS < start + DATA_SPAN_MS; k++) {
    out.push(offGrid(start + phase + k * SCRAPE_INTERVAL_MS + rng.int(-2500, 2500)));
  }
  return out;
}

/** Keeps the samples outside a random 8–20 minute gap (so lookback expires inside it). */
function withGap(rng: Rng, times: readonly number[], layout: DatasetLayout): { keep: (i: number) => boolean } {
  const from = layout.startMs + rng.int(30, 150) * 60_000;
  const to = from + rng.int(8, 20) * 60_000;
  return { keep: (i) => times[i]! < from || times[i]! > to };
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}

function counter(rng: Rng, times: readonly number[], ratePerSec: number, resetChance: number, layout: DatasetLayout): number[] {
  // Jittered counters start high and resets keep them high: when a window
  // starts more than 1.1 average intervals before its first sample,
  // Prometheus 2.x and 3.x extrapolate differently if that sample is near
  // zero (2.x limits the extrapolation to zero before the threshold check,
  // 3.x after). Far from zero the limit never applies. On the grid, where the
  // engine runs in 2.x mode, half the counters start near zero to exercise it.
  let v = layout.onGrid && rng.chance(0.5) ? round3(rng.next() * 20) : round3(1e5 + rng.next() * 1e6);
  return times.map(() => {
    if (rng.chance(resetChance)) v = round3(v * (0.3 + rng.next() * 0.3));
    else v = round3(v + rng.next() * ratePerSec * 2 * 15);
    return v;
  });
}

function gauge(rng: Rng, times: readonly number[], centre: number, spread: number): number[] {
  let v = centre;
  return times.map(() => {
    v = round3(v + (rng.next() - 0.5) * spread);
    return v;
  });
}

function series(
  name: string,
  labels: Record<string, string>,
  times: readonly number[],
  values: readonly number[],
  keep: (i: number) => boolean = () => true,
): GeneratedSeries {
  const ts: number[] = [];
  const vs: number[] = [];
  times.forEach((t, i) => {
    if (keep(i)) {
      ts.push(t);
      vs.push(values[i]!);
    }
  });
  return { name, labels, timestamps: ts, values: vs };
}

export function generateDataset(seed: number, layout: DatasetLayout = JITTERED): MetricFamily[] {
  const rng = new Rng(seed);
  const targets: Target[] = TARGETS.map((t) => ({ ...t, times: scrapeTimes(rng, layout) }));
  const requests: GeneratedSeries[] = [];
  const cpu: GeneratedSeries[] = [];
  const memory: GeneratedSeries[] = [];
  const temperature: GeneratedSeries[] = [];
  const up: GeneratedSeries[] = [];
  const queue: GeneratedSeries[] = [];
  const duration: GeneratedSeries[] = [];

  for (const t of targets) {
    const base = { job: t.job, instance: t.instance };
    const methods = t.job === 'api' ? ['GET', 'POST'] : t.job === 'worker' ? ['GET'] : [];
    for (const method of methods) {
      for (const code of t.job === 'api' ? ['200', '500'] : ['200']) {
        const rate = code === '500' ? 0.3 : 5 + rng.next() * 20;
        requests.push(series('http_requests_total', { ...base, method, code }, t.times, counter(rng, t.times, rate, 0.004, layout)));
      }
    }
    cpu.push(series('process_cpu_seconds_total', base, t.times, counter(rng, t.times, 0.4, 0.002, layout)));
    const gap = t.instance === 'b:8080' || t.instance === 'w2:9100' ? withGap(rng, t.times, layout).keep : undefined;
    memory.push(series('memory_usage_bytes', base, t.times, gauge(rng, t.times, 2e8 + rng.next() * 1e8, 4e6), gap));
    up.push(
      series(
        'up',
        base,
        t.times,
        t.times.map(() => (rng.chance(0.03) ? 0 : 1)),
      ),
    );
    if (t.job !== 'api') {
      for (const zone of ['north', 'south'])
        temperature.push(series('temperature_celsius', { ...base, zone }, t.times, gauge(rng, t.times, rng.next() * 10 - 2, 1.5)));
    }
    if (t.job === 'worker') {
      // q2 appears an hour in; on w1 it disappears again after two hours.
      for (const q of ['q1', 'q2']) {
        const keep = (i: number): boolean =>
          q === 'q1' || (t.times[i]! > layout.startMs + 3600_000 && (t.instance !== 'w1:9100' || t.times[i]! < layout.startMs + 7200_000));
        queue.push(series('queue_length', { ...base, queue: q }, t.times, gauge(rng, t.times, 50, 8), keep));
      }
    }
    if (t.job === 'api' || t.job === 'db') {
      // Buckets start with history (as counters above) so extrapolation to zero never kicks in.
      const counts = BUCKET_BOUNDS.map((_, j) => 20_000 + j * 5_000);
      const bucketValues: number[][] = BUCKET_BOUNDS.map(() => []);
      const sums: number[] = [];
      const totals: number[] = [];
      let sum = 9_000;
      const scale = t.job === 'db' ? 0.2 : 1;
      for (let i = 0; i < t.times.length; i++) {
        if (rng.chance(0.003)) {
          // A reset that stays far from zero (see counter()); still cumulative across buckets.
          counts.forEach((c, j) => (counts[j] = Math.floor(c * 0.4)));
          sum = round3(sum * 0.4);
        }
        const n = rng.int(0, 40);
        for (let k = 0; k < n; k++) {
          const obs = -Math.log(1 - rng.next()) * 0.4 * scale;
          sum += obs;
          BUCKET_BOUNDS.forEach((b, j) => {
            if (b === '+Inf' || obs <= Number(b)) counts[j]!++;
          });
        }
        counts.forEach((c, j) => bucketValues[j]!.push(c));
        sums.push(round3(sum));
        totals.push(counts[counts.length - 1]!);
      }
      BUCKET_BOUNDS.forEach((le, j) => duration.push(series('request_duration_seconds_bucket', { ...base, le }, t.times, bucketValues[j]!)));
      duration.push(series('request_duration_seconds_sum', base, t.times, sums));
      duration.push(series('request_duration_seconds_count', base, t.times, totals));
    }
  }
  return [
    { name: 'http_requests', type: 'counter', series: requests },
    { name: 'process_cpu_seconds', type: 'counter', series: cpu },
    { name: 'memory_usage_bytes', type: 'gauge', series: memory },
    { name: 'temperature_celsius', type: 'gauge', series: temperature },
    { name: 'up', type: 'gauge', series: up },
    { name: 'queue_length', type: 'gauge', series: queue },
    { name: 'request_duration_seconds', type: 'histogram', series: duration },
  ];
}

/**
 * The two datasets as one (families and series matched by name and labels,
 * `b`'s samples after `a`'s), for one server backfill; `b` must be later.
 */
export function mergeDatasets(a: readonly MetricFamily[], b: readonly MetricFamily[]): MetricFamily[] {
  const key = (s: GeneratedSeries): string => labelText(s.name, s.labels);
  return a.map((fam) => {
    const other = b.find((f) => f.name === fam.name);
    const later = new Map((other?.series ?? []).map((s) => [key(s), s]));
    const merged = fam.series.map((s) => {
      const o = later.get(key(s));
      later.delete(key(s));
      return o ? { ...s, timestamps: [...s.timestamps, ...o.timestamps], values: [...s.values, ...o.values] } : s;
    });
    return { ...fam, series: [...merged, ...later.values()] };
  });
}

function labelText(name: string, labels: Readonly<Record<string, string>>): string {
  const keys = Object.keys(labels).sort();
  return keys.length === 0 ? name : `${name}{${keys.map((k) => `${k}="${labels[k]!}"`).join(',')}}`;
}

/** OpenMetrics text with timestamps, as `promtool tsdb create-blocks-from openmetrics` reads it. */
export function toOpenMetrics(families: readonly MetricFamily[]): string {
  const out: string[] = [];
  for (const fam of families) {
    out.push(`# TYPE ${fam.name} ${fam.type}\n# HELP ${fam.name} Generated for the differential test.\n`);
    for (const s of fam.series) {
      const prefix = labelText(s.name, s.labels);
      for (let i = 0; i < s.timestamps.length; i++) out.push(`${prefix} ${s.values[i]} ${(s.timestamps[i]! / 1000).toFixed(3)}\n`);
    }
  }
  out.push('# EOF\n');
  return out.join('');
}
