// Joined labels that never reach the result. `group_left(x)`/`group_right(x)`
// copy `x` from the "one" side; that work is wasted (and usually a bug in the
// query's structure) when an outer operation discards `x`: the right-hand
// side of `and`/`unless` only matters through its matching labels, a
// one-to-one `on(...)` keeps only the `on` labels, `ignoring(x)` drops `x`, an
// aggregation keeps only its grouping labels.
//
// The walk goes top-down with, per node, which of its output labels matter
// (appear in the result or are used to match or group further up).

import type { BinaryExpr, Expr } from '../promql/ast.js';
import { assertNever, unwrapParens } from '../promql/ast.js';
import { typeOf } from '../promql/typecheck.js';
import { depthFirst } from '../promql/deep.js';
import { labelFlow, mustHave } from '../analysis/label-flow.js';

/** Which output labels of a node matter further up. */
type Matters = (label: string) => boolean;

const ALL: Matters = () => true;
const only =
  (labels: readonly string[]): Matters =>
  (l) =>
    labels.includes(l);
const allBut =
  (labels: readonly string[]): Matters =>
  (l) =>
    !labels.includes(l);
const either =
  (a: Matters, b: Matters): Matters =>
  (l) =>
    a(l) || b(l);

export type JoinProblem =
  | { readonly kind: 'orphaned'; readonly join: BinaryExpr; readonly label: string }
  | { readonly kind: 'already-present'; readonly join: BinaryExpr; readonly label: string };

function stringArg(e: Expr | undefined): string | undefined {
  const u = e ? unwrapParens(e) : undefined;
  return u?.kind === 'StringLiteral' ? u.value : undefined;
}

/** Joined labels an outer operation discards, and joins copying a label the other side always has. */
export function joinProblems(root: Expr): JoinProblem[] {
  const out: JoinProblem[] = [];
  // Recursion by `visit`, run with an explicit stack (deep.ts): findings are
  // pushed before descending, so their order is the recursive one.
  let descend: (next: [Expr, Matters]) => void = () => undefined;
  const visit = (node: Expr, matters: Matters): void => descend([node, matters]);
  const handle = (node: Expr, matters: Matters): void => {
    switch (node.kind) {
      case 'NumberLiteral':
      case 'StringLiteral':
      case 'VectorSelector':
        return;
      case 'MatrixSelector':
        return visit(node.vector, matters);
      case 'SubqueryExpr':
      case 'ParenExpr':
      case 'UnaryExpr':
        return visit(node.expr, matters);
      case 'Call': {
        if (node.func === 'absent' || node.func === 'absent_over_time') return;
        if (node.func === 'label_replace' || node.func === 'label_join') {
          const dst = stringArg(node.args[1]);
          const sources = (node.func === 'label_replace' ? node.args.slice(3, 4) : node.args.slice(3)).map(stringArg);
          const inner: Matters = (l) => sources.includes(l) || (l !== dst && matters(l));
          if (node.args[0]) visit(node.args[0], inner);
          return;
        }
        for (const a of node.args) if (typeOf(a) === 'vector' || typeOf(a) === 'matrix') visit(a, matters);
        return;
      }
      case 'AggregateExpr': {
        switch (node.op) {
          case 'topk':
          case 'bottomk':
          case 'limitk':
          case 'limit_ratio':
            return visit(node.expr, matters);
          default:
            // Grouping labels are used (to group) even when an outer operation drops them.
            return visit(node.expr, node.without ? allBut(node.grouping) : only(node.grouping));
        }
      }
      case 'BinaryExpr':
        return binary(node, matters);
      default:
        return assertNever(node);
    }
  };

  const binary = (bin: BinaryExpr, matters: Matters): void => {
    if (typeOf(bin.lhs) !== 'vector' || typeOf(bin.rhs) !== 'vector') {
      visit(bin.lhs, matters);
      visit(bin.rhs, matters);
      return;
    }
    const m = bin.matching;
    // Labels used to match the two sides: the `on` list, or all but the `ignoring` list.
    const matching: Matters = m?.on ? only(m.matchingLabels) : allBut(m?.matchingLabels ?? []);
    if (bin.op === 'or') {
      visit(bin.lhs, matters);
      visit(bin.rhs, matters);
      return;
    }
    if (bin.op === 'and' || bin.op === 'unless') {
      visit(bin.lhs, either(matters, matching));
      visit(bin.rhs, matching);
      return;
    }
    const card = m?.card ?? 'one-to-one';
    if (card === 'one-to-one') {
      // The result has the `on` labels only, or all but the `ignoring` ones.
      const result: Matters = m?.on ? matching : (l) => matching(l) && matters(l);
      visit(bin.lhs, either(result, matching));
      visit(bin.rhs, matching);
      return;
    }
    const [many, one] = card === 'many-to-one' ? [bin.lhs, bin.rhs] : [bin.rhs, bin.lhs];
    const include = m?.include ?? [];
    const manyFlow = labelFlow(many);
    for (const l of include) {
      if (l === '__name__') continue; // promql/impossible reports copying a name arithmetic drops
      if (!matters(l)) out.push({ kind: 'orphaned', join: bin, label: l });
      else if (mustHave(manyFlow, l)) out.push({ kind: 'already-present', join: bin, label: l });
    }
    visit(many, either(matters, matching));
    visit(one, (l) => matching(l) || (include.includes(l) && matters(l)));
  };

  depthFirst<[Expr, Matters]>([root, ALL], ([node, matters], d) => {
    descend = d;
    handle(node, matters);
  });
  return out;
}
