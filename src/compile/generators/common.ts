// Pieces every generator uses: PromQL text for selectors and groupings built
// from validated values, exact number formatting, and the expansion of a
// thresholds table into per-row variants of a rule.
import type { LabelMatcher } from '../../promql/ast.js';
import { formatDuration } from '../../promql/literals.js';
import { parseExpr } from '../../promql/parse.js';
import { formatGoFloatV, printExpr, printLabelList, printMatchers } from '../../promql/printer.js';
import { formatDecimal, type Rational } from '../decimal.js';
import { injectSelector } from '../inject.js';
import type { SelectorMatcher } from '../params.js';
import type { ThresholdRow, ThresholdsTable } from '../thresholds.js';

export const num = (r: Rational): string => formatDecimal(r);
export const dur = (ms: number): string => formatDuration(ms);

/** `metric{matchers}` (just `metric` without matchers). */
export function selectorText(metric: string, matchers: readonly SelectorMatcher[]): string {
  return matchers.length === 0 ? metric : metric + printMatchers(matchers);
}

/** `sum by (a, b) ` / `sum ` — the aggregation head for a grouping list. */
export function aggregation(op: string, by: readonly string[]): string {
  return by.length === 0 ? `${op} ` : `${op} by (${printLabelList(by)}) `;
}

/**
 * A regex matching every spelling of a bucket boundary `le` may have:
 * client_golang writes Go's shortest 'g' form (`1`, `0.5`, `1e-05`); Prometheus
 * 3 normalises classic-histogram `le` on ingestion to the OpenMetrics float
 * form, which adds `.0` to integers (`1.0`); other clients write trailing
 * zeros (`0.50`). Data written before and after an upgrade both match.
 */
export function leRegex(boundary: Rational): string {
  const plain = formatDecimal(boundary); // exact decimal, no exponent
  const esc = (s: string): string => s.replace(/[.+]/g, (c) => `\\${c}`);
  const forms = new Set<string>();
  forms.add(plain.includes('.') ? `${esc(plain)}0*` : `${esc(plain)}(\\.0*)?`);
  // Large and tiny boundaries are written with an exponent (`1e+06`, `5e-05`) by both.
  const g = formatGoFloatV(Number(plain));
  if (g !== plain) forms.add(esc(g));
  return [...forms].join('|');
}

/** Re-prints an expression with extra matchers on every selector. */
export function restrict(exprText: string, matchers: readonly SelectorMatcher[]): string {
  const parsed = parseExpr(exprText);
  if (!parsed.expr) return exprText; // reported when the rule is parsed
  return printExpr(injectSelector(parsed.expr, { matchers }));
}

export function rowMatchers(row: ThresholdRow): SelectorMatcher[] {
  return row.labels.map(([name, value]) => ({ name, op: '=' as LabelMatcher['op'], value }));
}

/** Prometheus regex-escaping of a literal value (RE2 syntax). */
export function regexEscape(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, (c) => `\\${c}`);
}

export interface Variant {
  /** Matchers selecting this variant's series (a row's labels). */
  readonly restrictTo: readonly SelectorMatcher[];
  /** For the default row: an `unless on(...)` clause removing the rows' series. */
  readonly exclude?: (exprText: string) => string;
  readonly row?: ThresholdRow;
}

/**
 * One variant per table row plus one for the default (when present); without
 * a table, a single unrestricted variant. The default variant excludes the
 * rows' series: by a negative regex when the table is keyed on one label,
 * else with `unless on(key) (group by (key) (<population of row 1>) or ...)`,
 * `population` being the series the rule is about (the gauge, the query).
 */
export function tableVariants(table: ThresholdsTable | undefined, population: string): Variant[] {
  if (!table) return [{ restrictTo: [] }];
  const variants: Variant[] = table.rows.map((row) => ({ restrictTo: rowMatchers(row), row }));
  const def = table.defaultRow;
  if (def) {
    const [only] = table.key;
    if (table.key.length === 1 && only !== undefined) {
      const values = table.rows.map((r) => r.labels[0]?.[1] ?? '');
      variants.push({ restrictTo: values.length ? [{ name: only, op: '!~', value: values.map(regexEscape).join('|') }] : [], row: def });
    } else {
      variants.push({
        restrictTo: [],
        row: def,
        exclude: (exprText) =>
          table.rows.length === 0
            ? exprText
            : `(${exprText}) unless on (${printLabelList(table.key)}) (${table.rows
                .map((r) => `group by (${printLabelList(table.key)}) (${restrict(population, rowMatchers(r))})`)
                .join(' or ')})`,
      });
    }
  }
  return variants;
}

/** Applies a variant to an expression text. */
export function applyVariant(v: Variant, exprText: string): string {
  const restricted = v.restrictTo.length ? restrict(exprText, v.restrictTo) : exprText;
  return v.exclude ? v.exclude(restricted) : restricted;
}

/** Ordered labels: the generator's own first, then the user's (which win on conflict). */
export function mergeLabels(own: readonly (readonly [string, string])[], user: readonly (readonly [string, string])[]): [string, string][] {
  const out = new Map<string, string>(own.map(([k, v]) => [k, v]));
  for (const [k, v] of user) out.set(k, v);
  return [...out.entries()];
}

export function annotationsOf(parts: { summary?: string | undefined; description?: string | undefined; runbook_url?: string | undefined }): [string, string][] {
  const out: [string, string][] = [];
  if (parts.summary) out.push(['summary', parts.summary]);
  if (parts.description) out.push(['description', parts.description]);
  if (parts.runbook_url) out.push(['runbook_url', parts.runbook_url]);
  return out;
}
