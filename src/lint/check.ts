// The shape of a lint check and of the problems it reports. Each check lives
// in its own file `src/lint/checks/<group>/<name>.ts` and exports one check;
// the registry (checks/index.ts) is the only list of them. A check that
// looks at expression nodes is a VisitorCheck (handlers by node kind, one
// shared walk per rule); RuleCheck is for checks of a rule's fields and
// RuleSetCheck for checks across rules.

import type { Expr, ExprKind, PosRange } from '../promql/ast.js';
import type { Severity } from '../diagnostics.js';
import type { MetricTypes } from '../knowledge/metric-types.js';
import type { LintRule, ProblemLocation } from './rule-context.js';
import type { ServerFacts } from './server-facts.js';

export type CheckGroup = 'promql' | 'alerts' | 'rule' | 'group';

/** A JSON Schema (draft-07 subset, validated with ajv) for a check's options. */
export type OptionsSchema = Readonly<Record<string, unknown>>;

export interface CheckMeta {
  /** `<group>/<name>`: also the file name and the doc page. */
  readonly id: string;
  readonly defaultSeverity: Severity;
  readonly description: string;
  /** Schema of the `options` object; `{type:'object', additionalProperties:false}` when none. */
  readonly optionsSchema: OptionsSchema;
}

/** What a check reports; the runner adds the check id, severity and rule. */
export interface Finding {
  readonly message: string;
  readonly details?: string;
  readonly location: ProblemLocation;
  /**
   * This finding's severity when it differs from the check's default (e.g. an
   * invalid regex is an error in a warning-level check). A severity set in the
   * lint options still wins over it.
   */
  readonly severity?: Severity;
}

export interface Problem {
  readonly check: string;
  readonly severity: Severity;
  readonly message: string;
  readonly details?: string;
  readonly rule: { readonly name: string; readonly kind: LintRule['kind']; readonly group: string; readonly index: number };
  readonly location: ProblemLocation;
  /** File position, when the rule came from a file (see adapter.ts). */
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly endLine?: number;
  readonly endColumn?: number;
}

/** Settings shared by all checks. */
export interface LintEnvironment {
  readonly metricTypes: MetricTypes;
  /** The expression of each recording rule of the rule set, by output name (the first one when repeated). */
  readonly recordings: ReadonlyMap<string, Expr>;
  /**
   * Metric names the rule set reads with rate(), irate(), increase() or
   * resets(): its own evidence that they are counters, which a `_total` name
   * alone is not (gauges such as `node_filesystem_files_total` break it).
   */
  readonly ratedMetrics: ReadonlySet<string>;
  /** Scrape interval in ms and whether it was configured (otherwise assumed). */
  readonly scrapeIntervalMs: number;
  readonly scrapeIntervalConfigured: boolean;
  /** Evaluation interval for groups without `interval`. */
  readonly evaluationIntervalMs: number;
  /** What `lint --prometheus` learnt about the rules' selectors (checks that need a server). */
  readonly server?: ServerFacts;
}

export interface CheckContext<O> {
  readonly options: O;
  readonly env: LintEnvironment;
}

export interface RuleCheck<O = Record<string, never>> {
  readonly scope: 'rule';
  readonly meta: CheckMeta;
  readonly defaults: O;
  /** Called for every rule; `rule.expr` may be absent (unparsable), most checks then return []. */
  check(rule: LintRule, ctx: CheckContext<O>): Finding[];
}

export interface RuleSetCheck<O = Record<string, never>> {
  readonly scope: 'ruleset';
  readonly meta: CheckMeta;
  readonly defaults: O;
  /** Called once with every rule; returns findings tied to rules. */
  check(rules: readonly LintRule[], ctx: CheckContext<O>): { rule: LintRule; finding: Finding }[];
}

/**
 * Handlers of a visitor check, keyed by the AST node kind they handle; each
 * gets the node narrowed to that kind and its ancestors (outermost first).
 * Returning false skips the node's children, for this check only.
 */
export type NodeHandlers = {
  readonly [K in ExprKind]?: (node: Extract<Expr, { readonly kind: K }>, path: readonly Expr[]) => boolean | void;
};

/** What a visitor check's create() gets: one rule with an expression, the options and environment, and report(). */
export interface VisitorContext<O> extends CheckContext<O> {
  readonly rule: LintRule & { readonly expr: Expr };
  report(finding: Finding): void;
}

/**
 * A check of the nodes of a rule's expression (ESLint's create() model).
 * create() is called once per rule that has an expression and does the
 * rule-level work (it may report at once); it returns the node handlers, or
 * undefined when the rule needs no walk. The runner walks each expression
 * once, iteratively, for all visitor checks, then calls `ruleEnd` (for
 * checks that decide on the whole rule after seeing its nodes).
 */
export interface VisitorCheck<O = Record<string, never>> {
  readonly scope: 'visitor';
  readonly meta: CheckMeta;
  readonly defaults: O;
  create(ctx: VisitorContext<O>): (NodeHandlers & { readonly ruleEnd?: () => void }) | undefined;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the registry holds checks of any options type
export type AnyCheck = RuleCheck<any> | RuleSetCheck<any> | VisitorCheck<any>;

export const NO_OPTIONS_SCHEMA: OptionsSchema = { type: 'object', properties: {}, additionalProperties: false };

/** A finding at a node of the rule's expression. */
export function atExpr(message: string, pos: PosRange | Expr, extra: { details?: string; severity?: Severity } = {}): Finding {
  const range = 'kind' in pos ? pos.pos : pos;
  return { message, location: { kind: 'expr', pos: range }, ...extra };
}

/** A finding at a rule field. */
export function atField(
  message: string,
  field: Extract<ProblemLocation, { kind: 'field' }>['field'],
  extra: { key?: string; pos?: PosRange; details?: string; severity?: Severity } = {},
): Finding {
  const { key, pos, ...rest } = extra;
  return { message, location: { kind: 'field', field, ...(key !== undefined ? { key } : {}), ...(pos ? { pos } : {}) }, ...rest };
}
