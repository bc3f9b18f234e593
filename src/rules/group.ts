// Group evaluation as Prometheus's rules/group.go does it: rules in order,
// each seeing what the rules before it wrote at the same timestamp; outputs
// written back to storage; series a rule produced last time but not now get
// a staleness marker.

import type { Labels } from '../model/labels.js';
import { labelsKey } from '../model/labels.js';
import { STALE_NAN } from '../model/stale.js';
import { AlertingRuleState } from './alerting.js';
import { recordingOutput } from './recording.js';
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

  constructor(
    readonly group: EvalGroup,
    private readonly backend: RuleBackend,
    private readonly expand: TemplateExpander,
  ) {
    this.alertStates = group.rules.map((r) => (r.kind === 'alerting' ? new AlertingRuleState(r) : undefined));
    this.previous = group.rules.map(() => new Map());
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
      const result = this.backend.query(rule.expr, evalTime);
      let written: Sample[] = [];
      let error: string | undefined;
      if (!result.ok) error = result.error;
      else if (rule.kind === 'recording') {
        const r = recordingOutput(rule, result.samples, this.group.limit);
        written = r.samples;
        error = r.error;
      } else {
        const r = this.alertStates[i]!.evaluate(timeMs, result.samples, this.expand, this.group.limit);
        written = r.series;
        error = r.error;
      }
      if (error !== undefined) {
        // As in Prometheus, a failed rule writes nothing and leaves its previous series alone.
        errors.push({ group: this.group.name, rule: rule.name, timeMs, message: error });
        onRule?.({ rule, timeMs, samples: [] });
        return;
      }

      const now = new Map<string, Labels>();
      for (const s of written) {
        this.backend.append(s.labels, evalTime, s.value);
        now.set(labelsKey(s.labels), s.labels);
      }
      // Series that disappeared get a staleness marker, so later lookups stop seeing them.
      for (const [key, ls] of this.previous[i]!) if (!now.has(key)) this.backend.append(ls, evalTime, STALE_NAN);
      this.previous[i] = now;
      onRule?.({ rule, timeMs, samples: written });
    });
    return errors;
  }
}
