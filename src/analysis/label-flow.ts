// Label flow: for an expression, which labels its result series can have,
// must have, and cannot have. This is the one analysis every label-aware
// check shares (promql/impossible, promql/histogram, promql/fragile,
// alerts/template...). It follows Prometheus's evaluation rules for the
// output labels of each node: selectors keep every label, aggregations keep
// only `by` labels (or drop `without` labels and `__name__`), one-to-one
// binary matching with `on(...)` keeps only the `on` labels, `group_left`
// copies its include labels from the "one" side, `absent()` builds labels from
// equality matchers, most functions drop `__name__`, and so on.
//
// A flow is either *open* (the series may carry any label except those in
// `absent`) or *closed* (the series can carry only the labels in `possible`).
// `guaranteed` labels are present, non-empty, on every result series.
// `why` keeps, per excluded label, the node that removed it, for messages.

import type { AggregateExpr, BinaryExpr, Call, Expr, LabelMatcher, VectorSelector } from '../promql/ast.js';
import { assertNever, isComparisonOp, unwrapParens } from '../promql/ast.js';
import { typeOf } from '../promql/typecheck.js';
import { memoisedPass } from '../promql/deep.js';
import { compileAnchoredRegex } from '../promql/regex.js';
import { KIND_PRESERVING_FUNCTIONS } from '../knowledge/metric-types.js';

export interface LabelFlow {
  readonly closed: boolean;
  /** When closed: every label the result can carry. */
  readonly possible: ReadonlySet<string>;
  /** When open: labels the result cannot carry. */
  readonly absent: ReadonlySet<string>;
  /** Labels every result series carries with a non-empty value. */
  readonly guaranteed: ReadonlySet<string>;
  /** When closed: the node that fixed the label set. */
  readonly closedBy?: Expr;
  /** When open: for each absent label, the node that removed it (when known). */
  readonly removedBy: ReadonlyMap<string, Expr>;
}

export const METRIC_NAME = '__name__';

const NOTHING: ReadonlySet<string> = new Set();
const NO_REASONS: ReadonlyMap<string, Expr> = new Map();

export function canHave(flow: LabelFlow, label: string): boolean {
  return flow.closed ? flow.possible.has(label) : !flow.absent.has(label);
}

export function mustHave(flow: LabelFlow, label: string): boolean {
  return flow.guaranteed.has(label);
}

/** The node that made `label` impossible, when `canHave` is false. */
export function whyCannotHave(flow: LabelFlow, label: string): Expr | undefined {
  return flow.closed ? flow.closedBy : flow.removedBy.get(label);
}

function openFlow(absent: ReadonlySet<string>, guaranteed: ReadonlySet<string>, removedBy: ReadonlyMap<string, Expr> = NO_REASONS): LabelFlow {
  return { closed: false, possible: NOTHING, absent, guaranteed, removedBy };
}

function closedFlow(possible: Iterable<string>, guaranteed: Iterable<string>, by: Expr): LabelFlow {
  return { closed: true, possible: new Set(possible), absent: NOTHING, guaranteed: new Set(guaranteed), closedBy: by, removedBy: NO_REASONS };
}

/** Removes labels (they certainly are not on the result). */
function withoutLabels(flow: LabelFlow, labels: readonly string[], by: Expr): LabelFlow {
  const guaranteed = new Set([...flow.guaranteed].filter((l) => !labels.includes(l)));
  if (flow.closed) {
    return { ...flow, possible: new Set([...flow.possible].filter((l) => !labels.includes(l))), guaranteed };
  }
  const absent = new Set(flow.absent);
  const removedBy = new Map(flow.removedBy);
  for (const l of labels) {
    if (!absent.has(l)) removedBy.set(l, by);
    absent.add(l);
  }
  return openFlow(absent, guaranteed, removedBy);
}

/** Keeps only the given labels. */
function keepOnly(flow: LabelFlow, labels: readonly string[], by: Expr): LabelFlow {
  return closedFlow(
    labels.filter((l) => canHave(flow, l)),
    labels.filter((l) => flow.guaranteed.has(l)),
    by,
  );
}

/** Makes a label possible (e.g. written by label_replace). */
function mayAdd(flow: LabelFlow, label: string, guaranteed: boolean): LabelFlow {
  const g = new Set(flow.guaranteed);
  if (guaranteed) g.add(label);
  if (flow.closed) return { ...flow, possible: new Set([...flow.possible, label]), guaranteed: g };
  const absent = new Set(flow.absent);
  absent.delete(label);
  const removedBy = new Map(flow.removedBy);
  removedBy.delete(label);
  return openFlow(absent, g, removedBy);
}

function union(a: LabelFlow, b: LabelFlow, by: Expr): LabelFlow {
  const guaranteed = [...a.guaranteed].filter((l) => b.guaranteed.has(l));
  if (a.closed && b.closed) return closedFlow([...a.possible, ...b.possible], guaranteed, by);
  // Open on at least one side: absent only if absent (or impossible) on both.
  const candidates = new Set([...a.absent, ...b.absent]);
  const absent = [...candidates].filter((l) => !canHave(a, l) && !canHave(b, l));
  const removedBy = new Map<string, Expr>();
  for (const l of absent) removedBy.set(l, whyCannotHave(a, l) ?? whyCannotHave(b, l) ?? by);
  return openFlow(new Set(absent), new Set(guaranteed), removedBy);
}

