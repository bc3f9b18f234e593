// Alert label/annotation expansion for rule evaluation: Go templates with
// Prometheus's data and functions, each distinct text parsed once (the same
// templates run at every evaluation of every alert instance).

import type { Labels } from '../model/labels.js';
import { labelsToRecord } from '../model/labels.js';
import { parseTemplate, ALERT_TEMPLATE_VARIABLES } from '../template/parser.js';
import { executeTemplate } from '../template/exec.js';
import { alertTemplateData } from '../template/expand.js';
import type { TemplateAst } from '../template/ast.js';
import type { QuerySample } from '../template/function-types.js';
import type { TemplateExpander } from './types.js';

export interface ExpanderContext {
  readonly externalLabels: Labels;
  readonly externalURL: string;
  /** Runs `query` template calls at the evaluation time. */
  readonly query?: (expr: string, timeMs: number) => readonly QuerySample[] | Error;
}

export function createTemplateExpander(ctx: ExpanderContext): TemplateExpander {
  const parsed = new Map<string, { ast: TemplateAst } | { error: string }>();
  const ext = labelsToRecord(ctx.externalLabels);
  return (text, data) => {
    // Most label and annotation values hold no template at all.
    if (!text.includes('{{')) return text;
    let p = parsed.get(text);
    if (!p) {
      const r = parseTemplate(text, { variables: ALERT_TEMPLATE_VARIABLES });
      p = r.ast ? { ast: r.ast } : { error: r.diagnostics[0]?.message ?? 'invalid template' };
      parsed.set(text, p);
    }
    // Prometheus puts the error in place of the value rather than failing the rule.
    if ('error' in p) return `<error expanding template: ${p.error}>`;
    const dot = alertTemplateData({ labels: labelsToRecord(data.labels), externalLabels: ext, externalURL: ctx.externalURL, value: data.value });
    const query = ctx.query;
    const r = executeTemplate(p.ast, dot, {
      externalURL: ctx.externalURL,
      missingKey: 'zero',
      now: data.timeMs / 1000,
      ...(query ? { query: (q: string) => query(q, data.timeMs) } : {}),
      variables: {
        $labels: dot.fields['Labels'],
        $externalLabels: dot.fields['ExternalLabels'],
        $externalURL: dot.fields['ExternalURL'],
        $value: dot.fields['Value'],
      },
    });
    return r.ok ? r.text : `<error expanding template: ${r.error.message}>`;
  };
}
