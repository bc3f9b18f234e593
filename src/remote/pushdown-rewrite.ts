// Push-down needs every rule as one expression the server can evaluate. A
// rule that reads a recording rule the server does not have gets that
// rule's expression in its place, recursively (chains of any depth):
//
//   rec{k="v"}        →  filter_k(name_and_labels(E))
//   rec{...}[5m]      →  (…)[5m:I]          (a subquery at the group interval I)
//   rec offset 5m     →  last_over_time((…)[I:I] offset 5m)
//
// where E is the recording rule's expression, `name_and_labels` sets
// `__name__` and the rule's static labels with label_replace (as writing the
// series would), and a matcher becomes a filter built from label_replace and
// `and`/`unless`, since PromQL cannot apply matchers to an expression.
// Several rules recording the same name are joined with `or`.
//
// The substitution is exact for instant use when the recording rule is
// evaluated at the same times as the reader (same group or same interval and
// alignment); subqueries see the recorded expression at multiples of I,
// which the local evaluation matches only when the evaluation times are
// aligned to I. docs/remote.md lists this with the other differences.
//
// With `leftOpenWindows` (a Prometheus 2.x server, 3.x semantics wanted)
// every range and subquery range is shortened by 1 ms: 2.x windows are
// closed, [t-r, t], and with millisecond timestamps [t-r+1ms, t] holds
// exactly the samples of 3.x's (t-r, t]. Only rate()-style extrapolation
// still sees a range 1 ms shorter.

import type { DurationExpr, Expr, VectorSelector } from '../promql/ast.js';
import { metricNameOf } from '../promql/ast.js';
import { parseExpr } from '../promql/parse.js';
import { printDuration, printExpr } from '../promql/printer.js';
import { quoteString } from '../promql/literals.js';
import { rewriteExpr } from '../compile/transform.js';
import type { EvalGroup } from '../rules/types.js';
import { durationMs } from './selectors.js';

interface Recorded {
  readonly expr: Expr;
  readonly labels: readonly (readonly [string, string])[];
  readonly intervalMs: number;
}

export type Rewritten =
  | { readonly ok: true; readonly query: string; readonly substituted: readonly string[]; readonly notes: readonly string[] }
  | { readonly ok: false; readonly error: string };

/** RE2 text matching exactly `s`. */
function literalRegex(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, (c) => `\\${c}`);
}

const FILTER_LABEL = '__promforge_keep';
const MAX_DEPTH = 32;

export class PushdownRewriter {
  private readonly recordings = new Map<string, Recorded[]>();

  /**
   * `onServer` names the metrics the server has over the range: recording
   * rules whose name is among them are read from the server as they are.
   */
  constructor(
    groups: readonly EvalGroup[],
    defaultIntervalMs: number,
    private readonly onServer: ReadonlySet<string>,
    private readonly leftOpenWindows = false,
  ) {
    for (const g of groups) {
      for (const r of g.rules) {
        if (r.kind !== 'recording') continue;
        this.recordings.set(r.name, [
          ...(this.recordings.get(r.name) ?? []),
          { expr: r.expr, labels: r.labels, intervalMs: g.intervalMs ?? defaultIntervalMs },
        ]);
      }
    }
  }

  /** Recording rules that will be substituted (not on the server). */
  get substitutable(): string[] {
    return [...this.recordings.keys()].filter((n) => !this.onServer.has(n));
  }

  rewrite(expr: Expr): Rewritten {
    const substituted = new Set<string>();
    const notes = new Set<string>();
    const r = this.rewriteAt(expr, 0, substituted, notes);
    if ('error' in r) return { ok: false, error: r.error };
    const final = this.leftOpenWindows ? this.openWindows(r.expr, notes) : r.expr;
    return { ok: true, query: printExpr(final), substituted: [...substituted], notes: [...notes] };
  }

