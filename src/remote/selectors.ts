// Which raw series a rule set reads, and over which time window: every
// vector selector of every rule, with the look-back it needs (range,
// offset, subquery range, the 5m lookback delta of instant selectors).
// Selectors of metrics that are themselves recorded by a rule of the set
// are replaced by what that recording rule reads, recursively and with the
// outer look-back added, so fetching these selectors is enough to evaluate
// the whole set locally. Outputs the set writes (recording names, ALERTS,
// ALERTS_FOR_STATE) are never fetched: local evaluation writes them.

import type { DurationExpr, Expr, LabelMatcher, VectorSelector } from '../promql/ast.js';
import { allMatchers, assertNever, children, metricNameOf } from '../promql/ast.js';
import { printMatchers } from '../promql/printer.js';
import { constantDurationMs } from '../promql/duration-arith.js';
import type { EvalGroup } from '../rules/types.js';

export const DEFAULT_LOOKBACK_MS = 5 * 60_000;

export interface Matcher {
  readonly name: string;
  readonly op: LabelMatcher['op'];
  readonly value: string;
}

/** One selector to fetch, and how far before and after each evaluation time its samples are needed. */
export interface SelectorNeed {
  /** Canonical text of the matchers, e.g. `{__name__="up",job="api"}`. */
  readonly selector: string;
  readonly matchers: readonly Matcher[];
  beforeMs: number;
  afterMs: number;
  /** Whether it is read relative to evaluation times at all (not only at pinned `@` times). */
  relative: boolean;
  /** Absolute times (`@ t`) the selector is also read at, with their own before/after. */
  readonly pinned: { atMs: number; beforeMs: number; afterMs: number }[];
}

export interface SelectorPlan {
  readonly needs: SelectorNeed[];
  /** Names the rule set writes itself: fetched series with these names are dropped. */
  readonly outputs: ReadonlySet<string>;
  /** Things the look-back could not be worked out for exactly (a conservative guess was used). */
  readonly notes: string[];
}

interface Window {
  readonly before: number;
  readonly after: number;
  /** Set inside `@ t`: the window is around t, not the evaluation time. */
  readonly atMs?: number;
}

/** A generous look-back for durations that depend on the query (step(), range()). */
const UNKNOWN_DURATION_MS = 3_600_000;

/** The value of a duration expression in ms, when it does not depend on the query. */
export const durationMs = constantDurationMs;

