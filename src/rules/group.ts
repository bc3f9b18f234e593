// Group evaluation as Prometheus's rules/group.go does it: rules in order,
// each seeing what the rules before it wrote at the same timestamp; outputs
// written back to storage; series a rule produced last time but not now get
// a staleness marker.

import type { Labels } from '../model/labels.js';
import { cachedLabelsKey } from '../model/labels.js';
import { STALE_NAN } from '../model/stale.js';
import { AlertingRuleState } from './alerting.js';
import { type RecordingOutputSeries, recordingOutput } from './recording.js';
import { isBatchable } from './batch.js';
import type { EvalGroup, EvalRule, RuleBackend, Sample, TemplateExpander } from './types.js';

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
  /** Recording rules whose outputs (and staleness markers) were written by `prepare`: time → outputs. */
  private readonly prewritten: (Map<number, readonly Sample[]> | undefined)[];

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
      if (!r.ok || r.steps.length !== n) return; // e.g. an error at some step: evaluate step by step
      const byTime = new Map<number, readonly Sample[]>();
      r.steps.forEach((samples, k) => byTime.set(startMs - offset + k * stepMs, samples));
      this.precomputed[i] = byTime;
      if (rule.kind !== 'recording') return;
      // Write the outputs now, unless some step fails (then per-step evaluation reports it).
      const outputs = new Map<number, readonly Sample[]>();
      const seriesAt: (readonly RecordingOutputSeries[])[] = [];
      for (const [t, samples] of byTime) {
        const out = recordingOutput(rule, samples, this.group.limit);
        if (out.error !== undefined) return;
        outputs.set(t, out.samples);
        seriesAt.push(out.series);
      }
      // Write each output series in one go, staleness markers included. An
      // output series is one object (recordingOutputSeries), so it is found
      // by identity, and `step` tells whether it was written at this step.
      interface Written {
        readonly labels: Labels;
        readonly ts: number[];
        readonly vs: number[];
        step: number;
      }
      const bySeries = new Map<RecordingOutputSeries, Written>();
      let previous: Written[] = [];
      let step = 0;
      for (const [t, samples] of outputs) {
        const series = seriesAt[step++]!;
        const now: Written[] = [];
        samples.forEach((s, j) => {
          let entry = bySeries.get(series[j]!);
          if (!entry) bySeries.set(series[j]!, (entry = { labels: s.labels, ts: [], vs: [], step: 0 }));
          entry.ts.push(t);
          entry.vs.push(s.value);
          entry.step = step;
          now.push(entry);
        });
        for (const entry of previous) {
          if (entry.step === step) continue;
          entry.ts.push(t);
          entry.vs.push(STALE_NAN);
        }
        previous = now;
      }
      for (const e of bySeries.values()) {
        if (this.backend.appendMany) this.backend.appendMany(e.labels, Float64Array.from(e.ts), Float64Array.from(e.vs));
        else for (let k = 0; k < e.ts.length; k++) this.backend.append(e.labels, e.ts[k]!, e.vs[k]!);
      }
      // The query results are no longer needed once the outputs are written.
      this.precomputed[i] = undefined;
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
      const written = this.prewritten[i]?.get(evalTime);
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
