// The typed PromQL AST. It is converted once from the lezer tree (see
// convert.ts) and is what every later layer (type checker, printer, linter,
// engine, rule-pack compiler) works on. It follows Prometheus's
// promql/parser/ast.go closely so that semantics and printing can be compared
// node by node, with two deliberate differences:
//   - a vector selector's metric name and its explicit matchers are kept
//     apart (`name` + `matchers`); `allMatchers()` gives Prometheus's combined
//     view with the `__name__` matcher first;
//   - durations are always DurationExpr nodes (a plain `5m` is a
//     DurationLiteral), so a consumer never has to look at two fields.
//
// Every node carries `pos`: half-open UTF-16 offsets [start, end) into the
// expression text it was parsed from. See docs/ast-and-positions.md.

import type { PosRange } from '../positions.js';

// Positions belong to the lowest layer; re-exported so `PosRange` stays part of the PromQL API.
export type { PosRange };

/** The four value types of PromQL. */
export type ValueType = 'scalar' | 'vector' | 'matrix' | 'string';

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  readonly name: string;
  readonly op: MatchOp;
  readonly value: string;
  readonly pos: PosRange;
}

export type AggregateOp =
  'sum' | 'avg' | 'count' | 'min' | 'max' | 'group' | 'stddev' | 'stdvar' | 'topk' | 'bottomk' | 'count_values' | 'quantile' | 'limitk' | 'limit_ratio';

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%' | '^' | 'atan2';
export type ComparisonOp = '==' | '!=' | '>' | '<' | '>=' | '<=';
export type SetOp = 'and' | 'or' | 'unless';
/** Experimental native-histogram trim operators (`</` trims the upper side, `>/` the lower). */
export type TrimOp = '</' | '>/';
export type BinaryOp = ArithmeticOp | ComparisonOp | SetOp | TrimOp;

export type VectorMatchCardinality = 'one-to-one' | 'many-to-one' | 'one-to-many' | 'many-to-many';

/** The `on`/`ignoring`, `group_left`/`group_right` and `fill*` modifiers of a binary expression. */
export interface VectorMatching {
  readonly card: VectorMatchCardinality;
  /** True for `on(...)`, false for `ignoring(...)` or when no clause was written. */
  readonly on: boolean;
  /** The labels of `on`/`ignoring`; empty when no clause was written. */
  readonly matchingLabels: readonly string[];
  /** True when an `on`/`ignoring` clause was written (even an empty one). */
  readonly explicit: boolean;
  /** Extra labels taken from the "one" side with `group_left(...)`/`group_right(...)`. */
  readonly include: readonly string[];
  /** `fill(v)` sets both; `fill_left(v)` / `fill_right(v)` one side. */
  readonly fill?: { readonly lhs?: number; readonly rhs?: number };
  /** Position of the whole modifier text (for diagnostics). */
  readonly pos?: PosRange;
}

/** `@ <timestamp>`, `@ start()`, `@ end()`. Timestamps are in milliseconds. */
export type AtModifier =
  | { readonly kind: 'timestamp'; readonly ms: number; readonly pos: PosRange }
  | { readonly kind: 'start'; readonly pos: PosRange }
  | { readonly kind: 'end'; readonly pos: PosRange };

// ---------------------------------------------------------------------------
// Duration expressions: ranges, subquery steps and offsets.

export type DurationExpr = DurationLiteral | DurationBinary | DurationUnary | DurationCall | DurationParen;

/** A number or duration literal in duration context, e.g. `5m`, `300`, `1.5`. Value in milliseconds. */
export interface DurationLiteral {
  readonly kind: 'DurationLiteral';
  readonly ms: number;
  /** True when written with units (`5m`), false for a plain number of seconds (`300`). */
  readonly unit: boolean;
  readonly pos: PosRange;
}

export interface DurationBinary {
  readonly kind: 'DurationBinary';
  readonly op: '+' | '-' | '*' | '/' | '%' | '^';
  readonly lhs: DurationExpr;
  readonly rhs: DurationExpr;
  readonly pos: PosRange;
}

