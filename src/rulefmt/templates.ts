// Template syntax checks for alert labels and annotations, as Prometheus's
// testTemplateParsing does: each value is parsed as a Go text/template with
// the variables Prometheus declares first ($labels, $externalLabels,
// $externalURL, $value) and Prometheus's template functions. A small adapter
// over src/template/parser.ts, so rulefmt depends only on TemplateChecker.
import type { Diagnostic } from '../diagnostics.js';
import { ALERT_TEMPLATE_VARIABLES, parseTemplate } from '../template/parser.js';
import type { TemplateChecker } from './validate.js';
import { TEMPLATE_FUNCTION_NAMES } from '../template/functions.js';
import { templateFunctionUnavailability } from '../version/differences.js';
import type { PrometheusVersion } from '../version/version.js';

/**
 * The default checker. Messages read like Prometheus's
 * (`template: __alert_<name>:<line>: <error>`); `pos` stays relative to the
 * value, so the caller maps it into the file.
 */
export function prometheusTemplateChecker(version?: PrometheusVersion): TemplateChecker {
  // Functions added after `version` (toDuration, now, urlQueryEscape, ...) are not defined there.
  const functions = version ? new Set([...TEMPLATE_FUNCTION_NAMES].filter((f) => !templateFunctionUnavailability(version, f))) : undefined;
  return (text: string, alertName: string): Diagnostic[] => {
    // Fast path: no action delimiters, nothing for the parser to find.
    if (!text.includes('{{')) return [];
    const { diagnostics } = parseTemplate(text, { variables: ALERT_TEMPLATE_VARIABLES, ...(functions ? { functions } : {}) });
    return diagnostics.map((d) => {
      // Prometheus prepends its variable definitions on the same line, so line numbers match the value's.
      const line = 1 + countNewlines(text, d.pos.start);
      return { ...d, message: `template: __alert_${alertName}:${line}: ${d.message}` };
    });
  };
}

function countNewlines(text: string, end: number): number {
  let n = 0;
  for (let i = 0; i < end && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}
