// The rule-evaluation model: what the group evaluator needs of a rule,
// decoupled from how the rule was written (rule file, rule pack, test). An
// adapter builds it from the rulefmt model (see from-rulefmt.ts).

import type { Expr } from '../promql/ast.js';
import type { Labels } from '../model/labels.js';

export interface EvalRuleBase {
  readonly name: string;
  readonly expr: Expr;
  /** Rule labels (templates for alerting rules), group labels already merged in. */
  readonly labels: readonly (readonly [string, string])[];
}

export interface EvalRecordingRule extends EvalRuleBase {
  readonly kind: 'recording';
}

export interface EvalAlertingRule extends EvalRuleBase {
  readonly kind: 'alerting';
  readonly annotations: readonly (readonly [string, string])[];
  readonly forMs: number;
  readonly keepFiringForMs: number;
}

export type EvalRule = EvalRecordingRule | EvalAlertingRule;

export interface EvalGroup {
  readonly name: string;
  /** The group's own interval; undefined means the default evaluation interval. */
  readonly intervalMs?: number;
  readonly queryOffsetMs: number;
  /** 0 = no limit. */
  readonly limit: number;
  readonly rules: readonly EvalRule[];
  /** Where the group came from, for messages. */
  readonly file?: string;
}

export interface Sample {
  readonly labels: Labels;
  readonly value: number;
}

/** What rule evaluation needs from the engine and storage. */
export interface RuleBackend {
  /** Evaluates an instant query; the result must be a vector or a scalar. */
  query(expr: Expr, timeMs: number): { ok: true; samples: readonly Sample[] } | { ok: false; error: string };
  /** Writes a sample (rule output, ALERTS series, staleness marker) back to storage. */
  append(labels: Labels, timeMs: number, value: number): void;
  /** Bulk append of one series (optional; faster than one append per sample). */
  appendMany?(labels: Labels, times: Float64Array, values: Float64Array): void;
  /**
   * Evaluates at every time from `startMs` to `endMs` by `stepMs` in one go
   * (optional: without it every rule is evaluated step by step). The result
   * holds the series as columns and the samples of each step (RangeStepsResult).
   */
  queryRange?(expr: Expr, startMs: number, endMs: number, stepMs: number): RangeStepsResult;
}

/**
 * A range query's result: its series as columns, which recording rules write
 * without a sample object per point, and the samples of each step (made of
 * the same series, in the same order) for what is evaluated step by step.
 */
export type RangeStepsResult =
  | { readonly ok: true; readonly series: readonly RangeSeriesColumns[]; readonly steps: readonly (readonly Sample[])[] }
  | { readonly ok: false; readonly error: string };

/** One series of a range query's result; `t` holds evaluation times from the query's range. */
export interface RangeSeriesColumns {
  readonly labels: Labels;
  readonly t: Float64Array;
  readonly f: Float64Array;
}

/** Expands one alert label or annotation template. Errors come back as text, as Prometheus does. */
export type TemplateExpander = (text: string, data: { readonly labels: Labels; readonly value: number; readonly timeMs: number }) => string;
