// The PromQL type checker: Prometheus's checkAST rules and messages. Like
// codemirror-promql's checker it returns the type of every node it visits,
// so callers can also ask for the type of any sub-expression (`typeOf`).

import type { BinaryExpr, Call, Expr, LabelMatcher, ParenExpr, PosRange, UnaryExpr, ValueType, VectorSelector } from './ast.js';
import { strideNodes } from './deep.js';
import { assertNever, isComparisonOp, isSetOp } from './ast.js';
import type { Diagnostic } from '../diagnostics.js';
import { errorsOf } from '../diagnostics.js';
import { FUNCTIONS, arity, argTypeAt } from './functions.js';
import { compileAnchoredRegex } from './regex.js';

const error = errorsOf('promql/type');

/** Prometheus's user-facing names of value types (`DocumentedType`). */
export function documentedType(t: ValueType): string {
  switch (t) {
    case 'vector':
      return 'instant vector';
    case 'matrix':
      return 'range vector';
    case 'scalar':
      return 'scalar';
    case 'string':
      return 'string';
    default:
      return assertNever(t);
  }
}

/** The value type of an expression, without checking it. */
export function typeOf(node: Expr): ValueType {
  switch (node.kind) {
    case 'NumberLiteral':
      return 'scalar';
    case 'StringLiteral':
      return 'string';
    case 'VectorSelector':
      return 'vector';
    case 'MatrixSelector':
    case 'SubqueryExpr':
      return 'matrix';
    case 'Call':
      return FUNCTIONS.get(node.func)?.returnType ?? 'vector';
    case 'AggregateExpr':
      return 'vector';
    case 'BinaryExpr':
    case 'UnaryExpr':
    case 'ParenExpr':
      return operatorTypeOf(node);
    default:
      return assertNever(node);
  }
}

/**
 * Types of operator nodes found in big operator trees. The type of an
 * operator node depends on its whole subtree down to the operands (`((1 +
 * 2))` is a scalar), so asking for each node's type of a deep tree would be
 * quadratic; the walk that answers for a tree of more than a few nodes
 * keeps what it learnt for every node on the way.
 */
const operatorTypes = new WeakMap<Expr, ValueType>();
const CACHE_OPERATOR_TYPES_FROM = 32;

/** typeOf for a binary, unary or parenthesised expression, without recursion. */
function operatorTypeOf(root: BinaryExpr | UnaryExpr | ParenExpr): ValueType {
  const cached = operatorTypes.get(root);
  if (cached) return cached;
  // Post-order over the operator nodes; operands are typed directly.
  const types = new Map<Expr, ValueType>();
  const stack: { node: BinaryExpr | UnaryExpr | ParenExpr; expanded: boolean }[] = [{ node: root, expanded: false }];
  const known = (e: Expr): ValueType | undefined =>
    e.kind === 'BinaryExpr' || e.kind === 'UnaryExpr' || e.kind === 'ParenExpr' ? (types.get(e) ?? operatorTypes.get(e)) : typeOf(e);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const kids = top.node.kind === 'BinaryExpr' ? [top.node.lhs, top.node.rhs] : [top.node.expr];
    if (!top.expanded) {
      top.expanded = true;
      for (const k of kids) if (known(k) === undefined) stack.push({ node: k as BinaryExpr | UnaryExpr | ParenExpr, expanded: false });
      continue;
    }
    stack.pop();
    const [a, b] = kids.map((k) => known(k)!);
    types.set(top.node, top.node.kind === 'BinaryExpr' ? (a === 'scalar' && b === 'scalar' ? 'scalar' : 'vector') : a!);
  }
  if (types.size >= CACHE_OPERATOR_TYPES_FROM) for (const [n, t] of types) operatorTypes.set(n, t);
  return types.get(root)!;
}

/**
 * Checks an expression as Prometheus's checkAST does. With the source
 * `text`, operator-related errors get Prometheus's exact range (from the
 * end of the left operand to the start of the right one, trimmed);
 * without it, the operator token's range.
 */
