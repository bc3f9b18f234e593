// The canonical single-line printer: the text Prometheus 3.x's `String()`
// methods (promql/parser/printer.go) produce for the same expression, so
// that `promforge parse`, `fmt` and error messages show what Prometheus
// would show. Notable upstream conventions reproduced here:
//   - aggregation modifiers come first: `sum by (job) (x)`; `by ()` is dropped;
//   - binary modifiers are spaced: `a + on (x) group_left (y) b`; an empty
//     `ignoring ()` is dropped; matching is only printed between two
//     instant vectors (Prometheus discards it otherwise);
//   - selector matchers are sorted and joined with ","; the metric name is
//     bare unless it needs quoting, in which case it becomes a
//     `__name__="..."` matcher (Prometheus keeps such a name only as a matcher);
//   - modifier order: `x @ 10.000 anchored offset 5m`, `x[5m] anchored @ 10.000 offset 5m`,
//     `(expr)[5m:1m] @ 10.000 offset 5m`; a zero offset is not printed;
//   - numbers as Go's strconv.FormatFloat(v, 'f', -1, 64) (`1000000`, `+Inf`, `NaN`),
//     duration-valued numbers as durations, `@` timestamps with three decimals,
//     `fill (v)` values as Go's `%v`.
//
// The printer does not add parentheses: a parsed AST keeps its ParenExpr
// nodes, so printing it gives back an expression with the same structure.
// The one exception is a signed left operand of `^` (see printPowerOperand).
//
// Where our AST cannot tell spellings apart the output may differ from
// Prometheus's while meaning the same: `{"foo"}` prints as `foo` (Prometheus:
// `{__name__="foo"}`); `fill_left(1) fill_right(1)` prints as `fill (1)`; a
// legacy name that lezer-promql will not read bare (`offset`, `bool`, `NaN`,
// ...) prints as a `__name__` matcher.

import type {
  AggregateExpr,
  AtModifier,
  BinaryExpr,
  DurationExpr,
  Expr,
  LabelMatcher,
  MatrixSelector,
  SubqueryExpr,
  VectorMatching,
  VectorSelector,
} from './ast.js';
import { assertNever, children, isSetOp } from './ast.js';
import { formatDuration, isLegacyLabelName, isLegacyMetricName, quoteString } from './literals.js';
import { typeOf } from './typecheck.js';
import { strideNodes } from './deep.js';

/** Deep trees: results of the nodes strideNodes picks, while a print is under way (see deep.ts). */
let printed: Map<Expr, string> | undefined;
let printing = false;

/** Prints an expression exactly as Prometheus's `Expr.String()` does. */
export function printExpr(expr: Expr): string {
  if (printing) return printed?.get(expr) ?? printNode(expr);
  printing = true;
  try {
    const deep = strideNodes(expr);
    if (deep.length > 0) {
      printed = new Map();
      for (const node of deep) printed.set(node, printNode(node));
    }
    return printNode(expr);
  } finally {
    printing = false;
    printed = undefined;
  }
}

function printNode(expr: Expr): string {
  switch (expr.kind) {
    case 'NumberLiteral':
      return expr.duration ? formatSignedDuration(Math.round(expr.value * 1000)) : formatGoFloat(expr.value);
    case 'StringLiteral':
      return quoteString(expr.value);
    case 'VectorSelector':
      return printVectorSelector(expr);
    case 'MatrixSelector':
      return printMatrixSelector(expr);
    case 'SubqueryExpr':
      return printExpr(expr.expr) + printSubquerySuffix(expr);
    case 'Call':
      return `${expr.func}(${expr.args.map(printExpr).join(', ')})`;
    case 'AggregateExpr':
      return printAggregateHead(expr) + '(' + (expr.param ? printExpr(expr.param) + ', ' : '') + printExpr(expr.expr) + ')';
    case 'BinaryExpr':
      return `${printPowerOperand(expr)} ${printBinaryOperator(expr)} ${printExpr(expr.rhs)}`;
    case 'UnaryExpr':
      return expr.op + printExpr(expr.expr);
    case 'ParenExpr':
      return `(${printExpr(expr.expr)})`;
    default:
      return assertNever(expr);
  }
}

