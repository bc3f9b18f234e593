// Group evaluation as Prometheus's rules/group.go does it: rules in order,
// each seeing what the rules before it wrote at the same timestamp; outputs
// written back to storage; series a rule produced last time but not now get
// a staleness marker.

import type { Labels } from '../model/labels.js';
import { cachedLabelsKey } from '../model/labels.js';
import { STALE_NAN } from '../model/stale.js';
import { AlertingRuleState } from './alerting.js';
import { type RecordingOutputSeries, recordingOutput, recordingOutputSeries } from './recording.js';
import { stepIndexOf } from './range-steps.js';
import { isBatchable } from './batch.js';
import type { EvalGroup, EvalRecordingRule, EvalRule, RangeSeriesColumns, RuleBackend, Sample, TemplateExpander } from './types.js';

export interface RuleEvalError {
  readonly group: string;
  readonly rule: string;
  readonly timeMs: number;
  readonly message: string;
}

export interface RuleEvalRecord {
  readonly rule: EvalRule;
  readonly timeMs: number;
  /** How many series the rule wrote at this evaluation (`samples.length`). */
  readonly count: number;
  /** Calls `fn` with the labels of each written series, in `samples` order, without building `samples`. */
  forEachLabels(fn: (labels: Labels) => void): void;
  /** The series the rule wrote at this evaluation (for a batch-written rule, built when first read). */
  readonly samples: readonly Sample[];
}

/** The record of samples already built (a rule evaluated at this step). */
function builtRecord(rule: EvalRule, timeMs: number, samples: readonly Sample[]): RuleEvalRecord {
  return {
    rule,
    timeMs,
    count: samples.length,
    forEachLabels: (fn) => {
      for (const s of samples) fn(s.labels);
    },
    samples,
  };
}

/**
 * The record of step k of a batch-written rule: a dry-run over a week reads
 * only the count and the label sets of millions of samples, so the Sample
 * objects are made only if `samples` is read.
 */
function writtenRecord(rule: EvalRule, timeMs: number, w: WrittenOutputs, k: number): RuleEvalRecord {
  const from = w.stepStart[k]!;
  const to = w.stepStart[k + 1]!;
  let samples: Sample[] | undefined;
  return {
    rule,
    timeMs,
    count: to - from,
    forEachLabels: (fn) => {
      for (let j = from; j < to; j++) fn(w.labels[w.series[j]!]!);
    },
    get samples(): readonly Sample[] {
      if (!samples) {
        samples = [];
        for (let j = from; j < to; j++) samples.push({ labels: w.labels[w.series[j]!]!, value: w.values[j]! });
      }
      return samples;
    },
  };
}

export class GroupEvaluator {
  /** Alerting-rule state, by rule index. */
  readonly alertStates: (AlertingRuleState | undefined)[];
  /** Series each rule wrote at its previous evaluation, for staleness. */
  private previous: Map<string, Labels>[];
  /** Batch-evaluated query results per rule: evaluation time → samples. */
  private readonly precomputed: (Map<number, readonly Sample[]> | undefined)[];
  /** Recording rules whose outputs (and staleness markers) were written by `prepare`. */
  private readonly prewritten: (WrittenOutputs | undefined)[];

  constructor(
    readonly group: EvalGroup,
    private readonly backend: RuleBackend,
    private readonly expand: TemplateExpander,
  ) {
    this.alertStates = group.rules.map((r) => (r.kind === 'alerting' ? new AlertingRuleState(r) : undefined));
    this.previous = group.rules.map(() => new Map());
    this.precomputed = group.rules.map(() => undefined);
    this.prewritten = group.rules.map(() => undefined);
  }

