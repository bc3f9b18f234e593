// The benchmark harness: interleaved runs (A B A B ...) after a warm-up,
// min/median/max wall time and peak RSS per command, and the median ratio
// promforge/promtool. Commands run as separate processes through
// bench/measure.py so that peak RSS of the child is measured too.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MEASURE = fileURLToPath(new URL('./measure.py', import.meta.url));

export function measureOnce(argv, { cwd, allowedCodes = [0] } = {}) {
  const r = spawnSync('python3', [MEASURE, ...argv], { cwd, encoding: 'utf8', maxBuffer: 16 << 20 });
  if (r.status !== 0) throw new Error(`measure failed for ${argv.join(' ')}: ${r.stderr}`);
  const m = JSON.parse(r.stdout);
  if (!allowedCodes.includes(m.code)) {
    throw new Error(`${argv.join(' ')} exited ${m.code} (expected ${allowedCodes.join('/')}): ${m.stderr}`);
  }
  return { wall: m.wall, rssKiB: m.rssKiB };
}

export function stats(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { min: s[0], median, max: s[s.length - 1] };
}

/**
 * Runs each variant `runs` times, interleaved, after one warm-up each.
 * variants: [{ name, argv, cwd?, allowedCodes? }]
 */
export function compareCommands(variants, { runs = 5, warmup = 1 } = {}) {
  const samples = new Map(variants.map((v) => [v.name, { wall: [], rss: [] }]));
  for (let i = 0; i < warmup; i++) for (const v of variants) measureOnce(v.argv, v);
  for (let i = 0; i < runs; i++) {
    for (const v of variants) {
      const m = measureOnce(v.argv, v);
      samples.get(v.name).wall.push(m.wall);
      samples.get(v.name).rss.push(m.rssKiB);
    }
  }
  return variants.map((v) => {
    const s = samples.get(v.name);
    return { name: v.name, command: describeCommand(v.argv), wall: stats(s.wall), peakRssKiB: Math.max(...s.rss), runs };
  });
}

/** Times an in-process function: warm-up, then `runs` timed calls. */
export function timeInProcess(fn, { runs = 5, warmup = 1 } = {}) {
  for (let i = 0; i < warmup; i++) fn();
  const walls = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    result = fn();
    walls.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return { wall: stats(walls), result };
}

/** The command for reports: program and the first arguments, paths shortened, long lists counted. */
function describeCommand(argv) {
  const short = argv.map((a) => a.replace(/^.*\/(node|dist|shared|\.bench-tmp)\//, '$1/'));
  return short.length > 5 ? `${short.slice(0, 5).join(' ')} … (+${short.length - 5} more)` : short.join(' ');
}