/**
 * The left operand of a binary expression. A sign binds less tightly than
 * `^` only, so a left operand of `^` that prints with a leading sign would be
 * read back as the sign applied to the whole power: Prometheus's printer
 * turns `Inf ^ x` into `+Inf ^ x`, which reads as `+(Inf ^ x)` and grows a
 * `+` on every round trip. Positive infinity there prints unsigned (`Inf`);
 * any other signed operand (a negative number, a unary expression) is
 * parenthesised, the one place the printer adds parentheses.
 */
export function printPowerOperand(bin: BinaryExpr): string {
  if (bin.op !== '^') return printExpr(bin.lhs);
  if (bin.lhs.kind === 'NumberLiteral' && !bin.lhs.duration && bin.lhs.value === Infinity) return 'Inf';
  const lhs = printExpr(bin.lhs);
  return lhs.startsWith('-') || lhs.startsWith('+') ? `(${lhs})` : lhs;
}

// ---------------------------------------------------------------------------
// Pieces shared with the pretty printer and other tools.

/** `sum`, `sum by (job) `, `sum without () `: an aggregation up to its opening parenthesis. */
export function printAggregateHead(agg: AggregateExpr): string {
  if (agg.without) return `${agg.op} without (${printLabelList(agg.grouping)}) `;
  if (agg.grouping.length > 0) return `${agg.op} by (${printLabelList(agg.grouping)}) `;
  return agg.op;
}

/** The operator of a binary expression with its `bool`, matching and fill modifiers: `+ on (a) group_left () fill (0)`. */
export function printBinaryOperator(bin: BinaryExpr): string {
  let out: string = bin.op;
  if (bin.returnBool) out += ' bool';
  // Prometheus drops the matching of a binary expression unless both sides are instant vectors.
  if (bin.matching && typeOf(bin.lhs) === 'vector' && typeOf(bin.rhs) === 'vector') out += printMatching(bin.matching);
  return out;
}

function printMatching(vm: VectorMatching): string {
  const grouped = vm.card === 'many-to-one' || vm.card === 'one-to-many';
  let out = '';
  if (vm.matchingLabels.length > 0 || vm.on || grouped) {
    out += ` ${vm.on ? 'on' : 'ignoring'} (${printLabelList(vm.matchingLabels)})`;
  }
  if (grouped) {
    out += ` ${vm.card === 'many-to-one' ? 'group_left' : 'group_right'} (${printLabelList(vm.include)})`;
  }
  const fill = vm.fill;
  if (fill && (fill.lhs !== undefined || fill.rhs !== undefined)) {
    if (fill.lhs !== undefined && fill.rhs !== undefined && Object.is(fill.lhs, fill.rhs)) {
      out += ` fill (${formatGoFloatV(fill.lhs)})`;
    } else {
      if (fill.lhs !== undefined) out += ` fill_left (${formatGoFloatV(fill.lhs)})`;
      if (fill.rhs !== undefined) out += ` fill_right (${formatGoFloatV(fill.rhs)})`;
    }
  }
  return out;
}

/** Grouping/matching label names, comma-separated, quoting those that are not legacy label names. */
export function printLabelList(labels: readonly string[]): string {
  return labels.map((l) => (isLegacyLabelName(l) ? l : quoteString(l))).join(', ');
}

/** One matcher as Prometheus's `labels.Matcher.String()`: `job="x"`, `"a.b"=~"y"`. */
export function printMatcher(m: Pick<LabelMatcher, 'name' | 'op' | 'value'>): string {
  const name = isLegacyLabelName(m.name) ? m.name : quoteString(m.name);
  return name + m.op + quoteString(m.value);
}

