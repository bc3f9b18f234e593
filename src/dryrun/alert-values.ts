// What a dry-run report draws per alerting rule: the value of the compared
// signal (`signal > 5` draws `signal`, also where it is below the threshold,
// which the alert's own output hides), else of the whole expression, at every
// evaluation of the rule's group, read from the dry run's own storage at the
// moment the rule was evaluated: native histograms, recording-rule outputs
// exactly as the dry run wrote them (staleness markers, limits, query offset)
// and the Prometheus version's semantics are the ones the alert saw.

import type { Expr } from '../promql/ast.js';
import { type Labels, compareLabels, labelsKey } from '../model/labels.js';
import { isBatchable } from '../rules/batch.js';
import type { EvalAlertingRule, EvalGroup, RuleBackend, Sample } from '../rules/types.js';
import { type ThresholdSplit, splitThreshold } from './threshold-split.js';

export interface PlottedSeries {
  readonly labels: Labels;
  /** The value at each of `AlertValues.times`; NaN where the series had none. */
  readonly values: Float64Array;
}

export interface AlertValues {
  /** The alerting rule these values belong to (its labels and expression). */
  readonly rule: EvalAlertingRule;
  /** `signal op threshold` when the expression has that shape. */
  readonly split?: ThresholdSplit;
  /** What is drawn: the compared signal, or the whole expression. */
  readonly plotted: Expr;
  /** The group's evaluation times (ms). */
  readonly times: Float64Array;
  /** Sorted by labels. */
  readonly series: readonly PlottedSeries[];
  /** The first evaluation error of the plotted expression. */
  readonly error?: string;
  /** Why there are no values at all (the rules were evaluated elsewhere). */
  readonly unavailable?: string;
}

/** Collects one alerting rule's plotted values during a dry run. */
export class AlertValuesRecorder {
  private readonly split: ThresholdSplit | undefined;
  private readonly plotted: Expr;
  private readonly times: Float64Array;
  private readonly series = new Map<string, { labels: Labels; values: Float64Array }>();
  private error: string | undefined;
  /** Filled from one range query in `prepare`: nothing to do per step. */
  private complete = false;

  constructor(
    private readonly group: EvalGroup,
    private readonly rule: EvalAlertingRule,
    startMs: number,
    endMs: number,
    private readonly intervalMs: number,
  ) {
    this.split = splitThreshold(rule.expr);
    this.plotted = this.split?.signal ?? rule.expr;
    const n = Math.floor((endMs - startMs) / intervalMs) + 1;
    this.times = Float64Array.from({ length: n }, (_, i) => startMs + i * intervalMs);
  }

  /**
   * One range query instead of a query per evaluation when that gives the
   * same values (rules/batch.ts): call it after the groups' own `prepare`,
   * with the rule outputs they have written in full.
   */
  prepare(backend: RuleBackend, ruleOutputs: ReadonlySet<string>, available: ReadonlySet<string>): void {
    if (!backend.queryRange || !isBatchable(this.plotted, ruleOutputs, available)) return;
    const offset = this.group.queryOffsetMs;
    const r = backend.queryRange(this.plotted, this.times[0]! - offset, this.times[this.times.length - 1]! - offset, this.intervalMs);
    if (!r.ok || r.steps.length !== this.times.length) return; // evaluated step by step, which reports the error where it happens
    r.steps.forEach((samples, i) => this.add(i, samples));
    this.complete = true;
  }

  /** Called right after the rule was evaluated at `timeMs`: the storage holds what the rule saw. */
  observe(backend: RuleBackend, timeMs: number): void {
    if (this.complete) return;
    const r = backend.query(this.plotted, timeMs - this.group.queryOffsetMs);
    if (r.ok) this.add(Math.round((timeMs - this.times[0]!) / this.intervalMs), r.samples);
    else this.error ??= r.error;
  }

  private add(i: number, samples: readonly Sample[]): void {
    for (const s of samples) {
      const key = labelsKey(s.labels);
      let entry = this.series.get(key);
      if (!entry) this.series.set(key, (entry = { labels: s.labels, values: new Float64Array(this.times.length).fill(NaN) }));
      entry.values[i] = s.value;
    }
  }

  finish(): AlertValues {
    return {
      rule: this.rule,
      ...(this.split ? { split: this.split } : {}),
      plotted: this.plotted,
      times: this.times,
      series: [...this.series.values()].sort((a, b) => compareLabels(a.labels, b.labels)),
      ...(this.error !== undefined ? { error: this.error } : {}),
    };
  }
}
