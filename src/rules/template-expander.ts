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
  // An alert is expanded again at every evaluation, mostly with the same
  // labels and value: remember results per label set (by identity) and
  // text+value. Templates that query or read the clock are not remembered.
  const results = new WeakMap<Labels, Map<string, string>>();
  return (text, data) => {
    // Most label and annotation values hold no template at all.
    if (!text.includes('{{')) return text;
    const cacheable = !/\b(query|now|humanizeTimestamp|toTime)\b/.test(text);
    const memoKey = `${data.value}\u0000${text}`;
    let perLabels = cacheable ? results.get(data.labels) : undefined;
    const hit = perLabels?.get(memoKey);
    if (hit !== undefined) return hit;
    const text2 = expandOnce(text, data);
    if (cacheable) {
      if (!perLabels) results.set(data.labels, (perLabels = new Map()));
      // Values drift: keep the memo small.
      if (perLabels.size > 64) perLabels.clear();
      perLabels.set(memoKey, text2);
    }
    return text2;
  };

  function expandOnce(text: string, data: { readonly labels: Labels; readonly value: number; readonly timeMs: number }): string {
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
  }
}
