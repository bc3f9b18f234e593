// promql/series: selectors that match no series on the server given with
// `lint --prometheus` (as pint's promql/series): a metric name that does not
// exist (misspelled, renamed, never scraped), or a label value that never
// occurs. Needs a server; silent without one. The look-ups happen before
// linting (src/remote/collect-series-facts.ts); this check only reads them.

import type { VisitorCheck } from '../../check.js';
import { atExpr } from '../../check.js';
import { selectorKey } from '../../server-facts.js';
import { formatDuration } from '../../../promql/literals.js';

export const series: VisitorCheck = {
  scope: 'visitor',
  meta: {
    id: 'promql/series',
    defaultSeverity: 'warning',
    description: 'Selectors that match no series on the server (lint --prometheus): unknown metric names, label values that never occur.',
    optionsSchema: { type: 'object', properties: {}, additionalProperties: false },
  },
  defaults: {},
  create({ env, report }) {
    const facts = env.server;
    if (!facts) return undefined;
    const window = formatDuration(facts.windowMs);
    return {
      VectorSelector(node) {
        const f = facts.selectors.get(selectorKey(node));
        if (!f) return;
        switch (f.kind) {
          case 'present':
            return;
          case 'no-metric': {
            const hint = f.similar.length > 0 ? `; did you mean ${f.similar.join(', ')}?` : '';
            report(atExpr(`metric ${f.name} does not exist on ${facts.server} (no series in the last ${window})${hint}`, node));
            return;
          }
          case 'no-label-value': {
            const m = f.matcher;
            const pos = node.matchers.find((x) => x.name === m.name && x.op === m.op && x.value === m.value)?.pos ?? node.pos;
            const seen =
              f.seenCount === 0 ? 'it has no such label' : `values seen: ${f.seen.join(', ')}${f.seenCount > f.seen.length ? `, … (${f.seenCount})` : ''}`;
            report(atExpr(`no series on ${facts.server} has ${m.name}${m.op}${JSON.stringify(m.value)} (last ${window}); ${seen}`, pos));
            return;
          }
          case 'no-series':
            report(atExpr(`selector matches no series on ${facts.server} in the last ${window}, though each of its matchers alone does`, node));
            return;
        }
      },
    };
  },
};