/**
 * A matcher list in braces, sorted as Prometheus sorts the printed matchers
 * (byte order of their text): `{a="1",b!="2"}`; `{}` when empty.
 */
export function printMatchers(matchers: readonly Pick<LabelMatcher, 'name' | 'op' | 'value'>[]): string {
  return '{' + sortGoStrings(matchers.map(printMatcher)).join(',') + '}';
}

/** Sorts like Go's sort.Strings: by UTF-8 bytes, which is code point order (not UTF-16 order). */
function sortGoStrings(strings: string[]): string[] {
  return strings.sort((a, b) => {
    const ca = [...a];
    const cb = [...b];
    for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
      const d = ca[i]!.codePointAt(0)! - cb[i]!.codePointAt(0)!;
      if (d !== 0) return d;
    }
    return ca.length - cb.length;
  });
}

// ---------------------------------------------------------------------------
// Selectors and their modifiers.

/**
 * Legacy metric names that cannot stand bare: they lex as numbers, or as
 * keywords the grammar does not accept as a metric name (Prometheus's own
 * grammar does take `offset`, lezer-promql does not). Matched case-insensitively.
 */
const RESERVED_BARE_NAMES = new Set(['inf', 'nan', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'offset']);

function printableBareName(name: string): boolean {
  return isLegacyMetricName(name) && !RESERVED_BARE_NAMES.has(name.toLowerCase());
}

/** The selector's name and matchers, without modifiers: `foo{a="b"}`, `{__name__="my.metric"}`. */
export function printSelectorBody(vs: VectorSelector): string {
  const bare = vs.name !== '' && printableBareName(vs.name);
  const parts: string[] = [];
  if (vs.name !== '' && !bare) parts.push(printMatcher({ name: '__name__', op: '=', value: vs.name }));
  for (const m of vs.matchers) {
    // A `__name__` equality matcher that repeats the name says nothing more.
    if (m.name === '__name__' && m.op === '=' && vs.name !== '' && m.value === vs.name) continue;
    parts.push(printMatcher(m));
  }
  const head = bare ? vs.name : '';
  return parts.length === 0 ? head : head + '{' + sortGoStrings(parts).join(',') + '}';
}

function printVectorSelector(vs: VectorSelector): string {
  return printSelectorBody(vs) + printAt(vs.at) + printExtendedRange(vs) + printOffset(vs.offset);
}

function printMatrixSelector(ms: MatrixSelector): string {
  const vs = ms.vector;
  return `${printSelectorBody(vs)}[${printDuration(ms.range)}]` + printExtendedRange(vs) + printAt(vs.at) + printOffset(vs.offset);
}

/** The `[range:step] @ t offset d` suffix of a subquery. */
export function printSubquerySuffix(sq: SubqueryExpr): string {
  const step = sq.step ? printDuration(sq.step) : '';
  return `[${printDuration(sq.range)}:${step}]` + printAt(sq.at) + printOffset(sq.offset);
}

function printExtendedRange(vs: VectorSelector): string {
  if (vs.anchored) return ' anchored';
  if (vs.smoothed) return ' smoothed';
  return '';
}

/** ` @ 10.000`, ` @ start()`, ` @ end()`, or '' when absent. */
export function printAt(at: AtModifier | undefined): string {
  if (!at) return '';
  switch (at.kind) {
    case 'timestamp':
      return ' @ ' + formatMillisAsSeconds(at.ms);
    case 'start':
      return ' @ start()';
    case 'end':
      return ' @ end()';
    default:
      return assertNever(at);
  }
}

/** ` offset 5m`, ` offset -5m`, ` offset (1h + step())`; '' when absent or zero. */
export function printOffset(offset: DurationExpr | undefined): string {
  if (!offset) return '';
  const d = normalizeDuration(offset);
  if (d.kind === 'DurationLiteral') return d.ms === 0 ? '' : ' offset ' + formatSignedDuration(d.ms);
  // An offset only takes a primary duration expression: a bare binary needs parentheses.
  return ' offset ' + (d.kind === 'DurationBinary' ? `(${printDurationNode(d)})` : printDurationNode(d));
}

