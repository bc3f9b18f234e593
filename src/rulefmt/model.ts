// The typed model of a rule file, as every later layer (lint, eval, fmt, test)
// consumes it. Every field keeps the span of the YAML node it was read from,
// so a finding about any value can be reported at its exact file position;
// string values read from scalars also keep the scalar's position map, so an
// offset *inside* the value (a PromQL or template error) maps to the file too.
import type { Scalar } from 'yaml';
import type { Expr, ValueType } from '../promql/ast.js';
import type { Diagnostic } from '../diagnostics.js';
import type { ScalarSourceMap } from '../yaml/scalar-map.js';
import type { SourceSpan, SourceText } from '../positions.js';

/** Which rule-file flavour extra fields are accepted for. */
export type Dialect = 'prometheus' | 'thanos' | 'mimir';
export const DIALECTS: readonly Dialect[] = ['prometheus', 'thanos', 'mimir'];

/** A value read from YAML, with the span of its value node and of its key. */
export interface Located<T> {
  readonly value: T;
  /** Span of the value node (or of the key when the value is empty). */
  readonly span: SourceSpan;
  /** Span of the mapping key that introduced the value, when there is one. */
  readonly keySpan?: SourceSpan;
}

/** A string read from a YAML scalar: offsets into `value` map to the file. */
export interface LocatedString extends Located<string> {
  /** The scalar node; undefined when the value was absent or null. */
  readonly node?: Scalar;
  /** Value offset → file offset map (see src/yaml/scalar-map.ts). */
  readonly map?: ScalarSourceMap;
}

/** A Prometheus duration (`model.ParseDuration`): milliseconds plus the text. */
export interface ModelDuration {
  readonly ms: number;
  readonly text: string;
}

/** One `name: value` entry of a labels or annotations map. */
export interface LabelEntry {
  readonly name: LocatedString;
  readonly value: LocatedString;
}

/** A labels/annotations map in file order. */
export interface LabelMap {
  readonly entries: readonly LabelEntry[];
  /** Span of the mapping (or of the key when the value is empty). */
  readonly span: SourceSpan;
  /** Span of the `labels:`/`annotations:` key. */
  readonly keySpan?: SourceSpan;
}

/** The rule's `expr`, with the parser's result. */
export interface RuleExpr extends LocatedString {
  /** The parsed expression, when it parsed without errors. */
  readonly expr?: Expr;
  readonly type?: ValueType;
  /** PromQL diagnostics, `pos` relative to `value` (map with `map`). */
  readonly diagnostics: readonly Diagnostic[];
}

interface RuleBase {
  /** 0-based position of the rule in its group. */
  readonly index: number;
  /** Span of the rule's mapping node. */
  readonly span: SourceSpan;
  readonly expr: RuleExpr;
  readonly labels?: LabelMap;
}

export interface RecordingRule extends RuleBase {
  readonly kind: 'recording';
  readonly record: LocatedString;
}

export interface AlertingRule extends RuleBase {
  readonly kind: 'alerting';
  readonly alert: LocatedString;
  readonly for?: Located<ModelDuration>;
  readonly keepFiringFor?: Located<ModelDuration>;
  readonly annotations?: LabelMap;
}

/**
 * A rule. Rules that are neither recording nor alerting (or both) are reported
 * as errors and left out of the model.
 */
export type Rule = RecordingRule | AlertingRule;

/** The Kubernetes resource a group came from (PrometheusRule input). */
export interface ResourceRef {
  readonly kind: 'PrometheusRule';
  readonly name?: string;
  readonly namespace?: string;
  /** 0-based index of the YAML document holding the resource. */
  readonly document: number;
}

export interface RuleGroup {
  readonly name: LocatedString;
  readonly interval?: Located<ModelDuration>;
  readonly queryOffset?: Located<ModelDuration>;
  readonly limit?: Located<number>;
  readonly labels?: LabelMap;
  readonly rules: readonly Rule[];
  /** Span of the group's mapping node. */
  readonly span: SourceSpan;
  /** Thanos Ruler (dialect `thanos`, and PrometheusRule resources). */
  readonly partialResponseStrategy?: Located<'warn' | 'abort'>;
  /** Mimir (dialect `mimir`): tenants a federated group queries. */
  readonly sourceTenants?: Located<readonly string[]>;
  /** Mimir (dialect `mimir`): the older name of `query_offset`. */
  readonly evaluationDelay?: Located<ModelDuration>;
  /** Mimir (dialect `mimir`). */
  readonly alignEvaluationTimeOnInterval?: Located<boolean>;
  /** Set when the group came from a PrometheusRule resource. */
  readonly resource?: ResourceRef;
}

/** How the file was recognised. */
export type RuleFileFormat = 'rules' | 'prometheus-rule' | 'mimir-namespace';

export interface RuleFile {
  /** The path as given (or `<stdin>`). */
  readonly path: string;
  readonly format: RuleFileFormat;
  /** Mimir/Cortex `namespace:` (format `mimir-namespace`). */
  readonly namespace?: LocatedString;
  readonly groups: readonly RuleGroup[];
  /** The file's text and line index, to map any offset to line:column. */
  readonly source: SourceText;
}

/** The name a rule is known by: its `record` or `alert` value. */
export function ruleName(rule: Rule): string {
  return rule.kind === 'recording' ? rule.record.value : rule.alert.value;
}