  /**
   * Batch-evaluates the rules that allow it (see batch.ts) for the evaluation
   * times start, start+step, …, end, writing recording outputs ahead. Call it
   * for groups in evaluation order; `available` collects the recording rules
   * whose outputs are fully written, `ruleOutputs` names every rule output.
   */
  prepare(startMs: number, endMs: number, stepMs: number, ruleOutputs: ReadonlySet<string>, available: Set<string>): void {
    if (!this.backend.queryRange || endMs < startMs) return;
    const offset = this.group.queryOffsetMs;
    const n = Math.floor((endMs - startMs) / stepMs) + 1;
    this.group.rules.forEach((rule, i) => {
      if (!isBatchable(rule.expr, ruleOutputs, available)) return;
      const r = this.backend.queryRange!(rule.expr, startMs - offset, endMs - offset, stepMs);
      if (!r.ok) return;
      const outputs = rule.kind === 'recording' ? writtenOutputs(rule, r.series, n, this.group.limit, startMs - offset, stepMs) : undefined;
      if (!outputs) {
        // An alerting rule, or a recording rule that fails at some step: its
        // samples are evaluated step by step, which reports the error where it happens.
        if (r.steps.length !== n) return;
        const byTime = new Map<number, readonly Sample[]>();
        r.steps.forEach((samples, k) => byTime.set(startMs - offset + k * stepMs, samples));
        this.precomputed[i] = byTime;
        return;
      }
      const columns = outputColumns(outputs);
      outputs.labels.forEach((labels, idx) => {
        const { ts, vs } = columns[idx]!;
        if (this.backend.appendMany) this.backend.appendMany(labels, ts, vs);
        else for (let k = 0; k < ts.length; k++) this.backend.append(labels, ts[k]!, vs[k]!);
      });
      this.prewritten[i] = outputs;
      available.add(rule.name);
    });
  }

  /**
   * Evaluates every rule of the group at `timeMs`. Returns rule errors (the
   * group goes on after a failing rule, as Prometheus's does) and calls
   * `onRule` with what each rule wrote.
   */
  evaluate(timeMs: number, onRule?: (record: RuleEvalRecord) => void): RuleEvalError[] {
    const errors: RuleEvalError[] = [];
    const evalTime = timeMs - this.group.queryOffsetMs;
    this.group.rules.forEach((rule, i) => {
      const written = this.prewritten[i];
      const k = written ? writtenStepOf(written, evalTime) : -1;
      if (k >= 0) {
        onRule?.(writtenRecord(rule, timeMs, written!, k));
        return;
      }
      const pre = this.precomputed[i]?.get(evalTime);
      const result = pre ? ({ ok: true, samples: pre } as const) : this.backend.query(rule.expr, evalTime);
      let out: Sample[] = [];
      let error: string | undefined;
      if (!result.ok) error = result.error;
      else if (rule.kind === 'recording') {
        const r = recordingOutput(rule, result.samples, this.group.limit);
        out = r.samples;
        error = r.error;
      } else {
        const r = this.alertStates[i]!.evaluate(timeMs, result.samples, this.expand, this.group.limit);
        out = r.series;
        error = r.error;
      }
      if (error !== undefined) {
        // As in Prometheus, a failed rule writes nothing and leaves its previous series alone.
        errors.push({ group: this.group.name, rule: rule.name, timeMs, message: error });
        onRule?.(builtRecord(rule, timeMs, []));
        return;
      }

      const now = new Map<string, Labels>();
      for (const s of out) {
        this.backend.append(s.labels, evalTime, s.value);
        now.set(cachedLabelsKey(s.labels), s.labels);
      }
      // Series that disappeared get a staleness marker, so later lookups stop seeing them.
      for (const [key, ls] of this.previous[i]!) if (!now.has(key)) this.backend.append(ls, evalTime, STALE_NAN);
      this.previous[i] = now;
      onRule?.(builtRecord(rule, timeMs, out));
    });
    return errors;
  }
}

/**
 * What a batch-evaluated recording rule wrote at each step, kept until the
 * step is evaluated (to report it): step k's samples are entries
 * stepStart[k] .. stepStart[k+1] of `series` (an index into `labels`) and
 * `values`. Columns, not a Sample object per written sample: a week of
 * 1-minute steps is millions of them, alive for the whole run, and the
 * garbage collector had to walk them all again and again.
 */
interface WrittenOutputs {
  readonly startMs: number;
  readonly stepMs: number;
  readonly labels: readonly Labels[];
  readonly stepStart: Int32Array;
  readonly series: Int32Array;
  readonly values: Float64Array;
}

/**
 * A recording rule's outputs for every step of a range result, from its
 * columns: what recordingOutput gives step by step, in the same order (a
 * step's samples in series order, output series numbered as they first
 * appear), or undefined where it would fail at some step (two samples with
 * one output label set, or more than `limit`).
 */
