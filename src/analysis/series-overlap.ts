// Whether two expressions can produce the same output series: the question
// behind duplicate rules. Two recording rules with the same name and labels
// only collide when some label set can come out of both; rules that select
// disjoint values of a label that survives to the output (kube-prometheus's
// `code=~"2.."` / `code=~"3.."` rules of one name) write disjoint series.
//
// `outputConstraints` follows label flow (label-flow.ts) and keeps, per output
// label, the matchers every output series' value satisfies. Two outputs are
// disjoint when, for some label, no value can satisfy both sides' constraints
// (or one side cannot have the label while the other must). When unsure, the
// answer is "can overlap".

import type { Expr, LabelMatcher } from '../promql/ast.js';
import { allMatchers, assertNever, isComparisonOp, unwrapParens } from '../promql/ast.js';
import { compileAnchoredRegex } from '../promql/regex.js';
import { typeOf } from '../promql/typecheck.js';
import { KIND_PRESERVING_FUNCTIONS } from '../knowledge/metric-types.js';
import { METRIC_NAME, absentLabels, canHave, labelFlow } from './label-flow.js';

type Matcher = Pick<LabelMatcher, 'name' | 'op' | 'value'>;
/** Output label → matchers its value satisfies on every output series. */
export type Constraints = ReadonlyMap<string, readonly Matcher[]>;

const NONE: Constraints = new Map();

function without(c: Constraints, labels: Iterable<string>): Constraints {
  const out = new Map(c);
  for (const l of labels) out.delete(l);
  return out;
}

function keepOnly(c: Constraints, keep: (label: string) => boolean): Constraints {
  return new Map([...c].filter(([l]) => keep(l)));
}

function merge(a: Constraints, b: Constraints, labels: Iterable<string>): Constraints {
  const out = new Map(a);
  for (const l of labels) {
    const extra = b.get(l);
    if (extra) out.set(l, [...(out.get(l) ?? []), ...extra]);
  }
  return out;
}

function fromMatchers(matchers: readonly Matcher[]): Constraints {
  const out = new Map<string, Matcher[]>();
  for (const m of matchers) out.set(m.name, [...(out.get(m.name) ?? []), m]);
  return out;
}

function seriesArg(args: readonly Expr[]): Expr | undefined {
  return args.find((a) => {
    const t = typeOf(a);
    return t === 'vector' || t === 'matrix';
  });
}

/** The matchers each output label's value satisfies, for every series `expr` can output. */
export function outputConstraints(expr: Expr): Constraints {
  switch (expr.kind) {
    case 'NumberLiteral':
    case 'StringLiteral':
      return NONE;
    case 'VectorSelector':
      return fromMatchers(allMatchers(expr));
    case 'MatrixSelector':
      return outputConstraints(expr.vector);
    case 'SubqueryExpr':
    case 'ParenExpr':
      return outputConstraints(expr.expr);
    case 'UnaryExpr':
      return expr.op === '-' ? without(outputConstraints(expr.expr), [METRIC_NAME]) : outputConstraints(expr.expr);
    case 'Call': {
      if (expr.func === 'absent' || expr.func === 'absent_over_time') {
        const arg = expr.args[0] ? unwrapParens(expr.args[0]) : undefined;
        const vs = arg?.kind === 'MatrixSelector' ? arg.vector : arg?.kind === 'VectorSelector' ? arg : undefined;
        const copied = new Set(arg ? absentLabels(arg) : []);
        return vs ? fromMatchers(vs.matchers.filter((m) => copied.has(m.name))) : NONE;
      }
      const arg = seriesArg(expr.args);
      if (!arg) return NONE;
      let c = outputConstraints(arg);
      if (!KIND_PRESERVING_FUNCTIONS.has(expr.func)) c = without(c, [METRIC_NAME]);
      if (expr.func === 'label_replace' || expr.func === 'label_join') {
        const dst = expr.args[1] ? unwrapParens(expr.args[1]) : undefined;
        // The destination label is rewritten: what the selector said about it no longer holds.
        return dst?.kind === 'StringLiteral' ? without(c, [dst.value]) : NONE;
      }
      return expr.func === 'info' || expr.func === 'histogram_quantile' ? without(c, ['le']) : c;
    }
    case 'AggregateExpr': {
      const inner = outputConstraints(expr.expr);
      switch (expr.op) {
        case 'topk':
        case 'bottomk':
        case 'limitk':
        case 'limit_ratio':
          return inner;
        case 'count_values': {
          const p = expr.param ? unwrapParens(expr.param) : undefined;
          const grouped = keepOnly(inner, (l) => l !== METRIC_NAME && (expr.without ? !expr.grouping.includes(l) : expr.grouping.includes(l)));
          return p?.kind === 'StringLiteral' ? without(grouped, [p.value]) : NONE;
        }
        default:
          return keepOnly(inner, (l) => l !== METRIC_NAME && (expr.without ? !expr.grouping.includes(l) : expr.grouping.includes(l)));
      }
    }
    case 'BinaryExpr': {
      const [lt, rt] = [typeOf(expr.lhs), typeOf(expr.rhs)];
      const dropsName = expr.returnBool || !(isComparisonOp(expr.op) || expr.op === 'and' || expr.op === 'or' || expr.op === 'unless');
      if (lt !== 'vector' && rt !== 'vector') return NONE;
      if (lt !== 'vector' || rt !== 'vector') {
        const side = outputConstraints(lt === 'vector' ? expr.lhs : expr.rhs);
        return dropsName ? without(side, [METRIC_NAME]) : side;
      }
      if (expr.op === 'or') return NONE; // either side's series: nothing holds for all of them
      if (expr.op === 'and' || expr.op === 'unless') return outputConstraints(expr.lhs);
      const m = expr.matching;
      const card = m?.card ?? 'one-to-one';
      const [many, one] = card === 'one-to-many' ? [expr.rhs, expr.lhs] : [expr.lhs, expr.rhs];
      let c = outputConstraints(many);
      if (dropsName) c = without(c, [METRIC_NAME]);
      const oneC = outputConstraints(one);
      if (m?.on) {
        // Matched labels are equal on both sides: both sides' matchers hold.
        c = merge(card === 'one-to-one' ? keepOnly(c, (l) => m.matchingLabels.includes(l)) : c, oneC, m.matchingLabels);
      } else if (m && card === 'one-to-one') {
        c = without(c, m.matchingLabels);
      }
      // group_left/right labels are copied from the "one" side.
      if (m?.include.length) c = merge(without(c, m.include), oneC, m.include);
      return c;
    }
    default:
      return assertNever(expr);
  }
}