/** Go's `%.3f` of a millisecond timestamp in seconds, computed exactly from the integer. */
function formatMillisAsSeconds(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(Math.round(ms));
  return `${sign}${Math.floor(abs / 1000)}.${String(abs % 1000).padStart(3, '0')}`;
}

// ---------------------------------------------------------------------------
// Durations.

/**
 * Prints a range, subquery step or offset value as Prometheus does: a plain
 * literal (with or without units) as a duration (`300` → `5m`), an
 * expression with its literals as written (`300 * 2`, `5m * 2`).
 */
export function printDuration(d: DurationExpr): string {
  const n = normalizeDuration(d);
  return n.kind === 'DurationLiteral' ? formatSignedDuration(n.ms) : printDurationNode(n);
}

function printDurationNode(d: DurationExpr): string {
  switch (d.kind) {
    case 'DurationLiteral':
      return d.unit ? formatSignedDuration(d.ms) : formatGoFloat(d.ms / 1000);
    case 'DurationBinary':
      return `${printDurationNode(d.lhs)} ${d.op} ${printDurationNode(d.rhs)}`;
    case 'DurationUnary':
      return (d.op === '-' ? '-' : '') + printDurationNode(d.expr);
    case 'DurationCall':
      return `${d.func}(${d.args.map(printDurationNode).join(', ')})`;
    case 'DurationParen':
      return `(${printDurationNode(d.expr)})`;
    default:
      return assertNever(d);
  }
}

/**
 * Reshapes a duration expression the way Prometheus's grammar builds it, so
 * that it prints the same: parentheses around a literal vanish, nested
 * parentheses collapse into one pair, a sign on a (parenthesised) literal
 * folds into it, and a unary `+` disappears.
 */
export function normalizeDuration(d: DurationExpr): DurationExpr {
  switch (d.kind) {
    case 'DurationLiteral':
      return d;
    case 'DurationParen': {
      const inner = normalizeDuration(d.expr);
      return inner.kind === 'DurationLiteral' || inner.kind === 'DurationParen' ? inner : { ...d, expr: inner };
    }
    case 'DurationUnary': {
      const inner = normalizeDuration(d.expr);
      if (inner.kind === 'DurationLiteral') return d.op === '-' ? { ...inner, ms: -inner.ms } : inner;
      return d.op === '+' ? inner : { ...d, expr: inner };
    }
    case 'DurationBinary':
      return { ...d, lhs: normalizeDuration(d.lhs), rhs: normalizeDuration(d.rhs) };
    case 'DurationCall':
      return { ...d, args: d.args.map(normalizeDuration) };
    default:
      return assertNever(d);
  }
}

/** Prometheus's model.Duration text with a leading `-` for negative values. */
function formatSignedDuration(ms: number): string {
  return ms < 0 ? '-' + formatDuration(-ms) : formatDuration(ms);
}

// ---------------------------------------------------------------------------
// Go float formatting.

/** The shortest round-tripping decimal digits of |v| and the decimal point position (digits × 10^(point - digits.length)). */
function shortestDigits(v: number): { digits: string; point: number } {
  const [mantissa, exponent] = Math.abs(v).toExponential().split('e') as [string, string];
  return { digits: mantissa.replace('.', ''), point: Number(exponent) + 1 };
}

function specialFloat(v: number): string | undefined {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  return undefined;
}