function writtenOutputs(
  rule: EvalRecordingRule,
  input: readonly RangeSeriesColumns[],
  steps: number,
  limit: number,
  startMs: number,
  stepMs: number,
): WrittenOutputs | undefined {
  // Plain loops: Int32Array.from with a mapping function was a third of a dry-run's batch writing.
  const stepOf = input.map(({ t }) => {
    const ks = new Int32Array(t.length);
    for (let m = 0; m < t.length; m++) ks[m] = stepIndexOf(t[m]!, startMs, stepMs, steps);
    return ks;
  });
  const perStep = new Int32Array(steps);
  for (const ks of stepOf) for (const k of ks) if (k >= 0) perStep[k]!++;
  if (limit > 0 && perStep.some((c) => c > limit)) return undefined;
  // Which steps each output series has a sample at: a second one is the duplicate error.
  const outputOf = input.map((s) => recordingOutputSeries(rule, s.labels));
  const taken = new Map<RecordingOutputSeries, Uint8Array>();
  for (let j = 0; j < input.length; j++) {
    let at = taken.get(outputOf[j]!);
    if (!at) taken.set(outputOf[j]!, (at = new Uint8Array(steps)));
    for (const k of stepOf[j]!) {
      if (k < 0) continue;
      if (at[k] !== 0) return undefined;
      at[k] = 1;
    }
  }
  // Output series are numbered as they first appear in step order, a step's
  // samples in input order: by each input's first step, then by input index.
  // Numbering inputs, not samples, keeps a map lookup out of the per-sample loop.
  const firstStep = stepOf.map((ks) => {
    let first = -1;
    for (const k of ks) if (k >= 0 && (first < 0 || k < first)) first = k;
    return first;
  });
  const byFirstAppearance = input
    .map((_, j) => j)
    .filter((j) => firstStep[j]! >= 0)
    .sort((a, b) => firstStep[a]! - firstStep[b]! || a - b);
  const labels: Labels[] = [];
  const indexOf = new Map<RecordingOutputSeries, number>();
  const outputIndex = new Int32Array(input.length);
  for (const j of byFirstAppearance) {
    const o = outputOf[j]!;
    let idx = indexOf.get(o);
    if (idx === undefined) {
      idx = labels.length;
      labels.push(o.labels);
      indexOf.set(o, idx);
    }
    outputIndex[j] = idx;
  }
  const stepStart = new Int32Array(steps + 1);
  for (let k = 0; k < steps; k++) stepStart[k + 1] = stepStart[k]! + perStep[k]!;
  const total = stepStart[steps]!;
  const next = stepStart.slice(0, steps);
  const series = new Int32Array(total);
  const values = new Float64Array(total);
  input.forEach((s, j) => {
    const ks = stepOf[j]!;
    const idx = outputIndex[j]!;
    for (let m = 0; m < ks.length; m++) {
      const k = ks[m]!;
      if (k < 0) continue;
      const p = next[k]!++;
      series[p] = idx;
      values[p] = s.f[m]!;
    }
  });
  return { startMs, stepMs, labels, stepStart, series, values };
}

/**
 * Each output series' samples as storage gets them: its value at every step
 * it has one, and a staleness marker at the first step it is missing after
 * one it had. Sized by a counting pass, so no sample goes through a JS array.
 */
function outputColumns(w: WrittenOutputs): { ts: Float64Array; vs: Float64Array }[] {
  const steps = w.stepStart.length - 1;
  const count = new Int32Array(w.labels.length);
  const lastStep = new Int32Array(w.labels.length).fill(-1);
  // Visits every sample and every marker in time order; `write` is called
  // with the output index, the step and the value (STALE_NAN for a marker).
  const sweep = (write: (idx: number, k: number, value: number) => void): void => {
    lastStep.fill(-1);
    for (let k = 0; k < steps; k++) {
      for (let j = w.stepStart[k]!; j < w.stepStart[k + 1]!; j++) {
        const idx = w.series[j]!;
        lastStep[idx] = k;
        write(idx, k, w.values[j]!);
      }
      if (k === 0) continue;
      for (let j = w.stepStart[k - 1]!; j < w.stepStart[k]!; j++) {
        const idx = w.series[j]!;
        if (lastStep[idx] !== k) write(idx, k, STALE_NAN);
      }
    }
  };
  sweep((idx) => count[idx]!++);
  const out = Array.from(count, (n) => ({ ts: new Float64Array(n), vs: new Float64Array(n) }));
  const filled = new Int32Array(w.labels.length);
  sweep((idx, k, value) => {
    const at = filled[idx]!++;
    out[idx]!.ts[at] = w.startMs + k * w.stepMs;
    out[idx]!.vs[at] = value;
  });
  return out;
}

/** The index of the prepared step at `timeMs`, or -1 when it is not one of them. */
function writtenStepOf(w: WrittenOutputs, timeMs: number): number {
  const k = (timeMs - w.startMs) / w.stepMs;
  return Number.isInteger(k) && k >= 0 && k < w.stepStart.length - 1 ? k : -1;
}
