// Deeply nested expressions, cut into pieces lezer can parse.
//
// lezer cuts its parse stack at 2,800 states (@lezer/lr Rec.CutDepth: about
// 2,800 parentheses, 990 `sum by (a) (`) and builds no structure below 2,500
// tree levels; Prometheus's parser has no such limit (promtool 2.42 accepts
// 100,000 nested parentheses). So an argument slot nested past PIECE_DEPTH
// (the inside of `( ... )`, or one argument of a call or aggregation) is
// parsed on its own, innermost first, and the text lezer sees for the
// enclosing piece holds a same-length identifier in its place; the converter
// turns that identifier back into the piece's AST (a graft), so positions
// stay exact. A run of more than SIGN_RUN_MAX signs (`- - - x`) is hidden
// from lezer (blanked) and put back on the AST by wrapSigns.
//
// Nothing here recurses: the tokens are scanned once with an explicit stack.

import type { Expr, PosRange } from './ast.js';
import { children } from './ast.js';
import { lexPromQL, type Token } from './lexer.js';

/** Argument slots nested this deep are parsed as pieces of their own. */
export const PIECE_DEPTH = 200;
/** Runs of signs longer than this are hidden from lezer. */
const SIGN_RUN_MAX = 200;
/**
 * Brackets lezer sees nested in one piece that cannot be cut (durations,
 * matchers: `offset ((((1m))))`) and sign runs there; past it lezer's own
 * guard would turn the text into an arbitrary syntax error.
 */
const UNCUT_DEPTH_MAX = 600;

export interface SignRun {
  /** The signs, outermost first. */
  readonly signs: readonly { readonly op: '+' | '-'; readonly start: number }[];
  /** Start of the first token after the run: the operand the signs apply to. */
  readonly operandStart: number;
}

export interface Piece {
  /** The slot's text range in the expression text (between `(`/`,` and `,`/`)`). */
  readonly start: number;
  readonly end: number;
  /** Sign runs whose operand is in this piece (and not in a piece inside it), innermost first. */
  readonly signRuns: SignRun[];
}

export interface PiecePlan {
  /** Pieces to parse before the whole text, innermost first; empty when lezer takes the text whole. */
  readonly pieces: readonly Piece[];
  /** Sign runs of the top level (outside every piece). */
  readonly topSignRuns: SignRun[];
  /** Where the text nests deeper than `limit`, when it does. */
  readonly tooDeep?: { readonly pos: PosRange; readonly limit: number };
}

interface Frame {
  readonly open: Token | undefined;
  /** Whether this bracket holds expressions (parentheses and call/aggregation arguments). */
  readonly expr: boolean;
  /** Signs written just before the bracket, which nest its content further. */
  readonly prefix: number;
  /** Brackets and blanked-run-free signs lezer sees inside the current slot, at most. */
  slotDepth: number;
  slotStart: number;
  /** The deepest slot of this bracket as lezer sees it (a cut slot counts 1). */
  deepestSlot: number;
  slotRuns: SignRun[];
  /** Runs of this bracket's slots that were not cut, for the enclosing slot. */
  keptRuns: SignRun[];
  /** The current run of signs in this slot. */
  run: Token[];
  /** Non-expression brackets open down to here (a duration's parentheses). */
  readonly uncut: number;
}

/**
 * Plans the pieces of `text`. `limit` is the nesting (brackets plus signs)
 * past which the text is refused.
 */
export function planPieces(text: string, limit: number): PiecePlan {
  const { tokens } = lexPromQL(text);
  const pieces: Piece[] = [];
  const newFrame = (open: Token | undefined, expr: boolean, prefix: number, uncut: number, slotStart: number): Frame => ({
    open,
    expr,
    prefix,
    slotDepth: 0,
    slotStart,
    deepestSlot: 0,
    slotRuns: [],
    keptRuns: [],
    run: [],
    uncut,
  });
  const stack: Frame[] = [newFrame(undefined, true, 0, 0, 0)];
  // Nesting as the old estimate measured it: open brackets plus the signs
  // written before the current token (a run continues through `(`).
  let signs = 0;
  let prev: Token | undefined;
  const tooDeep = (t: Token, at: number): PiecePlan => ({ pieces, topSignRuns: [], tooDeep: { pos: { start: t.start, end: t.end }, limit: at } });

  /** Ends the current sign run at `t`; returns the depth it adds in front of `t`. */
  const endRun = (frame: Frame, t: Token): number => {
    const run = frame.run;
    if (run.length === 0) return 0;
    frame.run = [];
    if (run.length <= SIGN_RUN_MAX || !frame.expr) return run.length;
    frame.slotRuns.push({ signs: run.map((s) => ({ op: s.text === '-' ? '-' : '+', start: s.start })), operandStart: t.start });
    return 0;
  };
  const endSlot = (frame: Frame, end: number): void => {
    const cut = frame.expr && frame.open !== undefined && frame.slotDepth >= PIECE_DEPTH;
    if (cut) pieces.push({ start: frame.slotStart, end, signRuns: frame.slotRuns.reverse() });
    else frame.keptRuns.push(...frame.slotRuns);
    frame.deepestSlot = Math.max(frame.deepestSlot, cut ? 1 : frame.slotDepth);
    frame.slotDepth = 0;
    frame.slotRuns = [];
  };

  for (const t of tokens) {
    const frame = stack[stack.length - 1]!;
    const sign = (t.text === '-' || t.text === '+') && !endsOperand(prev);
    if (sign) {
      frame.run.push(t);
      if (stack.length - 1 + ++signs > limit) return tooDeep(t, limit);
      if (!frame.expr && frame.uncut + frame.run.length > UNCUT_DEPTH_MAX) return tooDeep(t, UNCUT_DEPTH_MAX);
      prev = t;
      continue;
    }
    const before = endRun(frame, t);
    if (t.text !== '(') signs = 0;
    if (t.text === '(' || t.text === '[' || t.text === '{') {
      const expr = frame.expr && t.text === '(' && opensExpressions(prev);
      const uncut = expr ? 0 : frame.uncut + 1;
      if (uncut > UNCUT_DEPTH_MAX) return tooDeep(t, UNCUT_DEPTH_MAX);
      if (stack.length + signs > limit) return tooDeep(t, limit);
      stack.push(newFrame(t, expr, before, uncut, t.end));
    } else if (t.text === ',' && stack.length > 1) {
      endSlot(frame, t.start);
      frame.slotStart = t.end;
    } else if ((t.text === ')' || t.text === ']' || t.text === '}') && stack.length > 1) {
      endSlot(frame, t.start);
      stack.pop();
      const parent = stack[stack.length - 1]!;
      parent.slotDepth = Math.max(parent.slotDepth, frame.prefix + 1 + frame.deepestSlot);
      parent.slotRuns.push(...frame.keptRuns);
    } else {
      frame.slotDepth = Math.max(frame.slotDepth, before + 1);
    }
    prev = t;
  }
  const top = stack[0]!;
  // An unclosed bracket: its runs stay with the top level (the parse fails anyway).
  for (const f of stack.slice(1)) top.slotRuns.push(...f.slotRuns, ...f.keptRuns);
  return { pieces, topSignRuns: top.slotRuns.reverse() };
}

