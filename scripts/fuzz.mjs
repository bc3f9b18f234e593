#!/usr/bin/env node
// Long-mode fuzzing: `npm run fuzz -- --runs N [--seed S]` runs N generated
// inputs in total, spread over every target of test/fuzz/targets.ts, with the
// documented limits: 1 s per input and a 1 GiB heap for the whole run (an
// out-of-memory abort fails the run). Prints per-target counts for
// docs/reliability.md. Run it niced: `nice -n 19 npm run fuzz -- --runs 1000000`.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const runs = Number(opt('runs', '10000'));
const seed = Number(opt('seed', String(Date.now() % 1_000_000_000)));
if (!Number.isSafeInteger(runs) || runs <= 0) {
  console.error('fuzz: --runs must be a positive integer');
  process.exit(2);
}
const targets = (readFileSync(new URL('../test/fuzz/targets.ts', import.meta.url), 'utf8').match(/^\s+name: '/gm) ?? []).length || 1;
const perTarget = Math.ceil(runs / targets);
console.log(`fuzz: ${perTarget} inputs for each of ${targets} targets (${perTarget * targets} in all), seed ${seed}`);
const started = Date.now();
const r = spawnSync('npx', ['vitest', 'run', 'test/fuzz/fuzz.test.ts', '--reporter=dot'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    PROMFORGE_FUZZ_RUNS: String(perTarget),
    PROMFORGE_FUZZ_SEED: String(seed),
    PROMFORGE_FUZZ_LIMIT_MS: '1000',
    PROMFORGE_FUZZ_REPORT: '1',
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=1024`.trim(),
  },
});
console.log(`fuzz: finished in ${((Date.now() - started) / 1000).toFixed(0)} s, exit ${r.status ?? r.signal}`);
process.exit(r.status ?? 1);