export interface DurationUnary {
  readonly kind: 'DurationUnary';
  readonly op: '+' | '-';
  readonly expr: DurationExpr;
  readonly pos: PosRange;
}

/** `step()`, `range()`, `min_of(a, b)`, `max_of(a, b)`. */
export interface DurationCall {
  readonly kind: 'DurationCall';
  readonly func: 'step' | 'range' | 'min_of' | 'max_of';
  readonly args: readonly DurationExpr[];
  readonly pos: PosRange;
}

export interface DurationParen {
  readonly kind: 'DurationParen';
  readonly expr: DurationExpr;
  readonly pos: PosRange;
}

// ---------------------------------------------------------------------------
// Expressions.

export type Expr = NumberLiteral | StringLiteral | VectorSelector | MatrixSelector | SubqueryExpr | Call | AggregateExpr | BinaryExpr | UnaryExpr | ParenExpr;

export type ExprKind = Expr['kind'];

export interface NumberLiteral {
  readonly kind: 'NumberLiteral';
  readonly value: number;
  /** True when written as a duration (`5m` as a number means 300). */
  readonly duration: boolean;
  readonly pos: PosRange;
}

export interface StringLiteral {
  readonly kind: 'StringLiteral';
  /** The unescaped value. */
  readonly value: string;
  readonly pos: PosRange;
}

/** The modifiers that may follow a vector selector or a subquery. */
export interface SelectorModifiers {
  /** `offset <duration>`; negative offsets look into the future. */
  readonly offset?: DurationExpr;
  readonly at?: AtModifier;
}

export interface VectorSelector extends SelectorModifiers {
  readonly kind: 'VectorSelector';
  /** The metric name, from `name{...}` or a lone quoted `{"name"}`; '' when absent. */
  readonly name: string;
  /** The matchers written inside braces, excluding the one that set `name`. */
  readonly matchers: readonly LabelMatcher[];
  /** Experimental extended range selectors. */
  readonly anchored?: boolean;
  readonly smoothed?: boolean;
  readonly pos: PosRange;
}

export interface MatrixSelector {
  readonly kind: 'MatrixSelector';
  /** The selector; its `offset`/`at`/`anchored`/`smoothed` are written after the brackets. */
  readonly vector: VectorSelector;
  readonly range: DurationExpr;
  readonly pos: PosRange;
}

export interface SubqueryExpr extends SelectorModifiers {
  readonly kind: 'SubqueryExpr';
  readonly expr: Expr;
  readonly range: DurationExpr;
  /** Resolution; absent means the default evaluation interval. */
  readonly step?: DurationExpr;
  readonly pos: PosRange;
}

export interface Call {
  readonly kind: 'Call';
  readonly func: string;
  readonly args: readonly Expr[];
  readonly pos: PosRange;
}

export interface AggregateExpr {
  readonly kind: 'AggregateExpr';
  readonly op: AggregateOp;
  readonly expr: Expr;
  /** The parameter of topk/bottomk/quantile/count_values/limitk/limit_ratio. */
  readonly param?: Expr;
  readonly grouping: readonly string[];
  readonly without: boolean;
  /** True when a `by`/`without` clause was written, even an empty `by ()`. */
  readonly hasGrouping: boolean;
  readonly pos: PosRange;
}

export interface BinaryExpr {
  readonly kind: 'BinaryExpr';
  readonly op: BinaryOp;
  readonly lhs: Expr;
  readonly rhs: Expr;
  /** The `bool` modifier on a comparison. */
  readonly returnBool: boolean;
  /**
   * Present when a matching or fill modifier was written (`on`, `ignoring`,
   * `group_left`, `group_right`, `fill*`). Absent means the default: one-to-one,
   * or many-to-many for `and`/`or`/`unless`.
   */
  readonly matching?: VectorMatching;
  /** Position of the operator token. */
  readonly opPos: PosRange;
  readonly pos: PosRange;
}

