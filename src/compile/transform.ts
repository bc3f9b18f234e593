// Immutable, bottom-up rewriting of the PromQL AST: the one traversal that
// placeholder substitution and injection are written on, so that every node
// kind (subqueries, matrix selectors inside calls, both sides of binary
// expressions, aggregation parameters) is reached by construction.
import { assertNever, type DurationExpr, type Expr, type VectorSelector } from '../promql/ast.js';

export interface ExprRewriter {
  /** Called on every node after its children were rewritten. */
  readonly expr?: (node: Expr) => Expr;
  /** Called on every vector selector (also those inside matrix selectors). */
  readonly selector?: (node: VectorSelector) => VectorSelector;
  /** Called on every top-level duration (range, step, offset). */
  readonly duration?: (node: DurationExpr) => DurationExpr;
}

export function rewriteExpr(node: Expr, rw: ExprRewriter): Expr {
  const dur = (d: DurationExpr): DurationExpr => (rw.duration ? rw.duration(d) : d);
  const optDur = (d: DurationExpr | undefined): DurationExpr | undefined => (d ? dur(d) : undefined);
  const sel = (vs: VectorSelector): VectorSelector => {
    const withOffset: VectorSelector = vs.offset ? { ...vs, offset: dur(vs.offset) } : vs;
    return rw.selector ? rw.selector(withOffset) : withOffset;
  };
  let out: Expr;
  switch (node.kind) {
    case 'NumberLiteral':
    case 'StringLiteral':
      out = node;
      break;
    case 'VectorSelector':
      out = sel(node);
      break;
    case 'MatrixSelector':
      out = { ...node, vector: sel(node.vector), range: dur(node.range) };
      break;
    case 'SubqueryExpr': {
      const step = optDur(node.step);
      const offset = optDur(node.offset);
      out = { ...node, expr: rewriteExpr(node.expr, rw), range: dur(node.range), ...(step ? { step } : {}), ...(offset ? { offset } : {}) };
      break;
    }
    case 'Call':
      out = { ...node, args: node.args.map((a) => rewriteExpr(a, rw)) };
      break;
    case 'AggregateExpr': {
      const param = node.param ? rewriteExpr(node.param, rw) : undefined;
      out = { ...node, expr: rewriteExpr(node.expr, rw), ...(param ? { param } : {}) };
      break;
    }
    case 'BinaryExpr':
      out = { ...node, lhs: rewriteExpr(node.lhs, rw), rhs: rewriteExpr(node.rhs, rw) };
      break;
    case 'UnaryExpr':
    case 'ParenExpr':
      out = { ...node, expr: rewriteExpr(node.expr, rw) };
      break;
    default:
      return assertNever(node);
  }
  return rw.expr ? rw.expr(out) : out;
}
