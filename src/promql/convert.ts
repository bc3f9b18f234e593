// Converts the lezer-promql syntax tree into our typed AST, once. Structural
// rules that Prometheus's grammar actions enforce (where an offset or @ may
// stand, what a range may follow, aggregation argument counts, unknown
// functions, experimental syntax) are reported here; type rules are in
// typecheck.ts, duration expressions in convert-duration.ts. The converter
// never throws on user input: it records a diagnostic, substitutes a
// placeholder and carries on, so that several problems can be reported at
// once. Token text is always read from the original text (parse.ts may
// have shown lezer a normalised copy of the same length).
//
// Error positions follow Prometheus's grammar actions: a misplaced
// modifier is reported over the expression it follows (before the
// modifier), a range on a non-selector over `[...]`.

import type { SyntaxNode } from '@lezer/common';
import type {
  AggregateExpr,
  AggregateOp,
  AtModifier,
  BinaryExpr,
  BinaryOp,
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
import { errorsOf } from '../diagnostics.js';
import { FUNCTIONS } from './functions.js';
import { goRound, isDurationLiteral, parseDuration, parseNumber, unquoteString } from './literals.js';
import { DurationConverter, zeroDuration } from './convert-duration.js';
import { functionUnavailability } from '../version/differences.js';
import type { PrometheusVersion } from '../version/version.js';

const error = errorsOf('promql/syntax');

export interface ConvertOptions {
  /** Accept experimental syntax and functions (Prometheus feature flags). Default true. */
  readonly experimental: boolean;
  /** The Prometheus version whose function set applies (functions.ts holds the union of all versions). */
  readonly version: PrometheusVersion;
}

const BINARY_OPS: Record<string, BinaryOp> = {
  Pow: '^',
  Mul: '*',
  Div: '/',
  Mod: '%',
  Atan2: 'atan2',
  Add: '+',
  Sub: '-',
  Eql: '==',
  Neq: '!=',
  Gtr: '>',
  Lss: '<',
  Gte: '>=',
  Lte: '<=',
  And: 'and',
  Or: 'or',
  Unless: 'unless',
  TrimUpper: '</',
  TrimLower: '>/',
};

const MATCH_OPS: Record<string, MatchOp> = { EqlSingle: '=', Neq: '!=', EqlRegex: '=~', NeqRegex: '!~' };

const CASE_INSENSITIVE_CALLS: ReadonlySet<string> = new Set(['step', 'range', 'min_of', 'max_of']);

/** lezer nodes that carry a postfix modifier (range, subquery, offset, @, anchored, smoothed). */
const POSTFIX_NODES: ReadonlySet<string> = new Set(['MatrixSelector', 'SubqueryExpr', 'OffsetExpr', 'StepInvariantExpr', 'AnchoredExpr', 'SmoothedExpr']);

/** Binding strength of binary operators, as in Prometheus's grammar (higher binds tighter). */
function precedence(op: BinaryOp): number {
  switch (op) {
    case 'or':
      return 1;
    case 'and':
    case 'unless':
      return 2;
    case '==':
    case '!=':
    case '<':
    case '>':
    case '<=':
    case '>=':
    case '</':
    case '>/':
      return 3;
    case '+':
    case '-':
      return 4;
    case '*':
    case '/':
    case '%':
    case 'atan2':
      return 5;
    case '^':
      return 6;
  }
}

/** Whether `outer`, written after an expression ending in `inner`'s right operand, takes that operand. */
function bindsTighter(outer: BinaryOp, inner: BinaryOp): boolean {
  const a = precedence(outer);
  const b = precedence(inner);
  // `^` is right-associative: a ^ b offset 1m ^ c is a ^ (b ^ c).
  return a > b || (a === b && outer === '^');
}

const EXPERIMENTAL_AGGREGATES: ReadonlySet<AggregateOp> = new Set(['limitk', 'limit_ratio']);

/** A node under construction (vector matching is assembled from several clauses). */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class Converter {
  readonly diagnostics: Diagnostic[] = [];
  private readonly durations: DurationConverter;

  /**
   * `at` maps a position in the parsed text to one in `text`: a deeply
   * nested expression is parsed piece by piece (pieces.ts), each piece as
   * its own lezer tree in which the pieces inside it stand as `_`. `grafts`
   * are those pieces, already converted, by start offset in `text`.
   */
  constructor(
    private readonly text: string,
    private readonly options: ConvertOptions,
    private readonly at: (offset: number) => number = (offset) => offset,
    private readonly grafts: ReadonlyMap<number, Expr> = new Map(),
  ) {
    this.durations = new DurationConverter(text, options.experimental, (message, pos) => this.err(message, pos), at);
  }

  private err(message: string, pos: PosRange): void {
    this.diagnostics.push(error(message, pos));
  }

  private src(node: SyntaxNode): string {
    return this.text.slice(this.at(node.from), this.at(node.to));
  }

  private pos(node: SyntaxNode): PosRange {
    return { start: this.at(node.from), end: this.at(node.to) };
  }

  private placeholder(node: SyntaxNode): Expr {
    return { kind: 'NumberLiteral', value: NaN, duration: false, pos: this.pos(node) };
  }

  /** Converts an `expr` node (any member of lezer's Expr group). */
  expr(node: SyntaxNode): Expr {
    if (node.name === 'VectorSelector' && this.grafts.size > 0) {
      const graft = this.grafts.get(this.at(node.from));
      if (graft) return graft;
    }
    switch (node.name) {
      case 'NumberDurationLiteral':
        return this.numberLiteral(node);
      case 'StringLiteral':
        return { kind: 'StringLiteral', value: this.stringValue(node), pos: this.pos(node) };
      case 'VectorSelector':
        return this.vectorSelector(node);
      case 'MatrixSelector':
        return this.postfix(node, (e) => this.matrixSelector(node, e));
      case 'SubqueryExpr':
        return this.postfix(node, (e) => this.subquery(node, e));
      case 'OffsetExpr':
        return this.postfix(node, (e) => this.offsetExpr(node, e));
      case 'StepInvariantExpr':
        return this.postfix(node, (e) => this.atExpr(node, e));
      case 'AnchoredExpr':
      case 'SmoothedExpr':
        return this.postfix(node, (e) => this.extendedRange(node, e));
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
    // A sign may be separated from the number by spaces and comments.
    const raw = this.src(node)
      .replace(/#[^\n]*/g, '')
      .replace(/\s+/g, '');
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
    if (value === undefined || (!Number.isFinite(value) && !/^[+-]?(inf|nan)/i.test(body))) {
      const why = value === undefined ? 'invalid syntax' : 'value out of range';
      this.err(`error parsing number: strconv.ParseFloat: parsing "${body}": ${why}`, this.pos(node));
      return this.placeholder(node);
    }
    return { kind: 'NumberLiteral', value: sign * value, duration: false, pos: this.pos(node) };
  }

  private stringValue(node: SyntaxNode): string {
    const raw = this.src(node);
    const r = unquoteString(raw);
    if ('error' in r) {
      this.err(r.error, { start: this.at(node.from) + r.offset, end: this.at(node.to) });
      return '';
    }
    return r.value;
  }

  // -- selectors ----------------------------------------------------------------

  private vectorSelector(node: SyntaxNode): Mutable<VectorSelector> {
    let name = '';
    const matchers: LabelMatcher[] = [];
    // Lone quoted strings in braces (`{"my.metric"}`) are __name__ equality
    // matchers in Prometheus. One of them, with no other __name__ matcher and
    // no name outside the braces, becomes the selector's name; otherwise they
    // stay matchers and the type checker reports a name set twice.
    const quotedNames: LabelMatcher[] = [];
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.name === 'Identifier') name = this.src(c);
      else if (c.name === 'LabelMatchers') {
        for (let m = c.firstChild; m; m = m.nextSibling) {
          if (m.name === 'QuotedLabelName') {
            const str = m.firstChild;
            const matcher: LabelMatcher = { name: '__name__', op: '=', value: str ? this.stringValue(str) : '', pos: this.pos(m) };
            quotedNames.push(matcher);
            matchers.push(matcher);
          } else if (m.name === 'UnquotedLabelMatcher' || m.name === 'QuotedLabelMatcher') {
            matchers.push(this.labelMatcher(m));
          }
        }
      }
    }
    const nameMatchers = matchers.filter((m) => m.name === '__name__');
    if (name === '' && quotedNames.length === 1 && nameMatchers.length === 1) {
      name = quotedNames[0]!.value;
      matchers.splice(matchers.indexOf(quotedNames[0]!), 1);
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

  // -- postfix modifiers --------------------------------------------------------
  //
  // In Prometheus's grammar `[range]`, `[range:step]`, `offset`, `@`,
  // `anchored` and `smoothed` bind tighter than every operator, so
  // `a + b[5m]` is `a + (b[5m])` and `-a offset 1m` is `-(a offset 1m)`.
  // lezer-promql attaches them to the whole preceding expression instead,
  // so a modifier found on a binary or unary expression is moved down to
  // its rightmost operand here. The nodes on the way grow to cover it.

  private postfix(node: SyntaxNode, apply: (target: Expr) => Expr): Expr {
    const inner = node.firstChild;
    if (!inner) return this.placeholder(node);
    return this.applyRightmost(this.expr(inner), this.at(node.to), apply);
  }

  private applyRightmost(e: Expr, end: number, apply: (target: Expr) => Expr): Expr {
    if (e.kind === 'BinaryExpr') return { ...e, rhs: this.applyRightmost(e.rhs, end, apply), pos: { start: e.pos.start, end } };
    if (e.kind === 'UnaryExpr') return { ...e, expr: this.applyRightmost(e.expr, end, apply), pos: { start: e.pos.start, end } };
    return apply(e);
  }

  /** The position of `[` before the range of a matrix selector or subquery. */
  private bracketStart(node: SyntaxNode): number {
    const range = node.firstChild?.nextSibling;
    return range ? this.text.lastIndexOf('[', this.at(range.from)) : this.at(node.from);
  }

  private matrixSelector(node: SyntaxNode, e: Expr): Expr {
    const rangeNode = node.firstChild?.nextSibling;
    const range = rangeNode ? this.durations.convert(rangeNode, true) : zeroDuration(node, this.at);
    const bracket: PosRange = { start: this.bracketStart(node), end: this.at(node.to) };
    if (e.kind !== 'VectorSelector') {
      this.err('ranges only allowed for vector selectors', bracket);
      return { ...this.placeholder(node), pos: { start: e.pos.start, end: this.at(node.to) } };
    }
    if (e.offset) this.err('no offset modifiers allowed before range', bracket);
    else if (e.at) this.err('no @ modifiers allowed before range', bracket);
    const m: MatrixSelector = { kind: 'MatrixSelector', vector: e, range, pos: { start: e.pos.start, end: this.at(node.to) } };
    return m;
  }

  private subquery(node: SyntaxNode, e: Expr): Expr {
    const rangeNode = node.firstChild?.nextSibling;
    const stepNode = rangeNode?.nextSibling;
    const s: SubqueryExpr = {
      kind: 'SubqueryExpr',
      expr: e,
      range: rangeNode ? this.durations.convert(rangeNode, true) : zeroDuration(node, this.at),
      ...(stepNode ? { step: this.durations.convert(stepNode, true) } : {}),
      pos: { start: e.pos.start, end: this.at(node.to) },
    };
    return s;
  }

  private offsetExpr(node: SyntaxNode, e: Expr): Expr {
    const offset = this.durations.convert(node.lastChild!, false);
    const end = this.at(node.to);
    switch (e.kind) {
      case 'VectorSelector':
      case 'SubqueryExpr':
        if (e.offset) break;
        return { ...e, offset, pos: { start: e.pos.start, end } };
      case 'MatrixSelector':
        if (e.vector.offset) break;
        return { ...e, vector: { ...e.vector, offset }, pos: { start: e.pos.start, end } };
      default:
        this.err('offset modifier must be preceded by an instant vector selector or range vector selector or a subquery', e.pos);
        return e;
    }
    this.err('offset may not be set multiple times', e.pos);
    return e;
  }

  private atExpr(node: SyntaxNode, e: Expr): Expr {
    const atToken = node.firstChild!.nextSibling!;
    const arg = atToken.nextSibling;
    const pos: PosRange = { start: this.at(atToken.from), end: this.at(node.to) };
    let at: AtModifier;
    if (arg?.name === 'AtModifierPreprocessors') {
      at = { kind: arg.firstChild?.name === 'AtEnd' ? 'end' : 'start', pos };
    } else {
      const lit = arg ? this.numberLiteral(arg) : undefined;
      const seconds = lit?.kind === 'NumberLiteral' ? lit.value : NaN;
      if (!Number.isFinite(seconds) || Math.abs(seconds) >= 9.223372036854776e18) {
        this.err(`timestamp out of bounds for @ modifier: ${formatGoFloatF(seconds)}`, e.pos);
      }
      // timestamp.FromFloatSeconds rounds to the nearest millisecond.
      at = { kind: 'timestamp', ms: goRound(seconds * 1000), pos };
    }
    const end = this.at(node.to);
    switch (e.kind) {
      case 'VectorSelector':
      case 'SubqueryExpr':
        if (e.at) break;
        return { ...e, at, pos: { start: e.pos.start, end } };
      case 'MatrixSelector':
        if (e.vector.at) break;
        return { ...e, vector: { ...e.vector, at }, pos: { start: e.pos.start, end } };
      default:
        this.err('@ modifier must be preceded by an instant vector selector or range vector selector or a subquery', e.pos);
        return e;
    }
    this.err('@ <timestamp> may not be set multiple times', e.pos);
    return e;
  }

  private extendedRange(node: SyntaxNode, e: Expr): Expr {
    const which = node.name === 'AnchoredExpr' ? 'anchored' : 'smoothed';
    const other = which === 'anchored' ? 'smoothed' : 'anchored';
    if (!this.options.experimental) {
      this.err(`${which} modifier is experimental and not enabled`, e.pos);
      return e;
    }
    const end = this.at(node.to);
    let vector: VectorSelector;
    switch (e.kind) {
      case 'VectorSelector':
        vector = e;
        break;
      case 'MatrixSelector':
        vector = e.vector;
        break;
      case 'SubqueryExpr':
        this.err(`${which} modifier is not supported for subqueries`, e.pos);
        return e;
      default:
        this.err(`${which} modifier not implemented`, e.pos);
        return e;
    }
    if (vector[other]) this.err('anchored and smoothed modifiers cannot be used together', e.pos);
    const marked: VectorSelector = { ...vector, [which]: true };
    if (e.kind === 'MatrixSelector') return { ...e, vector: marked, pos: { start: e.pos.start, end } };
    return { ...marked, pos: { start: e.pos.start, end } };
  }

  // -- calls and aggregations ---------------------------------------------------

  private callArgs(body: SyntaxNode | null): Expr[] {
    const args: Expr[] = [];
    for (let c = body?.firstChild ?? null; c; c = c.nextSibling) args.push(this.expr(c));
    return args;
  }

  private call(node: SyntaxNode): Expr {
    const ident = node.firstChild!;
    // step/range/min_of/max_of are keywords to Prometheus's lexer, so any
    // letter case names them; function names proper are case-sensitive.
    const written = this.src(ident);
    const name = CASE_INSENSITIVE_CALLS.has(written.toLowerCase()) ? written.toLowerCase() : written;
    const fn = FUNCTIONS.get(name);
    if (!fn || functionUnavailability(this.options.version, name)) this.err(`unknown function with name "${name}"`, this.pos(ident));
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
      else if (c.name === 'QuotedLabelName' && c.firstChild) {
        const label = this.stringValue(c.firstChild);
        // model.UTF8Validation.IsValidLabelName: any non-empty valid UTF-8.
        if (label === '') this.err(`invalid label name for grouping: ""`, this.pos(c.firstChild));
        labels.push(label);
      }
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
    if (matching) matching.pos = { start: this.at(opNode.from), end: rhsNode ? this.at(rhsNode.from) : this.at(node.to) };
    const rhs = rhsNode ? this.expr(rhsNode) : this.placeholder(node);
    const opPos = this.pos(opNode);

    // Prometheus's grammar has no signed number literals: a sign is a unary
    // operator that binds less tightly than `^`. lezer may read `-2 ^ 2` as
    // (-2)^2, so re-associate it as -(2 ^ 2).
    const signed = op === '^' && lhsNode.name === 'NumberDurationLiteral' ? /^\s*([-+])/.exec(this.src(lhsNode)) : null;
    if (signed) {
      const unsigned = this.numberLiteral(lhsNode);
      const magnitude =
        unsigned.kind === 'NumberLiteral'
          ? { ...unsigned, value: Math.abs(unsigned.value), pos: { start: this.at(lhsNode.from) + 1, end: this.at(lhsNode.to) } }
          : unsigned;
      const inner: BinaryExpr = {
        kind: 'BinaryExpr',
        op,
        lhs: magnitude,
        rhs,
        returnBool,
        ...(matching ? { matching } : {}),
        opPos,
        pos: { start: this.at(lhsNode.from) + 1, end: this.at(node.to) },
      };
      return { kind: 'UnaryExpr', op: signed[1] as '+' | '-', expr: inner, pos: this.pos(node) };
    }

    const lhs = this.expr(lhsNode);
    const build = (l: Expr, r: Expr): Expr => ({
      kind: 'BinaryExpr',
      op,
      lhs: l,
      rhs: r,
      returnBool,
      ...(matching ? { matching } : {}),
      opPos,
      pos: { start: l.pos.start, end: r.pos.end },
    });
    // When lezer grouped a postfix modifier with a whole binary or unary
    // expression (`a + b offset 1m * 0`), moving the modifier down (see
    // postfix) leaves a looser operator on the left of a tighter one:
    // rotate it so the tighter operator takes the rightmost operand, as in
    // Prometheus: a + ((b offset 1m) * 0).
    if (POSTFIX_NODES.has(lhsNode.name)) return this.rotate(lhs, op, rhs, build);
    return build(lhs, rhs);
  }

  private rotate(l: Expr, op: BinaryOp, r: Expr, build: (l: Expr, r: Expr) => Expr): Expr {
    if (l.kind === 'BinaryExpr' && bindsTighter(op, l.op)) {
      const inner = this.rotate(l.rhs, op, r, build);
      return { ...l, rhs: inner, pos: { start: l.pos.start, end: inner.pos.end } };
    }
    // A sign binds less tightly than `^` only.
    if (l.kind === 'UnaryExpr' && op === '^') {
      const inner = this.rotate(l.expr, op, r, build);
      return { ...l, expr: inner, pos: { start: l.pos.start, end: inner.pos.end } };
    }
    return build(l, r);
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
