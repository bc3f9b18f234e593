#!/usr/bin/env node
// Long-mode fuzzing: `npm run fuzz -- --runs N` runs N generated inputs in
// total, spread evenly over the targets of test/fuzz/targets.ts, in worker
// processes (test/fuzz/worker.ts, bundled with esbuild) that each run a range
// of inputs under a heap limit. It counts, per target:
//   - escaped exceptions (each saved with its input and address);
//   - inputs over the time limit, measured as the CPU time of that input
//     (the machine may be shared: wall time would count a busy neighbour),
//     then re-run three times in a fresh process; only those still over the
//     limit there are counted;
//   - memory-limit kills: a worker that dies (heap limit, V8 abort, signal)
//     is charged to the input it was running, and the range resumes after it;
//   - hangs: no heartbeat for --hang-s seconds; the worker is killed and the
//     input counts as over the limit.
// A run can be split: --from K starts every target at input index K (inputs
// are addressed by target, seed and index, see worker.ts), so
// `--runs 500000 --from 0` and `--runs 500000 --from 45455` on 11 targets
// together cover one 1,000,000-input run.
//
// Options: --runs N (10000) --seed S (20261202) --from K (0) --targets a,b
//          --jobs J (1) --range R (5000 inputs per worker) --limit-ms (1000)
//          --heap-mb (1024) --hang-s (120) --out report.json --save-dir DIR
// Run it niced: `nice -n 15 npm run fuzz -- --runs 1000000`.
import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const int = (name, fallback) => {
  const v = Number(opt(name, String(fallback)));
  if (!Number.isSafeInteger(v) || v < 0) {
    console.error(`fuzz: --${name} must be a non-negative integer`);
    process.exit(2);
  }
  return v;
};
const runs = int('runs', 10000);
const seed = int('seed', 20261202);
const from = int('from', 0);
const jobs = Math.max(1, int('jobs', 1));
const rangeSize = Math.max(1, int('range', 5000));
const limitMs = int('limit-ms', 1000);
const heapMb = int('heap-mb', 1024);
const hangS = int('hang-s', 120);
const outFile = opt('out', undefined);
const repo = path.resolve(import.meta.dirname, '..');
const work = mkdtempSync(path.join(tmpdir(), 'promforge-fuzz-run-'));
const saveDir = opt('save-dir', path.join(work, 'findings'));

