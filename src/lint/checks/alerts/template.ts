// alerts/template: alert label and annotation templates that refer to labels
// the query cannot produce (label flow), put the value into labels, or call
// functions Prometheus does not have (Go's template parser rejects them).

import { assertNever } from '../../../promql/ast.js';
import type { RuleCheck, Finding } from '../../check.js';
import { NO_OPTIONS_SCHEMA, atField } from '../../check.js';
import { canHave, describeFlow, labelFlow } from '../../label-flow.js';
import { templateRefs } from '../../template-refs.js';

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
              // Labels set by the rule itself are on the alert too.
              if (flow && !canHave(flow, ref.label) && !(ref.label in rule.labels)) {
                findings.push(
                  atField(`template uses label "${ref.label}" which the query result cannot have (the query ${describeFlow(flow)})`, field, {
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