export function typeCheck(root: Expr, text?: string): { type: ValueType; diagnostics: Diagnostic[] } {
  const checker = new TypeChecker(text);
  // Deep trees: see deep.ts. Each memoised node keeps its own diagnostics,
  // replayed where the walk from the root meets it, so their order is the
  // same as that of one recursive walk.
  for (const node of strideNodes(root)) checker.memoise(node);
  const type = checker.check(root);
  return { type, diagnostics: checker.diagnostics };
}

class TypeChecker {
  diagnostics: Diagnostic[] = [];
  private readonly memo = new Map<Expr, { type: ValueType; diagnostics: Diagnostic[] }>();

  memoise(node: Expr): void {
    const outer = this.diagnostics;
    this.diagnostics = [];
    const type = this.check(node);
    this.memo.set(node, { type, diagnostics: this.diagnostics });
    this.diagnostics = outer;
  }

  constructor(private readonly text: string | undefined) {}

  /**
   * checkAST's `opRange`: from the first non-space after the left operand
   * to the last non-space before the right operand. (Prometheus uses that
   * last character's index as the exclusive end, so the range stops one
   * character short; we reproduce it.)
   */
  private opRange(node: BinaryExpr): PosRange {
    const text = this.text;
    if (text === undefined) return node.opPos;
    const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';
    let start = node.lhs.pos.end;
    while (isSpace(text[start])) start++;
    let end = node.rhs.pos.start - 1;
    while (isSpace(text[end])) end--;
    return { start, end };
  }

  private err(message: string, pos: PosRange): void {
    this.diagnostics.push(error(message, pos));
  }

  private expectType(node: Expr, want: ValueType, context: string): void {
    const t = this.check(node);
    if (t !== want) this.err(`expected type ${documentedType(want)} in ${context}, got ${documentedType(t)}`, node.pos);
  }

  check(node: Expr, bypassEmptyMatcherCheck = false): ValueType {
    const memoised = this.memo.get(node);
    if (memoised) {
      this.diagnostics.push(...memoised.diagnostics);
      return memoised.type;
    }
    const type = typeOf(node);
    switch (node.kind) {
      case 'NumberLiteral':
      case 'StringLiteral':
        break;
      case 'VectorSelector':
        this.vectorSelector(node, bypassEmptyMatcherCheck);
        break;
      case 'MatrixSelector':
        this.check(node.vector);
        break;
      case 'SubqueryExpr': {
        const t = this.check(node.expr);
        if (t !== 'vector') this.err(`subquery is only allowed on instant vector, got ${t} instead`, node.pos);
        break;
      }
      case 'Call':
        this.call(node);
        break;
      case 'AggregateExpr':
        this.expectType(node.expr, 'vector', 'aggregation expression');
        if (node.param) {
          this.expectType(node.param, node.op === 'count_values' ? 'string' : 'scalar', 'aggregation parameter');
        }
        break;
      case 'BinaryExpr':
        this.binary(node);
        break;
      case 'UnaryExpr': {
        const t = this.check(node.expr);
        if (t !== 'scalar' && t !== 'vector') {
          this.err(`unary expression only allowed on expressions of type scalar or instant vector, got "${documentedType(t)}"`, node.pos);
        }
        break;
      }
      case 'ParenExpr':
        this.check(node.expr);
        break;
      default:
        assertNever(node);
    }
    return type;
  }

  private vectorSelector(node: VectorSelector, bypassEmptyMatcherCheck: boolean): void {
    for (const m of node.matchers) this.labelMatcher(m);
    if (node.name !== '') {
      for (const m of node.matchers) {
        if (m.name === '__name__') this.err(`metric name must not be set twice: "${node.name}" or "${m.value}"`, node.pos);
      }
      return;
    }
    if (bypassEmptyMatcherCheck) return;
    // A selector must not match everything by accident (e.g. a typo).
    const nonEmpty = node.matchers.some((m) => !matcherMatchesEmpty(m));
    if (!nonEmpty) this.err('vector selector must contain at least one non-empty matcher', node.pos);
  }

  private labelMatcher(m: LabelMatcher): void {
    if (m.op === '=~' || m.op === '!~') {
      const re = compileAnchoredRegex(m.value);
      if (!re.ok) this.err(re.error, m.pos);
    }
  }