  /** Every range 1 ms shorter (see the file comment). */
  private openWindows(expr: Expr, notes: Set<string>): Expr {
    const shorter = (d: DurationExpr): DurationExpr => {
      const ms = durationMs(d);
      if (ms === undefined || ms <= 1) {
        notes.add('a range that depends on the query is left as it is: the 2.x server includes its left end');
        return d;
      }
      return { kind: 'DurationLiteral', ms: ms - 1, unit: true, pos: d.pos };
    };
    return rewriteExpr(expr, {
      expr: (node) => {
        if (node.kind === 'MatrixSelector') return { ...node, range: shorter(node.range) };
        if (node.kind === 'SubqueryExpr') return { ...node, range: shorter(node.range) };
        return node;
      },
    });
  }

  private rewriteAt(expr: Expr, depth: number, substituted: Set<string>, notes: Set<string>): { expr: Expr } | { error: string } {
    if (depth > MAX_DEPTH) return { error: 'recording rules refer to each other in a cycle (or nest deeper than 32)' };
    let error: string | undefined;
    const replace = (vs: VectorSelector, range: string | undefined): Expr | undefined => {
      const name = metricNameOf(vs);
      if (name === undefined || this.onServer.has(name)) return undefined;
      const recs = this.recordings.get(name);
      if (!recs) return undefined;
      if (vs.at) {
        error ??= `${name} is a recording rule the server does not have, read with @: push-down cannot substitute it`;
        return undefined;
      }
      const bodies: string[] = [];
      for (const rec of recs) {
        const inner = this.rewriteAt(rec.expr, depth + 1, substituted, notes);
        if ('error' in inner) {
          error ??= inner.error;
          return undefined;
        }
        let text = `label_replace(${printExpr(inner.expr)}, "__name__", ${quoteString(name)}, "", "")`;
        for (const [k, v] of rec.labels) text = `label_replace(${text}, ${quoteString(k)}, ${quoteString(v)}, "", "")`;
        bodies.push(text);
      }
      substituted.add(name);
      let body = bodies.length === 1 ? bodies[0]! : bodies.map((b) => `(${b})`).join(' or ');
      for (const m of vs.matchers) {
        if (m.name === '__name__') continue;
        const pattern = m.op === '=' || m.op === '!=' ? literalRegex(m.value) : m.value;
        const keep = m.op === '=' || m.op === '=~';
        // Mark the series whose label matches, keep (or drop) the marked ones, remove the mark.
        const marked = `label_replace(${body}, "${FILTER_LABEL}", "1", ${quoteString(m.name)}, ${quoteString(pattern)})`;
        body = `label_replace(${marked} ${keep ? 'and' : 'unless'} on (${FILTER_LABEL}) label_replace(vector(1), "${FILTER_LABEL}", "1", "", ""), "${FILTER_LABEL}", "", "", "")`;
      }
      const interval = recs[0]!.intervalMs;
      const step = `${interval}ms`;
      const offsetMs = vs.offset ? durationMs(vs.offset) : 0;
      const offset = vs.offset && offsetMs !== 0 ? ` offset ${printDuration(vs.offset)}` : '';
      let text: string;
      if (range !== undefined) {
        notes.add(
          `${name} is read over a range: substituted as a subquery at its group interval (${step}); exact only when evaluation times are aligned to it`,
        );
        text = `(${body})[${range}:${step}]${offset}`;
      } else if (offset !== '') {
        notes.add(`${name} is read with an offset: substituted as last_over_time over one interval`);
        text = `last_over_time((${body})[${step}:${step}]${offset})`;
      } else text = `(${body})`;
      const parsed = parseExpr(text);
      if (!parsed.expr) {
        error ??= `internal: substituted expression does not parse: ${parsed.diagnostics[0]?.message ?? ''}: ${text}`;
        return undefined;
      }
      return parsed.expr;
    };
    const out = rewriteExpr(expr, {
      expr: (node) => {
        if (node.kind === 'VectorSelector') return replace(node, undefined) ?? node;
        if (node.kind === 'MatrixSelector') return replace(node.vector, printDuration(node.range)) ?? node;
        return node;
      },
    });
    return error !== undefined ? { error } : { expr: out };
  }
}