export function selectorsRead(groups: readonly EvalGroup[], options: { lookbackMs?: number } = {}): SelectorPlan {
  const lookback = options.lookbackMs ?? DEFAULT_LOOKBACK_MS;
  const recordings = new Map<string, Expr[]>();
  for (const g of groups) for (const r of g.rules) if (r.kind === 'recording') recordings.set(r.name, [...(recordings.get(r.name) ?? []), r.expr]);
  const outputs = new Set<string>(['ALERTS', 'ALERTS_FOR_STATE', ...recordings.keys()]);
  const needs = new Map<string, SelectorNeed>();
  const notes: string[] = [];
  const dur = (d: DurationExpr | undefined, what: string): number => {
    if (d === undefined) return 0;
    const v = durationMs(d);
    if (v !== undefined) return v;
    notes.push(`${what} depends on the query; assuming ${UNKNOWN_DURATION_MS / 60_000}m`);
    return UNKNOWN_DURATION_MS;
  };
  // Recording rules already expanded with at least this window (guards cycles and repeats).
  const expanded = new Map<string, Window>();

  const addNeed = (vs: VectorSelector, w: Window): void => {
    const matchers = allMatchers(vs).map((m) => ({ name: m.name, op: m.op, value: m.value }));
    const key = printMatchers(matchers);
    let need = needs.get(key);
    if (!need) needs.set(key, (need = { selector: key, matchers, beforeMs: 0, afterMs: 0, relative: false, pinned: [] }));
    if (w.atMs !== undefined) need.pinned.push({ atMs: w.atMs, beforeMs: w.before, afterMs: w.after });
    else {
      need.relative = true;
      need.beforeMs = Math.max(need.beforeMs, w.before);
      need.afterMs = Math.max(need.afterMs, w.after);
    }
  };

  const selector = (vs: VectorSelector, w: Window): void => {
    const name = metricNameOf(vs);
    if (name !== undefined && outputs.has(name)) {
      const rec = recordings.get(name);
      if (!rec) return; // ALERTS and friends: written locally.
      const seen = expanded.get(name);
      if (seen && seen.atMs === w.atMs && seen.before >= w.before && seen.after >= w.after) return;
      expanded.set(name, {
        before: Math.max(w.before, seen?.before ?? 0),
        after: Math.max(w.after, seen?.after ?? 0),
        ...(w.atMs !== undefined ? { atMs: w.atMs } : {}),
      });
      for (const e of rec) visit(e, w);
      return;
    }
    addNeed(vs, w);
  };

  // `w` is the window the value of `node` is needed over, relative to the evaluation time.
  const visit = (node: Expr, w: Window): void => {
    switch (node.kind) {
      case 'VectorSelector': {
        const off = dur(node.offset, 'an offset');
        const at = node.at?.kind === 'timestamp' ? node.at.ms : w.atMs;
        const extra = node.smoothed || node.anchored ? lookback : 0;
        selector(node, { before: w.before + off + lookback, after: Math.max(0, w.after - off + extra), ...(at !== undefined ? { atMs: at } : {}) });
        return;
      }
      case 'MatrixSelector': {
        const vs = node.vector;
        const off = dur(vs.offset, 'an offset');
        const range = dur(node.range, 'a range');
        const at = vs.at?.kind === 'timestamp' ? vs.at.ms : w.atMs;
        const extra = vs.smoothed || vs.anchored ? lookback : 0;
        selector(vs, { before: w.before + off + range + extra, after: Math.max(0, w.after - off + extra), ...(at !== undefined ? { atMs: at } : {}) });
        return;
      }
      case 'SubqueryExpr': {
        const off = dur(node.offset, 'an offset');
        const range = dur(node.range, 'a subquery range');
        // One step more: subquery steps are aligned to absolute multiples of the step.
        const step = node.step ? dur(node.step, 'a subquery step') : 60_000;
        const at = node.at?.kind === 'timestamp' ? node.at.ms : w.atMs;
        visit(node.expr, { before: w.before + off + range + step, after: Math.max(0, w.after - off), ...(at !== undefined ? { atMs: at } : {}) });
        return;
      }
      case 'NumberLiteral':
      case 'StringLiteral':
      case 'Call':
      case 'AggregateExpr':
      case 'BinaryExpr':
      case 'UnaryExpr':
      case 'ParenExpr':
        for (const c of children(node)) visit(c, w);
        return;
      default:
        assertNever(node);
    }
  };

  for (const g of groups) for (const r of g.rules) visit(r.expr, { before: g.queryOffsetMs, after: 0 });
  return { needs: [...needs.values()], outputs, notes: [...new Set(notes)] };
}

/** The time ranges to fetch for a need, for evaluations from `startMs` to `endMs`, merged where they overlap. */
export function fetchWindows(need: SelectorNeed, startMs: number, endMs: number): { fromMs: number; toMs: number }[] {
  const ws = need.relative ? [{ fromMs: startMs - need.beforeMs, toMs: endMs + need.afterMs }] : [];
  for (const p of need.pinned) ws.push({ fromMs: p.atMs - p.beforeMs, toMs: p.atMs + p.afterMs });
  ws.sort((a, b) => a.fromMs - b.fromMs);
  const out: { fromMs: number; toMs: number }[] = [];
  for (const w of ws) {
    const last = out[out.length - 1];
    if (last && w.fromMs <= last.toMs) last.toMs = Math.max(last.toMs, w.toMs);
    else out.push({ ...w });
  }
  return out;
}
