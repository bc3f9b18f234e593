// Safe automatic fixes for `promforge lint --fix`, as AST rewrites that keep
// the query's meaning:
//   - a regex matcher on a string with no regex syntax becomes an equality
//     (`job=~"api"` → `job="api"`; `!~` → `!=`);
//   - redundant anchors are dropped (`=~"^api.*$"` → `=~"api.*"`: Prometheus
//     anchors every regex already);
//   - `rate`/`irate` over a metric known to be a gauge from metadata or the
//     built-in catalog becomes `deriv` (what the author meant; `rate` on a
//     gauge misreads every decrease as a counter reset).

import type { Expr, LabelMatcher, VectorSelector } from '../promql/ast.js';
import { metricNameOf } from '../promql/ast.js';
import type { MetricTypes } from '../knowledge/metric-types.js';

export interface FixResult {
  readonly expr: Expr;
  readonly fixes: number;
}

/** RE2 metacharacters: a pattern without any is a literal string. */
const REGEX_SYNTAX = /[\\.+*?()|[\]{}^$]/;

function fixMatcher(m: LabelMatcher): LabelMatcher | undefined {
  if (m.op !== '=~' && m.op !== '!~') return undefined;
  let value = m.value;
  // `^` at the start and an unescaped `$` at the end add nothing to an anchored match.
  const anchored = value.length >= 1 && (value.startsWith('^') || (value.endsWith('$') && !value.endsWith('\\$')));
  if (anchored) {
    if (value.startsWith('^')) value = value.slice(1);
    if (value.endsWith('$') && !value.endsWith('\\$')) value = value.slice(0, -1);
    // A top-level alternation would change meaning without its anchors' grouping.
    if (value.includes('|')) value = m.value;
  }
  if (!REGEX_SYNTAX.test(value)) return { ...m, op: m.op === '=~' ? '=' : '!=', value };
  return value !== m.value ? { ...m, value } : undefined;
}

function fixSelector(vs: VectorSelector, count: () => void): VectorSelector {
  let changed = false;
  const matchers = vs.matchers.map((m) => {
    const f = fixMatcher(m);
    if (!f) return m;
    changed = true;
    count();
    return f;
  });
  return changed ? { ...vs, matchers } : vs;
}

export function applySafeFixes(root: Expr, types: MetricTypes): FixResult {
  let fixes = 0;
  const count = (): void => void fixes++;
  const go = (e: Expr): Expr => {
    switch (e.kind) {
      case 'NumberLiteral':
      case 'StringLiteral':
        return e;
      case 'VectorSelector':
        return fixSelector(e, count);
      case 'MatrixSelector': {
        const vector = fixSelector(e.vector, count);
        return vector === e.vector ? e : { ...e, vector };
      }
      case 'SubqueryExpr':
        return { ...e, expr: go(e.expr) };
      case 'Call': {
        const args = e.args.map(go);
        const arg = args[0];
        if ((e.func === 'rate' || e.func === 'irate') && arg?.kind === 'MatrixSelector') {
          const name = metricNameOf(arg.vector);
          const kind = name === undefined ? undefined : types.seriesKind(name);
          // Only trusted sources: a name that merely looks like a gauge is not enough.
          if (kind && kind.kind === 'gauge' && (kind.source === 'fixture' || kind.source === 'metadata' || kind.source === 'catalog')) {
            fixes++;
            return { ...e, func: 'deriv', args };
          }
        }
        return { ...e, args };
      }
      case 'AggregateExpr':
        return { ...e, expr: go(e.expr), ...(e.param ? { param: go(e.param) } : {}) };
      case 'BinaryExpr':
        return { ...e, lhs: go(e.lhs), rhs: go(e.rhs) };
      case 'UnaryExpr':
      case 'ParenExpr':
        return { ...e, expr: go(e.expr) };
    }
  };
  const expr = go(root);
  return { expr, fixes };
}
