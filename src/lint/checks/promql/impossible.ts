// promql/impossible: parts of a query that can never match: selectors with
// contradictory matchers, joins/groupings/label functions on labels the
// operand can no longer have (label flow says so), and binary operations
// matching on all labels where one side always has `le`/`quantile` and the
// other (by its metric type) never does.

import type { BinaryExpr, Call, Expr, PosRange, VectorSelector } from '../../../promql/ast.js';
import { compileAnchoredRegex } from '../../../promql/regex.js';
import { isComparisonOp, metricNameOf, unwrapParens, walk } from '../../../promql/ast.js';
import { joinProblems } from '../../joined-labels.js';
import type { MetricTypes } from '../../../knowledge/metric-types.js';
import { typeOf } from '../../../promql/typecheck.js';
import type { Finding, VisitorCheck } from '../../check.js';
import { NO_OPTIONS_SCHEMA, atExpr } from '../../check.js';
import { canHave, describeFlow, labelFlow, mustHave, whyCannotHave, type LabelFlow } from '../../../analysis/label-flow.js';
import { sourceOf } from '../../expr-utils.js';

function contradictoryMatchers(vs: VectorSelector): Finding[] {
  const equal = new Map<string, string>();
  const out: Finding[] = [];
  if (vs.name !== '') equal.set('__name__', vs.name);
  for (const m of vs.matchers) {
    if (m.op !== '=') continue;
    const prev = equal.get(m.name);
    if (prev !== undefined && prev !== m.value) {
      out.push(atExpr(`selector can never match: label "${m.name}" cannot equal both "${prev}" and "${m.value}"`, m.pos, { severity: 'error' }));
    } else equal.set(m.name, m.value);
  }
  return out;
}

/** The range without surrounding whitespace (modifier ranges may include it). */
function trimmed(text: string, pos: PosRange): PosRange {
  let { start, end } = pos;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { start, end };
}

/** Why `node`'s result cannot have `label`: the node that removed it, or the closed label set. */
function why(flow: LabelFlow, exprText: string, node: Expr, label: string): string {
  const culprit = whyCannotHave(flow, label);
  if (!flow.closed && culprit) return `"${label}" is removed by ${sourceOf(exprText, culprit)}`;
  return `${sourceOf(exprText, node)} ${describeFlow(flow)}`;
}

/** Labels only some series carry: `le` on classic-histogram buckets, `quantile` on summary quantiles. */
const RESERVED_LABELS = ['le', 'quantile'] as const;

/** Series-name suffixes that never carry `le` or `quantile` (their own kind of series). */
const NON_RESERVED_SUFFIXES = ['_total', '_count', '_sum', '_created'];

function selectorMayCarry(name: string, label: string, types: MetricTypes): boolean {
  const k = types.seriesKind(name);
  if (k.source === 'recording') return true;
  if (label === 'le' && (k.kind === 'bucket' || name.endsWith('_bucket'))) return true;
  if (label === 'quantile' && k.familyType === 'summary' && name === k.family) return true;
  const known = k.source === 'fixture' || k.source === 'metadata' || k.source === 'catalog';
  if (known) return false;
  return !NON_RESERVED_SUFFIXES.some((s) => name.endsWith(s)) && !(label === 'quantile' && name.endsWith('_bucket'));
}

/** Whether the result of `expr` may carry `label`, using metric types for selectors (unknown metrics may). */
function mayCarry(expr: Expr, label: string, types: MetricTypes): boolean {
  if (!canHave(labelFlow(expr), label)) return false;
  let may = false;
  walk(expr, (n) => {
    if (may) return false;
    if (n.kind === 'VectorSelector') {
      const name = metricNameOf(n);
      if (name === undefined || n.matchers.some((m) => m.name === label)) {
        may = true;
        return false;
      }
      may = selectorMayCarry(name, label, types);
    } else if (n.kind === 'Call') {
      const dst = n.args[1] ? unwrapParens(n.args[1]) : undefined;
      if (n.func === 'info' || ((n.func === 'label_replace' || n.func === 'label_join') && dst?.kind === 'StringLiteral' && dst.value === label)) may = true;
    } else if (n.kind === 'AggregateExpr' && n.op === 'count_values') {
      const p = n.param ? unwrapParens(n.param) : undefined;
      if (p?.kind === 'StringLiteral' && p.value === label) may = true;
    }
    return undefined;
  });
  return may;
}

