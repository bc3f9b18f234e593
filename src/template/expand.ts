// Prometheus's alert-template expansion (rules/alerting.go + template.go's
// Expander): the text runs with `$labels`, `$externalLabels`, `$externalURL`
// and `$value` declared and the alert data as dot, in missingkey=zero mode.
// Prometheus declares the variables by prepending
//   {{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}
// to the text; we declare them directly instead, which behaves the same and
// keeps every diagnostic position relative to the user's text.

import type { Diagnostic } from '../diagnostics.js';
import { executeTemplate, type ExecOptions, type ExecResult } from './exec.js';
import type { QueryFunction } from './function-types.js';
import { ALERT_TEMPLATE_VARIABLES, parseTemplate } from './parser.js';
import { GoMap, GoStruct } from './values.js';

export interface AlertTemplateInput {
  readonly labels: Readonly<Record<string, string>>;
  readonly externalLabels?: Readonly<Record<string, string>>;
  readonly externalURL?: string;
  readonly value: number;
}

export interface ExpandOptions {
  readonly functions?: ReadonlySet<string>;
  readonly query?: QueryFunction;
  readonly now?: number | Date;
}

/** The data Prometheus passes as dot (template.AlertTemplateData). */
export function alertTemplateData(input: AlertTemplateInput): GoStruct {
  return new GoStruct(
    'struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value interface {} }',
    {
      Labels: GoMap.ofStrings(input.labels),
      ExternalLabels: GoMap.ofStrings(input.externalLabels ?? {}),
      ExternalURL: input.externalURL ?? '',
      Value: input.value,
    },
    false,
    { Value: 'interface {}' },
  );
}

/** Parses and runs an alert label/annotation template as Prometheus does. */
export function expandAlertTemplate(text: string, input: AlertTemplateInput, options: ExpandOptions = {}): ExecResult {
  const parsed = parseTemplate(text, { ...(options.functions ? { functions: options.functions } : {}), variables: ALERT_TEMPLATE_VARIABLES });
  if (!parsed.ast) return { ok: false, error: parsed.diagnostics[0] as Diagnostic };
  const data = alertTemplateData(input);
  const execOptions: ExecOptions = {
    ...(options.functions ? { functions: options.functions } : {}),
    ...(options.query ? { query: options.query } : {}),
    ...(options.now !== undefined ? { now: options.now } : {}),
    externalURL: input.externalURL ?? '',
    missingKey: 'zero',
    variables: {
      $labels: data.fields['Labels'],
      $externalLabels: data.fields['ExternalLabels'],
      $externalURL: data.fields['ExternalURL'],
      $value: data.fields['Value'],
    },
  };
  return executeTemplate(parsed.ast, data, execOptions);
}

/** What Prometheus stores in the annotation when expansion fails. */
export function prometheusExpansionText(result: ExecResult): string {
  return result.ok ? result.text : `<error expanding template: ${result.error.message}>`;
}