// ---------------------------------------------------------------------------
// Can two sets of matchers on one label be satisfied by the same value?

/** Literal prefixes every match of `pattern` starts with (one per alternative), when the regex is simple enough to tell. */
export function literalPrefixes(pattern: string): string[] | undefined {
  let p = pattern;
  for (;;) {
    const inner = p.startsWith('(?:') ? p.slice(3, -1) : p.startsWith('(') ? p.slice(1, -1) : undefined;
    if (inner === undefined || !p.endsWith(')') || topLevelSplit(inner) === undefined) break;
    p = inner;
  }
  const branches = topLevelSplit(p);
  if (!branches) return undefined;
  const out: string[] = [];
  for (const b of branches) {
    let lit = '';
    let i = 0;
    while (i < b.length && !'.[](){}*+?|^$\\'.includes(b[i]!)) lit += b[i++];
    // A quantifier after the last literal character makes that character optional.
    if (i < b.length && '*?{'.includes(b[i]!)) lit = lit.slice(0, -1);
    if (lit === '') return undefined;
    out.push(lit);
  }
  return out;
}

/** Splits at top-level `|`; undefined when brackets do not balance. */
function topLevelSplit(p: string): string[] | undefined {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (let i = 0; i < p.length; i++) {
    const ch = p[i]!;
    if (ch === '\\') {
      cur += ch + (p[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === '(' || ch === '[') depth++;
    if (ch === ')' || ch === ']') depth--;
    if (depth < 0) return undefined;
    if (ch === '|' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (depth !== 0) return undefined;
  parts.push(cur);
  return parts;
}

function accepts(m: Matcher, value: string): boolean {
  switch (m.op) {
    case '=':
      return value === m.value;
    case '!=':
      return value !== m.value;
    case '=~':
    case '!~': {
      const re = compileAnchoredRegex(m.value);
      if (!re.ok) return true;
      return m.op === '=~' ? re.test(value) : !re.test(value);
    }
    default:
      return assertNever(m.op);
  }
}

function prefixesDisjoint(a: readonly string[], b: readonly string[]): boolean {
  return a.every((x) => b.every((y) => !x.startsWith(y) && !y.startsWith(x)));
}

/** True when no value satisfies every matcher of both lists (false when unsure). */
export function matchersDisjoint(a: readonly Matcher[], b: readonly Matcher[]): boolean {
  const all = [...a, ...b];
  for (const m of all) if (m.op === '=') return !all.every((x) => accepts(x, m.value));
  const positive = (ms: readonly Matcher[]): string[][] =>
    ms
      .filter((m) => m.op === '=~')
      .map((m) => literalPrefixes(m.value))
      .filter((x): x is string[] => x !== undefined);
  for (const pa of positive(a)) for (const pb of positive(b)) if (prefixesDisjoint(pa, pb)) return true;
  return false;
}

function requiresValue(ms: readonly Matcher[] | undefined): boolean {
  return (ms ?? []).some((m) => !accepts(m, ''));
}

/** A label whose values cannot coincide between the outputs of `a` and `b`, if there is one. */
export function disjointLabel(a: Expr, b: Expr): string | undefined {
  const [ca, cb] = [outputConstraints(a), outputConstraints(b)];
  const [fa, fb] = [labelFlow(a), labelFlow(b)];
  for (const [label, ma] of ca) {
    const mb = cb.get(label);
    if (mb ? matchersDisjoint(ma, mb) : !canHave(fb, label) && requiresValue(ma)) return label;
  }
  for (const [label, mb] of cb) if (!ca.has(label) && !canHave(fa, label) && requiresValue(mb)) return label;
  return undefined;
}

/** The output series both can write, for messages: `name{label matchers...}`. */
export function describeSeries(name: string, staticLabels: Readonly<Record<string, string>>, expr: Expr): string {
  const parts = Object.entries(staticLabels).map(([k, v]) => `${k}="${v}"`);
  for (const [label, ms] of outputConstraints(expr)) {
    if (label === METRIC_NAME || label in staticLabels) continue;
    for (const m of ms) parts.push(`${label}${m.op}"${m.value}"`);
  }
  return `${name}{${parts.join(', ')}}`;
}
