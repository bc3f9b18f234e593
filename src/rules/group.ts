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
  /** The series the rule wrote at this evaluation. */
  readonly samples: readonly Sample[];
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
      const bySeries = outputs.labels.map(() => ({ ts: [] as number[], vs: [] as number[], step: -1 }));
      let previous: number[] = [];
      for (let k = 0; k < n; k++) {
        const t = outputs.startMs + k * stepMs;
        const now: number[] = [];
        for (let j = outputs.stepStart[k]!; j < outputs.stepStart[k + 1]!; j++) {
          const entry = bySeries[outputs.series[j]!]!;
          entry.ts.push(t);
          entry.vs.push(outputs.values[j]!);
          entry.step = k;
          now.push(outputs.series[j]!);
        }
        for (const idx of previous) {
          const entry = bySeries[idx]!;
          if (entry.step === k) continue;
          entry.ts.push(t);
          entry.vs.push(STALE_NAN);
        }
        previous = now;
      }
      bySeries.forEach((e, idx) => {
        const labels = outputs.labels[idx]!;
        if (this.backend.appendMany) this.backend.appendMany(labels, Float64Array.from(e.ts), Float64Array.from(e.vs));
        else for (let k = 0; k < e.ts.length; k++) this.backend.append(labels, e.ts[k]!, e.vs[k]!);
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
      const written = this.prewritten[i] && samplesAt(this.prewritten[i], evalTime);
      if (written) {
        onRule?.({ rule, timeMs, samples: written });
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
        onRule?.({ rule, timeMs, samples: [] });
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
      onRule?.({ rule, timeMs, samples: out });
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
  const stepOf = input.map(({ t }) => Int32Array.from(t, (ts) => stepIndexOf(ts, startMs, stepMs, steps)));
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
  const stepStart = new Int32Array(steps + 1);
  for (let k = 0; k < steps; k++) stepStart[k + 1] = stepStart[k]! + perStep[k]!;
  const total = stepStart[steps]!;
  const next = stepStart.slice(0, steps);
  const outputAt: RecordingOutputSeries[] = new Array<RecordingOutputSeries>(total);
  const values = new Float64Array(total);
  input.forEach((s, j) => {
    const ks = stepOf[j]!;
    for (let m = 0; m < ks.length; m++) {
      const k = ks[m]!;
      if (k < 0) continue;
      const p = next[k]!++;
      outputAt[p] = outputOf[j]!;
      values[p] = s.f[m]!;
    }
  });
  const labels: Labels[] = [];
  const indexOf = new Map<RecordingOutputSeries, number>();
  const series = new Int32Array(total);
  for (let p = 0; p < total; p++) {
    const o = outputAt[p]!;
    let idx = indexOf.get(o);
    if (idx === undefined) {
      idx = labels.length;
      labels.push(o.labels);
      indexOf.set(o, idx);
    }
    series[p] = idx;
  }
  return { startMs, stepMs, labels, stepStart, series, values };
}

/** The samples written at `timeMs`, when it is one of the prepared steps. */
function samplesAt(w: WrittenOutputs, timeMs: number): Sample[] | undefined {
  const k = (timeMs - w.startMs) / w.stepMs;
  if (!Number.isInteger(k) || k < 0 || k >= w.stepStart.length - 1) return undefined;
  const out: Sample[] = [];
  for (let j = w.stepStart[k]!; j < w.stepStart[k + 1]!; j++) out.push({ labels: w.labels[w.series[j]!]!, value: w.values[j]! });
  return out;
}