  private call(node: Call): void {
    const fn = FUNCTIONS.get(node.func);
    if (!fn) return; // reported by the converter
    const { min, max } = arity(fn);
    const n = node.args.length;
    if ((fn.variadic ?? 0) === 0) {
      if (n !== min) this.err(`expected ${min} argument(s) in call to "${fn.name}", got ${n}`, node.pos);
    } else if (n < min) {
      this.err(`expected at least ${min} argument(s) in call to "${fn.name}", got ${n}`, node.pos);
    } else if (n > max) {
      this.err(`expected at most ${max} argument(s) in call to "${fn.name}", got ${n}`, node.pos);
    }

    let infoLabels: Expr | undefined;
    if (fn.name === 'info' && n > 1) {
      infoLabels = node.args[1]!;
      const t = typeOf(infoLabels);
      if (t !== 'vector') this.err(`expected type instant vector in call to function "info", got ${documentedType(t)}`, node.pos);
      if (infoLabels.kind === 'VectorSelector' && infoLabels.name !== '') {
        this.err('expected label selectors only, got vector selector instead', infoLabels.pos);
      } else if (infoLabels.kind !== 'VectorSelector') {
        this.err('expected label selectors only', infoLabels.pos);
      }
    }

    node.args.forEach((arg, i) => {
      const want = argTypeAt(fn, i);
      if (want === undefined) return; // too many arguments, already reported
      const t = this.check(arg, arg === infoLabels);
      if (t !== want) this.err(`expected type ${documentedType(want)} in call to function "${fn.name}", got ${documentedType(t)}`, arg.pos);
    });
  }

  private binary(node: BinaryExpr): void {
    const lt = this.check(node.lhs);
    const rt = this.check(node.rhs);
    const opPos = this.opRange(node);
    const m = node.matching;
    if (node.returnBool && !isComparisonOp(node.op)) this.err('bool modifier can only be used on comparison operators', opPos);
    if (isComparisonOp(node.op) && !node.returnBool && lt === 'scalar' && rt === 'scalar') {
      this.err('comparisons between scalars must use BOOL modifier', opPos);
    }
    if (m?.on) {
      for (const l of m.matchingLabels) {
        if (m.include.includes(l)) this.err(`label "${l}" must not occur in ON and GROUP clause at once`, opPos);
      }
    }
    if (lt !== 'scalar' && lt !== 'vector') this.err('binary expression must contain only scalar and instant vector types', node.lhs.pos);
    if (rt !== 'scalar' && rt !== 'vector') this.err('binary expression must contain only scalar and instant vector types', node.rhs.pos);
    const filled = m?.fill !== undefined && (m.fill.lhs !== undefined || m.fill.rhs !== undefined);
    if (lt !== 'vector' || rt !== 'vector') {
      if (m && m.matchingLabels.length > 0) this.err('vector matching only allowed between instant vectors', node.pos);
      if (filled) this.err('filling in missing series only allowed between instant vectors', node.pos);
    } else if (isSetOp(node.op) && m) {
      if (m.card === 'one-to-many' || m.card === 'many-to-one') this.err(`no grouping allowed for "${node.op}" operation`, node.pos);
      if (m.card !== 'many-to-many') this.err('set operations must always be many-to-many', node.pos);
      if (filled) this.err('filling in missing series not allowed for set operators', node.pos);
    }
    if ((lt === 'scalar' || rt === 'scalar') && isSetOp(node.op)) {
      this.err(`set operator "${node.op}" not allowed in binary scalar expression`, node.pos);
    }
  }
}

/** Whether a matcher accepts the empty string (and so selects series that lack the label). */
export function matcherMatchesEmpty(m: LabelMatcher): boolean {
  switch (m.op) {
    case '=':
      return m.value === '';
    case '!=':
      return m.value !== '';
    case '=~': {
      const re = compileAnchoredRegex(m.value);
      return re.ok ? re.test('') : false;
    }
    case '!~': {
      const re = compileAnchoredRegex(m.value);
      return re.ok ? !re.test('') : false;
    }
    default:
      return assertNever(m.op);
  }
}
