// alerts/template: alert label and annotation templates that refer to labels
// the query cannot produce (label flow), put the value into labels, or call
// functions Prometheus does not have (Go's template parser rejects them).

import { assertNever } from '../../../promql/ast.js';
import type { RuleCheck, Finding } from '../../check.js';
import { NO_OPTIONS_SCHEMA, atField } from '../../check.js';
import { canHave, describeFlow, labelFlow } from '../../label-flow.js';
import { templateRefs } from '../../template-refs.js';
import { outputLabels } from '../../rule-context.js';

export const template: RuleCheck = {
  scope: 'rule',
  meta: {
    id: 'alerts/template',
    defaultSeverity: 'error',
    description: 'Templates referring to labels the query cannot produce, $value in labels, and unknown template functions.',
    optionsSchema: NO_OPTIONS_SCHEMA,
  },
  defaults: {},
  check(rule) {
    if (rule.kind !== 'alert') return [];
    const flow = rule.expr ? labelFlow(rule.expr) : undefined;
    const findings: Finding[] = [];
    const fields: ['labels' | 'annotations', Readonly<Record<string, string>>][] = [
      ['labels', rule.labels],
      ['annotations', rule.annotations],
    ];
    for (const [field, map] of fields) {
      for (const [key, value] of Object.entries(map)) {
        for (const ref of templateRefs(value)) {
          switch (ref.kind) {
            case 'label':
              // Prometheus expands templates with the query result's labels only
              // (rules/alerting.go: `l := smpl.Metric.Map()`): the rule's and the
              // group's own `labels:` are added to the alert after expansion.
              if (flow && !canHave(flow, ref.label)) {
                const own = ref.label in outputLabels(rule) ? '; the rule\'s own labels: are added after templates are expanded, so they are not visible as $labels' : '';
                findings.push(
                  atField(`template uses label "${ref.label}" which the query result cannot have (the query ${describeFlow(flow)})${own}: it renders empty`, field, {
                    key,
                    pos: ref.pos,
                    severity: 'warning',
                  }),
                );
              }
              break;
            case 'value':
              if (field === 'labels') {
                findings.push(
                  atField('label uses the alert value: every value change creates a new alert (it resolves and fires again); put it in an annotation', field, {
                    key,
                    pos: ref.pos,
                  }),
                );
              }
              break;
            case 'error':
              findings.push(atField(`template does not parse: ${ref.message}`, field, { key, pos: ref.pos }));
              break;
            default:
              assertNever(ref);
          }
        }
      }
    }
    return findings;
  },
};