// Bundle the worker (TypeScript, with the whole library) into one plain ESM
// file. import.meta.dirname is pinned to test/fuzz so that targets.ts finds
// ../shared/corpus and the rule packs as it does under vitest; the file sits
// two folders below the repository (.scratch/fuzz-PID/) so that the
// library's `../../schemas/` URLs resolve as they do from dist/bundle/.
const workerFile = path.join(repo, '.scratch', `fuzz-${process.pid}`, 'worker.mjs');
await build({
  entryPoints: [path.join(repo, 'test/fuzz/worker.ts')],
  outfile: workerFile,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  define: { 'import.meta.dirname': JSON.stringify(path.join(repo, 'test/fuzz')) },
  banner: { js: "import { createRequire as __fuzzCreateRequire } from 'node:module'; const require = __fuzzCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});

/** Starts a worker and resolves with the names of the targets once it is ready. */
function startWorker() {
  const child = fork(workerFile, [], { execArgv: [`--max-old-space-size=${heapMb}`], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  return { child, stderr: () => stderr };
}

const names = await new Promise((resolve, reject) => {
  const { child, stderr } = startWorker();
  child.once('message', (m) => {
    child.kill();
    resolve(m.targets);
  });
  child.once('exit', (code) => reject(new Error(`fuzz worker did not start (exit ${code}):\n${stderr()}`)));
});
const wanted = opt('targets', undefined)?.split(',');
const targetIndexes = names.map((_, i) => i).filter((i) => !wanted || wanted.includes(names[i]));
if (targetIndexes.length === 0) {
  console.error(`fuzz: no such target; targets are ${names.join(', ')}`);
  process.exit(2);
}
const perTarget = Math.ceil(runs / targetIndexes.length);
console.log(
  `fuzz: ${perTarget} inputs [${from}, ${from + perTarget}) for each of ${targetIndexes.length} targets (${perTarget * targetIndexes.length} in all), seed ${seed}, ${jobs} job(s)`,
);

const stats = new Map(
  targetIndexes.map((t) => [t, { inputs: 0, escaped: 0, slowSeen: 0, slow: 0, memoryKills: 0, hangs: 0, cpuS: 0, maxCpuMs: 0, maxHeapMb: 0 }]),
);
const findings = [];
const slowCandidates = [];
mkdirSync(saveDir, { recursive: true });

function save(kind, target, index, input, detail) {
  const file = path.join(saveDir, `${kind}-${names[target]}-${seed}-${index}.json`);
  writeFileSync(file, JSON.stringify({ kind, target: names[target], seed, index, detail, input }, null, 2));
  findings.push({ kind, target: names[target], index, detail: String(detail).split('\n')[0], file });
  console.log(`fuzz: ${kind} in ${names[target]} #${index}: ${String(detail).split('\n')[0]} (${file})`);
}

// The work queue: ranges of every target, interleaved so that partial runs
// cover all targets.
const queue = [];
for (let start = from; start < from + perTarget; start += rangeSize) {
  for (const t of targetIndexes) queue.push({ target: t, from: start, to: Math.min(start + rangeSize, from + perTarget) });
}
const totalRanges = queue.length;
let doneRanges = 0;
const started = Date.now();

/** Runs one job in a fresh worker; resolves with how it ended. */
function runJob(job, onMessage) {
  return new Promise((resolve) => {
    const { child, stderr } = startWorker();
    let last = { index: job.from ?? job.index, at: Date.now() };
    let finished = false;
    let killedForHang = false;
    child.on('message', (m) => {
      if (m.type === 'ready') child.send(job);
      else if (m.type === 'at') last = { index: m.index, at: Date.now() };
      else {
        if (m.type === 'done' || m.type === 'recheck') finished = true;
        onMessage(m);
      }
    });
    const watchdog = setInterval(() => {
      if (Date.now() - last.at > hangS * 1000) {
        killedForHang = true;
        child.kill('SIGKILL');
      }
    }, 1000);
    child.on('exit', (code, signal) => {
      clearInterval(watchdog);
      resolve({ finished, hang: killedForHang, lastIndex: last.index, code, signal, stderr: stderr() });
    });
  });
}

async function runRange(range) {
  const s = stats.get(range.target);
  const r = await runJob({ mode: 'range', target: range.target, seed, from: range.from, to: range.to, limitMs }, (m) => {
    if (m.type === 'failure') {
      s.escaped++;
      save('escaped', range.target, m.index, m.input, m.error);
    } else if (m.type === 'slow') {
      s.slowSeen++;
      slowCandidates.push({ target: range.target, index: m.index, cpuMs: m.cpuMs });
    } else if (m.type === 'done') {
      s.inputs += m.to - m.from;
      s.cpuS += m.cpuMs / 1000;
      s.maxCpuMs = Math.max(s.maxCpuMs, m.maxCpuMs);
      s.maxHeapMb = Math.max(s.maxHeapMb, m.maxHeapMb);
    }
  });
  if (r.finished) return;
  // The worker died or hung on input r.lastIndex: charge it and resume after it.
  s.inputs += r.lastIndex - range.from + 1;
  if (r.hang) {
    s.slowSeen++;
    slowCandidates.push({ target: range.target, index: r.lastIndex, cpuMs: Infinity });
  } else {
    s.memoryKills++;
    save(
      'killed',
      range.target,
      r.lastIndex,
      '(regenerate with the address)',
      `exit ${r.code ?? r.signal}: ${r.stderr.split('\n').filter(Boolean).slice(-3).join(' | ')}`,
    );
  }
  if (r.lastIndex + 1 < range.to) queue.unshift({ ...range, from: r.lastIndex + 1 });
}

/**
 * The counts so far, written to --out after every range (so that an
 * interrupted run still leaves its numbers) and printed as a table at the end.
 */
function report(print) {
  const seconds = (Date.now() - started) / 1000;
  const rows = targetIndexes.map((t) => ({ target: names[t], ...stats.get(t) }));
  const total = rows.reduce(
    (a, r) => ({ inputs: a.inputs + r.inputs, escaped: a.escaped + r.escaped, slow: a.slow + r.slow, memoryKills: a.memoryKills + r.memoryKills }),
    { inputs: 0, escaped: 0, slow: 0, memoryKills: 0 },
  );
  if (outFile) {
    writeFileSync(`${outFile}.tmp`, JSON.stringify({ seed, from, perTarget, limitMs, heapMb, seconds, complete: print, rows, total, findings }, null, 2));
    renameSync(`${outFile}.tmp`, outFile);
  }
  if (print) {
    console.log('\n| target | inputs | escaped exceptions | over limit (seen → confirmed alone) | memory-limit kills | CPU s | slowest CPU ms | max heap MB |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of rows)
      console.log(
        `| ${r.target} | ${r.inputs} | ${r.escaped} | ${r.slowSeen} → ${r.slow} | ${r.memoryKills} | ${r.cpuS.toFixed(0)} | ${r.maxCpuMs.toFixed(0)} | ${r.maxHeapMb.toFixed(0)} |`,
      );
    console.log(`| all | ${total.inputs} | ${total.escaped} | ${total.slow} | ${total.memoryKills} | | | |`);
    console.log(`fuzz: seed ${seed}, from ${from}, limit ${limitMs} ms CPU, heap ${heapMb} MB, ${seconds.toFixed(0)} s; findings in ${saveDir}`);
  }
  return { total };
}

async function lane() {
  for (let range = queue.shift(); range; range = queue.shift()) {
    await runRange(range);
    doneRanges++;
    report(false);
    if (doneRanges % 10 === 0 || queue.length === 0) {
      const inputs = [...stats.values()].reduce((a, s) => a + s.inputs, 0);
      console.log(`fuzz: ${inputs} inputs, ${doneRanges}/${totalRanges}+ ranges, ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
  }
}
await Promise.all(Array.from({ length: jobs }, lane));

// Re-check inputs that were over the limit, each alone in a fresh process.
for (const c of slowCandidates) {
  const s = stats.get(c.target);
  let result;
  const r = await runJob({ mode: 'recheck', target: c.target, seed, index: c.index }, (m) => {
    if (m.type === 'recheck') result = m;
  });
  const cpuMs = result ? result.cpuMs : Infinity;
  if (cpuMs > limitMs) {
    if (r.hang) s.hangs++;
    s.slow++;
    save(
      'slow',
      c.target,
      c.index,
      result?.input ?? '(regenerate with the address)',
      `${Number.isFinite(cpuMs) ? cpuMs.toFixed(0) : 'no answer'} ms CPU alone (${Number.isFinite(c.cpuMs) ? c.cpuMs.toFixed(0) : 'hung'} ms in the run)`,
    );
  } else {
    console.log(
      `fuzz: ${names[c.target]} #${c.index} took ${Number.isFinite(c.cpuMs) ? c.cpuMs.toFixed(0) : '(hang)'} ms CPU in the run, ${cpuMs.toFixed(0)} ms alone: not counted`,
    );
  }
}

const { total } = report(true);
rmSync(path.dirname(workerFile), { recursive: true, force: true });
if (findings.length === 0 && !opt('save-dir', undefined)) rmSync(work, { recursive: true, force: true });
process.exit(total.escaped + total.slow + total.memoryKills === 0 ? 0 : 1);