/** Whether a `(` after `prev` opens a parenthesised expression or call arguments (not labels, durations or modifiers). */
function opensExpressions(prev: Token | undefined): boolean {
  if (!prev) return true;
  switch (prev.kind) {
    case 'keyword':
      return prev.text.toLowerCase() === 'bool';
    case 'preprocessor':
      return false;
    case 'identifier':
    case 'metricIdentifier': {
      const lower = prev.text.toLowerCase();
      return lower !== 'min_of' && lower !== 'max_of';
    }
    default:
      return prev.text !== '@';
  }
}

function endsOperand(t: Token | undefined): boolean {
  if (!t) return false;
  if (t.text === ')' || t.text === ']' || t.text === '}') return true;
  return t.kind === 'identifier' || t.kind === 'metricIdentifier' || t.kind === 'number' || t.kind === 'duration' || t.kind === 'string';
}

/** `text` with every sign of the runs replaced by a space (same length). */
export function blankSignRuns(text: string, runs: readonly SignRun[]): string {
  if (runs.length === 0) return text;
  const chars = text.split('');
  for (const run of runs) for (const s of run.signs) chars[s.start] = ' ';
  return chars.join('');
}

/**
 * Puts a blanked run of signs back on the AST: the signs apply to the
 * operand starting at `operandStart`, which extends over every operator that
 * binds tighter than a sign (only `^`; in Prometheus's grammar a sign has
 * the precedence of `*`). A sign on a number folds into it, as in the
 * converter. Nodes above that started at the operand now start at the first
 * sign. Iterative: the path down is a list, the signs are applied in a loop.
 */
export function wrapSigns(root: Expr, run: SignRun): Expr {
  const at = run.operandStart;
  const path: Expr[] = [];
  let node = root;
  for (;;) {
    if (node.pos.start === at && !(node.kind === 'BinaryExpr' && node.op !== '^')) break;
    const next = children(node).find((c) => c.pos.start <= at && at < c.pos.end);
    if (!next) break;
    path.push(node);
    node = next;
  }
  let wrapped = node;
  for (let i = run.signs.length - 1; i >= 0; i--) {
    const { op, start } = run.signs[i]!;
    const pos = { start, end: wrapped.pos.end };
    wrapped =
      wrapped.kind === 'NumberLiteral'
        ? { ...wrapped, value: op === '-' ? -wrapped.value : wrapped.value, pos }
        : { kind: 'UnaryExpr', op, expr: wrapped, pos };
  }
  const signStart = run.signs[0]!.start;
  let child: Expr = wrapped;
  let old: Expr = node;
  for (let i = path.length - 1; i >= 0; i--) {
    const parent = path[i]!;
    const rebuilt = replaceChild(parent, old, child);
    child = rebuilt.pos.start === at ? { ...rebuilt, pos: { start: signStart, end: rebuilt.pos.end } } : rebuilt;
    old = parent;
  }
  return child;
}

function replaceChild(node: Expr, old: Expr, next: Expr): Expr {
  switch (node.kind) {
    case 'NumberLiteral':
    case 'StringLiteral':
    case 'VectorSelector':
      return node;
    case 'MatrixSelector':
      return next.kind === 'VectorSelector' ? { ...node, vector: next } : node;
    case 'SubqueryExpr':
    case 'UnaryExpr':
    case 'ParenExpr':
      return { ...node, expr: next };
    case 'Call':
      return { ...node, args: node.args.map((a) => (a === old ? next : a)) };
    case 'AggregateExpr':
      return node.param === old ? { ...node, param: next } : { ...node, expr: next };
    case 'BinaryExpr':
      return node.lhs === old ? { ...node, lhs: next } : { ...node, rhs: next };
  }
}
