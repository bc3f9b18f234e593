// How long after a process restart the signal is not to be trusted, from the
// signal and the data rather than a fixed guess. Two parts add up:
//   - the signal's own lookback: `deriv(go_goroutines[30m])` still sees the
//     restart's ramp-up for 30m after the ramp ended;
//   - the warm-up seen in the data: after each restart (process_start_time_seconds
//     of the same job/instance), how long until the signal is back inside the
//     band it keeps far from restarts.
// A fixed 30m mask under a 30m window missed exactly the ramp-up seen by the
// window's tail, and a slope fitted on those ramps was too high to catch a leak.

import { quantileSorted } from './stats.js';
import type { EvaluatedSignal } from './signal.js';
import { processKey } from './signal.js';
import { signalLookbackMs } from './baselines.js';

const MINUTE_MS = 60_000;
/** Points this long past lookback + warm-up of the last restart count as steady. */
const STEADY_AFTER_MS = 3 * 3_600_000;
/** Warm-ups longer than this are not warm-ups but the service's new normal. */
const MAX_WARMUP_MS = 3 * 3_600_000;
/** Consecutive evaluations back in band that end a warm-up. */
const CONFIRM_MS = 10 * MINUTE_MS;

export interface RestartMask {
  readonly maskMs: number;
  readonly note?: string;
}

function lastRestartBefore(starts: readonly number[], t: number): number | undefined {
  let last: number | undefined;
  for (const s of starts) if (s <= t) last = s;
  return last;
}

/** The restart mask for a signal evaluated without one (restartMaskMs < 0 in evaluateSignal). */
export function observedRestartMask(probe: EvaluatedSignal, stepMs: number): RestartMask {
  const lookback = signalLookbackMs(probe.expr);
  const confirm = Math.max(1, Math.ceil(CONFIRM_MS / stepMs));
  let warmup = 0;
  let seen = 0;
  let restarted = 0;
  let steadyPoints = 0;
  for (const g of probe.groups) {
    for (const s of g.series) {
      const { times, values } = s.signal;
      const starts = probe.restarts.get(processKey(s.labels)) ?? [];
      // The first start is the process that was already running when the recording began.
      const restarts = starts.filter((t) => t > times[0]!);
      if (restarts.length === 0) continue;
      restarted++;
      // The band this series keeps far from restarts (its own: a noisy neighbour's band says nothing about a quiet one).
      const steady: number[] = [];
      for (let i = 0; i < values.length; i++) {
        const v = values[i]!;
        if (!Number.isFinite(v)) continue;
        const last = lastRestartBefore(restarts, times[i]!);
        if (last === undefined || times[i]! - last > lookback + STEADY_AFTER_MS) steady.push(v);
      }
      if (steady.length < 20) continue;
      steadyPoints += steady.length;
      steady.sort((a, b) => a - b);
      const lo = quantileSorted(0.01, steady);
      const hi = quantileSorted(0.99, steady);
      for (const st of restarts) {
        let inBand = 0;
        for (let i = 0; i < times.length; i++) {
          const t = times[i]!;
          if (t < st + lookback) continue;
          if (t > st + lookback + MAX_WARMUP_MS) break;
          const v = values[i]!;
          inBand = Number.isFinite(v) && v >= lo && v <= hi ? inBand + 1 : 0;
          if (inBand === confirm) {
            seen++;
            warmup = Math.max(warmup, t - (confirm - 1) * stepMs - st - lookback);
            break;
          }
        }
      }
    }
  }
  if (restarted === 0) return { maskMs: 0 };
  if (steadyPoints === 0 || seen === 0) {
    return { maskMs: lookback, note: `restart mask ${lookback / MINUTE_MS}m: the signal's lookback (too little steady data to measure a warm-up)` };
  }
  const maskMs = Math.ceil((lookback + warmup) / (5 * MINUTE_MS)) * 5 * MINUTE_MS;
  return {
    maskMs,
    note: `restart mask ${maskMs / MINUTE_MS}m: the signal's ${lookback / MINUTE_MS}m lookback + up to ${Math.round(warmup / MINUTE_MS)}m warm-up seen after ${seen} restart(s)`,
  };
}
