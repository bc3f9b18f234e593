// alerts/template: alert label and annotation templates that refer to labels
// the query cannot produce (label flow, also per `or` branch), put the value
// into labels, call functions Prometheus does not have (Go's template parser
// rejects them), run `query` with PromQL that does not parse or read labels
// its result cannot have, fail when executed, or print a rate, a size or a
// duration as a raw float (a humanize hint, at info).

import { assertNever } from '../../../promql/ast.js';
import type { RuleCheck, Finding } from '../../check.js';
import { NO_OPTIONS_SCHEMA, atField } from '../../check.js';
import { branchFlows, canHave, describeFlow, labelFlow, type BranchFlow } from '../../../analysis/label-flow.js';
import { refsOfParsed } from '../../template-refs.js';
import { templateValueFindings, type TemplateValueFinding } from '../../template-values.js';
import { valueUnit, type UnitSource } from '../../value-unit.js';
import { outputLabels } from '../../rule-context.js';
import { parseTemplate } from '../../../template/index.js';
import { printExpr } from '../../../promql/printer.js';

/** What to suggest for a value of each unit printed raw. */
const HUMANIZE_HINTS: Readonly<Record<UnitSource['unit'], { what: string; use: string }>> = {
  rate: { what: 'a per-second rate', use: '{{ $value | humanize }} or {{ printf "%.2f" $value }}' },
  bytes: { what: 'a size in bytes', use: '{{ $value | humanize1024 }}' },
  duration: { what: 'a duration in seconds', use: '{{ $value | humanizeDuration }}' },
};

function unitOrigin(source: UnitSource): string {
  const n = source.node;
  if (n.kind === 'Call') return `${n.func}()`;
  if (n.kind === 'VectorSelector') return n.name;
  return printExpr(n);
}

/** The branches of an `or` whose series cannot carry `label` (none when the expression has one branch). */
function branchesWithout(branches: readonly BranchFlow[], label: string): BranchFlow[] {
  return branches.length < 2 ? [] : branches.filter((b) => !canHave(b.flow, label));
}

export const template: RuleCheck = {
  scope: 'rule',
  meta: {
    id: 'alerts/template',
    defaultSeverity: 'error',
    description: 'Templates referring to labels the query cannot produce, $value in labels, and unknown template functions.',
    optionsSchema: NO_OPTIONS_SCHEMA,
  },
  defaults: {},
  check(rule, ctx) {
    if (rule.kind !== 'alert') return [];
    const flow = rule.expr ? labelFlow(rule.expr) : undefined;
    let branches: BranchFlow[] | undefined;
    let unit: UnitSource | undefined | null = null;
    const findings: Finding[] = [];
    const fields: ['labels' | 'annotations', Readonly<Record<string, string>>][] = [
      ['labels', rule.labels],
      ['annotations', rule.annotations],
    ];
    for (const [field, map] of fields) {
      for (const [key, value] of Object.entries(map)) {
        const parsed = parseTemplate(value);
        for (const ref of refsOfParsed(parsed)) {
          switch (ref.kind) {
            case 'label':
              // Prometheus expands templates with the query result's labels only
              // (rules/alerting.go: `l := smpl.Metric.Map()`): the rule's and the
              // group's own `labels:` are added to the alert after expansion.
              if (flow && !canHave(flow, ref.label)) {
                const own =
                  ref.label in outputLabels(rule) ? "; the rule's own labels: are added after templates are expanded, so they are not visible as $labels" : '';
                findings.push(
                  atField(
                    `template uses label "${ref.label}" which the query result cannot have (the query ${describeFlow(flow)})${own}: it renders empty`,
                    field,
                    {
                      key,
                      pos: ref.pos,
                      severity: 'warning',
                    },
                  ),
                );
              } else if (rule.expr) {
                branches ??= branchFlows(rule.expr);
                const missing = branchesWithout(branches, ref.label);
                if (missing.length > 0) {
                  findings.push(
                    atField(
                      `template uses label "${ref.label}" which ${missing.length === 1 ? 'one branch' : `${missing.length} branches`} of "or" cannot have (${describeFlow(missing[0]!.flow).replace(/^has/, 'it has').replace(/^can/, 'it can')}): alerts from ${missing.length === 1 ? 'that branch' : 'those branches'} render it empty`,
                      field,
                      { key, pos: ref.pos, severity: 'warning', details: `branch without "${ref.label}": ${printExpr(missing[0]!.branch)}` },
                    ),
                  );
                }
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
        if (!parsed.ast) continue;
        for (const f of templateValueFindings(parsed.ast)) {
          const msg = valueMessage(f, () => {
            if (unit === null) unit = rule.expr ? valueUnit(rule.expr, ctx.env.recordings) : undefined;
            return unit;
          });
          if (msg) findings.push(atField(msg.message, field, { key, pos: f.pos, severity: msg.severity }));
        }
      }
    }
    return findings;
  },
};

function valueMessage(f: TemplateValueFinding, unitOf: () => UnitSource | undefined): { message: string; severity: Finding['severity'] } | undefined {
  switch (f.kind) {
    case 'query-syntax':
      return { message: `template query does not parse: ${f.message} (in "${f.query}"): Prometheus expands the whole template to an error`, severity: 'error' };
    case 'query-label':
      return {
        message: `template reads label "${f.label}" from the result of query "${f.query}", which ${describeFlow(f.flow)}: it renders empty`,
        severity: 'warning',
      };
    case 'exec-error':
      return { message: `template fails when executed: ${f.message}`, severity: 'error' };
    case 'raw-value': {
      const unit = unitOf();
      if (!unit) return undefined;
      const hint = HUMANIZE_HINTS[unit.unit];
      return { message: `$value is ${hint.what} (from ${unitOrigin(unit)}), printed raw it is hard to read: use ${hint.use}`, severity: 'info' };
    }
    default:
      return assertNever(f);
  }
}