/**
 * `label_replace(x, "dst", "constant", "<absent label>", ".*")`: reading a
 * label the input does not have gives "", and when the regex matches "" and
 * the replacement is not empty without its group references, every series
 * gets the constant. That is the idiom for adding a fixed label (Wikimedia's
 * `"bucket", "0.5", "__name__", ".*"`), not a dead read.
 */
function setsConstant(call: Call): boolean {
  const [replacement, , regex] = call.args.slice(2, 5).map((a) => unwrapParens(a));
  if (replacement?.kind !== 'StringLiteral' || regex?.kind !== 'StringLiteral') return false;
  const re = compileAnchoredRegex(regex.value);
  if (!re.ok || !re.test('')) return false;
  // Go's Regexp.Expand: $1, ${1}, $name, ${name}; "$$" is a literal "$".
  return replacement.value.replace(/\$\$|\$\{[^}]*\}|\$\w+/g, (m) => (m === '$$' ? '$' : '')) !== '';
}

/** Matching on all labels fails when one side always has `le`/`quantile` and the other never does. */
function reservedLabelMismatch(bin: BinaryExpr, text: string, at: PosRange, types: MetricTypes): Finding[] {
  if (bin.op === 'or' || bin.matching?.on) return [];
  const ignored = bin.matching?.matchingLabels ?? [];
  const out: Finding[] = [];
  for (const l of RESERVED_LABELS) {
    if (ignored.includes(l)) continue;
    const pairs: [string, Expr, string, Expr][] = [
      ['left', bin.lhs, 'right', bin.rhs],
      ['right', bin.rhs, 'left', bin.lhs],
    ];
    for (const [side, e, otherSide, other] of pairs) {
      if (mustHave(labelFlow(e), l) && !mayCarry(other, l, types)) {
        out.push(
          atExpr(
            `"${bin.op}" can never match: the ${side}-hand side always has "${l}" but the ${otherSide}-hand side (${sourceOf(text, other)}) cannot; use ignoring(${l}) or on(...)`,
            at,
          ),
        );
      }
    }
  }
  return out;
}

/** Where a binary operation's finding goes: the operator with its matching clause. */
function operatorRange(text: string, node: BinaryExpr): PosRange {
  const m = node.matching;
  return trimmed(text, m?.pos ? { start: Math.min(m.pos.start, node.opPos.start), end: m.pos.end } : node.opPos);
}

function joinFindings(expr: Expr, text: string): Finding[] {
  return joinProblems(expr).map((p) => {
    const clause = `${p.join.matching?.card === 'one-to-many' ? 'group_right' : 'group_left'}(${p.label})`;
    return p.kind === 'orphaned'
      ? atExpr(`joined label "${p.label}" never reaches the result: an outer operation drops it, so ${clause} has no effect`, operatorRange(text, p.join))
      : atExpr(`${clause} copies "${p.label}", which the other side already always has: the join overwrites it`, operatorRange(text, p.join));
  });
}

/** Both sides constant: the comparison always gives the same answer. */
function constantComparison(node: BinaryExpr, text: string): Finding[] {
  if (!isComparisonOp(node.op)) return [];
  const constant = (e: Expr): boolean => {
    const u = unwrapParens(e);
    return u.kind === 'NumberLiteral' || (u.kind === 'UnaryExpr' && unwrapParens(u.expr).kind === 'NumberLiteral');
  };
  if (!constant(node.lhs) || !constant(node.rhs)) return [];
  return [atExpr(`${sourceOf(text, node)} compares two constants: it always gives the same result`, node)];
}

/**
 * Matching on all labels where one side has no labels at all (`vector(0)`,
 * an aggregation without `by`) and the other always has some: they never
 * match, so `and` is always empty, `unless` never removes anything and `or`
 * always adds the label-less side.
 */