// ---------------------------------------------------------------------------

/** Whether a matcher guarantees the label is present and non-empty. */
function matcherGuarantees(m: LabelMatcher): boolean {
  switch (m.op) {
    case '=':
      return m.value !== '';
    case '!=':
      return m.value === '';
    case '=~': {
      const re = compileAnchoredRegex(m.value);
      return re.ok && !re.test('');
    }
    case '!~': {
      const re = compileAnchoredRegex(m.value);
      return re.ok && re.test('');
    }
    default:
      return assertNever(m.op);
  }
}

/** Whether a matcher only accepts series without the label. */
function matcherExcludes(m: LabelMatcher): boolean {
  if (m.op === '=') return m.value === '';
  if (m.op === '=~') return m.value === '';
  if (m.op === '!~') return m.value === '.+';
  return false;
}

function selectorFlow(vs: VectorSelector): LabelFlow {
  const guaranteed = new Set<string>();
  const absent = new Set<string>();
  const removedBy = new Map<string, Expr>();
  if (vs.name !== '') guaranteed.add(METRIC_NAME);
  for (const m of vs.matchers) {
    if (matcherGuarantees(m)) guaranteed.add(m.name);
    if (matcherExcludes(m)) {
      absent.add(m.name);
      removedBy.set(m.name, vs);
    }
  }
  return openFlow(absent, guaranteed, removedBy);
}

/** Labels `absent()` copies from its argument: single `=` matchers other than the name. */
export function absentLabels(arg: Expr): string[] {
  const inner = unwrapParens(arg);
  const vs = inner.kind === 'MatrixSelector' ? inner.vector : inner.kind === 'VectorSelector' ? inner : undefined;
  if (!vs) return [];
  const counts = new Map<string, number>();
  for (const m of vs.matchers) counts.set(m.name, (counts.get(m.name) ?? 0) + 1);
  return vs.matchers.filter((m) => m.op === '=' && m.name !== METRIC_NAME && counts.get(m.name) === 1).map((m) => m.name);
}

/** Functions whose output keeps the metric name of their input. */
const NAME_KEEPING_FUNCTIONS = KIND_PRESERVING_FUNCTIONS;

/** Functions whose result has no labels at all. */
const LABEL_FREE_FUNCTIONS: ReadonlySet<string> = new Set(['vector', 'time', 'pi', 'start', 'end', 'step', 'range', 'scalar']);

function stringArg(call: Call, i: number): string | undefined {
  const a = call.args[i];
  const u = a ? unwrapParens(a) : undefined;
  return u?.kind === 'StringLiteral' ? u.value : undefined;
}

function callFlow(call: Call): LabelFlow {
  if (call.func === 'absent' || call.func === 'absent_over_time') {
    const labels = call.args[0] ? absentLabels(call.args[0]) : [];
    return closedFlow(labels, labels, call);
  }
  if (LABEL_FREE_FUNCTIONS.has(call.func)) return closedFlow([], [], call);
  const seriesArg = call.args.find((a) => {
    const t = typeOf(a);
    return t === 'vector' || t === 'matrix';
  });
  if (!seriesArg) return closedFlow([], [], call);
  let flow = labelFlow(seriesArg);
  if (!NAME_KEEPING_FUNCTIONS.has(call.func)) flow = withoutLabels(flow, [METRIC_NAME], call);
  switch (call.func) {
    case 'histogram_quantile':
      return withoutLabels(flow, ['le'], call);
    case 'label_replace':
    case 'label_join': {
      const dst = stringArg(call, 1);
      return dst === undefined ? flow : mayAdd(flow, dst, false);
    }
    case 'info':
      // info() adds the data labels of the matched info series: anything may appear.
      return openFlow(NOTHING, flow.guaranteed);
    default:
      return flow;
  }
}

function aggregateFlow(agg: AggregateExpr): LabelFlow {
  const inner = labelFlow(agg.expr);
  switch (agg.op) {
    case 'topk':
    case 'bottomk':
    case 'limitk':
    case 'limit_ratio':
      return inner;
    case 'sum':
    case 'avg':
    case 'count':
    case 'min':
    case 'max':
    case 'group':
    case 'stddev':
    case 'stdvar':
    case 'quantile':
    case 'count_values': {
      let flow = agg.without ? withoutLabels(inner, [...agg.grouping, METRIC_NAME], agg) : keepOnly(inner, agg.grouping, agg);
      if (agg.op === 'count_values') {
        const target = agg.param ? unwrapParens(agg.param) : undefined;
        if (target?.kind === 'StringLiteral') flow = mayAdd(flow, target.value, true);
      }
      return flow;
    }
    default:
      return assertNever(agg.op);
  }
}