export interface UnaryExpr {
  readonly kind: 'UnaryExpr';
  readonly op: '+' | '-';
  readonly expr: Expr;
  readonly pos: PosRange;
}

export interface ParenExpr {
  readonly kind: 'ParenExpr';
  readonly expr: Expr;
  readonly pos: PosRange;
}

// ---------------------------------------------------------------------------
// Small shared helpers on the AST.

const PARAMETERISED_AGGREGATE_OPS: readonly AggregateOp[] = ['topk', 'bottomk', 'count_values', 'quantile', 'limitk', 'limit_ratio'];

export const AGGREGATE_OPS: readonly AggregateOp[] = ['sum', 'avg', 'count', 'min', 'max', 'group', 'stddev', 'stdvar', ...PARAMETERISED_AGGREGATE_OPS];

/** Aggregations that take a parameter before the vector argument. */
export const PARAMETERISED_AGGREGATES: ReadonlySet<AggregateOp> = new Set(PARAMETERISED_AGGREGATE_OPS);

export const COMPARISON_OPS: ReadonlySet<BinaryOp> = new Set(['==', '!=', '>', '<', '>=', '<=']);
export const SET_OPS: ReadonlySet<BinaryOp> = new Set(['and', 'or', 'unless']);

export function isComparisonOp(op: BinaryOp): op is ComparisonOp {
  return COMPARISON_OPS.has(op);
}

export function isSetOp(op: BinaryOp): op is SetOp {
  return SET_OPS.has(op);
}

/**
 * Prometheus's view of a selector's matchers: the `__name__` matcher for the
 * metric name first (when there is a name), then the explicit ones.
 */
export function allMatchers(vs: VectorSelector): LabelMatcher[] {
  if (vs.name === '') return [...vs.matchers];
  return [{ name: '__name__', op: '=', value: vs.name, pos: vs.pos }, ...vs.matchers];
}

/** The metric name a selector selects by equality, from its name or a `__name__="..."` matcher. */
export function metricNameOf(vs: VectorSelector): string | undefined {
  if (vs.name !== '') return vs.name;
  for (const m of vs.matchers) if (m.name === '__name__' && m.op === '=') return m.value;
  return undefined;
}

/** The direct child expressions of a node, in source order. */
export function children(node: Expr): Expr[] {
  switch (node.kind) {
    case 'NumberLiteral':
    case 'StringLiteral':
    case 'VectorSelector':
      return [];
    case 'MatrixSelector':
      return [node.vector];
    case 'SubqueryExpr':
      return [node.expr];
    case 'Call':
      return [...node.args];
    case 'AggregateExpr':
      return node.param ? [node.param, node.expr] : [node.expr];
    case 'BinaryExpr':
      return [node.lhs, node.rhs];
    case 'UnaryExpr':
    case 'ParenExpr':
      return [node.expr];
    default:
      return assertNever(node);
  }
}

/**
 * Depth-first, pre-order walk. The visitor gets each node and the path of its
 * ancestors (outermost first); returning false skips the node's children.
 */
export function walk(root: Expr, visit: (node: Expr, path: readonly Expr[]) => boolean | void): void {
  // An explicit stack, not recursion: expressions may nest 100,000 deep.
  const path: Expr[] = [];
  const pending: { kids: readonly Expr[]; next: number }[] = [];
  const enter = (node: Expr): void => {
    if (visit(node, path) === false) return;
    path.push(node);
    pending.push({ kids: children(node), next: 0 });
  };
  enter(root);
  while (pending.length > 0) {
    const top = pending[pending.length - 1]!;
    if (top.next < top.kids.length) enter(top.kids[top.next++]!);
    else {
      pending.pop();
      path.pop();
    }
  }
}

/** Strips any number of enclosing parentheses. */
export function unwrapParens(node: Expr): Expr {
  let n = node;
  while (n.kind === 'ParenExpr') n = n.expr;
  return n;
}

export function assertNever(x: never): never {
  throw new Error(`unexpected AST node: ${JSON.stringify(x)}`);
}