/** Go's strconv.FormatFloat(v, 'f', -1, 64): shortest digits, never an exponent. */
export function formatGoFloat(v: number): string {
  const special = specialFloat(v);
  if (special !== undefined) return special;
  const sign = v < 0 ? '-' : '';
  const { digits, point } = shortestDigits(v);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Go's `%v` of a float64 (strconv 'g' with shortest digits): `0`, `1.5`, `1e+06`, `1e-05`, `+Inf`. */
export function formatGoFloatV(v: number): string {
  const special = specialFloat(v);
  if (special !== undefined) return special;
  const { digits, point } = shortestDigits(v);
  const exp = point - 1;
  if (exp < -4 || exp >= 6) {
    const sign = v < 0 ? '-' : '';
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const expSign = exp < 0 ? '-' : '+';
    return `${sign}${mantissa}e${expSign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return formatGoFloat(v);
}

// ---------------------------------------------------------------------------
// Structural equality, as far as printing can tell.

/**
 * A position-free, plain-data view of an expression that keeps exactly what
 * the printed text determines. Two expressions with equal canonical forms
 * print the same and evaluate the same. Differences it deliberately
 * ignores: positions; matcher order and a metric name written as a name or
 * as a `__name__="..."` matcher; `by ()` versus no grouping; an empty
 * `ignoring ()` and other matching written between non-vectors; units on a
 * plain range/step/offset literal (`[300]` is `[5m]`); a zero offset; the
 * shapes normalizeDuration irons out.
 */
export function canonicalAst(expr: Expr): unknown {
  return canonicalNode(expr, canonicalAst);
}

/** canonicalAst of one node, with `sub` giving the form of its child expressions. */
function canonicalNode(expr: Expr, sub: (e: Expr) => unknown): unknown {
  switch (expr.kind) {
    case 'NumberLiteral':
      return { kind: expr.kind, value: canonicalNumber(expr.value), duration: expr.duration };
    case 'StringLiteral':
      return { kind: expr.kind, value: expr.value };
    case 'VectorSelector':
      return { kind: expr.kind, ...canonicalSelector(expr), offset: canonicalOffset(expr.offset) };
    case 'MatrixSelector':
      return {
        kind: expr.kind,
        ...canonicalSelector(expr.vector),
        range: canonicalTopDuration(expr.range),
        offset: canonicalOffset(expr.vector.offset),
      };
    case 'SubqueryExpr':
      return {
        kind: expr.kind,
        expr: sub(expr.expr),
        range: canonicalTopDuration(expr.range),
        step: expr.step ? canonicalTopDuration(expr.step) : null,
        at: canonicalAt(expr.at),
        offset: canonicalOffset(expr.offset),
      };
    case 'Call':
      return { kind: expr.kind, func: expr.func, args: expr.args.map((a) => sub(a)) };
    case 'AggregateExpr':
      return {
        kind: expr.kind,
        op: expr.op,
        param: expr.param ? sub(expr.param) : null,
        expr: sub(expr.expr),
        without: expr.without,
        grouping: [...expr.grouping],
      };
    case 'BinaryExpr':
      return {
        kind: expr.kind,
        op: expr.op,
        returnBool: expr.returnBool,
        matching: canonicalMatching(expr),
        lhs: sub(expr.lhs),
        rhs: sub(expr.rhs),
      };
    case 'UnaryExpr':
      return { kind: expr.kind, op: expr.op, expr: sub(expr.expr) };
    case 'ParenExpr':
      return { kind: expr.kind, expr: sub(expr.expr) };
    default:
      return assertNever(expr);
  }
}

/**
 * True when two expressions are equal ignoring positions and the
 * differences listed at canonicalAst. Compared node by node with an
 * explicit stack (expressions may nest 100,000 deep): each node's canonical
 * form without its children, then the children in order.
 */
export function astEqual(a: Expr, b: Expr): boolean {
  const stack: [Expr, Expr][] = [[a, b]];
  for (let pair = stack.pop(); pair; pair = stack.pop()) {
    const [x, y] = pair;
    if (JSON.stringify(canonicalNode(x, () => null)) !== JSON.stringify(canonicalNode(y, () => null))) return false;
    const xs = canonicalChildren(x);
    const ys = canonicalChildren(y);
    if (xs.length !== ys.length) return false;
    for (let i = xs.length - 1; i >= 0; i--) stack.push([xs[i]!, ys[i]!]);
  }
  return true;
}

/** The child expressions canonicalNode hands to `sub` (a matrix selector's vector is part of its own form). */
function canonicalChildren(e: Expr): readonly Expr[] {
  return e.kind === 'MatrixSelector' ? [] : children(e);
}

/** Numbers as JSON can hold them, keeping NaN, infinities and -0 apart. */
function canonicalNumber(v: number): number | string {
  if (Number.isNaN(v) || !Number.isFinite(v) || Object.is(v, -0)) return String(Object.is(v, -0) ? '-0' : v);
  return v;
}

function canonicalSelector(vs: VectorSelector): { matchers: string[]; at: unknown; anchored: boolean; smoothed: boolean } {
  const matchers = new Set<string>();
  if (vs.name !== '') matchers.add(JSON.stringify(['__name__', '=', vs.name]));
  for (const m of vs.matchers) matchers.add(JSON.stringify([m.name, m.op, m.value]));
  return { matchers: sortGoStrings([...matchers]), at: canonicalAt(vs.at), anchored: vs.anchored ?? false, smoothed: vs.smoothed ?? false };
}

/** The matching as printed: only between two vectors, without an empty `ignoring ()`. */
function canonicalMatching(bin: BinaryExpr): unknown {
  if (typeOf(bin.lhs) !== 'vector' || typeOf(bin.rhs) !== 'vector') return null;
  // No modifiers written between two vectors means Prometheus's default matching.
  const vm: VectorMatching = bin.matching ?? {
    card: isSetOp(bin.op) ? 'many-to-many' : 'one-to-one',
    on: false,
    matchingLabels: [],
    explicit: false,
    include: [],
  };
  const grouped = vm.card === 'many-to-one' || vm.card === 'one-to-many';
  const clause = vm.matchingLabels.length > 0 || vm.on || grouped;
  return {
    card: vm.card,
    on: clause ? vm.on : false,
    labels: clause ? [...vm.matchingLabels] : [],
    include: grouped ? [...vm.include] : [],
    fillLeft: vm.fill?.lhs === undefined ? null : canonicalNumber(vm.fill.lhs),
    fillRight: vm.fill?.rhs === undefined ? null : canonicalNumber(vm.fill.rhs),
  };
}

function canonicalAt(at: AtModifier | undefined): unknown {
  if (!at) return null;
  return at.kind === 'timestamp' ? { kind: at.kind, ms: at.ms } : { kind: at.kind };
}

function canonicalOffset(offset: DurationExpr | undefined): unknown {
  if (!offset) return null;
  const d = normalizeDuration(offset);
  if (d.kind === 'DurationLiteral' && d.ms === 0) return null;
  return canonicalTopDuration(d);
}

function canonicalTopDuration(d: DurationExpr): unknown {
  const n = normalizeDuration(d);
  return n.kind === 'DurationLiteral' ? { ms: n.ms } : canonicalDuration(n);
}

function canonicalDuration(d: DurationExpr): unknown {
  switch (d.kind) {
    case 'DurationLiteral':
      return { kind: d.kind, ms: d.ms, unit: d.unit };
    case 'DurationBinary':
      return { kind: d.kind, op: d.op, lhs: canonicalDuration(d.lhs), rhs: canonicalDuration(d.rhs) };
    case 'DurationUnary':
      return { kind: d.kind, op: d.op, expr: canonicalDuration(d.expr) };
    case 'DurationCall':
      return { kind: d.kind, func: d.func, args: d.args.map(canonicalDuration) };
    case 'DurationParen':
      return { kind: d.kind, expr: canonicalDuration(d.expr) };
    default:
      return assertNever(d);
  }
}