function binaryFlow(bin: BinaryExpr): LabelFlow {
  const lt = typeOf(bin.lhs);
  const rt = typeOf(bin.rhs);
  const dropsName = bin.returnBool || !(isComparisonOp(bin.op) || bin.op === 'and' || bin.op === 'or' || bin.op === 'unless');
  if (lt !== 'vector' && rt !== 'vector') return closedFlow([], [], bin);
  if (lt !== 'vector' || rt !== 'vector') {
    const side = labelFlow(lt === 'vector' ? bin.lhs : bin.rhs);
    return dropsName ? withoutLabels(side, [METRIC_NAME], bin) : side;
  }
  const lhs = labelFlow(bin.lhs);
  const rhs = labelFlow(bin.rhs);
  switch (bin.op) {
    case 'and':
    case 'unless':
      return lhs;
    case 'or':
      return union(lhs, rhs, bin);
    default:
      break;
  }
  const oneToMany = bin.matching?.card === 'one-to-many';
  return joinFlow(bin, oneToMany ? rhs : lhs, oneToMany ? lhs : rhs);
}

/**
 * The labels of a vector-vector arithmetic or comparison result, given the
 * flow of the side whose series it keeps (`many`; the LHS for one-to-one) and
 * of the other side (`one`, where group_left/group_right copy labels from).
 */
function joinFlow(bin: BinaryExpr, many: LabelFlow, one: LabelFlow): LabelFlow {
  const m = bin.matching;
  const card = m?.card ?? 'one-to-one';
  const dropsName = bin.returnBool || !isComparisonOp(bin.op);
  let flow = dropsName ? withoutLabels(many, [METRIC_NAME], bin) : many;
  if (card === 'one-to-one' && m) {
    flow = m.on ? keepOnly(flow, m.matchingLabels, bin) : withoutLabels(flow, m.matchingLabels, bin);
  }
  for (const l of m?.include ?? []) {
    flow = canHave(one, l) ? mayAdd(flow, l, mustHave(one, l)) : withoutLabels(flow, [l], bin);
  }
  return flow;
}

/** One alternative source of an expression's result series, and its labels. */
export interface BranchFlow {
  readonly branch: Expr;
  readonly flow: LabelFlow;
}

/**
 * The label flows of the alternatives an expression's result series come
 * from: one per `or` operand, followed through parentheses, filters and joins
 * (which keep the series of one side) but not through aggregations or
 * functions, which merge their input into new series. A label the whole
 * expression can have may still be missing from every series of one branch
 * (`... or vector(0)`, `x < on() y`); a template reading it renders empty for
 * alerts from that branch.
 */
export function branchFlows(expr: Expr): BranchFlow[] {
  const e = unwrapParens(expr);
  if (e.kind !== 'BinaryExpr') return [{ branch: e, flow: labelFlow(e) }];
  const lt = typeOf(e.lhs);
  const rt = typeOf(e.rhs);
  if (lt === 'vector' && rt === 'vector') {
    if (e.op === 'or') return [...branchFlows(e.lhs), ...branchFlows(e.rhs)];
    if (e.op === 'and' || e.op === 'unless') return branchFlows(e.lhs);
    const oneToMany = e.matching?.card === 'one-to-many';
    const one = labelFlow(oneToMany ? e.lhs : e.rhs);
    return branchFlows(oneToMany ? e.rhs : e.lhs).map((b) => ({ branch: b.branch, flow: joinFlow(e, b.flow, one) }));
  }
  if (lt === 'vector' || rt === 'vector') {
    const dropsName = e.returnBool || !isComparisonOp(e.op);
    return branchFlows(lt === 'vector' ? e.lhs : e.rhs).map((b) => ({ branch: b.branch, flow: dropsName ? withoutLabels(b.flow, [METRIC_NAME], e) : b.flow }));
  }
  return [{ branch: e, flow: labelFlow(e) }];
}

/** The label flow of an expression's result (cached per node; bounded recursion on deep trees, see deep.ts). */
export const labelFlow: (expr: Expr) => LabelFlow = memoisedPass((expr) => computeFlow(expr));

function computeFlow(expr: Expr): LabelFlow {
  switch (expr.kind) {
    case 'NumberLiteral':
    case 'StringLiteral':
      return closedFlow([], [], expr);
    case 'VectorSelector':
      return selectorFlow(expr);
    case 'MatrixSelector':
      return labelFlow(expr.vector);
    case 'SubqueryExpr':
    case 'ParenExpr':
      return labelFlow(expr.expr);
    case 'UnaryExpr':
      return expr.op === '-' ? withoutLabels(labelFlow(expr.expr), [METRIC_NAME], expr) : labelFlow(expr.expr);
    case 'Call':
      return callFlow(expr);
    case 'AggregateExpr':
      return aggregateFlow(expr);
    case 'BinaryExpr':
      return binaryFlow(expr);
    default:
      return assertNever(expr);
  }
}

/** A short description of what a flow allows, for messages. */
export function describeFlow(flow: LabelFlow): string {
  if (flow.closed) {
    const labels = [...flow.possible].filter((l) => l !== METRIC_NAME);
    return labels.length === 0 ? 'has no labels' : `can only have ${labels.map((l) => `"${l}"`).join(', ')}`;
  }
  return 'can have any label';
}
