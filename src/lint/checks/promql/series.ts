// promql/series: selectors that match no series on the server given with
// `lint --prometheus` (as pint's promql/series): a metric name that does not
// exist (misspelled, renamed, never scraped), or a label value that never
// occurs. Needs a server; silent without one. The look-ups happen before
// linting (src/remote/collect-series-facts.ts); this check only reads them.

import { walk } from '../../../promql/ast.js';
import type { Finding, RuleCheck } from '../../check.js';
import { atExpr } from '../../check.js';
import { selectorKey } from '../../../remote/series-facts.js';
import { formatDuration } from '../../../promql/literals.js';

export const series: RuleCheck = {
  scope: 'rule',
  meta: {
    id: 'promql/series',
    defaultSeverity: 'warning',
    description: 'Selectors that match no series on the server (lint --prometheus): unknown metric names, label values that never occur.',
    optionsSchema: { type: 'object', properties: {}, additionalProperties: false },
  },
  defaults: {},
  check(rule, { env }) {
    const facts = env.server;
    if (!rule.expr || !facts) return [];
    const findings: Finding[] = [];
    const window = formatDuration(facts.windowMs);
    walk(rule.expr, (node) => {
      if (node.kind !== 'VectorSelector') return;
      const f = facts.selectors.get(selectorKey(node));
      if (!f) return;
      switch (f.kind) {
        case 'present':
          return;
        case 'no-metric': {
          const hint = f.similar.length > 0 ? `; did you mean ${f.similar.join(', ')}?` : '';
          findings.push(atExpr(`metric ${f.name} does not exist on ${facts.server} (no series in the last ${window})${hint}`, node));
          return;
        }
        case 'no-label-value': {
          const m = f.matcher;
          const pos = node.matchers.find((x) => x.name === m.name && x.op === m.op && x.value === m.value)?.pos ?? node.pos;
          const seen = f.seenCount === 0 ? 'it has no such label' : `values seen: ${f.seen.join(', ')}${f.seenCount > f.seen.length ? `, … (${f.seenCount})` : ''}`;
          findings.push(atExpr(`no series on ${facts.server} has ${m.name}${m.op}${JSON.stringify(m.value)} (last ${window}); ${seen}`, pos));
          return;
        }
        case 'no-series':
          findings.push(atExpr(`selector matches no series on ${facts.server} in the last ${window}, though each of its matchers alone does`, node));
          return;
      }
    });
    return findings;
  },
};
