// Converts the lezer-promql syntax tree into our typed AST, once. Structural
// rules that Prometheus's grammar actions enforce (where an offset or @ may
// stand, what a range may follow, aggregation argument counts, unknown
// functions, experimental syntax) are reported here; type rules are in
// typecheck.ts. The converter never throws on user input: it records a
// diagnostic, substitutes a placeholder and carries on, so that several
// problems can be reported at once.

import type { SyntaxNode } from '@lezer/common';
import type {
  AggregateExpr,
  AggregateOp,
  AtModifier,
  BinaryExpr,
  BinaryOp,
  DurationExpr,
  Expr,
  LabelMatcher,
  MatchOp,
  MatrixSelector,
  PosRange,
  SubqueryExpr,
  VectorMatchCardinality,
  VectorMatching,
  VectorSelector,
} from './ast.js';
import { AGGREGATE_OPS, PARAMETERISED_AGGREGATES, isSetOp } from './ast.js';
import type { Diagnostic } from '../diagnostics.js';
import { error } from '../diagnostics.js';
import { FUNCTIONS } from './functions.js';
import { isDurationLiteral, parseDuration, parseNumber, unquoteString } from './literals.js';

export interface ConvertOptions {
  /** Accept experimental syntax and functions (Prometheus feature flags). Default true. */
  readonly experimental: boolean;
}

const BINARY_OPS: Record<string, BinaryOp> = {
  Pow: '^', Mul: '*', Div: '/', Mod: '%', Atan2: 'atan2', Add: '+', Sub: '-',
  Eql: '==', Neq: '!=', Gtr: '>', Lss: '<', Gte: '>=', Lte: '<=',
  And: 'and', Or: 'or', Unless: 'unless', TrimUpper: '</', TrimLower: '>/',
};

const MATCH_OPS: Record<string, MatchOp> = { EqlSingle: '=', Neq: '!=', EqlRegex: '=~', NeqRegex: '!~' };

const EXPERIMENTAL_AGGREGATES: ReadonlySet<AggregateOp> = new Set(['limitk', 'limit_ratio']);

