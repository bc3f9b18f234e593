// Converts lezer's duration expressions (ranges, subquery steps, offsets)
// into DurationExpr nodes, with the checks Prometheus's grammar actions make
// on them: positive ranges and steps, division or modulo by a literal zero,
// durations that overflow Go's int64 nanoseconds, and the experimental
// duration-expression flag.

import type { SyntaxNode } from '@lezer/common';
import type { DurationBinary, DurationExpr, PosRange } from './ast.js';
import { goRound, isDurationLiteral, parseDuration, parseNumber } from './literals.js';

const DURATION_OPS: Record<string, DurationBinary['op']> = { Pow: '^', Mul: '*', Div: '/', Mod: '%', Add: '+', Sub: '-' };

/** The largest duration Prometheus represents, in seconds (2^63 ns). */
const MAX_DURATION_SECONDS = 9223372036.854776;

export class DurationConverter {
  constructor(
    private readonly text: string,
    private readonly experimental: boolean,
    private readonly report: (message: string, pos: PosRange) => void,
    /** Maps a parsed position to one in `text` (see Converter's `at`). */
    private readonly at: (offset: number) => number = (offset) => offset,
  ) {}

  private src(node: SyntaxNode): string {
    return this.text.slice(this.at(node.from), this.at(node.to));
  }

  private pos(node: SyntaxNode): PosRange {
    return { start: this.at(node.from), end: this.at(node.to) };
  }

  /**
   * Converts a duration expression. Ranges and subquery steps must be
   * positive: Prometheus rejects a literal (after sign folding) <= 0.
   */
  convert(node: SyntaxNode, positive: boolean): DurationExpr {
    const d = this.durationTerm(node);
    let literal = d;
    while (literal.kind === 'DurationParen') literal = literal.expr;
    if (positive && literal.kind === 'DurationLiteral' && literal.ms <= 0) this.report('duration must be greater than 0', literal.pos);
    return d;
  }

  private durationTerm(node: SyntaxNode): DurationExpr {
    const pos = this.pos(node);
    if (node.name === 'NumberDurationLiteralInDurationContext') return this.durationLiteral(node);
    const first = node.firstChild;
    if (!first) {
      this.report('expected duration', pos);
      return zeroDuration(node, this.at);
    }
    switch (first.name) {
      case 'NumberDurationLiteralInDurationContext':
        return this.durationLiteral(first);
      case 'UnaryOp': {
        const rest = first.nextSibling;
        const expr = rest ? this.durationTerm(rest) : zeroDuration(node, this.at);
        const op = this.src(first) === '-' ? '-' : '+';
        // As Prometheus does, a sign on a plain literal folds into the literal.
        if (expr.kind === 'DurationLiteral') return { ...expr, ms: op === '-' ? -expr.ms : expr.ms, pos };
        return { kind: 'DurationUnary', op, expr, pos };
      }
      case 'DurationStep':
      case 'DurationRange':
        this.experimentalDuration(pos);
        return { kind: 'DurationCall', func: first.name === 'DurationStep' ? 'step' : 'range', args: [], pos };
      case 'DurationMinOf':
      case 'DurationMaxOf': {
        this.experimentalDuration(pos);
        const args: DurationExpr[] = [];
        for (let c = first.nextSibling; c; c = c.nextSibling) args.push(this.durationTerm(c));
        return { kind: 'DurationCall', func: first.name === 'DurationMinOf' ? 'min_of' : 'max_of', args, pos };
      }
      case 'DurationExpr':
      case 'OffsetDurationExpr': {
        const opNode = first.nextSibling;
        if (!opNode) {
          // The only child: a parenthesised duration expression.
          this.experimentalDuration(this.pos(first));
          return { kind: 'DurationParen', expr: this.durationTerm(first), pos };
        }
        const rhsNode = opNode.nextSibling;
        const op = DURATION_OPS[opNode.name];
        if (op === undefined) {
          this.report(`unexpected operator "${this.src(opNode)}" in duration expression`, this.pos(opNode));
          return zeroDuration(node, this.at);
        }
        this.experimentalDuration(this.pos(first));
        const lhs = this.durationTerm(first);
        const rhs = rhsNode ? this.durationTerm(rhsNode) : zeroDuration(node, this.at);
        let divisor = rhs;
        while (divisor.kind === 'DurationParen') divisor = divisor.expr;
        if ((op === '/' || op === '%') && divisor.kind === 'DurationLiteral' && divisor.ms === 0) {
          this.report(op === '/' ? 'division by zero' : 'modulo by zero', this.pos(opNode));
        }
        return { kind: 'DurationBinary', op, lhs, rhs, pos };
      }
      default:
        this.report(`unexpected ${first.name} in duration expression`, this.pos(first));
        return zeroDuration(node, this.at);
    }
  }

  private experimentalDuration(pos: PosRange): void {
    if (!this.experimental) this.report('experimental duration expression is not enabled', pos);
  }

  private durationLiteral(node: SyntaxNode): DurationExpr {
    const raw = this.src(node);
    const pos = this.pos(node);
    if (isDurationLiteral(raw)) {
      const d = parseDuration(raw);
      if ('error' in d) {
        this.report(d.error, pos);
        return zeroDuration(node, this.at);
      }
      // Prometheus keeps durations as nanoseconds in an int64.
      if (d.ms / 1000 > MAX_DURATION_SECONDS) {
        this.report('duration out of range', pos);
        return zeroDuration(node, this.at);
      }
      return { kind: 'DurationLiteral', ms: d.ms, unit: true, pos };
    }
    const seconds = parseNumber(raw);
    if (seconds === undefined || Number.isNaN(seconds)) {
      this.report(`invalid duration "${raw}"`, pos);
      return zeroDuration(node, this.at);
    }
    if (Math.abs(seconds) > MAX_DURATION_SECONDS) {
      this.report('duration out of range', pos);
      return zeroDuration(node, this.at);
    }
    return { kind: 'DurationLiteral', ms: goRound(seconds * 1000), unit: false, pos };
  }
}

/** A zero-length placeholder duration, substituted after an error. */
export function zeroDuration(node: SyntaxNode, at: (offset: number) => number = (offset) => offset): DurationExpr {
  return { kind: 'DurationLiteral', ms: 0, unit: true, pos: { start: at(node.from), end: at(node.to) } };
}
