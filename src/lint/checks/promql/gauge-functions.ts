// promql/gauge-functions: deriv(), predict_linear(), delta(), idelta() are for
// gauges; on a counter they see every reset as a huge drop.

import type { VisitorCheck } from '../../check.js';
import { NO_OPTIONS_SCHEMA, atExpr } from '../../check.js';
import { GAUGE_FUNCTION_ALTERNATIVES, matrixSelectorOf, selectorName } from '../../expr-utils.js';

export const gaugeFunctions: VisitorCheck = {
  scope: 'visitor',
  meta: {
    id: 'promql/gauge-functions',
    defaultSeverity: 'warning',
    description: 'deriv(), predict_linear(), delta(), idelta() and double_exponential_smoothing() over counters.',
    optionsSchema: NO_OPTIONS_SCHEMA,
  },
  defaults: {},
  create({ env, report }) {
    return {
      Call(node) {
        const alternative = GAUGE_FUNCTION_ALTERNATIVES.get(node.func);
        const vs = matrixSelectorOf(node.args[0]);
        if (!alternative || !vs) return;
        const name = selectorName(vs);
        const kind = env.metricTypes.seriesKind(name);
        if ((kind.kind !== 'counter' && kind.kind !== 'bucket') || kind.weak) return;
        const byName = kind.source === 'convention';
        // Gauges named `*_total` (capacities, "total nodes") are common: a name alone is evidence only
        // when the rule set itself also reads the metric as a counter (rate, increase, ...).
        if (byName && !env.ratedMetrics.has(name)) return;
        report(
          atExpr(`${node.func}() over counter "${name}": use ${alternative}() for counters`, node, {
            details: `${byName ? 'Its name says it is a counter (no metadata confirms it). ' : ''}${node.func}() does not handle counter resets: every process restart looks like a drop to zero.`,
            ...(byName ? { severity: 'info' as const } : {}),
          }),
        );
      },
    };
  },
};
