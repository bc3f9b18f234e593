// The multi-line pretty printer: Prometheus's prettifier
// (promql/parser/prettier.go, used by `promtool promql format`). Each node
// is printed on one line (as printExpr prints it) when that line is at most
// `maxWidth` bytes long; otherwise it is split:
//   - aggregation:  `sum by (job) (` / indented [param `,`] body / `)`
//   - call:         `rate(` / indented args, one per line, `,`-separated / `)`
//   - paren:        `(` / indented body / `)`
//   - binary:       indented lhs / operator with its modifiers / indented rhs
//   - subquery:     the inner expression split, then `[range:step] @ offset`
//   - unary:        the operator glued to its (possibly split) operand
// Selectors and literals are never split. The width test looks at the node's
// own single-line text, not counting the indentation in front of it, as
// Prometheus does.
//
// One deliberate difference: Prometheus forgets to indent a subquery that
// fits on a line when its parent was split; here it is indented like any
// other child.

import type { Expr } from './ast.js';
import { assertNever } from './ast.js';
import { deeperThan } from './deep.js';
import { printAggregateHead, printBinaryOperator, printExpr, printPowerOperand, printSubquerySuffix } from './printer.js';

export interface PrettyOptions {
  /** Longest single-line rendering of a node (in UTF-8 bytes) before it is split. Default 100. */
  readonly maxWidth?: number;
  /** One level of indentation. Default two spaces. */
  readonly indent?: string;
}

export const DEFAULT_PRETTY_MAX_WIDTH = 100;
export const DEFAULT_PRETTY_INDENT = '  ';
/** Expressions nested deeper than this are printed on one line (a difference from Prometheus's prettifier). */
export const PRETTY_MAX_DEPTH = 100;

/** Formats an expression across lines as Prometheus's `parser.Prettify` does. */
export function prettyPrint(expr: Expr, options: PrettyOptions = {}): string {
  // Split deeper, the indentation alone would grow quadratically (10,000
  // nested parentheses: 100 MB); such an expression stays on one line.
  if (deeperThan(expr, PRETTY_MAX_DEPTH)) return printExpr(expr);
  const printer = new PrettyPrinter(options.maxWidth ?? DEFAULT_PRETTY_MAX_WIDTH, options.indent ?? DEFAULT_PRETTY_INDENT);
  return printer.pretty(expr, 0);
}

class PrettyPrinter {
  constructor(
    private readonly maxWidth: number,
    private readonly indentUnit: string,
  ) {}

  private indent(level: number): string {
    return this.indentUnit.repeat(level);
  }

  /** The node's single-line text, or undefined when it is too wide and must be split. */
  private fitting(expr: Expr): string | undefined {
    const line = printExpr(expr);
    return Buffer.byteLength(line, 'utf8') > this.maxWidth ? undefined : line;
  }

  /** Renders `expr` with its first line indented to `level` (its parent put it on a new line). */
  pretty(expr: Expr, level: number): string {
    const pad = this.indent(level);
    const line = this.fitting(expr);
    if (line !== undefined) return pad + line;
    switch (expr.kind) {
      case 'NumberLiteral':
      case 'StringLiteral':
      case 'VectorSelector':
      case 'MatrixSelector':
        return pad + printExpr(expr);
      case 'AggregateExpr': {
        const param = expr.param ? this.pretty(expr.param, level + 1) + ',\n' : '';
        return `${pad}${printAggregateHead(expr)}(\n${param}${this.pretty(expr.expr, level + 1)}\n${pad})`;
      }
      case 'Call': {
        const args = expr.args.map((a) => this.pretty(a, level + 1)).join(',\n');
        return `${pad}${expr.func}(\n${args}\n${pad})`;
      }
      case 'ParenExpr':
        return `${pad}(\n${this.pretty(expr.expr, level + 1)}\n${pad})`;
      case 'BinaryExpr': {
        // A signed left operand of `^` is printed as printExpr prints it (printPowerOperand).
        const operand = printPowerOperand(expr);
        const lhs = operand === printExpr(expr.lhs) ? this.pretty(expr.lhs, level + 1) : this.indent(level + 1) + operand;
        return `${lhs}\n${pad}${printBinaryOperator(expr)}\n${this.pretty(expr.rhs, level + 1)}`;
      }
      case 'SubqueryExpr':
        return this.pretty(expr.expr, level) + printSubquerySuffix(expr);
      case 'UnaryExpr':
        // The operand is rendered at the same level and glued to the operator.
        return pad + expr.op + this.pretty(expr.expr, level).trim();
      default:
        return assertNever(expr);
    }
  }
}
