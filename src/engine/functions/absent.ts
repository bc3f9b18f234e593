// absent() and absent_over_time() label their output with the equality
// matchers of the selector (a label matched twice is left out, as upstream).

import type { Expr } from '../../promql/ast.js';
import { allMatchers, unwrapParens } from '../../promql/ast.js';
import { type Labels, METRIC_NAME_LABEL, labelsFromPairs } from '../../model/labels.js';

export function absentLabels(arg: Expr): Labels {
  const e = unwrapParens(arg);
  const vs = e.kind === 'VectorSelector' ? e : e.kind === 'MatrixSelector' ? e.vector : undefined;
  if (!vs) return [];
  const set = new Map<string, string>();
  const has = new Set<string>();
  for (const m of allMatchers(vs)) {
    if (m.name === METRIC_NAME_LABEL) continue;
    if (m.op === '=' && !has.has(m.name)) {
      set.set(m.name, m.value);
      has.add(m.name);
    } else {
      set.delete(m.name);
    }
  }
  return labelsFromPairs([...set].filter(([, v]) => v !== ''));
}