function labelFreeSide(node: BinaryExpr, text: string): Finding[] {
  if (node.matching?.on || (node.matching?.matchingLabels.length ?? 0) > 0) return [];
  const sides: [string, Expr, string, Expr][] = [
    ['right', node.rhs, 'left', node.lhs],
    ['left', node.lhs, 'right', node.rhs],
  ];
  for (const [side, e, otherSide, other] of sides) {
    const flow = labelFlow(e);
    if (!flow.closed || [...flow.possible].some((l) => l !== '__name__')) continue;
    const present = [...labelFlow(other).guaranteed].find((l) => l !== '__name__');
    if (present === undefined) continue;
    const effect = node.op === 'or' ? `so "or" always adds it` : node.op === 'unless' ? 'so "unless" never removes anything' : `so "${node.op}" never matches`;
    return [
      atExpr(
        `the ${side}-hand side (${sourceOf(text, e)}) has no labels while the ${otherSide}-hand side always has "${present}": they never match, ${effect}`,
        operatorRange(text, node),
      ),
    ];
  }
  return [];
}

export const impossible: VisitorCheck = {
  scope: 'visitor',
  meta: {
    id: 'promql/impossible',
    defaultSeverity: 'warning',
    description:
      'Contradictory matchers, constant comparisons, sides that can never match, joined labels that never reach the result, and joins, groupings or label functions on labels the operand can no longer have.',
    optionsSchema: NO_OPTIONS_SCHEMA,
  },
  defaults: {},
  create({ rule, env, report }) {
    const text = rule.exprText;
    for (const f of joinFindings(rule.expr, text)) report(f);
    return {
      VectorSelector(node) {
        for (const f of contradictoryMatchers(node)) report(f);
      },
      AggregateExpr(node) {
        if (node.without || typeOf(node.expr) !== 'vector') return;
        const inner = labelFlow(node.expr);
        for (const l of node.grouping) {
          if (!canHave(inner, l)) {
            report(atExpr(`${node.op}() groups by "${l}" but its input cannot have that label (${why(inner, text, node.expr, l)})`, node));
          }
        }
      },
      BinaryExpr(node) {
        const m = node.matching;
        for (const f of constantComparison(node, text)) report(f);
        if (typeOf(node.lhs) !== 'vector' || typeOf(node.rhs) !== 'vector') return;
        for (const f of labelFreeSide(node, text)) report(f);
        const sides: [string, Expr][] = [
          ['left', node.lhs],
          ['right', node.rhs],
        ];
        const at = operatorRange(text, node);
        for (const f of reservedLabelMismatch(node, text, at, env.metricTypes)) report(f);
        if (!m) return;
        if (m.on) {
          const [lf, rf] = [labelFlow(node.lhs), labelFlow(node.rhs)];
          for (const l of m.matchingLabels) {
            const [lCan, rCan] = [canHave(lf, l), canHave(rf, l)];
            if (!lCan && !rCan) {
              report(atExpr(`on(${l}) is useless: neither side can have "${l}"`, at));
            } else if (!lCan || !rCan) {
              const [side, e, flow] = !lCan ? (['left', node.lhs, lf] as const) : (['right', node.rhs, rf] as const);
              report(atExpr(`on(${l}) can only match series without "${l}": the ${side}-hand side cannot have it (${why(flow, text, e, l)})`, at));
            }
          }
        }
        if (m.include.length > 0) {
          const [oneSide, oneExpr] = m.card === 'one-to-many' ? sides[0]! : sides[1]!;
          const oneFlow = labelFlow(oneExpr);
          for (const l of m.include) {
            if (!canHave(oneFlow, l)) {
              report(
                atExpr(
                  `${m.card === 'one-to-many' ? 'group_right' : 'group_left'}(${l}) copies a label the ${oneSide}-hand side cannot have (${why(oneFlow, text, oneExpr, l)})`,
                  at,
                ),
              );
            }
          }
        }
      },
      Call(node) {
        if (node.func !== 'label_replace' && node.func !== 'label_join') return;
        const first = node.args[0];
        if (!first) return;
        const flow = labelFlow(first);
        if (node.func === 'label_replace' && setsConstant(node)) return;
        const sourceArgs = node.func === 'label_replace' ? node.args.slice(3, 4) : node.args.slice(3);
        for (const a of sourceArgs) {
          const u = unwrapParens(a);
          if (u.kind === 'StringLiteral' && u.value !== '' && !canHave(flow, u.value)) {
            report(atExpr(`${node.func}() reads label "${u.value}" which its input cannot have (${why(flow, text, first, u.value)})`, u));
          }
        }
      },
    };
  },
};