/** A VectorSelector or SubqueryExpr under construction: modifiers are applied after the fact. */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class Converter {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly text: string,
    private readonly options: ConvertOptions,
  ) {}

  private err(message: string, pos: PosRange): void {
    this.diagnostics.push(error(message, pos));
  }

  private src(node: SyntaxNode): string {
    return this.text.slice(node.from, node.to);
  }

  private pos(node: SyntaxNode): PosRange {
    return { start: node.from, end: node.to };
  }

  private placeholder(node: SyntaxNode): Expr {
    return { kind: 'NumberLiteral', value: NaN, duration: false, pos: this.pos(node) };
  }

  /** Converts an `expr` node (any member of lezer's Expr group). */
  expr(node: SyntaxNode): Expr {
    switch (node.name) {
      case 'NumberDurationLiteral':
        return this.numberLiteral(node);
      case 'StringLiteral':
        return { kind: 'StringLiteral', value: this.stringValue(node), pos: this.pos(node) };
      case 'VectorSelector':
        return this.vectorSelector(node);
      case 'MatrixSelector':
        return this.matrixSelector(node);
      case 'SubqueryExpr':
        return this.subquery(node);
      case 'OffsetExpr':
        return this.offsetExpr(node);
      case 'StepInvariantExpr':
        return this.atExpr(node);
      case 'AnchoredExpr':
      case 'SmoothedExpr':
        return this.extendedRange(node);
      case 'FunctionCall':
        return this.call(node);
      case 'AggregateExpr':
        return this.aggregate(node);
      case 'BinaryExpr':
        return this.binary(node);
      case 'UnaryExpr':
        return this.unary(node);
      case 'ParenExpr': {
        const inner = node.firstChild;
        return { kind: 'ParenExpr', expr: inner ? this.expr(inner) : this.placeholder(node), pos: this.pos(node) };
      }
      default:
        this.err(`unexpected ${node.name}`, this.pos(node));
        return this.placeholder(node);
    }
  }

  // -- literals ---------------------------------------------------------------

  private numberLiteral(node: SyntaxNode): Expr {
    const raw = this.src(node).replace(/\s+/g, '');
    let sign = 1;
    let body = raw;
    if (body.startsWith('-') || body.startsWith('+')) {
      sign = body.startsWith('-') ? -1 : 1;
      body = body.slice(1);
    }
    if (isDurationLiteral(body)) {
      const d = parseDuration(body);
      if ('error' in d) {
        this.err(d.error, this.pos(node));
        return this.placeholder(node);
      }
      return { kind: 'NumberLiteral', value: (sign * d.ms) / 1000, duration: true, pos: this.pos(node) };
    }
    const value = parseNumber(body);
    if (value === undefined) {
      this.err(`error parsing number: strconv.ParseFloat: parsing "${body}": invalid syntax`, this.pos(node));
      return this.placeholder(node);
    }
    return { kind: 'NumberLiteral', value: sign * value, duration: false, pos: this.pos(node) };
  }

  private stringValue(node: SyntaxNode): string {
    const raw = this.src(node);
    const r = unquoteString(raw);
    if ('error' in r) {
      this.err(r.error, { start: node.from + r.offset, end: node.to });
      return '';
    }
    return r.value;
  }

  // -- selectors ----------------------------------------------------------------

  private vectorSelector(node: SyntaxNode): Mutable<VectorSelector> {
    let name = '';
    const matchers: LabelMatcher[] = [];
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.name === 'Identifier') name = this.src(c);
      else if (c.name === 'LabelMatchers') {
        for (let m = c.firstChild; m; m = m.nextSibling) {
          if (m.name === 'QuotedLabelName') {
            // A lone quoted string in braces is the metric name: {"my.metric"}.
            const str = m.firstChild;
            const value = str ? this.stringValue(str) : '';
            if (name !== '') {
              this.err(`metric name must not be set twice: "${name}" or "${value}"`, this.pos(node));
            } else name = value;
          } else if (m.name === 'UnquotedLabelMatcher' || m.name === 'QuotedLabelMatcher') {
            matchers.push(this.labelMatcher(m));
          }
        }
      }
    }
    return { kind: 'VectorSelector', name, matchers, pos: this.pos(node) };
  }

  private labelMatcher(node: SyntaxNode): LabelMatcher {
    const nameNode = node.firstChild!;
    const opNode = nameNode.nextSibling;
    const valueNode = opNode?.nextSibling;
    const labelName = nameNode.name === 'QuotedLabelName' && nameNode.firstChild ? this.stringValue(nameNode.firstChild) : this.src(nameNode);
    const op = MATCH_OPS[opNode?.firstChild?.name ?? ''] ?? '=';
    const value = valueNode ? this.stringValue(valueNode) : '';
    return { name: labelName, op, value, pos: this.pos(node) };
  }

  private matrixSelector(node: SyntaxNode): Expr {
    const inner = node.firstChild!;
    const rangeNode = inner.nextSibling;
    const vector = this.expr(inner);
    const range = rangeNode ? this.durationExpr(rangeNode) : zeroDuration(node);
    const bracket: PosRange = { start: rangeNode ? rangeNode.from - 1 : node.from, end: node.to };
    if (vector.kind !== 'VectorSelector') {
      this.err('ranges only allowed for vector selectors', bracket);
      return this.placeholder(node);
    }
    if (vector.offset) this.err('no offset modifiers allowed before range', bracket);
    else if (vector.at) this.err('no @ modifiers allowed before range', bracket);
    const m: MatrixSelector = { kind: 'MatrixSelector', vector, range, pos: this.pos(node) };
    return m;
  }

  private subquery(node: SyntaxNode): Expr {
    const inner = node.firstChild!;
    const rangeNode = inner.nextSibling;
    const stepNode = rangeNode?.nextSibling;
    const s: SubqueryExpr = {
      kind: 'SubqueryExpr',
      expr: this.expr(inner),
      range: rangeNode ? this.durationExpr(rangeNode) : zeroDuration(node),
      ...(stepNode ? { step: this.durationExpr(stepNode) } : {}),
      pos: this.pos(node),
    };
    return s;
  }

  /** The node that an offset/@/anchored/smoothed modifier attaches to, or undefined. */
  private modifierTarget(e: Expr): Mutable<VectorSelector> | Mutable<SubqueryExpr> | undefined {
    if (e.kind === 'VectorSelector' || e.kind === 'SubqueryExpr') return e as Mutable<VectorSelector | SubqueryExpr>;
    if (e.kind === 'MatrixSelector') return e.vector as Mutable<VectorSelector>;
    return undefined;
  }

  /** Extends the position of a selector/subquery (and an enclosing matrix) to cover a modifier. */
  private extend(e: Expr, to: number): Expr {
    const grown = { ...e, pos: { start: e.pos.start, end: to } } as Expr;
    if (grown.kind === 'MatrixSelector') {
      return { ...grown, vector: { ...grown.vector } };
    }
    return grown;
  }

  private offsetExpr(node: SyntaxNode): Expr {
    const inner = node.firstChild!;
    const durNode = node.lastChild!;
    const base = this.extend(this.expr(inner), node.to);
    const offset = this.durationExpr(durNode);
    const target = this.modifierTarget(base);
    if (!target) {
      this.err('offset modifier must be preceded by an instant vector selector or range vector selector or a subquery', this.pos(node));
      return base;
    }
    if (target.offset) {
      this.err('offset may not be set multiple times', this.pos(node));
      return base;
    }
    target.offset = offset;
    return base;
  }

  private atExpr(node: SyntaxNode): Expr {
    const inner = node.firstChild!;
    const base = this.extend(this.expr(inner), node.to);
    const atToken = inner.nextSibling!;
    const arg = atToken.nextSibling;
    const pos: PosRange = { start: atToken.from, end: node.to };
    let at: AtModifier | undefined;
    if (arg?.name === 'AtModifierPreprocessors') {
      at = { kind: arg.firstChild?.name === 'AtEnd' ? 'end' : 'start', pos };
    } else if (arg) {
      const lit = this.numberLiteral(arg);
      const seconds = lit.kind === 'NumberLiteral' ? lit.value : NaN;
      if (!Number.isFinite(seconds) || Math.abs(seconds) >= 9.223372036854776e18) {
        this.err(`timestamp out of bounds for @ modifier: ${formatGoFloatF(seconds)}`, this.pos(node));
      }
      at = { kind: 'timestamp', ms: Math.round(seconds * 1000), pos };
    }
    const target = this.modifierTarget(base);
    if (!target) {
      this.err('@ modifier must be preceded by an instant vector selector or range vector selector or a subquery', this.pos(node));
      return base;
    }
    if (target.at) {
      this.err('@ <timestamp> may not be set multiple times', this.pos(node));
      return base;
    }
    if (at) target.at = at;
    return base;
  }

  private extendedRange(node: SyntaxNode): Expr {
    const which = node.name === 'AnchoredExpr' ? 'anchored' : 'smoothed';
    const other = which === 'anchored' ? 'smoothed' : 'anchored';
    const base = this.extend(this.expr(node.firstChild!), node.to);
    if (!this.options.experimental) {
      this.err(`${which} modifier is experimental and not enabled`, this.pos(node));
      return base;
    }
    if (base.kind === 'SubqueryExpr') {
      this.err(`${which} modifier is not supported for subqueries`, this.pos(node));
      return base;
    }
    const target = base.kind === 'VectorSelector' || base.kind === 'MatrixSelector' ? (this.modifierTarget(base) as Mutable<VectorSelector>) : undefined;
    if (!target) {
      this.err(`${which} modifier not implemented`, this.pos(node));
      return base;
    }
    target[which] = true;
    if (target[other]) this.err('anchored and smoothed modifiers cannot be used together', this.pos(node));
    return base;
  }

  // -- calls and aggregations ---------------------------------------------------

  private callArgs(body: SyntaxNode | null): Expr[] {
    const args: Expr[] = [];
    for (let c = body?.firstChild ?? null; c; c = c.nextSibling) args.push(this.expr(c));
    return args;
  }

  private call(node: SyntaxNode): Expr {
    const ident = node.firstChild!;
    const name = this.src(ident);
    const fn = FUNCTIONS.get(name);
    if (!fn) this.err(`unknown function with name "${name}"`, this.pos(ident));
    else if (fn.experimental && !this.options.experimental) this.err(`function "${name}" is not enabled`, this.pos(ident));
    return { kind: 'Call', func: name, args: this.callArgs(ident.nextSibling), pos: this.pos(node) };
  }

  private aggregate(node: SyntaxNode): Expr {
    const opNode = node.firstChild!;
    const op = this.src(opNode).toLowerCase() as AggregateOp;
    let grouping: string[] = [];
    let without = false;
    let hasGrouping = false;
    let body: SyntaxNode | null = null;
    for (let c = opNode.nextSibling; c; c = c.nextSibling) {
      if (c.name === 'AggregateModifier') {
        hasGrouping = true;
        without = c.firstChild?.name === 'Without';
        grouping = this.groupingLabels(c.lastChild);
      } else if (c.name === 'FunctionCallBody') body = c;
    }
    const args = this.callArgs(body);
    const pos = this.pos(node);
    const placeholder = this.placeholder(node);
    if (!AGGREGATE_OPS.includes(op)) {
      this.err(`aggregation operator expected in aggregation expression but got "${op}"`, pos);
    }
    if (args.length === 0) {
      this.err('no arguments for aggregate expression provided', pos);
      return { kind: 'AggregateExpr', op, expr: placeholder, grouping, without, hasGrouping, pos };
    }
    const withParam = PARAMETERISED_AGGREGATES.has(op);
    if (withParam && EXPERIMENTAL_AGGREGATES.has(op) && !this.options.experimental) {
      this.err(`${op}() is experimental and must be enabled with --enable-feature=promql-experimental-functions`, pos);
    }
    const desired = withParam ? 2 : 1;
    if (args.length !== desired) {
      this.err(`wrong number of arguments for aggregate expression provided, expected ${desired}, got ${args.length}`, pos);
    }
    const agg: AggregateExpr = {
      kind: 'AggregateExpr',
      op,
      expr: args[desired - 1] ?? placeholder,
      ...(withParam ? { param: args[0]! } : {}),
      grouping,
      without,
      hasGrouping,
      pos,
    };
    return agg;
  }

  private groupingLabels(node: SyntaxNode | null): string[] {
    const labels: string[] = [];
    for (let c = node?.firstChild ?? null; c; c = c.nextSibling) {
      if (c.name === 'LabelName') labels.push(this.src(c));
      else if (c.name === 'QuotedLabelName' && c.firstChild) labels.push(this.stringValue(c.firstChild));
    }
    return labels;
  }

  // -- operators ----------------------------------------------------------------

  private binary(node: SyntaxNode): Expr {
    const lhsNode = node.firstChild!;
    const opNode = lhsNode.nextSibling!;
    const op = BINARY_OPS[opNode.name];
    if (op === undefined) {
      this.err(`binary expression does not support operator "${this.src(opNode)}"`, this.pos(opNode));
      return this.placeholder(node);
    }
    let returnBool = false;
    let matching: Mutable<VectorMatching> | undefined;
    let rhsNode: SyntaxNode | null = null;
    for (let c = opNode.nextSibling; c; c = c.nextSibling) {
      if (c.name === 'BoolModifier') returnBool = true;
      else if (c.name === 'MatchingModifierClause') matching = { ...(matching ?? defaultMatching(op)), ...this.matchingClause(c, op) };
      else if (c.name === 'FillModifier') matching = { ...(matching ?? defaultMatching(op)), ...this.fillModifier(c, node) };
      else rhsNode = c;
    }
    if (matching) matching.pos = { start: opNode.from, end: rhsNode ? rhsNode.from : node.to };
    const rhs = rhsNode ? this.expr(rhsNode) : this.placeholder(node);
    const opPos = this.pos(opNode);

    // Prometheus's grammar has no signed number literals: a sign is a unary
    // operator that binds less tightly than `^`. lezer may read `-2 ^ 2` as
    // (-2)^2, so re-associate it as -(2 ^ 2).
    const signed = op === '^' && lhsNode.name === 'NumberDurationLiteral' ? /^\s*([-+])/.exec(this.src(lhsNode)) : null;
    if (signed) {
      const unsigned = this.numberLiteral(lhsNode);
      const magnitude = unsigned.kind === 'NumberLiteral' ? { ...unsigned, value: Math.abs(unsigned.value), pos: { start: lhsNode.from + 1, end: lhsNode.to } } : unsigned;
      const inner: BinaryExpr = { kind: 'BinaryExpr', op, lhs: magnitude, rhs, returnBool, ...(matching ? { matching } : {}), opPos, pos: { start: lhsNode.from + 1, end: node.to } };
      return { kind: 'UnaryExpr', op: signed[1] as '+' | '-', expr: inner, pos: this.pos(node) };
    }

    return { kind: 'BinaryExpr', op, lhs: this.expr(lhsNode), rhs, returnBool, ...(matching ? { matching } : {}), opPos, pos: this.pos(node) };
  }

  private matchingClause(node: SyntaxNode, op: BinaryOp): Partial<Mutable<VectorMatching>> {
    const out: Partial<Mutable<VectorMatching>> = { explicit: true };
    let sawGroup = false;
    for (let c = node.firstChild; c; c = c.nextSibling) {
      switch (c.name) {
        case 'On':
          out.on = true;
          break;
        case 'Ignoring':
          out.on = false;
          break;
        case 'GroupLeft':
          out.card = 'many-to-one';
          sawGroup = true;
          break;
        case 'GroupRight':
          out.card = 'one-to-many';
          sawGroup = true;
          break;
        case 'GroupingLabels':
          if (sawGroup) out.include = this.groupingLabels(c);
          else out.matchingLabels = this.groupingLabels(c);
          break;
      }
    }
    if (!sawGroup) out.card = isSetOp(op) ? 'many-to-many' : 'one-to-one';
    return out;
  }

  private fillModifier(node: SyntaxNode, binary: SyntaxNode): Partial<Mutable<VectorMatching>> {
    if (!this.options.experimental) {
      this.err('binop fill modifiers are experimental and not enabled', this.pos(binary));
    }
    const fill: { lhs?: number; rhs?: number } = {};
    for (let c = node.firstChild; c; c = c.nextSibling) {
      const lit = c.getChild('NumberDurationLiteral');
      const v = lit ? this.numberLiteral(lit) : undefined;
      const value = v?.kind === 'NumberLiteral' ? v.value : NaN;
      if (c.name === 'FillClause') {
        fill.lhs = value;
        fill.rhs = value;
      } else if (c.name === 'FillLeftClause') fill.lhs = value;
      else if (c.name === 'FillRightClause') fill.rhs = value;
    }
    return { fill };
  }

  private unary(node: SyntaxNode): Expr {
    const opNode = node.firstChild!;
    const op = this.src(opNode) === '-' ? '-' : '+';
    const inner = opNode.nextSibling;
    const e = inner ? this.expr(inner) : this.placeholder(node);
    // As in Prometheus, a sign applied to a number literal folds into it.
    if (e.kind === 'NumberLiteral') {
      return { ...e, value: op === '-' ? -e.value : e.value, pos: this.pos(node) };
    }
    return { kind: 'UnaryExpr', op, expr: e, pos: this.pos(node) };
  }

  // -- durations ----------------------------------------------------------------

  durationExpr(node: SyntaxNode): DurationExpr {
    const pos = this.pos(node);
    if (node.name === 'NumberDurationLiteralInDurationContext') return this.durationLiteral(node);
    const first = node.firstChild;
    if (!first) {
      this.err('expected duration', pos);
      return zeroDuration(node);
    }
    switch (first.name) {
      case 'NumberDurationLiteralInDurationContext':
        return this.durationLiteral(first);
      case 'UnaryOp': {
        const rest = first.nextSibling;
        const expr = rest ? this.durationExpr(rest) : zeroDuration(node);
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
        for (let c = first.nextSibling; c; c = c.nextSibling) args.push(this.durationExpr(c));
        return { kind: 'DurationCall', func: first.name === 'DurationMinOf' ? 'min_of' : 'max_of', args, pos };
      }
      case 'DurationExpr':
      case 'OffsetDurationExpr': {
        const opNode = first.nextSibling;
        if (!opNode) {
          // The only child: a parenthesised duration expression.
          this.experimentalDuration(pos);
          return { kind: 'DurationParen', expr: this.durationExpr(first), pos };
        }
        const rhsNode = opNode.nextSibling;
        const op = BINARY_OPS[opNode.name];
        if (op !== '+' && op !== '-' && op !== '*' && op !== '/' && op !== '%' && op !== '^') {
          this.err(`unexpected operator "${this.src(opNode)}" in duration expression`, this.pos(opNode));
          return zeroDuration(node);
        }
        this.experimentalDuration(pos);
        return {
          kind: 'DurationBinary',
          op,
          lhs: this.durationExpr(first),
          rhs: rhsNode ? this.durationExpr(rhsNode) : zeroDuration(node),
          pos,
        };
      }
      default:
        this.err(`unexpected ${first.name} in duration expression`, this.pos(first));
        return zeroDuration(node);
    }
  }

  private experimentalDuration(pos: PosRange): void {
    if (!this.options.experimental) this.err('experimental duration expression is not enabled', pos);
  }

  private durationLiteral(node: SyntaxNode): DurationExpr {
    const raw = this.src(node);
    const pos = this.pos(node);
    if (isDurationLiteral(raw)) {
      const d = parseDuration(raw);
      if ('error' in d) {
        this.err(d.error, pos);
        return zeroDuration(node);
      }
      return { kind: 'DurationLiteral', ms: d.ms, unit: true, pos };
    }
    const seconds = parseNumber(raw);
    if (seconds === undefined || !Number.isFinite(seconds)) {
      this.err(`invalid duration "${raw}"`, pos);
      return zeroDuration(node);
    }
    if (Math.abs(seconds) > 9223372036.854776) {
      this.err('duration out of range', pos);
      return zeroDuration(node);
    }
    return { kind: 'DurationLiteral', ms: Math.round(seconds * 1000), unit: false, pos };
  }
}

function zeroDuration(node: SyntaxNode): DurationExpr {
  return { kind: 'DurationLiteral', ms: 0, unit: true, pos: { start: node.from, end: node.to } };
}

function defaultMatching(op: BinaryOp): Mutable<VectorMatching> {
  const card: VectorMatchCardinality = isSetOp(op) ? 'many-to-many' : 'one-to-one';
  return { card, on: false, matchingLabels: [], explicit: false, include: [] };
}

/** Go's %f formatting of a float64, as used in Prometheus's @ bounds message. */
function formatGoFloatF(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return v.toFixed(6);
}
