// The template expander of a dry-run: alert labels and annotations expanded as
// Prometheus does, with `query` answered by the dry-run's own engine at the
// evaluation time, parsed with the run's Prometheus version.
import { parseExpr } from '../promql/parse.js';
import { createTemplateExpander } from '../rules/template-expander.js';
import type { RuleBackend, TemplateExpander } from '../rules/types.js';
import type { PrometheusVersion } from '../version/version.js';

export function queryingTemplateExpander(version?: PrometheusVersion): (query: RuleBackend['query']) => TemplateExpander {
  return (query) =>
    createTemplateExpander({
      externalLabels: [],
      externalURL: '',
      query: (q, t) => {
        const p = parseExpr(q, version ? { version } : {});
        if (!p.expr) return new Error(p.diagnostics[0]?.message ?? 'invalid query');
        const r = query(p.expr, t);
        return r.ok ? r.samples.map((s) => ({ labels: Object.fromEntries(s.labels.map((l) => [l.name, l.value])), value: s.value })) : new Error(r.error);
      },
    });
}
