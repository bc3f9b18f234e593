// The promqltest runner: executes a parsed `.test` script against the engine
// with the harness semantics of FORMAT.md §5 — the plain query, the
// `@`-pinned re-runs at other evaluation times (b) and the range-mode
// cross-check (c) — and reports one outcome per eval with file:line.
//
// Evals that run while the storage holds native histograms are skipped by
// default (deliberately and visibly, with a reason) while native-histogram
// support in the engine is partial; `skipNativeHistograms: false` runs them.

import { parseExpr } from '../promql/parse.js';
import { printExpr } from '../promql/printer.js';
import { Storage, evaluateInstant, evaluateRange, type EngineOptions, type QueryResult, type QueryValue, type Sample } from '../engine/index.js';

/** The engine settings of Prometheus's test harness (FORMAT.md §7.2). */
const HARNESS_OPTIONS: EngineOptions = { delayedNameRemoval: true };
import type { FileDiagnostic } from '../diagnostics.js';
import { type EvalCommand, parseTestScript } from '../samples/test-script/script.js';
import { executeLoad } from './run-load.js';
import { checkOutcome, checkValue } from './run-expect.js';
import { atRerunTimes, pinSelectors } from './run-at.js';

export type EvalStatus = 'passed' | 'failed' | 'skipped';

export interface EvalOutcome {
  readonly file: string;
  readonly line: number;
  readonly query: string;
  readonly status: EvalStatus;
  /** For failures: what was expected and what came back. For skips: why. */
  readonly message?: string;
}

export interface ScriptRunResult {
  readonly file: string;
  /** Parse errors (then no eval ran) or load failures. */
  readonly diagnostics: readonly FileDiagnostic[];
  readonly outcomes: readonly EvalOutcome[];
}

export interface RunOptions {
  /** Skip evals while native histograms are loaded (default true: support is incomplete). */
  readonly skipNativeHistograms?: boolean;
  /** Run the `@` re-runs of §5.1(b) (default true). */
  readonly atModifierReruns?: boolean;
  /** Run the range-mode cross-check of §5.1(c) (default true). */
  readonly rangeCrossCheck?: boolean;
}

export const NATIVE_HISTOGRAM_SKIP_REASON = 'runs against native histograms, whose engine support is partial (use --native-histograms to run them)';

const RANGE_CHECK_EXCLUDED = /\b(start|end|range|step)\(\)/;

export function runTestScript(source: string, file: string, options: RunOptions = {}): ScriptRunResult {
  const parsed = parseTestScript(source, file);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return { file, diagnostics: parsed.diagnostics, outcomes: [] };
  const skipNative = options.skipNativeHistograms ?? true;
  const diagnostics: FileDiagnostic[] = [];
  const outcomes: EvalOutcome[] = [];
  let storage = new Storage();
  let loadFailed: string | undefined;
  for (const cmd of parsed.commands) {
    switch (cmd.kind) {
      case 'clear':
        storage = new Storage();
        loadFailed = undefined;
        break;
      case 'load': {
        const err = executeLoad(storage, cmd);
        if (err) {
          loadFailed = err;
          diagnostics.push({ code: 'promqltest/load', severity: 'error', message: err, file, line: cmd.line, column: 1, endLine: cmd.line, endColumn: 1 });
        }
        break;
      }
      case 'eval': {
        const base = { file, line: cmd.line, query: cmd.query };
        if (skipNative && storage.hasHistograms) {
          outcomes.push({ ...base, status: 'skipped', message: NATIVE_HISTOGRAM_SKIP_REASON });
          break;
        }
        if (loadFailed) {
          outcomes.push({ ...base, status: 'failed', message: `storage could not be loaded: ${loadFailed}` });
          break;
        }
        let message: string | undefined;
        try {
          message = runEval(cmd, storage, options);
        } catch (e) {
          message = `internal error: ${(e as Error).stack ?? String(e)}`;
        }
        outcomes.push(message === undefined ? { ...base, status: 'passed' } : { ...base, status: 'failed', message });
        break;
      }
    }
  }
  return { file, diagnostics, outcomes };
}

/** Runs one eval with all its checks; undefined when it passes. */
export function runEval(cmd: EvalCommand, storage: Storage, options: RunOptions = {}): string | undefined {
  if (cmd.mode.kind === 'range') {
    const { startMs, endMs, stepMs } = cmd.mode;
    const res = evaluateRange(cmd.query, startMs, endMs, stepMs, storage, HARNESS_OPTIONS);
    return checkOutcome(cmd, res, cmd.query) ?? (cmd.expect.fail ? undefined : checkValue(cmd, res, true));
  }
  const t = cmd.rangeVector ? cmd.rangeVector.endMs : cmd.mode.atMs;
  const plain = runInstantChecks(cmd, cmd.query, t, storage, options);
  if (plain) return plain;
  if (options.atModifierReruns === false) return undefined;
  const parsed = parseExpr(cmd.query);
  if (!parsed.expr) return undefined;
  const pinned = pinSelectors(parsed.expr, t);
  if (!pinned) return undefined;
  const text = printExpr(pinned);
  for (const at of atRerunTimes(t)) {
    const msg = runInstantChecks(cmd, text, at, storage, options);
    if (msg) return `@-pinned re-run ${JSON.stringify(text)} at ${at}ms: ${msg}`;
  }
  return undefined;
}

function runInstantChecks(cmd: EvalCommand, query: string, t: number, storage: Storage, options: RunOptions): string | undefined {
  const res = evaluateInstant(query, t, storage, HARNESS_OPTIONS);
  const outcome = checkOutcome(cmd, res, query);
  if (outcome) return outcome;
  if (cmd.expect.fail) return undefined;
  const value = checkValue(cmd, res, false);
  if (value) return value;
  if (options.rangeCrossCheck === false || cmd.rangeVector || cmd.string || RANGE_CHECK_EXCLUDED.test(query)) return undefined;
  return rangeCrossCheck(cmd, query, t, storage, res);
}

function rangeCrossCheck(cmd: EvalCommand, query: string, t: number, storage: Storage, instant: QueryResult): string | undefined {
  const res = evaluateRange(query, t - 60_000, t + 60_000, 60_000, storage, HARNESS_OPTIONS);
  if ('error' in res) return `range-mode cross-check failed: ${res.error.message}`;
  if (cmd.expect.ordered) return undefined;
  if (res.value.type !== 'matrix') return `range-mode cross-check returned ${res.value.type}`;
  const samples: Sample[] = [];
  for (const s of res.value.series) {
    const f = s.floats.find((p) => p.t === t);
    if (f) samples.push({ labels: s.labels, t, f: f.f });
    const h = s.histograms.find((p) => p.t === t);
    if (h) samples.push({ labels: s.labels, t, f: 0, h: h.h });
  }
  let value: QueryValue;
  if ('value' in instant && instant.value.type === 'scalar') value = { type: 'scalar', t, v: samples[0]?.f ?? Number.NaN };
  else value = { type: 'vector', samples };
  const msg = checkValue(cmd, { value, warnings: [], infos: [] }, false);
  return msg ? `range-mode cross-check: ${msg}` : undefined;
}

/** Totals over many script results. */
export function summarize(results: readonly ScriptRunResult[]): { passed: number; failed: number; skipped: number } {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const r of results) {
    if (r.diagnostics.length > 0 && r.outcomes.length === 0) failed++;
    for (const o of r.outcomes) {
      if (o.status === 'passed') passed++;
      else if (o.status === 'failed') failed++;
      else skipped++;
    }
  }
  return { passed, failed, skipped };
}
