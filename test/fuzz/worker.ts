// Long-mode fuzz worker, started by scripts/fuzz.mjs (bundled by esbuild, run
// by plain node under a heap limit). It runs a range of generated inputs of
// one target and reports over IPC: a heartbeat before every input (so the
// parent can tell a hang or an out-of-memory abort from a finished range and
// name the input that caused it), every escaped exception, every input whose
// CPU time is over the limit, and per-range totals.
//
// Inputs are addressed by (target, seed, index): index i is element
// i % CHUNK of fc.sample(target.input, { seed: chunkSeed(seed, target, i / CHUNK) }),
// so any single input can be regenerated without running the ones before it.

import fc from 'fast-check';
import { TARGETS } from './targets.js';

export const CHUNK = 500;

/** The fast-check seed of chunk `chunk` of target number `targetIndex` (a 31-bit integer). */
export function chunkSeed(seed: number, targetIndex: number, chunk: number): number {
  return (seed + targetIndex * 1_000_003 + chunk * 7919) % 2_147_483_647;
}

/** Inputs of one chunk, generated afresh (fast-check is deterministic for a seed). */
function chunkInputs(targetIndex: number, seed: number, chunk: number): string[] {
  return fc.sample(TARGETS[targetIndex]!.input, { seed: chunkSeed(seed, targetIndex, chunk), numRuns: CHUNK });
}

type Message =
  | { readonly type: 'at'; readonly index: number }
  | { readonly type: 'failure'; readonly index: number; readonly input: string; readonly error: string }
  | { readonly type: 'slow'; readonly index: number; readonly input: string; readonly cpuMs: number; readonly wallMs: number }
  | { readonly type: 'done'; readonly from: number; readonly to: number; readonly cpuMs: number; readonly maxCpuMs: number; readonly maxHeapMb: number }
  | { readonly type: 'recheck'; readonly input: string; readonly cpuMs: number; readonly error?: string }
  | { readonly type: 'end' };

function send(m: Message, onSent?: () => void): void {
  process.send!(m, undefined, undefined, onSent);
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

function describeError(e: unknown): string {
  const text = e instanceof Error ? `${e.name}: ${e.message}\n${(e.stack ?? '').split('\n').slice(1, 6).join('\n')}` : String(e);
  return text.slice(0, 2000);
}

/** Runs inputs [from, to) of the target and reports them. */
function runRange(targetIndex: number, seed: number, from: number, to: number, limitMs: number): void {
  const target = TARGETS[targetIndex]!;
  let maxCpuMs = 0;
  let totalCpuMs = 0;
  let maxHeapMb = 0;
  let chunk = -1;
  let inputs: string[] = [];
  for (let i = from; i < to; i++) {
    if (Math.floor(i / CHUNK) !== chunk) {
      chunk = Math.floor(i / CHUNK);
      inputs = chunkInputs(targetIndex, seed, chunk);
    }
    const input = inputs[i % CHUNK]!;
    send({ type: 'at', index: i });
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    try {
      target.run(input);
    } catch (e) {
      send({ type: 'failure', index: i, input, error: describeError(e) });
    }
    const cpuMs = cpuMsSince(cpu0);
    maxCpuMs = Math.max(maxCpuMs, cpuMs);
    totalCpuMs += cpuMs;
    if (cpuMs > limitMs) send({ type: 'slow', index: i, input, cpuMs, wallMs: performance.now() - wall0 });
    if (i % 100 === 0) maxHeapMb = Math.max(maxHeapMb, process.memoryUsage().heapUsed / 2 ** 20);
  }
  send({ type: 'done', from, to, cpuMs: totalCpuMs, maxCpuMs, maxHeapMb });
}

/** Re-runs one input (regenerated from its address; a slow one, in a fresh process) and reports its smallest CPU time of three runs. */
function recheck(targetIndex: number, seed: number, index: number): void {
  const input = chunkInputs(targetIndex, seed, Math.floor(index / CHUNK))[index % CHUNK]!;
  send({ type: 'at', index });
  let best = Infinity;
  let error: string | undefined;
  for (let k = 0; k < 3; k++) {
    const cpu0 = process.cpuUsage();
    try {
      TARGETS[targetIndex]!.run(input);
    } catch (e) {
      error = describeError(e);
    }
    best = Math.min(best, cpuMsSince(cpu0));
  }
  send({ type: 'recheck', input, cpuMs: best, ...(error !== undefined ? { error } : {}) });
}

process.once(
  'message',
  (
    job:
      | { mode: 'range'; target: number; seed: number; from: number; to: number; limitMs: number }
      | { mode: 'recheck'; target: number; seed: number; index: number },
  ) => {
    if (job.mode === 'range') runRange(job.target, job.seed, job.from, job.to, job.limitMs);
    else recheck(job.target, job.seed, job.index);
    // Disconnect once the last message is written: messages still queued when
    // the channel closes are dropped, and a fast target queues thousands of
    // heartbeats, so a lost 'done' made finished ranges look like crashes.
    send({ type: 'end' }, () => process.disconnect());
  },
);
process.send!({ type: 'ready', targets: TARGETS.map((t) => t.name) });
